//! `annalist eval dispatches`: the TASS 2017 dispatches with hand-checked gold facts
//! (`<shared>/data/dispatch-gold/tass2017/`: `dNN.txt` and `gold.json`, described in that
//! folder's README), scored layer by layer with the README's rules.
//!
//! # Reading
//!
//! Each `dNN.txt` is read verbatim, as the CLI's plain-text reader passes a file on, and
//! analysed with [`Analyzer::analyze`]: the first line `date YYYY-MM-DD` is found by
//! `Document::new`, gives the dispatch date (dct) and stays in the text, so every span
//! (annalist's and the gold's) is a byte offset into the whole file, header included.
//!
//! # Split (fixed)
//!
//! The **tune** part is the odd-numbered files (`d01`, `d03`, ...), the **held-out** part
//! the even-numbered ones (`d02`, `d04`, ...). Both parts' scores are always printed side
//! by side; misses and unmatched outputs (`--details`) are only ever kept and printed for
//! the tune part, so that the held-out part stays unread.
//!
//! # Matching (README rules)
//!
//! Names are compared with case, surrounding space and a leading "the" ignored; an
//! entity's names are its canonical name and the text of each of its mentions.
//! - **Timex**: an output timex overlaps the first occurrence of the gold text in the file
//!   (located by text, not by the gold span) and its value is one of the accepted ones.
//! - **Entity**: an output entity has the gold name, a compatible kind (equal; a country
//!   and a place are compatible, so are a group and an organization) and, when the gold
//!   gives a code, its `country` or one of its `codes` starts with it (`RUS` matches
//!   `RUSGOV`; `NATO` stands for `IGOWSTNAT`, `EU` for `IGOEUREEC`, `UN` for `IGOUNO`).
//! - **Quote**: an output quote's text contains the gold snippet and its speaker resolves
//!   to the gold speaker: the speaker entity has that name, or (unresolved speaker) the
//!   speaker text is that name. The quote kind is not scored.
//! - **Event**: the type is accepted (a PLOVER name equals the output type; a CAMEO code
//!   is a prefix of the output CAMEO code, so `04` accepts `042`); the output date equals
//!   the gold date or refines it (`2017-02-16TEV` → `2017-02-16` → `2017-02`; a null gold
//!   date accepts any); the place entity has the gold place name (null accepts any); the
//!   first participant is among the actors and every other among the recipients. A
//!   participant `Name|CODE` matches an entity by name or by code (the entity code rule);
//!   `Name` alone by name. When the output type is symmetric (CONSULT, AGREE, COOPERATE)
//!   actor and recipients may be swapped, or all participants listed as joint actors.
//!   "Type only" recall (a diagnostic) asks for an accepted type and nothing else.
//!
//! # Counts
//!
//! Per layer and part: gold facts, facts found (recall), outputs, outputs matching some
//! gold fact of their dispatch, and strict precision = matched outputs / outputs. The gold
//! lists only facts an analyst agrees on without doubt, so an unmatched output is not
//! always wrong: strict precision is a lower bound. Quote outputs are all quotes emitted.
//! Event outputs are all events emitted except statements (type STATEMENT or CAMEO 01)
//! as long as the gold lists no statement-type event: the TASS 2017 gold lists none (it
//! was checked), so statements are excluded there; a gold that lists one makes them count.
//!
//! Targets (held-out part, reported, never failing a run by themselves): events recall
//! with roles ≥ 0.65 and strict precision ≥ 0.70.
//!
//! Errors: `gold.json` that cannot be read or parsed stops the run; a gold entry that does
//! not parse or does not fit its dispatch, and a dispatch that cannot be read, are
//! reported by file name and skipped, the other files are scored.

use crate::score::ratio;
use annalist::Analyzer;
use annalist_core::{Document, Entity, EntityKind, Event, Metadata, Quote, Span, Timex};
use anyhow::Context;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Held-out target: events recall with roles.
pub const TARGET_EVENT_RECALL: f64 = 0.65;
/// Held-out target: events strict precision.
pub const TARGET_EVENT_PRECISION: f64 = 0.70;

