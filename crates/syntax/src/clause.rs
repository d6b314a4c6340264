//! Clauses from the dependency tree (owns `Syntax::clauses` and `Syntax::word_clauses`),
//! and the clause lexicon (`data/syntax/clauses.tsv`, with the speech verbs of
//! `data/quotes/cues.tsv`) they are read with.
//!
//! A clause is headed by a predicate word: each sentence's root, and every word attached
//! by `ccomp`, `xcomp`, `advcl`, `acl` (with `acl:relcl`), `csubj`, `parataxis`, or by
//! `conj` to a clause head when it is itself a predicate (a verb, or a word with a
//! subject, auxiliary, copula or expletive of its own): `met and talked` are two clauses,
//! `Russia and Ukraine` none. Its span runs from the first to the last word of the head's
//! subtree, so spans nest; a word belongs to the innermost clause above it.
//!
//! What is read from the head and its `aux`/`aux:pass`/`cop` dependents (UD attaches
//! auxiliaries to the main predicate):
//! - **tense**: future with a `future` auxiliary (`will`, `shall`, `'ll`) or a future
//!   semi-auxiliary (`is going to`, `is about to`); none with another modal (UD English
//!   gives MD no Tense); else from the leftmost finite word: VBD past, VBP/VBZ present;
//!   none without a finite word (infinitives, participles, verbless clauses);
//! - **aspect**: perfect with a `perfect_aux` (have) and a VBN head or `been`;
//!   progressive with a `progressive_aux` (be, as `aux`, not `aux:pass`) and a VBG head
//!   or `being`;
//! - **passive**: an `aux:pass`, `nsubj:pass` or `csubj:pass` dependent;
//! - **negated**: an `advmod` (or UD v1 `neg`) dependent in `negation`;
//! - **modality**: the first modal auxiliary's lemma; for an open complement (`xcomp`)
//!   the construction of its governor (`plans to hold` → `plan to`, from `catenative`),
//!   else its governor clause's modality, read down the chain (`may want to` → `want to`
//!   for the inner clause, `may` for the outer);
//! - **reported_by**: the speech or cognition verb a `ccomp` or `parataxis` clause
//!   depends on (`Lavrov said [talks would resume]`), or the speech verb attached to the
//!   clause's head by `parataxis`/`ccomp` when it has no complement of its own (`Talks,
//!   [he said], will continue`: the reported clause is the root).
//!
//! Coordination shares what UD attaches to the first conjunct only: a coordinated clause
//! without an auxiliary of its own whose head has its first conjunct's (non-finite) tag
//! takes that conjunct's tense, aspect, passive and modality (`will meet and discuss`,
//! `were arrested and charged`); every coordinated clause takes its first conjunct's
//! `reported_by`. Negation is never shared.
//!
//! Everything is linear in the number of words: one children index (a counting sort by
//! head), one depth-first order per sentence, no scan of a sentence per word. Clauses are
//! numbered in document order, each sentence's in pre-order (a clause before the clauses
//! embedded in it, siblings in word order), so a parent's index is below its children's.

use crate::Error;
use annalist_core::lexicon::{tsv_rows_checked, WordMap};
use annalist_core::{Aspect, Clause, ClauseKind, Label, Span, Syntax, Tense, Upos};

const CLAUSES_FILE: &str = "data/syntax/clauses.tsv";
const CUES_FILE: &str = "data/quotes/cues.tsv";
const CLAUSES_TSV: &str = include_str!("../../../data/syntax/clauses.tsv");
const CUES_TSV: &str = include_str!("../../../data/quotes/cues.tsv");

/// A set of word classes (a bit per class).
type Classes = u16;

const MODAL: Classes = 1;
const FUTURE: Classes = 1 << 1;
const FUTURE_CATENATIVE: Classes = 1 << 2;
const NEGATION: Classes = 1 << 3;
const CATENATIVE: Classes = 1 << 4;
const PERFECT_AUX: Classes = 1 << 5;
const PROGRESSIVE_AUX: Classes = 1 << 6;
const SPEECH: Classes = 1 << 7;
const COGNITION: Classes = 1 << 8;

