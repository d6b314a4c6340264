//! Event fusion: the event mentions of many documents grouped into fused events, one per
//! real-world event, with their counts of mentions, sources (agencies or sites) and
//! articles. This module owns the tables of migration 3 (`fused_events`,
//! `fused_mentions`, `fusion_keys`, `fusion_state`).
//!
//! # The rule
//!
//! Each event mention gets at most one **link key** `p|party|party|day`:
//! - *parties*: the event's actor and recipient, each by its party key: the country it
//!   belongs to (`c:RUS`), else its first actor code when that names more than a bare
//!   sector (`c:IGOUNO`), else its folded canonical name (`n:hamas`). Reports of one
//!   event alternate "Putin", "Russia", "Moscow" and "the Kremlin" for the same party, so
//!   a finer key (persons by name) kept most reports of one event apart. The pair is
//!   unordered and the key holds **no type**: reports of one event disagree about both
//!   (one says Merkel met Trump, another that Trump rebuffed Merkel, a third that
//!   Germany asked the United States), and on the crossdoc tuned part keeping the
//!   direction halved pairwise recall (0.079 to 0.045) and keeping the type halved it
//!   again (0.039), for a precision of 0.89 without either.
//! - A key needs **two parties**: the event's first actor and its first recipient that
//!   is not that actor, its primary parties (later ones are conjuncts, or a topic the
//!   extractor took for a party: "met Cavusoglu to discuss Syria"). A mention without
//!   both has no key: a one-party key ("the United States did something on 17 March")
//!   and keys of every pair of a many-party event joined unrelated reports into chains
//!   (crossdoc tuned part, the first rule, which keyed single parties, types and every
//!   pair: pairwise precision 0.51 at recall 0.04; this rule: 0.92 at 0.11, no near
//!   miss merged; no key at all for mentions of three or more parties: 0.90 at 0.085).
//! - *day*: the event's own date when it is a calendar day, else its document's dispatch
//!   date. The window for an event dated only by its dispatch is therefore the dispatch
//!   day itself: it joins the events of that day (dated or not), never the day before,
//!   because a window of two days chains the reports of a daily series of talks into
//!   one event (tuned part: a near miss merged and precision 0.89 to 0.44).
//!
//! A fused event is a connected component of the graph whose edges join mentions sharing
//! a link key. Components are a function of the set of mentions, so the same documents
//! ingested in any order, in any batches, give the same fused events; the id of a fused
//! event is the `<document id>-<event idx>` of its smallest mention (by document id, then
//! index), a function of the set too, and its summary (type, date, place, parties,
//! counts) is recomputed from all its mentions with ties broken by value. Two events
//! between the same parties on different days share no key and stay apart.
//!
//! Mentions that cannot be placed (negated, future or hypothetical, without a day or
//! without parties) get no key: each is a fused event of its own.
//!
//! # Incremental
//!
//! [`fuse_pending`] fuses the documents stored after `fusion_state.through`: their keys
//! are looked up in `fusion_keys` (index lookups, no scan of the store), the fused events
//! they reach are merged with them, and only those events' summaries are recomputed. The
//! writer calls it at the end of every batch, in the batch's transaction.
//! [`Store::refuse`] drops every fused event and fuses the whole store again.
//!
//! # Backends
//!
//! The rule ([`link_keys`], [`party_key`], [`fold`]), the union-find of connected
//! components ([`fuse_some`], [`fuse_range`]) and the summary of a fused event
//! ([`summary_of`]) are this module's, the same for every backend; a backend gives
//! them its tables through [`FusionTables`] (SQLite below, PostgreSQL in `pg/fuse.rs`),
//! inside the batch's transaction.
//!
//! Place is not part of the rule: the extractor leaves most places empty, and a place
//! stated by one report and not by another is no evidence of two events.

