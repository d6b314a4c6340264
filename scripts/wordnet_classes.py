#!/usr/bin/env python3
"""Derive noun classes for event argument constraints from WordNet 3.0.

    python3 scripts/wordnet_classes.py data/events/noun_class_roots.tsv /usr/share/wordnet data/events/noun_classes.tsv

The roots spec (data/events/noun_class_roots.tsv, hand-written) names, for each
class, the WordNet noun synsets whose hyponym closure makes up the class:

    class  synset  offset  why

`synset` is `lemma.n.NN`, NN the sense number in index.noun order; `offset` the
synset's byte offset in data.noun (both are given so that a typo in either is
caught: they must agree). A class written `!class` is a negative root: its closure
is removed from the class. A class is

    closure(positive roots) - closure(negative roots)

where closure(s) is s with every synset reachable from it through hyponym (`~`)
and instance-hyponym (`~i`) pointers, so countries and cities, which WordNet
records as instances, belong to `place`.

The output has one row per noun lemma of index.noun with at least one sense in
some class (a lemma absent from the file has no sense in any class):

    lemma  classes  senses  first

classes: the classes of any of its senses (sorted, comma-separated); senses:
`class:k/n` for each, k of its n senses in the class; first: the classes of its
first (most frequent) sense, or `-`.

Python 3.11 standard library only; the output depends only on the two inputs
(rows sorted, no timestamps).
"""

import os
import sys
from collections import deque

# Required by the WordNet licence to accompany copies of the database and of
# works derived from it (text of /usr/share/doc/wordnet-base/copyright).
WORDNET_LICENSE = """\
WordNet Release 3.0

This software and database is being provided to you, the LICENSEE, by
Princeton University under the following license.  By obtaining, using
and/or copying this software and database, you agree that you have
read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or
royalty is hereby granted, provided that you agree to comply with
the following copyright notice and statements, including the disclaimer,
and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal
use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in
advertising or publicity pertaining to distribution of the software
and/or database.  Title to copyright in this software, database and
any associated documentation shall at all times remain with
Princeton University and LICENSEE agrees to preserve same.
"""

HYPONYM = {"~", "~i"}
MAX_BYTES = 4_000_000


def fail(msg):
    sys.exit(f"wordnet_classes.py: {msg}")


def read_index(path):
    """lemma -> [synset offsets in sense order] from index.noun."""
    index = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):  # licence header
                continue
            p = line.split()
            lemma, synset_cnt, p_cnt = p[0], int(p[2]), int(p[3])
            offsets = p[4 + p_cnt + 2:]
            if len(offsets) != synset_cnt:
                fail(f"{path}: malformed line for {lemma!r}")
            index[lemma] = offsets
    return index


def read_data(path):
    """offset -> (words, hyponym offsets, is_instance) from data.noun."""
    data = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            head = line.split(" | ", 1)[0].split()
            offset = head[0]
            w_cnt = int(head[3], 16)
            words = [head[4 + 2 * i] for i in range(w_cnt)]
            i = 4 + 2 * w_cnt
            p_cnt = int(head[i])
            i += 1
            hypo, instance = [], False
            for _ in range(p_cnt):
                sym, target, pos = head[i], head[i + 1], head[i + 2]
                i += 4
                if pos == "n" and sym in HYPONYM:
                    hypo.append(target)
                if sym == "@i":
                    instance = True
            data[offset] = (words, hypo, instance)
    return data


def read_roots(path, index, data):
    """[(class, negative, offset)] from the roots spec, checked against WordNet."""
    roots = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4:
                fail(f"{path}:{n}: expected 4 tab-separated columns (class synset offset why)")
            cls, synset, offset, why = cols
            negative = cls.startswith("!")
            name = cls[1:] if negative else cls
            if not name or not name.replace("_", "").isalnum() or not name.islower():
                fail(f"{path}:{n}: bad class name {cls!r}")
            lemma, pos, sense = synset.rsplit(".", 2) if synset.count(".") >= 2 else ("", "", "")
            if pos != "n" or not sense.isdigit() or lemma not in index:
                fail(f"{path}:{n}: bad synset {synset!r} (want lemma.n.NN, lemma in index.noun)")
            senses = index[lemma]
            k = int(sense)
            if not 1 <= k <= len(senses):
                fail(f"{path}:{n}: {synset}: {lemma} has {len(senses)} noun senses")
            if senses[k - 1] != offset:
                fail(f"{path}:{n}: {synset} is {senses[k - 1]} in index.noun, not {offset}")
            if offset not in data:
                fail(f"{path}:{n}: offset {offset} not in data.noun")
            if not why.strip():
                fail(f"{path}:{n}: empty justification")
            roots.append((name, negative, offset))
    return roots


