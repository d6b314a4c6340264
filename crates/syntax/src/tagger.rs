//! The part-of-speech tagger: UPOS and Penn XPOS predicted together as one joint tag
//! (`VERB VBD`), greedily left to right by an averaged perceptron.
//!
//! Features follow the usual greedy-tagger set (the word, its neighbours two either
//! side, prefixes and suffixes, the word's shape, the two tags before it) plus each
//! word's *ambiguity class*: the set of tags it had in training, which lets the tagger
//! see what the words to its right can be before it has tagged them. A word it never
//! saw often enough in training is read by its affixes and shape and by what WordNet
//! says it could be (`crate::dictionary`).

use crate::binio::{Reader, Writer};
use crate::conllu::Sentence;
use crate::dictionary::Dictionary;
use crate::perceptron::{argmax, feature, hash_lower, hash_str, mix, IdMap, Rng, Trainer, Weights};
use crate::Error;
use annalist_core::{Label, Upos};
use rayon::prelude::*;

/// What the tagger knows of one word, computed once per word.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordFeatures {
    pub lower: u64,
    pub cased: u64,
    pub shape: u64,
    pub prefix: [u64; 3],
    pub suffix: [u64; 4],
    /// The ambiguity class (0 when the word was not seen often enough in training).
    pub ambiguity: u64,
    /// For a word the tagger does not know, what the dictionary says it could be
    /// ([`Dictionary::reading`]); [`KNOWN`] for a word it knows.
    pub dictionary: u64,
}

/// The dictionary feature of every word the tagger knows.
const KNOWN: u64 = 0x6b6e_6f77_6e00_0003;

/// The identity of every word the tagger does not know (seen fewer than
/// [`VOCAB_MIN_COUNT`] times in training): one shared hash, so that the features of
/// rare and new words are the same few, frequent, cached ones and not a probe of the
/// weight table each that finds nothing.
const UNKNOWN: u64 = 0x756e_6b6e_6f77_6e01;

const START: u64 = 0x5354_4152_5400_0001;
const END: u64 = 0x454e_4400_0000_0002;

