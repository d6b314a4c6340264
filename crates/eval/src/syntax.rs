//! The Universal Dependencies scorer of `annalist eval syntax`, computed as the CoNLL
//! 2018 shared task computed it (`conll18_ud_eval.py`), over UD English-EWT read where it
//! lies (`../shared/data/ud/en_ewt`).
//!
//! Two settings:
//! - **gold tokenisation** ([`evaluate_gold_tokens`]): each gold sentence's words are
//!   given to the model; UPOS, XPOS and lemma accuracy, UAS and LAS over every word,
//!   punctuation included. LAS compares the universal part of the relation (`nsubj` for
//!   `nsubj:pass`), and a gold lemma `_` counts as right, as in the shared task.
//! - **raw text** ([`evaluate_raw`]): the gold sentences' texts are joined into one
//!   document (a line break between sentences, a blank line between `# newdoc`s) and
//!   annalist does everything itself: segmentation ([`Document::new`]), then the syntax
//!   stage, then the CoNLL-U export. Predicted and gold words are aligned on character
//!   offsets over the text without its whitespace, multiword tokens through the longest
//!   common subsequence of their words' lower-cased forms, exactly as the shared task
//!   aligned them; tokens, words and sentences are scored by their spans, tags, lemmas and
//!   heads over the aligned words (a head is right when the predicted head is aligned to
//!   the gold head). Each is a precision, recall and F1; the aligned accuracy is the share
//!   right among the aligned words.

use crate::score::ratio;
use annalist_core::{Document, Metadata, Recogniser};
use annalist_syntax::conllu::{self, Sentence};
use annalist_syntax::{export, Analysis, Model};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The quality bars, in percent: UPOS ≥ 95.5, UAS ≥ 86, LAS ≥ 83.
pub const TARGETS: [(&str, f64); 3] = [("UPOS", 95.5), ("UAS", 86.0), ("LAS", 83.0)];

fn target(metric: &str) -> Option<f64> {
    TARGETS.iter().find(|(m, _)| *m == metric).map(|&(_, t)| t)
}

/// `target` column and verdict for a score in percent, or blanks.
fn target_cells(metric: &str, percent: f64) -> String {
    match target(metric) {
        Some(t) => {
            // Compared as printed (two decimals): 95.499 is not 95.5.
            let met = (percent * 100.0).round() / 100.0 >= t;
            format!(">= {t:<5} {}", if met { "met" } else { "NOT MET" })
        }
        None => String::new(),
    }
}

/// The file of one split of a UD treebank folder: `en_ewt-ud-{split}.conllu`, or the one
/// file of the folder that ends in `-ud-{split}.conllu`.
pub fn split_path(dir: &Path, split: &str) -> PathBuf {
    let ewt = dir.join(format!("en_ewt-ud-{split}.conllu"));
    if ewt.exists() {
        return ewt;
    }
    let suffix = format!("-ud-{split}.conllu");
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&suffix))
        })
        .unwrap_or(ewt)
}

/// A treebank file: its sentences and where its documents start.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Treebank {
    pub sentences: Vec<Sentence>,
    /// Indices of the sentences that open a `# newdoc`.
    pub doc_starts: Vec<usize>,
}

impl Treebank {
    pub fn words(&self) -> usize {
        self.sentences.iter().map(|s| s.words.len()).sum()
    }

    pub fn documents(&self) -> usize {
        count_documents(self.sentences.len(), &self.doc_starts)
    }
}

/// Documents in `sentences` sentences of which `doc_starts` open one (sentences before
/// the first `# newdoc` are a document too).
fn count_documents(sentences: usize, doc_starts: &[usize]) -> usize {
    let first_is_start = doc_starts.first() == Some(&0);
    doc_starts.len() + usize::from(!first_is_start && sentences > 0)
}

/// Parses a CoNLL-U text and finds its `# newdoc` comments.
pub fn parse_treebank(text: &str) -> Result<Treebank, annalist_syntax::Error> {
    let sentences = conllu::parse(text)?;
    // The same blocks as `conllu::parse`: a block is a sentence when it has a word line.
    let mut doc_starts = Vec::new();
    let mut count = 0;
    let mut newdoc = false;
    let mut has_word = false;
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if has_word {
                if newdoc {
                    doc_starts.push(count);
                    newdoc = false;
                }
                count += 1;
            }
            has_word = false;
        } else if let Some(comment) = line.strip_prefix('#') {
            newdoc |= comment.trim_start().starts_with("newdoc");
        } else {
            let id = line.split('\t').next().unwrap_or("");
            has_word |= !id.contains(['-', '.']);
        }
    }
    if count != sentences.len() {
        doc_starts.clear();
    }
    Ok(Treebank {
        sentences,
        doc_starts,
    })
}