use crate::write::calendar_prefix;
use crate::{Result, Sqlite};
use rusqlite::{params, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// At most this many party keys of one side of a mention are collected (the key uses
/// the first actor and the first recipient that differs from it).
const MAX_PARTIES: usize = 2;
/// Documents fused per transaction by [`Store::fuse`] and [`Store::refuse`].
pub(crate) const FUSE_CHUNK: i64 = 500;

/// What a fusion run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FuseOutcome {
    /// Event mentions placed in fused events.
    pub mentions: usize,
    /// Fused events in the store afterwards.
    pub fused_events: usize,
}

/// One event mention as fusion sees it.
struct Pending {
    doc: i64,
    idx: i64,
    name: String,
    day: Option<String>,
    dated: bool,
    keys: Vec<String>,
}

/// What fusion reads and writes, inside one transaction of a backend: the tables of
/// migration 3 and the rows of `events`, `entities` and `documents` it reads. The
/// algorithm ([`fuse_some`]) is shared; a backend only runs the statements.
pub(crate) trait FusionTables {
    /// `fusion_state.through`: the documents up to this key are fused.
    fn through(&mut self) -> Result<i64>;
    fn set_through(&mut self, through: i64) -> Result<()>;
    /// The largest document key, `None` in an empty store.
    fn last_document(&mut self) -> Result<Option<i64>>;
    /// The entities of the documents with keys `lo..=hi`.
    fn entities(&mut self, lo: i64, hi: i64) -> Result<Vec<EntityRow>>;
    /// The events of the documents with keys `lo..=hi`, by document key and index.
    fn mentions(&mut self, lo: i64, hi: i64) -> Result<Vec<MentionRow>>;
    /// For each of `keys`, the fused events (ids) of the stored mentions having it.
    fn fused_ids_with_keys(&mut self, keys: &[&str]) -> Result<HashMap<String, Vec<String>>>;
    /// Adds `(key, document key, event index)` rows to `fusion_keys` (present ones kept).
    fn insert_keys(&mut self, rows: &[(&str, i64, i64)]) -> Result<()>;
    /// For each `(from, into)`: the mentions of fused event `from` move to `into` (when
    /// they differ) and the summary row of `from` is dropped.
    fn merge(&mut self, merges: &[(String, String)]) -> Result<()>;
    /// Adds rows to `fused_mentions`.
    fn insert_mentions(&mut self, rows: &[NewMention]) -> Result<()>;
    /// The rows [`summary_of`] reads, of every mention of each fused event of `ids`.
    fn summary_rows(&mut self, ids: &[String]) -> Result<Vec<(String, SummaryRow)>>;
    /// Writes (inserts or replaces) the summary rows of `fused_events`.
    fn write_summaries(&mut self, summaries: &[Summary]) -> Result<()>;
}

/// An entity row as fusion reads it.
pub(crate) struct EntityRow {
    pub doc: i64,
    pub entity_id: String,
    pub canonical: String,
    /// JSON array.
    pub codes: String,
    pub country: Option<String>,
}

/// An event row (with its document's id and dispatch date) as fusion reads it.
pub(crate) struct MentionRow {
    pub doc: i64,
    pub idx: i64,
    pub date: Option<String>,
    pub negated: bool,
    pub modality: String,
    pub json: String,
    pub doc_id: String,
    pub dct: Option<String>,
}

/// A row of `fused_mentions` to add.
pub(crate) struct NewMention {
    pub doc: i64,
    pub idx: i64,
    pub fused_id: String,
    pub day: Option<String>,
    pub dated: bool,
}

/// One mention of a fused event as its summary reads it.
pub(crate) struct SummaryRow {
    pub kind: String,
    pub cameo: String,
    pub place: Option<String>,
    /// JSON `[[canonical, [codes]], ...]`.
    pub actors: String,
    pub recipients: String,
    pub doc_id: String,
    pub agency: Option<String>,
    pub url: Option<String>,
    pub source: String,
    pub day: Option<String>,
    pub dated: bool,
}

