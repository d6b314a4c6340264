"""annalist.export_rows: the rows of `annalist analyze --format rows`, records read as the
CLI reads JSON Lines, sources, errors."""

import json
import os
import subprocess

import pytest

import annalist

TABLES = ["documents", "events", "mentions", "quotes", "entities", "timexes"]


@pytest.fixture(scope="module")
def records(dispatches):
    # Written for these tests: a numeric id, a date only the JSON Lines reader reads, an
    # empty title, a record without a URL.
    return [
        json.dumps({"id": i + 1, "date": "March 14, 2017" if i % 2 else "2017/3/14",
                    "title": "" if i == 1 else f"Dispatch {i}",
                    **({"url": f"https://example.org/{i}"} if i != 2 else {}),
                    "text": text}, ensure_ascii=False)
        for i, text in enumerate(dispatches)
    ]


def test_rows_are_the_documents_tables(records):
    out = list(annalist.export_rows(records, threads=2, batch=2))
    assert len(out) == len(records)
    for n, (rows, record) in enumerate(zip(out, records), start=1):
        assert list(rows["tables"]) == TABLES
        assert rows["source"] == f"<python>:{n}"
        (document,) = rows["tables"]["documents"]
        assert document["doc_id"] == rows["doc_id"]
        assert document["external_id"] == str(n)  # a number, written out as the CLI does
        assert document["dct"] == "2017-03-14" or document["agency"] == "TASS"
        assert document["ingested_at"].endswith("Z")
        # The rows agree with the analysed document.
        # (analyze_many takes only str ids and ISO-like dates: the same values here.)
        item = {**json.loads(record), "id": str(n), "date": "2017-03-14"}
        doc = next(annalist.analyze_many([item]))
        assert document["events"] == len(doc["events"]) == len(rows["tables"]["events"])
        assert [e["event_id"] for e in rows["tables"]["events"]] == [e["id"] for e in doc["events"]]
        assert all(e["fused_event_id"] is None for e in rows["tables"]["events"])
        assert len(rows["tables"]["mentions"]) == sum(len(e["mentions"]) for e in doc["entities"])
        assert len(rows["event_parties"]) == len(doc["events"])
    assert out[1]["tables"]["documents"][0]["title"] is None  # an empty title is none
    assert sum(len(r["tables"]["events"]) for r in out) > 0
    # Non-ASCII text: character offsets differ from byte offsets somewhere.
    assert any(m["char_start"] != m["start"] for r in out for m in r["tables"]["mentions"])


def test_lines_bytes_dicts_and_json_give_the_same_rows(records):
    def strip(rows):
        rows = json.loads(rows) if isinstance(rows, str) else rows
        rows["tables"]["documents"][0].pop("ingested_at")
        return rows

    as_str = [strip(r) for r in annalist.export_rows(records)]
    as_bytes = [strip(r) for r in annalist.export_rows([r.encode() + b"\n" for r in records])]
    as_dicts = [strip(r) for r in annalist.export_rows([json.loads(r) for r in records])]
    as_json = [strip(r) for r in annalist.export_rows(records, as_json=True)]
    assert as_str == as_bytes == as_dicts == as_json


def test_the_source_field_names_the_source_and_makes_the_id(records):
    tagged = []
    for n, r in enumerate(records):
        d = json.loads(r)
        d["_src"] = f"corpus.jsonl:{n + 7}"
        tagged.append(json.dumps(d))
    out = list(annalist.export_rows(tagged, source_field="_src"))
    assert [r["source"] for r in out] == [f"corpus.jsonl:{n + 7}" for n in range(len(records))]
    plain = list(annalist.export_rows(records))
    # The record without a URL takes its id from its source; the others from the URL.
    assert out[2]["doc_id"] != plain[2]["doc_id"]
    assert [r["doc_id"] for i, r in enumerate(out) if i != 2] == [
        r["doc_id"] for i, r in enumerate(plain) if i != 2
    ]
    with pytest.raises(ValueError, match="item 0.*_src"):
        list(annalist.export_rows(records, source_field="_src"))


def test_bad_records_raise_or_are_skipped(records):
    bad = [records[0], "{not json", "[1, 2]", '{"id": "x"}', records[1]]
    with pytest.raises(ValueError, match="export_rows: item 1: malformed JSON"):
        list(annalist.export_rows(bad))
    kept = list(annalist.export_rows(bad, skip_errors=True))
    assert [r["source"] for r in kept] == ["<python>:1", "<python>:5"]
    with pytest.raises(TypeError, match="iterable of records"):
        annalist.export_rows(records[0])
    with pytest.raises(TypeError, match="JSON Lines record"):
        list(annalist.export_rows([42]))
    with pytest.raises(ValueError, match="batch"):
        annalist.export_rows(records, batch=0)


@pytest.mark.skipif(not os.environ.get("ANNALIST_CLI"), reason="ANNALIST_CLI (the release binary) not set")
def test_rows_equal_the_cli_rows(records, tmp_path):
    path = tmp_path / "written.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    cli = subprocess.run(
        [os.environ["ANNALIST_CLI"], "analyze", "--format", "rows", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout.splitlines()
    tagged = []
    for n, r in enumerate(records, start=1):
        d = json.loads(r)
        d["_src"] = f"{path}:{n}"
        tagged.append(json.dumps(d, ensure_ascii=False))
    mine = list(annalist.export_rows(tagged, source_field="_src"))
    theirs = [json.loads(line) for line in cli]
    for rows in mine + theirs:
        rows["tables"]["documents"][0].pop("ingested_at")
    assert mine == theirs
