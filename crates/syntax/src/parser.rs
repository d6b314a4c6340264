//! The dependency parser: arc-eager transitions with the root at the end of the buffer
//! (Ballesteros and Nivre 2013), chosen greedily by an averaged perceptron over the
//! feature set of Zhang and Nivre (2011), trained with the dynamic oracle of Goldberg
//! and Nivre (2012) so that it learns to recover from its own mistakes.
//!
//! Parsing is linear: a sentence of `n` words takes at most `2n` transitions, each
//! reading a fixed number of features. Every word ends with exactly one head, the
//! sentence with exactly one root and no cycle: [`Parser::parse_into`] repairs a
//! forest into a tree (extra roots attach to the first) before it returns.

use crate::binio::{Reader, Writer};
use crate::dictionary::Dictionary;
use crate::perceptron::{best, feature, hash_str, mix, Rng, Trainer, Vocab, Weights};
use crate::Error;
use annalist_core::{Label, Upos};

const SHIFT: usize = 0;
const REDUCE: usize = 1;
const NONE: u64 = 0x6e6f_6e65_0000_0001;
const ROOT: u64 = 0x726f_6f74_0000_0002;

/// What the parser reads of each word: its form's hash (the shared unknown identity
/// for a word not in its vocabulary), its tag's hash and its dictionary class's hash
/// ([`Dictionary::class`]).
#[derive(Clone, Copy, Debug)]
pub struct Input {
    pub word: u64,
    pub tag: u64,
    pub class: u64,
}

impl Input {
    /// What a parser knowing the words of `vocab` reads of `form`, tagged `upos` and
    /// `xpos`; `buf` is scratch space for the lower-cased form.
    pub fn new(vocab: &Vocab, form: &str, upos: Upos, xpos: Label, buf: &mut String) -> Input {
        buf.clear();
        buf.extend(form.chars().flat_map(char::to_lowercase));
        let class = Dictionary::embedded().class(buf, upos);
        Input {
            word: vocab.word(form),
            tag: hash_str(upos.as_str()) ^ hash_str(xpos.as_str()).rotate_left(17),
            class: mix(u64::from(class) ^ 0x636c_6173_7300),
        }
    }
}

/// Words seen fewer times than this in training are unknown to the parser (a threshold
/// of 2 cost 0.5 UAS on EWT dev: unlike the tagger, the parser has no affixes to fall
/// back on).
pub const VOCAB_MIN_COUNT: usize = 1;

/// The configuration: stack, buffer front, arcs so far and the dependents each word
/// has gathered (for the features). Words are numbered 1..=n; n + 1 is the root, at the
/// end of the buffer; 0 is "none".
#[derive(Default)]
struct State {
    n: usize,
    stack: Vec<u32>,
    front: usize,
    head: Vec<u32>,
    label: Vec<u8>,
    left1: Vec<u32>,
    left2: Vec<u32>,
    right1: Vec<u32>,
    right2: Vec<u32>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    left_set: Vec<u64>,
    right_set: Vec<u64>,
    /// Transitions taken: bounded by 2n + 1 (asserted by the tests).
    steps: usize,
}

/// Makes `v` hold `len` zeros, keeping its allocation.
fn zeroed<T: Copy + Default>(v: &mut Vec<T>, len: usize) {
    v.clear();
    v.resize(len, T::default());
}

