//! Named-entity scoring: entity-level exact-match precision, recall and F1 for PER, ORG and
//! LOC on CrossNER politics, WikiGold and re3d, read where they lie under `../shared`.
//!
//! Token corpora (CrossNER, WikiGold) are detokenised by joining tokens with single spaces;
//! a token → byte map projects predicted mentions back to whole tokens, so a mention is
//! right when it covers exactly the gold tokens. re3d gives character offsets into its own
//! texts, which are converted to byte offsets. Label mapping: person/politician → PER,
//! organisation/politicalparty → ORG, country/location → LOC; misc, event, election,
//! Nationality and the rest are ignored. annalist's countries and places are LOC, its
//! groups, pronouns, nominals and demonyms are not scored (they are not names), nor the
//! phrase mentions that stretch a body over its place ("Russian Embassy in London").

use crate::score;
use annalist_core::{Document, EntityKind, Metadata};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// The three scored labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Per,
    Org,
    Loc,
}

impl Label {
    pub const ALL: [Label; 3] = [Label::Per, Label::Org, Label::Loc];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
        }
    }

    /// The mapping shared by every corpus (case-insensitive); `None` = not scored.
    pub fn from_corpus(tag: &str) -> Option<Label> {
        match tag.to_ascii_lowercase().as_str() {
            "per" | "person" | "politician" => Some(Label::Per),
            "org" | "organisation" | "organization" | "politicalparty" => Some(Label::Org),
            "loc" | "location" | "country" => Some(Label::Loc),
            _ => None,
        }
    }
}

/// A labelled byte span `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Labeled {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// One evaluation unit: a text, its gold entities, and (for token corpora) token spans.
#[derive(Clone, Debug)]
pub struct NerDoc {
    pub id: String,
    pub text: String,
    pub gold: Vec<Labeled>,
    /// Byte spans of the corpus tokens; empty for character-offset corpora.
    pub tokens: Vec<(usize, usize)>,
}

/// True/false positives and false negatives per label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub per_label: BTreeMap<Label, [usize; 3]>,
}

impl Counts {
    pub fn add(&mut self, gold: &[Labeled], pred: &[Labeled]) {
        let gold: HashSet<Labeled> = gold.iter().copied().collect();
        let pred: HashSet<Labeled> = pred.iter().copied().collect();
        for p in &pred {
            let c = self.per_label.entry(p.label).or_default();
            if gold.contains(p) {
                c[0] += 1;
            } else {
                c[1] += 1;
            }
        }
        for g in gold.difference(&pred) {
            self.per_label.entry(g.label).or_default()[2] += 1;
        }
    }

    fn prf(tp: usize, fp: usize, fnn: usize) -> (f64, f64, f64) {
        let p = score::ratio(tp, tp + fp);
        let r = score::ratio(tp, tp + fnn);
        (p, r, score::f1(p, r))
    }

    /// Micro-averaged (precision, recall, F1) over the three labels.
    pub fn micro(&self) -> (f64, f64, f64) {
        let mut t = [0usize; 3];
        for c in self.per_label.values() {
            for (a, b) in t.iter_mut().zip(c) {
                *a += b;
            }
        }
        Counts::prf(t[0], t[1], t[2])
    }

    pub fn label(&self, label: Label) -> (f64, f64, f64) {
        let c = self.per_label.get(&label).copied().unwrap_or_default();
        Counts::prf(c[0], c[1], c[2])
    }

    /// A small table: one line per label and the micro average.
    pub fn render(&self, name: &str) -> String {
        let mut out = String::new();
        for label in Label::ALL {
            let c = self.per_label.get(&label).copied().unwrap_or_default();
            let (p, r, f) = self.label(label);
            let _ = writeln!(
                out,
                "  {name:<18} {:<3} P {p:.3} R {r:.3} F1 {f:.3}  (tp {} fp {} fn {})",
                label.as_str(),
                c[0],
                c[1],
                c[2]
            );
        }
        let (p, r, f) = self.micro();
        let _ = writeln!(out, "  {name:<18} ALL P {p:.3} R {r:.3} F1 {f:.3}");
        out
    }
}

