//! The lemmatiser (owns `lemma.rs`): a word's lemma from its form and Penn tag, learned
//! from a UD treebank, with WordNet's irregular forms as data
//! (`data/syntax/lemma_exceptions.tsv`).
//!
//! What is learned, per tag (the XPOS; the UPOS where a treebank has none):
//! - a **case policy** for each shape of form (lower, Capitalised, UPPER, mIxed): whether
//!   the lemma is lowercased (`The` → `the`, `GOVERNMENT` → `government`), keeps the
//!   form's case (`Bush`, `NASA` as proper nouns) or is title-cased (an upper-case `NNPS`);
//!   and whether thousands separators are dropped (`1,000` → `1000` as `CD`), as EWT does;
//! - **suffix rules**: for each lowercased suffix context of up to six characters, the most
//!   common edit (strip so many characters, add a string) among the treebank's rarer
//!   words, so that `countries` → `country` (NNS) and `hoped` → `hope` (VBD); the longest
//!   context seen decides;
//! - a **table** of the forms the rules get wrong, first by lowercased form (`was` → `be`,
//!   `me` → `I`), then by exact form where the case matters (`I` → `I`).
//!
//! Lookup order: exact table, lowercased table, then for a form neither knows the WordNet
//! exceptions (inflected tags only: `fled` → `flee`), then the suffix rules. Training is
//! deterministic: counts are kept in ordered maps and every choice breaks ties by the
//! count, then the smallest edit. Lemmas written `_` in the treebank (parts of words split
//! by a typo, `goeswith`) are not learned: the lemmatiser always gives a word.

use crate::binio::{Reader, Writer};
use crate::conllu::Sentence;
use crate::Error;
use annalist_core::lexicon::{tsv_rows, WordMap};
use annalist_core::Upos;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The longest suffix context the rules look at, in characters.
const CONTEXT: usize = 6;
/// Words seen more often than this in training do not vote for suffix rules: the rules are
/// for unseen words, which behave like rare ones (frequent words are irregular, `was`).
const RULE_MAX_FREQUENCY: u32 = 10;
/// The model section's format version.
const VERSION: u8 = 1;

/// Penn tags whose forms are inflected, with the WordNet part of speech whose exception
/// list covers them.
const INFLECTED: [(&str, Pos); 11] = [
    ("NNS", Pos::Noun),
    ("NNPS", Pos::Noun),
    ("VBD", Pos::Verb),
    ("VBG", Pos::Verb),
    ("VBN", Pos::Verb),
    ("VBP", Pos::Verb),
    ("VBZ", Pos::Verb),
    ("JJR", Pos::Adj),
    ("JJS", Pos::Adj),
    ("RBR", Pos::Adv),
    ("RBS", Pos::Adv),
];

const EXCEPTIONS_TSV: &str = include_str!("../../../data/syntax/lemma_exceptions.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Pos {
    Noun,
    Verb,
    Adj,
    Adv,
}

impl Pos {
    fn parse(name: &str) -> Option<Pos> {
        match name {
            "noun" => Some(Pos::Noun),
            "verb" => Some(Pos::Verb),
            "adj" => Some(Pos::Adj),
            "adv" => Some(Pos::Adv),
            _ => None,
        }
    }
}

/// WordNet's irregular forms, by part of speech: form → lemmas in WordNet's order.
struct Exceptions {
    by_pos: [WordMap<Box<str>, Vec<Box<str>>>; 4],
}

fn exceptions() -> &'static Exceptions {
    static EXCEPTIONS: OnceLock<Exceptions> = OnceLock::new();
    EXCEPTIONS.get_or_init(|| parse_exceptions(EXCEPTIONS_TSV))
}

/// Rows are `form`, `pos`, `lemma lemma ...`; a malformed row is a bug in our data file
/// (the test `exceptions_file_parses` checks every row), skipped here.
fn parse_exceptions(text: &str) -> Exceptions {
    let mut by_pos: [WordMap<Box<str>, Vec<Box<str>>>; 4] = Default::default();
    for (_, columns) in tsv_rows(text) {
        let (Some(form), Some(pos), Some(lemmas)) = (
            columns.first(),
            columns.get(1).and_then(|p| Pos::parse(p)),
            columns.get(2),
        ) else {
            continue;
        };
        let entry = by_pos[pos as usize].entry((*form).into()).or_default();
        for lemma in lemmas.split_whitespace() {
            if !entry.iter().any(|l| &**l == lemma) {
                entry.push(lemma.into());
            }
        }
    }
    Exceptions { by_pos }
}

