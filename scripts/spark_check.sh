#!/usr/bin/env bash
# The Spark job against the single machine (scripts/spark/check.py), on a local Spark
# (local[2], pyspark from PyPI with the installed Java) over the 3,788-article corpus.
#
#   scripts/spark_check.sh ANNALIST_CLI [PACKAGE] [-- CHECK_ARGS...]
#
# ANNALIST_CLI  the release binary (target/release/annalist)
# PACKAGE       the Python package: a wheel (pip-installed into the Spark venv), or a
#               virtual environment where it is installed (`maturin develop`, as CI's
#               $ANNALIST_VENV; the Spark venv is given its path), or nothing: built here
#               with maturin (a release build of crates/python)
# Environment: ANNALIST_SPARK_VENV (default ${TMPDIR:-/tmp}/annalist-spark-venv, kept
# between runs, outside the repository), ANNALIST_TEST_PG (a PostgreSQL URL: the tables
# are loaded there and read back), ANNALIST_CORPUS (default ../shared/data/corpus/
# articles.jsonl, read in place), ANNALIST_CORPUS_REPEATS (default the TASS subset beside
# it, whose articles the corpus already holds; empty: none). Extra arguments after `--`
# go to check.py (--bench: the CLI's `analyze` timed too, and a warm-up of both modes).
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] || { sed -n '4,15p' "$0" >&2; exit 2; }
cli="$(realpath "$1")"
shift
package=""
if [ $# -ge 1 ] && [ "$1" != "--" ]; then package="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
[ -x "$cli" ] || { echo "spark_check: $cli is not an executable" >&2; exit 2; }
corpus="${ANNALIST_CORPUS:-../shared/data/corpus/articles.jsonl}"
# The TASS subset repeats 485 of its articles (same URL and text): read after it, each
# must be kept once, from the first file, as `annalist ingest` keeps it.
subset="${ANNALIST_CORPUS_REPEATS-../shared/data/corpus/tass_subset.jsonl}"
extra=()
[ -n "$subset" ] && [ -f "$subset" ] && extra=("$subset")
[ -f "$corpus" ] || { echo "spark_check: no corpus at $corpus" >&2; exit 2; }
command -v java >/dev/null || { echo "spark_check: Spark needs Java (17)" >&2; exit 2; }

started=$SECONDS
venv="${ANNALIST_SPARK_VENV:-${TMPDIR:-/tmp}/annalist-spark-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check \
    pyspark pyarrow "psycopg[binary]"

if [ -z "$package" ]; then
    "$venv/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check maturin
    VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
        "$venv/bin/maturin" develop --release --manifest-path crates/python/Cargo.toml
elif [ -f "$package" ]; then
    "$venv/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check --force-reinstall --no-deps "$package"
elif [ -x "$package/bin/python" ]; then
    # The package as installed in that venv (its folder, possibly crates/python/python
    # for an editable install), put on this venv's path by a .pth file.
    where="$("$package/bin/python" -c 'import annalist, os; print(os.path.dirname(os.path.dirname(os.path.abspath(annalist.__file__))))')"
    site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$where" > "$site/annalist_from_venv.pth"
else
    echo "spark_check: $package is neither a wheel nor a virtual environment" >&2
    exit 2
fi
"$venv/bin/python" -c 'import annalist, pyspark; print("annalist", annalist.__version__, "from", annalist.__file__, "| pyspark", pyspark.__version__)'

# The Python workers of local Spark use this venv's interpreter too.
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
pg=()
[ -n "${ANNALIST_TEST_PG:-}" ] && pg=(--pg "$ANNALIST_TEST_PG")
"$venv/bin/python" scripts/spark/check.py --cli "$cli" --corpus "$corpus" "${extra[@]}" "${pg[@]}" "$@"
echo "spark check: $((SECONDS - started)) s"
