//! Lemma accuracy on UD English-EWT with gold UPOS and XPOS (owns `lemma_eval.rs`): the
//! lemmatiser is trained on the train file and scored on every word of dev (or test).
//!
//! ```text
//! cargo run --release -p annalist-syntax --example lemma_eval -- [SHARED] [dev|test] [--errors N]
//! ```
//!
//! `SHARED` is the shared data folder (default `../shared`); the treebank is read where it
//! lies, under `data/ud/en_ewt/`. Without it the example says so and exits successfully.

use annalist_core::Upos;
use annalist_syntax::{conllu, lemma::Lemmatiser};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = args.iter().filter(|a| !a.starts_with("--"));
    let shared = PathBuf::from(positional.next().map_or("../shared", String::as_str));
    let split = positional
        .clone()
        .find(|a| a.parse::<usize>().is_err())
        .map_or("dev", String::as_str);
    let show: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let dir = shared.join("data/ud/en_ewt");
    let train = dir.join("en_ewt-ud-train.conllu");
    if !train.exists() {
        println!("no treebank at {}: nothing to measure", dir.display());
        return Ok(());
    }
    let started = std::time::Instant::now();
    let lemmatiser = Lemmatiser::train(&conllu::read(&train)?);
    let trained = started.elapsed();
    let bytes = |l: &Lemmatiser| {
        let mut w = annalist_syntax::binio::Writer::default();
        l.write(&mut w);
        w.bytes
    };
    let written = bytes(&lemmatiser);
    let size = written.len();
    let again = bytes(&Lemmatiser::train(&conllu::read(&train)?)) == written;
    let read = Lemmatiser::read(&mut annalist_syntax::binio::Reader::new(&written))?;

    let gold = conllu::read(&dir.join(format!("en_ewt-ud-{split}.conllu")))?;
    let (mut words, mut right, mut scored, mut scored_right) = (0usize, 0usize, 0usize, 0usize);
    let mut errors: BTreeMap<(String, String, String, String), usize> = BTreeMap::new();
    let mut out = String::new();
    let started = std::time::Instant::now();
    for s in &gold {
        for w in &s.words {
            let upos = Upos::parse(&w.upos).unwrap_or(Upos::X);
            out.clear();
            read.lemma_into(&w.form, upos, &w.xpos, &mut out);
            words += 1;
            let ok = out == w.lemma;
            right += ok as usize;
            if w.lemma != "_" {
                scored += 1;
                scored_right += ok as usize;
            }
            if !ok {
                *errors
                    .entry((w.form.clone(), w.xpos.clone(), w.lemma.clone(), out.clone()))
                    .or_default() += 1;
            }
        }
    }
    let took = started.elapsed();
    println!(
        "EWT {split}: lemma accuracy {:.2}% ({right}/{words} words, gold tags); {:.2}% of the {scored} words whose gold lemma is not `_`",
        100.0 * right as f64 / words as f64,
        100.0 * scored_right as f64 / scored as f64,
    );
    println!(
        "trained in {:.2?} (again: {}); model section {size} bytes; lemmatised in {:.2?}",
        trained,
        if again {
            "the same bytes"
        } else {
            "DIFFERENT BYTES"
        },
        took
    );
    let mut ranked: Vec<_> = errors.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for ((form, xpos, gold, got), n) in ranked.into_iter().take(show) {
        println!("{n}\t{form}\t{xpos}\tgold {gold}\tgot {got}");
    }
    Ok(())
}