/// The shape of a form, for the case policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// No upper-case letter: `moscow`, `1,000`, `.`.
    Lower = 0,
    /// Upper-case first, or a single upper-case letter: `Moscow`, `A`.
    Capital = 1,
    /// Upper case throughout, two letters or more: `NATO`.
    Upper = 2,
    /// Upper case inside only: `iPhone`.
    Mixed = 3,
}

fn shape(form: &str) -> Shape {
    let upper = form.chars().any(char::is_uppercase);
    if !upper {
        return Shape::Lower;
    }
    let lower = form.chars().any(char::is_lowercase);
    if !lower {
        let letters = form.chars().filter(|c| c.is_alphabetic()).count();
        return if letters > 1 {
            Shape::Upper
        } else {
            Shape::Capital
        };
    }
    if form.chars().next().is_some_and(char::is_uppercase) {
        Shape::Capital
    } else {
        Shape::Mixed
    }
}

/// What a tag's lemmas do with the case of the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Case {
    #[default]
    Lower = 0,
    Keep = 1,
    Title = 2,
}

impl Case {
    const ALL: [Case; 3] = [Case::Lower, Case::Keep, Case::Title];

    fn from_u8(v: u8) -> Option<Case> {
        Case::ALL.into_iter().find(|c| *c as u8 == v)
    }
}

/// An edit from a base form to its lemma: strip `strip` characters, append `add`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Edit {
    strip: u8,
    add: Box<str>,
}

impl Edit {
    fn between(base: &str, lemma: &str) -> Edit {
        let (mut in_base, mut in_lemma) = (0, 0);
        for (a, b) in base.chars().zip(lemma.chars()) {
            if a != b {
                break;
            }
            in_base += a.len_utf8();
            in_lemma += b.len_utf8();
        }
        let strip = base[in_base..].chars().count();
        Edit {
            strip: strip.min(u8::MAX as usize) as u8,
            add: lemma[in_lemma..].into(),
        }
    }

    /// Applies the edit to the base at `out[start..]`. The added text is upper-cased when
    /// what it replaces was upper case (`COUNTRIES` kept as is → `COUNTRY`).
    fn apply(&self, out: &mut String, start: usize) {
        let mut cut = out.len();
        for _ in 0..self.strip {
            match out[start..cut].char_indices().next_back() {
                Some((i, _)) => cut = start + i,
                None => break,
            }
        }
        let removed = &out[cut..];
        let upper =
            removed.chars().any(char::is_uppercase) && !removed.chars().any(char::is_lowercase);
        out.truncate(cut);
        if upper && self.add.chars().any(char::is_lowercase) {
            out.extend(self.add.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(&self.add);
        }
    }
}

/// How a form becomes the base the edits apply to.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Policy {
    /// Case policy by [`Shape`].
    case: [Case; 4],
    /// Whether `,` between digits is dropped (`1,000` → `1000`).
    drop_separators: bool,
}

/// Everything learned for one tag.
#[derive(Clone, Debug, Default, PartialEq)]
struct TagModel {
    name: Box<str>,
    policy: Policy,
    /// Exact form → lemma, where the rest gets it wrong.
    exact: WordMap<Box<str>, Box<str>>,
    /// Lowercased form → edit of the base, where the exceptions and rules get it wrong.
    lower: WordMap<Box<str>, Edit>,
    /// Lowercased suffix context → edit; the longest context present decides.
    rules: WordMap<Box<str>, Edit>,
    /// The WordNet part of speech of an inflected tag.
    pos: Option<Pos>,
}

/// Lemmas from form and tag; see the module documentation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lemmatiser {
    /// Sorted by name.
    tags: Vec<TagModel>,
    /// For each UPOS (in [`Upos::ALL`] order), the tag used when the XPOS is unknown: the
    /// UPOS's most frequent XPOS in training.
    upos_tag: [Option<u16>; 17],
}

/// The tag a treebank word is learned under: its XPOS, or its UPOS where there is none.
fn tag_key<'a>(upos: &'a str, xpos: &'a str) -> &'a str {
    if xpos.is_empty() || xpos == "_" {
        upos
    } else {
        xpos
    }
}

