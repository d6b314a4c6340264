//! Event exports: a row of the GDELT 2.0 event table and a PLOVER JSON record.
//!
//! GDELT rows have the 61 tab-separated columns of the GDELT 2.0 event codebook; the
//! fields annalist knows are filled (ids, dates, actor codes, names and countries, CAMEO
//! codes, QuadClass, Goldstein, mention counts, action geography, source) and the rest
//! are empty. Actor and place names come from the document's entities.

use annalist_core::{Document, Entity, EntityKind, Event};
use serde_json::{json, Value};

/// Number of columns of the GDELT 2.0 event table.
pub const GDELT_COLUMNS: usize = 61;

/// GDELT 2.0 event table column names, in order.
pub const GDELT_HEADER: [&str; GDELT_COLUMNS] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// A field without tabs or line breaks.
fn clean(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A numeric id stable for one event of one document (FNV-1a, 15 digits).
pub fn global_event_id(doc: &Document, event: &Event) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in doc.id.bytes().chain([0]).chain(event.id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash % 1_000_000_000_000_000
}

/// The actor code of an entity: its first code, else its country.
pub fn actor_code(entity: &Entity) -> String {
    entity
        .codes
        .first()
        .cloned()
        .or_else(|| entity.country.clone())
        .unwrap_or_default()
}

/// The three-letter country of an entity's actor code.
pub fn country_code(entity: &Entity) -> String {
    if entity.kind == EntityKind::Country {
        return entity
            .codes
            .first()
            .and_then(|c| c.get(..3))
            .map(str::to_string)
            .or_else(|| entity.country.clone())
            .unwrap_or_default();
    }
    entity
        .country
        .clone()
        .or_else(|| {
            entity
                .codes
                .first()
                .filter(|c| c.len() >= 6)
                .and_then(|c| c.get(..3))
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// The event's day as `YYYYMMDD`: its own date when it is a day, else the dispatch date.
fn event_day(doc: &Document, event: &Event) -> Option<String> {
    let own = event
        .date
        .as_deref()
        .filter(|d| d.len() >= 10 && d.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .map(|d| d.get(..10).unwrap_or(d).replace('-', ""));
    own.or_else(|| doc.dct.map(|d| d.to_string().replace('-', "")))
}

fn geo_fields(place: Option<&Entity>) -> [String; 8] {
    let Some(p) = place else {
        return Default::default();
    };
    let geo_type = if p.kind == EntityKind::Country {
        "1"
    } else {
        "4"
    };
    let (lat, lon, feature) = p.geo.as_ref().map_or_else(Default::default, |g| {
        (
            g.lat.to_string(),
            g.lon.to_string(),
            g.geonames_id.map(|x| x.to_string()).unwrap_or_default(),
        )
    });
    [
        geo_type.to_string(),
        clean(&p.canonical),
        country_code(p),
        String::new(),
        String::new(),
        lat,
        lon,
        feature,
    ]
}

fn actor_fields(doc: &Document, ids: &[String]) -> [String; 10] {
    let Some(entity) = ids.first().and_then(|id| doc.entity(id)) else {
        return Default::default();
    };
    let code = actor_code(entity);
    let sector = code.get(3..6).unwrap_or("").to_string();
    let mut out: [String; 10] = Default::default();
    out[0] = clean(&code);
    out[1] = clean(&entity.canonical.to_uppercase());
    out[2] = country_code(entity);
    out[7] = sector;
    out
}

/// One row of the GDELT 2.0 event table (61 tab-separated columns, no line break).
pub fn gdelt_row(doc: &Document, event: &Event) -> String {
    let mut cols: Vec<String> = vec![String::new(); GDELT_COLUMNS];
    cols[0] = global_event_id(doc, event).to_string();
    if let Some(day) = event_day(doc, event) {
        cols[2] = day.get(..6).unwrap_or("").to_string();
        cols[3] = day.get(..4).unwrap_or("").to_string();
        if let (Ok(y), Ok(m), Ok(d)) = (
            day.get(..4).unwrap_or("").parse::<f64>(),
            day.get(4..6).unwrap_or("").parse::<f64>(),
            day.get(6..8).unwrap_or("").parse::<f64>(),
        ) {
            cols[4] = format!("{:.4}", y + ((m - 1.0) * 30.0 + d) / 365.0);
        }
        cols[1] = day;
    }
    for (k, v) in actor_fields(doc, &event.actor).into_iter().enumerate() {
        cols[5 + k] = v;
    }
    for (k, v) in actor_fields(doc, &event.recipient).into_iter().enumerate() {
        cols[15 + k] = v;
    }
    let first_sentence = doc
        .sentences
        .iter()
        .find(|s| {
            doc.dateline
                .as_ref()
                .is_none_or(|d| !d.span.overlaps(s.span))
        })
        .map(|s| s.span);
    let root = event
        .mentions
        .iter()
        .any(|m| first_sentence.is_some_and(|s| s.overlaps(m.span)));
    cols[25] = if root { "1" } else { "0" }.to_string();
    cols[26] = event.cameo.clone();
    cols[27] = event.cameo.get(..3).unwrap_or(&event.cameo).to_string();
    cols[28] = event.cameo.get(..2).unwrap_or(&event.cameo).to_string();
    cols[29] = event.quad_class.map(|q| q.to_string()).unwrap_or_default();
    cols[30] = event
        .goldstein
        .map(|g| format!("{g:.1}"))
        .unwrap_or_default();
    cols[31] = event.mentions.len().to_string();
    cols[32] = "1".to_string();
    cols[33] = "1".to_string();
    let geo_of = |ids: &[String]| {
        ids.first().and_then(|id| doc.entity(id)).filter(|e| {
            matches!(e.kind, EntityKind::Place | EntityKind::Country) && e.geo.is_some()
        })
    };
    for (k, v) in geo_fields(geo_of(&event.actor)).into_iter().enumerate() {
        cols[35 + k] = v;
    }
    for (k, v) in geo_fields(geo_of(&event.recipient)).into_iter().enumerate() {
        cols[43 + k] = v;
    }
    let place = event.place.as_deref().and_then(|id| doc.entity(id));
    for (k, v) in geo_fields(place).into_iter().enumerate() {
        cols[51 + k] = v;
    }
    cols[59] = doc
        .dct
        .map(|d| format!("{}000000", d.to_string().replace('-', "")))
        .unwrap_or_default();
    cols[60] = clean(doc.url.as_deref().unwrap_or(&doc.source));
    cols.join("\t")
}

fn plover_actor(doc: &Document, id: &str) -> Value {
    let Some(e) = doc.entity(id) else {
        return json!({ "entity": id });
    };
    let code = actor_code(e);
    let country = country_code(e);
    let mut v = json!({
        "actorText": e.canonical,
        "entity": e.id,
        "code": if country.is_empty() { code.clone() } else { country },
    });
    if code.len() >= 6 {
        v["sector"] = json!(code.get(3..6).unwrap_or(""));
    } else if e.kind == EntityKind::Group && !code.is_empty() {
        v["sector"] = json!(code);
    }
    v
}

/// The PLOVER JSON record of an event (fields as in the PLOVER gold standard records,
/// plus the CAMEO code, Goldstein score, QuadClass and spans).
pub fn plover_record(doc: &Document, event: &Event) -> Value {
    let sentence = event
        .mentions
        .first()
        .and_then(|m| doc.sentence_at(m.trigger.span.start))
        .and_then(|s| doc.sentences.get(s))
        .map(|s| doc.slice(s.span).to_string())
        .unwrap_or_default();
    let event_text: Vec<&str> = event
        .mentions
        .iter()
        .map(|m| m.trigger.text.as_str())
        .collect();
    let mut record = json!({
        "id": format!("{}-{}", doc.id, event.id),
        "date": event.date.clone().or_else(|| doc.dct.map(|d| d.to_string())),
        "source": event.actor.iter().map(|id| plover_actor(doc, id)).collect::<Vec<_>>(),
        "target": event.recipient.iter().map(|id| plover_actor(doc, id)).collect::<Vec<_>>(),
        "event": event.kind,
        "mode": event.mode.clone().unwrap_or_default(),
        "context": "",
        "eventText": event_text.join(" ... "),
        "text": sentence,
        "cameo": event.cameo,
        // f32 → f64 without the binary noise (-9.2, not -9.199999809265137).
        "goldstein": event.goldstein.map(|g| (f64::from(g) * 10.0).round() / 10.0),
        "quadClass": event.quad_class,
        "negated": event.negated,
        "modality": event.modality,
        "mentions": event.mentions.iter().map(|m| json!({"span": m.span, "trigger": m.trigger.span})).collect::<Vec<_>>(),
        "language": doc.language,
        "publication": doc.agency.clone().unwrap_or_else(|| doc.source.clone()),
        "url": doc.url,
        "documentId": doc.id,
    });
    if let Some(place) = event.place.as_deref().and_then(|id| doc.entity(id)) {
        let mut loc =
            json!({ "name": place.canonical, "entity": place.id, "country": country_code(place) });
        if let Some(g) = &place.geo {
            loc["lat"] = json!(g.lat);
            loc["lon"] = json!(g.lon);
        }
        record["eventLoc"] = loc;
    }
    record
}
