//! Scoring quotations and their speakers: against PolNeAR (brat standoff attributions)
//! and against the seed dispatch's gold quotations.
//!
//! PolNeAR (`../shared/data/polnear/{train,dev}/`): `text/NAME.txt` is the article,
//! `attributions/NAME_ANNOTATOR.ann` the annotations of one annotator, with `Source`,
//! `Cue` and `Content` text-bound annotations (character offsets, possibly in several
//! fragments) linked by `E` lines. The first `.ann` per article by sorted name is used.
//!
//! Rules (the same for every system scored, see `scripts/textacy_compare.py`):
//! - a predicted quotation matches a gold attribution when its content overlaps one of the
//!   gold content's fragments;
//! - precision: share of predicted quotations that overlap some gold content; recall:
//!   share of gold attributions overlapped by some predicted quotation;
//! - speaker accuracy, over matched gold attributions that have a source: the predicted
//!   speaker span overlaps the gold source, or the predicted speaker's entity has a
//!   mention overlapping the gold source;
//! - the direct subset: gold attributions whose content holds a double quotation mark,
//!   and predicted quotations of kind `direct` or `mixed`; "all": every attribution and
//!   every predicted quotation.

use crate::score::ratio;
use annalist::{Analyzer, Options};
use annalist_core::{Document, Metadata, QuoteKind, Span};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One gold attribution, spans in bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldAttribution {
    pub content: Vec<Span>,
    pub source: Vec<Span>,
    pub cue: Vec<Span>,
    /// The content holds a double quotation mark.
    pub direct: bool,
}

/// One PolNeAR article with its gold attributions.
#[derive(Clone, Debug)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub gold: Vec<GoldAttribution>,
    /// Annotations whose text did not match the article at their offsets.
    pub misaligned: usize,
}

const DOUBLE_MARKS: [char; 5] = ['"', '“', '”', '«', '»'];

/// Byte offset of every character offset (one past the end included).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut table: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    table.push(text.len());
    table
}

/// Parses a brat `.ann` file against its text.
pub fn parse_ann(text: &str, ann: &str) -> (Vec<GoldAttribution>, usize) {
    let table = char_to_byte(text);
    let mut bound: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut misaligned = 0;
    for line in ann.lines() {
        let mut columns = line.split('\t');
        let (Some(id), Some(body)) = (columns.next(), columns.next()) else {
            continue;
        };
        if !id.starts_with('T') {
            continue;
        }
        let mut parts = body.splitn(2, ' ');
        let (_label, Some(offsets)) = (parts.next(), parts.next()) else {
            continue;
        };
        let mut spans = Vec::new();
        for fragment in offsets.split(';') {
            let mut numbers = fragment.split_whitespace().map(str::parse::<usize>);
            if let (Some(Ok(a)), Some(Ok(b))) = (numbers.next(), numbers.next()) {
                if let (Some(&start), Some(&end)) = (table.get(a), table.get(b)) {
                    spans.push(Span::new(start, end));
                }
            }
        }
        if let (Some(expected), Some(first)) = (columns.next(), spans.first()) {
            let found = first.slice(text);
            if !expected.starts_with(found.get(..found.len().min(20)).unwrap_or(found)) {
                misaligned += 1;
            }
        }
        bound.insert(id, spans);
    }
    let mut gold = Vec::new();
    for line in ann.lines() {
        let mut columns = line.split('\t');
        let (Some(id), Some(body)) = (columns.next(), columns.next()) else {
            continue;
        };
        if !id.starts_with('E') {
            continue;
        }
        let mut attribution = GoldAttribution::default();
        for argument in body.split_whitespace() {
            let Some((role, target)) = argument.split_once(':') else {
                continue;
            };
            let spans = bound.get(target).cloned().unwrap_or_default();
            match role {
                "Content" => attribution.content.extend(spans),
                "Source" => attribution.source.extend(spans),
                "Cue" => attribution.cue.extend(spans),
                _ => {}
            }
        }
        if attribution.content.is_empty() {
            continue;
        }
        attribution.direct = attribution
            .content
            .iter()
            .any(|s| s.slice(text).contains(DOUBLE_MARKS));
        gold.push(attribution);
    }
    (gold, misaligned)
}

