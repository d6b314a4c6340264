#!/bin/sh
# HeidelTime and annalist side by side on TempEval-3 (see heideltime_compare.py).
# Builds the release CLI first; extra arguments go to the Python script.
set -eu
cd "$(dirname "$0")/.."
cargo build --release -p annalist-cli
exec python3 scripts/heideltime_compare.py "$@"
