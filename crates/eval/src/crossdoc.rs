//! `annalist eval crossdoc`: cross-document event fusion scored against the gold clusters
//! of `<shared>/data/crossdoc/clusters.dev.json` (real events of the 2017 corpus, each with
//! every article of `data/corpus/articles.jsonl` reporting it, and near misses that must
//! stay apart), with the rules of that folder's README.
//!
//! # Run
//!
//! The whole corpus is read with the ingest reader (as `annalist ingest` reads it),
//! analysed with the standard pipeline and stored, batch by batch, in a temporary store,
//! which fuses the events as it stores them ([`Store::insert_batch`]). Every fused event
//! is one output `{id, type, date, sources}`, its sources the external ids of its
//! documents. Exact-duplicate texts count as the first article with that text (the
//! README's rule), on the gold side and the output side alike.
//!
//! # Split (fixed)
//!
//! The clusters are numbered c01, c03, c05, ...: the **tune** part is every other one
//! from the first (c01, c05, c09, ...: `(n - 1) / 2` even), the **held-out** part the
//! others (c03, c07, ...). Both parts are always printed; per-cluster details
//! (`--details`) are only ever printed for the tune part.
//!
//! # Scoring (README rules)
//!
//! - Each cluster is matched to the fused event holding most of its articles (ties: the
//!   one with fewer wrong sources, then the smallest id). A wrong source is a source that
//!   is neither a cluster article nor one of its `neutral` articles.
//! - Pairs: each pair of cluster articles is a gold pair, found when both are sources of
//!   the matched event; each (cluster article, wrong source) pair of that event is a wrong
//!   pair. Summed over a part's clusters: precision = found / (found + wrong), recall =
//!   found / gold, F1; the macro F1 is the mean of the clusters' F1.
//! - A cluster is found whole when its matched event carries all and only its articles
//!   (neutral ones aside); it is right when, besides, no near miss is in the event.
//! - Near-miss merges: clusters whose matched event carries one of their near misses.
//! - The matched event's type is right when it is one of the cluster's types; its date
//!   when it equals the cluster's date (within the month for a `YYYY-MM` date).
//!
//! Targets (held-out part; reported, never failing a run by themselves): pairwise F1 ≥
//! 0.80 and no near miss merged.

use crate::score::{f1, ratio};
use annalist::Analyzer;
use annalist_core::Metadata;
use annalist_store::{FusedFilter, Store};
use anyhow::Context;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Held-out target: pairwise F1.
pub const TARGET_PAIRWISE_F1: f64 = 0.80;

/// Documents analysed and stored per batch.
const BATCH: usize = 256;

/// The gold clusters inside the shared data folder.
pub fn default_clusters(shared: &Path) -> PathBuf {
    shared.join("data/crossdoc/clusters.dev.json")
}

/// The corpus the clusters refer to.
pub fn default_corpus(shared: &Path) -> PathBuf {
    shared.join("data/corpus/articles.jsonl")
}

/// One gold cluster.
#[derive(Clone, Debug, Deserialize)]
pub struct Cluster {
    pub id: String,
    #[serde(rename = "type")]
    pub types: Vec<String>,
    pub date: String,
    pub articles: Vec<String>,
    #[serde(default)]
    pub near_misses: Vec<String>,
    #[serde(default)]
    pub neutral: Vec<String>,
}

/// One fused event as the scorer sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub id: String,
    pub kind: String,
    pub date: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Tune,
    HeldOut,
}

/// The part of a cluster id `cNN` (see the module documentation); an id without a
/// number is held out.
pub fn part_of(id: &str) -> Part {
    let number: Option<u32> = id
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok();
    match number {
        Some(n) if n >= 1 && ((n - 1) / 2) % 2 == 0 => Part::Tune,
        _ => Part::HeldOut,
    }
}