fn upos_index(upos: Upos) -> usize {
    Upos::ALL.iter().position(|u| *u == upos).unwrap_or(16)
}

fn inflected_pos(tag: &str) -> Option<Pos> {
    INFLECTED.iter().find(|(t, _)| *t == tag).map(|(_, p)| *p)
}

/// Appends the base of `form` (the case policy and separator rule applied) to `out`.
fn push_base(policy: &Policy, form: &str, out: &mut String) {
    let case = policy.case[shape(form) as usize];
    let mut prev_digit = false;
    let mut chars = form.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        if policy.drop_separators
            && c == ','
            && prev_digit
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            continue;
        }
        prev_digit = c.is_ascii_digit();
        match case {
            Case::Keep => out.push(c),
            Case::Title if first => out.extend(c.to_uppercase()),
            _ => out.extend(c.to_lowercase()),
        }
        first = false;
    }
}

/// Calls `f(k, context)` for k = `min(CONTEXT, chars)` down to 0, where `context` is the
/// lowercased last k characters of `base`, until `f` returns true. Allocation-free: the
/// contexts are built in a buffer on the stack.
fn for_contexts(base: &str, mut f: impl FnMut(usize, &str) -> bool) {
    // Each character lowercases to at most 3 characters of at most 4 bytes.
    let mut buf = [0u8; CONTEXT * 12];
    let mut starts = [0usize; CONTEXT + 1];
    let n = base.chars().count().min(CONTEXT);
    let from = match n {
        0 => base.len(),
        _ => base.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i),
    };
    let mut len = 0;
    for (j, c) in base[from..].chars().enumerate() {
        starts[j] = len;
        for l in c.to_lowercase() {
            len += l.encode_utf8(&mut buf[len..]).len();
        }
    }
    starts[n] = len;
    let text = std::str::from_utf8(&buf[..len]).unwrap_or("");
    for k in (0..=n).rev() {
        if f(k, &text[starts[n - k]..]) {
            return;
        }
    }
}

impl TagModel {
    fn rule_edit(&self, base: &str) -> Option<&Edit> {
        let mut found = None;
        for_contexts(base, |_, context| {
            found = self.rules.get(context);
            found.is_some()
        });
        found
    }

    /// The lemma from the lowercased table (if `use_lower`), the exceptions and the
    /// rules, appended to `out`.
    fn fallback_into(&self, form: &str, pos: Option<Pos>, use_lower: bool, out: &mut String) {
        let start = out.len();
        if use_lower && !self.lower.is_empty() {
            out.extend(form.chars().flat_map(char::to_lowercase));
            let edit = self.lower.get(&out[start..]);
            out.truncate(start);
            if let Some(edit) = edit {
                push_base(&self.policy, form, out);
                edit.apply(out, start);
                return;
            }
        }
        push_base(&self.policy, form, out);
        let edit = self.rule_edit(&out[start..]);
        let lemmas = pos.and_then(|pos| exception(pos, form, out));
        let base_shape = shape(&out[start..]);
        if let Some(edit) = edit {
            edit.apply(out, start);
        }
        if let Some(lemmas) = lemmas {
            use_exception(lemmas, base_shape, out, start);
        }
    }
}

/// WordNet's lemmas for `form` as `pos`, if it lists the form; `out` is scratch space
/// (left as it was).
fn exception(pos: Pos, form: &str, out: &mut String) -> Option<&'static [Box<str>]> {
    let end = out.len();
    out.extend(form.chars().flat_map(char::to_lowercase));
    let lemmas = exceptions().by_pos[pos as usize].get(&out[end..]);
    out.truncate(end);
    lemmas.map(Vec::as_slice)
}

/// Replaces the lemma at `out[start..]` with WordNet's, unless it is one of WordNet's
/// already (`installed`: `instal` or `install`, the rules say which); cased as the base
/// was (`Fled` as a proper noun → `Flee`).
fn use_exception(lemmas: &[Box<str>], base_shape: Shape, out: &mut String, start: usize) {
    let ruled = &out[start..];
    if lemmas
        .iter()
        .any(|l| l.chars().eq(ruled.chars().flat_map(char::to_lowercase)))
    {
        return;
    }
    out.truncate(start);
    let Some(lemma) = lemmas.first() else { return };
    match base_shape {
        Shape::Upper => out.extend(lemma.chars().flat_map(char::to_uppercase)),
        Shape::Capital => {
            let mut chars = lemma.chars();
            out.extend(chars.next().into_iter().flat_map(char::to_uppercase));
            out.push_str(chars.as_str());
        }
        Shape::Lower | Shape::Mixed => out.push_str(lemma),
    }
}

