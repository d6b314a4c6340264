#!/usr/bin/env bash
# Load test of `annalist serve` on loopback: wrk's CONNECTIONS clients (default 100) for
# SECONDS (default 30) over DB, sending the requests of scripts/load_paths.txt in turn.
# Prints one `load:` line (requests, rate, p50/p95/p99/max latency, errors by kind) and
# fails when any request failed or had a status other than 2xx, or when the server did
# not stay up. Needs wrk (Debian's `wrk`).
#
#   scripts/load_test.sh target/release/annalist news.db [SECONDS] [CONNECTIONS]
set -euo pipefail
bin=$1 db=$2 seconds=${3:-30} connections=${4:-100}
here=$(cd "$(dirname "$0")" && pwd)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
"$bin" serve --db "$db" --addr "127.0.0.1:$port" 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break
    sleep 0.1
done
# Every path answers 200 before the load starts.
while read -r path; do
    [[ $path == /* ]] || continue
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
    [ "$code" = 200 ] || { echo "load test: $path answered $code"; cat "$log"; exit 1; }
done <"$here/load_paths.txt"
threads=$(( connections < 2 ? connections : 2 ))
out=$(ANNALIST_LOAD_PATHS="$here/load_paths.txt" wrk -t"$threads" -c"$connections" -d"${seconds}s" \
    --timeout 10s -s "$here/load_test.lua" "http://127.0.0.1:$port")
line=$(grep '^load:' <<<"$out")
echo "$line (connections=$connections)"
kill -0 $server || { echo "load test: the server died"; cat "$log"; exit 1; }
for kind in non2xx connect read write timeout; do
    n=$(sed -E "s/.* $kind=([0-9]+).*/\1/" <<<"$line")
    [ "$n" = 0 ] || { echo "load test: $n $kind errors"; cat "$log"; exit 1; }
done
