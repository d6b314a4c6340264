"""annalist.analyze_many: streaming, order, threads, records, errors."""

import pytest

import annalist


def test_order_is_kept_whatever_the_threads_and_batch(many_texts):
    expected = [annalist.analyze(t, date="2022-04-01") for t in many_texts]
    for threads, batch in [(1, 256), (2, 3), (2, 1), (None, 5)]:
        got = list(annalist.analyze_many(many_texts, threads=threads, batch=batch,
                                         date="2022-04-01"))
        assert got == expected, (threads, batch)
    assert [d["text"] for d in got] == many_texts


def test_items_may_be_records_with_metadata(many_texts):
    records = [{"id": str(i), "date": "2022/4/1", "text": t, "lang": "en"}
               for i, t in enumerate(many_texts)]
    docs = list(annalist.analyze_many(records, threads=2))
    assert [d["external_id"] for d in docs] == [str(i) for i in range(len(many_texts))]
    assert {d["dct"] for d in docs} == {f"2022-04-{d:02}" for d in range(1, len(many_texts) + 1)}
    # A record's own date wins over the fallback.
    doc = next(annalist.analyze_many([{"text": many_texts[0], "date": "2021-04-01"}],
                                     date="2022-04-01"))
    assert doc["dct"] == "2021-04-01"


def test_it_streams_a_batch_at_a_time(many_texts):
    pulled = []

    def lazy():
        for text in many_texts:
            pulled.append(text)
            yield text

    docs = annalist.analyze_many(lazy(), threads=2, batch=4)
    assert pulled == []  # nothing read before the first document is asked for
    first = next(docs)
    assert first["text"] == many_texts[0]
    assert len(pulled) == 4
    assert len(list(docs)) == len(many_texts) - 1
    assert list(docs) == []


def test_a_bad_item_is_raised_after_the_documents_before_it(many_texts):
    docs = annalist.analyze_many([many_texts[0], many_texts[1], 3, many_texts[2]], batch=10)
    assert next(docs)["text"] == many_texts[0]
    assert next(docs)["text"] == many_texts[1]
    with pytest.raises(TypeError, match="item 2 must be a str or a dict"):
        next(docs)
    assert list(docs) == []


def test_an_exception_of_the_callers_iterator_comes_through(many_texts):
    def failing():
        yield many_texts[0]
        raise KeyError("upstream")

    docs = annalist.analyze_many(failing())
    assert next(docs)["text"] == many_texts[0]
    with pytest.raises(KeyError, match="upstream"):
        next(docs)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: annalist.analyze_many("one text"), TypeError, "not a single str"),
        (lambda: annalist.analyze_many(5), TypeError, "iterable of texts or dicts, not int"),
        (lambda: annalist.analyze_many([], threads=0), ValueError, "threads must be at least 1"),
        (lambda: annalist.analyze_many([], threads=-2), ValueError, "threads must be at least 1, not -2"),
        (lambda: annalist.analyze_many([], threads="2"), TypeError, "str"),
        (lambda: annalist.analyze_many([], batch=0), ValueError, "batch must be between"),
        (lambda: annalist.analyze_many([], date="yesterday"), ValueError, "not a date"),
        (lambda: next(annalist.analyze_many([{"title": "t"}])), ValueError, "without a 'text'"),
        (lambda: next(annalist.analyze_many([{"text": "t", "date": "2022-02-30"}])),
         ValueError, "item 0: 'date'"),
        (lambda: next(annalist.analyze_many([{"text": b"t"}])), TypeError, "'text' must be a str"),
    ],
)
def test_bad_input_raises_an_error_naming_the_problem(call, error, words):
    with pytest.raises(error, match=words):
        call()
