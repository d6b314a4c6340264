"""Throughput of the Python package against the CLI on the same JSON Lines corpus.

    python crates/python/bench/throughput.py ../shared/data/corpus/tass_subset.jsonl \
        --cli target/release/annalist --threads 2 --repeat 3

Both sides do the same work: read the records, analyse them, and produce each document's
JSON (the CLI writes it to /dev/null; the package turns it into Python dicts). Each side
is timed as a whole process run (analyzer load included) and, for the package, also
without the load. Runs alternate between the two, so that a busy machine slows both.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time


def run_package(path: str, threads: int | None) -> tuple[float, float, int]:
    """(seconds with load, seconds without load, documents) in a fresh interpreter."""
    code = f"""
import json, time, sys
start = time.perf_counter()
import annalist
annalist.load()
loaded = time.perf_counter()
with open({path!r}, encoding="utf-8") as f:
    records = [json.loads(line) for line in f if line.strip()]
n = sum(1 for _ in annalist.analyze_many(records, threads={threads!r}))
end = time.perf_counter()
print(json.dumps([end - start, end - loaded, n]))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    total, analysis, n = json.loads(out.stdout)
    return total, analysis, n


def run_cli(cli: str, path: str, threads: int | None) -> float:
    env = None
    if threads is not None:
        import os

        env = {**os.environ, "RAYON_NUM_THREADS": str(threads)}
    start = time.perf_counter()
    subprocess.run(
        [cli, "analyze", "--format", "json", path],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--cli", default="target/release/annalist")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as f:
        megabytes = sum(len(json.loads(line)["text"].encode()) for line in f if line.strip()) / 1e6
    cli, package, analysis = [], [], []
    for _ in range(args.repeat):
        cli.append(run_cli(args.cli, args.corpus, args.threads))
        total, only, n = run_package(args.corpus, args.threads)
        package.append(total)
        analysis.append(only)
    print(f"corpus: {n} documents, {megabytes:.2f} MB of text, threads={args.threads or 'all'}")
    for name, times in [
        ("CLI analyze --format json", cli),
        ("package (process, load included)", package),
        ("package analyze_many (load excluded)", analysis),
    ]:
        best = min(times)
        print(
            f"  {name:<38} best {best:6.2f} s  {megabytes / best:5.2f} MB/s  "
            f"{n / best:6.1f} docs/s  (runs: {', '.join(f'{t:.2f}' for t in times)})"
        )
    print(f"  package / CLI (best, process): {min(cli) / min(package):.3f}")


if __name__ == "__main__":
    main()
