"""annalist on Apache Spark: a corpus analysed a record at a time on the executors, the
flat tables of `annalist export` written as partitioned Parquet, and the events fused
across documents as the store fuses them.

    spark-submit scripts/spark/annalist_spark.py --mode pipe --binary ./annalist \\
        --out out/ corpus/*.jsonl

Two ways of running annalist on the executors (``--mode``):

- ``python``: the Python package (``pip install`` its wheel on every executor) in
  ``mapPartitions``: ``annalist.export_rows`` analyses a partition's records in the
  Python worker, the analysis itself in Rust with the GIL released;
- ``pipe``: the release binary (``--binary``, shipped with ``--files``) through
  ``RDD.pipe``: each partition's records go to ``annalist analyze --format rows
  --source-field _annalist_source -`` on its standard input.

Both give the same line per document (crates/export/src/rows_json.rs): its rows of every
flat table and its events' parties. Each record carries the source the CLI would give it
(``FILE:LINE``), so documents have the ids and sources of ``annalist ingest FILE``; a
document read twice (same URL or source and text) is kept once, the first in input
order, as the store keeps it.

Then, from those lines:

1. **tables**: ``OUT/tables/TABLE/dct_month=YYYY-MM/part-*.parquet`` for the six tables of
   docs/tables.md, the same columns and types as ``annalist export --format parquet``
   (``dct_month`` is the partition directory, from the document's dispatch date);
2. **fusion**: a Spark stage with the store's rule (crates/store/src/fuse.rs): every event
   mention gets at most one link key ``p|party|party|day``, so a fused event is the group
   of mentions sharing a key (or a mention alone), its id the ``DOCID-IDX`` of its
   smallest mention, its summary (type, CAMEO code, date, place, parties, counts) that
   of ``annalist events``; ``OUT/fused_events/`` holds them and ``events.fused_event_id``
   is filled from them.

``--whole-files`` (pipe mode only) sends each input *file* to the binary instead of its
lines: any format the CLI reads (WARC, HTML, feeds, CSV, gzip), one task per file; the
files must be readable at the same path on every executor.

The job writes ``OUT/timing.json``: documents, seconds of the analysis stage and of the
whole job.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
import time
from pathlib import Path

SOURCE_FIELD = "_annalist_source"
TABLES = ["documents", "events", "mentions", "quotes", "entities", "timexes"]
_HERE = Path(__file__).resolve().parent
TABLES_MD = _HERE.parent.parent / "docs" / "tables.md"

# The columns that identify a row of each table (docs/tables.md).
TABLE_KEYS = {
    "documents": ["doc_id"],
    "events": ["doc_id", "event_id"],
    "mentions": ["doc_id", "entity_id", "mention"],
    "quotes": ["doc_id", "quote"],
    "entities": ["doc_id", "entity_id"],
    "timexes": ["doc_id", "timex"],
}



# --- the tables' columns, from docs/tables.md (a Rust test keeps it equal to the code) ---


def table_columns(path: Path = TABLES_MD) -> dict[str, list[tuple[str, str, bool]]]:
    """``{table: [(column, type, nullable), ...]}`` as docs/tables.md documents them."""
    tables: dict[str, list[tuple[str, str, bool]]] = {}
    current = None
    row = re.compile(r"^\| `([a-z_]+)` \| (string|int64|float64|bool|date|timestamp)( \(never null\))? \|")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            name = line[3:].strip()
            current = name if name in TABLES else None
            if current:
                tables[current] = []
            continue
        m = row.match(line)
        if current and m:
            tables[current].append((m.group(1), m.group(2), m.group(3) is None))
    missing = [t for t in TABLES if not tables.get(t)]
    if missing:
        raise SystemExit(f"{path}: no columns for {missing}")
    return tables


# --- records: the source the CLI gives each line --------------------------------------


def with_source(line: str, source: str) -> str:
    """The record with its source added as a last field (the last of a repeated key
    wins in both serde_json and Python's json). Its other fields stay byte for byte."""
    stripped = line.rstrip()
    if stripped.endswith("}") and stripped[:-1].rstrip() != "{":
        return f"{stripped[:-1]},{json.dumps(SOURCE_FIELD)}:{json.dumps(source, ensure_ascii=False)}}}"
    # `{}` or not an object: the reader reports it, as `annalist ingest` would.
    return stripped


def records(sc, inputs: list[str], partitions: int | None):
    """``(order, line with its source)`` of every non-blank line of the JSON Lines files
    ``inputs``; ``order`` is ``(file index, line number)``."""
    rdds = []
    for index, path in enumerate(inputs):
        uri = path if re.match(r"^[a-z][a-z0-9+.-]*://", path) else "file://" + os.path.abspath(path)
        lines = sc.textFile(uri, minPartitions=partitions) if partitions else sc.textFile(uri)

        def tag(pair, index=index, path=path):
            line, n = pair
            number = n + 1
            if number == 1 and line.startswith("\ufeff"):
                line = line[1:]
            return ((index, number), with_source(line, f"{path}:{number}"))

        rdds.append(
            lines.zipWithIndex()
            .filter(lambda pair: pair[0].strip(" \t\r\n\f\v") != "")
            .map(tag)
        )
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


# --- the two ways of running annalist ---------------------------------------------------


def rows_python(lines, threads: int):
    """mapPartitions: the Python package on the executor."""
    import annalist

    yield from annalist.export_rows(
        lines, threads=threads, source_field=SOURCE_FIELD, skip_errors=True, as_json=True
    )


def analyse(sc, args) -> "RDD[str]":
    """Rows lines (one per document, duplicates not yet dropped)."""
    env = {"RAYON_NUM_THREADS": str(args.threads)}
    if args.whole_files:
        if args.mode != "pipe":
            raise SystemExit("--whole-files needs --mode pipe (the package reads JSON Lines)")
        files = sc.parallelize(list(args.inputs), len(args.inputs))
        binary = args.binary
        return files.flatMap(lambda path: _whole_file(binary, path, env))
    tagged = records(sc, args.inputs, args.partitions).map(lambda pair: pair[1])
    if args.mode == "python":
        threads = args.threads
        return tagged.mapPartitions(lambda it: rows_python(it, threads))
    command = [args.binary, "analyze", "--format", "rows", "--source-field", SOURCE_FIELD, "-"]
    return tagged.pipe(shlex.join(command), env=env)


def _whole_file(binary: str, path: str, env: dict[str, str]):
    import subprocess

    run = subprocess.run(
        [binary, "analyze", "--format", "rows", path],
        stdout=subprocess.PIPE,
        env={**os.environ, **env},
        check=False,
    )
    yield from run.stdout.decode("utf-8").splitlines()


def _head(line: str) -> tuple[str, str]:
    """The document id and source at the start of a rows line, without parsing the rest
    (rows_json.rs writes them first; a line that does not start so is parsed whole)."""
    m = re.match(r'\{"doc_id":("(?:[^"\\]|\\.)*"),"external_id":(?:null|"(?:[^"\\]|\\.)*"),"source":("(?:[^"\\]|\\.)*")', line)
    if m:
        return json.loads(m.group(1)), json.loads(m.group(2))
    head = json.loads(line)
    return head["doc_id"], head["source"]


def first_of_duplicates(sc, rows, inputs: list[str]):
    """One line per document id: the first in input order, as ``annalist ingest`` keeps
    the first of documents that share an id (a record read twice, a file named twice).
    Only ids are shuffled to find the ids read more than once (a few per cent of a news
    corpus: they go to the driver); only those documents' lines are shuffled to keep
    the first of each. ``rows`` should be persisted. Returns the lines and the number of
    ids read more than once."""
    index: dict[str, int] = {}
    for i, path in enumerate(inputs):
        index.setdefault(path, i)
        index.setdefault(os.path.abspath(path), i)

    def order_of(source: str):
        path, _, number = source.rpartition(":")
        return (index.get(path, len(index)), int(number) if number.isdigit() else 0, source)

    repeated = (
        rows.map(lambda line: (_head(line)[0], 1))
        .reduceByKey(lambda a, b: a + b)
        .filter(lambda kv: kv[1] > 1)
        .keys()
        .collect()
    )
    if not repeated:
        return rows, 0
    ids = sc.broadcast(set(repeated))
    once = rows.filter(lambda line: _head(line)[0] not in ids.value)

    def keyed(line: str):
        doc_id, source = _head(line)
        return doc_id, (order_of(source), line)

    first = (
        rows.filter(lambda line: _head(line)[0] in ids.value)
        .map(keyed)
        .reduceByKey(min)
        .map(lambda kv: kv[1][1])
    )
    return once.union(first), len(repeated)


# --- fusion: crates/store/src/fuse.rs's rule as a Spark stage --------------------------
#
# Mirrors link_keys, party_key, fold, calendar_prefix and summary_of. check.py compares
# the result with the SQLite store's fused events, so a change of the rule there that
# is not made here fails the check.

_FOLD = {}
for _to, _from in {
    "a": "àáâãäåāăą", "c": "çćč", "d": "ďđ", "e": "èéêëēęě", "g": "ğ", "i": "ìíîïıī",
    "l": "ł", "n": "ñńň", "o": "òóôõöøōő", "r": "ř", "s": "śšş", "t": "ťţ",
    "u": "ùúûüūůű", "y": "ýÿ", "z": "źżž",
}.items():
    for _c in _from:
        _FOLD[_c] = _to


def fold(name: str) -> str:
    out: list[str] = []
    space = False
    for ch in "".join(c.lower() for c in name):  # char by char, as Rust's to_lowercase
        ch = _FOLD.get(ch, ch)
        if ch.isalnum():
            if space and out:
                out.append(" ")
            space = False
            out.append(ch)
        else:
            space = True
    return "".join(out)


def party_key(party: dict) -> str:
    country = (party.get("country") or "").strip()
    if len(country.encode()) == 3:
        return "c:" + country.upper()
    codes = party.get("codes") or []
    if codes and len(codes[0].strip().encode()) > 3:
        return "c:" + codes[0].strip().upper()
    return "n:" + fold(party["name"])


def _digits(text: str) -> bool:
    return text != "" and all("0" <= c <= "9" for c in text)


def calendar_prefix(value: str) -> str | None:
    digits = 0
    while digits < len(value) and "0" <= value[digits] <= "9":
        digits += 1
    if not 2 <= digits <= 4:
        return None
    if digits < 4:
        return value[:digits] if len(value) == digits else None
    end = 4

    def two_digits_at(at: int) -> bool:
        return value[at : at + 1] == "-" and len(value[at + 1 : at + 3]) == 2 and _digits(value[at + 1 : at + 3])

    if two_digits_at(end):
        end += 3
        if two_digits_at(end):
            end += 3
    return value[:end]


def mentions_of(line: str):
    """``(group, mention)`` for every event of one rows line: ``group`` its link key, or
    its own name when it has none."""
    doc = json.loads(line)
    document = doc["tables"]["documents"][0]
    dct = document["dct"]
    for idx, (event, parties) in enumerate(zip(doc["tables"]["events"], doc["event_parties"])):
        def keys_of(side):
            keys: list[str] = []
            for party in side:
                key = party_key(party)
                if key not in keys and len(keys) < 2:
                    keys.append(key)
            return keys

        actors, recipients = keys_of(parties["actor"]), keys_of(parties["recipient"])
        date = None if event["date_source"] == "dispatch" else event["date"]
        own = calendar_prefix(date) if date is not None else None
        own = own if own is not None and len(own) == 10 else None
        day = own if own is not None else dct
        placeable = not event["negated"] and event["modality"] in ("asserted", "historical")
        key = None
        if day is not None and placeable and actors:
            actor = actors[0]
            recipient = next((r for r in recipients if r != actor), None)
            if recipient is not None:
                first, second = sorted([actor, recipient])
                key = f"p|{first}|{second}|{day}"
        name = f"{doc['doc_id']}-{idx:06}"
        yield (key if key is not None else "solo|" + name), {
            "name": name,
            "doc_id": doc["doc_id"],
            "event_id": event["event_id"],
            "external_id": doc["external_id"],
            "type": event["type"],
            "cameo": event["cameo"],
            "place": event["place"],
            "actors": [(p["name"], p["codes"]) for p in parties["actor"]],
            "recipients": [(p["name"], p["codes"]) for p in parties["recipient"]],
            "agency": document["agency"],
            "url": document["url"],
            "source": document["source"],
            "day": day,
            "dated": own is not None,
        }


def _most(counts: dict[str, int]) -> str | None:
    """The most frequent value, ties to the smallest (fuse.rs's Tally)."""
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0].encode()))[0]