impl State {
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.front = 1;
        for v in [
            &mut self.head,
            &mut self.left1,
            &mut self.left2,
            &mut self.right1,
            &mut self.right2,
        ] {
            zeroed(v, n + 2);
        }
        zeroed(&mut self.label, n + 2);
        zeroed(&mut self.n_left, n + 2);
        zeroed(&mut self.n_right, n + 2);
        zeroed(&mut self.left_set, n + 2);
        zeroed(&mut self.right_set, n + 2);
        self.steps = 0;
    }

    fn root(&self) -> usize {
        self.n + 1
    }

    fn s0(&self) -> usize {
        self.stack.last().map_or(0, |&s| s as usize)
    }

    fn done(&self) -> bool {
        self.front == self.root() && self.stack.is_empty()
    }

    fn add_arc(&mut self, h: usize, d: usize, label: usize) {
        self.head[d] = h as u32;
        self.label[d] = label as u8;
        let bit = 1u64 << (label % 64);
        if d < h {
            // A left dependent: the leftmost is the smallest index.
            if self.left1[h] == 0 || (d as u32) < self.left1[h] {
                self.left2[h] = self.left1[h];
                self.left1[h] = d as u32;
            } else if self.left2[h] == 0 || (d as u32) < self.left2[h] {
                self.left2[h] = d as u32;
            }
            self.n_left[h] = self.n_left[h].saturating_add(1);
            self.left_set[h] |= bit;
        } else {
            if (d as u32) > self.right1[h] {
                self.right2[h] = self.right1[h];
                self.right1[h] = d as u32;
            } else if (d as u32) > self.right2[h] {
                self.right2[h] = d as u32;
            }
            self.n_right[h] = self.n_right[h].saturating_add(1);
            self.right_set[h] |= bit;
        }
    }

    fn apply(&mut self, action: usize, labels: usize) {
        self.steps += 1;
        match action {
            SHIFT => {
                self.stack.push(self.front as u32);
                self.front += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            a if a < 2 + labels => {
                let s = self.stack.pop().unwrap_or(0) as usize;
                self.add_arc(self.front, s, a - 2);
            }
            a => {
                let s = self.s0();
                let b = self.front;
                self.add_arc(s, b, a - 2 - labels);
                self.stack.push(b as u32);
                self.front += 1;
            }
        }
    }
}

/// Which transitions are legal, as a mask over classes.
fn legal(state: &State, labels: usize, root_label: usize, mask: &mut [bool]) {
    mask.iter_mut().for_each(|m| *m = false);
    let s = state.s0();
    let at_root = state.front == state.root();
    mask[SHIFT] = !at_root;
    if s != 0 {
        let has_head = state.head[s] != 0;
        mask[REDUCE] = has_head;
        if !has_head {
            for l in 0..labels {
                mask[2 + l] = (l == root_label) == at_root;
            }
        }
        if !at_root {
            for l in 0..labels {
                mask[2 + labels + l] = l != root_label;
            }
        }
    }
}

/// Number of feature templates.
pub const TEMPLATES: usize = 83;