/// Joins tokens with spaces; returns the text and each token's byte span.
pub fn detokenise(tokens: &[&str]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    for t in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(t);
        spans.push((start, text.len()));
    }
    (text, spans)
}

/// Gold spans from per-token tags (BIO or IO): a new entity starts at `B-`, or at `I-`
/// after a different label or `O`.
fn spans_from_tags(spans: &[(usize, usize)], tags: &[Option<(bool, String)>]) -> Vec<Labeled> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    let close = |current: &mut Option<(usize, usize, String)>, out: &mut Vec<Labeled>| {
        if let Some((s, e, tag)) = current.take() {
            if let Some(label) = Label::from_corpus(&tag) {
                out.push(Labeled {
                    start: s,
                    end: e,
                    label,
                });
            }
        }
    };
    for (span, tag) in spans.iter().zip(tags) {
        match tag {
            None => close(&mut current, &mut out),
            Some((begin, t)) => {
                let continues = !begin && current.as_ref().is_some_and(|(_, _, c)| c == t);
                if continues {
                    if let Some(c) = current.as_mut() {
                        c.1 = span.1;
                    }
                } else {
                    close(&mut current, &mut out);
                    current = Some((span.0, span.1, t.clone()));
                }
            }
        }
    }
    close(&mut current, &mut out);
    out
}

fn parse_tag(tag: &str) -> Option<(bool, String)> {
    if tag == "O" || tag.is_empty() {
        return None;
    }
    match tag.split_once('-') {
        Some((prefix, label)) => Some((prefix == "B", label.to_string())),
        None => Some((false, tag.to_string())),
    }
}

/// Token-per-line corpora: `token SEP tag`, blank lines between sentences,
/// `-DOCSTART-` between documents. `per_sentence` makes each sentence its own unit.
fn read_conll(content: &str, name: &str, per_sentence: bool) -> Vec<NerDoc> {
    let mut docs = Vec::new();
    let mut sentences: Vec<Vec<(String, String)>> = Vec::new();
    let mut sentence: Vec<(String, String)> = Vec::new();
    let flush_doc = |sentences: &mut Vec<Vec<(String, String)>>, docs: &mut Vec<NerDoc>| {
        if sentences.is_empty() {
            return;
        }
        // Sentences become paragraphs of one text (so the segmenter keeps them apart).
        let mut text = String::new();
        let mut tokens = Vec::new();
        let mut tags = Vec::new();
        for s in sentences.drain(..) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let words: Vec<&str> = s.iter().map(|(w, _)| w.as_str()).collect();
            let (t, spans) = detokenise(&words);
            let offset = text.len();
            text.push_str(&t);
            tokens.extend(spans.iter().map(|(a, b)| (a + offset, b + offset)));
            tags.extend(s.iter().map(|(_, tag)| parse_tag(tag)));
        }
        let gold = spans_from_tags(&tokens, &tags);
        docs.push(NerDoc {
            id: format!("{name}:{}", docs.len() + 1),
            text,
            gold,
            tokens,
        });
    };
    for line in content.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sentence.is_empty() {
                sentences.push(std::mem::take(&mut sentence));
                if per_sentence {
                    flush_doc(&mut sentences, &mut docs);
                }
            }
            continue;
        }
        let mut parts = line.rsplitn(2, ['\t', ' ']);
        let tag = parts.next().unwrap_or("O").trim();
        let word = parts.next().unwrap_or("").trim();
        if word.starts_with("-DOCSTART-") {
            if !sentence.is_empty() {
                sentences.push(std::mem::take(&mut sentence));
            }
            flush_doc(&mut sentences, &mut docs);
            continue;
        }
        if word.is_empty() {
            continue;
        }
        sentence.push((word.to_string(), tag.to_string()));
    }
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
    flush_doc(&mut sentences, &mut docs);
    docs
}

