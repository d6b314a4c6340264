//! PLOVER JSON records, one per stored event, with the data fields of the PLOVER manual
//! (draft 2.0 of 4 February 2024, chapter 6), one JSON object a line.
//!
//! Fields (the manual's names in camel case, its Table 6.1 and the objects of 6.2-6.6):
//! - `id` (`<document id>-<event id>`), `date` (`YYYY-MM-DD`, by [`crate::event_day`]),
//!   `actor` and `recipient` (lists of entity objects: `code`, the three-letter country
//!   or international-actor code, ISO 3166 or Table 5.1 (`IGO`, `UNO`, `EUR`, `NGO`,
//!   `IMG`, `MNC`, Kosovo `KOS`); `sector` and `otherSectors` (PLOVER's Table 5.2: CAMEO
//!   `MED` media becomes `JRN`, `HLH` health becomes `MED`; `data/export/plover_sectors.tsv`);
//!   `entityText` as written, `identifierText` the canonical name, `religion`, `office`),
//!   `event` (the list of event categories), `mode` and `context` (lists; contexts from
//!   CAMEO2PLOVER, `data/export/cameo_context.tsv`), `eventLoc` (the location object:
//!   `extractedPlace`, `resolvedPlace`, `geonameid`, `lat`, `lon`, `city`, `province`,
//!   `country`, `countryCode`, `featureClass`, `featureCode`, `resolution`),
//!   `eventText` (the triggers), `quadCode`, `eventScale` (Goldstein), `link` (the fused
//!   event id: every mention of one real-world event shares it), `text` (the sentence),
//!   `textInfo` (`sequence`, character `start`/`end`, and `byteStart`/`byteEnd`),
//!   `citeInfo` (`citation`, `url` (a web address, never a local path), `title`,
//!   `language`, `publication` (the agency or the site), `coder`, `codebook`,
//!   `version`), `coder`, `codedDate`;
//! - annalist's own, beside them: `cameo`, `negated`, `modality`, `confidence`,
//!   `dateSource` (`text`, `dispatch` or `coarse`), `timex` (the date as the text gives
//!   it), `documentId`.

use crate::reference::{actor_code, entity_country, is_cameo_code, locate, Reference, Role};
use crate::{event_day, source_name, web_url, DaySource, Result, VERSION};
use annalist_core::{Document, Entity, Event};
use annalist_store::export_read::ExportDocument;
use annalist_store::Store;
use serde_json::{json, Map, Value};
use std::io::Write;

/// The PLOVER codebook the records follow.
pub const CODEBOOK: &str = "plover-2.0-draft-2024-02-04";

/// The fields of the manual's Table 6.1 that every record carries (`recipient`, `mode`,
/// `context` may be empty lists).
pub const REQUIRED: [&str; 5] = ["id", "date", "actor", "event", "citeInfo"];

/// How to write the records.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Leave out events the text dates only coarser than a day.
    pub skip_coarse_dates: bool,
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub records: usize,
    pub skipped: usize,
}

/// Writes a PLOVER record per stored event, one JSON object a line.
pub fn write(store: &Store, out: &mut impl Write, options: Options) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for page in store.export_pages() {
        for item in page? {
            for idx in 0..item.doc.events.len() {
                match record(&item, idx, options) {
                    Some(value) => {
                        serde_json::to_writer(&mut *out, &value).map_err(std::io::Error::from)?;
                        out.write_all(b"\n")?;
                        outcome.records += 1;
                    }
                    None => outcome.skipped += 1,
                }
            }
        }
    }
    out.flush()?;
    Ok(outcome)
}