def _tally(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    return counts


def _source_name(m: dict) -> str:
    agency = (m["agency"] or "").strip()
    if agency:
        return agency.lower()
    url = m["url"]
    if url is not None:
        rest = url.split("://", 1)[1] if "://" in url else url
        host = re.split(r"[/?#]", rest, maxsplit=1)[0]
        host = host[4:] if host.startswith("www.") else host
        if host:
            return host.lower()
    return m["source"]


def summary(mentions: list[dict]) -> dict:
    """A fused event from all its mentions, as fuse.rs's summary_of makes it."""
    fid = min(m["name"] for m in mentions)
    own = _tally(m["day"] for m in mentions if m["dated"])
    date, dated = (_most(own), True) if own else (_most(_tally(m["day"] for m in mentions)), False)

    def ranked(side: str):
        names: dict[str, list] = {}
        for m in mentions:
            for name, codes in m[side]:
                entry = names.setdefault(name, [0, set()])
                entry[0] += 1
                entry[1].update(codes)
        order = sorted(names.items(), key=lambda kv: (-kv[1][0], kv[0].encode()))
        return [{"name": n, "codes": sorted(c, key=str.encode)} for n, (_, c) in order[:8]]

    return {
        "id": fid,
        "type": _most(_tally(m["type"] for m in mentions)) or "",
        "cameo": _most(_tally(m["cameo"] for m in mentions)) or "",
        "date": date,
        "dated": dated,
        "place": _most(_tally(m["place"] for m in mentions)),
        "actors": ranked("actors"),
        "recipients": ranked("recipients"),
        "mentions": len(mentions),
        "articles": len({m["doc_id"] for m in mentions}),
        "source_count": len({_source_name(m) for m in mentions}),
        "sources": sorted({m["external_id"] or m["doc_id"] for m in mentions}, key=str.encode),
        "members": sorted((m["doc_id"], m["event_id"]) for m in mentions),
    }


def fuse(lines):
    """Fused events (with their members) of the rows lines."""
    return lines.flatMap(mentions_of).groupByKey().map(lambda kv: summary(list(kv[1])))


# --- tables ----------------------------------------------------------------------------


def spark_types(columns):
    from pyspark.sql import types as T

    kinds = {
        "string": T.StringType(),
        "int64": T.LongType(),
        "float64": T.DoubleType(),
        "bool": T.BooleanType(),
        # Read as text, cast below: `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SSZ`.
        "date": T.StringType(),
        "timestamp": T.StringType(),
    }
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind, _ in columns])


