"""Checks the Spark job against the single machine: the corpus analysed by
``annalist_spark.py`` on a local Spark (``local[2]``), in each mode, gives the tables of
``annalist ingest`` + ``annalist export --format parquet`` and the fused events of
``annalist events`` exactly.

    python scripts/spark/check.py --cli target/release/annalist \\
        --corpus ../shared/data/corpus/articles.jsonl [--pg postgres://...] [--bench]

Per mode (``python``: the package in mapPartitions, ``pipe``: the binary through
RDD.pipe), for each of the six tables: the same column names and Parquet types as the
CLI's file, no null in a column documented *never null*, and the same rows (every column,
``events.fused_event_id`` included, but ``documents.ingested_at``, the time a store
wrote the document); then the fused events (id, type, CAMEO code, date, place, parties
with their codes, counts, source ids) of the Spark fusion stage against the SQLite
store's. ``--whole-files`` runs are checked on the repository's examples. With ``--pg``,
the tables are loaded into PostgreSQL (load_postgres.py) and read back. Prints each
failure, then ``checks N, failures F`` and the figures; exits 1 on any failure.

The corpus is read in place; everything written goes to a temporary folder (``--work``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import annalist_spark  # noqa: E402

KEYS = annalist_spark.TABLE_KEYS
# What only a store assigns; checked for its type, not its value.
ASSIGNED = {"documents": {"ingested_at"}}


class Checks:
    def __init__(self) -> None:
        self.count = 0
        self.failures: list[str] = []

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        self.count += 1
        if not ok:
            self.failures.append(what)
            print(f"FAIL {what}" + (f": {detail}" if detail else ""), flush=True)
        return ok


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, **kw)


def single_machine(cli: str, corpus: list[str], work: Path) -> dict:
    """The store's tables, fused events and timings."""
    work.mkdir(parents=True, exist_ok=True)
    db = work / "single.db"
    for stale in work.glob("single.db*"):
        stale.unlink()
    started = time.monotonic()
    ingest = run([cli, "ingest", "--quiet", "--db", str(db), *corpus], capture_output=True, text=True)
    ingest_seconds = time.monotonic() - started
    tables = {}
    for table in annalist_spark.TABLES:
        path = work / "single" / f"{table}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        run([cli, "export", "--format", "parquet", "--table", table, "--db", str(db), "--out", str(path)],
            capture_output=True)
        tables[table] = path
    events = run(
        [cli, "events", "--format", "json", "--limit", "4294967295", "--db", str(db)],
        capture_output=True,
        text=True,
    ).stdout
    fused = [json.loads(line) for line in events.splitlines() if line.strip()]
    return {
        "db": db,
        "tables": tables,
        "fused": fused,
        "ingest_seconds": ingest_seconds,
        "ingest_summary": (ingest.stdout + ingest.stderr).strip().splitlines()[-1:],
    }


def read(path: Path):
    import pyarrow.parquet as pq

    table = pq.read_table(str(path))
    if "dct_month" in table.column_names:
        table = table.drop(["dct_month"])
    return table


def sort_key(row: dict, keys: list[str]):
    return tuple("" if row[k] is None else row[k] for k in keys)


def compare_tables(checks: Checks, label: str, spark_dir: Path, single: dict, columns, corpus=True) -> None:
    for table in annalist_spark.TABLES:
        mine = read(spark_dir / "tables" / table)
        theirs = read(single["tables"][table])
        schema = lambda t: [(f.name, str(f.type)) for f in t.schema]  # noqa: E731
        checks.check(
            schema(mine) == schema(theirs),
            f"{label}: {table}: columns and types",
            f"spark {schema(mine)} vs cli {schema(theirs)}",
        )
        never_null = [name for name, _, nullable in columns[table] if not nullable]
        nulls = {n: mine.column(n).null_count for n in never_null if n in mine.column_names}
        checks.check(
            not any(nulls.values()), f"{label}: {table}: no null in never-null columns", str(nulls)
        )
        skip = ASSIGNED.get(table, set())
        a = sorted(
            ({k: v for k, v in r.items() if k not in skip} for r in mine.to_pylist()),
            key=lambda r: sort_key(r, KEYS[table]),
        )
        b = sorted(
            ({k: v for k, v in r.items() if k not in skip} for r in theirs.to_pylist()),
            key=lambda r: sort_key(r, KEYS[table]),
        )
        detail = f"{len(a)} rows vs {len(b)}"
        if len(a) == len(b):
            diffs = [(x, y) for x, y in zip(a, b) if x != y]
            if diffs:
                x, y = diffs[0]
                cols = {k: (x.get(k), y.get(k)) for k in y if x.get(k) != y.get(k)}
                detail = f"{len(diffs)} rows differ; first {sort_key(y, KEYS[table])}: {cols}"
        checks.check(a == b and (len(a) > 0 or not corpus), f"{label}: {table}: {len(b)} rows equal", detail)
        for name in skip:
            checks.check(
                mine.column(name).null_count == 0, f"{label}: {table}.{name} set on every row"
            )