/// How one cluster fared.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterScore {
    pub id: String,
    pub part: Part,
    /// Distinct gold articles.
    pub articles: usize,
    /// The matched fused event, if any event holds one of the articles.
    pub matched: Option<String>,
    pub matched_type: Option<String>,
    pub matched_date: Option<String>,
    /// Gold articles in the matched event.
    pub held: usize,
    pub gold_pairs: usize,
    pub found_pairs: usize,
    pub wrong_pairs: usize,
    /// Gold articles not in the matched event.
    pub missing: Vec<String>,
    /// Sources of the matched event that are wrong.
    pub wrong: Vec<String>,
    /// Near misses in the matched event.
    pub near_misses: Vec<String>,
    pub type_ok: bool,
    pub date_ok: bool,
}

impl ClusterScore {
    pub fn whole(&self) -> bool {
        self.missing.is_empty() && self.wrong.is_empty()
    }

    pub fn f1(&self) -> f64 {
        let p = ratio(self.found_pairs, self.found_pairs + self.wrong_pairs);
        let r = ratio(self.found_pairs, self.gold_pairs);
        f1(p, r)
    }
}

/// Sums over one part's clusters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartScore {
    pub clusters: usize,
    pub gold_pairs: usize,
    pub found_pairs: usize,
    pub wrong_pairs: usize,
    pub f1_sum: f64,
    pub whole: usize,
    pub right: usize,
    pub near_miss_merges: usize,
    pub type_ok: usize,
    pub date_ok: usize,
}

impl PartScore {
    pub fn precision(&self) -> f64 {
        ratio(self.found_pairs, self.found_pairs + self.wrong_pairs)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.found_pairs, self.gold_pairs)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    pub fn macro_f1(&self) -> f64 {
        if self.clusters == 0 {
            0.0
        } else {
            self.f1_sum / self.clusters as f64
        }
    }
}

/// The scores of a run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub clusters_file: PathBuf,
    pub documents: usize,
    pub mentions: usize,
    pub fused_events: usize,
    pub multi_article_events: usize,
    pub clusters: Vec<ClusterScore>,
    pub seconds: f64,
}

impl Report {
    pub fn part(&self, part: Part) -> PartScore {
        let mut sum = PartScore::default();
        for c in self.clusters.iter().filter(|c| c.part == part) {
            sum.clusters += 1;
            sum.gold_pairs += c.gold_pairs;
            sum.found_pairs += c.found_pairs;
            sum.wrong_pairs += c.wrong_pairs;
            sum.f1_sum += c.f1();
            sum.whole += usize::from(c.whole());
            sum.right += usize::from(c.whole() && c.near_misses.is_empty());
            sum.near_miss_merges += usize::from(!c.near_misses.is_empty());
            sum.type_ok += usize::from(c.type_ok);
            sum.date_ok += usize::from(c.date_ok);
        }
        sum
    }