/// Reads a PolNeAR split folder (`.../polnear/dev`).
pub fn load_polnear(dir: &Path) -> anyhow::Result<Vec<Article>> {
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))
        .with_context(|| format!("reading {}", dir.join("attributions").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut articles = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for ann_path in anns {
        let stem = ann_path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        // NAME_ANNOTATOR.ann → NAME.txt
        let name = stem.rsplit_once('_').map_or(stem, |(n, _)| n).to_string();
        if !seen.insert(name.clone()) {
            continue;
        }
        let text_path = dir.join("text").join(format!("{name}.txt"));
        let Ok(text) = std::fs::read_to_string(&text_path) else {
            continue;
        };
        let ann = std::fs::read_to_string(&ann_path)
            .with_context(|| format!("reading {}", ann_path.display()))?;
        let (gold, misaligned) = parse_ann(&text, &ann);
        articles.push(Article {
            name,
            text,
            gold,
            misaligned,
        });
    }
    Ok(articles)
}

/// A predicted quotation reduced to what the scorer needs (any system can fill this).
#[derive(Clone, Debug, PartialEq)]
pub struct Predicted {
    pub content: Span,
    pub direct: bool,
    pub speaker: Option<Span>,
    /// Spans of all mentions of the speaker's entity, when resolved.
    pub speaker_mentions: Vec<Span>,
}

/// Predictions of annalist on one analysed document.
pub fn predictions(doc: &Document) -> Vec<Predicted> {
    doc.quotes
        .iter()
        .map(|q| {
            let entity = q
                .speaker
                .as_ref()
                .and_then(|s| s.entity.as_deref())
                .and_then(|id| doc.entity(id));
            Predicted {
                content: q.span,
                direct: matches!(q.kind, QuoteKind::Direct | QuoteKind::Mixed),
                speaker: q.speaker.as_ref().and_then(|s| s.span),
                speaker_mentions: entity
                    .map(|e| e.mentions.iter().map(|m| m.span).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Counts for one subset.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Counts {
    pub predicted: usize,
    pub predicted_correct: usize,
    pub gold: usize,
    pub gold_found: usize,
    pub speaker_scored: usize,
    pub speaker_correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.predicted_correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.gold_found, self.gold)
    }
    pub fn f1(&self) -> f64 {
        crate::score::f1(self.precision(), self.recall())
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct, self.speaker_scored)
    }
    fn add(&mut self, other: &Counts) {
        self.predicted += other.predicted;
        self.predicted_correct += other.predicted_correct;
        self.gold += other.gold;
        self.gold_found += other.gold_found;
        self.speaker_scored += other.speaker_scored;
        self.speaker_correct += other.speaker_correct;
    }
}

fn overlaps_any(span: Span, spans: &[Span]) -> bool {
    spans.iter().any(|s| s.overlaps(span))
}

fn overlap_len(span: Span, spans: &[Span]) -> usize {
    spans
        .iter()
        .map(|s| s.end.min(span.end).saturating_sub(s.start.max(span.start)))
        .sum()
}

/// Scores one document's predictions; `direct_only` selects the direct subset.
pub fn score(gold: &[GoldAttribution], predicted: &[Predicted], direct_only: bool) -> Counts {
    let mut counts = Counts::default();
    let predicted: Vec<&Predicted> = predicted
        .iter()
        .filter(|p| !direct_only || p.direct)
        .collect();
    counts.predicted = predicted.len();
    counts.predicted_correct = predicted
        .iter()
        .filter(|p| gold.iter().any(|g| overlaps_any(p.content, &g.content)))
        .count();
    for g in gold.iter().filter(|g| !direct_only || g.direct) {
        counts.gold += 1;
        let best = predicted
            .iter()
            .filter(|p| overlaps_any(p.content, &g.content))
            .max_by_key(|p| overlap_len(p.content, &g.content));
        let Some(best) = best else {
            continue;
        };
        counts.gold_found += 1;
        if g.source.is_empty() {
            continue;
        }
        counts.speaker_scored += 1;
        let by_span = best.speaker.is_some_and(|s| overlaps_any(s, &g.source));
        let by_entity = best
            .speaker_mentions
            .iter()
            .any(|m| overlaps_any(*m, &g.source));
        if by_span || by_entity {
            counts.speaker_correct += 1;
        }
    }
    counts
}

/// The PolNeAR report.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct AttributionReport {
    pub documents: usize,
    pub misaligned_annotations: usize,
    pub direct: Counts,
    pub all: Counts,
}

impl AttributionReport {
    pub fn render(&self, label: &str) -> String {
        let line = |name: &str, c: &Counts| {
            format!(
                "  {name:<7} content P {:.3} ({}/{})  R {:.3} ({}/{})  F1 {:.3}  speaker {:.3} ({}/{})\n",
                c.precision(),
                c.predicted_correct,
                c.predicted,
                c.recall(),
                c.gold_found,
                c.gold,
                c.f1(),
                c.speaker_accuracy(),
                c.speaker_correct,
                c.speaker_scored
            )
        };
        format!(
            "{label}: {} documents\n{}{}",
            self.documents,
            line("direct", &self.direct),
            line("all", &self.all)
        )
    }
}

/// Analyses and scores a PolNeAR split. With `errors`, the direct-subset misses and
/// false alarms are printed to stderr (for development on train).
pub fn evaluate_polnear(
    analyzer: &Analyzer,
    dir: &Path,
    errors: bool,
) -> anyhow::Result<AttributionReport> {
    let articles = load_polnear(dir)?;
    let inputs = articles
        .iter()
        .map(|a| {
            (
                a.text.clone(),
                Metadata {
                    source: a.name.clone(),
                    ..Metadata::default()
                },
            )
        })
        .collect();
    let docs = analyzer.analyze_all(inputs);
    Ok(score_documents(&articles, &docs, errors))
}

/// Scores analysed documents (in the order of `articles`) against their gold.
pub fn score_documents(articles: &[Article], docs: &[Document], errors: bool) -> AttributionReport {
    let mut report = AttributionReport {
        documents: articles.len(),
        ..AttributionReport::default()
    };
    for (article, doc) in articles.iter().zip(docs) {
        report.misaligned_annotations += article.misaligned;
        let predicted = predictions(doc);
        report.direct.add(&score(&article.gold, &predicted, true));
        report.all.add(&score(&article.gold, &predicted, false));
        if errors {
            print_errors(article, doc, &predicted);
        }
    }
    report
}

fn print_errors(article: &Article, doc: &Document, predicted: &[Predicted]) {
    let text = &article.text;
    let short = |s: Span| -> String {
        let t = s.slice(text).replace('\n', " ");
        if t.chars().count() > 90 {
            let head: String = t.chars().take(45).collect();
            let tail: String = t
                .chars()
                .rev()
                .take(40)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("{head} … {tail}")
        } else {
            t
        }
    };
    for g in article.gold.iter().filter(|g| g.direct) {
        let first = g.content.first().copied().unwrap_or_default();
        match predicted
            .iter()
            .filter(|p| p.direct && overlaps_any(p.content, &g.content))
            .max_by_key(|p| overlap_len(p.content, &g.content))
        {
            None => {
                let mut from = first.start.saturating_sub(100);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = (first.end + 60).min(text.len());
                while !text.is_char_boundary(to) {
                    to += 1;
                }
                let before = text.get(from..first.start).unwrap_or("").replace('\n', " ");
                let after = text.get(first.end..to).unwrap_or("").replace('\n', " ");
                eprintln!(
                    "MISS {}: …{before}[[{}]]{after}…",
                    article.name,
                    short(first)
                )
            }
            Some(p) => {
                let ok = g.source.is_empty()
                    || p.speaker.is_some_and(|s| overlaps_any(s, &g.source))
                    || p.speaker_mentions
                        .iter()
                        .any(|m| overlaps_any(*m, &g.source));
                if !ok {
                    let gold_source = g.source.first().map(|s| short(*s)).unwrap_or_default();
                    let how = doc
                        .quotes
                        .iter()
                        .find(|q| q.span == p.content)
                        .map(|q| {
                            format!(
                                "{:?}/{}",
                                q.kind,
                                q.cue.as_ref().map_or("-", |c| c.text.as_str())
                            )
                        })
                        .unwrap_or_default();
                    eprintln!(
                        "SPEAKER {} [{how}]: gold {:?} got {:?} for {}",
                        article.name,
                        gold_source,
                        p.speaker.map(short).unwrap_or_default(),
                        short(first)
                    );
                }
            }
        }
    }
    for g in article.gold.iter().filter(|g| !g.direct) {
        let first = g.content.first().copied().unwrap_or_default();
        if !predicted
            .iter()
            .any(|p| overlaps_any(p.content, &g.content))
        {
            let cue = g.cue.first().map(|c| c.slice(text)).unwrap_or("");
            eprintln!("IMISS {} [{cue}]: {}", article.name, short(first));
        }
    }
    for q in doc.quotes.iter().filter(|q| q.kind != QuoteKind::Indirect) {
        if !article
            .gold
            .iter()
            .any(|g| overlaps_any(q.span, &g.content))
        {
            eprintln!("FALSE {}: {:?} {}", article.name, q.kind, short(q.span));
        }
    }
}

/// One gold quotation of a seed gold file.
#[derive(Deserialize)]
struct SeedQuote {
    kind: QuoteKind,
    speaker: String,
    cue: String,
    starts_with: String,
    ends_with: String,
    #[serde(default)]
    span: Option<Span>,
}

#[derive(Deserialize)]
struct SeedGold {
    #[serde(default)]
    quotes: Vec<SeedQuote>,
}

/// The seed check: each gold quotation with whether annalist found it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct SeedReport {
    pub lines: Vec<(bool, String)>,
}

impl SeedReport {
    pub fn passed(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|(ok, _)| *ok)
    }
    pub fn render(&self) -> String {
        let found = self.lines.iter().filter(|(ok, _)| *ok).count();
        let mut out = format!("seed quotations: {found}/{}\n", self.lines.len());
        for (ok, line) in &self.lines {
            out.push_str(&format!(
                "  [{}] {line}\n",
                if *ok { "ok" } else { "MISSING" }
            ));
        }
        out
    }
}