/// Reads a CoNLL-U treebank file.
pub fn read_treebank(path: &Path) -> anyhow::Result<Treebank> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    parse_treebank(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The universal part of a relation: `nsubj` for `nsubj:pass`.
fn universal(rel: &str) -> &str {
    rel.split_once(':').map_or(rel, |(base, _)| base)
}

fn percent(correct: usize, total: usize) -> f64 {
    100.0 * ratio(correct, total)
}

/// Scores with gold tokenisation: counts of right words, over every gold word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyntaxScores {
    pub sentences: usize,
    pub words: usize,
    pub upos: usize,
    pub xpos: usize,
    pub lemmas: usize,
    pub uas: usize,
    pub las: usize,
    /// Sentences whose predicted tree does not have exactly one root.
    pub not_one_root: usize,
}

impl SyntaxScores {
    /// The metrics in percent, in table order.
    pub fn metrics(&self) -> [(&'static str, f64); 5] {
        [
            ("UPOS", percent(self.upos, self.words)),
            ("XPOS", percent(self.xpos, self.words)),
            ("Lemmas", percent(self.lemmas, self.words)),
            ("UAS", percent(self.uas, self.words)),
            ("LAS", percent(self.las, self.words)),
        ]
    }

    /// A metric in percent (`UPOS`, `XPOS`, `Lemmas`, `UAS`, `LAS`).
    pub fn get(&self, metric: &str) -> f64 {
        self.metrics()
            .iter()
            .find(|(m, _)| *m == metric)
            .map_or(0.0, |&(_, v)| v)
    }

    /// Whether every bar of [`TARGETS`] is met.
    pub fn targets_met(&self) -> bool {
        TARGETS
            .iter()
            .all(|&(m, t)| (self.get(m) * 100.0).round() / 100.0 >= t)
    }

    /// A table: metric, score, count, target and verdict.
    pub fn render(&self, title: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{title}, gold tokenisation ({} sentences, {} words)",
            self.sentences, self.words
        );
        let _ = writeln!(out, "  {:<8} {:>7}  {:>13}  target", "metric", "%", "right");
        let counts = [self.upos, self.xpos, self.lemmas, self.uas, self.las];
        for ((metric, value), count) in self.metrics().into_iter().zip(counts) {
            let right = format!("{count}/{}", self.words);
            let line = format!(
                "  {metric:<8} {value:>7.2}  {right:>13}  {}",
                target_cells(metric, value)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if self.not_one_root > 0 {
            let _ = writeln!(
                out,
                "  {} sentences without exactly one root",
                self.not_one_root
            );
        }
        out
    }
}

/// Tags and parses each gold sentence's words with `model` and scores the result.
pub fn evaluate_gold_tokens(model: &Model, sentences: &[Sentence]) -> SyntaxScores {
    evaluate_gold_tokens_with(|forms| model.analyse_words(forms), sentences)
}

/// [`evaluate_gold_tokens`] with any analyser of a sentence's words.
pub fn evaluate_gold_tokens_with(
    analyse: impl Fn(&[&str]) -> Vec<Analysis>,
    sentences: &[Sentence],
) -> SyntaxScores {
    let mut scores = SyntaxScores::default();
    for sentence in sentences {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let predicted = analyse(&forms);
        scores.sentences += 1;
        scores.words += sentence.words.len();
        if predicted.iter().filter(|a| a.head == 0).count() != 1 {
            scores.not_one_root += 1;
        }
        // A prediction of another length is wrong on the words it misses.
        for (gold, a) in sentence.words.iter().zip(&predicted) {
            scores.upos += usize::from(a.upos.as_str() == gold.upos);
            scores.xpos += usize::from(a.xpos.as_str() == gold.xpos);
            scores.lemmas += usize::from(gold.lemma == "_" || a.lemma == gold.lemma);
            if a.head == gold.head {
                scores.uas += 1;
                scores.las += usize::from(universal(a.rel.as_str()) == universal(&gold.deprel));
            }
        }
    }
    scores
}

/// Counts for one metric of the raw-text setting, as `conll18_ud_eval.py` keeps them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub gold: usize,
    pub system: usize,
    pub correct: usize,
    /// Aligned words (for word-level metrics).
    pub aligned: Option<usize>,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// `2 correct / (gold + system)`: the harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.correct, self.gold + self.system)
    }

    /// Right among the aligned words.
    pub fn aligned_accuracy(&self) -> Option<f64> {
        self.aligned.map(|a| ratio(self.correct, a))
    }
}

/// Scores of the raw-text setting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawScores {
    pub tokens: Score,
    pub sentences: Score,
    pub words: Score,
    pub upos: Score,
    pub xpos: Score,
    pub lemmas: Score,
    pub uas: Score,
    pub las: Score,
    /// Gold documents (`# newdoc`) in the text.
    pub documents: usize,
    /// Gold sentences whose `# text` does not hold their tokens (whitespace aside):
    /// their offsets are taken from the text, so they stay aligned, but they may be
    /// scored wrong.
    pub mismatched_sentences: usize,
}