/// Every class of `clauses.tsv` the builder asks for, by its name in the file.
pub const CLASSES: &[(&str, Classes)] = &[
    ("modal", MODAL),
    ("future", FUTURE),
    ("future_catenative", FUTURE_CATENATIVE),
    ("negation", NEGATION),
    ("catenative", CATENATIVE),
    ("perfect_aux", PERFECT_AUX),
    ("progressive_aux", PROGRESSIVE_AUX),
    ("speech", SPEECH),
    ("cognition", COGNITION),
];

/// What the lexicon knows of one lemma.
#[derive(Clone, Debug, Default)]
struct Entry {
    classes: Classes,
    /// A modal's meaning (`possibility`, `hypothetical`), from the value column.
    meaning: Option<Label>,
    /// A catenative's modality label (`plan to`, `going to`).
    construction: Option<Label>,
    /// Second words of two-word speech cues headed by this lemma (`point out`: `out`):
    /// a speech verb only with a dependent of that form.
    particles: Vec<Box<str>>,
}

/// The word classes the clause builder reads verb groups with.
#[derive(Clone, Debug, Default)]
pub struct ClauseLexicon {
    words: WordMap<Box<str>, Entry>,
}

fn load_error(file: &str, line: usize, message: impl std::fmt::Display) -> Error {
    Error::Model(format!("{file}:{line}: {message}"))
}

impl ClauseLexicon {
    /// The lexicon compiled into the binary.
    pub fn embedded() -> Result<ClauseLexicon, Error> {
        ClauseLexicon::parse(CLAUSES_TSV, CUES_TSV)
    }

    /// Parses a clause lexicon (`class<TAB>word[<TAB>value]` rows) and a cue file (the
    /// quote recogniser's `cue<TAB>kind<TAB>forms` rows: every `verb` cue of one word is a
    /// speech verb, one of two words a verb with its particle). An unknown class, a row
    /// without a word, a class of [`CLASSES`] without any word, or a cue file without
    /// verbs is an error.
    pub fn parse(clauses: &str, cues: &str) -> Result<ClauseLexicon, Error> {
        let mut lexicon = ClauseLexicon::default();
        let rows = tsv_rows_checked(CLAUSES_FILE, clauses, 2)
            .map_err(|e| load_error(&e.file, e.line, e.message))?;
        let mut seen: Classes = 0;
        for (line, cols) in rows {
            let (class, word) = (cols[0], cols[1]);
            let Some(&(_, bit)) = CLASSES.iter().find(|(name, _)| *name == class) else {
                return Err(load_error(
                    CLAUSES_FILE,
                    line,
                    format!("unknown class {class:?}"),
                ));
            };
            if word.is_empty() || word.contains(' ') {
                return Err(load_error(CLAUSES_FILE, line, "expected one word"));
            }
            let value = cols.get(2).copied().filter(|v| !v.is_empty());
            let entry = lexicon.entry(word);
            entry.classes |= bit;
            match bit {
                MODAL => entry.meaning = value.map(Label::new),
                CATENATIVE | FUTURE_CATENATIVE => {
                    let label = match value {
                        Some(v) => Label::new(v),
                        None => Label::new(&format!("{} to", word.to_lowercase())),
                    };
                    entry.construction = Some(label);
                }
                _ => {}
            }
            seen |= bit;
        }
        if let Some((name, _)) = CLASSES.iter().find(|(_, bit)| seen & bit == 0) {
            return Err(load_error(
                CLAUSES_FILE,
                0,
                format!("class {name:?} has no word"),
            ));
        }
        let cue_rows = tsv_rows_checked(CUES_FILE, cues, 3)
            .map_err(|e| load_error(&e.file, e.line, e.message))?;
        let mut verbs = 0;
        for (_, cols) in cue_rows {
            if cols[1] != "verb" {
                continue;
            }
            let mut words = cols[0].split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some(verb), None, None) => lexicon.entry(verb).classes |= SPEECH,
                (Some(verb), Some(particle), None) => {
                    let particle = particle.to_lowercase();
                    let entry = lexicon.entry(verb);
                    if !entry.particles.iter().any(|p| **p == *particle) {
                        entry.particles.push(particle.into());
                    }
                }
                _ => continue,
            }
            verbs += 1;
        }
        if verbs == 0 {
            return Err(load_error(CUES_FILE, 0, "no verb cue"));
        }
        Ok(lexicon)
    }

    fn entry(&mut self, word: &str) -> &mut Entry {
        self.words.entry(word.to_lowercase().into()).or_default()
    }

    /// The entry of word `w` that is in one of `classes`: by its lemma, else by its lower
    /// form.
    fn find(&self, syntax: &Syntax, w: usize, classes: Classes) -> Option<&Entry> {
        let by = |key: &str| self.words.get(key).filter(|e| e.classes & classes != 0);
        by(syntax.lemma(w)).or_else(|| by(syntax.lower(w)))
    }

    fn has(&self, syntax: &Syntax, w: usize, classes: Classes) -> bool {
        self.find(syntax, w, classes).is_some()
    }

    /// Whether `lemma` is in the class named `class` (for tests and tools).
    pub fn is(&self, class: &str, lemma: &str) -> bool {
        let bit = CLASSES
            .iter()
            .find(|(name, _)| *name == class)
            .map_or(0, |(_, bit)| *bit);
        self.words.get(lemma).is_some_and(|e| e.classes & bit != 0)
    }

    /// What a modal means (`would` → `hypothetical`), from the value column.
    pub fn modal_meaning(&self, lemma: &str) -> Option<Label> {
        self.words.get(lemma).and_then(|e| e.meaning)
    }

    /// Whether `lemma` with the particle `particle` is a speech verb (`point` `out`).
    pub fn is_speech_with(&self, lemma: &str, particle: &str) -> bool {
        self.words
            .get(lemma)
            .is_some_and(|e| e.particles.iter().any(|p| &**p == particle))
    }
}