/// PLOVER types whose actor and recipients may be swapped or joint.
const SYMMETRIC_TYPES: [&str; 3] = ["CONSULT", "AGREE", "COOPERATE"];

/// The gold folder inside the shared data folder.
pub fn default_dir(shared: &Path) -> PathBuf {
    shared.join("data/dispatch-gold/tass2017")
}

// ---------------------------------------------------------------- gold

#[derive(Debug, Deserialize)]
struct GoldDispatch {
    dct: Option<String>,
    #[serde(default)]
    timexes: Vec<GoldTimex>,
    #[serde(default)]
    entities: Vec<GoldEntity>,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
    #[serde(default)]
    events: Vec<GoldEvent>,
}

#[derive(Debug, Deserialize)]
struct GoldTimex {
    text: String,
    value: Vec<String>,
    /// The first occurrence of `text` in the dispatch (set when the gold is checked).
    #[serde(skip)]
    at: Span,
}

#[derive(Debug, Deserialize)]
struct GoldEntity {
    canonical: String,
    kind: String,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldQuote {
    contains: String,
    speaker: String,
}

#[derive(Debug, Deserialize)]
struct GoldEvent {
    #[serde(rename = "type")]
    types: Vec<String>,
    date: Option<String>,
    place: Option<String>,
    participants: Vec<String>,
}

/// `Name|CODE` or `Name`.
struct Participant<'g> {
    name: &'g str,
    code: Option<&'g str>,
}

impl<'g> Participant<'g> {
    fn parse(text: &'g str) -> Participant<'g> {
        match text.split_once('|') {
            Some((name, code)) => Participant {
                name: name.trim(),
                code: Some(code.trim()).filter(|c| !c.is_empty()),
            },
            None => Participant {
                name: text.trim(),
                code: None,
            },
        }
    }

    fn matches(&self, entity: &Entity) -> bool {
        has_name(entity, self.name) || self.code.is_some_and(|code| has_code(entity, code))
    }
}

/// `gold.json` as a map from file name to its (not yet parsed) entry.
fn load_gold_file(path: &Path) -> anyhow::Result<BTreeMap<String, serde_json::Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "parsing {}: expected {{\"dNN.txt\": {{dct, timexes, entities, quotes, events}}}}",
            path.display()
        )
    })
}

/// One gold entry, parsed and checked against its dispatch's text. Error messages name
/// the fact by index only: they are printed for held-out files too.
fn parse_entry(value: serde_json::Value, text: &str) -> Result<GoldDispatch, String> {
    let mut gold: GoldDispatch =
        serde_json::from_value(value).map_err(|e| format!("gold entry does not parse: {e}"))?;
    for (i, timex) in gold.timexes.iter_mut().enumerate() {
        let start = text
            .find(&timex.text)
            .ok_or(format!("gold timex #{}: text not in the dispatch", i + 1))?;
        timex.at = Span::new(start, start + timex.text.len());
    }
    if let Some(i) = gold.quotes.iter().position(|q| !text.contains(&q.contains)) {
        return Err(format!(
            "gold quote #{}: snippet not in the dispatch",
            i + 1
        ));
    }
    Ok(gold)
}

// ---------------------------------------------------------------- split

/// Which part of the fixed split a file belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Odd-numbered files: scores and details.
    Tune,
    /// Even-numbered files: scores only.
    HeldOut,
}

impl Part {
    /// The part of `dNN.txt` by the parity of NN; `None` for another name.
    pub fn of(file: &str) -> Option<Part> {
        let digits = file.strip_prefix('d')?.strip_suffix(".txt")?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let number: u64 = digits.parse().ok()?;
        Some(if number % 2 == 1 {
            Part::Tune
        } else {
            Part::HeldOut
        })
    }
}

// ---------------------------------------------------------------- names and codes

/// A name as compared: lower case, spaces collapsed, a leading "the" dropped.
fn normalise(name: &str) -> String {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let start = usize::from(words.len() > 1 && words[0] == "the");
    words[start..].join(" ")
}

fn same_name(a: &str, b: &str) -> bool {
    normalise(a) == normalise(b)
}