/// Checks the quotations of a seed gold file (`tass-2022-01-14.gold.json`).
pub fn check_seed(analyzer: &Analyzer, gold_path: &Path) -> anyhow::Result<SeedReport> {
    let (gold, mut doc) = crate::seed::read_gold::<SeedGold>(gold_path)?;
    analyzer.annotate(&mut doc);
    let mut report = SeedReport::default();
    for g in &gold.quotes {
        let found = doc.quotes.iter().find(|q| {
            let text = q.text.trim();
            let speaker = q
                .speaker
                .as_ref()
                .and_then(|s| s.entity.as_deref())
                .and_then(|id| doc.entity(id))
                .map(|e| e.canonical.as_str());
            q.kind == g.kind
                && text.starts_with(&g.starts_with)
                && text.ends_with(&g.ends_with)
                && (g.span.is_none() || g.span == Some(q.span))
                && q.cue
                    .as_ref()
                    .is_some_and(|c| c.text.eq_ignore_ascii_case(&g.cue))
                && speaker == Some(g.speaker.as_str())
        });
        let line = format!(
            "{:?} {:?}…{:?} cue {:?} speaker {}",
            g.kind, g.starts_with, g.ends_with, g.cue, g.speaker
        );
        let line = match found {
            Some(_) => line,
            None => {
                let near = doc
                    .quotes
                    .iter()
                    .find(|q| q.text.trim().starts_with(&g.starts_with))
                    .map(|q| {
                        format!(
                            " (found {:?} {:?} cue {:?} speaker {:?})",
                            q.kind,
                            q.span,
                            q.cue.as_ref().map(|c| c.text.as_str()),
                            q.speaker.as_ref().map(|s| (&s.text, &s.entity))
                        )
                    })
                    .unwrap_or_default();
                format!("{line}{near}")
            }
        };
        report.lines.push((found.is_some(), line));
    }
    Ok(report)
}

