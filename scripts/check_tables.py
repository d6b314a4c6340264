#!/usr/bin/env python3
"""Reads every flat table annalist exports back with DuckDB and pandas, and the GDELT
export with DuckDB, and checks them against docs/tables.md and the store.

    python scripts/check_tables.py target/release/annalist [--corpus FILE.jsonl]

Ingests examples/ (and the corpus, if given) into a temporary store, exports each table
as CSV and Parquet (`annalist export --format csv|parquet --table T`), then asserts:
column names and order as documented; DuckDB's types the documented ones (Parquet as
written, CSV read with the documented types); pandas reads both (`read_parquet` with
pyarrow, `read_csv` with the documented dtypes); row counts equal to the store's own
(SQLite); the GDELT export loads with the codebook's 61 columns and types. Needs
`duckdb pandas pyarrow` (CI installs them in its virtual environment). Prints the time
of each export and ends with a line "N passed, M failed"; exit code 1 on a failure.
"""

import argparse
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["documents", "events", "mentions", "quotes", "entities", "timexes"]
DUCKDB_TYPE = {
    "string": "VARCHAR",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
}
# The store's table of each flat table's rows.
STORE_TABLE = {
    "documents": "documents",
    "events": "events",
    "mentions": "mentions",
    "quotes": "quotes",
    "entities": "entities",
    "timexes": "timexes",
}
# GDELT 2.0 codebook types of the 61 columns (BigQuery's INTEGER/FLOAT/STRING).
GDELT_INT = {
    "GlobalEventID", "Day", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
    "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type",
    "DATEADDED",
}
GDELT_FLOAT = {
    "FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
    "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long",
}

passed = 0
failed = 0


def check(condition, message):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {message}")


def documented():
    """{table: [(column, type, nullable)]} from docs/tables.md."""
    text = (ROOT / "docs/tables.md").read_text(encoding="utf-8")
    tables = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        name = section.split("\n", 1)[0].strip()
        columns = []
        for line in section.splitlines():
            if line.startswith("| `"):
                cells = [c.strip() for c in line.split("|")]
                kind = cells[2].split()[0]
                columns.append((cells[1].strip("`"), kind, "never null" not in cells[2]))
        tables[name] = columns
    return tables