/// The summary row of one fused event (`fused_events`).
pub(crate) struct Summary {
    pub id: String,
    pub kind: String,
    pub cameo: String,
    pub cameo_root: String,
    pub date: Option<String>,
    pub dated: bool,
    pub place: Option<String>,
    pub actor_key: Option<String>,
    pub recipient_key: Option<String>,
    pub actors: String,
    pub recipients: String,
    pub mentions: i64,
    pub sources: i64,
    pub articles: i64,
}

impl Sqlite {
    /// Fuses every stored document not fused yet (a store upgraded from schema version
    /// 2, or one whose fusion was interrupted), one transaction per chunk of documents.
    pub fn fuse(&mut self) -> Result<FuseOutcome> {
        let mut mentions = 0;
        loop {
            let tx = self.conn.transaction()?;
            let (placed, more) = fuse_some(&mut SqliteFusion(&tx), Some(FUSE_CHUNK))?;
            tx.commit()?;
            mentions += placed;
            if !more {
                break;
            }
        }
        Ok(FuseOutcome {
            mentions,
            fused_events: self.count_fused()?,
        })
    }

    /// Drops every fused event and fuses the whole store again (after a change of the
    /// rule, or to check that the stored fusion is the rule's). The result is the same as
    /// fusing the documents as they were ingested.
    pub fn refuse(&mut self) -> Result<FuseOutcome> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM fusion_keys; DELETE FROM fused_mentions; DELETE FROM fused_events;
             UPDATE fusion_state SET through = 0;",
        )?;
        tx.commit()?;
        self.fuse()
    }

    fn count_fused(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM fused_events", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

/// Fuses every document stored after `fusion_state.through`, inside `tx`.
pub(crate) fn fuse_pending(tx: &Transaction<'_>) -> Result<usize> {
    Ok(fuse_some(&mut SqliteFusion(tx), None)?.0)
}

/// Fuses the next documents after `through` (at most `limit` of them); returns the
/// mentions placed and whether documents remain.
pub(crate) fn fuse_some(db: &mut impl FusionTables, limit: Option<i64>) -> Result<(usize, bool)> {
    let through = db.through()?;
    let last = db.last_document()?;
    let Some(last) = last.filter(|&last| last > through) else {
        return Ok((0, false));
    };
    let hi = limit.map_or(last, |n| last.min(through.saturating_add(n)));
    let placed = fuse_range(db, through + 1, hi)?;
    db.set_through(hi)?;
    Ok((placed, hi < last))
}

/// Fuses the events of the documents with keys `lo..=hi` (none of them fused yet).
pub(crate) fn fuse_range(db: &mut impl FusionTables, lo: i64, hi: i64) -> Result<usize> {
    let pending = load_pending(db, lo, hi)?;
    if pending.is_empty() {
        return Ok(0);
    }
    // Every distinct key of the new mentions, looked up once (index lookups, no scan).
    let mut distinct: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for mention in &pending {
        for key in &mention.keys {
            if seen.insert(key.as_str()) {
                distinct.push(key.as_str());
            }
        }
    }
    let reached = db.fused_ids_with_keys(&distinct)?;
    // Union-find over the new mentions (0..n) and the fused events they reach (n..).
    let n = pending.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut existing: Vec<String> = Vec::new();
    let mut existing_index: HashMap<String, usize> = HashMap::new();
    let mut first_with_key: HashMap<&str, usize> = HashMap::new();
    for (i, mention) in pending.iter().enumerate() {
        for key in &mention.keys {
            if let Some(&j) = first_with_key.get(key.as_str()) {
                union(&mut parent, i, j);
                continue; // the earlier mention reached this key's events already
            }
            first_with_key.insert(key, i);
            for id in reached.get(key.as_str()).into_iter().flatten() {
                let node = *existing_index.entry(id.clone()).or_insert_with(|| {
                    existing.push(id.clone());
                    parent.push(parent.len());
                    parent.len() - 1
                });
                union(&mut parent, i, node);
            }
        }
    }
    let key_rows: Vec<(&str, i64, i64)> = pending
        .iter()
        .flat_map(|m| m.keys.iter().map(|k| (k.as_str(), m.doc, m.idx)))
        .collect();
    db.insert_keys(&key_rows)?;
    // Components: each gets the smallest id among its mentions and merged events.
    let mut components: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for node in 0..parent.len() {
        let root = find(&mut parent, node);
        let entry = components.entry(root).or_default();
        if node < n {
            entry.0.push(node);
        } else {
            entry.1.push(node - n);
        }
    }
    let mut merges: Vec<(String, String)> = Vec::new();
    let mut new_mentions: Vec<NewMention> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (mentions, merged) in components.values() {
        let id = mentions
            .iter()
            .map(|&i| pending[i].name.as_str())
            .chain(merged.iter().map(|&e| existing[e].as_str()))
            .min()
            .expect("a component has a node")
            .to_string();
        for &e in merged {
            merges.push((existing[e].clone(), id.clone()));
        }
        for &i in mentions {
            let m = &pending[i];
            new_mentions.push(NewMention {
                doc: m.doc,
                idx: m.idx,
                fused_id: id.clone(),
                day: m.day.clone(),
                dated: m.dated,
            });
        }
        ids.push(id);
    }
    db.merge(&merges)?;
    db.insert_mentions(&new_mentions)?;
    let mut rows: HashMap<String, Vec<SummaryRow>> = HashMap::new();
    for (id, row) in db.summary_rows(&ids)? {
        rows.entry(id).or_default().push(row);
    }
    let summaries: Vec<Summary> = ids
        .iter()
        .map(|id| summary_of(id, rows.remove(id).unwrap_or_default()))
        .collect();
    db.write_summaries(&summaries)?;
    Ok(n)
}

fn find(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
}

/// An entity as the key of a party.
struct Party {
    canonical: String,
    codes: Vec<String>,
    country: Option<String>,
}

#[derive(serde::Deserialize)]
struct EventParties {
    #[serde(default)]
    actor: Vec<String>,
    #[serde(default)]
    recipient: Vec<String>,
}

fn load_pending(db: &mut impl FusionTables, lo: i64, hi: i64) -> Result<Vec<Pending>> {
    let mut entities: HashMap<(i64, String), Party> = HashMap::new();
    for row in db.entities(lo, hi)? {
        entities.insert(
            (row.doc, row.entity_id),
            Party {
                canonical: row.canonical,
                codes: serde_json::from_str(&row.codes).unwrap_or_default(),
                country: row.country,
            },
        );
    }
    let mut pending = Vec::new();
    for row in db.mentions(lo, hi)? {
        let MentionRow {
            doc,
            idx,
            date,
            negated,
            modality,
            json,
            doc_id,
            dct,
        } = row;
        // The stored JSON was written by this crate; one that does not parse (hand-edited
        // database) leaves the mention on its own rather than failing the batch.
        let parties: Option<EventParties> = serde_json::from_str(&json).ok();
        let keys_of = |ids: &[String]| -> Vec<String> {
            let mut keys: Vec<String> = Vec::new();
            for id in ids {
                if let Some(party) = entities.get(&(doc, id.clone())) {
                    let key = party_key(party);
                    if !keys.contains(&key) && keys.len() < MAX_PARTIES {
                        keys.push(key);
                    }
                }
            }
            keys
        };
        let (actors, recipients) = parties
            .map(|p| (keys_of(&p.actor), keys_of(&p.recipient)))
            .unwrap_or_default();
        let own_day = date
            .as_deref()
            .and_then(calendar_prefix)
            .filter(|d| d.len() == 10)
            .map(str::to_string);
        let dated = own_day.is_some();
        let day = own_day.or(dct);
        let placeable = !negated && matches!(modality.as_str(), "asserted" | "historical");
        let keys = match (&day, placeable) {
            (Some(day), true) => link_keys(&actors, &recipients, day),
            _ => Vec::new(),
        };
        pending.push(Pending {
            doc,
            idx,
            name: format!("{doc_id}-{idx:06}"),
            day,
            dated,
            keys,
        });
    }
    Ok(pending)
}

/// A party's key: the country it belongs to (`c:RUS` for Putin, Russia, Moscow, the
/// Kremlin and the Russian army alike), else its first actor code when that names more
/// than a bare sector (`c:IGOUNO`), else its folded name (`n:hamas`).
fn party_key(party: &Party) -> String {
    if let Some(country) = party
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| c.len() == 3)
    {
        return format!("c:{}", country.to_uppercase());
    }
    if let Some(code) = party
        .codes
        .first()
        .map(|c| c.trim())
        .filter(|c| c.len() > 3)
    {
        return format!("c:{}", code.to_uppercase());
    }
    format!("n:{}", fold(&party.canonical))
}