/// Whether the entity's canonical name or one of its mentions is `name`.
fn has_name(entity: &Entity, name: &str) -> bool {
    std::iter::once(entity.canonical.as_str())
        .chain(entity.mentions.iter().map(|m| m.text.as_str()))
        .any(|n| same_name(n, name))
}

/// The actor-code prefix a gold country code stands for.
fn code_prefix(gold: &str) -> &str {
    match gold {
        "NATO" => "IGOWSTNAT",
        "EU" => "IGOEUREEC",
        "UN" => "IGOUNO",
        other => other,
    }
}

/// Whether the entity's country or one of its codes starts with the gold code.
fn has_code(entity: &Entity, gold: &str) -> bool {
    let prefix = code_prefix(gold);
    entity
        .country
        .iter()
        .chain(&entity.codes)
        .any(|c| c.starts_with(prefix))
}

/// Whether an output kind is compatible with a gold kind.
fn kinds_compatible(output: EntityKind, gold: &str) -> bool {
    use EntityKind::*;
    let gold = match gold {
        "person" => Person,
        "organization" => Organization,
        "country" => Country,
        "place" => Place,
        "group" => Group,
        _ => return false,
    };
    output == gold
        || matches!(
            (output, gold),
            (Country, Place) | (Place, Country) | (Group, Organization) | (Organization, Group)
        )
}

// ---------------------------------------------------------------- matching

fn timex_matches(timex: &Timex, gold: &GoldTimex) -> bool {
    timex.span.overlaps(gold.at) && gold.value.contains(&timex.value)
}

fn entity_matches(entity: &Entity, gold: &GoldEntity) -> bool {
    has_name(entity, &gold.canonical)
        && kinds_compatible(entity.kind, &gold.kind)
        && gold.country.as_deref().is_none_or(|c| has_code(entity, c))
}

/// Whether the quote's speaker is the gold speaker (by entity name or mention, or by the
/// speaker text when it is not resolved to an entity).
fn speaker_matches(doc: &Document, quote: &Quote, gold: &str) -> bool {
    let Some(speaker) = &quote.speaker else {
        return false;
    };
    match speaker.entity.as_deref().and_then(|id| doc.entity(id)) {
        Some(entity) => has_name(entity, gold),
        None => same_name(&speaker.text, gold),
    }
}

fn quote_matches(doc: &Document, quote: &Quote, gold: &GoldQuote) -> bool {
    quote.text.contains(&gold.contains) && speaker_matches(doc, quote, &gold.speaker)
}

/// An accepted type: a PLOVER name equal to the output type, or a CAMEO code that is a
/// prefix of the output code.
fn type_matches(event: &Event, types: &[String]) -> bool {
    types.iter().any(|t| {
        if t.bytes().all(|b| b.is_ascii_digit()) {
            event.cameo.starts_with(t.as_str())
        } else {
            event.kind.eq_ignore_ascii_case(t)
        }
    })
}

/// Whether `output` equals `gold` or refines it (`2017-02-16TEV` refines `2017-02-16`,
/// which refines `2017-02`); a null gold date accepts any.
fn date_refines(output: Option<&str>, gold: Option<&str>) -> bool {
    let Some(gold) = gold else {
        return true;
    };
    let Some(output) = output else {
        return false;
    };
    match output.strip_prefix(gold) {
        Some(rest) => rest.is_empty() || rest.starts_with(['-', 'T']),
        None => false,
    }
}

fn place_matches(doc: &Document, event: &Event, gold: Option<&str>) -> bool {
    let Some(gold) = gold else {
        return true;
    };
    let place = event.place.as_deref().and_then(|id| doc.entity(id));
    place.is_some_and(|p| has_name(p, gold))
}

fn entities<'d>(doc: &'d Document, ids: &[String]) -> Vec<&'d Entity> {
    ids.iter().filter_map(|id| doc.entity(id)).collect()
}

fn among(participant: &Participant, entities: &[&Entity]) -> bool {
    entities.iter().any(|e| participant.matches(e))
}