/// Counts of values, choosing the most frequent (ties: the smallest value).
struct Votes<T: Ord>(BTreeMap<T, u32>);

impl<T: Ord + Clone> Votes<T> {
    fn new() -> Self {
        Votes(BTreeMap::new())
    }
    fn add(&mut self, value: T, n: u32) {
        *self.0.entry(value).or_insert(0) += n;
    }
    fn best(&self) -> Option<&T> {
        let mut best: Option<(&T, u32)> = None;
        for (v, &n) in &self.0 {
            match best {
                Some((_, m)) if n <= m => {}
                _ => best = Some((v, n)),
            }
        }
        best.map(|(v, _)| v)
    }
    fn total(&self) -> u32 {
        self.0.values().sum()
    }
}

impl Lemmatiser {
    /// Learns from treebank sentences (deterministic: the same sentences give the same
    /// lemmatiser, and [`Lemmatiser::write`] the same bytes).
    pub fn train(sentences: &[Sentence]) -> Lemmatiser {
        // (tag, form) → lemma votes; per UPOS, tag votes.
        let mut types: BTreeMap<(&str, &str), Votes<&str>> = BTreeMap::new();
        let mut upos_tags: [Votes<&str>; 17] = std::array::from_fn(|_| Votes::new());
        for s in sentences {
            for w in &s.words {
                if w.lemma.is_empty() || w.lemma == "_" || w.form.is_empty() {
                    continue;
                }
                let tag = tag_key(&w.upos, &w.xpos);
                types
                    .entry((tag, w.form.as_str()))
                    .or_insert_with(Votes::new)
                    .add(w.lemma.as_str(), 1);
                if let Some(u) = Upos::parse(&w.upos) {
                    upos_tags[upos_index(u)].add(tag, 1);
                }
            }
        }
        // One entry per type: its most frequent lemma and its frequency.
        let mut by_tag: BTreeMap<&str, Vec<(&str, &str, u32)>> = BTreeMap::new();
        for ((tag, form), votes) in &types {
            if let Some(lemma) = votes.best() {
                by_tag
                    .entry(tag)
                    .or_default()
                    .push((form, lemma, votes.total()));
            }
        }
        let mut tags = Vec::with_capacity(by_tag.len());
        for (&name, entries) in &by_tag {
            tags.push(train_tag(name, entries, &types));
        }
        let mut upos_tag = [None; 17];
        for (i, votes) in upos_tags.iter().enumerate() {
            if let Some(best) = votes.best() {
                upos_tag[i] = tags
                    .binary_search_by(|t: &TagModel| t.name.as_ref().cmp(best))
                    .ok()
                    .map(|i| i as u16);
            }
        }
        Lemmatiser { tags, upos_tag }
    }

    /// The tag model for a word, and the WordNet part of speech of its tag: the XPOS's,
    /// else (an XPOS the treebank never had) the UPOS's most frequent tag's.
    fn tag(&self, upos: Upos, xpos: &str) -> Option<(&TagModel, Option<Pos>)> {
        let key = tag_key(upos.as_str(), xpos);
        match self.tags.binary_search_by(|t| t.name.as_ref().cmp(key)) {
            Ok(i) => Some((&self.tags[i], self.tags[i].pos)),
            Err(_) => self.upos_tag[upos_index(upos)].map(|i| {
                let tag = &self.tags[i as usize];
                (tag, inflected_pos(xpos).or(tag.pos))
            }),
        }
    }

    /// Appends the lemma of `form` (tagged `upos`/`xpos`) to `out`. Allocates nothing but
    /// `out`'s growth.
    pub fn lemma_into(&self, form: &str, upos: Upos, xpos: &str, out: &mut String) {
        let Some((tag, pos)) = self.tag(upos, xpos) else {
            // A tag the treebank never had: proper nouns as they are, else lower case, and
            // WordNet's lemma for an inflected form it lists.
            let start = out.len();
            if upos == Upos::Propn {
                out.push_str(form);
            } else {
                out.extend(form.chars().flat_map(char::to_lowercase));
            }
            let lemmas = inflected_pos(xpos).and_then(|pos| exception(pos, form, out));
            if let Some(lemmas) = lemmas {
                let base_shape = shape(&out[start..]);
                use_exception(lemmas, base_shape, out, start);
            }
            return;
        };
        if let Some(lemma) = tag.exact.get(form) {
            out.push_str(lemma);
            return;
        }
        tag.fallback_into(form, pos, true, out);
    }

