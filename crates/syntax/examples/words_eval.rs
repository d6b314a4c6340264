//! How well the core's tokenizer plus [`split_token`] reproduces the syntactic words of UD
//! English-EWT (owns `words_eval.rs`).
//!
//! ```text
//! cargo run --release -p annalist-syntax --example words_eval -- [SHARED] [dev|test] [--errors N]
//! ```
//!
//! For each sentence the `# text` comment is tokenized and split; the gold words are
//! placed in the text by walking it, matching each multiword token's form (its words
//! spell it) or word's form. A sentence whose forms do not align with its text is
//! skipped and counted. Scores are over word spans (a word is right when both its ends
//! are) and over word boundaries (the set of offsets where a word starts or ends).
//!
//! The tokenizer decides where tokens end and `split_token` only splits inside them, so
//! the example also scores `split_token` alone: over the tokens whose two ends are gold
//! word boundaries, how many it splits exactly as the treebank does. `--errors N` lists
//! the N most frequent differences (`--errors-split N`: those of `split_token` alone).
//! `SHARED` is the shared data folder (default `../shared`); the treebank is read where it
//! lies.

use annalist_core::text::tokenize;
use annalist_core::Span;
use annalist_syntax::conllu::{self, Sentence};
use annalist_syntax::words::split_token;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Gold word spans in `text`, or `None` when the forms do not align with it.
fn gold_spans(s: &Sentence, text: &str) -> Option<Vec<Span>> {
    let mut spans = Vec::with_capacity(s.words.len());
    let mut at = 0;
    let mut i = 0;
    let skip_space = |at: &mut usize| {
        while let Some(c) = text[*at..].chars().next().filter(|c| c.is_whitespace()) {
            *at += c.len_utf8();
        }
    };
    while i < s.words.len() {
        skip_space(&mut at);
        if let Some(m) = s.multiword.iter().find(|m| m.first == i + 1) {
            if !text[at..].starts_with(m.form.as_str()) {
                return None;
            }
            let words = &s.words[i..m.last];
            if words.iter().map(|w| w.form.as_str()).collect::<String>() != m.form {
                return None;
            }
            for w in words {
                spans.push(Span::new(at, at + w.form.len()));
                at += w.form.len();
            }
            i = m.last;
        } else {
            let form = &s.words[i].form;
            if !text[at..].starts_with(form.as_str()) {
                return None;
            }
            spans.push(Span::new(at, at + form.len()));
            at += form.len();
            i += 1;
        }
    }
    Some(spans)
}

fn boundaries(spans: &[Span]) -> BTreeSet<usize> {
    spans.iter().flat_map(|s| [s.start, s.end]).collect()
}