/// The first participant among `first`, every other among `rest`.
fn roles_fit(participants: &[Participant], first: &[&Entity], rest: &[&Entity]) -> bool {
    match participants.split_first() {
        Some((head, tail)) => among(head, first) && tail.iter().all(|p| among(p, rest)),
        None => true,
    }
}

fn is_symmetric(event: &Event) -> bool {
    SYMMETRIC_TYPES
        .iter()
        .any(|t| event.kind.eq_ignore_ascii_case(t))
}

/// Actor and recipients as the gold lists them; for symmetric types also swapped, or all
/// participants as joint actors.
fn roles_match(doc: &Document, event: &Event, gold: &GoldEvent) -> bool {
    let participants: Vec<Participant> = gold
        .participants
        .iter()
        .map(|p| Participant::parse(p))
        .collect();
    let actors = entities(doc, &event.actor);
    let recipients = entities(doc, &event.recipient);
    if roles_fit(&participants, &actors, &recipients) {
        return true;
    }
    is_symmetric(event)
        && (roles_fit(&participants, &recipients, &actors)
            || participants.iter().all(|p| among(p, &actors)))
}

/// The event's date as the text gives it: a date the dispatch date stands in for is none.
fn text_date(event: &Event) -> Option<&str> {
    match event.date_source.as_deref() {
        Some("dispatch") => None,
        _ => event.date.as_deref(),
    }
}

fn event_matches(doc: &Document, event: &Event, gold: &GoldEvent) -> bool {
    type_matches(event, &gold.types)
        && date_refines(text_date(event), gold.date.as_deref())
        && place_matches(doc, event, gold.place.as_deref())
        && roles_match(doc, event, gold)
}

/// A statement (type STATEMENT or CAMEO 01): not counted as an output when the gold lists
/// no statement-type event.
fn is_statement(event: &Event) -> bool {
    event.kind.eq_ignore_ascii_case("STATEMENT") || event.cameo.starts_with("01")
}

/// Whether a gold event accepts statements.
fn lists_statements(gold: &GoldEvent) -> bool {
    gold.types
        .iter()
        .any(|t| t.eq_ignore_ascii_case("STATEMENT") || t.starts_with("01"))
}

// ---------------------------------------------------------------- counts

/// One layer's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    /// Gold facts.
    pub gold: usize,
    /// Gold facts some output matches.
    pub found: usize,
    /// Outputs counted.
    pub outputs: usize,
    /// Outputs that match some gold fact.
    pub matched: usize,
}

impl Layer {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }

    /// Matched outputs / outputs: a lower bound (see the module doc).
    pub fn strict_precision(&self) -> f64 {
        ratio(self.matched, self.outputs)
    }

    fn add(&mut self, other: Layer) {
        self.gold += other.gold;
        self.found += other.found;
        self.outputs += other.outputs;
        self.matched += other.matched;
    }
}

/// The counts of one part (or one dispatch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartScore {
    pub dispatches: usize,
    /// Dispatches whose dct (from the header) is the gold dct.
    pub dct_ok: usize,
    pub timexes: Layer,
    pub entities: Layer,
    pub quotes: Layer,
    /// Events with roles, date and place.
    pub events: Layer,
    /// Gold events some output of an accepted type matches (roles, date, place ignored).
    pub events_type_only: usize,
}

impl PartScore {
    fn add(&mut self, other: &PartScore) {
        self.dispatches += other.dispatches;
        self.dct_ok += other.dct_ok;
        self.timexes.add(other.timexes);
        self.entities.add(other.entities);
        self.quotes.add(other.quotes);
        self.events.add(other.events);
        self.events_type_only += other.events_type_only;
    }

    pub fn events_type_only_recall(&self) -> f64 {
        ratio(self.events_type_only, self.events.gold)
    }
}

/// One dispatch's counts and, in words, its misses and unmatched outputs.
struct FileScore {
    score: PartScore,
    details: Vec<String>,
}