const NONE: u32 = u32::MAX;

/// Reusable buffers of [`build_clauses_with`]: sized by the longest sentence, reused
/// across sentences and documents.
#[derive(Default)]
pub struct ClauseScratch {
    /// Local head of each word (`NONE` for a root or an out-of-sentence head).
    head: Vec<u32>,
    /// Children index: the children of local word `w` are
    /// `children[child_start[w]..child_start[w + 1]]`, in word order.
    child_start: Vec<u32>,
    children: Vec<u32>,
    /// Depth-first pre-order of the words reachable from a root.
    order: Vec<u32>,
    stack: Vec<u32>,
    /// First and last local word of each word's subtree.
    lo: Vec<u32>,
    hi: Vec<u32>,
    /// The clause each local word heads (`NONE` if none).
    heads_clause: Vec<u32>,
}

/// Fills `syntax.clauses` and `syntax.word_clauses` from the words and their tree.
pub fn build_clauses(syntax: &mut Syntax, lexicon: &ClauseLexicon) {
    build_clauses_with(syntax, lexicon, &mut ClauseScratch::default());
}

/// [`build_clauses`] with caller-owned buffers.
pub fn build_clauses_with(
    syntax: &mut Syntax,
    lexicon: &ClauseLexicon,
    scratch: &mut ClauseScratch,
) {
    let mut clauses = std::mem::take(&mut syntax.clauses);
    let mut word_clauses = std::mem::take(&mut syntax.word_clauses);
    clauses.clear();
    word_clauses.clear();
    word_clauses.resize(syntax.words.len(), None);
    for (s, &(first, last)) in syntax.sentence_words.iter().enumerate() {
        let first = first as usize;
        let last = (last as usize).min(syntax.words.len());
        if first < last {
            sentence(
                syntax,
                lexicon,
                scratch,
                s as u32,
                first,
                last,
                &mut clauses,
                &mut word_clauses,
            );
        }
    }
    syntax.clauses = clauses;
    syntax.word_clauses = word_clauses;
}

fn is_finite(xpos: &str) -> bool {
    matches!(xpos, "VBD" | "VBP" | "VBZ" | "MD")
}

fn kind_of(rel: &str) -> Option<ClauseKind> {
    Some(match rel {
        "ccomp" => ClauseKind::Complement,
        "xcomp" => ClauseKind::Open,
        "advcl" => ClauseKind::Adverbial,
        "acl" => ClauseKind::Adnominal,
        "csubj" => ClauseKind::Subject,
        "parataxis" => ClauseKind::Parataxis,
        "conj" => ClauseKind::Coordinate,
        _ => return None,
    })
}

/// A sentence's children index: the children of local word `w`, in word order.
#[derive(Clone, Copy)]
struct Tree<'a> {
    /// The sentence's first word in the document.
    first: usize,
    child_start: &'a [u32],
    children: &'a [u32],
}

