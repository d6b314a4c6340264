"""Loads the Spark job's output (``OUT/tables/*``, ``OUT/fused_events``) into PostgreSQL:
one table per flat table, with the columns and types of docs/tables.md (``string``
``text``, ``int64`` ``bigint``, ``float64`` ``double precision``, ``bool`` ``boolean``,
``date`` ``date``, ``timestamp`` ``timestamptz``; ``NOT NULL`` where a column is never
null), and ``fused_events`` (parties and source ids as ``jsonb``), in a schema of their
own, by ``COPY``.

    python scripts/spark/load_postgres.py OUT postgres://user@host/db [--schema annalist_spark] [--replace]

These are the flat tables for SQL, beside (not inside) an annalist store: a PostgreSQL
store (``annalist ingest --db postgres://...``) holds the documents themselves. Needs
``pyarrow`` and ``psycopg`` (3). Each table is read a row group at a time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import annalist_spark  # noqa: E402

PG_TYPES = {
    "string": "text",
    "int64": "bigint",
    "float64": "double precision",
    "bool": "boolean",
    "date": "date",
    "timestamp": "timestamptz",
}
KEYS = annalist_spark.TABLE_KEYS
FUSED = [
    ("id", "text NOT NULL PRIMARY KEY"),
    ("type", "text NOT NULL"),
    ("cameo", "text NOT NULL"),
    ("date", "date"),
    ("dated", "boolean NOT NULL"),
    ("place", "text"),
    ("actors", "jsonb NOT NULL"),
    ("recipients", "jsonb NOT NULL"),
    ("mentions", "bigint NOT NULL"),
    ("articles", "bigint NOT NULL"),
    ("source_count", "bigint NOT NULL"),
    ("sources", "jsonb NOT NULL"),
]


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def batches(path: Path):
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(path), format="parquet", partitioning="hive")
    names = [n for n in dataset.schema.names if n != "dct_month"]
    for batch in dataset.to_batches(columns=names, batch_size=8192):
        yield names, batch.to_pylist()


def load(out: Path, url: str, schema: str, replace: bool) -> dict[str, int]:
    import datetime as dt

    import psycopg
    from psycopg.types.json import Jsonb

    columns = annalist_spark.table_columns()
    counts: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        if replace:
            conn.execute(f"DROP SCHEMA IF EXISTS {ident(schema)} CASCADE")
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {ident(schema)}")
        for table in annalist_spark.TABLES:
            cols = columns[table]
            defs = ", ".join(
                f"{ident(n)} {PG_TYPES[k]}{'' if nullable else ' NOT NULL'}" for n, k, nullable in cols
            )
            key = ", ".join(ident(k) for k in KEYS[table])
            conn.execute(f"CREATE TABLE {ident(schema)}.{ident(table)} ({defs}, PRIMARY KEY ({key}))")
            n = 0
            with conn.cursor().copy(
                f"COPY {ident(schema)}.{ident(table)} ({', '.join(ident(c) for c, _, _ in cols)}) FROM STDIN"
            ) as copy:
                for names, rows in batches(out / "tables" / table):
                    order = [c for c, _, _ in cols]
                    if sorted(names) != sorted(order):
                        raise SystemExit(f"{table}: columns {names} are not docs/tables.md's {order}")
                    for row in rows:
                        copy.write_row([row[c] for c in order])
                        n += 1
            counts[table] = n
        defs = ", ".join(f"{ident(n)} {t}" for n, t in FUSED)
        conn.execute(f"CREATE TABLE {ident(schema)}.fused_events ({defs})")
        n = 0
        with conn.cursor().copy(
            f"COPY {ident(schema)}.fused_events ({', '.join(ident(c) for c, _ in FUSED)}) FROM STDIN"
        ) as copy:
            for _, rows in batches(out / "fused_events"):
                for row in rows:
                    row["date"] = dt.date.fromisoformat(row["date"]) if row["date"] else None
                    for c in ("actors", "recipients", "sources"):
                        row[c] = Jsonb(row[c] or [])
                    copy.write_row([row[c] for c, _ in FUSED])
                    n += 1
        counts["fused_events"] = n
        conn.execute(
            f"CREATE INDEX ON {ident(schema)}.events (fused_event_id); "
            f"CREATE INDEX ON {ident(schema)}.events (day)"
        )
    return counts


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="the Spark job's output folder")
    p.add_argument("url", help="postgres://USER@HOST/DB")
    p.add_argument("--schema", default="annalist_spark")
    p.add_argument("--replace", action="store_true", help="drop the schema first")
    args = p.parse_args()
    counts = load(Path(args.out), args.url, args.schema, args.replace)
    print(" ".join(f"{t} {n}" for t, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