/// Counts gold facts found and outputs matched for one layer, and describes the misses
/// (`miss`) and unmatched outputs (`extra`).
fn layer<G, O>(
    gold: &[G],
    outputs: &[&O],
    matches: impl Fn(&O, &G) -> bool,
    miss: impl Fn(&G) -> String,
    extra: impl Fn(&O) -> String,
    details: &mut Vec<String>,
) -> Layer {
    let mut counts = Layer {
        gold: gold.len(),
        outputs: outputs.len(),
        ..Layer::default()
    };
    for g in gold {
        if outputs.iter().any(|o| matches(o, g)) {
            counts.found += 1;
        } else {
            details.push(miss(g));
        }
    }
    for o in outputs {
        if gold.iter().any(|g| matches(o, g)) {
            counts.matched += 1;
        } else {
            details.push(extra(o));
        }
    }
    counts
}

/// Scores one analysed dispatch against its gold entry; `count_statements` says whether
/// statement events count as outputs.
fn score_dispatch(doc: &Document, gold: &GoldDispatch, count_statements: bool) -> FileScore {
    let mut details = Vec::new();
    let dct = doc.dct.map(|d| d.to_string());
    if dct != gold.dct {
        details.push(format!("dct {dct:?}, gold {:?}", gold.dct));
    }
    let timexes: Vec<&Timex> = doc.timexes.iter().collect();
    let entities: Vec<&Entity> = doc.entities.iter().collect();
    let quotes: Vec<&Quote> = doc.quotes.iter().collect();
    let events: Vec<&Event> = doc
        .events
        .iter()
        .filter(|e| count_statements || !is_statement(e))
        .collect();
    let score = PartScore {
        dispatches: 1,
        dct_ok: usize::from(dct == gold.dct),
        timexes: layer(
            &gold.timexes,
            &timexes,
            timex_matches,
            |g| miss_timex(doc, g),
            |t| format!("extra timex {:?} {}", t.text, t.value),
            &mut details,
        ),
        entities: layer(
            &gold.entities,
            &entities,
            entity_matches,
            |g| miss_entity(doc, g),
            describe_entity,
            &mut details,
        ),
        quotes: layer(
            &gold.quotes,
            &quotes,
            |q, g| quote_matches(doc, q, g),
            |g| miss_quote(doc, g),
            |q| format!("extra quote {}", describe_quote(doc, q)),
            &mut details,
        ),
        events: layer(
            &gold.events,
            &events,
            |e, g| event_matches(doc, e, g),
            |g| miss_event(doc, g),
            |e| format!("extra event {}", describe_event(doc, e)),
            &mut details,
        ),
        events_type_only: gold
            .events
            .iter()
            .filter(|g| doc.events.iter().any(|e| type_matches(e, &g.types)))
            .count(),
    };
    for e in &events {
        if gold.events.iter().any(|g| event_matches(doc, e, g)) {
            details.push(format!("right event {}", describe_event(doc, e)));
        }
    }
    FileScore { score, details }
}

// ---------------------------------------------------------------- misses in words

fn miss_timex(doc: &Document, gold: &GoldTimex) -> String {
    let overlapping: Vec<String> = doc
        .timexes
        .iter()
        .filter(|t| t.span.overlaps(gold.at))
        .map(|t| format!("{:?} {}", t.text, t.value))
        .collect();
    if overlapping.is_empty() {
        format!("miss timex {:?} {:?}: not found", gold.text, gold.value)
    } else {
        format!(
            "miss timex {:?} {:?}: wrong value, got {}",
            gold.text,
            gold.value,
            overlapping.join(", ")
        )
    }
}

fn describe_entity(entity: &Entity) -> String {
    format!(
        "extra entity {} {} country {:?} codes {:?}",
        entity.canonical,
        entity.kind.as_str(),
        entity.country,
        entity.codes
    )
}

fn miss_entity(doc: &Document, gold: &GoldEntity) -> String {
    let what = format!(
        "miss entity {} {} {:?}",
        gold.canonical, gold.kind, gold.country
    );
    let named: Vec<String> = doc
        .entities
        .iter()
        .filter(|e| has_name(e, &gold.canonical))
        .map(|e| {
            format!(
                "{} {} country {:?} codes {:?}",
                e.canonical,
                e.kind.as_str(),
                e.country,
                e.codes
            )
        })
        .collect();
    if named.is_empty() {
        format!("{what}: no entity of that name")
    } else {
        format!(
            "{what}: named, but wrong kind or code: {}",
            named.join("; ")
        )
    }
}