    /// The lemma of `form`; see [`Lemmatiser::lemma_into`].
    pub fn lemma(&self, form: &str, upos: Upos, xpos: &str) -> String {
        let mut out = String::with_capacity(form.len() + 2);
        self.lemma_into(form, upos, xpos, &mut out);
        out
    }

    /// Writes the lemmatiser as a model section; tables are written sorted, so the bytes
    /// depend only on what was learned.
    pub fn write(&self, w: &mut Writer) {
        w.u8(VERSION);
        w.u32(self.tags.len() as u32);
        for tag in &self.tags {
            w.str(&tag.name);
            for case in tag.policy.case {
                w.u8(case as u8);
            }
            w.u8(tag.policy.drop_separators as u8);
            let mut exact: Vec<_> = tag.exact.iter().collect();
            exact.sort();
            w.u32(exact.len() as u32);
            for (form, lemma) in exact {
                w.str(form);
                w.str(lemma);
            }
            for table in [&tag.lower, &tag.rules] {
                let mut entries: Vec<_> = table.iter().collect();
                entries.sort();
                w.u32(entries.len() as u32);
                for (key, edit) in entries {
                    w.str(key);
                    w.u8(edit.strip);
                    w.str(&edit.add);
                }
            }
        }
        for t in self.upos_tag {
            w.u16(t.unwrap_or(u16::MAX));
        }
    }

    /// Reads what [`Lemmatiser::write`] wrote.
    pub fn read(r: &mut Reader) -> Result<Lemmatiser, Error> {
        let version = r.u8()?;
        if version != VERSION {
            return Err(Error::Model(format!(
                "lemmatiser format {version}, this build reads {VERSION}"
            )));
        }
        let n = r.u32()? as usize;
        let mut tags: Vec<TagModel> = Vec::with_capacity(n.min(1 << 12));
        for _ in 0..n {
            let name: Box<str> = r.str()?.into();
            if tags.last().is_some_and(|t| t.name >= name) {
                return Err(Error::Model(format!(
                    "lemmatiser tag {name:?} out of order"
                )));
            }
            let mut case = [Case::Lower; 4];
            for c in &mut case {
                let v = r.u8()?;
                *c = Case::from_u8(v)
                    .ok_or_else(|| Error::Model(format!("lemmatiser case policy {v}")))?;
            }
            let drop_separators = r.u8()? != 0;
            let mut exact = WordMap::default();
            for _ in 0..r.u32()? {
                let form = r.str()?;
                exact.insert(form.into(), r.str()?.into());
            }
            let mut tables: [WordMap<Box<str>, Edit>; 2] = Default::default();
            for table in &mut tables {
                for _ in 0..r.u32()? {
                    let key = r.str()?;
                    let strip = r.u8()?;
                    let add = r.str()?;
                    table.insert(
                        key.into(),
                        Edit {
                            strip,
                            add: add.into(),
                        },
                    );
                }
            }
            let [lower, rules] = tables;
            let pos = inflected_pos(&name);
            tags.push(TagModel {
                name,
                policy: Policy {
                    case,
                    drop_separators,
                },
                exact,
                lower,
                rules,
                pos,
            });
        }
        let mut upos_tag = [None; 17];
        for t in &mut upos_tag {
            let v = r.u16()?;
            if v != u16::MAX {
                if v as usize >= tags.len() {
                    return Err(Error::Model(format!("lemmatiser tag index {v}")));
                }
                *t = Some(v);
            }
        }
        Ok(Lemmatiser { tags, upos_tag })
    }
}