impl RawScores {
    /// The metrics in table order.
    pub fn metrics(&self) -> [(&'static str, &Score); 8] {
        [
            ("Tokens", &self.tokens),
            ("Sentences", &self.sentences),
            ("Words", &self.words),
            ("UPOS", &self.upos),
            ("XPOS", &self.xpos),
            ("Lemmas", &self.lemmas),
            ("UAS", &self.uas),
            ("LAS", &self.las),
        ]
    }

    /// A table as `conll18_ud_eval.py -v` prints it, with the bars beside the F1s.
    pub fn render(&self, title: &str) -> String {
        let mut out = String::new();
        let documents = match self.documents {
            0 => String::new(),
            n => format!("{n} documents, "),
        };
        let _ = writeln!(
            out,
            "{title} ({documents}{} sentences, {} words)",
            self.sentences.gold, self.words.gold
        );
        let _ = writeln!(
            out,
            "  {:<10} {:>9} {:>9} {:>9} {:>10}  target (F1)",
            "metric", "precision", "recall", "F1", "aligned"
        );
        for (metric, score) in self.metrics() {
            let aligned = score
                .aligned_accuracy()
                .map_or(String::new(), |a| format!("{:.2}", 100.0 * a));
            let f = 100.0 * score.f1();
            let line = format!(
                "  {metric:<10} {:>9.2} {:>9.2} {f:>9.2} {aligned:>10}  {}",
                100.0 * score.precision(),
                100.0 * score.recall(),
                target_cells(metric, f)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if self.mismatched_sentences > 0 {
            let _ = writeln!(
                out,
                "  {} gold sentences whose text does not hold their tokens",
                self.mismatched_sentences
            );
        }
        out
    }
}

/// The raw text of gold sentences: their texts, a line break between sentences, a blank
/// line before each sentence of `doc_starts`; and the byte offset of each sentence.
pub fn raw_text(sentences: &[Sentence], doc_starts: &[usize]) -> (String, Vec<usize>) {
    let starts: HashSet<usize> = doc_starts.iter().copied().collect();
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(sentences.len());
    for (i, sentence) in sentences.iter().enumerate() {
        if i > 0 {
            text.push_str(if starts.contains(&i) { "\n\n" } else { "\n" });
        }
        offsets.push(text.len());
        text.push_str(&sentence.raw_text());
    }
    (text, offsets)
}

/// A character span over the text without its whitespace.
type CharSpan = (usize, usize);

/// One word as the alignment and the metrics read it.
#[derive(Clone, Debug)]
struct AlignWord {
    /// Its token's span (a multiword token's words share it).
    span: CharSpan,
    multiword: bool,
    lower: String,
    upos: String,
    xpos: String,
    lemma: String,
    /// The head word (index in the same side's words), `None` for a root.
    head: Option<usize>,
    rel: String,
}

/// One side (gold or system) of the raw-text comparison.
#[derive(Clone, Debug, Default)]
struct Side {
    tokens: Vec<CharSpan>,
    sentences: Vec<CharSpan>,
    words: Vec<AlignWord>,
}

impl Side {
    /// Adds a sentence given its words, the token of each word and the tokens' spans.
    fn push_sentence(
        &mut self,
        words: &[conllu::Word],
        multiword: &[conllu::MultiwordToken],
        word_tokens: &[usize],
        tokens: &[CharSpan],
    ) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return;
        };
        self.sentences.push((first.0, last.1));
        self.tokens.extend_from_slice(tokens);
        let base = self.words.len();
        for (i, word) in words.iter().enumerate() {
            let id = i + 1;
            self.words.push(AlignWord {
                span: tokens[word_tokens[i].min(tokens.len() - 1)],
                multiword: multiword.iter().any(|m| m.first <= id && id <= m.last),
                lower: word.form.to_lowercase(),
                upos: word.upos.clone(),
                xpos: word.xpos.clone(),
                lemma: word.lemma.clone(),
                head: (word.head > 0 && word.head <= words.len()).then(|| base + word.head - 1),
                rel: universal(&word.deprel).to_string(),
            });
        }
    }
}

/// The number of non-whitespace characters before each byte of `text` (and its end).
fn char_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut count = 0;
    for ch in text.chars() {
        for _ in 0..ch.len_utf8() {
            offsets.push(count);
        }
        count += usize::from(!ch.is_whitespace());
    }
    offsets.push(count);
    offsets
}

