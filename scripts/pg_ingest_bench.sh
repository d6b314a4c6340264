#!/usr/bin/env bash
# Ingest rate of a corpus into PostgreSQL with one and with two writer processes (the
# JSON Lines file split in two halves, each ingested by its own `annalist ingest` at
# the same time), against SQLite with the same, on this machine.
#
#   scripts/pg_ingest_bench.sh ANNALIST_BINARY CORPUS.jsonl POSTGRES_URL
#
# The PostgreSQL database's annalist tables are dropped before each run (give it a
# database of its own); SQLite stores go to a temporary folder. Prints documents/s of
# each run (stored documents over wall time, analysis included) and checks that the
# two-writer store holds each document once and the same fused events as one writer.
set -euo pipefail
bin="${1:?usage: pg_ingest_bench.sh ANNALIST CORPUS.jsonl POSTGRES_URL}"
corpus="${2:?usage: pg_ingest_bench.sh ANNALIST CORPUS.jsonl POSTGRES_URL}"
url="${3:?usage: pg_ingest_bench.sh ANNALIST CORPUS.jsonl POSTGRES_URL}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
lines=$(wc -l <"$corpus")
head -n $((lines / 2)) "$corpus" >"$work/a.jsonl"
tail -n +$((lines / 2 + 1)) "$corpus" >"$work/b.jsonl"

drop() { psql -q "$1" -c "SET client_min_messages=warning; DROP TABLE IF EXISTS fusion_keys,
    fused_mentions, fused_events, fusion_state, entity_totals, speaker_totals, mentions,
    entities, timexes, quotes, events, documents, annalist_schema CASCADE"; }

run() { # name db files...
    local name="$1" db="$2"
    shift 2
    local started ended
    started=$(date +%s.%N)
    local pids=()
    for f in "$@"; do
        "$bin" ingest "$f" --db "$db" --quiet >"$work/$name.$(basename "$f").log" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    ended=$(date +%s.%N)
    local docs
    docs=$("$bin" stats --db "$db" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
    python3 -c "print(f'$name: {$docs} documents in {$ended - $started:.1f} s: {$docs / ($ended - $started):.0f} documents/s')"
}

run "sqlite, 1 writer" "$work/one.db" "$corpus"
run "sqlite, 2 writers" "$work/two.db" "$work/a.jsonl" "$work/b.jsonl"
drop "$url"
run "postgres, 1 writer" "$url" "$corpus"
"$bin" events --db "$url" --format json --limit 100000000 >"$work/fused-one.jsonl"
drop "$url"
run "postgres, 2 writers" "$url" "$work/a.jsonl" "$work/b.jsonl"
"$bin" events --db "$url" --format json --limit 100000000 >"$work/fused-two.jsonl"
if cmp -s "$work/fused-one.jsonl" "$work/fused-two.jsonl"; then
    echo "fused events with 2 writers: identical to 1 writer ($(wc -l <"$work/fused-one.jsonl") lines)"
else
    echo "fused events with 2 writers DIFFER from 1 writer" >&2
    exit 1
fi
