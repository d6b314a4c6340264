//! The acceptance check: a dispatch and a gold file of the facts a correct analysis
//! contains (`../shared/acceptance/*.gold.json`), scored layer by layer.
//!
//! Any gold file of that format can be scored (`annalist eval seed --gold FILE`); the
//! dispatch is read from the file the gold names, beside it. Each fact is either found or
//! listed as missing, so the report reads as a to-do list.

use annalist::Analyzer;
use annalist_core::{Document, Metadata, Span};
use anyhow::Context;
use serde::Deserialize;
use std::fmt::Write;
use std::path::Path;

#[derive(Deserialize)]
struct Gold {
    dispatch: GoldDispatch,
    #[serde(default)]
    timexes: Vec<GoldTimex>,
    #[serde(default)]
    entities: Vec<GoldEntity>,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
    #[serde(default)]
    events: Vec<GoldEvent>,
}

#[derive(Deserialize)]
struct GoldDispatch {
    date: Option<String>,
    dateline: Option<String>,
    agency: Option<String>,
    language: Option<String>,
}

#[derive(Deserialize)]
struct GoldTimex {
    text: String,
    span: Span,
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

#[derive(Deserialize)]
struct GoldMention {
    span: Span,
}

#[derive(Deserialize)]
struct GoldEntity {
    canonical: String,
    kind: String,
    code: Option<String>,
    actor_code: Option<String>,
    country: Option<String>,
    mentions: Vec<GoldMention>,
}

#[derive(Deserialize)]
struct GoldQuote {
    kind: String,
    speaker: String,
    cue: String,
    starts_with: String,
    ends_with: String,
    span: Option<Span>,
}

#[derive(Deserialize)]
struct GoldEvent {
    cameo: String,
    actor: String,
    #[serde(default)]
    target: Vec<String>,
    date: Option<String>,
    location: Option<String>,
}

/// Found / total per layer, and what was missed.
#[derive(Default)]
pub struct SeedReport {
    pub layers: Vec<(String, usize, usize)>,
    pub misses: Vec<String>,
}

impl SeedReport {
    fn layer(&mut self, name: &str, results: Vec<Result<(), String>>) {
        let total = results.len();
        let mut found = 0;
        for result in results {
            match result {
                Ok(()) => found += 1,
                Err(miss) => self.misses.push(format!("{name}: {miss}")),
            }
        }
        self.layers.push((name.to_string(), found, total));
    }

    /// True when every fact of the named layer was found.
    pub fn layer_passes(&self, name: &str) -> bool {
        self.layers
            .iter()
            .any(|(n, found, total)| n == name && found == total)
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for (name, found, total) in &self.layers {
            let mark = if found == total { "ok " } else { "MISS" };
            let _ = writeln!(out, "  {mark} {name:<10} {found:>3}/{total}");
        }
        for miss in &self.misses {
            let _ = writeln!(out, "       - {miss}");
        }
        out
    }
}

/// Reads a gold facts file as `G`, and the dispatch it names (the file beside it) as a
/// segmented, not yet annotated document. Every seed scorer starts here.
pub fn read_gold<G: serde::de::DeserializeOwned>(
    gold_path: &Path,
) -> anyhow::Result<(G, Document)> {
    #[derive(Deserialize)]
    struct Names {
        document: String,
    }
    let gold_text = std::fs::read_to_string(gold_path)
        .with_context(|| format!("reading {}", gold_path.display()))?;
    let parse_error = || format!("parsing {}", gold_path.display());
    let gold: G = serde_json::from_str(&gold_text).with_context(parse_error)?;
    let names: Names = serde_json::from_str(&gold_text).with_context(parse_error)?;
    let dispatch_path = gold_path.with_file_name(&names.document);
    let text = std::fs::read_to_string(&dispatch_path)
        .with_context(|| format!("reading {}", dispatch_path.display()))?;
    let metadata = Metadata {
        source: dispatch_path.display().to_string(),
        ..Metadata::default()
    };
    Ok((gold, Document::new(text, metadata)))
}

/// Analyses the dispatch a gold file names and scores every layer.
pub fn score_gold_file(analyzer: &Analyzer, gold_path: &Path) -> anyhow::Result<SeedReport> {
    let (gold, mut doc) = read_gold::<Gold>(gold_path)?;
    analyzer.annotate(&mut doc);
    Ok(score(&doc, &gold))
}

fn check(ok: bool, miss: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(miss())
    }
}