fn non_space_len(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// A side read from CoNLL-U: offsets count the tokens' characters without whitespace,
/// as `conll18_ud_eval.py` does; with `starts` (character offsets), each sentence starts
/// at its own instead, so that one whose `# text` does not hold its tokens cannot shift
/// the others. Returns the side, its characters and the sentences whose tokens do not
/// add up to their text (with `starts` only).
fn conllu_side(sentences: &[Sentence], starts: Option<&[usize]>) -> (Side, String, usize) {
    let mut side = Side::default();
    let mut characters = String::new();
    let mut mismatched = 0;
    let mut at = 0;
    for (n, sentence) in sentences.iter().enumerate() {
        if let Some(&start) = starts.and_then(|s| s.get(n)) {
            at = start;
        }
        let sentence_start = at;
        let mut tokens = Vec::new();
        let mut word_tokens = Vec::with_capacity(sentence.words.len());
        let mut i = 0;
        while i < sentence.words.len() {
            let id = i + 1;
            let (form, last) = match sentence.multiword.iter().find(|m| m.first == id) {
                Some(m) => (m.form.as_str(), m.last.min(sentence.words.len())),
                None => (sentence.words[i].form.as_str(), id),
            };
            let before = characters.len();
            characters.extend(form.chars().filter(|c| !c.is_whitespace()));
            let len = characters[before..].chars().count();
            tokens.push((at, at + len));
            at += len;
            word_tokens.resize(word_tokens.len() + (last - i), tokens.len() - 1);
            i = last;
        }
        if starts.is_some() && at - sentence_start != non_space_len(&sentence.raw_text()) {
            mismatched += 1;
        }
        side.push_sentence(&sentence.words, &sentence.multiword, &word_tokens, &tokens);
    }
    (side, characters, mismatched)
}

/// The system side: the exported sentences, their tokens' byte spans turned into
/// character offsets.
fn system_side(doc: &Document, offsets: &[usize]) -> Side {
    let mut side = Side::default();
    let at = |byte: usize| offsets[byte.min(offsets.len() - 1)];
    for exported in export::document_sentences_spanned(doc) {
        let tokens: Vec<CharSpan> = exported
            .tokens
            .iter()
            .map(|span| (at(span.start), at(span.end)))
            .collect();
        let s = &exported.sentence;
        side.push_sentence(&s.words, &s.multiword, &exported.word_tokens, &tokens);
    }
    side
}

/// `spans_score`: spans right when both ends match.
fn spans_score(gold: &[CharSpan], system: &[CharSpan]) -> Score {
    let (mut correct, mut g, mut s) = (0, 0, 0);
    while g < gold.len() && s < system.len() {
        if system[s].0 < gold[g].0 {
            s += 1;
        } else if gold[g].0 < system[s].0 {
            g += 1;
        } else {
            correct += usize::from(gold[g].1 == system[s].1);
            g += 1;
            s += 1;
        }
    }
    Score {
        gold: gold.len(),
        system: system.len(),
        correct,
        aligned: None,
    }
}

/// Whether word `i` lies past a multiword span ending at `end`.
fn beyond_end(words: &[AlignWord], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.multiword => w.span.0 >= end,
        Some(w) => w.span.1 > end,
    }
}

fn extend_end(word: &AlignWord, end: usize) -> usize {
    if word.multiword && word.span.1 > end {
        word.span.1
    } else {
        end
    }
}

/// `find_multiword_span`: the smallest stretch of gold and system words, from `g` and
/// `s`, that covers the multiword tokens there. Returns its starts and ends.
fn multiword_span(
    gold: &[AlignWord],
    system: &[AlignWord],
    mut g: usize,
    mut s: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if gold[g].multiword {
        end = gold[g].span.1;
        if !system[s].multiword && system[s].span.0 < gold[g].span.0 {
            s += 1;
        }
    } else {
        end = system[s].span.1;
        if !gold[g].multiword && gold[g].span.0 < system[s].span.0 {
            g += 1;
        }
    }
    let (gs, ss) = (g, s);
    while !beyond_end(gold, g, end) || !beyond_end(system, s, end) {
        if g < gold.len() && (s >= system.len() || gold[g].span.0 <= system[s].span.0) {
            end = extend_end(&gold[g], end);
            g += 1;
        } else {
            end = extend_end(&system[s], end);
            s += 1;
        }
    }
    (gs, ss, g, s)
}

/// `align_words`: for each gold word, the system word aligned to it.
fn align_words(gold: &[AlignWord], system: &[AlignWord]) -> Vec<Option<usize>> {
    let mut aligned = vec![None; gold.len()];
    let (mut g, mut s) = (0, 0);
    while g < gold.len() && s < system.len() {
        if gold[g].multiword || system[s].multiword {
            let (gs, ss, ge, se) = multiword_span(gold, system, g, s);
            g = ge;
            s = se;
            if ge > gs && se > ss {
                let (n, m) = (ge - gs, se - ss);
                // lcs[i][j]: the longest common subsequence of gold[gs + i..ge] and
                // system[ss + j..se] by lower-cased form.
                let mut lcs = vec![vec![0usize; m + 1]; n + 1];
                for i in (0..n).rev() {
                    for j in (0..m).rev() {
                        lcs[i][j] = if gold[gs + i].lower == system[ss + j].lower {
                            1 + lcs[i + 1][j + 1]
                        } else {
                            0
                        }
                        .max(lcs[i + 1][j])
                        .max(lcs[i][j + 1]);
                    }
                }
                let (mut i, mut j) = (0, 0);
                while i < n && j < m {
                    if gold[gs + i].lower == system[ss + j].lower {
                        aligned[gs + i] = Some(ss + j);
                        i += 1;
                        j += 1;
                    } else if lcs[i][j] == lcs[i + 1][j] {
                        i += 1;
                    } else {
                        j += 1;
                    }
                }
            }
        } else if gold[g].span == system[s].span {
            aligned[g] = Some(s);
            g += 1;
            s += 1;
        } else if gold[g].span.0 <= system[s].span.0 {
            g += 1;
        } else {
            s += 1;
        }
    }
    aligned
}