/// CrossNER politics `dev.txt` (token TAB BIO tag), one unit per sentence.
pub fn load_crossner(path: &Path) -> anyhow::Result<Vec<NerDoc>> {
    let content = std::fs::read_to_string(path)?;
    Ok(read_conll(&content, "crossner", true))
}

/// WikiGold (token SPACE IO tag, `-DOCSTART-` documents).
pub fn load_wikigold(dir: &Path) -> anyhow::Result<Vec<NerDoc>> {
    let path = if dir.is_dir() {
        dir.join("wikigold.conll.txt")
    } else {
        dir.to_path_buf()
    };
    let bytes = std::fs::read(&path)?;
    let content = String::from_utf8_lossy(&bytes);
    let content = content.trim_start_matches('\u{feff}');
    Ok(read_conll(content, "wikigold", false))
}

/// Byte offset of character offset `chars` in `text` (clamped).
fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

/// re3d: every source folder's `documents.json` and `entities.json` (JSON lines).
pub fn load_re3d(dir: &Path) -> anyhow::Result<Vec<NerDoc>> {
    let mut folders: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("documents.json").exists())
        .collect();
    folders.sort();
    let mut docs = Vec::new();
    for folder in folders {
        let mut by_id: BTreeMap<String, NerDoc> = BTreeMap::new();
        for line in std::fs::read_to_string(folder.join("documents.json"))?.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let (Some(id), Some(text)) = (v["_id"].as_str(), v["text"].as_str()) else {
                continue;
            };
            by_id.insert(
                id.to_string(),
                NerDoc {
                    id: format!("re3d:{id}"),
                    text: text.to_string(),
                    gold: Vec::new(),
                    tokens: Vec::new(),
                },
            );
        }
        for line in std::fs::read_to_string(folder.join("entities.json"))?.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(doc) = v["documentId"].as_str().and_then(|id| by_id.get_mut(id)) else {
                continue;
            };
            let Some(label) = v["type"].as_str().and_then(Label::from_corpus) else {
                continue;
            };
            let (Some(b), Some(e)) = (v["begin"].as_u64(), v["end"].as_u64()) else {
                continue;
            };
            let start = char_to_byte(&doc.text, b as usize);
            let end = char_to_byte(&doc.text, e as usize);
            let g = Labeled { start, end, label };
            if start < end && !doc.gold.contains(&g) {
                doc.gold.push(g);
            }
        }
        docs.extend(by_id.into_values());
    }
    Ok(docs)
}

/// The scored predictions of an analysed document: names of persons, organisations,
/// countries and places (mentions linked by pronoun, nominal or demonym are not names).
pub fn predictions(doc: &Document) -> Vec<Labeled> {
    let mut out = Vec::new();
    for e in &doc.entities {
        let label = match e.kind {
            EntityKind::Person => Label::Per,
            EntityKind::Organization => Label::Org,
            EntityKind::Country | EntityKind::Place => Label::Loc,
            EntityKind::Group => continue,
        };
        for m in &e.mentions {
            if matches!(
                m.how.as_deref(),
                Some("pronoun" | "nominal" | "demonym" | "phrase")
            ) {
                continue;
            }
            out.push(Labeled {
                start: m.span.start,
                end: m.span.end,
                label,
            });
        }
    }
    out
}

/// Snaps spans to whole corpus tokens (every token the span touches).
pub fn project(pred: &[Labeled], tokens: &[(usize, usize)]) -> Vec<Labeled> {
    if tokens.is_empty() {
        return pred.to_vec();
    }
    pred.iter()
        .filter_map(|p| {
            let first = tokens.iter().find(|(s, e)| *e > p.start && *s < p.end)?;
            let last = tokens
                .iter()
                .rev()
                .find(|(s, e)| *e > p.start && *s < p.end)?;
            Some(Labeled {
                start: first.0,
                end: last.1,
                label: p.label,
            })
        })
        .collect()
}