fn features(state: &State, input: &[Input], out: &mut [u64; TEMPLATES]) {
    let root = state.root();
    let at = |i: usize| -> Input {
        if i == 0 {
            Input {
                word: NONE,
                tag: NONE,
                class: NONE,
            }
        } else if i == root {
            Input {
                word: ROOT,
                tag: ROOT,
                class: ROOT,
            }
        } else {
            input[i - 1]
        }
    };
    let w = |i: usize| at(i).word;
    let p = |i: usize| at(i).tag;
    let c = |i: usize| at(i).class;
    let lab = |i: usize| -> u64 {
        if i == 0 || state.head[i] == 0 {
            NONE
        } else {
            u64::from(state.label[i]) + 1
        }
    };
    let s0 = state.s0();
    let s1 = if state.stack.len() >= 2 {
        state.stack[state.stack.len() - 2] as usize
    } else {
        0
    };
    let n0 = state.front;
    let n1 = if n0 < root { n0 + 1 } else { 0 };
    let n2 = if n1 != 0 && n1 < root { n1 + 1 } else { 0 };
    let s0h = state.head[s0] as usize;
    let s0h2 = state.head[s0h] as usize;
    let s0l = state.left1[s0] as usize;
    let s0l2 = state.left2[s0] as usize;
    let s0r = state.right1[s0] as usize;
    let s0r2 = state.right2[s0] as usize;
    let n0l = state.left1[n0] as usize;
    let n0l2 = state.left2[n0] as usize;
    let d = if s0 == 0 { 0 } else { (n0 - s0).min(10) as u64 };
    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let s0wp = mix(s0w ^ s0p.rotate_left(7));
    let n0wp = mix(n0w ^ n0p.rotate_left(7));
    let (n1w, n1p, n2w, n2p) = (w(n1), p(n1), w(n2), p(n2));
    let vr = u64::from(state.n_right[s0]);
    let vl = u64::from(state.n_left[s0]);
    let n0vl = u64::from(state.n_left[n0]);
    let s0sr = state.right_set[s0];
    let s0sl = state.left_set[s0];
    let n0sl = state.left_set[n0];
    let f = feature;
    *out = [
        f(0, s0wp, 0, 0),
        f(1, s0w, 0, 0),
        f(2, s0p, 0, 0),
        f(3, n0wp, 0, 0),
        f(4, n0w, 0, 0),
        f(5, n0p, 0, 0),
        f(6, n1w, n1p, 0),
        f(7, n1w, 0, 0),
        f(8, n1p, 0, 0),
        f(9, n2w, n2p, 0),
        f(10, n2w, 0, 0),
        f(11, n2p, 0, 0),
        // pairs
        f(12, s0wp, n0wp, 0),
        f(13, s0wp, n0w, 0),
        f(14, s0w, n0wp, 0),
        f(15, s0wp, n0p, 0),
        f(16, s0p, n0wp, 0),
        f(17, s0w, n0w, 0),
        f(18, s0p, n0p, 0),
        f(19, n0p, n1p, 0),
        // three words
        f(20, n0p, n1p, n2p),
        f(21, s0p, n0p, n1p),
        f(22, p(s0h), s0p, n0p),
        f(23, s0p, p(s0l), n0p),
        f(24, s0p, p(s0r), n0p),
        f(25, s0p, n0p, p(n0l)),
        // distance
        f(26, s0w, d, 0),
        f(27, s0p, d, 0),
        f(28, n0w, d, 0),
        f(29, n0p, d, 0),
        f(30, s0w, n0w, d),
        f(31, s0p, n0p, d),
        // valency
        f(32, s0w, vr, 0),
        f(33, s0p, vr, 0),
        f(34, s0w, vl, 0),
        f(35, s0p, vl, 0),
        f(36, n0w, n0vl, 0),
        f(37, n0p, n0vl, 0),
        // unigrams of heads and dependents
        f(38, w(s0h), 0, 0),
        f(39, p(s0h), 0, 0),
        f(40, lab(s0), 0, 0),
        f(41, w(s0l), 0, 0),
        f(42, p(s0l), 0, 0),
        f(43, lab(s0l), 0, 0),
        f(44, w(s0r), 0, 0),
        f(45, p(s0r), 0, 0),
        f(46, lab(s0r), 0, 0),
        f(47, w(n0l), 0, 0),
        f(48, p(n0l), 0, 0),
        f(49, lab(n0l), 0, 0),
        // third order
        f(50, w(s0h2), 0, 0),
        f(51, p(s0h2), 0, 0),
        f(52, lab(s0h), 0, 0),
        f(53, w(s0l2), 0, 0),
        f(54, p(s0l2), 0, 0),
        f(55, lab(s0l2), 0, 0),
        f(56, w(s0r2), 0, 0),
        f(57, p(s0r2), 0, 0),
        f(58, lab(s0r2), 0, 0),
        f(59, w(n0l2), 0, 0),
        f(60, p(n0l2), 0, 0),
        f(61, lab(n0l2), 0, 0),
        f(62, s0p, p(s0l), p(s0l2)),
        f(63, s0p, p(s0r), p(s0r2)),
        f(64, s0p, p(s0h), p(s0h2)),
        f(65, n0p, p(n0l), p(n0l2)),
        // label sets
        f(66, s0w, s0sr, 0),
        f(67, s0p, s0sr, 0),
        f(68, s0w, s0sl, 0),
        f(69, s0p, s0sl, 0),
        f(70, n0w, n0sl, 0),
        f(71, n0p, n0sl, 0),
        // the second stack word
        f(72, w(s1), 0, 0),
        f(73, p(s1), 0, 0),
        f(74, p(s1), s0p, n0p),
        // dictionary classes: a head and its would-be dependent, and the case marker
        // between them (what attaches a prepositional phrase)
        f(75, c(s0), 0, 0),
        f(76, c(n0), 0, 0),
        f(77, c(s0), c(n0), 0),
        f(78, c(s0), n0p, 0),
        f(79, s0p, c(n0), 0),
        f(80, c(n1), 0, 0),
        f(81, c(s0), w(n0l), c(n0)),
        f(82, s0p, w(n0l), c(n0)),
    ];
}