    /// The held-out targets: pairwise F1 ≥ 0.80 and no near miss merged.
    pub fn targets_met(&self) -> bool {
        let held = self.part(Part::HeldOut);
        held.f1() >= TARGET_PAIRWISE_F1 && held.near_miss_merges == 0
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "crossdoc gold: {}", self.clusters_file.display());
        let _ = writeln!(
            out,
            "  {} documents stored, {} event mentions, {} fused events ({} with 2+ articles), {:.1} s",
            self.documents, self.mentions, self.fused_events, self.multi_article_events, self.seconds
        );
        let _ = writeln!(
            out,
            "  split: tune = c01, c05, c09, ... (every other cluster from the first), held-out = \
             c03, c07, ...; details for the tune part only"
        );
        for (name, part) in [("tuned", Part::Tune), ("held out", Part::HeldOut)] {
            let s = self.part(part);
            let _ = writeln!(
                out,
                "  {name:<8} {:>2} clusters: pairwise P {:.3} ({}/{}) R {:.3} ({}/{}) F1 {:.3}, \
                 macro F1 {:.3}; whole {}, right {}, near-miss merges {}; type ok {}, date ok {}",
                s.clusters,
                s.precision(),
                s.found_pairs,
                s.found_pairs + s.wrong_pairs,
                s.recall(),
                s.found_pairs,
                s.gold_pairs,
                s.f1(),
                s.macro_f1(),
                s.whole,
                s.right,
                s.near_miss_merges,
                s.type_ok,
                s.date_ok,
            );
        }
        let held = self.part(Part::HeldOut);
        let _ = writeln!(
            out,
            "  targets (held out): pairwise F1 {:.3} (≥ {TARGET_PAIRWISE_F1:.2}) {}, near-miss merges {} (0) {}",
            held.f1(),
            if held.f1() >= TARGET_PAIRWISE_F1 { "met" } else { "NOT met" },
            held.near_miss_merges,
            if held.near_miss_merges == 0 { "met" } else { "NOT met" },
        );
        out
    }

    /// One line per tuned cluster (never the held-out ones).
    pub fn render_details(&self) -> String {
        let mut out = String::from("  tuned clusters:\n");
        for c in self.clusters.iter().filter(|c| c.part == Part::Tune) {
            let _ = writeln!(
                out,
                "    {} F1 {:.2}: {}/{} articles in {} ({} {}), missing [{}], wrong {} [{}], near misses [{}]",
                c.id,
                c.f1(),
                c.held,
                c.articles,
                c.matched.as_deref().unwrap_or("-"),
                c.matched_type.as_deref().unwrap_or("-"),
                c.matched_date.as_deref().unwrap_or("-"),
                c.missing.join(" "),
                c.wrong.len(),
                c.wrong.iter().take(12).cloned().collect::<Vec<_>>().join(" "),
                c.near_misses.join(" "),
            );
        }
        out
    }
}

/// Reads the clusters file.
pub fn load_clusters(path: &Path) -> anyhow::Result<Vec<Cluster>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a clusters file", path.display()))
}

/// Scores `outputs` against `clusters`; `canonical` maps an article id to the id of the
/// article it duplicates (ids not in it stand for themselves).
pub fn score(
    clusters: &[Cluster],
    outputs: &[Output],
    canonical: &HashMap<String, String>,
) -> Vec<ClusterScore> {
    let canon = |id: &str| canonical.get(id).cloned().unwrap_or_else(|| id.to_string());
    let events: Vec<BTreeSet<String>> = outputs
        .iter()
        .map(|o| o.sources.iter().map(|s| canon(s)).collect())
        .collect();
    // Which events hold each article, so a cluster looks only at its own articles' events.
    let mut holding: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, sources) in events.iter().enumerate() {
        for s in sources {
            holding.entry(s.as_str()).or_default().push(i);
        }
    }
    let mut scores = Vec::new();
    for cluster in clusters {
        let gold: BTreeSet<String> = cluster.articles.iter().map(|a| canon(a)).collect();
        let neutral: BTreeSet<String> = cluster.neutral.iter().map(|a| canon(a)).collect();
        let near: BTreeSet<String> = cluster.near_misses.iter().map(|a| canon(a)).collect();
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        for article in &gold {
            candidates.extend(holding.get(article.as_str()).into_iter().flatten());
        }
        let mut best: Option<(usize, usize, usize)> = None; // (held, wrong, index)
        for &i in &candidates {
            let held = events[i].intersection(&gold).count();
            let wrong = events[i]
                .iter()
                .filter(|s| !gold.contains(*s) && !neutral.contains(*s))
                .count();
            let better = match best {
                None => true,
                Some((h, w, j)) => {
                    held > h
                        || (held == h && wrong < w)
                        || (held == h && wrong == w && outputs[i].id < outputs[j].id)
                }
            };
            if better {
                best = Some((held, wrong, i));
            }
        }
        let n = gold.len();
        let mut score = ClusterScore {
            id: cluster.id.clone(),
            part: part_of(&cluster.id),
            articles: n,
            matched: None,
            matched_type: None,
            matched_date: None,
            held: 0,
            gold_pairs: n * n.saturating_sub(1) / 2,
            found_pairs: 0,
            wrong_pairs: 0,
            missing: gold.iter().cloned().collect(),
            wrong: Vec::new(),
            near_misses: Vec::new(),
            type_ok: false,
            date_ok: false,
        };
        if let Some((held, _, i)) = best {
            let event = &events[i];
            let output = &outputs[i];
            score.matched = Some(output.id.clone());
            score.matched_type = Some(output.kind.clone());
            score.matched_date = output.date.clone();
            score.held = held;
            score.found_pairs = held * held.saturating_sub(1) / 2;
            score.wrong = event
                .iter()
                .filter(|s| !gold.contains(*s) && !neutral.contains(*s))
                .cloned()
                .collect();
            score.wrong_pairs = held * score.wrong.len();
            score.missing = gold.difference(event).cloned().collect();
            score.near_misses = near.intersection(event).cloned().collect();
            score.type_ok = cluster.types.iter().any(|t| t == &output.kind);
            score.date_ok = output.date.as_deref().is_some_and(|d| {
                if cluster.date.len() == 7 {
                    d.starts_with(&cluster.date)
                } else {
                    d == cluster.date
                }
            });
        }
        scores.push(score);
    }
    scores
}