fn speaker_text(doc: &Document, quote: &Quote) -> String {
    match &quote.speaker {
        None => "no speaker".to_string(),
        Some(s) => match s.entity.as_deref().and_then(|id| doc.entity(id)) {
            Some(e) => format!("{} (as {:?})", e.canonical, s.text),
            None => format!("unresolved {:?}", s.text),
        },
    }
}

fn describe_quote(doc: &Document, quote: &Quote) -> String {
    let text: String = quote.text.chars().take(60).collect();
    format!("{:?} {text:?}: {}", quote.kind, speaker_text(doc, quote))
}

fn miss_quote(doc: &Document, gold: &GoldQuote) -> String {
    let what = format!("miss quote {:?} by {}", gold.contains, gold.speaker);
    let containing: Vec<String> = doc
        .quotes
        .iter()
        .filter(|q| q.text.contains(&gold.contains))
        .map(|q| speaker_text(doc, q))
        .collect();
    if containing.is_empty() {
        format!("{what}: no quote contains the snippet")
    } else {
        format!("{what}: wrong speaker: {}", containing.join("; "))
    }
}

fn names(doc: &Document, ids: &[String]) -> Vec<String> {
    entities(doc, ids)
        .iter()
        .map(|e| e.canonical.clone())
        .collect()
}

fn describe_event(doc: &Document, event: &Event) -> String {
    let place = event.place.as_deref().and_then(|id| doc.entity(id));
    let trigger = event.mentions.first().map(|m| m.trigger.text.as_str());
    format!(
        "{} {} {:?} → {:?} date {:?} place {:?} trigger {:?} ({}{}{}, {} mention(s))",
        event.kind,
        event.cameo,
        names(doc, &event.actor),
        names(doc, &event.recipient),
        text_date(event),
        place.map(|p| p.canonical.as_str()),
        trigger.unwrap_or(""),
        event.modality,
        if event.negated { ", negated" } else { "" },
        if event.quote.is_some() {
            ", in a quote"
        } else {
            ""
        },
        event.mentions.len()
    )
}

/// What keeps an event of an accepted type from matching the gold event.
fn event_problems(doc: &Document, event: &Event, gold: &GoldEvent) -> Vec<&'static str> {
    let mut problems = Vec::new();
    if !date_refines(text_date(event), gold.date.as_deref()) {
        problems.push("date");
    }
    if !place_matches(doc, event, gold.place.as_deref()) {
        problems.push("place");
    }
    if !roles_match(doc, event, gold) {
        problems.push("participants");
    }
    problems
}

fn miss_event(doc: &Document, gold: &GoldEvent) -> String {
    let what = format!(
        "miss event {:?} {:?} date {:?} place {:?}",
        gold.types, gold.participants, gold.date, gold.place
    );
    let candidates: Vec<String> = doc
        .events
        .iter()
        .filter(|e| type_matches(e, &gold.types))
        .map(|e| {
            let problems = event_problems(doc, e, gold).join("+");
            format!("wrong {problems}: {}", describe_event(doc, e))
        })
        .collect();
    if candidates.is_empty() {
        format!("{what}: no event of an accepted type")
    } else {
        format!("{what}: type right; {}", candidates.join("; "))
    }
}

// ---------------------------------------------------------------- the run

/// Scores of both parts, errors, and the tune part's details.
#[derive(Debug, Default)]
pub struct DispatchReport {
    pub dir: PathBuf,
    pub tune: PartScore,
    pub held_out: PartScore,
    /// Whether statement events counted as event outputs (the gold lists some).
    pub statements_counted: bool,
    /// Files that could not be scored, with the reason.
    pub errors: Vec<String>,
    /// Misses and unmatched outputs of tune files only, by file.
    pub details: Vec<(String, Vec<String>)>,
}

impl DispatchReport {
    pub fn part(&self, part: Part) -> &PartScore {
        match part {
            Part::Tune => &self.tune,
            Part::HeldOut => &self.held_out,
        }
    }