/// A corpus by name: `crossner`, `wikigold`, `re3d`.
pub fn load_set(shared: &Path, name: &str) -> anyhow::Result<Vec<NerDoc>> {
    let base = shared.join("data/ner");
    match name {
        "crossner" => load_crossner(&base.join("crossner-politics/dev.txt")),
        "wikigold" => load_wikigold(&base.join("wikigold")),
        "re3d" => load_re3d(&base.join("re3d")),
        other => anyhow::bail!("unknown NER set {other} (crossner, wikigold, re3d)"),
    }
}

pub const SETS: [&str; 3] = ["crossner", "wikigold", "re3d"];

/// The result of running the analyser over a set.
pub struct SetResult {
    pub counts: Counts,
    pub words: usize,
    pub seconds: f64,
    /// (doc id, text, gold, projected predictions) kept for error listings and dumps.
    pub details: Vec<(String, Vec<Labeled>, Vec<Labeled>)>,
}

/// Runs `analyze` (text and metadata to an analysed document, e.g.
/// `annalist::Analyzer::analyze`) over every unit on one thread, for the words/s figure,
/// and scores it.
pub fn evaluate(analyze: impl Fn(String, Metadata) -> Document, docs: &[NerDoc]) -> SetResult {
    let mut counts = Counts::default();
    let mut details = Vec::with_capacity(docs.len());
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let started = std::time::Instant::now();
    for d in docs {
        let doc = analyze(
            d.text.clone(),
            Metadata {
                source: d.id.clone(),
                ..Metadata::default()
            },
        );
        let pred = project(&predictions(&doc), &d.tokens);
        counts.add(&d.gold, &pred);
        details.push((d.id.clone(), d.gold.clone(), pred));
    }
    SetResult {
        counts,
        words,
        seconds: started.elapsed().as_secs_f64(),
        details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_and_io_tags_to_spans() {
        let conll = "The\tO\nGreen\tB-politicalparty\nParty\tI-politicalparty\nof\tO\nAnna\tB-politician\nLind\tI-politician\nin\tO\nOslo\tB-location\n.\tO\n\nX\tB-misc\n";
        let docs = read_conll(conll, "t", true);
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        let texts: Vec<(&str, Label)> = d
            .gold
            .iter()
            .map(|g| (&d.text[g.start..g.end], g.label))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Green Party", Label::Org),
                ("Anna Lind", Label::Per),
                ("Oslo", Label::Loc)
            ]
        );
        assert!(docs[1].gold.is_empty());
        let io = "-DOCSTART- O\n\nAnna I-PER\nLind I-PER\nmet I-ORG\nUN I-ORG\n";
        let docs = read_conll(io, "w", false);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].gold.len(), 2);
    }

    #[test]
    fn scoring_and_projection() {
        let tokens = vec![(0, 4), (5, 9), (10, 14)];
        let pred = vec![Labeled {
            start: 1,
            end: 9,
            label: Label::Per,
        }];
        let projected = project(&pred, &tokens);
        assert_eq!(
            projected,
            vec![Labeled {
                start: 0,
                end: 9,
                label: Label::Per
            }]
        );
        let gold = vec![
            Labeled {
                start: 0,
                end: 9,
                label: Label::Per,
            },
            Labeled {
                start: 10,
                end: 14,
                label: Label::Loc,
            },
        ];
        let mut c = Counts::default();
        c.add(&gold, &projected);
        let (p, r, f) = c.micro();
        assert_eq!((p, r), (1.0, 0.5));
        assert!((f - 2.0 / 3.0).abs() < 1e-9);
        assert!(c.render("x").contains("PER"));
    }

    #[test]
    fn char_offsets_to_bytes() {
        assert_eq!(char_to_byte("a’b", 2), 4);
        assert_eq!(char_to_byte("ab", 5), 2);
    }
}
