#!/usr/bin/env python3
"""Reliability check: hostile inputs and killed ingests, against a table of expectations.

Every input is generated here (nothing is stored in the repository): invalid UTF-8,
binary data, a malformed JSON line among good ones, a truncated gzip, broken CSV quoting,
a symbolic-link loop, 1 MB of unpunctuated text, 1 MB of one name repeated, a bad date
argument, a query of a missing database and a write to a read-only one. For each, the
exit code, a word the message must hold and the peak memory of the process are checked.

Then `ingest` is killed with SIGKILL at random moments (`--kills N`) while it stores a
generated corpus; after each kill the database must pass SQLite's integrity check and
hold only whole documents (every stored document has all the entity, quote and event
rows its JSON lists); a last `ingest` must then complete the corpus with nothing lost. A store the ingests have completed is set
aside and the next kills write to a new one, so every kill can land during writes.

Usage: python3 scripts/reliability.py target/release/annalist [--kills 20] [--seed 1]
Exit status: 0 when every expectation holds, 1 otherwise.
"""
import argparse
import gzip
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

MEMORY_LIMIT_MB = 300


def run(cmd, env=None, timeout=600):
    """Runs cmd; returns (exit code, stderr + stdout, a bound on its peak RSS in MB).

    The bound is the largest peak of any child so far (getrusage's RUSAGE_CHILDREN), so
    it is this child's peak or more."""
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return proc.returncode, proc.stderr + proc.stdout, peak


def dispatch(i):
    """One generated dispatch (invented names and places)."""
    day = 1 + i % 28
    return {
        "id": f"rec-{i}",
        "date": f"2019-04-{day:02d}",
        "text": (
            f"GENEVA, April {day}. /TASS/. Delegations of Ruritania and Freedonia held talks "
            f"in Geneva on round {i}. \"We agreed to meet again next week,\" the Ruritanian "
            f"envoy Ivo Marek{i} said. Freedonia accused Ruritania of delaying the process."
        ),
    }