impl<'a> Tree<'a> {
    fn kids(&self, w: usize) -> &'a [u32] {
        &self.children[self.child_start[w] as usize..self.child_start[w + 1] as usize]
    }

    /// The children of local word `w` as document word indices.
    fn dependents(&self, w: usize) -> impl Iterator<Item = usize> + 'a {
        let first = self.first;
        self.kids(w).iter().map(move |&k| first + k as usize)
    }
}

/// The clauses of sentence `s` (words `first..last`).
#[allow(clippy::too_many_arguments)]
fn sentence(
    syntax: &Syntax,
    lexicon: &ClauseLexicon,
    scratch: &mut ClauseScratch,
    s: u32,
    first: usize,
    last: usize,
    clauses: &mut Vec<Clause>,
    word_clauses: &mut [Option<u32>],
) {
    let n = last - first;
    let words = &syntax.words[first..last];
    let ClauseScratch {
        head,
        child_start,
        children,
        order,
        stack,
        lo,
        hi,
        heads_clause,
    } = scratch;
    head.clear();
    head.extend(words.iter().enumerate().map(|(i, w)| match w.head {
        Some(h) if (first..last).contains(&(h as usize)) && h as usize != first + i => {
            (h as usize - first) as u32
        }
        _ => NONE,
    }));
    // Children index, by a counting sort on the head.
    child_start.clear();
    child_start.resize(n + 1, 0);
    for &h in head.iter() {
        if h != NONE {
            child_start[h as usize + 1] += 1;
        }
    }
    for i in 0..n {
        child_start[i + 1] += child_start[i];
    }
    children.clear();
    children.resize(n, 0);
    // `lo` serves as the fill cursor before it holds the subtrees.
    lo.clear();
    lo.extend_from_slice(&child_start[..n]);
    for (d, &h) in head.iter().enumerate() {
        if h != NONE {
            children[lo[h as usize] as usize] = d as u32;
            lo[h as usize] += 1;
        }
    }
    let tree = Tree {
        first,
        child_start,
        children,
    };
    // Pre-order from the roots, children in word order. Every word has one head, so
    // each reachable word is visited once; words on a cycle are not reachable.
    order.clear();
    stack.clear();
    stack.extend((0..n as u32).rev().filter(|&w| head[w as usize] == NONE));
    while let Some(w) = stack.pop() {
        order.push(w);
        stack.extend(tree.kids(w as usize).iter().rev());
    }
    // Subtree extents: children come after their head in pre-order.
    lo.clear();
    lo.extend(0..n as u32);
    hi.clear();
    hi.extend(0..n as u32);
    for &w in order.iter().rev() {
        let h = head[w as usize];
        if h != NONE {
            let (h, w) = (h as usize, w as usize);
            lo[h] = lo[h].min(lo[w]);
            hi[h] = hi[h].max(hi[w]);
        }
    }
    heads_clause.clear();
    heads_clause.resize(n, NONE);
    for &w in order.iter() {
        let w = w as usize;
        let h = head[w];
        let kind = if h == NONE {
            Some(ClauseKind::Main)
        } else {
            kind_of(words[w].rel.base()).filter(|&k| {
                k != ClauseKind::Coordinate
                    || (heads_clause[h as usize] != NONE && is_predicate(syntax, &tree, w))
            })
        };
        let Some(kind) = kind else {
            // Not a clause head: the word is in its head's clause (its head comes first
            // in pre-order).
            word_clauses[first + w] = word_clauses[first + h as usize];
            continue;
        };
        let index = clauses.len() as u32;
        heads_clause[w] = index;
        word_clauses[first + w] = Some(index);
        let governor = (h != NONE).then_some(first + h as usize);
        let parent = governor.and_then(|g| word_clauses[g]);
        let span = Span::new(
            words[lo[w] as usize].span.start,
            words[hi[w] as usize].span.end,
        );
        let group = verb_group(syntax, lexicon, &tree, w);
        let mut clause = Clause {
            span,
            head: (first + w) as u32,
            sentence: s,
            kind,
            parent,
            tense: group.tense,
            aspect: group.aspect,
            passive: group.passive,
            negated: group.negated,
            modality: group.modal,
            reported_by: None,
        };
        // A future semi-auxiliary heading the clause: `is going to sign`.
        let has_open = tree
            .dependents(w)
            .any(|d| syntax.words[d].rel.base() == "xcomp");
        if let Some(label) = future_construction(syntax, lexicon, first + w).filter(|_| has_open) {
            if clause.tense != Tense::Past {
                clause.tense = Tense::Future;
            }
            clause.aspect = Aspect::Simple;
            clause.modality = clause.modality.or(Some(label));
        }
        let parent_clause = parent.map(|p| clauses[p as usize]);
        match (kind, parent_clause, governor) {
            (ClauseKind::Open, Some(p), Some(g)) if clause.modality.is_none() => {
                if let Some(label) = future_construction(syntax, lexicon, g) {
                    // `going to [sign]`: the future of the governor, when it has one.
                    clause.modality = Some(label);
                    if p.tense == Tense::Future && p.head as usize == g {
                        clause.tense = Tense::Future;
                    }
                } else if let Some(e) = lexicon.find(syntax, g, CATENATIVE) {
                    clause.modality = e.construction;
                } else {
                    clause.modality = p.modality;
                }
            }
            (ClauseKind::Coordinate, Some(p), _) => {
                let own = &syntax.words[first + w];
                let first_conjunct = &syntax.words[p.head as usize];
                if !group.has_aux
                    && !is_finite(own.xpos.as_str())
                    && own.xpos == first_conjunct.xpos
                {
                    clause.tense = p.tense;
                    clause.aspect = p.aspect;
                    clause.passive |= p.passive;
                    clause.modality = clause.modality.or(p.modality);
                }
                clause.reported_by = p.reported_by;
            }
            _ => {}
        }
        if clause.reported_by.is_none() {
            clause.reported_by = reporter(syntax, lexicon, &tree, kind, governor, w);
        }
        clauses.push(clause);
    }
}

