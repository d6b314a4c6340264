"""annalist from Python: timexes, entities, quotes and PLOVER/CAMEO events of news dispatches.

    >>> import annalist
    >>> doc = annalist.analyze("MOSCOW, January 14. /TASS/. ...", date="2022-01-14")
    >>> for event in doc["events"]: ...
    >>> docs = annalist.analyze_many(texts, threads=2)       # an iterator, input order
    >>> events = annalist.to_pandas(docs, table="events")    # needs pandas
    >>> for rows in annalist.export_rows(open("news.jsonl")): ...  # the export's rows

A document is the structure ``annalist analyze --format json`` prints (docs/output.md):
dicts, lists, strings and numbers. Entities, events and quotes refer to each other by
document-local ids (``e1``, ``v1``); ``to_pandas`` resolves them into flat rows.

Spans are ``[start, end]`` **UTF-8 byte offsets** into ``doc["text"]``, as in the CLI's
JSON. On ASCII text they equal Python's string indices; on other text they do not.
``span_text(doc, span)`` gives the text a span covers, ``char_span(doc, span)`` the
``(start, end)`` pair that indexes the Python string (``doc["text"][start:end]``).

``export_rows`` is ``annalist analyze --format rows``: JSON Lines records read as the CLI
reads them, each returned as its rows of the flat tables of ``annalist export``
(docs/tables.md: the same columns and values, but for the store's ingest time and fused
event ids), for a job that writes those tables a document at a time (Spark:
scripts/spark/).

The analyzer (the language model, gazetteers and lexicons) is built once per process, on
the first call or by ``load()``, and shared by every call and thread. ``analyze`` and
``analyze_many`` release the GIL while they analyse.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Any, Iterable, Mapping, Sequence

from ._annalist import (
    SCHEMA_VERSION,
    AnalyzeMany,
    __version__,
    analyze,
    analyze_many,
    export_rows,
    load,
)

__all__ = [
    "SCHEMA_VERSION",
    "AnalyzeMany",
    "TABLES",
    "__version__",
    "analyze",
    "analyze_many",
    "char_span",
    "export_rows",
    "load",
    "span_text",
    "to_pandas",
]


def span_text(doc: Mapping[str, Any], span: Sequence[int]) -> str:
    """The text that a span (UTF-8 byte offsets) of ``doc`` covers."""
    start, end = span
    return doc["text"].encode("utf-8")[start:end].decode("utf-8")


class _Offsets:
    """Converts a text's UTF-8 byte offsets into Python string (code point) indices."""

    def __init__(self, text: str) -> None:
        # None on ASCII text, where the two agree; else the byte offset of every
        # character, and of the end.
        self._starts = (
            None
            if text.isascii()
            else list(accumulate((len(c.encode("utf-8")) for c in text), initial=0))
        )

    def char(self, offset: int) -> int:
        if self._starts is None:
            return offset
        return bisect_left(self._starts, offset)

    def span(self, span: Sequence[int] | None) -> tuple[int | None, int | None]:
        if span is None:
            return None, None
        return self.char(span[0]), self.char(span[1])


def char_span(doc: Mapping[str, Any], span: Sequence[int]) -> tuple[int, int]:
    """A span's ``(start, end)`` as Python string indices: ``doc["text"][start:end]``.

    Converting many spans of one document? ``to_pandas`` gives character offsets as
    columns (``char_start``, ``char_end``) for every row.
    """
    start, end = _Offsets(doc["text"]).span(span)
    return start, end  # type: ignore[return-value]