/// The link keys of one mention (see the module documentation): none, or the one key
/// of its first actor, its first recipient that is not that actor, and its day.
pub(crate) fn link_keys(actors: &[String], recipients: &[String], day: &str) -> Vec<String> {
    let Some(actor) = actors.first() else {
        return Vec::new();
    };
    let Some(recipient) = recipients.iter().find(|r| *r != actor) else {
        return Vec::new();
    };
    let (first, second) = if recipient < actor {
        (recipient, actor)
    } else {
        (actor, recipient)
    };
    vec![format!("p|{first}|{second}|{day}")]
}

/// Lowercase, common Latin diacritics removed, runs of other characters made one space
/// (`Erdoğan` and `Erdogan` are one key; `Al-Assad` and `al Assad` too).
pub(crate) fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for ch in name.chars().flat_map(char::to_lowercase) {
        let ch = match ch {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ğ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' => 's',
            'ť' | 'ţ' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            c => c,
        };
        if ch.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        } else {
            space = true;
        }
    }
    out
}

/// The summary row of fused event `id` from all its mentions (`rows`, in any order: the
/// summary does not depend on it).
pub(crate) fn summary_of(id: &str, rows: Vec<SummaryRow>) -> Summary {
    let mut types = Tally::default();
    let mut cameos = Tally::default();
    let mut places = Tally::default();
    let mut own_days = Tally::default();
    let mut days = Tally::default();
    let mut actor_names = Tally::default();
    let mut recipient_names = Tally::default();
    let mut actors: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut recipients: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut articles = BTreeSet::new();
    let mut sources = BTreeSet::new();
    let mut mentions = 0usize;
    for row in rows {
        mentions += 1;
        types.add(row.kind);
        cameos.add(row.cameo);
        if let Some(place) = row.place {
            places.add(place);
        }
        for (json, names, all) in [
            (&row.actors, &mut actor_names, &mut actors),
            (&row.recipients, &mut recipient_names, &mut recipients),
        ] {
            let parties: Vec<(String, Vec<String>)> =
                serde_json::from_str(json).unwrap_or_default();
            for (name, codes) in parties {
                names.add(name.clone());
                // Codes of every mention of the name, sorted: not the first row's, which
                // would depend on the order the mentions were stored in.
                let entry = all.entry(name).or_default();
                entry.0 += 1;
                for code in codes {
                    if let Err(at) = entry.1.binary_search(&code) {
                        entry.1.insert(at, code);
                    }
                }
            }
        }
        articles.insert(row.doc_id);
        sources.insert(source_name(
            row.agency.as_deref(),
            row.url.as_deref(),
            &row.source,
        ));
        if let Some(day) = row.day {
            if row.dated {
                own_days.add(day.clone());
            }
            days.add(day);
        }
    }
    let kind = types.most().unwrap_or_default();
    let cameo = cameos.most().unwrap_or_default();
    let cameo_root: String = cameo.chars().take(2).collect();
    let (date, dated) = match own_days.most() {
        Some(day) => (Some(day), true),
        None => (days.most(), false),
    };
    let ranked = |all: BTreeMap<String, (usize, Vec<String>)>| {
        let mut list: Vec<(String, usize, Vec<String>)> = all
            .into_iter()
            .map(|(n, (c, codes))| (n, c, codes))
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let value: Vec<(String, Vec<String>)> = list
            .into_iter()
            .take(8)
            .map(|(name, _, codes)| (name, codes))
            .collect();
        serde_json::to_string(&value).unwrap_or_else(|_| "[]".to_string())
    };
    Summary {
        id: id.to_string(),
        kind,
        cameo,
        cameo_root,
        date,
        dated,
        place: places.most(),
        actor_key: actor_names.most(),
        recipient_key: recipient_names.most(),
        actors: ranked(actors),
        recipients: ranked(recipients),
        mentions: mentions as i64,
        sources: sources.len() as i64,
        articles: articles.len() as i64,
    }
}