fn score(doc: &Document, gold: &Gold) -> SeedReport {
    let mut report = SeedReport::default();
    let d = &gold.dispatch;
    let dct = doc.dct.map(|x| x.to_string());
    let place = doc.dateline.as_ref().map(|x| x.place.clone());
    let mut dispatch = vec![
        check(dct == d.date, || {
            format!("dct {dct:?}, expected {:?}", d.date)
        }),
        check(place == d.dateline, || {
            format!("dateline {place:?}, expected {:?}", d.dateline)
        }),
        check(doc.agency == d.agency, || {
            format!("agency {:?}, expected {:?}", doc.agency, d.agency)
        }),
    ];
    if let Some(language) = &d.language {
        dispatch.push(check(&doc.language == language, || {
            format!("language {}, expected {language}", doc.language)
        }));
    }
    report.layer("dispatch", dispatch);

    report.layer(
        "timexes",
        gold.timexes.iter().map(|g| score_timex(doc, g)).collect(),
    );
    report.layer(
        "entities",
        gold.entities.iter().map(|g| score_entity(doc, g)).collect(),
    );
    report.layer(
        "quotes",
        gold.quotes.iter().map(|g| score_quote(doc, g)).collect(),
    );
    report.layer(
        "events",
        gold.events
            .iter()
            .map(|g| score_event(doc, g, gold))
            .collect(),
    );
    report
}

fn score_timex(doc: &Document, gold: &GoldTimex) -> Result<(), String> {
    let found = doc.timexes.iter().find(|t| t.span.overlaps(gold.span));
    match found {
        Some(t) if t.span == gold.span && t.kind.as_str() == gold.kind && t.value == gold.value => {
            Ok(())
        }
        Some(t) => Err(format!(
            "{:?} {:?}: got {:?} {:?} {} {}, expected {} {}",
            gold.text,
            <[usize; 2]>::from(gold.span),
            t.text,
            <[usize; 2]>::from(t.span),
            t.kind.as_str(),
            t.value,
            gold.kind,
            gold.value
        )),
        None => Err(format!(
            "{:?} {:?} not found (expected {})",
            gold.text,
            <[usize; 2]>::from(gold.span),
            gold.value
        )),
    }
}

/// The entity that holds a mention at exactly `span`.
fn entity_at(doc: &Document, span: Span) -> Option<&annalist_core::Entity> {
    doc.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.span == span))
}

fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn score_entity(doc: &Document, gold: &GoldEntity) -> Result<(), String> {
    let Some(first) = gold.mentions.first() else {
        return Ok(());
    };
    let Some(entity) = entity_at(doc, first.span) else {
        return Err(format!(
            "{} {}: no entity at {:?}",
            gold.kind,
            gold.canonical,
            <[usize; 2]>::from(first.span)
        ));
    };
    let mut problems = Vec::new();
    if !same_name(&entity.canonical, &gold.canonical) {
        problems.push(format!("canonical {:?}", entity.canonical));
    }
    if entity.kind.as_str() != gold.kind {
        problems.push(format!("kind {}", entity.kind.as_str()));
    }
    for code in gold.code.iter().chain(gold.actor_code.iter()) {
        if !entity.codes.contains(code) {
            problems.push(format!("codes {:?} lack {code}", entity.codes));
        }
    }
    if let Some(country) = &gold.country {
        if entity.country.as_ref() != Some(country) {
            problems.push(format!("country {:?}, expected {country}", entity.country));
        }
    }
    for mention in &gold.mentions[1..] {
        if !entity.mentions.iter().any(|m| m.span == mention.span) {
            let text = doc.slice(mention.span);
            problems.push(format!(
                "mention {text:?} {:?} not linked",
                <[usize; 2]>::from(mention.span)
            ));
        }
    }
    check(problems.is_empty(), || {
        format!("{}: {}", gold.canonical, problems.join("; "))
    })
}

fn speaker_canonical(doc: &Document, quote: &annalist_core::Quote) -> Option<String> {
    let speaker = quote.speaker.as_ref()?;
    match speaker.entity.as_deref().and_then(|id| doc.entity(id)) {
        Some(entity) => Some(entity.canonical.clone()),
        None => Some(speaker.text.clone()),
    }
}

fn score_quote(doc: &Document, gold: &GoldQuote) -> Result<(), String> {
    let matches = |q: &&annalist_core::Quote| match gold.span {
        Some(span) => q.span == span,
        None => {
            q.text.trim_start().starts_with(&gold.starts_with)
                && q.text
                    .trim_end()
                    .trim_end_matches(['.', ','])
                    .ends_with(&gold.ends_with)
        }
    };
    let Some(quote) = doc.quotes.iter().find(matches) else {
        return Err(format!(
            "{} quote {:?} … {:?} not found",
            gold.kind, gold.starts_with, gold.ends_with
        ));
    };
    let mut problems = Vec::new();
    let kind = format!("{:?}", quote.kind).to_lowercase();
    if kind != gold.kind {
        problems.push(format!("kind {kind}"));
    }
    let cue = quote.cue.as_ref().map(|c| c.text.to_lowercase());
    if cue.as_deref() != Some(gold.cue.to_lowercase().as_str()) {
        problems.push(format!("cue {cue:?}"));
    }
    let speaker = speaker_canonical(doc, quote);
    if !speaker
        .as_deref()
        .is_some_and(|s| same_name(s, &gold.speaker))
    {
        problems.push(format!("speaker {speaker:?}"));
    }
    check(problems.is_empty(), || {
        format!("{:?}: {}", gold.starts_with, problems.join("; "))
    })
}

