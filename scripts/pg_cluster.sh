#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's tests and the ingest benchmark.
#
#   scripts/pg_cluster.sh start DIR [PORT]   initdb into DIR, start it on a Unix socket in
#                                            DIR (and loopback PORT, default 54329), create
#                                            the database `annalist`; prints its URL
#   scripts/pg_cluster.sh stop DIR           stop it (fast) and remove DIR
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user
# (Debian's package creates it) through runuser. The binaries are Debian's
# (/usr/lib/postgresql/*/bin) or whatever `pg_ctl` is on PATH.
set -euo pipefail

find_bin() {
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -n "$dir" ] || { echo "pg_cluster.sh: no PostgreSQL (apt-get install postgresql)" >&2; exit 1; }
    echo "$dir"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

cmd="${1:?usage: pg_cluster.sh start|stop DIR [PORT]}"
dir="${2:?usage: pg_cluster.sh start|stop DIR [PORT]}"
port="${3:-54329}"
bin="$(find_bin)"

case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h "$dir" -p "$port" -U postgres annalist
    echo "postgres://postgres@127.0.0.1:$port/annalist"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg_cluster.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
