"""annalist.analyze: the documented structure, spans, metadata, errors."""

import datetime
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

import annalist

TOP_LEVEL = {
    "schema", "id", "source", "title", "text", "dct", "dateline", "agency", "language",
    "supported", "paragraphs", "sentences", "timexes", "entities", "quotes", "events",
}


def test_analyze_returns_the_documented_structure(dispatches):
    doc = annalist.analyze(dispatches[0], date="2022-05-04", id="d1",
                           url="https://example.org/d1", title="Scholz")
    assert TOP_LEVEL <= set(doc)
    assert doc["schema"] == annalist.SCHEMA_VERSION
    assert doc["text"] == dispatches[0]
    assert doc["dct"] == "2022-05-04"
    assert doc["external_id"] == "d1"
    assert doc["url"] == "https://example.org/d1"
    assert doc["title"] == "Scholz"
    assert doc["agency"] == "TASS"
    names = {e["canonical"] for e in doc["entities"]}
    assert "Olaf Scholz" in names
    assert doc["events"], "a request to withdraw troops is an event"
    event = doc["events"][0]
    by_id = {e["id"]: e for e in doc["entities"]}
    assert all(a in by_id for a in event["actor"] + event["recipient"])
    assert 0.0 <= event["confidence"] <= 1.0


def test_dispatch_date_resolves_relative_dates(dispatches):
    doc = annalist.analyze(dispatches[3], date="2022-03-03")
    values = {t["text"]: t["value"] for t in doc["timexes"]}
    assert values["Tuesday"] == "2022-03-01"
    # Without a date anywhere the dateline has no year: relative dates stay unresolved.
    undated = annalist.analyze(dispatches[2])
    assert undated["dct"] is None
    assert any(t.get("resolved") is False for t in undated["timexes"])


def test_date_may_be_a_datetime_date(dispatches):
    as_text = annalist.analyze(dispatches[1], date="2022-06-09")
    as_date = annalist.analyze(dispatches[1], date=datetime.date(2022, 6, 9))
    assert as_text == as_date


def _all_spans(doc):
    """Every (span, text) pair in a document whose text is stored beside its span."""
    for entity in doc["entities"]:
        for mention in entity["mentions"]:
            yield mention["span"], mention["text"]
    for timex in doc["timexes"]:
        yield timex["span"], timex["text"]
    for quote in doc["quotes"]:
        if quote.get("cue"):
            yield quote["cue"]["span"], quote["cue"]["text"]
    for event in doc["events"]:
        for mention in event["mentions"]:
            yield mention["trigger"]["span"], mention["trigger"]["text"]


def test_spans_are_utf8_byte_offsets_and_the_helpers_slice_them(dispatches):
    for text in dispatches:
        doc = annalist.analyze(text, date="2022-05-04")
        encoded = text.encode("utf-8")
        for span, written in _all_spans(doc):
            assert encoded[span[0]:span[1]].decode("utf-8") == written
            assert annalist.span_text(doc, span) == written
            start, end = annalist.char_span(doc, span)
            assert text[start:end] == written


def test_byte_and_character_offsets_differ_after_non_ascii(dispatches):
    doc = annalist.analyze(dispatches[3], date="2022-03-03")
    lavrov = next(e for e in doc["entities"] if e["canonical"] == "Sergey Lavrov")
    span = lavrov["mentions"][0]["span"]
    # "Café" and "Zürich" come before: two bytes more than characters.
    assert annalist.char_span(doc, span) == (span[0] - 2, span[1] - 2)
    assert dispatches[3][slice(*annalist.char_span(doc, span))] == "Sergey Lavrov"


def test_analyze_is_deterministic_and_shared_across_python_threads(dispatches):
    expected = [annalist.analyze(t, date="2022-05-04") for t in dispatches]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: annalist.analyze(t, date="2022-05-04"), dispatches * 3))
    assert got == expected * 3


@pytest.mark.skipif(not os.environ.get("ANNALIST_CLI"), reason="set ANNALIST_CLI to the binary")
def test_same_json_as_the_cli(dispatches):
    """The package returns what `annalist analyze --format json` prints."""
    for text in dispatches:
        out = subprocess.run(
            [os.environ["ANNALIST_CLI"], "analyze", "--format", "json", "--dct", "2022-05-04", "-"],
            input=text.encode("utf-8"), capture_output=True, check=True,
        )
        cli = json.loads(out.stdout)
        assert annalist.analyze(cli["text"], date="2022-05-04", source="<stdin>") == cli


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: annalist.analyze(42), TypeError, "text must be a str, not int"),
        (lambda: annalist.analyze(b"MOSCOW"), TypeError, "decode"),
        (lambda: annalist.analyze(None), TypeError, "text must be a str"),
        (lambda: annalist.analyze("x", date="2022-13-01"), ValueError, "'2022-13-01' is not a date"),
        (lambda: annalist.analyze("x", date="14 January"), ValueError, "date"),
        (lambda: annalist.analyze("x", date=20220114), TypeError, "date must be a str"),
        (lambda: annalist.analyze("x", id=7), TypeError, "id must be a str or None"),
        (lambda: annalist.analyze("x", url=["u"]), TypeError, "url must be a str or None"),
        # A lone surrogate cannot be UTF-8: UnicodeEncodeError is a ValueError.
        (lambda: annalist.analyze("Lavrov \ud800 said"), ValueError, "surrogate"),
    ],
)
def test_bad_input_raises_an_error_naming_the_problem(call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(")):
        call()


def test_empty_and_odd_texts_are_analysed_not_rejected():
    assert annalist.analyze("")["entities"] == []
    doc = annalist.analyze("\u00e9\u00e9\u00e9 \U0001f600 \x00")
    assert doc["text"] == "\u00e9\u00e9\u00e9 \U0001f600 \x00"


def test_the_gil_is_released_while_analysing(many_texts):
    """Another Python thread keeps running during a long analyze() call."""
    import threading
    import time

    annalist.load()  # built with the GIL released too: not what is measured here
    text = " ".join(many_texts) * 40  # long enough to take a while to analyse
    ticks, stop = [], threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        start = time.perf_counter()
        annalist.analyze(text, date="2022-04-01")
        end = time.perf_counter()
    finally:
        stop.set()
        thread.join()
    during = [t for t in ticks if start <= t <= end]
    assert end - start > 0.05, "the text should take a noticeable time"
    # Holding the GIL, the ticker could not tick during the call (at most once, before
    # the analysis starts); released, it ticks every millisecond or so, fewer on a busy
    # machine, which is why the bar is low.
    assert len(during) >= 5, (len(during), end - start)