/// Reusable buffers for parsing.
#[derive(Default)]
pub struct Scratch {
    state: State,
    scores: Vec<i32>,
    mask: Vec<bool>,
}

impl Scratch {
    /// Transitions the last parse took.
    pub fn steps(&self) -> usize {
        self.state.steps
    }
}

/// A trained parser.
pub struct Parser {
    vocab: Vocab,
    labels: Vec<Label>,
    root_label: usize,
    weights: Weights,
}

/// A parse: for word i (0-based), its head (0 for the root, else 1-based) and label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parse {
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
}

impl Parser {
    pub fn label(&self, index: u8) -> Label {
        self.labels
            .get(index as usize)
            .copied()
            .unwrap_or(Label::new("dep"))
    }

    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// What this parser reads of `form`, tagged `upos` and `xpos` (`buf`: scratch
    /// space).
    pub fn input(&self, form: &str, upos: Upos, xpos: Label, buf: &mut String) -> Input {
        Input::new(&self.vocab, form, upos, xpos, buf)
    }

    /// Parses one sentence.
    pub fn parse_into(&self, input: &[Input], scratch: &mut Scratch, out: &mut Parse) {
        let labels = self.labels.len();
        let classes = 2 + 2 * labels;
        scratch.scores.resize(classes, 0);
        scratch.mask.resize(classes, false);
        let state = &mut scratch.state;
        state.reset(input.len());
        let mut feats = [0u64; TEMPLATES];
        while !state.done() {
            legal(state, labels, self.root_label, &mut scratch.mask);
            features(state, input, &mut feats);
            self.weights.score(&feats, &mut scratch.scores);
            // Some transition is always legal before the end (SHIFT while the buffer
            // holds words, then REDUCE or LEFT to the root); the check keeps that an
            // invariant of the loop rather than a reason to panic.
            let Some(best) = best(&scratch.scores, |c| scratch.mask[c]) else {
                break;
            };
            state.apply(best, labels);
        }
        finish(state, self.root_label, &self.labels, out);
    }