def hostile_cases(dir):
    """(name, command args, expected exit code, word in message, check stats docs)."""
    cases = []

    def write(name, data):
        path = os.path.join(dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    cases.append(("invalid UTF-8", ["ingest", write("bad.txt", b"date 2019-04-01\nCaf\xe9 \xff\xfe talks")], 1, "UTF-8"))
    cases.append(("binary data", ["ingest", write("blob.txt", bytes(range(256)) * 64)], 1, ""))
    good = [json.dumps(dispatch(i)) for i in range(3)]
    lines = good[:2] + ['{"id": "broken", "text": "unterminated'] + good[2:]
    cases.append(("malformed JSON line", ["ingest", write("mixed.jsonl", ("\n".join(lines) + "\n").encode())], 1, "JSON"))
    whole = gzip.compress(("\n".join(good) + "\n").encode())
    cases.append(("truncated gzip", ["ingest", write("cut.jsonl.gz", whole[: len(whole) // 2])], 1, "gz"))
    csv = 'id,date,text\n1,2019-04-01,"Talks began\n2,2019-04-02,Talks went on\n'
    cases.append(("broken CSV quoting", ["ingest", "--input-format", "csv", write("bad.csv", csv.encode())], 1, "quot"))
    loop = os.path.join(dir, "loop")
    os.makedirs(loop, exist_ok=True)
    if not os.path.lexists(os.path.join(loop, "self")):
        os.symlink(loop, os.path.join(loop, "self"))
    write("loop/ok.txt", b"date 2019-04-01\nRuritania and Freedonia held talks.")
    cases.append(("symbolic-link loop", ["ingest", loop], 1, "loop"))
    words = ("talks delegation border envoy ruritania freedonia agreed tomorrow " * 20000).encode()
    cases.append(("1 MB unpunctuated", ["ingest", write("flat.txt", b"date 2019-04-01\n" + words[:1_000_000])], 0, ""))
    names = ("Ivo Marek " * 100000).encode()
    cases.append(("1 MB of one name", ["ingest", write("names.txt", b"date 2019-04-01\n" + names)], 0, ""))
    cases.append(("bad date argument", ["timeline", "--from", "2019-02-30"], 2, "2019-02-30"))
    return cases


def check_hostile(binary, dir, failures):
    print(f"{'case':<22} {'exit':>4} {'want':>4} {'<=MB':>6}  result")
    for name, args, want, word in hostile_cases(dir):
        db = os.path.join(dir, f"{name.replace(' ', '_')}.db")
        code, out, peak = run([binary, *args, "--db", db])
        ok = code == want and word.lower() in out.lower() and peak < MEMORY_LIMIT_MB
        mb = f"{peak:.0f}"
        print(f"{name:<22} {code:>4} {want:>4} {mb:>6}  {'ok' if ok else 'FAILED'}")
        if not ok:
            failures.append(f"{name}: exit {code} (want {want}), peak {mb} MB, output: {out.strip()[:300]}")
    # A query of a database that is not there; a write to a read-only one.
    missing = os.path.join(dir, "nowhere", "none.db")
    code, out, _ = run([binary, "stats", "--db", missing])
    report(failures, "missing database", code, 3, out)
    ro = os.path.join(dir, "ro.db")
    path = os.path.join(dir, "one.jsonl")
    with open(path, "w") as f:
        f.write(json.dumps(dispatch(0)) + "\n")
    run([binary, "ingest", "--quiet", path, "--db", ro])
    os.chmod(ro, 0o444)
    code, out, _ = run([binary, "ingest", "--quiet", path, "--db", ro])
    if os.geteuid() == 0:
        print(f"{'read-only database':<22}    -    3      -  skipped (running as root ignores file modes)")
    else:
        report(failures, "read-only database", code, 3, out)


def report(failures, name, code, want, out):
    ok = code == want
    print(f"{name:<22} {code:>4} {want:>4} {'-':>6}  {'ok' if ok else 'FAILED'}")
    if not ok:
        failures.append(f"{name}: exit {code} (want {want}): {out.strip()[:300]}")


def whole_documents(db):
    """(documents, partial ones, integrity) of a database a killed ingest left."""
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        docs = con.execute("SELECT pk, json FROM documents").fetchall()
        partial = 0
        for pk, text in docs:
            doc = json.loads(text)
            for table, key in (("entities", "entities"), ("quotes", "quotes"), ("events", "events")):
                n = con.execute(f"SELECT count(*) FROM {table} WHERE doc = ?", (pk,)).fetchone()[0]
                if n != len(doc.get(key, [])):
                    partial += 1
                    break
        return len(docs), partial, integrity
    finally:
        con.close()


def check_kills(binary, dir, kills, rng, failures):
    corpus = os.path.join(dir, "corpus.jsonl")
    total = 1500
    with open(corpus, "w") as f:
        for i in range(total):
            f.write(json.dumps(dispatch(i)) + "\n")
    db = os.path.join(dir, "killed-0.db")
    stored_before = 0
    partial_total = 0
    counts = []
    for k in range(kills):
        proc = subprocess.Popen([binary, "ingest", "--quiet", "--batch", "50", corpus, "--db", db],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not os.path.exists(db):
            continue
        n, partial, integrity = whole_documents(db)
        partial_total += partial
        if integrity != "ok" or partial or n < stored_before:
            failures.append(f"kill {k + 1}: integrity {integrity}, {partial} partial, {n} documents (had {stored_before})")
        stored_before = n
        counts.append(n)
        # A complete store has nothing left to write: the next kills go to a new one.
        if n == total:
            db = os.path.join(dir, f"killed-{k + 1}.db")
            stored_before = 0
    code, out, _ = run([binary, "ingest", "--quiet", corpus, "--db", db])
    n, partial, integrity = whole_documents(db)
    lost = total - n
    ok = code == 0 and lost == 0 and partial == 0 and integrity == "ok"
    print(f"documents stored at each kill: {' '.join(map(str, counts))}")
    print(f"kill -9 during ingest: {kills} kills, {partial_total} partial documents after them; "
          f"after a last ingest {n}/{total} stored, {lost} lost, integrity {integrity}: {'ok' if ok else 'FAILED'}")
    if not ok:
        failures.append(f"after the kills: exit {code}, {n}/{total} stored, {partial} partial, integrity {integrity}: {out.strip()[:300]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    failures = []
    with tempfile.TemporaryDirectory(prefix="annalist-reliability-") as dir:
        check_hostile(binary, dir, failures)
        check_kills(binary, dir, args.kills, random.Random(args.seed), failures)
        # Let the read-only file be removed with its folder.
        for root, _, files in os.walk(dir):
            for f in files:
                try:
                    os.chmod(os.path.join(root, f), 0o644)
                except OSError:
                    pass
    for f in failures:
        print(f"FAILED: {f}", file=sys.stderr)
    print(f"reliability: {'all expectations hold' if not failures else f'{len(failures)} failed'}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