/// Who published a document: the agency of its dateline, else its URL's host (without
/// `www.`), else its source.
fn source_name(agency: Option<&str>, url: Option<&str>, source: &str) -> String {
    if let Some(agency) = agency.map(str::trim).filter(|a| !a.is_empty()) {
        return agency.to_lowercase();
    }
    if let Some(url) = url {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.strip_prefix("www.").unwrap_or(host);
        if !host.is_empty() {
            return host.to_lowercase();
        }
    }
    source.to_string()
}

/// Counts of values; the most frequent wins, ties go to the smallest value.
#[derive(Default)]
struct Tally(BTreeMap<String, usize>);

impl Tally {
    fn add(&mut self, value: String) {
        *self.0.entry(value).or_default() += 1;
    }

    fn most(&self) -> Option<String> {
        let mut best: Option<(&String, usize)> = None;
        for (value, &count) in &self.0 {
            match best {
                Some((_, c)) if c >= count => {}
                _ => best = Some((value, count)),
            }
        }
        best.map(|(v, _)| v.clone())
    }
}

/// The SQLite tables of fusion, in the batch's transaction.
pub(crate) struct SqliteFusion<'a, 'c>(pub(crate) &'a Transaction<'c>);

impl FusionTables for SqliteFusion<'_, '_> {
    fn through(&mut self) -> Result<i64> {
        Ok(self
            .0
            .query_row("SELECT through FROM fusion_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    fn set_through(&mut self, through: i64) -> Result<()> {
        self.0.execute(
            "UPDATE fusion_state SET through = ?1 WHERE id = 1",
            [through],
        )?;
        Ok(())
    }

    fn last_document(&mut self) -> Result<Option<i64>> {
        Ok(self
            .0
            .query_row("SELECT max(pk) FROM documents", [], |r| r.get(0))?)
    }

    fn entities(&mut self, lo: i64, hi: i64) -> Result<Vec<EntityRow>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT doc, entity_id, canonical, codes, country FROM entities
             WHERE doc BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt
            .query_map([lo, hi], |row| {
                Ok(EntityRow {
                    doc: row.get(0)?,
                    entity_id: row.get(1)?,
                    canonical: row.get(2)?,
                    codes: row.get(3)?,
                    country: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn mentions(&mut self, lo: i64, hi: i64) -> Result<Vec<MentionRow>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT e.doc, e.idx, e.date, e.negated, e.modality, e.json, d.id, d.dct
             FROM events e JOIN documents d ON d.pk = e.doc
             WHERE e.doc BETWEEN ?1 AND ?2 ORDER BY e.doc, e.idx",
        )?;
        let rows = stmt
            .query_map([lo, hi], |row| {
                Ok(MentionRow {
                    doc: row.get(0)?,
                    idx: row.get(1)?,
                    date: row.get(2)?,
                    negated: row.get(3)?,
                    modality: row.get(4)?,
                    json: row.get(5)?,
                    doc_id: row.get(6)?,
                    dct: row.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn fused_ids_with_keys(&mut self, keys: &[&str]) -> Result<HashMap<String, Vec<String>>> {
        let mut lookup = self.0.prepare_cached(
            "SELECT DISTINCT fm.fused_id FROM fusion_keys k
             JOIN fused_mentions fm ON fm.doc = k.doc AND fm.event_idx = k.event_idx
             WHERE k.key = ?1",
        )?;
        let mut out = HashMap::new();
        for key in keys {
            let ids = lookup
                .query_map([key], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if !ids.is_empty() {
                out.insert(key.to_string(), ids);
            }
        }
        Ok(out)
    }

    fn insert_keys(&mut self, rows: &[(&str, i64, i64)]) -> Result<()> {
        let mut insert = self.0.prepare_cached(
            "INSERT OR IGNORE INTO fusion_keys (key, doc, event_idx) VALUES (?1, ?2, ?3)",
        )?;
        for (key, doc, idx) in rows {
            insert.execute(params![key, doc, idx])?;
        }
        Ok(())
    }

    fn merge(&mut self, merges: &[(String, String)]) -> Result<()> {
        let mut reassign = self
            .0
            .prepare_cached("UPDATE fused_mentions SET fused_id = ?2 WHERE fused_id = ?1")?;
        let mut drop_event = self
            .0
            .prepare_cached("DELETE FROM fused_events WHERE id = ?1")?;
        for (from, into) in merges {
            if from != into {
                reassign.execute(params![from, into])?;
            }
            drop_event.execute([from])?;
        }
        Ok(())
    }

    fn insert_mentions(&mut self, rows: &[NewMention]) -> Result<()> {
        let mut insert = self.0.prepare_cached(
            "INSERT INTO fused_mentions (doc, event_idx, fused_id, day, dated)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for m in rows {
            insert.execute(params![m.doc, m.idx, m.fused_id, m.day, m.dated])?;
        }
        Ok(())
    }

    fn summary_rows(&mut self, ids: &[String]) -> Result<Vec<(String, SummaryRow)>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT e.type, e.cameo, e.place, e.actors, e.recipients, d.id, d.agency, d.url,
                    d.source, fm.day, fm.dated
             FROM fused_mentions fm
             JOIN events e ON e.doc = fm.doc AND e.idx = fm.event_idx
             JOIN documents d ON d.pk = fm.doc
             WHERE fm.fused_id = ?1",
        )?;
        let mut out = Vec::new();
        for id in ids {
            let rows = stmt
                .query_map([id], |row| {
                    Ok(SummaryRow {
                        kind: row.get(0)?,
                        cameo: row.get(1)?,
                        place: row.get(2)?,
                        actors: row.get(3)?,
                        recipients: row.get(4)?,
                        doc_id: row.get(5)?,
                        agency: row.get(6)?,
                        url: row.get(7)?,
                        source: row.get(8)?,
                        day: row.get(9)?,
                        dated: row.get(10)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.extend(rows.into_iter().map(|row| (id.clone(), row)));
        }
        Ok(out)
    }

    fn write_summaries(&mut self, summaries: &[Summary]) -> Result<()> {
        let mut stmt = self.0.prepare_cached(
            "INSERT OR REPLACE INTO fused_events (id, type, cameo, cameo_root, date, dated,
                 place, actor_key, recipient_key, actors, recipients, mentions, sources,
                 articles)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for s in summaries {
            stmt.execute(params![
                s.id,
                s.kind,
                s.cameo,
                s.cameo_root,
                s.date,
                s.dated,
                s.place,
                s.actor_key,
                s.recipient_key,
                s.actors,
                s.recipients,
                s.mentions,
                s.sources,
                s.articles,
            ])?;
        }
        Ok(())
    }
}