    /// Trains a parser for `epochs` passes; `sentences` give each word's input and its
    /// gold head (0 = root, else 1-based) and label index into `labels`.
    pub fn train(
        vocab: Vocab,
        sentences: &[(Vec<Input>, Vec<u32>, Vec<u8>)],
        labels: Vec<Label>,
        epochs: usize,
        seed: u64,
        min_weight: f32,
        mut log: impl FnMut(usize, &Parser),
    ) -> Parser {
        let root_label = labels.iter().position(|l| l.is("root")).unwrap_or(0);
        let n_labels = labels.len();
        let classes = 2 + 2 * n_labels;
        let mut trainer = Trainer::new(classes);
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut scratch = Scratch::default();
        let mut scores = vec![0f32; classes];
        let mut mask = vec![false; classes];
        let mut feats = [0u64; TEMPLATES];
        let mut costs = vec![0u32; classes];
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            for &si in &order {
                let (input, gold_heads, gold_labels) = &sentences[si];
                let n = input.len();
                // Gold heads in the state's numbering: the root is n + 1.
                let gold: Vec<u32> = std::iter::once(0)
                    .chain(
                        gold_heads
                            .iter()
                            .map(|&h| if h == 0 { n as u32 + 1 } else { h }),
                    )
                    .chain(std::iter::once(0))
                    .collect();
                let glabel: Vec<u8> = std::iter::once(0)
                    .chain(gold_labels.iter().copied())
                    .chain(std::iter::once(0))
                    .collect();
                let state = &mut scratch.state;
                state.reset(n);
                while !state.done() {
                    legal(state, n_labels, root_label, &mut mask);
                    features(state, input, &mut feats);
                    trainer.score(&feats, &mut scores);
                    oracle_costs(state, &gold, &glabel, n_labels, &mask, &mut costs);
                    let Some(guess) = best(&scores, |c| mask[c]) else {
                        break;
                    };
                    let best_zero = best(&scores, |c| mask[c] && costs[c] == 0);
                    // No zero-cost move (a non-projective leftover): take the cheapest.
                    let best_zero = best_zero.unwrap_or_else(|| {
                        (0..classes)
                            .filter(|&c| mask[c])
                            .min_by_key(|&c| costs[c])
                            .unwrap_or(guess)
                    });
                    trainer.update(&feats, best_zero, guess);
                    trainer.tick();
                    let next = if guess != best_zero && epoch > 0 && rng.unit() < 0.9 {
                        guess
                    } else {
                        best_zero
                    };
                    state.apply(next, n_labels);
                }
            }
            if (epoch + 1) % 3 == 0 || epoch + 1 == epochs {
                let parser = Parser {
                    vocab: vocab.clone(),
                    labels: labels.clone(),
                    root_label,
                    weights: trainer.average(min_weight),
                };
                log(epoch, &parser);
            }
        }
        Parser {
            vocab,
            labels,
            root_label,
            weights: trainer.average(min_weight),
        }
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    pub fn write(&self, w: &mut Writer) {
        self.vocab.write(w);
        w.u32(self.labels.len() as u32);
        for l in &self.labels {
            w.str(l.as_str());
        }
        self.weights.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Parser, Error> {
        let vocab = Vocab::read(r)?;
        let n = r.u32()? as usize;
        if n == 0 || n > 120 {
            return Err(Error::Model(format!("{n} parser labels")));
        }
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(Label::new(r.str()?));
        }
        let root_label = labels
            .iter()
            .position(|l| l.is("root"))
            .ok_or_else(|| Error::Model("no root label".into()))?;
        let weights = Weights::read(r)?;
        if weights.classes() != 2 + 2 * n {
            return Err(Error::Model("parser classes and labels disagree".into()));
        }
        Ok(Parser {
            vocab,
            labels,
            root_label,
            weights,
        })
    }
}