/// The PLOVER record of event `idx` of a stored document; `None` when it has no day (or
/// only a coarse one and `options` leave those out).
pub fn record(item: &ExportDocument, idx: usize, options: Options) -> Option<Value> {
    let doc = &item.doc;
    let event = doc.events.get(idx)?;
    let (day, source) = event_day(event, doc.dct)?;
    if options.skip_coarse_dates && source == DaySource::Coarse {
        return None;
    }
    let reference = Reference::get();
    let mut r = Map::new();
    r.insert("id".into(), json!(format!("{}-{}", doc.id, event.id)));
    r.insert("date".into(), json!(day.to_string()));
    r.insert("actor".into(), parties(doc, &event.actor));
    r.insert("recipient".into(), parties(doc, &event.recipient));
    r.insert("event".into(), json!([event.kind]));
    r.insert(
        "mode".into(),
        json!(event
            .mode
            .iter()
            .filter(|m| !m.is_empty())
            .collect::<Vec<_>>()),
    );
    r.insert("context".into(), json!(reference.contexts(&event.cameo)));
    if let Some(place) = event.place.as_deref().and_then(|id| doc.entity(id)) {
        if let Some(loc) = location(doc, event, place) {
            r.insert("eventLoc".into(), loc);
        }
    }
    r.insert(
        "eventText".into(),
        json!(event
            .mentions
            .iter()
            .map(|m| m.trigger.text.as_str())
            .collect::<Vec<_>>()),
    );
    if let Some(q) = event.quad_class {
        r.insert("quadCode".into(), json!(q));
    }
    if let Some(g) = event.goldstein {
        // f32 → f64 without the binary noise (-9.2, not -9.199999809265137).
        r.insert(
            "eventScale".into(),
            json!((f64::from(g) * 10.0).round() / 10.0),
        );
    }
    if let Some(Some(fused)) = item.fused.get(idx) {
        r.insert("link".into(), json!(fused.id));
    }
    let sentence = event
        .mentions
        .first()
        .and_then(|m| doc.sentence_at(m.trigger.span.start))
        .and_then(|i| doc.sentences.get(i).map(|s| (i, s.span)));
    if let Some((sequence, span)) = sentence {
        let chars = |b: usize| doc.text.get(..b).map_or(0, |t| t.chars().count());
        r.insert("text".into(), json!(doc.slice(span)));
        r.insert(
            "textInfo".into(),
            json!({
                "sequence": sequence,
                "start": chars(span.start),
                "end": chars(span.end),
                "byteStart": span.start,
                "byteEnd": span.end,
            }),
        );
    }
    let mut cite = Map::new();
    cite.insert(
        "citation".into(),
        json!(doc.external_id.clone().unwrap_or_else(|| doc.id.clone())),
    );
    if let Some(url) = web_url(doc.url.as_deref()) {
        cite.insert("url".into(), json!(url));
    }
    if let Some(title) = &doc.title {
        cite.insert("title".into(), json!(title));
    }
    if let Some(language) = Some(doc.language.as_str()).filter(|l| l.len() == 2) {
        cite.insert("language".into(), json!(language));
    }
    if let Some(publication) = source_name(doc) {
        cite.insert("publication".into(), json!(publication));
    }
    cite.insert("coder".into(), json!(format!("annalist {VERSION}")));
    cite.insert("codebook".into(), json!(CODEBOOK));
    cite.insert("version".into(), json!(format!("annalist-{VERSION}")));
    r.insert("citeInfo".into(), Value::Object(cite));
    r.insert("coder".into(), json!(format!("annalist {VERSION}")));
    if let Some(coded) = item.ingested_at.get(..10) {
        r.insert("codedDate".into(), json!(coded));
    }
    r.insert("cameo".into(), json!(event.cameo));
    r.insert("negated".into(), json!(event.negated));
    r.insert("modality".into(), json!(event.modality));
    r.insert(
        "confidence".into(),
        json!((f64::from(event.confidence) * 1000.0).round() / 1000.0),
    );
    r.insert("dateSource".into(), json!(source.as_str()));
    if let Some(timex) = event
        .date
        .as_deref()
        .filter(|_| event.date_source.as_deref() != Some("dispatch"))
    {
        r.insert("timex".into(), json!(timex));
    }
    r.insert("documentId".into(), json!(doc.id));
    Some(Value::Object(r))
}

fn parties(doc: &Document, ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|id| party(doc, id)).collect())
}