def rows_schema(columns):
    from pyspark.sql import types as T

    return T.StructType(
        [
            T.StructField("doc_id", T.StringType()),
            T.StructField(
                "tables",
                T.StructType(
                    [T.StructField(t, T.ArrayType(spark_types(columns[t]))) for t in TABLES]
                ),
            ),
        ]
    )


def table_frame(parsed, table: str, columns):
    """One flat table, its columns typed as docs/tables.md says, plus ``dct_month``."""
    from pyspark.sql import functions as F

    docs = parsed.select(
        F.col("tables.documents")[0]["dct"].alias("_dct"),
        F.explode(F.col(f"tables.{table}")).alias("r"),
    )
    out = []
    for name, kind, _ in columns:
        c = F.col("r")[name]
        if kind == "date":
            c = F.to_date(c, "yyyy-MM-dd")
        elif kind == "timestamp":
            c = F.to_timestamp(c, "yyyy-MM-dd'T'HH:mm:ss'Z'")
        out.append(c.alias(name))
    out.append(F.coalesce(F.substring("_dct", 1, 7), F.lit("none")).alias("dct_month"))
    return docs.select(*out)


def run(spark, args) -> dict:
    """Runs the job in ``spark``; returns its figures."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    if __name__ != "__main__" and not getattr(sc, "_annalist_shipped", False):
        # Imported (check.py): the workers import this module for its functions.
        sc.addPyFile(str(Path(__file__).resolve()))
        sc._annalist_shipped = True
    columns = table_columns(Path(args.tables_md))
    out = Path(args.out)
    started = time.monotonic()
    analysed_rows = analyse(sc, args).persist(StorageLevel.MEMORY_AND_DISK)
    lines, repeated = first_of_duplicates(sc, analysed_rows, args.inputs)
    lines = lines.persist(StorageLevel.MEMORY_AND_DISK)
    documents = lines.count()
    if repeated:
        analysed_rows.unpersist()
    analysed = time.monotonic()

    fused = fuse(lines).persist(StorageLevel.MEMORY_AND_DISK)
    members = fused.flatMap(lambda f: [(d, e, f["id"]) for d, e in f["members"]])
    members_df = spark.createDataFrame(members, "doc_id string, event_id string, fused_event_id string")
    fused_json = fused.map(
        lambda f: json.dumps({k: v for k, v in f.items() if k != "members"}, ensure_ascii=False)
    )
    fused_schema = (
        "id string, type string, cameo string, date string, dated boolean, place string, "
        "actors array<struct<name:string,codes:array<string>>>, "
        "recipients array<struct<name:string,codes:array<string>>>, mentions long, "
        "articles long, source_count long, sources array<string>"
    )
    spark.read.schema(fused_schema).json(fused_json).write.mode("overwrite").parquet(
        str(out / "fused_events")
    )
    fused_count = fused.count()

    parsed = spark.read.schema(rows_schema(columns)).json(lines)
    parsed = parsed.persist(StorageLevel.MEMORY_AND_DISK)
    rows = {}
    for table in TABLES:
        frame = table_frame(parsed, table, columns[table])
        if table == "events":
            names = [c for c, _, _ in columns[table]] + ["dct_month"]
            frame = (
                frame.drop("fused_event_id")
                .join(members_df, ["doc_id", "event_id"], "left")
                .select(*names)
            )
        frame = frame.repartition("dct_month")
        frame.write.mode("overwrite").partitionBy("dct_month").parquet(str(out / "tables" / table))
        rows[table] = spark.read.parquet(str(out / "tables" / table)).count()
    finished = time.monotonic()
    parsed.unpersist()
    fused.unpersist()
    lines.unpersist()
    figures = {
        "mode": args.mode,
        "master": sc.master,
        "documents": documents,
        "ids_read_more_than_once": repeated,
        "fused_events": fused_count,
        "rows": rows,
        "analysis_seconds": round(analysed - started, 2),
        "job_seconds": round(finished - started, 2),
        "analysis_documents_per_second": round(documents / max(analysed - started, 1e-9), 1),
        "job_documents_per_second": round(documents / max(finished - started, 1e-9), 1),
    }
    (out / "timing.json").write_text(json.dumps(figures, indent=1) + "\n")
    return figures


def session(master: str | None, app: str = "annalist"):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    return (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.shuffle.partitions", os.environ.get("ANNALIST_SPARK_SHUFFLE", "8"))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="JSON Lines files (local paths or URIs: hdfs://, s3a://)")
    p.add_argument("--out", required=True, help="output folder (tables/, fused_events/, timing.json)")
    p.add_argument("--mode", choices=["python", "pipe"], default="pipe")
    p.add_argument("--binary", default="annalist", help="the annalist release binary (pipe mode)")
    p.add_argument("--threads", type=int, default=1, help="analysis threads per task (default 1: one task a core)")
    p.add_argument("--partitions", type=int, help="minimum input partitions (default: Spark's)")
    p.add_argument("--whole-files", action="store_true", help="pipe mode: each input file analysed whole by the binary (WARC, HTML, CSV, gzip ...)")
    p.add_argument("--master", help="Spark master (default: spark-submit's)")
    p.add_argument("--tables-md", default=str(TABLES_MD), help="docs/tables.md, the tables' columns")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    spark = session(args.master)
    try:
        figures = run(spark, args)
    finally:
        spark.stop()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
