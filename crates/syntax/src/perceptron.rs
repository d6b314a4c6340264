//! The averaged perceptron: training over hashed features, and the compact model that
//! inference reads.
//!
//! Features are 64-bit hashes of a template number and the values it reads (a word's
//! hash, a tag, a distance), so neither the tagger nor the parser keeps a vocabulary: a
//! word never seen in training simply has no weights. Training keeps, per feature, the
//! few classes it ever voted for ([`Trainer`]); [`Weights`] is the averaged result,
//! pruned and quantised to 16 bits, in an open-addressing table that scoring probes
//! once per feature.

use crate::binio::{Reader, Writer};
use crate::Error;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Mixes a value into a hash (the finaliser of SplitMix64).
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hash of feature template `template` over values `a`, `b`, `c`.
#[inline]
pub fn feature(template: u64, a: u64, b: u64, c: u64) -> u64 {
    let h = mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a);
    let h = mix(h ^ b.rotate_left(21));
    mix(h ^ c.rotate_left(42))
}

/// FNV-1a over a string's bytes, then mixed: the hash of a word form.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// The hash of `s` lower-cased, without allocating.
#[inline]
pub fn hash_lower(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for ch in s.chars() {
        if ch.is_ascii() {
            h ^= u64::from(ch.to_ascii_lowercase() as u8);
            h = h.wrapping_mul(0x0100_0000_01b3);
        } else {
            for lower in ch.to_lowercase() {
                for &b in lower.encode_utf8(&mut buf).as_bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    mix(h)
}

/// The index of the highest score among the classes `allowed` keeps (the first on
/// ties), if it keeps any.
#[inline]
pub fn best<T: PartialOrd + Copy>(
    scores: &[T],
    mut allowed: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (c, &s) in scores.iter().enumerate() {
        if allowed(c) && best.is_none_or(|b| s > scores[b]) {
            best = Some(c);
        }
    }
    best
}

/// The index of the highest score (the first on ties; 0 for no scores).
#[inline]
pub fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    best(scores, |_| true).unwrap_or(0)
}

/// Keys are already mixed hashes: the map need not hash them again.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// The word forms (lower-cased hashes) seen at least a given number of times in
/// training. A model reads every other word as one shared "unknown" identity, so that
/// the features of rare and new words are a few frequent ones (which the caches keep)
/// instead of probes of the weight table that find nothing.
#[derive(Clone, Debug, Default)]
pub struct Vocab {
    words: std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>,
}

/// The identity [`Vocab::word`] gives every word it does not know.
pub const UNKNOWN_WORD: u64 = 0x756e_6b6e_6f77_6e02;

impl Vocab {
    /// The forms of `words` seen at least `min_count` times.
    pub fn count<'a>(words: impl IntoIterator<Item = &'a str>, min_count: usize) -> Vocab {
        let mut counts: IdMap<usize> = IdMap::default();
        for w in words {
            *counts.entry(hash_lower(w)).or_default() += 1;
        }
        Vocab {
            words: counts
                .into_iter()
                .filter(|&(_, c)| c >= min_count)
                .map(|(w, _)| w)
                .collect(),
        }
    }

    /// The identity of `form` (lower-cased): its hash if known, else [`UNKNOWN_WORD`].
    #[inline]
    pub fn word(&self, form: &str) -> u64 {
        let h = hash_lower(form);
        if self.words.contains(&h) {
            h
        } else {
            UNKNOWN_WORD
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn write(&self, w: &mut Writer) {
        let mut words: Vec<u64> = self.words.iter().copied().collect();
        words.sort_unstable();
        w.u32(words.len() as u32);
        for h in words {
            w.u64(h);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Vocab, Error> {
        let n = r.u32()? as usize;
        let mut words = std::collections::HashSet::with_capacity_and_hasher(
            n.min(1 << 22),
            BuildHasherDefault::default(),
        );
        for _ in 0..n {
            words.insert(r.u64()?);
        }
        Ok(Vocab { words })
    }
}

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u32,
}

/// Averaged-perceptron training state.
pub struct Trainer {
    classes: usize,
    features: IdMap<Vec<Entry>>,
    /// Number of updates (instances) so far: the clock of the lazy averaging.
    time: u32,
}

impl Trainer {
    pub fn new(classes: usize) -> Trainer {
        assert!(classes <= 255, "at most 255 classes");
        Trainer {
            classes,
            features: IdMap::default(),
            time: 0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds the current weights of `features` to `scores` (which it first zeroes).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(entries) = self.features.get(f) {
                for e in entries {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    /// Counts one training instance (advances the averaging clock).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Moves weight from `guess` to `truth` on every feature.
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let time = self.time;
        for &f in features {
            let entries = self.features.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let at = match entries.iter().position(|e| e.class as usize == class) {
                    Some(at) => at,
                    None => {
                        entries.push(Entry {
                            class: class as u16,
                            weight: 0.0,
                            total: 0.0,
                            stamp: time,
                        });
                        entries.len() - 1
                    }
                };
                let e = &mut entries[at];
                e.total += f64::from(time - e.stamp) * f64::from(e.weight);
                e.stamp = time;
                e.weight += delta;
            }
        }
    }

    /// The averaged weights, quantised; entries whose average is below `min_weight`
    /// in magnitude are dropped.
    pub fn average(&self, min_weight: f32) -> Weights {
        let time = f64::from(self.time.max(1));
        let mut keys: Vec<u64> = self.features.keys().copied().collect();
        keys.sort_unstable();
        let mut averaged: Vec<(u64, Vec<(u8, f32)>)> = Vec::with_capacity(keys.len());
        let mut max = 0f32;
        for key in keys {
            let mut row: Vec<(u8, f32)> = self.features[&key]
                .iter()
                .map(|e| {
                    let total = e.total + (time - f64::from(e.stamp)) * f64::from(e.weight);
                    (e.class as u8, (total / time) as f32)
                })
                .filter(|(_, w)| w.abs() >= min_weight && *w != 0.0)
                .collect();
            if row.is_empty() {
                continue;
            }
            row.sort_by_key(|(c, _)| *c);
            for (_, w) in &row {
                max = max.max(w.abs());
            }
            averaged.push((key, row));
        }
        Weights::build(self.classes, &averaged, max)
    }
}

/// Inference weights: a table from feature hash to the classes it votes for.
///
/// The file holds each feature's key and its entries (three bytes each: the class and
/// the weight, quantised to 16 bits with one scale for the whole table). Loading lays
/// the keys out in an open-addressing table at a load of 0.6, so that a miss, the common
/// case, ends after about four probes within a cache line or two; a slot packs the key's 32-bit
/// fingerprint, where its entries start (24 bits) and how many (8 bits). A feature with
/// many classes (a tag, a frequent word) gets a dense row instead: count 0 and, in
/// place of the start, its row in `dense`, so that adding it is a vectorised loop.
pub struct Weights {
    classes: usize,
    /// Weight units per quantum.
    scale: f32,
    /// Per feature, in key order: its key, and its entries' start (low 24 bits) and
    /// count (high 8).
    keys: Vec<(u64, u32)>,
    entries: Vec<[u8; 3]>,
    slots: Vec<u64>,
    dense: Vec<i16>,
    /// The processor has AVX2 (x86-64 only).
    avx2: bool,
}

/// Features scored in one batch of [`Weights::score`].
const MAX_BATCH: usize = 96;

/// Asks for the cache line holding `value` (a hint; a no-op off x86-64).
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, and the pointer comes from a
    // reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (value as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Features with at least this many classes are scored from a dense row.
const DENSE_FROM: usize = 12;

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}

/// The slot where probing for `key` starts in a table of `size` slots: the key's high
/// half scaled to the table (Lemire's multiply-shift range reduction), so that the
/// table can be sized to its keys (a load of 0.6) rather than to a power of two.
#[inline(always)]
fn home(key: u64, size: usize) -> usize {
    (((key >> 32) * size as u64) >> 32) as usize
}

#[inline(always)]
fn next(at: usize, size: usize) -> usize {
    if at + 1 == size {
        0
    } else {
        at + 1
    }
}

#[inline]
fn fingerprint(key: u64) -> u64 {
    u64::from((key as u32) | 1)
}

impl Weights {
    fn build(classes: usize, rows: &[(u64, Vec<(u8, f32)>)], max: f32) -> Weights {
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut entries = Vec::new();
        let mut keys = Vec::with_capacity(rows.len());
        for (key, row) in rows {
            let start = entries.len() as u32;
            assert!(start < (1 << 24), "too many weights for the table");
            for &(class, w) in row {
                let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                let [lo, hi] = q.to_le_bytes();
                entries.push([class, lo, hi]);
            }
            keys.push((*key, start | ((row.len() as u32) << 24)));
        }
        Weights::from_parts(classes, scale, keys, entries)
    }

    /// Builds the scoring table and the dense rows.
    fn from_parts(
        classes: usize,
        scale: f32,
        keys: Vec<(u64, u32)>,
        entries: Vec<[u8; 3]>,
    ) -> Weights {
        let size = (keys.len() * 5 / 3).max(16);
        let mut slots = vec![0u64; size];
        let mut dense: Vec<i16> = Vec::new();
        let mut rows = 0u64;
        for &(key, at) in &keys {
            let start = (at & 0x00ff_ffff) as usize;
            let len = (at >> 24) as usize;
            let value = if len >= DENSE_FROM && rows < (1 << 24) {
                let base = dense.len();
                dense.resize(base + classes, 0);
                for e in &entries[start..start + len] {
                    if let Some(w) = dense.get_mut(base + e[0] as usize) {
                        *w = i16::from_le_bytes([e[1], e[2]]);
                    }
                }
                rows += 1;
                (rows - 1) << 32
            } else {
                u64::from(at) << 32
            };
            let mut i = home(key, size);
            while slots[i] != 0 {
                i = next(i, size);
            }
            slots[i] = fingerprint(key) | value;
        }
        Weights {
            classes,
            scale,
            keys,
            entries,
            slots,
            dense,
            avx2: has_avx2(),
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features kept, and of weights.
    pub fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.entries.len())
    }

    /// Adds the weights of `features` to `scores` (in quanta; zeroed first). `scores`
    /// has one place per class.
    ///
    /// The sums are exact integers, so every build of the loop gives the same scores;
    /// on x86-64 processors with AVX2 (detected once, at run time) the dense rows are
    /// added eight classes at a time instead of four.
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the processor reports AVX2.
            unsafe { self.score_avx2(features, scores) };
            return;
        }
        self.score_portable(features, scores);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, features: &[u64], scores: &mut [i32]) {
        self.score_portable(features, scores);
    }

    /// The table is larger than the caches, so the time goes into waiting for memory.
    /// Scoring runs in three sweeps so that the waits overlap: it first asks for every
    /// feature's home slot, then probes the slots and asks for the weights they point
    /// to, then adds the weights.
    #[inline(always)]
    fn score_portable(&self, features: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        let size = self.slots.len();
        let classes = self.classes.min(scores.len());
        let scores = &mut scores[..classes];
        for chunk in features.chunks(MAX_BATCH) {
            for &f in chunk {
                prefetch(&self.slots[home(f, size)]);
            }
            let mut found = [0u64; MAX_BATCH];
            let mut n = 0;
            for &f in chunk {
                let fp = fingerprint(f);
                let mut at = home(f, size);
                loop {
                    let slot = self.slots[at];
                    if slot & 0xffff_ffff == fp {
                        let start = ((slot >> 32) & 0x00ff_ffff) as usize;
                        if slot >> 56 == 0 {
                            prefetch(&self.dense[start * self.classes]);
                        } else {
                            prefetch(&self.entries[start]);
                        }
                        found[n] = slot;
                        n += 1;
                        break;
                    }
                    if slot == 0 {
                        break;
                    }
                    at = next(at, size);
                }
            }
            for &slot in &found[..n] {
                let start = ((slot >> 32) & 0x00ff_ffff) as usize;
                let len = (slot >> 56) as usize;
                if len == 0 {
                    let row = &self.dense[start * self.classes..][..classes];
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += i32::from(w);
                    }
                } else {
                    for e in &self.entries[start..start + len] {
                        if let Some(s) = scores.get_mut(e[0] as usize) {
                            *s += i32::from(i16::from_le_bytes([e[1], e[2]]));
                        }
                    }
                }
            }
        }
    }

    pub fn scale(&self) -> f32 {
        self.scale
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.classes as u32);
        w.f32(self.scale);
        w.u32(self.keys.len() as u32);
        for &(key, at) in &self.keys {
            w.u64(key);
            w.u32(at);
        }
        w.u32(self.entries.len() as u32);
        for e in &self.entries {
            w.bytes.extend_from_slice(e);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Weights, Error> {
        let classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            keys.push((r.u64()?, r.u32()?));
        }
        let m = r.u32()? as usize;
        let mut entries = Vec::with_capacity(m.min(1 << 26));
        for _ in 0..m {
            entries.push([r.u8()?, r.u8()?, r.u8()?]);
        }
        let in_range = keys
            .iter()
            .all(|&(_, at)| ((at & 0x00ff_ffff) + (at >> 24)) as usize <= entries.len());
        if classes == 0 || classes > 255 || !in_range {
            return Err(Error::Model("corrupt weight table".into()));
        }
        Ok(Weights::from_parts(classes, scale, keys, entries))
    }
}

/// A small deterministic random number generator (SplitMix64) for shuffling and
/// exploration during training.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        // Class = which of two marker features is present.
        let data: Vec<(Vec<u64>, usize)> = (0..50)
            .map(|i| {
                (
                    vec![feature(1, i % 2, 0, 0), feature(2, 0, 0, 0)],
                    (i % 2) as usize,
                )
            })
            .collect();
        let mut t = Trainer::new(2);
        let mut scores = [0f32; 2];
        for _ in 0..3 {
            for (f, y) in &data {
                t.score(f, &mut scores);
                let guess = if scores[1] > scores[0] { 1 } else { 0 };
                t.update(f, *y, guess);
                t.tick();
            }
        }
        let weights = t.average(0.0);
        let mut w = Writer::default();
        weights.write(&mut w);
        let back = Weights::read(&mut Reader::new(&w.bytes)).unwrap();
        let mut q = [0i32; 2];
        for (f, y) in &data {
            back.score(f, &mut q);
            assert_eq!(usize::from(q[1] > q[0]), *y);
        }
        assert!(Weights::read(&mut Reader::new(&w.bytes[..w.bytes.len() - 3])).is_err());
    }
}
