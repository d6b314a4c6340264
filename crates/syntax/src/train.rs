//! Training the language model from a UD treebank: deterministic (the same files give
//! the same model, byte for byte).
//!
//! 1. The tagger is trained on the training file; the parser is trained on tags
//!    predicted by taggers that did not see the sentence (k-fold jackknifing), so that
//!    it learns from the kind of tags it will be given.
//! 2. The lemmatiser learns its table and suffix rules from the same file.
//! 3. The parser is trained with the dynamic oracle on the projectivised trees; after
//!    each epoch its dev scores are logged (dev is only looked at, never trained on).

use crate::conllu::{self, Sentence};
use crate::lemma::Lemmatiser;
use crate::model::Model;
use crate::parser::{self, projectivize, Input, Parse, Parser};
use crate::perceptron::Vocab;
use crate::tagger::{self, Tagger};
use annalist_core::{Label, Upos};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

/// Training settings; the defaults are what the committed model was trained with.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds for jackknifing the parser's training tags (1 = gold tags).
    pub folds: usize,
    pub seed: u64,
    /// Parser weights whose average is smaller than this are dropped.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            tagger_epochs: 10,
            parser_epochs: 12,
            folds: 5,
            seed: 0x616e_6e61_6c69_7374,
            prune: 1.0,
        }
    }
}

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Trains from CoNLL-U files; returns the model and the training log.
pub fn train_files(
    train: &Path,
    dev: Option<&Path>,
    options: &TrainOptions,
) -> Result<(Model, String), BoxError> {
    let train = conllu::read(train)?;
    let dev = match dev {
        Some(path) => Some(conllu::read(path)?),
        None => None,
    };
    let mut log = String::new();
    let model = train_model(&train, dev.as_deref(), options, &mut log);
    Ok((model, log))
}

/// Trains from parsed sentences, writing progress to `log`.
pub fn train_model(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    options: &TrainOptions,
    log: &mut String,
) -> Model {
    let _ = writeln!(log, "training on {} sentences", train.len());
    let tagger = Tagger::train(train, options.tagger_epochs, options.seed);
    if let Some(dev) = dev {
        let (upos, xpos) = tag_accuracy(&tagger, dev);
        let _ = writeln!(
            log,
            "tagger: dev UPOS {:.2}%  XPOS {:.2}%",
            upos * 100.0,
            xpos * 100.0
        );
    }
    let predicted = jackknife(train, options);
    let lemmatiser = Lemmatiser::train(train);
    let mut labels: Vec<String> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
        .collect();
    labels.sort();
    labels.dedup();
    let label_index = |l: &str| labels.binary_search_by(|x| x.as_str().cmp(l)).unwrap_or(0) as u8;
    let vocab = Vocab::count(
        train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.form.as_str())),
        parser::VOCAB_MIN_COUNT,
    );
    let mut buf = String::new();
    let examples: Vec<(Vec<Input>, Vec<u32>, Vec<u8>)> = train
        .iter()
        .zip(&predicted)
        .map(|(s, tags)| {
            let input = s
                .words
                .iter()
                .zip(tags)
                .map(|(w, &(upos, xpos))| Input::new(&vocab, &w.form, upos, xpos, &mut buf))
                .collect();
            let mut heads: Vec<u32> = s.words.iter().map(|w| w.head as u32).collect();
            projectivize(&mut heads);
            let l = s.words.iter().map(|w| label_index(&w.deprel)).collect();
            (input, heads, l)
        })
        .collect();
    let dev_inputs: Vec<Vec<Input>> = dev
        .unwrap_or(&[])
        .iter()
        .map(|s| tagged_inputs(&tagger, &vocab, s))
        .collect();
    let label_set: Vec<Label> = labels.iter().map(|l| Label::new(l)).collect();
    let mut epoch_log = String::new();
    let parser = Parser::train(
        vocab.clone(),
        &examples,
        label_set,
        options.parser_epochs,
        options.seed ^ 1,
        options.prune,
        |epoch, parser| {
            if let Some(dev) = dev {
                let (uas, las) = attachment(parser, dev, &dev_inputs);
                let _ = writeln!(
                    epoch_log,
                    "parser epoch {:2}: dev UAS {:.2}%  LAS {:.2}%",
                    epoch + 1,
                    uas * 100.0,
                    las * 100.0
                );
            }
        },
    );
    log.push_str(&epoch_log);
    let (tf, tw) = tagger
        .weights()
        .iter()
        .map(|w| w.size())
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let (pf, pw) = parser.weights().size();
    let _ = writeln!(
        log,
        "tagger: {tf} features, {tw} weights; parser: {pf} features, {pw} weights"
    );
    Model {
        tagger,
        lemmatiser,
        parser,
    }
}

