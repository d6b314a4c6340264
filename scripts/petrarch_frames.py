#!/usr/bin/env python3
"""Convert PETRARCH's CAMEO.2.0 verb dictionary into annalist's frame lexicon.

Usage:
    python3 scripts/petrarch_frames.py /work/shared/data/petrarch/CAMEO.2.0.txt data/events

Writes, into the output directory:
    frames.tsv          lemma, pos, pattern, cameo, source (one row per verb lemma and pattern)
    petrarch_sets.tsv   set, lemma, source (members of every synonym set an emitted pattern uses)

Skipped patterns are counted per reason and the counts are printed to stderr.
Python 3.11 standard library only; the output is deterministic (sorted rows).

Source format (PETRARCH 2, PETRreader.read_verb_dictionary):
  * synonym sets: a line `&NAME` followed by `+WORD` / `+MULTI_WORD` member lines;
  * verb blocks: `--- NAME [code] ---`, then verb lines `VERB {irregular forms} [code]`
    (`+VERB_PARTICLE` for multi-word verbs, `+` marking the word that is the verb), then
    pattern lines `- pre-verb words * post-verb words [code] # comment`;
  * in patterns, bare words are nouns (heads of noun phrases), `{A B}` is a noun phrase whose
    last word is the head, `( PREP ... )` a prepositional phrase, `&SET` a synonym set,
    `+` the target and `$` the source, `^` any noun phrase, `%` a compound actor;
  * codes: `[A]`, `[A:P]` (active code A, passive code P), `[:P]` (passive only), `[---]` (null).

Lemmas come from WordNet 3.0's morphy algorithm (morphy(7WN): exception lists, then the
rules of detachment, each candidate checked against index.<pos>), implemented below.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys

SOURCE_TAG = "CAMEO.2.0"
DEFAULT_WORDNET = "/usr/share/wordnet"

# --------------------------------------------------------------------------------------------
# Closed-class English words. These are not inflection tables: they only classify pattern
# tokens (preposition / particle / function word) so a pattern can be mapped onto dependents.
# --------------------------------------------------------------------------------------------

PREPOSITIONS = frozenset("""
about above across after against along alongside amid amidst among amongst around as at
before behind below beneath beside besides between beyond by despite during except for from
in inside into like near of off on onto out outside over past per since through throughout
till to toward towards under underneath unlike until unto up upon via with within without
""".split())

# Adverbial particles of phrasal verbs (UD compound:prt). Written bare or as `( PARTICLE ...)`
# in a pattern they are folded into the lemma (`set` + OUT -> `set_out`).
PARTICLES = frozenset("""
up down out off away back aside forward forth together apart
""".split())

FUNCTION_WORDS = frozenset("""
a an the this that these those no any some all each every either neither both another other
such its their his her our my your whose which what who whom whether if than then so
and or but nor not never n't also only even just very too
will would shall should can could may might must
be is are was were been being am have has had having do does did done doing
he she it they we i you him them us me
there here now again still already yet
""".split())

NOUN_RULES = [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
              ("shes", "sh"), ("men", "man"), ("ies", "y")]
VERB_RULES = [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
              ("ing", "e"), ("ing", "")]

CODE_RE = re.compile(r"^(?:---|\d{2,4})?(?::(?:---|\d{2,4}))?$")


# --------------------------------------------------------------------------------------------
# WordNet morphy
# --------------------------------------------------------------------------------------------

class WordNet:
    """The parts of WordNet 3.0 that morphy needs: lemma indexes and exception lists."""

    def __init__(self, directory: str):
        self.index = {}
        self.exc = {}
        for pos in ("noun", "verb", "adj", "adv"):
            self.index[pos] = self._read_index(os.path.join(directory, "index." + pos))
        for pos in ("noun", "verb"):
            self.exc[pos] = self._read_exc(os.path.join(directory, pos + ".exc"))

    @staticmethod
    def _read_index(path: str) -> frozenset:
        lemmas = set()
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(" "):  # licence preamble lines start with two spaces
                    continue
                lemmas.add(line.split(" ", 1)[0])
        return frozenset(lemmas)

    @staticmethod
    def _read_exc(path: str) -> dict:
        table = {}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and parts[0] not in table:
                    table[parts[0]] = parts[1:]
        return table

    def defined(self, word: str, pos: str) -> bool:
        return word in self.index[pos]

    def _morphword(self, word: str, pos: str):
        """morphword() of WordNet's morph.c: one word, exception list then detachment rules."""
        if not word:
            return None
        if word in self.exc.get(pos, {}):
            bases = self.exc[pos][word]
            for base in bases:
                if self.defined(base, pos):
                    return base
            return None   # no listed base form is in the index (e.g. noun.exc: guilder guilde)
        end = ""
        if pos == "noun":
            if word.endswith("ful"):
                end = "ful"
                word = word[:-3]
            elif word.endswith("ss") or len(word) <= 2:
                return None
        rules = NOUN_RULES if pos == "noun" else VERB_RULES
        for suffix, ending in rules:
            if word.endswith(suffix):
                base = word[: len(word) - len(suffix)] + ending
                if base != word and self.defined(base + end, pos):
                    return base + end
        return None

    def morphy(self, word: str, pos: str):
        """morphstr() of WordNet's morph.c: a word or a hyphenated collocation; None if no base."""
        word = word.lower()
        if word in self.exc.get(pos, {}):
            base = self._morphword(word, pos)
            if base and base != word:
                return base
        base = self._morphword(word, pos)
        if base and base != word:
            return base
        if "-" in word or "_" in word:
            parts = re.split(r"([-_])", word)
            rebuilt = []
            for piece in parts:
                if piece in ("-", "_"):
                    rebuilt.append(piece)
                else:
                    rebuilt.append(self._morphword(piece, pos) or piece)
            joined = "".join(rebuilt)
            if joined != word and self.defined(joined, pos):
                return joined
        return None

    def lemma(self, word: str, pos: str) -> str:
        """Base form from morphy; the word itself (lower case) when morphy finds none."""
        return self.morphy(word, pos) or word.lower()

    def known(self, word: str) -> bool:
        w = word.lower()
        return any(self.defined(w, p) or self.morphy(w, p) for p in ("noun", "verb", "adj", "adv"))

    def is_noun(self, word: str) -> bool:
        w = word.lower()
        return self.defined(w, "noun") or self.morphy(w, "noun") is not None