    pub fn targets_met(&self) -> bool {
        self.recall_target_met() && self.precision_target_met()
    }

    fn recall_target_met(&self) -> bool {
        self.held_out.events.gold > 0 && self.held_out.events.recall() >= TARGET_EVENT_RECALL
    }

    fn precision_target_met(&self) -> bool {
        self.held_out.events.outputs > 0
            && self.held_out.events.strict_precision() >= TARGET_EVENT_PRECISION
    }

    /// Adds one file's score to its part; its details are kept only for the tune part.
    fn add(&mut self, file: &str, part: Part, scored: FileScore) {
        match part {
            Part::Tune => {
                self.tune.add(&scored.score);
                self.details.push((file.to_string(), scored.details));
            }
            Part::HeldOut => self.held_out.add(&scored.score),
        }
    }
}

/// A dispatch to analyse: its file name, part, gold and text.
struct Pending {
    file: String,
    part: Part,
    gold: GoldDispatch,
    text: String,
}

/// Reads every dispatch the gold names and checks its gold entry; what cannot be read is
/// reported in `errors`.
fn read_dispatches(
    dir: &Path,
    gold: BTreeMap<String, serde_json::Value>,
    errors: &mut Vec<String>,
) -> Vec<Pending> {
    let mut pending = Vec::new();
    for (file, value) in gold {
        let Some(part) = Part::of(&file) else {
            errors.push(format!("{file}: not a dNN.txt name, in neither part"));
            continue;
        };
        let path = dir.join(&file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(format!("{file}: cannot read {}: {e}", path.display()));
                continue;
            }
        };
        match parse_entry(value, &text) {
            Ok(gold) => pending.push(Pending {
                file,
                part,
                gold,
                text,
            }),
            Err(reason) => errors.push(format!("{file}: {reason}")),
        }
    }
    pending
}

/// Dispatch files in `dir` the gold does not list.
fn unlisted(dir: &Path, pending: &[Pending], errors: &[String]) -> Vec<String> {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<String> = listing
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| Part::of(name).is_some())
        .filter(|name| pending.iter().all(|p| &p.file != name))
        .filter(|name| errors.iter().all(|e| !e.starts_with(&format!("{name}:"))))
        .map(|name| format!("{name}: not in gold.json, not scored"))
        .collect();
    files.sort();
    files
}

/// Analyses and scores every dispatch of `dir` (`dNN.txt` and `gold.json`).
pub fn evaluate(analyzer: &Analyzer, dir: &Path) -> anyhow::Result<DispatchReport> {
    let gold = load_gold_file(&dir.join("gold.json"))?;
    let mut report = DispatchReport {
        dir: dir.to_path_buf(),
        ..DispatchReport::default()
    };
    let pending = read_dispatches(dir, gold, &mut report.errors);
    let extra = unlisted(dir, &pending, &report.errors);
    report.errors.extend(extra);
    report.statements_counted = pending
        .iter()
        .any(|p| p.gold.events.iter().any(lists_statements));
    let inputs = pending
        .iter()
        .map(|p| {
            let source = dir.join(&p.file).display().to_string();
            let metadata = Metadata {
                source,
                ..Metadata::default()
            };
            (p.text.clone(), metadata)
        })
        .collect();
    let docs = analyzer.analyze_all(inputs);
    for (p, doc) in pending.iter().zip(&docs) {
        let scored = score_dispatch(doc, &p.gold, report.statements_counted);
        report.add(&p.file, p.part, scored);
    }
    Ok(report)
}

// ---------------------------------------------------------------- the report

fn count_with_ratio(count: usize, ratio: f64) -> String {
    format!("{count} ({ratio:.3})")
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "not met"
    }
}

impl DispatchReport {
    /// The table of both parts side by side; with `details`, the tune part's misses and
    /// unmatched outputs (never the held-out part's: they are not even kept).
    pub fn render(&self, details: bool) -> String {
        let mut out = String::new();
        self.render_header(&mut out);
        self.render_table(&mut out);
        self.render_targets(&mut out);
        self.render_errors(&mut out);
        if details {
            out.push_str(&self.render_details());
        }
        out
    }