/// A PLOVER entity object (manual Table 6.2).
fn party(doc: &Document, id: &str) -> Value {
    let Some(e) = doc.entity(id) else {
        return json!({ "entity": id });
    };
    let reference = Reference::get();
    let mut v = Map::new();
    let code = actor_code(e);
    let mut top: Option<String> = None;
    let mut sectors: Vec<String> = Vec::new();
    let mut religions: Vec<String> = Vec::new();
    if let Some(code) = code.as_deref().filter(|c| is_cameo_code(c)) {
        let elements: Vec<&str> = (0..code.len() / 3)
            .filter_map(|i| code.get(i * 3..i * 3 + 3))
            .collect();
        for (i, element) in elements.iter().enumerate() {
            if i == 0 {
                if let Some(country) = reference.country_of_cameo(element) {
                    top = Some(plover_country(&country.iso3));
                    continue;
                }
            }
            match reference.element(element) {
                Some((Role::Country, plover)) => {
                    // `IGOUNO` is the UN (`UNO`), `IGOEUREEC` the EU (`EUR`).
                    top = Some(
                        top.take()
                            .filter(|t| t != "IGO")
                            .unwrap_or_else(|| plover.to_string()),
                    );
                }
                Some((Role::Sector, plover)) => {
                    sectors.push(plover.to_string());
                }
                Some((Role::Religion, plover)) => religions.push(plover.to_string()),
                _ => {}
            }
        }
    }
    // One sector once (CAMEO's INS and SEP are both PLOVER's REB).
    let mut seen = Vec::new();
    sectors.retain(|s| {
        let new = !seen.contains(s);
        seen.push(s.clone());
        new
    });
    if top.is_none() {
        top = entity_country(e).map(|iso3| plover_country(&iso3));
    }
    if let Some(top) = top {
        v.insert("code".into(), json!(top));
    }
    let mut sectors = sectors.into_iter();
    if let Some(first) = sectors.next() {
        v.insert("sector".into(), json!(first));
    }
    let others: Vec<String> = sectors.collect();
    if !others.is_empty() {
        v.insert("otherSectors".into(), json!(others));
    }
    let written = e
        .mentions
        .first()
        .map_or(e.canonical.as_str(), |m| m.text.as_str());
    v.insert("entityText".into(), json!(written));
    v.insert("identifierText".into(), json!(e.canonical));
    if let Some(religion) = religions.first() {
        v.insert("religion".into(), json!(religion));
    }
    if let Some(role) = &e.role {
        v.insert("office".into(), json!(role));
    }
    if let Some(code) = code {
        v.insert("cameo".into(), json!(code));
    }
    v.insert("entity".into(), json!(e.id));
    Value::Object(v)
}

/// PLOVER's code of a country: its ISO 3166 alpha-3 code, `KOS` for Kosovo (manual 5.1).
fn plover_country(iso3: &str) -> String {
    match iso3 {
        "XKX" => "KOS".to_string(),
        other => other.to_string(),
    }
}

/// The location object of an event's place (manual Table 6.6).
fn location(doc: &Document, event: &Event, place: &Entity) -> Option<Value> {
    let reference = Reference::get();
    let mut loc = Map::new();
    let extracted = place
        .mentions
        .iter()
        .find(|m| event.mentions.iter().any(|em| em.span.contains(m.span)))
        .or(place.mentions.first())
        .map_or(place.canonical.as_str(), |m| m.text.as_str());
    loc.insert("extractedPlace".into(), json!(extracted));
    loc.insert("resolvedPlace".into(), json!(place.canonical));
    let located = locate(place);
    if let Some(id) = place.geo.as_ref().and_then(|g| g.geonames_id) {
        loc.insert("geonameid".into(), json!(id));
    }
    if let Some(l) = &located {
        loc.insert("lat".into(), json!(l.lat));
        loc.insert("lon".into(), json!(l.lon));
        match l.kind.feature.as_str() {
            "city" | "capital" => {
                loc.insert("city".into(), json!(place.canonical));
            }
            "admin" => {
                loc.insert("province".into(), json!(place.canonical));
            }
            _ => {}
        }
        if let Some(adm1) = l.adm1 {
            loc.insert("admin1Code".into(), json!(adm1));
        }
        if let Some(class) = &l.kind.feature_class {
            loc.insert("featureClass".into(), json!(class));
        }
        if let Some(code) = &l.kind.feature_code {
            loc.insert("featureCode".into(), json!(code));
        }
        if let Some(resolution) = l.kind.resolution {
            loc.insert("resolution".into(), json!(resolution));
        }
    }
    let country = entity_country(place).and_then(|iso3| reference.country(&iso3));
    if let Some(country) = country {
        loc.insert("country".into(), json!(country.name));
        loc.insert("countryCode".into(), json!(plover_country(&country.iso3)));
    }
    let _ = doc;
    Some(Value::Object(loc))
}