/// The dynamic oracle's cost of each legal transition: how many gold arcs it makes
/// unreachable (Goldberg and Nivre 2012, arc-eager), a wrong label counting one.
fn oracle_costs(
    state: &State,
    gold: &[u32],
    glabel: &[u8],
    labels: usize,
    mask: &[bool],
    costs: &mut [u32],
) {
    costs.iter_mut().for_each(|c| *c = u32::MAX);
    let s = state.s0();
    let b = state.front;
    let root = state.root();
    let in_buffer = |k: usize| k >= b && k <= root;
    let on_stack = |k: usize| state.stack.iter().any(|&x| x as usize == k);
    // Gold dependents of x among the buffer (b.. root) and among headless stack words.
    let deps_in_buffer = |x: usize, from: usize| {
        (from..=root)
            .filter(|&k| k <= state.n && gold[k] as usize == x)
            .count() as u32
    };
    let deps_on_stack = |x: usize| {
        state
            .stack
            .iter()
            .filter(|&&k| state.head[k as usize] == 0 && gold[k as usize] as usize == x)
            .count() as u32
    };
    if mask[SHIFT] {
        let head_on_stack = u32::from(on_stack(gold[b] as usize));
        costs[SHIFT] = deps_on_stack(b) + head_on_stack;
    }
    if mask[REDUCE] {
        costs[REDUCE] = deps_in_buffer(s, b);
    }
    if s != 0 {
        // LEFT: s takes b as head.
        let gs = gold[s] as usize;
        let arc = u32::from(gs != b && in_buffer(gs)) + deps_in_buffer(s, b);
        for l in 0..labels {
            if mask[2 + l] {
                let wrong_label = u32::from(gs == b && glabel[s] as usize != l);
                costs[2 + l] = arc + wrong_label;
            }
        }
        // RIGHT: b takes s as head.
        if b < root {
            let gb = gold[b] as usize;
            let lost_head = gb != s && (in_buffer(gb) || on_stack(gb));
            let arc = u32::from(lost_head) + deps_on_stack(b);
            for l in 0..labels {
                if mask[2 + labels + l] {
                    let wrong_label = u32::from(gb == s && glabel[b] as usize != l);
                    costs[2 + labels + l] = arc + wrong_label;
                }
            }
        }
    }
}

/// Reads the final state into a parse, making it a tree: words attached to the root
/// after the first take it as head (`punct` for punctuation-like labels, else
/// `parataxis`), so there is one root.
fn finish(state: &State, root_label: usize, labels: &[Label], out: &mut Parse) {
    let n = state.n;
    let root = n + 1;
    out.heads.clear();
    out.labels.clear();
    let mut main: Option<usize> = None;
    let parataxis = labels
        .iter()
        .position(|l| l.is("parataxis"))
        .unwrap_or(root_label) as u8;
    for d in 1..=n {
        let h = state.head[d] as usize;
        if h == root || h == 0 {
            match main {
                None => {
                    main = Some(d);
                    out.heads.push(0);
                    out.labels.push(root_label as u8);
                }
                Some(m) => {
                    out.heads.push(m as u32);
                    out.labels.push(parataxis);
                }
            }
        } else {
            out.heads.push(h as u32);
            out.labels.push(state.label[d]);
        }
    }
}

/// Makes a tree projective by lifting: while an arc crosses another, the shortest
/// such arc's dependent is attached to its head's head (Kahane et al. 1998; Nivre and
/// Nilsson 2005 without label encoding). Heads: 0 = root, else 1-based.
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len();
    loop {
        let mut worst: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d - 1] as usize;
            if h == 0 {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let crossing = (a + 1..b).any(|k| !dominates(heads, h, k));
            if crossing && worst.is_none_or(|(_, len)| b - a < len) {
                worst = Some((d, b - a));
            }
        }
        match worst {
            Some((d, _)) => {
                let h = heads[d - 1] as usize;
                heads[d - 1] = heads[h - 1];
            }
            None => return,
        }
    }
}

/// Whether `h` is an ancestor of `k` (or `k` itself).
fn dominates(heads: &[u32], h: usize, mut k: usize) -> bool {
    let mut guard = 0;
    while k != 0 && guard <= heads.len() {
        if k == h {
            return true;
        }
        k = heads[k - 1] as usize;
        guard += 1;
    }
    h == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifting_makes_a_crossing_tree_projective() {
        // 1 <- 3, 2 <- 4 crossing 3 -> 1? heads: w1=3, w2=4, w3=0, w4=3 : arcs 3-1 and 4-2 cross.
        let mut heads = vec![3, 4, 0, 3];
        projectivize(&mut heads);
        assert_eq!(heads, vec![3, 3, 0, 3]);
        let mut projective = vec![2, 0, 2];
        projectivize(&mut projective);
        assert_eq!(projective, vec![2, 0, 2]);
    }
}