# The columns of each table, in order: the README and tests/test_tables.py describe them.
_DOC_COLUMNS = ["doc_id", "external_id"]
TABLES: dict[str, list[str]] = {
    "documents": _DOC_COLUMNS
    + [
        "source",
        "url",
        "title",
        "dct",
        "agency",
        "dateline",
        "language",
        "supported",
        "bytes",
        "sentences",
        "timexes",
        "entities",
        "quotes",
        "events",
    ],
    "events": _DOC_COLUMNS
    + [
        "event_id",
        "type",
        "mode",
        "cameo",
        "actor",
        "actor_code",
        "recipient",
        "recipient_code",
        "actors",
        "actor_codes",
        "recipients",
        "recipient_codes",
        "place",
        "place_country",
        "date",
        "date_source",
        "confidence",
        "modality",
        "negated",
        "goldstein",
        "quad_class",
        "trigger",
        "quote",
        "start",
        "end",
        "char_start",
        "char_end",
        "mentions",
        "dct",
    ],
    "entities": _DOC_COLUMNS
    + [
        "entity_id",
        "name",
        "kind",
        "code",
        "codes",
        "role",
        "country",
        "lat",
        "lon",
        "geonames_id",
        "mentions",
        "text",
        "start",
        "end",
        "char_start",
        "char_end",
    ],
    "quotes": _DOC_COLUMNS
    + [
        "quote",
        "kind",
        "text",
        "speaker",
        "speaker_id",
        "speaker_code",
        "addressee",
        "addressee_id",
        "cue",
        "start",
        "end",
        "char_start",
        "char_end",
    ],
    "timexes": _DOC_COLUMNS
    + [
        "text",
        "type",
        "value",
        "mod",
        "quant",
        "freq",
        "resolved",
        "start",
        "end",
        "char_start",
        "char_end",
    ],
}


def _codes(entities: Sequence[Mapping[str, Any] | None]) -> list[str]:
    """Every code of these entities, in order, without repeats."""
    out: list[str] = []
    for entity in entities:
        for code in (entity or {}).get("codes", []):
            if code not in out:
                out.append(code)
    return out


def _first_code(entity: Mapping[str, Any] | None) -> str | None:
    codes = (entity or {}).get("codes") or []
    return codes[0] if codes else None


def _name(entity: Mapping[str, Any] | None, fallback: str | None = None) -> str | None:
    return entity["canonical"] if entity else fallback


def _span_columns(offsets: _Offsets, span: Sequence[int] | None) -> dict[str, int | None]:
    char_start, char_end = offsets.span(span)
    return {
        "start": span[0] if span else None,
        "end": span[1] if span else None,
        "char_start": char_start,
        "char_end": char_end,
    }


def _event_rows(doc: Mapping[str, Any], by_id: Mapping[str, Any], offsets: _Offsets):
    for event in doc.get("events", []):
        actors = [by_id.get(i) for i in event.get("actor", [])]
        recipients = [by_id.get(i) for i in event.get("recipient", [])]
        place = by_id.get(event["place"]) if event.get("place") else None
        mentions = event.get("mentions", [])
        first = mentions[0] if mentions else None
        yield {
            "event_id": event["id"],
            "type": event["type"],
            "mode": event.get("mode"),
            "cameo": event["cameo"],
            "actor": _name(actors[0], event["actor"][0]) if actors else None,
            "actor_code": _first_code(actors[0]) if actors else None,
            "recipient": _name(recipients[0], event["recipient"][0]) if recipients else None,
            "recipient_code": _first_code(recipients[0]) if recipients else None,
            "actors": [_name(e, i) for e, i in zip(actors, event.get("actor", []))],
            "actor_codes": _codes(actors),
            "recipients": [_name(e, i) for e, i in zip(recipients, event.get("recipient", []))],
            "recipient_codes": _codes(recipients),
            "place": _name(place),
            "place_country": (place or {}).get("country"),
            "date": event.get("date"),
            "date_source": event.get("date_source"),
            "confidence": event.get("confidence"),
            "modality": event.get("modality"),
            "negated": event.get("negated"),
            "goldstein": event.get("goldstein"),
            "quad_class": event.get("quad_class"),
            "trigger": first["trigger"]["text"] if first else None,
            "quote": event.get("quote"),
            **_span_columns(offsets, first["span"] if first else None),
            "mentions": len(mentions),
            "dct": doc.get("dct"),
        }


def _entity_rows(doc: Mapping[str, Any], by_id: Mapping[str, Any], offsets: _Offsets):
    for entity in doc.get("entities", []):
        mentions = entity.get("mentions", [])
        first = mentions[0] if mentions else None
        geo = entity.get("geo") or {}
        yield {
            "entity_id": entity["id"],
            "name": entity["canonical"],
            "kind": entity["kind"],
            "code": _first_code(entity),
            "codes": list(entity.get("codes", [])),
            "role": entity.get("role"),
            "country": entity.get("country"),
            "lat": geo.get("lat"),
            "lon": geo.get("lon"),
            "geonames_id": geo.get("geonames_id"),
            "mentions": len(mentions),
            "text": first["text"] if first else None,
            **_span_columns(offsets, first["span"] if first else None),
        }