/// The modality label of a future semi-auxiliary: document word `w` in
/// `future_catenative` that is not a finite verb (`going`, `about`, `due`, `set` after
/// `be`; `went to see`, `goes to see` are not).
fn future_construction(syntax: &Syntax, lexicon: &ClauseLexicon, w: usize) -> Option<Label> {
    if is_finite(syntax.words[w].xpos.as_str()) {
        return None;
    }
    lexicon.find(syntax, w, FUTURE_CATENATIVE)?.construction
}

/// Whether local word `w` is a predicate: a verb, or a word with a subject, auxiliary,
/// copula or expletive of its own.
fn is_predicate(syntax: &Syntax, tree: &Tree, w: usize) -> bool {
    let word = &syntax.words[tree.first + w];
    word.upos == Upos::Verb
        || word.xpos.as_str().starts_with("VB")
        || tree.dependents(w).any(|d| {
            matches!(
                syntax.words[d].rel.base(),
                "nsubj" | "csubj" | "aux" | "cop" | "expl"
            )
        })
}

/// What the verb group of a clause says.
struct Group {
    tense: Tense,
    aspect: Aspect,
    passive: bool,
    negated: bool,
    modal: Option<Label>,
    /// An auxiliary or copula of its own.
    has_aux: bool,
}

/// Reads the verb group of the clause headed by local word `w` from its dependents.
fn verb_group(syntax: &Syntax, lexicon: &ClauseLexicon, tree: &Tree, w: usize) -> Group {
    let head = &syntax.words[tree.first + w];
    let mut group = Group {
        tense: Tense::None,
        aspect: Aspect::Simple,
        passive: false,
        negated: false,
        modal: None,
        has_aux: false,
    };
    // The leftmost finite word of the group: (document index, tense).
    let mut finite: Option<(usize, Tense)> =
        finite_tense(head.xpos.as_str()).map(|t| (tree.first + w, t));
    let (mut future, mut perfect_aux, mut progressive_aux) = (false, false, false);
    let (mut been, mut being) = (false, false);
    for d in tree.dependents(w) {
        let word = &syntax.words[d];
        let rel = word.rel;
        let xpos = word.xpos.as_str();
        match rel.base() {
            "aux" | "cop" => {
                group.has_aux = true;
                if rel.is("aux:pass") {
                    group.passive = true;
                    being |= xpos == "VBG";
                } else if rel.is("aux") {
                    perfect_aux |= lexicon.has(syntax, d, PERFECT_AUX);
                    progressive_aux |= lexicon.has(syntax, d, PROGRESSIVE_AUX);
                    been |= xpos == "VBN";
                }
                if rel.base() == "aux" {
                    if group.modal.is_none() && (xpos == "MD" || lexicon.has(syntax, d, MODAL)) {
                        let lemma = syntax.lemma(d);
                        let name = if lemma.is_empty() {
                            syntax.lower(d)
                        } else {
                            lemma
                        };
                        group.modal = Some(Label::new(name));
                    }
                    future |= lexicon.has(syntax, d, FUTURE);
                }
                if let Some(t) = finite_tense(xpos) {
                    if finite.is_none_or(|(p, _)| d < p) {
                        finite = Some((d, t));
                    }
                }
            }
            "advmod" | "neg" => group.negated |= lexicon.has(syntax, d, NEGATION),
            "nsubj" | "csubj" => group.passive |= rel.as_str().ends_with(":pass"),
            _ => {}
        }
    }
    let head_xpos = head.xpos.as_str();
    let perfect = perfect_aux && (head_xpos == "VBN" || been);
    let progressive = progressive_aux && (head_xpos == "VBG" || being);
    group.aspect = match (perfect, progressive) {
        (true, true) => Aspect::PerfectProgressive,
        (true, false) => Aspect::Perfect,
        (false, true) => Aspect::Progressive,
        (false, false) => Aspect::Simple,
    };
    group.tense = if future {
        Tense::Future
    } else if group.modal.is_some() {
        Tense::None
    } else {
        finite.map_or(Tense::None, |(_, t)| t)
    };
    group
}