/// The word's shape with runs cut at two: `Xxx` for `Moscow`, `dd,ddd` for `1,000`.
fn shape_hash(form: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut last = '\0';
    let mut run = 0;
    for ch in form.chars() {
        let class = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else if ch.is_alphabetic() {
            'a'
        } else {
            ch
        };
        if class == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = class;
        }
        h ^= class as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// Prefix and suffix hashes of the lower-cased form, by characters.
fn affixes(form: &str, prefix: &mut [u64; 3], suffix: &mut [u64; 4]) {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for (n, ch) in form.chars().take(3).enumerate() {
        for lower in ch.to_lowercase() {
            h ^= lower as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        prefix[n] = mix(h ^ 0x7072);
    }
    let count = form.chars().count();
    let last = prefix[count.clamp(1, 3) - 1];
    for p in prefix.iter_mut().skip(count.min(3)) {
        *p = last;
    }
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for (n, ch) in form.chars().rev().take(4).enumerate() {
        for lower in ch.to_lowercase() {
            h ^= lower as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        suffix[n] = mix(h ^ 0x7375);
    }
    let last = suffix[count.clamp(1, 4) - 1];
    for s in suffix.iter_mut().skip(count.min(4)) {
        *s = last;
    }
}

impl WordFeatures {
    /// `lexicon` holds the words known to the tagger, with their ambiguity class (0
    /// for none).
    /// `buf` is scratch space for the lower-cased form of an unknown word.
    pub fn new(
        form: &str,
        lexicon: &IdMap<u64>,
        dictionary: &Dictionary,
        buf: &mut String,
    ) -> WordFeatures {
        let lower = hash_lower(form);
        let mut w = WordFeatures {
            shape: shape_hash(form),
            ..WordFeatures::default()
        };
        match lexicon.get(&lower) {
            Some(&class) => {
                w.lower = lower;
                w.cased = hash_str(form);
                w.ambiguity = class;
                w.dictionary = KNOWN;
            }
            None => {
                w.lower = UNKNOWN;
                w.cased = UNKNOWN ^ w.shape;
                buf.clear();
                buf.extend(form.chars().flat_map(char::to_lowercase));
                w.dictionary = mix(u64::from(dictionary.reading(buf)) ^ 0x6469_6374_0000);
            }
        }
        affixes(form, &mut w.prefix, &mut w.suffix);
        w
    }
}

/// Feature templates of the first pass, and of both.
pub const BASE: usize = 40;
pub const TEMPLATES: usize = BASE + 6;

/// The features of word `i`, given the two previous tags and, in the second pass, the
/// first pass's tags (`right`, by word) for the words to its right. Returns how many
/// features it wrote.
#[inline]
pub fn features(
    words: &[WordFeatures],
    i: usize,
    prev: u64,
    prev2: u64,
    right: Option<&[u64]>,
    out: &mut [u64; TEMPLATES],
) -> usize {
    let w = &words[i];
    let (l1, l1s, l1a) = match i.checked_sub(1) {
        Some(j) => (words[j].lower, words[j].suffix[2], words[j].ambiguity),
        None => (START, START, START),
    };
    let l2 = i.checked_sub(2).map_or(START, |j| words[j].lower);
    let (r1, r1s, r1a, r1shape) = match words.get(i + 1) {
        Some(n) => (n.lower, n.suffix[2], n.ambiguity, n.shape),
        None => (END, END, END, END),
    };
    let (r2, r2a) = words
        .get(i + 2)
        .map_or((END, END), |n| (n.lower, n.ambiguity));
    let first = u64::from(i == 0);
    let f = feature;
    out[..BASE].copy_from_slice(&[
        f(0, 0, 0, 0),
        f(1, w.lower, 0, 0),
        f(2, w.suffix[0], 0, 0),
        f(3, w.suffix[1], 0, 0),
        f(4, w.suffix[2], 0, 0),
        f(5, w.suffix[3], 0, 0),
        f(6, w.prefix[0], 0, 0),
        f(7, w.prefix[1], 0, 0),
        f(8, w.prefix[2], 0, 0),
        f(9, w.shape, first, 0),
        f(10, prev, 0, 0),
        f(11, prev, prev2, 0),
        f(12, prev, w.lower, 0),
        f(13, l1, 0, 0),
        f(14, l1s, 0, 0),
        f(15, l2, 0, 0),
        f(16, r1, 0, 0),
        f(17, r1s, 0, 0),
        f(18, r2, 0, 0),
        f(19, l1, w.lower, 0),
        f(20, w.lower, r1, 0),
        f(21, w.cased, first, 0),
        f(22, w.ambiguity, 0, 0),
        f(23, w.ambiguity, r1a, 0),
        f(24, prev, w.ambiguity, r1a),
        f(25, l1a, w.ambiguity, 0),
        f(26, r1a, r2a, 0),
        f(27, prev, w.suffix[2], r1shape),
        f(28, w.lower, r1a, 0),
        f(29, l1, w.suffix[2], 0),
        f(30, prev, r1, 0),
        f(31, w.shape, prev, 0),
        f(32, r1, r2, 0),
        f(33, l1a, w.lower, 0),
        f(34, w.suffix[1], r1a, 0),
        f(35, prev, w.ambiguity, 0),
        f(36, w.dictionary, 0, 0),
        f(37, w.dictionary, w.suffix[1], 0),
        f(38, prev, w.dictionary, 0),
        f(39, w.dictionary, w.shape, 0),
    ]);
    let Some(right) = right else { return BASE };
    let t1 = right.get(i + 1).copied().unwrap_or(END);
    let t2 = right.get(i + 2).copied().unwrap_or(END);
    out[BASE] = f(40, t1, 0, 0);
    out[BASE + 1] = f(41, t1, t2, 0);
    out[BASE + 2] = f(42, w.lower, t1, 0);
    out[BASE + 3] = f(43, prev, t1, 0);
    out[BASE + 4] = f(44, w.suffix[2], t1, 0);
    out[BASE + 5] = f(45, w.ambiguity, t1, 0);
    TEMPLATES
}

/// Words seen fewer times than this in training get no ambiguity class: a class
/// learned from one sighting makes training words look surer than unseen ones.
const AMBIGUITY_MIN_COUNT: usize = 3;

/// Words seen fewer times than this in training are unknown to the tagger (their
/// features are those of [`UNKNOWN`] and their affixes and shape).
pub const VOCAB_MIN_COUNT: usize = 2;

/// Averaged weights smaller than this are dropped (they change few decisions and
/// would double the model).
const PRUNE: f32 = 1.0;

/// Folds for the first pass's guesses that the second pass is trained on.
const FIRST_PASS_FOLDS: usize = 5;

/// A trained tagger: two passes, the second reading the first's guesses for the
/// words to the right.
pub struct Tagger {
    /// Joint tags, in class order.
    tags: Vec<(Upos, Label)>,
    ambiguity: IdMap<u64>,
    first: Weights,
    second: Weights,
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub struct Scratch {
    words: Vec<WordFeatures>,
    lower: String,
    scores: Vec<i32>,
    right: Vec<u64>,
}

fn tag_hash(class: usize) -> u64 {
    mix(class as u64 + 0x7461_6700)
}

/// One greedy left-to-right pass with `weights`; classes into `out`.
fn run_pass(
    weights: &Weights,
    words: &[WordFeatures],
    right: Option<&[u64]>,
    scores: &mut Vec<i32>,
    out: &mut Vec<u16>,
) {
    scores.resize(weights.classes(), 0);
    out.clear();
    let mut feats = [0u64; TEMPLATES];
    let (mut prev, mut prev2) = (START, START);
    for i in 0..words.len() {
        let n = features(words, i, prev, prev2, right, &mut feats);
        weights.score(&feats[..n], scores);
        let best = argmax(scores);
        out.push(best as u16);
        prev2 = prev;
        prev = tag_hash(best);
    }
}

impl Tagger {
    /// Tags `forms`, writing each word's class into `out`.
    pub fn tag_into(&self, forms: &[&str], scratch: &mut Scratch, out: &mut Vec<u16>) {
        scratch.words.clear();
        let dictionary = Dictionary::embedded();
        for f in forms {
            let w = WordFeatures::new(f, &self.ambiguity, dictionary, &mut scratch.lower);
            scratch.words.push(w);
        }
        run_pass(&self.first, &scratch.words, None, &mut scratch.scores, out);
        scratch.right.clear();
        scratch
            .right
            .extend(out.iter().map(|&c| tag_hash(c as usize)));
        run_pass(
            &self.second,
            &scratch.words,
            Some(&scratch.right),
            &mut scratch.scores,
            out,
        );
    }

    pub fn tag(&self, class: u16) -> (Upos, Label) {
        self.tags
            .get(class as usize)
            .copied()
            .unwrap_or((Upos::X, Label::new("XX")))
    }

    pub fn classes(&self) -> usize {
        self.tags.len()
    }

    /// Trains a tagger for `epochs` passes over `sentences` (shuffled by `seed`).
    pub fn train(sentences: &[Sentence], epochs: usize, seed: u64) -> Tagger {
        let mut tags: Vec<(String, String)> = sentences
            .iter()
            .flat_map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone())))
            .collect();
        tags.sort();
        tags.dedup();
        let index = |u: &str, x: &str| {
            tags.binary_search_by(|(a, b)| (a.as_str(), b.as_str()).cmp(&(u, x)))
                .unwrap_or(0)
        };
        let ambiguity = ambiguity_classes(sentences, &index);
        let gold: Vec<Vec<usize>> = sentences
            .iter()
            .map(|s| s.words.iter().map(|w| index(&w.upos, &w.xpos)).collect())
            .collect();
        let dictionary = Dictionary::embedded();
        let mut buf = String::new();
        let words: Vec<Vec<WordFeatures>> = sentences
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| WordFeatures::new(&w.form, &ambiguity, dictionary, &mut buf))
                    .collect()
            })
            .collect();
        let first = train_pass(&words, &gold, None, tags.len(), epochs, seed);
        let mut scores = Vec::new();
        let mut classes = Vec::new();
        // The second pass learns from first-pass guesses on sentences the first pass
        // did not see (jackknifed), which are as wrong as they will be on new text.
        let folds = FIRST_PASS_FOLDS;
        let fold_weights: Vec<Weights> = (0..folds)
            .into_par_iter()
            .map(|fold| {
                let keep: Vec<usize> = (0..words.len()).filter(|i| i % folds != fold).collect();
                let w: Vec<Vec<WordFeatures>> = keep.iter().map(|&i| words[i].clone()).collect();
                let g: Vec<Vec<usize>> = keep.iter().map(|&i| gold[i].clone()).collect();
                train_pass(&w, &g, None, tags.len(), epochs, seed ^ (fold as u64 + 11))
            })
            .collect();
        let right: Vec<Vec<u64>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                run_pass(&fold_weights[i % folds], w, None, &mut scores, &mut classes);
                classes.iter().map(|&c| tag_hash(c as usize)).collect()
            })
            .collect();
        let second = train_pass(&words, &gold, Some(&right), tags.len(), epochs, seed ^ 2);
        let tags = tags
            .iter()
            .map(|(u, x)| (Upos::parse(u).unwrap_or(Upos::X), Label::new(x)))
            .collect();
        Tagger {
            tags,
            ambiguity,
            first,
            second,
        }
    }

    /// The two passes' weights.
    pub fn weights(&self) -> [&Weights; 2] {
        [&self.first, &self.second]
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.tags.len() as u32);
        for (u, x) in &self.tags {
            w.str(u.as_str());
            w.str(x.as_str());
        }
        let mut pairs: Vec<(u64, u64)> = self.ambiguity.iter().map(|(k, v)| (*k, *v)).collect();
        pairs.sort_unstable();
        w.u32(pairs.len() as u32);
        for (k, v) in pairs {
            w.u64(k);
            w.u64(v);
        }
        self.first.write(w);
        self.second.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Tagger, Error> {
        let n = r.u32()? as usize;
        let mut tags = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            let u = r.str()?;
            let upos = Upos::parse(u).ok_or_else(|| Error::Model(format!("unknown UPOS {u:?}")))?;
            tags.push((upos, Label::new(r.str()?)));
        }
        let n = r.u32()? as usize;
        let mut ambiguity = IdMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            ambiguity.insert(k, r.u64()?);
        }
        let first = Weights::read(r)?;
        let second = Weights::read(r)?;
        if first.classes() != tags.len() || second.classes() != tags.len() {
            return Err(Error::Model("tagger classes and tags disagree".into()));
        }
        Ok(Tagger {
            tags,
            ambiguity,
            first,
            second,
        })
    }
}

