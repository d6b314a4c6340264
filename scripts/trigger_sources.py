#!/usr/bin/env python3
"""Write the `source` column of data/events/triggers.tsv from the frame lexicons.

Usage:
    python3 scripts/trigger_sources.py [data/events]          # rewrite triggers.tsv in place
    python3 scripts/trigger_sources.py [data/events] --check  # exit 1 if the column is stale

Every trigger row says where it comes from. A row's phrases are looked up, by their head
word, in the two lexicons whose rows carry their own provenance:
  * frames.tsv (scripts/petrarch_frames.py: PETRARCH's CAMEO.2.0 verb dictionary, MIT,
    each row with its dictionary line): a verb lemma coded with the row's CAMEO code, or
    with another code of the same CAMEO root;
  * nominal_frames.tsv (the CAMEO codebook's category nouns): a noun lemma with the row's
    code or root.
The source column lists up to three such references (exact codes first); a source written
by hand from WordNet 3.0 (a synset and its relation to a coded verb) is kept; a row none of
whose phrases is found there is written `unsourced`, and the count is printed, so that a
reviewer sees what no codebook or dictionary backs. The column is the 8th; rows without a
PLOVER override get `-` in the 7th. Deterministic; standard library only.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys

MAX_REFS = 3
# Sources the script cannot derive and keeps as written: a WordNet 3.0 synset with its
# relation to a coded verb.
KEPT_SOURCES = ("WordNet 3.0 ",)


def lemma_candidates(word: str) -> list[str]:
    """The word and its plausible base forms (the lexicons' lemmas are base forms)."""
    out = [word]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e"), ("d", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)] + repl)
    return out


def load_lexicon(path: str) -> dict[str, list[tuple[str, str]]]:
    """lemma -> [(cameo, source)] in file order."""
    table: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5:
                continue
            lemma, _pos, _pattern, cameo, source = cols[:5]
            table[lemma.lower()].append((cameo, source))
    return table


def head_words(phrase: str) -> list[str]:
    phrase = phrase.strip().lower().lstrip("~")
    words = phrase.split()
    if not words:
        return []
    # "~submit+": the doubled-consonant mark; "hunger strike": try the last word too.
    heads = [words[0].rstrip("+")]
    if len(words) > 1:
        heads.append(words[-1].rstrip("+"))
    return heads


def short(source: str) -> str:
    """The reference part of a lexicon's source: `CAMEO.2.0:L7739` or `CAMEO 040`."""
    parts = source.split()
    if parts and parts[0].startswith("CAMEO.2.0:"):
        return parts[0]
    if len(parts) >= 2 and parts[0] == "CAMEO":
        return f"CAMEO codebook {parts[1]}"
    return source.split('"')[0].strip()


def sources_for(forms: str, cameo: str, lexicons) -> list[str]:
    exact, same_root = [], []
    for phrase in forms.split("|"):
        for head in head_words(phrase):
            for candidate in lemma_candidates(head):
                for name, table in lexicons:
                    for code, source in table.get(candidate, []):
                        ref = f"{short(source)} ({name} {candidate} {code})"
                        if code == cameo:
                            exact.append(ref)
                        elif code[:2] == cameo[:2]:
                            same_root.append(ref)
    seen, out = set(), []
    for ref in exact + same_root:
        if ref not in seen:
            seen.add(ref)
            out.append(ref)
    return out[:MAX_REFS]


def rewrite(text: str, lexicons) -> tuple[str, int, int]:
    out, rows, unsourced = [], 0, 0
    for line in text.split("\n"):
        if line.startswith("#") or line.startswith("@") or not line.strip():
            out.append(line)
            continue
        cols = line.split("\t")
        # A source written by hand from another resource (WordNet) is kept.
        kept = cols[7] if len(cols) > 7 and cols[7].startswith(KEPT_SOURCES) else None
        cols = cols[:7] + ["-"] * (7 - len(cols[:7]))
        refs = [kept] if kept else sources_for(cols[0], cols[1], lexicons)
        rows += 1
        if not refs:
            unsourced += 1
        cols.append("; ".join(refs) if refs else "unsourced")
        out.append("\t".join(cols))
    return "\n".join(out), rows, unsourced


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default="data/events")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    lexicons = [
        ("frames.tsv", load_lexicon(os.path.join(args.dir, "frames.tsv"))),
        ("nominal_frames.tsv", load_lexicon(os.path.join(args.dir, "nominal_frames.tsv"))),
    ]
    path = os.path.join(args.dir, "triggers.tsv")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Strip an existing source column before recomputing it (hand-written ones stay).
    def strip(line: str) -> str:
        if line.startswith(("#", "@")) or not line.strip():
            return line
        cols = line.split("\t")
        if len(cols) > 7 and cols[7].startswith(KEPT_SOURCES):
            return "\t".join(cols[:8])
        return "\t".join(cols[:7])

    stripped = "\n".join(strip(line) for line in text.split("\n"))
    new, rows, unsourced = rewrite(stripped, lexicons)
    print(f"{rows} trigger rows, {rows - unsourced} sourced, {unsourced} unsourced", file=sys.stderr)
    if args.check:
        if new != text:
            print(f"{path}: the source column is stale; run scripts/trigger_sources.py", file=sys.stderr)
            return 1
        return 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