fn finite_tense(xpos: &str) -> Option<Tense> {
    match xpos {
        "VBD" => Some(Tense::Past),
        "VBP" | "VBZ" => Some(Tense::Present),
        _ => None,
    }
}

/// Whether local word `w` is a speech or cognition verb: by its lemma, or a two-word cue
/// (`point out`) by its lemma and a dependent of the particle's form.
fn is_reporting(syntax: &Syntax, lexicon: &ClauseLexicon, tree: &Tree, w: usize) -> bool {
    let d = tree.first + w;
    if lexicon.has(syntax, d, SPEECH | COGNITION) {
        return true;
    }
    let entry = lexicon
        .words
        .get(syntax.lemma(d))
        .or_else(|| lexicon.words.get(syntax.lower(d)));
    match entry {
        Some(e) if !e.particles.is_empty() => tree
            .dependents(w)
            .any(|k| e.particles.iter().any(|p| **p == *syntax.lower(k))),
        _ => false,
    }
}

/// The speech verb a clause is reported under: its governor when the clause is its
/// `ccomp` or `parataxis`, else a speech verb attached to its head (local `w`) by
/// `parataxis` or `ccomp` that has no complement of its own (`Talks, he said, will
/// continue`).
fn reporter(
    syntax: &Syntax,
    lexicon: &ClauseLexicon,
    tree: &Tree,
    kind: ClauseKind,
    governor: Option<usize>,
    w: usize,
) -> Option<u32> {
    if let Some(g) = governor {
        // A parataxis that is itself an inserted speech verb (`, he said,` under
        // `continue`, itself a cue) reports its governor, not the other way round.
        let content = kind == ClauseKind::Complement
            || kind == ClauseKind::Parataxis && !inserted_reporter(syntax, lexicon, tree, w);
        if content && is_reporting(syntax, lexicon, tree, g - tree.first) {
            return Some(g as u32);
        }
    }
    tree.kids(w).iter().map(|&k| k as usize).find_map(|k| {
        let d = tree.first + k;
        let inserted = matches!(syntax.words[d].rel.base(), "parataxis" | "ccomp")
            && inserted_reporter(syntax, lexicon, tree, k);
        inserted.then_some(d as u32)
    })
}

/// Whether local word `w` is a speech verb without a clausal complement of its own: one
/// inserted into or after what it reports (`Talks, he said, will continue`).
fn inserted_reporter(syntax: &Syntax, lexicon: &ClauseLexicon, tree: &Tree, w: usize) -> bool {
    is_reporting(syntax, lexicon, tree, w)
        && !tree
            .dependents(w)
            .any(|c| matches!(syntax.words[c].rel.base(), "ccomp" | "parataxis"))
}

#[cfg(test)]
mod tests;