    fn render_header(&self, out: &mut String) {
        let _ = writeln!(out, "dispatch gold: {}", self.dir.display());
        let _ = writeln!(
            out,
            "  split: tune = odd-numbered files (d01, d03, ...), held-out = even-numbered \
             (d02, d04, ...); details are shown for the tune part only"
        );
        let _ = writeln!(
            out,
            "  strict precision = outputs matching a gold fact / outputs: the gold lists only \
             facts an analyst agrees on, so it is a lower bound"
        );
        let statements = if self.statements_counted {
            "counted (the gold lists statement-type events)"
        } else {
            "not counted (the gold lists no statement-type event)"
        };
        let _ = writeln!(out, "  event outputs: statements (CAMEO 01) {statements}");
    }

    fn row(&self, out: &mut String, label: &str, cell: impl Fn(&PartScore) -> String) {
        let _ = writeln!(
            out,
            "  {label:<36} {:>14} {:>14}",
            cell(&self.tune),
            cell(&self.held_out)
        );
    }

    fn render_layer(&self, out: &mut String, name: &str, layer: fn(&PartScore) -> Layer) {
        let _ = writeln!(out, "  {name}");
        self.row(out, "  gold", |p| layer(p).gold.to_string());
        self.row(out, "  found (recall)", |p| {
            count_with_ratio(layer(p).found, layer(p).recall())
        });
        self.row(out, "  outputs", |p| layer(p).outputs.to_string());
        self.row(out, "  outputs matching a gold fact", |p| {
            layer(p).matched.to_string()
        });
        self.row(out, "  strict precision", |p| {
            format!("{:.3}", layer(p).strict_precision())
        });
    }

    fn render_table(&self, out: &mut String) {
        let _ = writeln!(out);
        let _ = writeln!(out, "  {:<36} {:>14} {:>14}", "", "tune", "held-out");
        self.row(out, "dispatches", |p| p.dispatches.to_string());
        self.row(out, "dct from the header = gold dct", |p| {
            format!("{}/{}", p.dct_ok, p.dispatches)
        });
        self.render_layer(out, "timexes", |p| p.timexes);
        self.render_layer(out, "entities", |p| p.entities);
        self.render_layer(out, "quotes", |p| p.quotes);
        let _ = writeln!(out, "  events");
        self.row(out, "  gold", |p| p.events.gold.to_string());
        self.row(out, "  found, type only (diagnostic)", |p| {
            count_with_ratio(p.events_type_only, p.events_type_only_recall())
        });
        self.row(out, "  found with roles (recall)", |p| {
            count_with_ratio(p.events.found, p.events.recall())
        });
        self.row(out, "  outputs", |p| p.events.outputs.to_string());
        self.row(out, "  outputs matching a gold fact", |p| {
            p.events.matched.to_string()
        });
        self.row(out, "  strict precision", |p| {
            format!("{:.3}", p.events.strict_precision())
        });
    }

    fn render_targets(&self, out: &mut String) {
        let events = &self.held_out.events;
        let _ = writeln!(out, "\n  targets (held-out part, reported, not enforced):");
        let _ = writeln!(
            out,
            "    events recall with roles   {:.3}  target >= {TARGET_EVENT_RECALL:.2}: {}",
            events.recall(),
            verdict(self.recall_target_met())
        );
        let _ = writeln!(
            out,
            "    events strict precision    {:.3}  target >= {TARGET_EVENT_PRECISION:.2}: {}",
            events.strict_precision(),
            verdict(self.precision_target_met())
        );
    }

    fn render_errors(&self, out: &mut String) {
        if self.errors.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n  errors (files not scored):");
        for error in &self.errors {
            let _ = writeln!(out, "    {error}");
        }
    }

    /// The tune part's misses and unmatched outputs, by file (the held-out part's are
    /// never kept).
    pub fn render_details(&self) -> String {
        let mut out = String::from("\ndetails (tune part only)\n");
        for (file, lines) in &self.details {
            let _ = writeln!(out, "  {file}");
            for line in lines {
                let _ = writeln!(out, "    {line}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