def compare_fused(checks: Checks, label: str, spark_dir: Path, single: dict, corpus=True) -> None:
    import pyarrow.parquet as pq

    mine = {f["id"]: f for f in pq.read_table(str(spark_dir / "fused_events")).to_pylist()}
    theirs = {f["id"]: f for f in single["fused"]}
    checks.check(
        len(mine) == len(theirs) and len(theirs) > 0,
        f"{label}: {len(theirs)} fused events",
        f"spark {len(mine)} vs store {len(theirs)}",
    )
    checks.check(
        set(mine) == set(theirs),
        f"{label}: fused event ids",
        f"{len(set(mine) - set(theirs))} only in spark, {len(set(theirs) - set(mine))} only in the store",
    )
    differ = [i for i in theirs if i in mine and mine[i] != theirs[i]]
    detail = ""
    if differ:
        x, y = mine[differ[0]], theirs[differ[0]]
        detail = f"{len(differ)} differ; {differ[0]}: " + str(
            {k: (x.get(k), y.get(k)) for k in y if x.get(k) != y.get(k)}
        )
    checks.check(not differ, f"{label}: fused events equal field by field", detail)
    several = sum(1 for f in theirs.values() if f["articles"] > 1)
    if corpus:
        checks.check(several > 0, f"{label}: some fused events join several articles ({several})")