/// Whether a predicted entity stands for the gold actor `name`: the same canonical name, an
/// organ of the gold country (the Russian Foreign Ministry acts for Russia: its `country` is
/// the gold entity's code), or a body named after the gold organisation ("OSCE Permanent
/// Council" for "OSCE").
fn stands_for(entity: &annalist_core::Entity, name: &str, gold: &Gold) -> bool {
    if same_name(&entity.canonical, name) {
        return true;
    }
    let body_of = entity.canonical.get(..name.len()).is_some_and(|prefix| {
        same_name(prefix, name) && entity.canonical[name.len()..].starts_with(' ')
    });
    let country_code = gold
        .entities
        .iter()
        .find(|g| same_name(&g.canonical, name) && g.kind == "country")
        .and_then(|g| g.code.as_deref());
    body_of || country_code.is_some_and(|code| entity.country.as_deref() == Some(code))
}

fn score_event(doc: &Document, gold: &GoldEvent, gold_file: &Gold) -> Result<(), String> {
    let entities = |ids: &[String]| -> Vec<&annalist_core::Entity> {
        ids.iter().filter_map(|id| doc.entity(id)).collect()
    };
    let names = |ids: &[String]| -> Vec<String> {
        entities(ids).iter().map(|e| e.canonical.clone()).collect()
    };
    let cameo_family = |code: &str| code.get(..2).unwrap_or(code).to_string();
    let candidates: Vec<_> = doc
        .events
        .iter()
        .filter(|e| cameo_family(&e.cameo) == cameo_family(&gold.cameo) && e.date == gold.date)
        .collect();
    let describe = || {
        format!(
            "cameo {} on {:?} by {} → {:?}",
            gold.cameo, gold.date, gold.actor, gold.target
        )
    };
    if candidates.is_empty() {
        return Err(format!("{}: no event of that code and date", describe()));
    }
    let mut best_problems: Option<Vec<String>> = None;
    for event in candidates {
        let mut problems = Vec::new();
        if !entities(&event.actor)
            .iter()
            .any(|a| stands_for(a, &gold.actor, gold_file))
        {
            problems.push(format!("actor {:?}", names(&event.actor)));
        }
        for target in &gold.target {
            if !entities(&event.recipient)
                .iter()
                .any(|r| stands_for(r, target, gold_file))
            {
                problems.push(format!(
                    "recipients {:?} lack {target}",
                    names(&event.recipient)
                ));
            }
        }
        if let Some(location) = &gold.location {
            let place = event
                .place
                .as_deref()
                .and_then(|p| doc.entity(p))
                .map(|e| e.canonical.clone());
            if !place.as_deref().is_some_and(|p| same_name(p, location)) {
                problems.push(format!("place {place:?}"));
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        if best_problems
            .as_ref()
            .is_none_or(|b| problems.len() < b.len())
        {
            best_problems = Some(problems);
        }
    }
    Err(format!(
        "{}: {}",
        describe(),
        best_problems.unwrap_or_default().join("; ")
    ))
}

/// Sentence boundaries of the TASS acceptance dispatch, annotated by us as byte offsets:
/// the dateline, then the nine sentences of the story.
pub const TASS_SEED_SENTENCES: [[usize; 2]; 10] = [
    [17, 44],
    [45, 385],
    [387, 605],
    [606, 659],
    [660, 866],
    [868, 1120],
    [1121, 1290],
    [1291, 1510],
    [1512, 1716],
    [1717, 1933],
];

/// Checks the foundation on the TASS acceptance dispatch: dct, dateline, agency, language
/// and the sentence boundaries.
pub fn foundation_check(analyzer: &Analyzer, shared: &Path) -> anyhow::Result<(bool, String)> {
    let gold_path = shared.join("acceptance/tass-2022-01-14.gold.json");
    let report = score_gold_file(analyzer, &gold_path)?;
    let text = std::fs::read_to_string(shared.join("acceptance/tass-2022-01-14.txt"))?;
    let doc = Document::new(
        text,
        Metadata {
            source: "seed".into(),
            ..Metadata::default()
        },
    );
    let got: Vec<[usize; 2]> = doc.sentences.iter().map(|s| s.span.into()).collect();
    let sentences_ok = got == TASS_SEED_SENTENCES;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {} sentences  {}/{}",
        if sentences_ok { "ok " } else { "MISS" },
        got.len(),
        TASS_SEED_SENTENCES.len()
    );
    if !sentences_ok {
        let _ = writeln!(out, "       - got {got:?}");
    }
    out.push_str(&report.render());
    Ok((sentences_ok && report.layer_passes("dispatch"), out))
}