def _party(party: Mapping[str, Any] | None, by_id: Mapping[str, Any]):
    """A speaker or addressee: (name, entity id, first code)."""
    if not party:
        return None, None, None
    entity = by_id.get(party["entity"]) if party.get("entity") else None
    return _name(entity, party.get("text")), party.get("entity"), _first_code(entity)


def _quote_rows(doc: Mapping[str, Any], by_id: Mapping[str, Any], offsets: _Offsets):
    for index, quote in enumerate(doc.get("quotes", [])):
        speaker, speaker_id, speaker_code = _party(quote.get("speaker"), by_id)
        addressee, addressee_id, _ = _party(quote.get("addressee"), by_id)
        yield {
            "quote": index,
            "kind": quote["kind"],
            "text": quote["text"],
            "speaker": speaker,
            "speaker_id": speaker_id,
            "speaker_code": speaker_code,
            "addressee": addressee,
            "addressee_id": addressee_id,
            "cue": (quote.get("cue") or {}).get("text"),
            **_span_columns(offsets, quote["span"]),
        }


def _timex_rows(doc: Mapping[str, Any], by_id: Mapping[str, Any], offsets: _Offsets):
    for timex in doc.get("timexes", []):
        yield {
            "text": timex["text"],
            "type": timex["type"],
            "value": timex["value"],
            "mod": timex.get("mod"),
            "quant": timex.get("quant"),
            "freq": timex.get("freq"),
            # The JSON leaves `resolved` out when it is true.
            "resolved": timex.get("resolved", True),
            **_span_columns(offsets, timex["span"]),
        }


def _document_rows(doc: Mapping[str, Any], by_id: Mapping[str, Any], offsets: _Offsets):
    yield {
        "source": doc.get("source"),
        "url": doc.get("url"),
        "title": doc.get("title"),
        "dct": doc.get("dct"),
        "agency": doc.get("agency"),
        "dateline": (doc.get("dateline") or {}).get("place"),
        "language": doc.get("language"),
        "supported": doc.get("supported"),
        "bytes": len(doc["text"].encode("utf-8")),
        **{layer: len(doc.get(layer, [])) for layer in
           ("sentences", "timexes", "entities", "quotes", "events")},
    }


_ROWS = {
    "documents": _document_rows,
    "events": _event_rows,
    "entities": _entity_rows,
    "quotes": _quote_rows,
    "timexes": _timex_rows,
}


def to_pandas(
    docs: Mapping[str, Any] | Iterable[Mapping[str, Any]], table: str = "events"
):
    """A flat table of analysed documents as a pandas DataFrame, one row per fact.

    ``docs`` is one document or an iterable of them (a list, or ``analyze_many``'s
    iterator, which this consumes). ``table`` is ``"events"``, ``"entities"``,
    ``"quotes"``, ``"timexes"`` or ``"documents"`` (one row per document: metadata and
    the number of facts of each kind); its columns are ``TABLES[table]``. Ids are
    resolved: an event row carries its actors' and recipients' names and codes (``actor``,
    ``actor_code`` for the first; ``actors``, ``actor_codes`` lists for all), a quote
    row its speaker's name. ``start``/``end`` are byte offsets into the document's text,
    ``char_start``/``char_end`` Python string indices (of the first mention, for events
    and entities). Every row carries ``doc_id`` and the caller's ``external_id``.
    """
    if table not in _ROWS:
        raise ValueError(
            f"table must be one of {', '.join(repr(t) for t in _ROWS)}, not {table!r}"
        )
    try:
        import pandas
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "annalist.to_pandas needs pandas, which is not installed: pip install pandas"
        ) from err
    if isinstance(docs, Mapping):
        docs = [docs]
    rows_of = _ROWS[table]
    rows = []
    for position, doc in enumerate(docs):
        if not isinstance(doc, Mapping) or "text" not in doc or "id" not in doc:
            raise TypeError(
                f"to_pandas: item {position} is not an analysed document "
                f"(a dict from annalist.analyze), but {type(doc).__name__}"
            )
        by_id = {entity["id"]: entity for entity in doc.get("entities", [])}
        offsets = _Offsets(doc["text"])
        head = {"doc_id": doc["id"], "external_id": doc.get("external_id")}
        for row in rows_of(doc, by_id, offsets):
            rows.append({**head, **row})
    return pandas.DataFrame(rows, columns=TABLES[table])
