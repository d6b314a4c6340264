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
//! Place is not part of the rule: the extractor leaves most places empty, and a place
//! stated by one report and not by another is no evidence of two events.

use crate::write::calendar_prefix;
use crate::{Result, Store};
use rusqlite::{params, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// At most this many party keys of one side of a mention are collected (the key uses
/// the first actor and the first recipient that differs from it).
const MAX_PARTIES: usize = 2;
/// Documents fused per transaction by [`Store::fuse`] and [`Store::refuse`].
const FUSE_CHUNK: i64 = 500;

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

impl Store {
    /// Fuses every stored document not fused yet (a store upgraded from schema version
    /// 2, or one whose fusion was interrupted), one transaction per chunk of documents.
    pub fn fuse(&mut self) -> Result<FuseOutcome> {
        let mut mentions = 0;
        loop {
            let tx = self.conn.transaction()?;
            let (placed, more) = fuse_some(&tx, Some(FUSE_CHUNK))?;
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
    Ok(fuse_some(tx, None)?.0)
}

/// Fuses the next documents after `through` (at most `limit` of them); returns the
/// mentions placed and whether documents remain.
fn fuse_some(tx: &Transaction<'_>, limit: Option<i64>) -> Result<(usize, bool)> {
    let through: i64 = tx.query_row("SELECT through FROM fusion_state WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    let last: Option<i64> = tx.query_row("SELECT max(pk) FROM documents", [], |r| r.get(0))?;
    let Some(last) = last.filter(|&last| last > through) else {
        return Ok((0, false));
    };
    let hi = limit.map_or(last, |n| last.min(through.saturating_add(n)));
    let placed = fuse_range(tx, through + 1, hi)?;
    tx.execute("UPDATE fusion_state SET through = ?1 WHERE id = 1", [hi])?;
    Ok((placed, hi < last))
}

/// Fuses the events of the documents with keys `lo..=hi` (none of them fused yet).
fn fuse_range(tx: &Transaction<'_>, lo: i64, hi: i64) -> Result<usize> {
    let pending = load_pending(tx, lo, hi)?;
    if pending.is_empty() {
        return Ok(0);
    }
    // Union-find over the new mentions (0..n) and the fused events they reach (n..).
    let n = pending.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut existing: Vec<String> = Vec::new();
    let mut existing_index: HashMap<String, usize> = HashMap::new();
    let mut first_with_key: HashMap<&str, usize> = HashMap::new();
    {
        let mut lookup = tx.prepare_cached(
            "SELECT DISTINCT fm.fused_id FROM fusion_keys k
             JOIN fused_mentions fm ON fm.doc = k.doc AND fm.event_idx = k.event_idx
             WHERE k.key = ?1",
        )?;
        for (i, mention) in pending.iter().enumerate() {
            for key in &mention.keys {
                if let Some(&j) = first_with_key.get(key.as_str()) {
                    union(&mut parent, i, j);
                    continue; // the earlier mention looked this key up already
                }
                first_with_key.insert(key, i);
                let ids = lookup
                    .query_map([key], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for id in ids {
                    let node = *existing_index.entry(id.clone()).or_insert_with(|| {
                        existing.push(id);
                        parent.push(parent.len());
                        parent.len() - 1
                    });
                    union(&mut parent, i, node);
                }
            }
        }
    }
    let mut insert_key = tx.prepare_cached(
        "INSERT OR IGNORE INTO fusion_keys (key, doc, event_idx) VALUES (?1, ?2, ?3)",
    )?;
    for mention in &pending {
        for key in &mention.keys {
            insert_key.execute(params![key, mention.doc, mention.idx])?;
        }
    }
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
    let mut reassign =
        tx.prepare_cached("UPDATE fused_mentions SET fused_id = ?2 WHERE fused_id = ?1")?;
    let mut drop_event = tx.prepare_cached("DELETE FROM fused_events WHERE id = ?1")?;
    let mut insert_mention = tx.prepare_cached(
        "INSERT INTO fused_mentions (doc, event_idx, fused_id, day, dated)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (mentions, merged) in components.values() {
        let id = mentions
            .iter()
            .map(|&i| pending[i].name.as_str())
            .chain(merged.iter().map(|&e| existing[e].as_str()))
            .min()
            .expect("a component has a node")
            .to_string();
        for &e in merged {
            if existing[e] != id {
                reassign.execute(params![existing[e], id])?;
            }
            drop_event.execute([&existing[e]])?;
        }
        for &i in mentions {
            let m = &pending[i];
            insert_mention.execute(params![m.doc, m.idx, id, m.day, m.dated])?;
        }
        summarise(tx, &id)?;
    }
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

fn load_pending(tx: &Transaction<'_>, lo: i64, hi: i64) -> Result<Vec<Pending>> {
    let mut entities: HashMap<(i64, String), Party> = HashMap::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT doc, entity_id, canonical, codes, country FROM entities
             WHERE doc BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query([lo, hi])?;
        while let Some(row) = rows.next()? {
            let codes: String = row.get(3)?;
            entities.insert(
                (row.get(0)?, row.get(1)?),
                Party {
                    canonical: row.get(2)?,
                    codes: serde_json::from_str(&codes).unwrap_or_default(),
                    country: row.get(4)?,
                },
            );
        }
    }
    let mut stmt = tx.prepare_cached(
        "SELECT e.doc, e.idx, e.date, e.negated, e.modality, e.json, d.id, d.dct
         FROM events e JOIN documents d ON d.pk = e.doc
         WHERE e.doc BETWEEN ?1 AND ?2 ORDER BY e.doc, e.idx",
    )?;
    let mut rows = stmt.query([lo, hi])?;
    let mut pending = Vec::new();
    while let Some(row) = rows.next()? {
        let doc: i64 = row.get(0)?;
        let idx: i64 = row.get(1)?;
        let date: Option<String> = row.get(2)?;
        let negated: bool = row.get(3)?;
        let modality: String = row.get(4)?;
        let json: String = row.get(5)?;
        let doc_id: String = row.get(6)?;
        let dct: Option<String> = row.get(7)?;
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

/// Recomputes the summary row of fused event `id` from all its mentions.
fn summarise(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT e.type, e.cameo, e.place, e.actors, e.recipients, d.id, d.agency, d.url,
                d.source, fm.day, fm.dated
         FROM fused_mentions fm
         JOIN events e ON e.doc = fm.doc AND e.idx = fm.event_idx
         JOIN documents d ON d.pk = fm.doc
         WHERE fm.fused_id = ?1",
    )?;
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
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        mentions += 1;
        types.add(row.get::<_, String>(0)?);
        cameos.add(row.get::<_, String>(1)?);
        if let Some(place) = row.get::<_, Option<String>>(2)? {
            places.add(place);
        }
        for (column, names, all) in [
            (3, &mut actor_names, &mut actors),
            (4, &mut recipient_names, &mut recipients),
        ] {
            let json: String = row.get(column)?;
            let parties: Vec<(String, Vec<String>)> =
                serde_json::from_str(&json).unwrap_or_default();
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
        articles.insert(row.get::<_, String>(5)?);
        let agency: Option<String> = row.get(6)?;
        let url: Option<String> = row.get(7)?;
        let source: String = row.get(8)?;
        sources.insert(source_name(agency.as_deref(), url.as_deref(), &source));
        if let Some(day) = row.get::<_, Option<String>>(9)? {
            if row.get::<_, bool>(10)? {
                own_days.add(day.clone());
            }
            days.add(day);
        }
    }
    drop(rows);
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
    tx.prepare_cached(
        "INSERT OR REPLACE INTO fused_events (id, type, cameo, cameo_root, date, dated, place,
             actor_key, recipient_key, actors, recipients, mentions, sources, articles)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id,
        kind,
        cameo,
        cameo_root,
        date,
        dated,
        places.most(),
        actor_names.most(),
        recipient_names.most(),
        ranked(actors),
        ranked(recipients),
        mentions as i64,
        sources.len() as i64,
        articles.len() as i64,
    ])?;
    Ok(())
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