/// Ingests `corpus` into a temporary store (fusing as it goes), reads the fused events
/// and scores them against `clusters_file`.
pub fn evaluate(
    analyzer: &Analyzer,
    clusters_file: &Path,
    corpus: &Path,
) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    let clusters = load_clusters(clusters_file)?;
    let dir = tempfile::tempdir().context("cannot make a temporary folder for the store")?;
    let mut store = Store::open(&dir.path().join("crossdoc.db"))?;
    let mut canonical = Duplicates::default();
    let mut batch: Vec<(String, Metadata)> = Vec::new();
    let mut documents = 0;
    let mut store_batch = |batch: &mut Vec<(String, Metadata)>| -> anyhow::Result<usize> {
        let docs = analyzer.analyze_all(std::mem::take(batch));
        Ok(store.insert_batch(&docs)?.stored)
    };
    for record in read_corpus(corpus) {
        let record = record?;
        canonical.add(&record.metadata, &record.text);
        batch.push((record.text, record.metadata));
        if batch.len() >= BATCH {
            documents += store_batch(&mut batch)?;
        }
    }
    if !batch.is_empty() {
        documents += store_batch(&mut batch)?;
    }
    let mut report = score_store(&store, &clusters, &canonical.map)?;
    report.clusters_file = clusters_file.to_path_buf();
    report.documents = documents;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Scores the fused events of a store that holds the corpus already (`annalist ingest`
/// of it); the corpus is read only to find its duplicate texts.
pub fn evaluate_store(
    store: &Store,
    clusters_file: &Path,
    corpus: &Path,
) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    let clusters = load_clusters(clusters_file)?;
    let mut canonical = Duplicates::default();
    for record in read_corpus(corpus) {
        let record = record?;
        canonical.add(&record.metadata, &record.text);
    }
    let mut report = score_store(store, &clusters, &canonical.map)?;
    report.clusters_file = clusters_file.to_path_buf();
    report.documents = store.stats()?.documents;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn read_corpus(
    corpus: &Path,
) -> impl Iterator<Item = anyhow::Result<annalist_ingest::RawDocument>> + '_ {
    let inputs = [corpus.to_string_lossy().into_owned()];
    annalist_ingest::read_inputs(&inputs, &annalist_ingest::ReadOptions::default())
        .map(move |r| r.with_context(|| format!("cannot read {}", corpus.display())))
}

/// Article ids whose text repeats an earlier article's, mapped to that article's id.
#[derive(Default)]
struct Duplicates {
    first_with_text: HashMap<u64, String>,
    map: HashMap<String, String>,
}

impl Duplicates {
    fn add(&mut self, metadata: &Metadata, text: &str) {
        let Some(id) = metadata.external_id.clone() else {
            return;
        };
        let hash = text_hash(text);
        match self.first_with_text.get(&hash) {
            Some(first) => {
                self.map.insert(id, first.clone());
            }
            None => {
                self.first_with_text.insert(hash, id);
            }
        }
    }
}