def closure(starts, data):
    seen = set(starts)
    queue = deque(sorted(seen))
    while queue:
        for h in data[queue.popleft()][1]:
            if h not in seen:
                seen.add(h)
                queue.append(h)
    return seen


def build_classes(roots, data):
    pos, neg = {}, {}
    for name, negative, offset in roots:
        (neg if negative else pos).setdefault(name, []).append(offset)
    for name in neg:
        if name not in pos:
            fail(f"negative root for {name!r}, which has no positive root")
    for name, offsets in sorted(pos.items()) + sorted(neg.items()):
        for o in offsets:
            inside = [r for r in offsets if r != o and o in closure([r], data)]
            if inside:
                print(f"wordnet_classes.py: warning: root {o} of {name} is under {inside[0]}",
                      file=sys.stderr)
    return {name: closure(pos[name], data) - closure(neg.get(name, []), data)
            for name in sorted(pos)}


def is_proper_instance(lemma, offsets, data):
    """All senses are capitalised instances (named people, works, places...)."""
    return all(data[o][2] and any(w[:1].isupper() and w.lower() == lemma for w in data[o][0])
               for o in offsets)


def rows(index, classes, data, keep):
    out = []
    for lemma in sorted(index):
        offsets = index[lemma]
        if not keep(lemma, offsets):
            continue
        n = len(offsets)
        counts = [(c, sum(o in members for o in offsets)) for c, members in classes.items()]
        counts = [(c, k) for c, k in counts if k]
        if not counts:
            continue
        first = [c for c, members in classes.items() if offsets[0] in members]
        out.append("\t".join([
            lemma,
            ",".join(c for c, _ in counts),
            ",".join(f"{c}:{k}/{n}" for c, k in counts),
            ",".join(first) or "-",
        ]))
    return out


def header(classes, dropped):
    lines = [
        "Noun classes for event argument constraints, derived from the WordNet 3.0 noun hierarchy.",
        "A class is the hyponym closure (hyponyms and instance hyponyms) of its root synsets,",
        "minus that of its negative roots; data/events/noun_class_roots.tsv lists the roots and why.",
        "generated by scripts/wordnet_classes.py from WordNet 3.0 and data/events/noun_class_roots.tsv; do not edit",
        "",
        "Columns (tab-separated):",
        "  lemma    a WordNet noun lemma, lower case, multi-word lemmas joined with `_` as WordNet",
        "           writes them; look up the lemmatised head noun (\"sanctions\" -> sanction)",
        "  classes  the classes any of its senses belongs to, sorted, comma-separated",
        "  senses   class:k/n for each of those classes: k of the lemma's n noun senses are in it",
        "  first    the classes of its first (most frequent) sense; `-` if none",
        "A noun lemma that is not listed has no sense in any class.",
    ]
    if dropped:
        lines += dropped.split("\n")
    lines += ["", "Synsets per class:"]
    lines += [f"  {c}\t{len(m)}" for c, m in classes.items()]
    lines += ["", "WordNet licence (the licence requires this notice on all copies):", ""]
    lines += WORDNET_LICENSE.rstrip("\n").split("\n")
    return [("# " + l).rstrip() for l in lines]


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    roots_path, wn_dir, out_path = argv[1:]
    index = read_index(os.path.join(wn_dir, "index.noun"))
    data = read_data(os.path.join(wn_dir, "data.noun"))
    roots = read_roots(roots_path, index, data)
    classes = build_classes(roots, data)

    body = rows(index, classes, data, lambda lemma, offsets: True)
    dropped = ""
    size = sum(len(r) + 1 for r in body)
    if size > MAX_BYTES:
        # Named instances (people, works, battles...) are looked up by the entity
        # stage, not here; keep only those that are places (countries, cities, regions).
        place = classes.get("place", set())

        def keep(lemma, offsets):
            if lemma.count("_") > 2:
                return False
            return not is_proper_instance(lemma, offsets, data) or any(o in place for o in offsets)
        body = rows(index, classes, data, keep)
        dropped = ("Dropped to keep the file under 4 MB: lemmas of more than three words, and\n"
                   "proper-noun lemmas all of whose senses are named instances (people, works,\n"
                   "events, named organisations) unless one of the senses is a place (countries,\n"
                   "cities and regions are kept). Named entities are the entity stage's business.")
    text = "\n".join(header(classes, dropped) + body) + "\n"
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{out_path}: {len(body)} lemmas, {len(text.encode())} bytes", file=sys.stderr)
    if len(text.encode()) > MAX_BYTES:
        print(f"wordnet_classes.py: warning: output exceeds {MAX_BYTES} bytes", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