def check_postgres(checks: Checks, label: str, spark_dir: Path, single: dict, url: str, venv_python: str) -> None:
    import psycopg

    schema = f"annalist_spark_check_{os.getpid()}"
    started = time.monotonic()
    run([venv_python, str(HERE / "load_postgres.py"), str(spark_dir), url, "--schema", schema, "--replace"])
    seconds = time.monotonic() - started
    try:
        with psycopg.connect(url) as conn:
            for table in annalist_spark.TABLES:
                n = conn.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()[0]
                want = read(single["tables"][table]).num_rows
                checks.check(n == want, f"{label}: PostgreSQL {table}: {want} rows", f"{n}")
            got = conn.execute(
                f'SELECT doc_id, event_id, fused_event_id, type, cameo, day, confidence, negated '
                f'FROM "{schema}".events ORDER BY doc_id, event_id'
            ).fetchall()
            want = sorted(
                (r["doc_id"], r["event_id"], r["fused_event_id"], r["type"], r["cameo"], r["day"],
                 r["confidence"], r["negated"])
                for r in read(single["tables"]["events"]).to_pylist()
            )
            checks.check([tuple(r) for r in got] == want, f"{label}: PostgreSQL events read back equal")
            n = conn.execute(f'SELECT count(*) FROM "{schema}".fused_events').fetchone()[0]
            checks.check(n == len(single["fused"]), f"{label}: PostgreSQL fused_events: {n} rows")
            types = dict(
                conn.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = 'documents'",
                    (schema,),
                ).fetchall()
            )
            checks.check(
                types.get("dct") == "date" and types.get("ingested_at") == "timestamp with time zone"
                and types.get("bytes") == "bigint",
                f"{label}: PostgreSQL column types",
                str(types),
            )
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    print(f"loaded into PostgreSQL in {seconds:.1f} s", flush=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cli", required=True, help="the release annalist binary")
    p.add_argument("--corpus", nargs="+", required=True, help="JSON Lines corpus files")
    p.add_argument("--modes", default="python,pipe")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--pg", help="a PostgreSQL URL: load the tables there and read them back")
    p.add_argument("--bench", action="store_true", help="also time `annalist analyze --format rows` on the corpus")
    p.add_argument("--work", help="working folder (default: a temporary one, removed)")
    args = p.parse_args()
    cli = os.path.abspath(args.cli)
    corpus = [os.path.abspath(c) for c in args.corpus]
    work = Path(args.work or tempfile.mkdtemp(prefix="annalist-spark-check-"))
    work.mkdir(parents=True, exist_ok=True)
    checks = Checks()
    figures: dict = {}
    try:
        columns = annalist_spark.table_columns()
        single = single_machine(cli, corpus, work)
        documents = read(single["tables"]["documents"]).num_rows
        figures["cli_ingest"] = {
            "documents": documents,
            "seconds": round(single["ingest_seconds"], 2),
            "documents_per_second": round(documents / single["ingest_seconds"], 1),
        }
        print(f"single machine: {figures['cli_ingest']} {single['ingest_summary']}", flush=True)
        if args.bench:
            started = time.monotonic()
            with open(os.devnull, "wb") as null:
                run([cli, "analyze", "--format", "rows", *corpus], stdout=null)
            seconds = time.monotonic() - started
            figures["cli_analyze_rows"] = {
                "seconds": round(seconds, 2),
                "documents_per_second": round(documents / seconds, 1),
            }
            print(f"annalist analyze --format rows: {figures['cli_analyze_rows']}", flush=True)

        spark = annalist_spark.session(args.master, "annalist-check")
        try:
            if args.bench:
                # A warm-up of both modes on the first records (the JVM, Spark's Python
                # workers and the page cache), so that the mode timed first pays no more
                # start-up than the other.
                head = work / "warm-up.jsonl"
                with open(corpus[0], "rb") as src, open(head, "wb") as dst:
                    for _, line in zip(range(64), src):
                        dst.write(line)
                for mode in ("python", "pipe"):
                    annalist_spark.run(spark, annalist_spark.parser().parse_args(
                        [str(head), "--out", str(work / f"warm-up-{mode}"), "--mode", mode, "--binary", cli]))
            for mode in [m for m in args.modes.split(",") if m]:
                out = work / f"spark-{mode}"
                job = annalist_spark.parser().parse_args(
                    [*corpus, "--out", str(out), "--mode", mode, "--binary", cli]
                )
                result = annalist_spark.run(spark, job)
                figures[f"spark_{mode}"] = result
                print(f"spark {mode}: {json.dumps(result)}", flush=True)
                checks.check(
                    result["documents"] == documents,
                    f"{mode}: {documents} documents",
                    str(result["documents"]),
                )
                if len(corpus) > 1:
                    checks.check(
                        result["ids_read_more_than_once"] > 0,
                        f"{mode}: {result['ids_read_more_than_once']} ids read more than once, kept once",
                    )
                compare_tables(checks, mode, out, single, columns)
                compare_fused(checks, mode, out, single)
                if args.pg and mode == "pipe":
                    check_postgres(checks, mode, out, single, args.pg, sys.executable)

            # Whole files through the binary: the repository's examples (text, JSON Lines).
            examples = HERE.parent.parent / "examples"
            files = sorted(str(f) for f in examples.iterdir() if f.is_file() and f.suffix in (".txt", ".jsonl"))
            # One file named twice: its records are read twice, stored once.
            files.append(files[0])
            small = single_machine(cli, files, work / "examples")
            out = work / "spark-whole-files"
            job = annalist_spark.parser().parse_args(
                [*files, "--out", str(out), "--mode", "pipe", "--binary", cli, "--whole-files"]
            )
            annalist_spark.run(spark, job)
            compare_tables(checks, "whole files (examples)", out, small, columns, corpus=False)
            compare_fused(checks, "whole files (examples)", out, small, corpus=False)
        finally:
            spark.stop()
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=1))
    print(f"checks {checks.count}, failures {len(checks.failures)}")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