/// Scores a side against the gold side, as `conll18_ud_eval.py` does.
fn compare(gold: &Side, system: &Side) -> RawScores {
    let alignment = align_words(&gold.words, &system.words);
    let mut system_to_gold = vec![None; system.words.len()];
    for (g, s) in alignment.iter().enumerate() {
        if let Some(s) = *s {
            system_to_gold[s] = Some(g);
        }
    }
    let aligned = alignment.iter().flatten().count();
    let word_score = |correct: usize| Score {
        gold: gold.words.len(),
        system: system.words.len(),
        correct,
        aligned: Some(aligned),
    };
    let count = |right: &dyn Fn(&AlignWord, &AlignWord) -> bool| {
        alignment
            .iter()
            .enumerate()
            .filter(|(g, s)| s.is_some_and(|s| right(&gold.words[*g], &system.words[s])))
            .count()
    };
    // The gold word a system word's head is aligned to (`Some(None)` for a root,
    // `None` for a head that is aligned to no gold word).
    let head = |w: &AlignWord| match w.head {
        None => Some(None),
        Some(h) => system_to_gold[h].map(Some),
    };
    let uas = |g: &AlignWord, s: &AlignWord| head(s) == Some(g.head);
    RawScores {
        tokens: spans_score(&gold.tokens, &system.tokens),
        sentences: spans_score(&gold.sentences, &system.sentences),
        // Words has no aligned accuracy (it would be 100 %).
        words: Score {
            aligned: None,
            ..word_score(aligned)
        },
        upos: word_score(count(&|g, s| g.upos == s.upos)),
        xpos: word_score(count(&|g, s| g.xpos == s.xpos)),
        lemmas: word_score(count(&|g, s| g.lemma == "_" || g.lemma == s.lemma)),
        uas: word_score(count(&uas)),
        las: word_score(count(&|g, s| uas(g, s) && g.rel == s.rel)),
        documents: 0,
        mismatched_sentences: 0,
    }
}