# --------------------------------------------------------------------------------------------
# Reading the dictionary
# --------------------------------------------------------------------------------------------

class Skip(Exception):
    """A pattern that cannot be expressed faithfully; the message is the reason."""


def clean_text(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def strip_comment(line: str) -> str:
    pos = line.find("#")
    return line if pos < 0 else line[:pos]


def read_header(lines):
    """The MIT notice of the source: from 'The MIT License' to the end of the disclaimer."""
    out = []
    inside = False
    for line in lines:
        if not line.startswith("#"):
            break
        text = line[1:].rstrip("\n")
        if text.startswith(" "):
            text = text[1:]
        if "The MIT License" in text:
            inside = True
        if inside:
            out.append(text.rstrip())
            if "DEALINGS IN THE SOFTWARE" in text:
                break
    if not out or "DEALINGS IN THE SOFTWARE" not in out[-1]:
        raise SystemExit("could not find the MIT licence notice in the source header")
    return out


def parse_dictionary(lines):
    """Returns (synsets, blocks, other) with line numbers kept for provenance."""
    synsets = {}          # name (with &) -> list of (line_no, member text)
    synset_line = {}
    blocks = []           # dicts: name, code, line, verbs [(line_no, text, word, forms, code)], patterns
    transformations = 0
    stray = []
    in_verbs = False
    current_set = None
    block = None
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if line.startswith("####### VERB PATTERNS"):
            in_verbs = True
            current_set = None
            continue
        if not line.strip() or line.startswith("#") or line.startswith("<!"):
            continue
        if not in_verbs:
            body = strip_comment(line).strip()
            if not body:
                continue
            if body.startswith("&"):
                current_set = body
                synsets.setdefault(current_set, [])
                synset_line[current_set] = no
            elif body.startswith("+") and current_set:
                synsets[current_set].append((no, body[1:].strip()))
            else:
                stray.append((no, line))
            continue
        if line.startswith("~"):
            transformations += 1
            continue
        if line.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---", line)
            if not m:
                stray.append((no, line))
                continue
            block = {"name": m.group(1), "code": m.group(2).strip(), "line": no,
                     "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            stray.append((no, line))
            continue
        if line.startswith("-"):
            block["patterns"].append((no, line))
            continue
        body = strip_comment(line).split(";")[0].strip()   # `;` is TABARI's comment mark
        if not body:
            continue
        code = None
        m = re.search(r"\[([^\]]*)\]", body)
        if m:
            code = m.group(1).strip()
            body = (body[: m.start()] + body[m.end():]).strip()
        forms = []
        m = re.search(r"\{([^}]*)\}", body)
        if m:
            forms = m.group(1).replace(",", " ").split()
            body = (body[: m.start()] + body[m.end():]).strip()
        words = body.split()
        if not words:
            stray.append((no, line))
            continue
        block["verbs"].append({"line": no,
                               "text": clean_text(strip_comment(line).split(";")[0]),
                               "word": words[0], "extra": words[1:], "forms": forms,
                               "code": code})
    return synsets, synset_line, blocks, transformations, stray


# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

def tokenize(text: str):
    tokens = []
    for piece in re.findall(r"[(){}*]|[^\s(){}*]+", text):
        tokens.append(piece)
    return tokens


def group(tokens):
    """Turn a token list into items: ('pp', [tokens]), ('np', [tokens]), ('w', token)."""
    items = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "(":
            j = i + 1
            inner = []
            while j < len(tokens) and tokens[j] != ")":
                if tokens[j] == "(":
                    raise Skip("malformed brackets")
                if tokens[j] == "{":
                    k = j + 1
                    np = []
                    while k < len(tokens) and tokens[k] != "}":
                        if tokens[k] in "(){":
                            raise Skip("malformed brackets")
                        np.append(tokens[k])
                        k += 1
                    if k >= len(tokens):
                        raise Skip("malformed brackets")
                    inner.append(("np", np))
                    j = k + 1
                    continue
                if tokens[j] == "}":
                    raise Skip("malformed brackets")
                inner.append(("w", tokens[j]))
                j += 1
            if j >= len(tokens):
                raise Skip("malformed brackets")
            items.append(("pp", inner))
            i = j + 1
        elif tok == "{":
            j = i + 1
            np = []
            while j < len(tokens) and tokens[j] != "}":
                if tokens[j] in "(){":
                    raise Skip("malformed brackets")
                np.append(tokens[j])
                j += 1
            if j >= len(tokens):
                raise Skip("malformed brackets")
            items.append(("np", np))
            i = j + 1
        elif tok in (")", "}"):
            raise Skip("malformed brackets")
        else:
            items.append(("w", tok))
            i += 1
    return items


class Converter:
    def __init__(self, wn: WordNet, synsets: dict):
        self.wn = wn
        self.synsets = synsets
        self.notes = collections.Counter()
        self.cur_notes = set()
        self.set_notes = collections.Counter()

    # ---- words -------------------------------------------------------------------------

    def noun_lemma(self, word: str) -> str:
        return self.wn.lemma(word, "noun")

    def classify_word(self, tok: str) -> str:
        """'role', 'set', 'wild', 'compound', 'noun', 'prep', 'particle', 'function', 'nonnoun'."""
        if tok in ("+", "$"):
            return "role"
        if tok == "^":
            return "wild"
        if tok == "%":
            return "compound"
        if tok.startswith("&"):
            return "set"
        low = tok.lower().rstrip("_")
        if "_" in low:
            return "multi"
        if low in PARTICLES:
            return "particle"
        if low in PREPOSITIONS:
            return "prep"
        if low in FUNCTION_WORDS:
            return "function"
        if not re.search(r"[a-z0-9]", low):
            return "junk"
        if "/" in low:
            return "disjunction"
        if self.wn.is_noun(low):
            return "noun"
        if self.wn.known(low):
            return "nonnoun"
        self.cur_notes.add("word not in WordNet, kept as a noun (lower case)")
        return "noun"

    def set_ref(self, tok: str) -> str:
        name = tok
        if name not in self.synsets:
            raise Skip("undefined synonym set")
        return name

    def phrase_values(self, words):
        """Values for a multi-word noun phrase: modifiers as written (lower case), head
        lemmatised; a synonym set in the phrase is expanded into its members (PETRARCH
        substitutes each member the same way)."""
        if not words:
            raise Skip("empty noun phrase { }")
        sets = [w for w in words if w.startswith("&")]
        for w in words:
            if w in ("+", "$", "^", "%"):
                raise Skip("role marker or wildcard inside a noun phrase")
        if sets:
            if len(words) == 1:
                return [self.set_ref(words[0])]
            for w in sets:
                self.set_ref(w)
            raise Skip("synonym set inside a multi-word noun phrase {...}")
        parts = [p for w in words for p in w.split("_") if p]
        low = [p.lower() for p in parts]
        for p in low:
            if p in FUNCTION_WORDS or p in PREPOSITIONS:
                raise Skip("function word inside a noun phrase")
        low[-1] = self.noun_lemma(low[-1])
        return ["_".join(low)]

    def member_lemma(self, text: str) -> str:
        parts = [p for p in text.replace(" ", "_").split("_") if p]
        low = [p.lower() for p in parts]
        if any(p in PREPOSITIONS or p in FUNCTION_WORDS for p in low[1:]):
            # `difference of opinion`: the head is not the last word; use morphy on the
            # whole WordNet collocation (each word reduced, result checked in the index).
            self.set_notes["multi-word set member with a preposition (head not last)"] += 1
            return self.wn.lemma("_".join(low), "noun")
        low[-1] = self.noun_lemma(low[-1])
        return "_".join(low)

    def noun_item_values(self, item):
        """Values of one noun slot: list of strings (several when a set is expanded)."""
        kind, body = item
        if kind == "np":
            return self.phrase_values(body)
        tok = body
        cls = self.classify_word(tok)
        if cls == "role":
            return [tok]
        if cls == "set":
            return [self.set_ref(tok)]
        if cls == "multi":
            return self.phrase_values([tok.rstrip("_")])
        if cls == "noun":
            return [self.noun_lemma(tok.rstrip("_"))]
        raise AssertionError(cls)

    def is_noun_item(self, item) -> bool:
        kind, body = item
        if kind == "np":
            return True
        if kind != "w":
            return False
        return self.classify_word(body) in ("role", "set", "multi", "noun")

    def check_word(self, tok: str, side: str):
        cls = self.classify_word(tok)
        if cls == "wild":
            raise Skip("^ (any noun phrase) wildcard")
        if cls == "compound":
            raise Skip("% compound-actor marker")
        if cls == "disjunction":
            raise Skip("TABARI disjunction A/B (PETRARCH skips these)")
        if cls == "junk":
            raise Skip("stray symbol in pattern")
        if cls == "function":
            raise Skip("function word (auxiliary, negation, determiner, conjunction) %s the verb"
                       % side)
        if cls == "nonnoun":
            raise Skip("adjective, adverb or verb %s the verb (not a noun dependent)" % side)

    # ---- pattern ----------------------------------------------------------------------

    def convert(self, text: str):
        """Returns (particle or None, [constraint alternatives], code). Each alternative is a
        list of 'key=value' strings."""
        self.cur_notes = set()
        body = strip_comment(text)[1:]
        codes = re.findall(r"\[([^\]]*)\]", body)
        if len(codes) != 1:
            raise Skip("malformed pattern (no single [code])")
        code = codes[0].strip()
        m = re.search(r"\[[^\]]*\]", body)
        tail = body[m.end():].strip()
        pat = body[: m.start()]
        if tail:
            raise Skip("malformed pattern (text after the code)")
        if not CODE_RE.match(code) or code in ("", ":"):
            raise Skip("malformed CAMEO code")
        if pat.count("*") != 1:
            raise Skip("malformed pattern (not exactly one *)")
        if re.search(r"_\*|\*_", pat):
            raise Skip("verb joined to pattern words with _ (multi-word verb fragment)")
        if "/" in pat:
            raise Skip("TABARI disjunction A/B (PETRARCH skips these)")
        pat = pat.replace("_ ", " ")
        pre_text, post_text = pat.split("*")
        pre = group(tokenize(pre_text))
        post = group(tokenize(post_text))

        slots = []  # (key, [values])
        particle = None

        # ---- before the verb: the grammatical subject ----
        pre_nouns = []
        for kind, body_ in pre:
            if kind == "pp":
                raise Skip("prepositional phrase before the verb (modifies the subject)")
            if kind == "w":
                cls = self.classify_word(body_)
                if cls in ("prep", "particle"):
                    raise Skip("preposition or particle before the verb")
                self.check_word(body_, "before")
            pre_nouns.append((kind, body_))
        if len(pre_nouns) > 1:
            if any(k == "w" and b in ("+", "$") for k, b in pre_nouns):
                raise Skip("role marker next to a noun (possessive/compound; not a dependent)")
            raise Skip("several words before the verb (TABARI word sequence)")
        if pre_nouns:
            slots.append(("subj", self.noun_item_values(pre_nouns[0])))

        # ---- after the verb ----
        objs = []
        i = 0
        previous = "verb"
        while i < len(post):
            kind, body_ = post[i]
            nxt = post[i + 1] if i + 1 < len(post) else None
            if kind == "pp":
                if not body_:
                    raise Skip("empty ( )")
                head_kind, head = body_[0]
                rest = body_[1:]
                if head_kind != "w":
                    raise Skip("( ) group not headed by a preposition")
                low = head.lower()
                if low in PARTICLES:
                    if particle and particle != low:
                        raise Skip("two particles")
                    particle = low
                    self.cur_notes.add("particle written as ( PARTICLE ... ) read as phrasal verb")
                    for it in rest:
                        if not self.is_noun_item(it):
                            if it[0] == "w":
                                if self.classify_word(it[1]) == "prep":
                                    raise Skip("preposition without an object")
                                self.check_word(it[1], "after")
                            raise Skip("( ) group not headed by a preposition")
                        objs.append(it)
                    previous = "pp"
                    i += 1
                    continue
                if low not in PREPOSITIONS:
                    raise Skip("( ) group not headed by a preposition")
                if not rest:
                    if nxt and nxt[0] == "w" and nxt[1] in ("+", "$"):
                        slots.append((low, [nxt[1]]))
                        self.cur_notes.add("(PREP) followed by +/$ read as PREP=+/$")
                        i += 2
                        previous = "pp"
                        continue
                    raise Skip("preposition without an object")
                if len(rest) > 1:
                    if any(k == "w" and b in ("+", "$") for k, b in rest):
                        raise Skip("role marker next to a noun (possessive/compound; "
                                   "not a dependent)")
                    raise Skip("several words in one prepositional phrase")
                it = rest[0]
                if it[0] == "w":
                    cls = self.classify_word(it[1])
                    if cls in ("prep", "particle"):
                        raise Skip("several words in one prepositional phrase")
                    self.check_word(it[1], "after")
                slots.append((low, self.noun_item_values(it)))
                previous = "pp"
                i += 1
                continue
            if kind == "np":
                objs.append((kind, body_))
                previous = "noun"
                i += 1
                continue
            cls = self.classify_word(body_)
            if cls == "particle":
                if particle and particle != body_.lower():
                    raise Skip("two particles")
                particle = body_.lower()
                previous = "particle"
                i += 1
                continue
            if cls == "prep":
                low = body_.lower()
                if previous not in ("verb", "particle"):
                    raise Skip("bare preposition after a noun (TABARI word sequence; "
                               "attachment ambiguous)")
                if nxt is None:
                    raise Skip("preposition without an object")
                if not self.is_noun_item(nxt):
                    if nxt[0] == "w":
                        self.check_word(nxt[1], "after")
                    raise Skip("bare preposition after a noun (TABARI word sequence; "
                               "attachment ambiguous)")
                after = post[i + 2] if i + 2 < len(post) else None
                if after is not None and self.is_noun_item(after):
                    raise Skip("several words in one prepositional phrase")
                slots.append((low, self.noun_item_values(nxt)))
                self.cur_notes.add("bare PREP NOUN right after the verb read as a PP")
                previous = "pp"
                i += 2
                continue
            self.check_word(body_, "after")
            objs.append((kind, body_))
            previous = "noun"
            i += 1

        if len(objs) > 1:
            if any(k == "w" and b in ("+", "$") for k, b in objs):
                raise Skip("role marker next to a noun (possessive/compound; not a dependent)")
            raise Skip("several nouns after the verb (TABARI word sequence)")
        if objs:
            slots.append(("obj", self.noun_item_values(objs[0])))

        # ---- combine ----
        alternatives = [[]]
        for key, values in slots:
            alternatives = [a + ["%s=%s" % (key, v)] for a in alternatives for v in values]
        return particle, alternatives, code


def order_constraints(cons):
    def key(c):
        k = c.split("=", 1)[0]
        rank = 0 if k == "subj" else 1 if k == "obj" else 2
        return (rank, c)
    return " ".join(sorted(cons, key=key))


# --------------------------------------------------------------------------------------------
# Verbs
# --------------------------------------------------------------------------------------------

def verb_lemma(wn: WordNet, word: str, block_bases: set) -> str:
    """Lemma of a verb entry. PETRARCH verb entries are base forms (the reader derives -S/-ED/
    -ING from them), so an entry WordNet lists as a verb is kept -- unless morphy reduces it to
    another entry of the same block (SAW next to SEE, BURNT next to BURN). Otherwise morphy."""
    w = word.lower()
    base = wn.morphy(w, "verb")
    if base and base != w and base in block_bases:
        return base
    if wn.defined(w, "verb"):
        return w
    return base or w


def multiword_lemma(wn: WordNet, word: str) -> str:
    parts = [p for p in word.split("_")]
    out = []
    for p in parts:
        if p.startswith("+"):
            out.append(wn.lemma(p[1:], "verb") if not wn.defined(p[1:].lower(), "verb")
                       else p[1:].lower())
        else:
            out.append(p.lower())
    return "_".join(x for x in out if x)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def header_lines(kind: str, mit: list, wn_licence: list) -> list:
    h = []
    if kind == "frames":
        h += [
            "PETRARCH verb frames: verb lemma + dependency constraints -> CAMEO code.",
            "Converted from the PETRARCH 2 CAMEO verb dictionary (CAMEO.2.0.txt, Open Event Data",
            "Alliance). Every pattern of a PETRARCH verb block applies to every verb of that block.",
            "",
            "Columns (tab-separated):",
            "  lemma    verb lemma, lower case. Multi-word verbs join words with `_` (carry_out,",
            "           call_off): the first word is the verb, the rest its particle or following",
            "           words. A pattern's particle (`* OUT VIEWS`, `* (OFF SANCTIONS)`) is folded",
            "           into the lemma the same way (set_out, shrug_off).",
            "  pos      VERB",
            "  pattern  `-` : no constraint: the verb's default code (from its block header, or",
            "           its own [code]; a block coded [---] gives none), or a pattern that only",
            "           names a particle (`- * DOWN [1712]` in BURN -> burn_down `-`);",
            "           otherwise space-separated constraints that must all hold on the verb's",
            "           dependents in a Universal Dependencies parse:",
            "             obj=W     the direct object's head has lemma W",
            "             subj=W    the subject's head has lemma W (PETRARCH: the word before `*`)",
            "             PREP=W    a prepositional dependent introduced by PREP (lower case)",
            "                       whose head has lemma W, e.g. to=border, against=&WEAPON.",
            "                       PETRARCH looks for it inside the object's noun phrase",
            "                       first, then beside the verb: with an obj constraint the",
            "                       PP may be the object's dependent (nmod, typical for `of`:",
            "                       obj=withdrawal of=$) rather than the verb's (obl).",
            "           W is a lemma (lower case; nouns lemmatised with WordNet morphy), a",
            "           multi-word noun phrase joined with `_` whose LAST word is the head and",
            "           the earlier words modifiers before it, as written (arms_shipment = head",
            "           shipment with `arms` before it), or `&SET`: the head is a member of",
            "           synonym set SET (data/events/petrarch_sets.tsv).",
            "           subj is the surface subject (nsubj, or nsubj:pass for a passive verb).",
            "           Role markers: `+` the target (recipient), `$` the source (actor):",
            "             obj=+ / obj=$       the direct object is the target / the source",
            "             PREP=+ / PREP=$     the object of PREP is the target / the source",
            "                                 (`(TO +)`, `(FROM $)`, and `(AGAINST) +`)",
            "             subj=+ / subj=$     the subject is the target / the source (`+ *`)",
            "  cameo    the code as written in brackets in the source. `A:P` is PETRARCH's",
            "           active:passive pair (A when the verb is active, P when passive); `:P` has",
            "           only a passive reading (PETRARCH then codes it passive: the subject is the",
            "           target). `---` is PETRARCH's null code: the pattern matches but yields no",
            "           event (it overrides the verb's default).",
            "  source   provenance: CAMEO.2.0:L<line> <BLOCK> \"<original text>\"",
            "",
            "Conversion rules:",
            "  * Lemmas: WordNet 3.0 morphy (exception list, then the rules of detachment, each",
            "    result checked in index.noun / index.verb; no base form -> the word in lower",
            "    case). For nouns morphy's base is preferred to the word itself (troops -> troop,",
            "    talks -> talk, as a UD lemmatiser gives). Verb entries are PETRARCH base forms",
            "    and are kept when WordNet lists them as verbs (found, wound), unless morphy",
            "    reduces them to another verb of the same block (SAW next to SEE -> see).",
            "  * A verb listed in several blocks takes its default from its first block only",
            "    (PETRARCH keeps the first); later blocks' patterns still apply to it, below the",
            "    first block's rows. For one (lemma, pattern) one row is kept: the lemma's own",
            "    block first, then the earlier block, and within a block the later line (PETRARCH",
            "    overwrites an identical pattern).",
            "  * A bare preposition right after `*` (`* FROM +`) is read as a prepositional phrase;",
            "    `(PREP) +` as PREP=+.",
            "  * Patterns that cannot be expressed this way (TABARI word sequences, `^` wildcards,",
            "    `%` compound actors, prepositional phrases without an object, several objects,",
            "    adjectives or adverbs as complements, synonym sets inside a longer noun phrase,",
            "    `A/B` disjunctions, ...) are left out; the generator prints the count per reason",
            "    (`--skipped FILE` lists them). The verb transformation rules (`~` lines) are not",
            "    converted.",
        ]
    else:
        h += [
            "PETRARCH synonym sets used by data/events/frames.tsv (`&SET` in a pattern).",
            "Converted from the PETRARCH 2 CAMEO verb dictionary (CAMEO.2.0.txt, Open Event Data",
            "Alliance).",
            "",
            "Columns (tab-separated):",
            "  set      set name without `&`, as written in the source",
            "  lemma    member lemma, lower case: single nouns lemmatised with WordNet morphy;",
            "           multi-word members joined with `_`, the last word (lemmatised) is the head",
            "           and the earlier words are modifiers as written (prime_minister)",
            "  source   provenance: CAMEO.2.0:L<line> &SET \"+MEMBER\"",
            "",
            "Nouns are lemmatised with WordNet 3.0 morphy (see data/events/frames.tsv). A",
            "trailing `_` on a member (PETRARCH: no plural) is dropped. A member holding a",
            "preposition (difference_of_opinion) is a WordNet collocation whose head is its",
            "first word; it is lemmatised as a whole.",
        ]
    h += [
        "",
        "generated by scripts/petrarch_frames.py from PETRARCH CAMEO.2.0.txt; do not edit by hand",
        "",
        "Source licence (CAMEO.2.0.txt):",
        "",
    ]
    h += mit
    h += [
        "",
        "Lemmas were produced with WordNet 3.0 morphology data (index and exception files):",
        "",
    ]
    h += wn_licence
    return ["#" if not x else "# " + x for x in h]


def read_wordnet_licence(path: str) -> list:
    lines = []
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    m = re.search(r"^License: WordNet3\.0\n(.*?)(?=^\S|\Z)", text, re.M | re.S)
    if not m:
        raise SystemExit("WordNet licence not found in " + path)
    lines.append("WordNet Release 3.0")
    lines.append("")
    for line in m.group(1).splitlines():
        line = line[1:] if line.startswith(" ") else line
        lines.append("" if line.strip() == "." else line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="PETRARCH CAMEO.2.0.txt")
    ap.add_argument("outdir", help="output directory (data/events)")
    ap.add_argument("--wordnet", default=DEFAULT_WORDNET, help="WordNet 3.0 dict directory")
    ap.add_argument("--wordnet-copyright", default="/usr/share/doc/wordnet-base/copyright",
                    help="file holding the WordNet 3.0 licence")
    ap.add_argument("--skipped", metavar="FILE",
                    help="also write every skipped pattern with its reason to FILE")
    args = ap.parse_args(argv)

    with open(args.source, encoding="utf-8") as fh:
        lines = fh.readlines()
    mit = read_header(lines)
    wn_licence = read_wordnet_licence(args.wordnet_copyright)
    wn = WordNet(args.wordnet)
    synsets, synset_line, blocks, transformations, stray = parse_dictionary(lines)
    conv = Converter(wn, synsets)
    skipped = collections.Counter()
    other = collections.Counter()

    # ---- verbs: lemma -> home block (PETRARCH keeps a verb's first block) ----
    home = {}                # lemma -> block index
    block_verbs = []         # per block: list of (lemma, code, verb dict)
    for bi, block in enumerate(blocks):
        singles = set()
        for v in block["verbs"]:
            if not v["word"].startswith("+") and "_" not in v["word"]:
                singles.add(v["word"].lower())
        entries = []
        seen = set()
        for v in block["verbs"]:
            word = v["word"]
            if v["extra"]:
                other["verb line with extra words (ignored after the first word)"] += 1
            if word.startswith("+") or "_" in word:
                if "+" not in word:
                    other["multi-word verb without + (skipped)"] += 1
                    continue
                lemma = multiword_lemma(wn, word)
            else:
                lemma = verb_lemma(wn, word, singles - {word.lower()})
            if lemma in seen:
                other["verb listed twice in a block (form of another entry)"] += 1
                continue
            seen.add(lemma)
            if lemma in home and home[lemma] != bi:
                # PETRARCH gives a verb its first block only. Here the later block's
                # patterns still apply, below the first block's rows; its default does not.
                other["verb also listed in a later block (no default there; its patterns "
                      "rank below the first block's)"] += 1
                entries.append((lemma, None, v))
                continue
            home.setdefault(lemma, bi)
            code = v["code"] if v["code"] is not None else block["code"]
            entries.append((lemma, code, v))
        block_verbs.append(entries)

    # ---- rows ----
    # candidates: (lemma, pattern) -> list of (priority, cameo, source)
    candidates = collections.defaultdict(list)
    used_sets = set()
    pattern_rows = collections.Counter()
    skipped_lines = []

    for bi, block in enumerate(blocks):
        entries = block_verbs[bi]
        for lemma, code, v in entries:
            if code is None:
                continue
            if not CODE_RE.match(code) or not code:
                other["verb with malformed code (no default row)"] += 1
                continue
            if code == "---":
                continue
            src = '%s:L%d %s "%s"' % (SOURCE_TAG, v["line"], block["name"], v["text"])
            if v["code"] is None:
                src += " default [%s] L%d" % (block["code"], block["line"])
            candidates[(lemma, "-")].append(((0, bi, 0), code, src))
        for no, text in block["patterns"]:
            shown = clean_text(text)
            try:
                particle, alternatives, pcode = conv.convert(text)
            except Skip as exc:
                skipped[str(exc)] += 1
                skipped_lines.append((str(exc), no, block["name"], shown))
                continue
            for note in conv.cur_notes:
                conv.notes[note] += 1
            if not entries:
                skipped["block has no verbs"] += 1
                skipped_lines.append(("block has no verbs", no, block["name"], shown))
                continue
            src = '%s:L%d %s "%s"' % (SOURCE_TAG, no, block["name"], shown)
            emitted = False
            for lemma, _code, _v in entries:
                if particle:
                    if "_" in lemma:
                        other["particle pattern not applied to a multi-word verb"] += 1
                        continue
                    target = lemma + "_" + particle
                else:
                    target = lemma
                foreign = 1 if home.get(target, bi) != bi else 0
                for cons in alternatives:
                    pattern = order_constraints(cons) if cons else "-"
                    # within a block PETRARCH keeps the last identical pattern; across blocks
                    # the verb's own (first) block wins.
                    prio = (foreign, bi, -no) if cons else (1, bi, -no)
                    candidates[(target, pattern)].append((prio, pcode, src))
                    emitted = True
            if emitted:
                pattern_rows["patterns converted"] += 1

    rows = []
    conflicts = set()        # source lines of patterns overridden by another code
    dropped = set()          # source lines that lost every row they produced
    kept_src = set()
    for (lemma, pattern), cands in candidates.items():
        cands.sort(key=lambda c: c[0])
        best = cands[0]
        kept_src.add(best[2])
        for c in cands[1:]:
            if c[1] != best[1]:
                conflicts.add((best[2], c[2]))
            dropped.add(c[2])
        rows.append((lemma, "VERB", pattern, best[1], best[2]))
    rows.sort()
    lost = sorted(dropped - kept_src)
    for r in rows:
        for c in r[2].split():
            val = c.split("=", 1)[-1]
            if val.startswith("&"):
                used_sets.add(val)

    # used_sets may name sets whose members were never referenced elsewhere
    set_rows = []
    for name in sorted(used_sets):
        seen = set()
        for no, text in synsets[name]:
            lem = conv.member_lemma(text)
            if lem in seen:
                continue
            seen.add(lem)
            set_rows.append((name[1:], lem, '%s:L%d %s "+%s"' % (SOURCE_TAG, no, name, text)))
    set_rows.sort()

    os.makedirs(args.outdir, exist_ok=True)
    frames_path = os.path.join(args.outdir, "frames.tsv")
    sets_path = os.path.join(args.outdir, "petrarch_sets.tsv")
    with open(frames_path, "w", encoding="utf-8", newline="\n") as fh:
        for line in header_lines("frames", mit, wn_licence):
            fh.write(line + "\n")
        fh.write("# lemma\tpos\tpattern\tcameo\tsource\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    with open(sets_path, "w", encoding="utf-8", newline="\n") as fh:
        for line in header_lines("sets", mit, wn_licence):
            fh.write(line + "\n")
        fh.write("# set\tlemma\tsource\n")
        for r in set_rows:
            fh.write("\t".join(r) + "\n")

    total_patterns = sum(len(b["patterns"]) for b in blocks)
    err = sys.stderr
    print("blocks: %d, verb entries: %d, patterns: %d, synonym sets: %d"
          % (len(blocks), sum(len(b["verbs"]) for b in blocks), total_patterns, len(synsets)),
          file=err)
    print("patterns converted: %d, skipped: %d"
          % (pattern_rows["patterns converted"], sum(skipped.values())), file=err)
    print("skipped patterns by reason:", file=err)
    for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        print("  %6d  %s" % (n, reason), file=err)
    print("other counts:", file=err)
    other["verb transformation rules (~ lines, not converted)"] = transformations
    other["unparsed lines in the source"] = len(stray)
    losers = {b for _a, b in conflicts}
    lost_patterns = [x for x in lost if '"-' in x]
    other["patterns with no row left: overridden by a pattern with the same constraints "
          "and another code"] = len([x for x in lost_patterns if x in losers])
    other["patterns with no row left: duplicate of a pattern with the same constraints "
          "and code"] = len([x for x in lost_patterns if x not in losers])
    other["(kept, overridden) pattern pairs with the same constraints and different codes"] = \
        len(conflicts)
    if args.skipped:
        with open(args.skipped, "w", encoding="utf-8", newline="\n") as fh:
            for reason, no, name, shown in sorted(skipped_lines):
                fh.write("%s\tL%d\t%s\t%s\n" % (reason, no, name, shown))
            for kept, lost_src in sorted(conflicts):
                fh.write("superseded (different code)\t%s\tkept\t%s\n" % (lost_src, kept))
    for reason, n in sorted(other.items(), key=lambda kv: (-kv[1], kv[0])):
        print("  %6d  %s" % (n, reason), file=err)
    for reason, n in sorted((conv.notes + conv.set_notes).items(),
                            key=lambda kv: (-kv[1], kv[0])):
        print("  %6d  note: %s" % (n, reason), file=err)
    print("wrote %s (%d rows), %s (%d rows)" % (frames_path, len(rows), sets_path,
                                               len(set_rows)), file=err)
    for no, line in stray:
        print("  unparsed L%d: %s" % (no, clean_text(line)), file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