/// Learns one tag's model from its types `(form, lemma, frequency)` (sorted by form) and
/// all token votes.
fn train_tag(
    name: &str,
    entries: &[(&str, &str, u32)],
    types: &BTreeMap<(&str, &str), Votes<&str>>,
) -> TagModel {
    let mut tag = TagModel {
        name: name.into(),
        pos: inflected_pos(name),
        ..TagModel::default()
    };
    // 1. Case policy: per shape, the case that leaves the longest common prefix with the
    // lemma, summed over types.
    let mut scores = [[0u64; 3]; 4];
    let mut buf = String::new();
    for &(form, lemma, _) in entries {
        for case in Case::ALL {
            let probe = Policy {
                case: [case; 4],
                drop_separators: false,
            };
            buf.clear();
            push_base(&probe, form, &mut buf);
            scores[shape(form) as usize][case as usize] +=
                buf[..lemma_common_base(&buf, lemma)].chars().count() as u64;
        }
    }
    for (s, row) in scores.iter().enumerate() {
        let mut best = Case::Lower;
        for case in Case::ALL {
            if row[case as usize] > row[best as usize] {
                best = case;
            }
        }
        tag.policy.case[s] = best;
    }
    // Thousands separators: dropped if more of the forms that have one lose it.
    let (mut dropped, mut kept) = (0, 0);
    for &(form, lemma, _) in entries {
        if has_separator(form) {
            if lemma == form.replace(',', "") {
                dropped += 1;
            } else if lemma.contains(',') {
                kept += 1;
            }
        }
    }
    tag.policy.drop_separators = dropped > kept;

    // 2. Suffix rules from the rarer types.
    let mut contexts: BTreeMap<String, Votes<Edit>> = BTreeMap::new();
    for &(form, lemma, frequency) in entries {
        if frequency > RULE_MAX_FREQUENCY {
            continue;
        }
        buf.clear();
        push_base(&tag.policy, form, &mut buf);
        let edit = Edit::between(&buf, lemma);
        if edit.add.chars().any(char::is_uppercase) && !buf.chars().any(char::is_uppercase) {
            // A lemma in capitals where the policy lowercases (`AA` → `AA` as `NN`): the
            // word's own business, for the table, not a rule for its suffix.
            continue;
        }
        let strip = edit.strip as usize;
        for_contexts(&buf, |k, context| {
            // Only contexts that hold what the edit strips.
            if k >= strip {
                contexts
                    .entry(context.to_string())
                    .or_insert_with(Votes::new)
                    .add(edit.clone(), 1);
            }
            false
        });
    }
    // Keep a context only where its edit differs from what its longest shorter context
    // gives (the identity for none).
    let best: BTreeMap<&str, &Edit> = contexts
        .iter()
        .filter_map(|(c, v)| v.best().map(|e| (c.as_str(), e)))
        .collect();
    let identity = Edit::default();
    for (&context, &edit) in &best {
        let mut parent = context;
        let inherited = loop {
            if parent.is_empty() {
                break &identity;
            }
            let mut chars = parent.chars();
            chars.next();
            parent = chars.as_str();
            if let Some(e) = best.get(parent) {
                break *e;
            }
        };
        if edit != inherited {
            tag.rules.insert(context.into(), edit.clone());
        }
    }

    // 3. The lowercased table: per lowercased form, the most common edit of the base over
    // all tokens; kept where the exceptions and rules give another lemma for a form.
    let mut lower_votes: BTreeMap<String, (Votes<Edit>, Vec<&str>)> = BTreeMap::new();
    for &(form, _, _) in entries {
        let Some(votes) = types.get(&(name, form)) else {
            continue;
        };
        buf.clear();
        push_base(&tag.policy, form, &mut buf);
        let entry = lower_votes
            .entry(form.to_lowercase())
            .or_insert_with(|| (Votes::new(), Vec::new()));
        for (lemma, &n) in &votes.0 {
            entry.0.add(Edit::between(&buf, lemma), n);
        }
        entry.1.push(form);
    }
    let mut with_table = String::new();
    let mut without = String::new();
    for (lower, (votes, forms)) in &lower_votes {
        let Some(edit) = votes.best() else { continue };
        let differs = forms.iter().any(|form| {
            with_table.clear();
            push_base(&tag.policy, form, &mut with_table);
            edit.apply(&mut with_table, 0);
            without.clear();
            tag.fallback_into(form, tag.pos, false, &mut without);
            with_table != without
        });
        if differs {
            tag.lower.insert(lower.as_str().into(), edit.clone());
        }
    }

    // 4. The exact table: where the type's lemma is not what the rest gives.
    for &(form, lemma, _) in entries {
        buf.clear();
        tag.fallback_into(form, tag.pos, true, &mut buf);
        if buf != lemma {
            tag.exact.insert(form.into(), lemma.into());
        }
    }
    tag
}