/// Paths under the shared folder.
pub fn seed_gold_path(shared: &Path) -> PathBuf {
    shared.join("acceptance/tass-2022-01-14.gold.json")
}

pub fn polnear_dir(shared: &Path, split: &str) -> PathBuf {
    shared.join("data/polnear").join(split)
}

/// The CI check: prints the seed check and the PolNeAR dev scores; true when the seed's
/// quotations are all right and the direct subset meets its targets.
pub fn run_ci(shared: &Path) -> anyhow::Result<bool> {
    let analyzer = Analyzer::new(&Options::default())?;
    let seed = check_seed(&analyzer, &seed_gold_path(shared))?;
    print!("{}", seed.render());
    let dev = polnear_dir(shared, "dev");
    let mut targets_met = false;
    if dev.is_dir() {
        let report = evaluate_polnear(&analyzer, &dev, false)?;
        print!("{}", report.render("PolNeAR dev attributions"));
        let direct = &report.direct;
        targets_met = direct.precision() >= 0.90
            && direct.recall() >= 0.85
            && direct.speaker_accuracy() >= 0.90;
        let verdict = if targets_met { "met" } else { "NOT MET" };
        println!("  targets (direct): P >= 0.90, R >= 0.85, speaker >= 0.90: {verdict}");
    } else {
        println!("PolNeAR dev not found at {}: skipped", dev.display());
    }
    Ok(seed.passed() && targets_met)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_character_offsets_become_bytes() {
        let text = "Né said “yes” today.";
        let ann = "T1\tSource 0 2\tNé\nT2\tCue 3 7\tsaid\nT3\tContent 8 13\t“yes”\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        let (gold, misaligned) = parse_ann(text, ann);
        assert_eq!(misaligned, 0);
        assert_eq!(gold.len(), 1);
        assert_eq!(gold[0].content[0].slice(text), "“yes”");
        assert_eq!(gold[0].source[0].slice(text), "Né");
        assert!(gold[0].direct);
    }

    #[test]
    fn overlap_scoring() {
        let gold = vec![GoldAttribution {
            content: vec![Span::new(10, 20)],
            source: vec![Span::new(0, 3)],
            cue: vec![],
            direct: true,
        }];
        let predicted = vec![
            Predicted {
                content: Span::new(12, 18),
                direct: true,
                speaker: Some(Span::new(1, 2)),
                speaker_mentions: vec![],
            },
            Predicted {
                content: Span::new(30, 40),
                direct: true,
                speaker: None,
                speaker_mentions: vec![],
            },
        ];
        let c = score(&gold, &predicted, true);
        assert_eq!(
            (c.predicted, c.predicted_correct, c.gold, c.gold_found),
            (2, 1, 1, 1)
        );
        assert_eq!((c.speaker_scored, c.speaker_correct), (1, 1));
    }
}