/// The words the tagger knows, each with the sorted set of classes it had if it was
/// seen often enough for one (else 0).
fn ambiguity_classes(sentences: &[Sentence], index: &impl Fn(&str, &str) -> usize) -> IdMap<u64> {
    let mut seen: IdMap<(usize, Vec<u16>)> = IdMap::default();
    for s in sentences {
        for w in &s.words {
            let class = index(&w.upos, &w.xpos) as u16;
            let (count, set) = seen.entry(hash_lower(&w.form)).or_default();
            *count += 1;
            if !set.contains(&class) {
                set.push(class);
            }
        }
    }
    let mut ambiguity: IdMap<u64> = IdMap::default();
    for (word, (count, mut set)) in seen {
        if count < AMBIGUITY_MIN_COUNT {
            if count >= VOCAB_MIN_COUNT {
                ambiguity.insert(word, 0);
            }
            continue;
        }
        set.sort_unstable();
        let h = set
            .iter()
            .fold(0x616d_6269u64, |h, &c| mix(h ^ u64::from(c) ^ 0x1000));
        ambiguity.insert(word, h);
    }
    ambiguity
}

/// Trains one pass's weights.
fn train_pass(
    words: &[Vec<WordFeatures>],
    gold: &[Vec<usize>],
    right: Option<&[Vec<u64>]>,
    classes: usize,
    epochs: usize,
    seed: u64,
) -> Weights {
    let mut trainer = Trainer::new(classes);
    let mut order: Vec<usize> = (0..words.len()).collect();
    let mut rng = Rng::new(seed);
    let mut scores = vec![0f32; classes];
    let mut feats = [0u64; TEMPLATES];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let w = &words[si];
            let r = right.map(|r| r[si].as_slice());
            let (mut prev, mut prev2) = (START, START);
            for (i, &truth) in gold[si].iter().enumerate().take(w.len()) {
                let n = features(w, i, prev, prev2, r, &mut feats);
                trainer.score(&feats[..n], &mut scores);
                let guess = argmax(&scores);
                trainer.update(&feats[..n], truth, guess);
                trainer.tick();
                prev2 = prev;
                prev = tag_hash(guess);
            }
        }
    }
    trainer.average(PRUNE)
}