/// Scores a system CoNLL-U against the gold, as `conll18_ud_eval.py GOLD SYSTEM` does
/// (any tokenisation and segmentation; their characters, whitespace aside, must be the
/// same).
pub fn evaluate_conllu(gold: &[Sentence], system: &[Sentence]) -> Result<RawScores, String> {
    let (gold_side, gold_chars, _) = conllu_side(gold, None);
    let (system_side, system_chars, _) = conllu_side(system, None);
    if gold_chars != system_chars {
        let common = gold_chars
            .chars()
            .zip(system_chars.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let next = |s: &str| s.chars().skip(common).take(20).collect::<String>();
        return Err(format!(
            "the gold and system tokens differ after {common} characters: gold {:?}, system {:?}",
            next(&gold_chars),
            next(&system_chars)
        ));
    }
    Ok(compare(&gold_side, &system_side))
}

/// Raw-text scores of `stage` (the syntax stage) on gold sentences, all of one
/// document, a line break between sentences.
pub fn evaluate_raw(stage: &dyn Recogniser, sentences: &[Sentence]) -> RawScores {
    evaluate_raw_documents(stage, sentences, &[])
}

/// Raw-text scores on a treebank: the whole text is one [`Document`], its documents
/// separated by blank lines; annalist segments it, `stage` fills its syntax layer.
pub fn evaluate_raw_documents(
    stage: &dyn Recogniser,
    sentences: &[Sentence],
    doc_starts: &[usize],
) -> RawScores {
    let (text, starts) = raw_text(sentences, doc_starts);
    let offsets = char_offsets(&text);
    let starts: Vec<usize> = starts.iter().map(|&b| offsets[b]).collect();
    let (gold, _, mismatched) = conllu_side(sentences, Some(&starts));
    let metadata = Metadata {
        source: "ud".to_string(),
        ..Metadata::default()
    };
    let mut doc = Document::new(text, metadata);
    stage.annotate(&mut doc);
    let system = system_side(&doc, &offsets);
    let mut scores = compare(&gold, &system);
    scores.documents = count_documents(sentences.len(), doc_starts);
    scores.mismatched_sentences = mismatched;
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_core::{Label, StrRef, Syntax, Upos, Word};

    /// Two documents, three sentences: 14 tokens, 15 words; `don't` is a multiword
    /// token, `NATO-Russia` three tokens; one gold lemma is `_`.
    const GOLD: &str = "\
# newdoc id = d1
# sent_id = d1-1
# text = They don't like it.
1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tlike\tlike\tVERB\tVB\t_\t0\troot\t_\t_
5\tit\tit\tPRON\tPRP\t_\t4\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = d1-2
# text = NATO-Russia talks ended.
1\tNATO\tNATO\tPROPN\tNNP\t_\t3\tcompound\t_\tSpaceAfter=No
2\t-\t-\tPUNCT\tHYPH\t_\t3\tpunct\t_\tSpaceAfter=No
3\tRussia\tRussia\tPROPN\tNNP\t_\t4\tcompound\t_\t_
4\ttalks\ttalk\tNOUN\tNNS\t_\t5\tnsubj\t_\t_
5\tended\tend\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# newdoc id = d2
# sent_id = d2-1
# text = It rained.
1\tIt\tit\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\trained\train\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t_\tPUNCT\t.\t_\t2\tpunct:x\t_\t_

";

    fn gold() -> Treebank {
        parse_treebank(GOLD).unwrap()
    }

    fn analysis(w: &conllu::Word) -> Analysis {
        Analysis {
            upos: Upos::parse(&w.upos).unwrap(),
            xpos: Label::new(&w.xpos),
            lemma: w.lemma.clone(),
            head: w.head,
            rel: Label::new(&w.deprel),
        }
    }

    /// A word a fake stage writes: form, upos, xpos, lemma, head (1-based in its
    /// sentence, 0 root), relation.
    #[derive(Clone)]
    struct FakeWord {
        form: String,
        upos: Upos,
        xpos: String,
        lemma: String,
        head: usize,
        rel: String,
    }

    /// A syntax stage that writes given sentences, finding their words in order in the
    /// text (each inside the core token that holds it).
    struct FakeStage(Vec<Vec<FakeWord>>);

    impl FakeStage {
        fn perfect(sentences: &[Sentence]) -> FakeStage {
            FakeStage(
                sentences
                    .iter()
                    .map(|s| {
                        s.words
                            .iter()
                            .map(|w| FakeWord {
                                form: w.form.clone(),
                                upos: Upos::parse(&w.upos).unwrap(),
                                xpos: w.xpos.clone(),
                                lemma: w.lemma.clone(),
                                head: w.head,
                                rel: w.deprel.clone(),
                            })
                            .collect()
                    })
                    .collect(),
            )
        }
    }

    impl Recogniser for FakeStage {
        fn name(&self) -> &'static str {
            "fake-syntax"
        }

        fn annotate(&self, doc: &mut Document) {
            let mut syntax = Syntax::default();
            let mut cursor = 0;
            for (s, words) in self.0.iter().enumerate() {
                let start = syntax.words.len() as u32;
                for w in words {
                    let at = cursor + doc.text[cursor..].find(&w.form).expect("form in text");
                    let span = annalist_core::Span::new(at, at + w.form.len());
                    cursor = span.end;
                    let token = doc
                        .tokens
                        .iter()
                        .position(|t| t.span.contains(span))
                        .expect("word inside a token") as u32;
                    let lemma = StrRef {
                        start: syntax.strings.len() as u32,
                        len: w.lemma.len() as u32,
                    };
                    syntax.strings.push_str(&w.lemma);
                    syntax.words.push(Word {
                        span,
                        token,
                        sentence: s as u32,
                        upos: w.upos,
                        xpos: Label::new(&w.xpos),
                        head: (w.head > 0).then(|| start + w.head as u32 - 1),
                        rel: Label::new(&w.rel),
                        lemma,
                        lower: lemma,
                    });
                }
                syntax
                    .sentence_words
                    .push((start, syntax.words.len() as u32));
            }
            doc.syntax = syntax;
        }
    }

    fn word(form: &str, upos: Upos, head: usize, rel: &str) -> FakeWord {
        FakeWord {
            form: form.into(),
            upos,
            xpos: "X".into(),
            lemma: form.into(),
            head,
            rel: rel.into(),
        }
    }

    #[test]
    fn treebanks_know_their_documents() {
        let treebank = gold();
        assert_eq!(treebank.sentences.len(), 3);
        assert_eq!(treebank.doc_starts, [0, 2]);
        assert_eq!(treebank.documents(), 2);
        assert_eq!(treebank.words(), 15);
        let (text, starts) = raw_text(&treebank.sentences, &treebank.doc_starts);
        assert_eq!(
            text,
            "They don't like it.\nNATO-Russia talks ended.\n\nIt rained."
        );
        assert_eq!(starts, [0, 20, 46]);
    }

    #[test]
    fn gold_tokens_perfect_scores_everything() {
        let treebank = gold();
        let scores = evaluate_gold_tokens_with(
            |forms| {
                let s = treebank
                    .sentences
                    .iter()
                    .find(|s| s.words.len() == forms.len() && s.words[0].form == forms[0])
                    .unwrap();
                s.words.iter().map(analysis).collect()
            },
            &treebank.sentences,
        );
        assert_eq!(scores.words, 15);
        for (metric, value) in scores.metrics() {
            assert_eq!(value, 100.0, "{metric}");
        }
        assert!(scores.targets_met());
        assert_eq!(scores.not_one_root, 0);
    }

    #[test]
    fn gold_tokens_errors_are_counted_by_hand() {
        let treebank = gold();
        let scores = evaluate_gold_tokens_with(
            |forms| {
                let s = treebank
                    .sentences
                    .iter()
                    .find(|s| s.words.len() == forms.len() && s.words[0].form == forms[0])
                    .unwrap();
                let mut out: Vec<Analysis> = s.words.iter().map(analysis).collect();
                match forms[0] {
                    "They" => {
                        out[0].upos = Upos::Noun; // UPOS wrong
                        out[3].head = 5; // like → it: UAS, LAS wrong, and no root
                    }
                    "NATO" => {
                        out[0].rel = Label::new("compound:prt"); // same universal part
                        out[3].xpos = Label::new("VBZ"); // XPOS wrong
                        out[3].lemma = "talks".into(); // lemma wrong
                        out[4].rel = Label::new("ccomp"); // LAS wrong only
                    }
                    _ => {
                        out[2].lemma = ".".into(); // gold lemma `_`: right
                        out[2].rel = Label::new("punct"); // gold `punct:x`
                    }
                }
                out
            },
            &treebank.sentences,
        );
        assert_eq!(
            scores,
            SyntaxScores {
                sentences: 3,
                words: 15,
                upos: 14,
                xpos: 14,
                lemmas: 14,
                uas: 14,
                las: 13,
                not_one_root: 1,
            }
        );
        assert!((scores.get("LAS") - 100.0 * 13.0 / 15.0).abs() < 1e-9);
        assert!(!scores.targets_met());
        let table = scores.render("fixture");
        assert!(
            table.contains("LAS        86.67          13/15  >= 83    met"),
            "{table}"
        );
        assert!(table.contains("UAS        93.33"), "{table}");
        assert!(
            table.contains("UPOS       93.33          14/15  >= 95.5  NOT MET"),
            "{table}"
        );
    }

    #[test]
    fn a_short_prediction_is_wrong_on_the_words_it_misses() {
        let treebank = gold();
        let scores = evaluate_gold_tokens_with(
            |forms| {
                let s = treebank
                    .sentences
                    .iter()
                    .find(|s| s.words[0].form == forms[0])
                    .unwrap();
                s.words.iter().take(2).map(analysis).collect()
            },
            &treebank.sentences,
        );
        assert_eq!(scores.upos, 6);
        assert_eq!(scores.not_one_root, 2); // the third keeps its root
    }

    #[test]
    fn raw_perfect_scores_everything() {
        let treebank = gold();
        let stage = FakeStage::perfect(&treebank.sentences);
        let scores = evaluate_raw_documents(&stage, &treebank.sentences, &treebank.doc_starts);
        assert_eq!(scores.documents, 2);
        assert_eq!(scores.mismatched_sentences, 0);
        assert_eq!(scores.tokens.gold, 14);
        assert_eq!(scores.words.gold, 15);
        for (metric, score) in scores.metrics() {
            assert_eq!(score.gold, score.system, "{metric}");
            assert_eq!(score.correct, score.gold, "{metric}");
            assert_eq!(score.f1(), 1.0, "{metric}");
        }
        // One document without blank lines scores the same.
        assert_eq!(evaluate_raw(&stage, &treebank.sentences).las.f1(), 1.0);
    }

    #[test]
    fn raw_errors_are_counted_by_hand() {
        use Upos::*;
        let treebank = gold();
        // The first two sentences read as one; `don't` and `NATO-Russia` are not split;
        // `talks` is mistagged, `it` misattached, the last period mislabelled.
        let stage = FakeStage(vec![
            vec![
                word("They", Pron, 3, "nsubj"),
                word("don't", Aux, 3, "aux"),
                word("like", Verb, 0, "root"),
                word("it", Pron, 1, "obj"),
                word(".", Punct, 3, "punct"),
                word("NATO-Russia", Propn, 7, "compound"),
                FakeWord {
                    form: "talks".into(),
                    upos: Verb,
                    xpos: "VBZ".into(),
                    lemma: "talks".into(),
                    head: 8,
                    rel: "nsubj".into(),
                },
                word("ended", Verb, 0, "root"),
                word(".", Punct, 8, "punct"),
            ],
            vec![
                word("It", Pron, 2, "nsubj"),
                word("rained", Verb, 0, "root"),
                word(".", Punct, 2, "dep"),
            ],
        ]);
        let gold_stage = FakeStage::perfect(&treebank.sentences);
        // Tags the fake got right: copy them from the gold where the forms agree.
        let stage = FakeStage(
            stage
                .0
                .into_iter()
                .map(|words| {
                    words
                        .into_iter()
                        .map(|mut w| {
                            let same = gold_stage.0.iter().flatten().find(|g| g.form == w.form);
                            if let (Some(g), true) = (same, w.xpos == "X") {
                                w.xpos = g.xpos.clone();
                                w.lemma = g.lemma.clone();
                            }
                            w
                        })
                        .collect()
                })
                .collect(),
        );
        let s = evaluate_raw_documents(&stage, &treebank.sentences, &treebank.doc_starts);
        let expect = |score: Score, gold, system, correct| {
            assert_eq!(
                (score.gold, score.system, score.correct),
                (gold, system, correct)
            );
        };
        expect(s.tokens, 14, 12, 11);
        expect(s.sentences, 3, 2, 1);
        expect(s.words, 15, 12, 10);
        expect(s.upos, 15, 12, 9);
        expect(s.xpos, 15, 12, 9);
        expect(s.lemmas, 15, 12, 9);
        expect(s.uas, 15, 12, 9);
        expect(s.las, 15, 12, 8);
        assert_eq!(s.upos.aligned, Some(10));
        assert_eq!(s.words.aligned, None);
        assert!((s.sentences.f1() - 0.4).abs() < 1e-12);
        assert!((s.las.f1() - 16.0 / 27.0).abs() < 1e-12);
        assert_eq!(s.las.aligned_accuracy(), Some(0.8));
        let table = s.render("fixture");
        assert!(
            table.contains("  Sentences      50.00     33.33     40.00"),
            "{table}"
        );
        assert!(
            table.contains(
                "  LAS            66.67     53.33     59.26      80.00  >= 83    NOT MET"
            ),
            "{table}"
        );
    }

    #[test]
    fn multiword_tokens_align_by_their_words() {
        // Gold `don't` = `do` + `n't`; a system that splits it the same way is right
        // on both words, one that does not aligns neither.
        let treebank = gold();
        let (gold, _, _) = conllu_side(&treebank.sentences[..1], None);
        let mut split = gold.clone();
        assert_eq!(
            align_words(&gold.words, &split.words)
                .iter()
                .flatten()
                .count(),
            6
        );
        split.words[1].lower = "d".into();
        let alignment = align_words(&gold.words, &split.words);
        assert_eq!(alignment[1], None);
        assert_eq!(alignment[2], Some(2));
        assert_eq!(alignment[3], Some(3));
    }

    /// A one-sentence CoNLL-U as `conll18_ud_eval.py`'s tests write it: `"abc a b c"` is
    /// the multiword token `abc` of words `a`, `b`, `c`.
    fn load_words(words: &[&str]) -> Vec<Sentence> {
        let mut lines = Vec::new();
        let mut n = 0;
        let word_line = |form: &str, n: usize| {
            format!("{n}\t{form}\t_\t_\t_\t_\t{}\t_\t_\t_", usize::from(n > 1))
        };
        for w in words {
            let parts: Vec<&str> = w.split(' ').collect();
            if parts.len() == 1 {
                n += 1;
                lines.push(word_line(parts[0], n));
            } else {
                lines.push(format!(
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t_",
                    n + 1,
                    n + parts.len() - 1,
                    parts[0]
                ));
                for part in &parts[1..] {
                    n += 1;
                    lines.push(word_line(part, n));
                }
            }
        }
        conllu::parse(&(lines.join("\n") + "\n\n")).unwrap()
    }

    /// `conll18_ud_eval.py`'s own alignment tests.
    #[test]
    fn the_shared_task_alignment_tests() {
        let ok = |gold: &[&str], system: &[&str], correct: usize| {
            let count =
                |ws: &[&str]| -> usize { ws.iter().map(|w| w.split(' ').count().max(2) - 1).sum() };
            let s = evaluate_conllu(&load_words(gold), &load_words(system)).unwrap();
            assert_eq!(
                (s.words.gold, s.words.system, s.words.correct),
                (count(gold), count(system), correct),
                "{gold:?} vs {system:?}"
            );
        };
        assert!(evaluate_conllu(&load_words(&["a"]), &load_words(&["b"])).is_err());
        ok(&["a"], &["a"], 1);
        ok(&["a", "b", "c"], &["a", "b", "c"], 3);
        ok(&["abc a b c"], &["a", "b", "c"], 3);
        ok(&["a", "bc b c", "d"], &["a", "b", "c", "d"], 4);
        ok(&["abcd a b c d"], &["ab a b", "cd c d"], 4);
        ok(&["abc a b c", "de d e"], &["a", "bcd b c d", "e"], 5);
        ok(&["abcd"], &["a", "b", "c", "d"], 0);
        ok(&["abc", "d"], &["a", "b", "c", "d"], 1);
        ok(&["a", "bc", "d"], &["a", "b", "c", "d"], 2);
        ok(&["a", "bc b c", "d"], &["a", "b", "cd"], 2);
        ok(
            &["abc a BX c", "def d EX f"],
            &["ab a b", "cd c d", "ef e f"],
            4,
        );
        ok(&["ab a b", "cd bc d"], &["a", "bc", "d"], 2);
        ok(&["a", "bc b c", "d"], &["ab AX BX", "cd CX a"], 1);
    }

    #[test]
    fn bars_are_read_as_printed() {
        assert_eq!(target_cells("UPOS", 95.496), ">= 95.5  met");
        assert_eq!(target_cells("UPOS", 95.494), ">= 95.5  NOT MET");
        assert_eq!(target_cells("XPOS", 90.0), "");
    }
}