/// Each training sentence's tags as predicted by a tagger trained on the other folds.
fn jackknife(train: &[Sentence], options: &TrainOptions) -> Vec<Vec<(Upos, Label)>> {
    let gold = |s: &Sentence| -> Vec<(Upos, Label)> {
        s.words
            .iter()
            .map(|w| (Upos::parse(&w.upos).unwrap_or(Upos::X), Label::new(&w.xpos)))
            .collect()
    };
    if options.folds <= 1 {
        return train.iter().map(gold).collect();
    }
    let folds = options.folds;
    type Tagged = Vec<(usize, Vec<(Upos, Label)>)>;
    let per_fold: Vec<Tagged> = (0..folds)
        .into_par_iter()
        .map(|fold| {
            let rest: Vec<Sentence> = train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != fold)
                .map(|(_, s)| s.clone())
                .collect();
            let tagger = Tagger::train(
                &rest,
                options.tagger_epochs,
                options.seed ^ (fold as u64 + 7),
            );
            let mut scratch = tagger::Scratch::default();
            let mut classes = Vec::new();
            train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == fold)
                .map(|(i, s)| {
                    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                    tagger.tag_into(&forms, &mut scratch, &mut classes);
                    (i, classes.iter().map(|&c| tagger.tag(c)).collect())
                })
                .collect()
        })
        .collect();
    let mut out = vec![Vec::new(); train.len()];
    for fold in per_fold {
        for (i, tags) in fold {
            out[i] = tags;
        }
    }
    out
}

fn tagged_inputs(tagger: &Tagger, vocab: &Vocab, s: &Sentence) -> Vec<Input> {
    let mut buf = String::new();
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let mut scratch = tagger::Scratch::default();
    let mut classes = Vec::new();
    tagger.tag_into(&forms, &mut scratch, &mut classes);
    forms
        .iter()
        .zip(&classes)
        .map(|(f, &c)| {
            let (upos, xpos) = tagger.tag(c);
            Input::new(vocab, f, upos, xpos, &mut buf)
        })
        .collect()
}

/// UPOS and XPOS accuracy of `tagger` on gold sentences.
pub fn tag_accuracy(tagger: &Tagger, sentences: &[Sentence]) -> (f64, f64) {
    let mut scratch = tagger::Scratch::default();
    let mut classes = Vec::new();
    let (mut total, mut upos_ok, mut xpos_ok) = (0usize, 0usize, 0usize);
    for s in sentences {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        tagger.tag_into(&forms, &mut scratch, &mut classes);
        for (w, &c) in s.words.iter().zip(&classes) {
            let (u, x) = tagger.tag(c);
            total += 1;
            upos_ok += usize::from(u.as_str() == w.upos);
            xpos_ok += usize::from(x.as_str() == w.xpos);
        }
    }
    let t = total.max(1) as f64;
    (upos_ok as f64 / t, xpos_ok as f64 / t)
}

/// UAS and LAS (universal relation, punctuation included) of `parser` on gold
/// sentences, given their inputs.
fn attachment(parser: &Parser, sentences: &[Sentence], inputs: &[Vec<Input>]) -> (f64, f64) {
    let mut scratch = parser::Scratch::default();
    let mut parse = Parse::default();
    let (mut total, mut uas, mut las) = (0usize, 0usize, 0usize);
    for (s, input) in sentences.iter().zip(inputs) {
        parser.parse_into(input, &mut scratch, &mut parse);
        for (i, w) in s.words.iter().enumerate() {
            total += 1;
            if parse.heads[i] as usize == w.head {
                uas += 1;
                let predicted = parser.label(parse.labels[i]);
                if predicted.base() == w.deprel.split(':').next().unwrap_or("") {
                    las += 1;
                }
            }
        }
    }
    let t = total.max(1) as f64;
    (uas as f64 / t, las as f64 / t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = include_str!("../tests/fixtures/stage_tiny.conllu");

    #[test]
    fn training_is_deterministic_and_the_model_reads_back() {
        let sentences = conllu::parse(TINY).expect("fixture parses");
        let options = TrainOptions {
            tagger_epochs: 3,
            parser_epochs: 3,
            folds: 2,
            ..TrainOptions::default()
        };
        let mut log = String::new();
        let first = train_model(&sentences, Some(&sentences), &options, &mut log).to_bytes();
        let second = train_model(&sentences, Some(&sentences), &options, &mut log).to_bytes();
        assert_eq!(first, second, "same data, same options: same bytes");
        let model = Model::from_bytes(&first).expect("reads back");
        assert_eq!(model.to_bytes(), first);
        assert!(Model::from_bytes(&first[..first.len() / 2]).is_err());
    }
}