/// Byte length of the common prefix of `base` and `lemma`, in `base`.
fn lemma_common_base(base: &str, lemma: &str) -> usize {
    let mut common = 0;
    for ((i, a), b) in base.char_indices().zip(lemma.chars()) {
        if a != b {
            break;
        }
        common = i + a.len_utf8();
    }
    common
}

fn has_separator(form: &str) -> bool {
    let b = form.as_bytes();
    (1..b.len().saturating_sub(1))
        .any(|i| b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    /// A CoNLL-U text from sentences written `form/lemma/UPOS/XPOS` word by word (heads
    /// are a flat chain: the lemmatiser does not read them).
    fn treebank(sentences: &[&str]) -> Vec<Sentence> {
        let mut text = String::new();
        for (n, s) in sentences.iter().enumerate() {
            text.push_str(&format!("# sent_id = t{n}\n"));
            for (i, word) in s.split(' ').enumerate() {
                let c: Vec<&str> = word.split('/').collect();
                assert_eq!(c.len(), 4, "{word}");
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t_\t{}\tdep\t_\t_\n",
                    i + 1,
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    i
                ));
            }
            text.push('\n');
        }
        conllu::parse(&text).unwrap()
    }

    fn fixture() -> Vec<Sentence> {
        treebank(&[
            "The/the/DET/DT cats/cat/NOUN/NNS chased/chase/VERB/VBD two/two/NUM/CD dogs/dog/NOUN/NNS ././PUNCT/.",
            "I/I/PRON/PRP was/be/AUX/VBD in/in/ADP/IN Moscow/Moscow/PROPN/NNP with/with/ADP/IN the/the/DET/DT ministers/minister/NOUN/NNS ././PUNCT/.",
            "Was/be/AUX/VBD it/it/PRON/PRP the/the/DET/DT cities/city/NOUN/NNS or/or/CCONJ/CC the/the/DET/DT countries/country/NOUN/NNS ?/?/PUNCT/.",
            "Talks/talk/NOUN/NNS opened/open/VERB/VBD ,/,/PUNCT/, envoys/envoy/NOUN/NNS walked/walk/VERB/VBD and/and/CCONJ/CC parties/party/NOUN/NNS agreed/agree/VERB/VBD ././PUNCT/.",
            "They/they/PRON/PRP counted/count/VERB/VBD 1,000/1000/NUM/CD votes/vote/NOUN/NNS and/and/CCONJ/CC 12,500/12500/NUM/CD ballots/ballot/NOUN/NNS ././PUNCT/.",
            "NATO/NATO/PROPN/NNP and/and/CCONJ/CC Russia/Russia/PROPN/NNP signed/sign/VERB/VBD ././PUNCT/.",
            "THE/the/DET/DT REPORTS/report/NOUN/NNS helped/help/VERB/VBD me/I/PRON/PRP ././PUNCT/.",
            "A/a/DET/DT deal/deal/NOUN/NN is/be/AUX/VBZ near/near/ADJ/JJ ././PUNCT/.",
        ])
    }

    fn lemma(l: &Lemmatiser, form: &str, upos: Upos, xpos: &str) -> String {
        l.lemma(form, upos, xpos)
    }

    #[test]
    fn learned_suffix_rules_reach_unseen_words() {
        let l = Lemmatiser::train(&fixture());
        assert_eq!(lemma(&l, "birds", Upos::Noun, "NNS"), "bird");
        assert_eq!(lemma(&l, "armies", Upos::Noun, "NNS"), "army");
        assert_eq!(lemma(&l, "jumped", Upos::Verb, "VBD"), "jump");
        assert_eq!(lemma(&l, "2,750", Upos::Num, "CD"), "2750");
    }

    #[test]
    fn table_and_case_follow_the_treebank() {
        let l = Lemmatiser::train(&fixture());
        assert_eq!(lemma(&l, "was", Upos::Aux, "VBD"), "be");
        // Capitalised at the start of a sentence, or shouted: still the lower-case lemma.
        assert_eq!(lemma(&l, "Was", Upos::Aux, "VBD"), "be");
        assert_eq!(lemma(&l, "WAS", Upos::Aux, "VBD"), "be");
        assert_eq!(lemma(&l, "Cats", Upos::Noun, "NNS"), "cat");
        assert_eq!(lemma(&l, "The", Upos::Det, "DT"), "the");
        assert_eq!(lemma(&l, "I", Upos::Pron, "PRP"), "I");
        assert_eq!(lemma(&l, "me", Upos::Pron, "PRP"), "I");
        // Proper nouns keep their case, seen or not.
        assert_eq!(lemma(&l, "Moscow", Upos::Propn, "NNP"), "Moscow");
        assert_eq!(lemma(&l, "Kyiv", Upos::Propn, "NNP"), "Kyiv");
        assert_eq!(lemma(&l, "OSCE", Upos::Propn, "NNP"), "OSCE");
        // An unknown XPOS falls back to the UPOS's most frequent one.
        assert_eq!(lemma(&l, "envoys", Upos::Noun, "_"), "envoy");
    }

    #[test]
    fn wordnet_exceptions_cover_irregular_forms_the_table_does_not_know() {
        let l = Lemmatiser::train(&fixture());
        assert_eq!(lemma(&l, "fled", Upos::Verb, "VBD"), "flee");
        assert_eq!(lemma(&l, "Fled", Upos::Verb, "VBD"), "flee");
        assert_eq!(lemma(&l, "geese", Upos::Noun, "NNS"), "goose");
        assert_eq!(lemma(&l, "worse", Upos::Adj, "JJR"), "bad");
        // Only inflected tags: a base form is left alone.
        assert_eq!(lemma(&l, "geese", Upos::Noun, "NN"), "geese");
    }

    #[test]
    fn appends_to_the_buffer() {
        let l = Lemmatiser::train(&fixture());
        let mut out = String::from("x ");
        l.lemma_into("dogs", Upos::Noun, "NNS", &mut out);
        l.lemma_into("Was", Upos::Aux, "VBD", &mut out);
        assert_eq!(out, "x dogbe");
    }

    #[test]
    fn training_is_deterministic_and_round_trips() {
        let bytes = |l: &Lemmatiser| {
            let mut w = Writer::default();
            l.write(&mut w);
            w.bytes
        };
        let a = Lemmatiser::train(&fixture());
        let b = Lemmatiser::train(&fixture());
        assert_eq!(bytes(&a), bytes(&b));
        let written = bytes(&a);
        let read = Lemmatiser::read(&mut Reader::new(&written)).unwrap();
        assert_eq!(read, a);
        assert_eq!(bytes(&read), written);
        for cut in [0, 1, 5, written.len() / 2, written.len() - 1] {
            assert!(Lemmatiser::read(&mut Reader::new(&written[..cut])).is_err());
        }
    }

    #[test]
    fn an_empty_lemmatiser_still_answers() {
        let l = Lemmatiser::train(&[]);
        assert_eq!(lemma(&l, "Dogs", Upos::Noun, "NNS"), "dogs");
        assert_eq!(lemma(&l, "Moscow", Upos::Propn, "NNP"), "Moscow");
        assert_eq!(lemma(&l, "", Upos::X, ""), "");
    }

    #[test]
    fn exceptions_file_parses() {
        let mut rows = 0;
        for (line, columns) in tsv_rows(EXCEPTIONS_TSV) {
            assert_eq!(columns.len(), 3, "line {line}");
            assert!(Pos::parse(columns[1]).is_some(), "line {line}");
            assert!(
                !columns[2].is_empty() && !columns[0].contains('_'),
                "line {line}"
            );
            rows += 1;
        }
        assert!(rows > 5000);
        let e = exceptions();
        assert_eq!(&*e.by_pos[Pos::Verb as usize]["went"][0], "go");
        assert_eq!(e.by_pos[Pos::Noun as usize]["axes"].len(), 2);
    }

    #[test]
    fn contexts_are_lowercased_suffixes() {
        let mut seen = Vec::new();
        for_contexts("Straße", |k, c| {
            seen.push((k, c.to_string()));
            false
        });
        let expected: Vec<(usize, String)> = [
            (6, "straße"),
            (5, "traße"),
            (4, "raße"),
            (3, "aße"),
            (2, "ße"),
            (1, "e"),
            (0, ""),
        ]
        .iter()
        .map(|(k, c)| (*k, c.to_string()))
        .collect();
        assert_eq!(seen, expected);
        let mut n = 0;
        for_contexts("", |k, c| {
            assert_eq!((k, c), (0, ""));
            n += 1;
            false
        });
        assert_eq!(n, 1);
    }
}