fn score_store(
    store: &Store,
    clusters: &[Cluster],
    canonical: &HashMap<String, String>,
) -> anyhow::Result<Report> {
    let (fused, _) = store.fused_events(&FusedFilter::default())?;
    let outputs: Vec<Output> = fused
        .into_iter()
        .map(|f| Output {
            id: f.id,
            kind: f.kind,
            date: f.date,
            sources: f.source_ids,
        })
        .collect();
    let multi = outputs.iter().filter(|o| o.sources.len() > 1).count();
    Ok(Report {
        mentions: store.stats()?.events,
        fused_events: outputs.len(),
        multi_article_events: multi,
        clusters: score(clusters, &outputs, canonical),
        ..Report::default()
    })
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(id: &str, articles: &[&str], near: &[&str], neutral: &[&str]) -> Cluster {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Cluster {
            id: id.to_string(),
            types: vec!["CONSULT".to_string()],
            date: "2030-05-04".to_string(),
            articles: strings(articles),
            near_misses: strings(near),
            neutral: strings(neutral),
        }
    }

    fn output(id: &str, sources: &[&str]) -> Output {
        Output {
            id: id.to_string(),
            kind: "CONSULT".to_string(),
            date: Some("2030-05-04".to_string()),
            sources: sources.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_split_alternates_over_the_odd_numbers() {
        assert_eq!(part_of("c01"), Part::Tune);
        assert_eq!(part_of("c03"), Part::HeldOut);
        assert_eq!(part_of("c05"), Part::Tune);
        assert_eq!(part_of("c47"), Part::HeldOut);
        assert_eq!(part_of("x"), Part::HeldOut);
    }

    #[test]
    fn pairs_wrong_sources_neutral_and_near_misses() {
        let clusters = [cluster("c01", &["1", "2", "3"], &["9"], &["5"])];
        // Event a holds 2 of the 3 articles, a neutral one and a wrong one; b holds 2 too
        // but two wrong ones: a is matched.
        let outputs = [
            output("a", &["1", "2", "5", "7"]),
            output("b", &["2", "3", "7", "8"]),
            output("c", &["9", "1"]),
        ];
        let s = &score(&clusters, &outputs, &HashMap::new())[0];
        assert_eq!(s.matched.as_deref(), Some("a"));
        assert_eq!((s.gold_pairs, s.found_pairs, s.wrong_pairs), (3, 1, 2));
        assert_eq!(s.missing, vec!["3".to_string()]);
        assert_eq!(s.wrong, vec!["7".to_string()]);
        assert!(s.near_misses.is_empty());
        assert!(!s.whole());
        assert!(s.type_ok && s.date_ok);
    }

    #[test]
    fn duplicates_count_as_the_article_they_duplicate() {
        let clusters = [cluster("c01", &["1", "2"], &["9"], &[])];
        let canonical = HashMap::from([("2b".to_string(), "2".to_string())]);
        let outputs = [output("a", &["1", "2b", "9"])];
        let s = &score(&clusters, &outputs, &canonical)[0];
        assert_eq!(s.found_pairs, 1);
        assert_eq!(s.near_misses, vec!["9".to_string()]);
        let mut report = Report {
            clusters: vec![s.clone()],
            ..Report::default()
        };
        assert_eq!(report.part(Part::Tune).near_miss_merges, 1);
        report.clusters[0].near_misses.clear();
        report.clusters[0].wrong.clear();
        assert_eq!(report.part(Part::Tune).right, 1);
    }

    #[test]
    fn an_unfused_output_scores_recall_zero() {
        let clusters = [cluster("c01", &["1", "2", "3"], &[], &[])];
        let outputs = [
            output("a", &["1"]),
            output("b", &["2"]),
            output("c", &["3"]),
        ];
        let s = &score(&clusters, &outputs, &HashMap::new())[0];
        assert_eq!(s.found_pairs, 0);
        assert_eq!(s.f1(), 0.0);
    }
}
