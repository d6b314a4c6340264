"""annalist.to_pandas: the flat tables, names resolved."""

import sys

import pytest

import annalist

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def docs(dispatches):
    return [annalist.analyze(t, date="2022-05-04", id=f"d{i}")
            for i, t in enumerate(dispatches)]


@pytest.mark.parametrize("table", sorted(annalist.TABLES))
def test_every_table_has_its_documented_columns(docs, table):
    frame = annalist.to_pandas(docs, table=table)
    assert list(frame.columns) == annalist.TABLES[table]
    assert len(frame) > 0
    assert set(frame["external_id"]) <= {f"d{i}" for i in range(len(docs))}
    assert set(frame["doc_id"]) <= {d["id"] for d in docs}


def test_event_rows_carry_names_and_codes(docs):
    events = annalist.to_pandas(docs, table="events")
    count = sum(len(d["events"]) for d in docs)
    assert len(events) == count
    lavrov = events[events["actor"] == "Sergey Lavrov"]
    assert not lavrov.empty
    row = lavrov.iloc[0]
    assert row["actor_code"] == "RUSGOV"
    assert row["actor_codes"] == ["RUSGOV"]
    assert row["recipient"] is not None and row["recipient_code"] is not None
    assert row["type"] and row["cameo"]
    assert row["date_source"] in {"text", "dispatch"}
    assert 0.0 <= row["confidence"] <= 1.0
    assert row["modality"] == "asserted"
    text = next(d["text"] for d in docs if d["id"] == row["doc_id"])
    assert row["trigger"] in text[row["char_start"]:row["char_end"]]


def test_entity_quote_and_timex_rows_slice_their_text(docs):
    texts = {d["id"]: d["text"] for d in docs}
    entities = annalist.to_pandas(docs, table="entities")
    for _, row in entities.iterrows():
        assert texts[row["doc_id"]][row["char_start"]:row["char_end"]] == row["text"]
    assert "HUNGOV" in set(entities["code"])
    quotes = annalist.to_pandas(docs, table="quotes")
    for _, row in quotes.iterrows():
        assert texts[row["doc_id"]][row["char_start"]:row["char_end"]] == row["text"]
    assert "Sergey Lavrov" in set(quotes["speaker"])
    timexes = annalist.to_pandas(docs, table="timexes")
    for _, row in timexes.iterrows():
        assert texts[row["doc_id"]][row["char_start"]:row["char_end"]] == row["text"]
    assert timexes["resolved"].all()


def test_the_documents_table_has_one_row_a_document(docs):
    frame = annalist.to_pandas(docs, table="documents")
    assert list(frame["external_id"]) == [d["external_id"] for d in docs]
    assert list(frame["events"]) == [len(d["events"]) for d in docs]
    assert list(frame["bytes"]) == [len(d["text"].encode()) for d in docs]
    assert frame["dct"].notna().all() and (frame["language"] == "en").all()


def test_to_pandas_takes_one_document_or_the_stream(dispatches):
    one = annalist.analyze(dispatches[3], date="2022-03-03")
    assert len(annalist.to_pandas(one, table="events")) == len(one["events"])
    stream = annalist.analyze_many(dispatches, threads=2, date="2022-05-04")
    frame = annalist.to_pandas(stream, table="entities")
    assert frame["doc_id"].nunique() == len(dispatches)


def test_an_empty_input_gives_an_empty_table_with_the_columns():
    frame = annalist.to_pandas([], table="quotes")
    assert frame.empty and list(frame.columns) == annalist.TABLES["quotes"]


def test_bad_arguments_raise(docs):
    with pytest.raises(ValueError, match="table must be one of 'documents', 'events', .* not 'mentions'"):
        annalist.to_pandas(docs, table="mentions")
    with pytest.raises(TypeError, match="item 1 is not an analysed document"):
        annalist.to_pandas([docs[0], "text"], table="events")


def test_a_missing_pandas_is_a_clear_error(docs, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails
    with pytest.raises(ImportError, match="pip install pandas"):
        annalist.to_pandas(docs, table="events")