fn f1(right: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = right as f64 / predicted.max(1) as f64;
    let r = right as f64 / gold.max(1) as f64;
    (
        p,
        r,
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |flag: &str| -> usize {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let show = number("--errors");
    let show_split = number("--errors-split");
    let mut positional = args
        .iter()
        .filter(|a| !a.starts_with("--") && a.parse::<usize>().is_err());
    let shared = PathBuf::from(positional.next().map_or("../shared", String::as_str));
    let split = positional.next().map_or("dev", String::as_str);
    let path = shared
        .join("data/ud/en_ewt")
        .join(format!("en_ewt-ud-{split}.conllu"));
    if !path.exists() {
        println!("no treebank at {}: nothing to measure", path.display());
        return Ok(());
    }
    let sentences = conllu::read(&path)?;
    let (mut scored, mut skipped) = (0, 0);
    let (mut gold_n, mut pred_n, mut right) = (0, 0, 0);
    let (mut gold_b, mut pred_b, mut right_b) = (0, 0, 0);
    let mut exact_sentences = 0;
    // Gold tokens (text between whitespace) the words went wrong in: gold words → ours.
    let mut errors: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut predicted = Vec::new();
    let (mut aligned_tokens, mut tokens_right, mut tokens_all) = (0, 0, 0);
    let mut split_errors: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut words = Vec::new();
    for s in &sentences {
        let Some(text) = s.text.as_deref() else {
            skipped += 1;
            continue;
        };
        let Some(gold) = gold_spans(s, text) else {
            skipped += 1;
            continue;
        };
        scored += 1;
        predicted.clear();
        let gold_set: BTreeSet<Span> = gold.iter().copied().collect();
        let gold_bounds = boundaries(&gold);
        for token in tokenize(text, 0) {
            words.clear();
            split_token(text, token.span, &mut words);
            predicted.extend_from_slice(&words);
            tokens_all += 1;
            if gold_bounds.contains(&token.span.start) && gold_bounds.contains(&token.span.end) {
                aligned_tokens += 1;
                let inside: Vec<Span> = gold_set
                    .range(Span::new(token.span.start, token.span.start)..)
                    .take_while(|w| w.start < token.span.end)
                    .copied()
                    .collect();
                if inside == words {
                    tokens_right += 1;
                } else if show_split > 0 {
                    let join = |v: &[Span]| {
                        v.iter()
                            .map(|w| w.slice(text))
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    *split_errors
                        .entry((join(&inside), join(&words)))
                        .or_default() += 1;
                }
            }
        }
        let pred_set: BTreeSet<Span> = predicted.iter().copied().collect();
        gold_n += gold_set.len();
        pred_n += pred_set.len();
        right += gold_set.intersection(&pred_set).count();
        exact_sentences += (gold_set == pred_set) as usize;
        let (gb, pb) = (boundaries(&gold), boundaries(&predicted));
        gold_b += gb.len();
        pred_b += pb.len();
        right_b += gb.intersection(&pb).count();
        if show > 0 && gold_set != pred_set {
            // Group by whitespace-separated chunks of the text.
            let mut at = 0;
            for chunk in text.split(' ') {
                let span = Span::new(at, at + chunk.len());
                at += chunk.len() + 1;
                let inside = |v: &[Span]| -> Vec<&str> {
                    v.iter()
                        .filter(|w| span.contains(**w))
                        .map(|w| w.slice(text))
                        .collect()
                };
                let (g, p) = (inside(&gold), inside(&predicted));
                if g != p {
                    *errors.entry((g.join(" "), p.join(" "))).or_default() += 1;
                }
            }
        }
    }
    let (p, r, f) = f1(right, pred_n, gold_n);
    let (bp, br, bf) = f1(right_b, pred_b, gold_b);
    println!(
        "EWT {split}: {scored} sentences scored, {skipped} skipped (forms not aligned with the text)"
    );
    println!(
        "words:      P {:.2}% R {:.2}% F1 {:.2}% ({right} right of {pred_n} predicted, {gold_n} gold)",
        100.0 * p,
        100.0 * r,
        100.0 * f
    );
    println!(
        "boundaries: P {:.2}% R {:.2}% F1 {:.2}%; sentences all right {:.2}%",
        100.0 * bp,
        100.0 * br,
        100.0 * bf,
        100.0 * exact_sentences as f64 / scored.max(1) as f64
    );
    println!(
        "split_token alone: {:.2}% of the {aligned_tokens} tokens whose ends are gold word boundaries ({:.2}% of all {tokens_all} tokens) split exactly as EWT does",
        100.0 * tokens_right as f64 / aligned_tokens.max(1) as f64,
        100.0 * aligned_tokens as f64 / tokens_all.max(1) as f64,
    );
    let mut ranked: Vec<_> = split_errors.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for ((g, p), n) in ranked.into_iter().take(show_split) {
        println!("{n}\tgold [{g}]\tsplit_token [{p}]");
    }
    let mut ranked: Vec<_> = errors.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for ((g, p), n) in ranked.into_iter().take(show) {
        println!("{n}\tgold [{g}]\tours [{p}]");
    }
    Ok(())
}