def run(cmd):
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annalist", help="the annalist binary")
    parser.add_argument("--corpus", help="also ingest this file (JSON Lines)")
    args = parser.parse_args()
    docs = documented()
    check(sorted(docs) == sorted(TABLES), f"docs/tables.md has the tables: {sorted(docs)}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "store.db"
        inputs = [str(ROOT / "examples")] + ([args.corpus] if args.corpus else [])
        subprocess.run(
            [args.annalist, "ingest", "--quiet", "--db", str(db), *inputs],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sqlite = sqlite3.connect(db)
        store_docs = sqlite.execute("SELECT count(*) FROM documents").fetchone()[0]
        print(f"store: {store_docs} documents")
        for table in TABLES:
            columns = docs[table]
            names = [c for c, _, _ in columns]
            expected_rows = sqlite.execute(
                f"SELECT count(*) FROM {STORE_TABLE[table]}"
            ).fetchone()[0]
            for fmt in ["csv", "parquet"]:
                out = tmp / f"{table}.{fmt}"
                seconds = run(
                    [args.annalist, "export", "--format", fmt, "--table", table,
                     "--db", str(db), "--out", str(out)]
                )
                print(f"export {table:9} {fmt:7} {expected_rows:8} rows {seconds:6.2f} s")
                con = duckdb.connect()
                if fmt == "parquet":
                    described = con.execute(
                        f"DESCRIBE SELECT * FROM read_parquet('{out}')"
                    ).fetchall()
                    check(
                        [d[0] for d in described] == names,
                        f"{table}.parquet columns {[d[0] for d in described]}",
                    )
                    for (name, kind, _), d in zip(columns, described):
                        check(d[1] == DUCKDB_TYPE[kind],
                              f"{table}.parquet {name}: DuckDB {d[1]}, documented {kind}")
                    rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
                    frame = pd.read_parquet(out, engine="pyarrow")
                    nullable = pd.read_parquet(out, engine="pyarrow", dtype_backend="numpy_nullable")
                    for name, kind, can_be_null in columns:
                        dtype = str(nullable[name].dtype)
                        ok = {
                            "string": dtype in ("string", "object"),
                            "int64": dtype == "Int64",
                            "float64": dtype == "Float64",
                            "bool": dtype == "boolean",
                            "date": dtype in ("object", "date32[day][pyarrow]"),
                            "timestamp": dtype.startswith("datetime64") and "UTC" in dtype,
                        }[kind]
                        check(ok, f"{table}.parquet {name}: pandas {dtype}, documented {kind}")
                        if not can_be_null:
                            check(not frame[name].isna().any(), f"{table}.{name} has nulls")
                else:
                    types = ", ".join(
                        f"'{name}': '{DUCKDB_TYPE[kind]}'" for name, kind, _ in columns
                    )
                    relation = (
                        f"read_csv('{out}', header = true, columns = {{{types}}}, "
                        "auto_detect = false, quote = '\"', escape = '\"')"
                    )
                    rows = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
                    described = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
                    check([d[0] for d in described] == names, f"{table}.csv columns")
                    dtypes = {
                        name: {"string": "string", "int64": "Int64", "float64": "Float64",
                               "bool": "boolean"}.get(kind, "string")
                        for name, kind, _ in columns
                    }
                    frame = pd.read_csv(out, dtype=dtypes, keep_default_na=False,
                                        na_values=[""])
                    check(list(frame.columns) == names, f"{table}.csv pandas columns")
                    for name, kind, _ in columns:
                        if kind in ("date", "timestamp"):
                            parsed = pd.to_datetime(frame[name], errors="coerce", utc=True)
                            check(
                                parsed.notna().sum() == frame[name].notna().sum(),
                                f"{table}.csv {name}: not every value is a {kind}",
                            )
                check(rows == expected_rows,
                      f"{table}.{fmt}: DuckDB reads {rows} rows, the store has {expected_rows}")
                check(len(frame) == expected_rows,
                      f"{table}.{fmt}: pandas reads {len(frame)} rows, the store has {expected_rows}")
        # GDELT: the codebook's columns and types.
        gdelt = tmp / "events.tsv"
        seconds = run([args.annalist, "export", "--format", "gdelt-events", "--header",
                       "--db", str(db), "--out", str(gdelt)])
        header = gdelt.read_text(encoding="utf-8").split("\n", 1)[0].split("\t")
        check(len(header) == 61, f"GDELT has 61 columns, not {len(header)}")
        types = ", ".join(
            f"'{h}': '{'BIGINT' if h in GDELT_INT else 'DOUBLE' if h in GDELT_FLOAT else 'VARCHAR'}'"
            for h in header
        )
        con = duckdb.connect()
        rows = con.execute(
            f"SELECT count(*), count(DISTINCT GlobalEventID), min(Day), max(QuadClass) "
            f"FROM read_csv('{gdelt}', delim = '\t', header = true, quote = '', "
            f"columns = {{{types}}}, auto_detect = false)"
        ).fetchone()
        fused = sqlite.execute("SELECT count(*) FROM fused_events").fetchone()[0]
        print(f"export gdelt-events        {rows[0]:8} rows {seconds:6.2f} s")
        check(rows[0] <= fused and rows[0] > 0, f"GDELT rows {rows[0]}, fused events {fused}")
        check(rows[0] == rows[1], "GlobalEventID is unique")
        check(rows[3] is None or 1 <= rows[3] <= 4, "QuadClass in 1-4")
        seconds = run([args.annalist, "export", "--format", "plover", "--db", str(db),
                       "--out", str(tmp / "plover.jsonl")])
        plover = pd.read_json(tmp / "plover.jsonl", lines=True)
        print(f"export plover              {len(plover):8} rows {seconds:6.2f} s")
        check({"id", "date", "actor", "recipient", "event", "mode", "context",
               "citeInfo"} <= set(plover.columns), "PLOVER fields")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
