//! The GDELT 2.0 event table: one row per fused event (a real-world event and all its
//! mentions), 61 tab-separated columns with the types and domains of the GDELT 2.0 Event
//! Codebook.
//!
//! What each column holds:
//! - `GlobalEventID`: a stable 53-bit integer of the fused event's id (the same store, or
//!   the same documents in another store, give the same id);
//! - `Day`/`MonthYear`/`Year`/`FractionDate`: the day of [`crate::event_day`] (a day the
//!   text states; else the dispatch date; a coarser date by its rule, or left out with
//!   [`Options::skip_coarse_dates`]); `FractionDate` is `YYYY + ((MM - 1) * 30 + DD) /
//!   365` to four places, as GDELT's files compute it;
//! - actors: the fused event's most mentioned actor and recipient: the CAMEO code, the
//!   name in capitals, the CAMEO country, known group, religion and up to three type
//!   codes cut from the code; ethnic codes are empty (annalist has none);
//! - `IsRootEvent`: 1 when the first mention is in the dispatch's lead sentence;
//! - `EventCode`/`EventBaseCode`/`EventRootCode`: the fused event's CAMEO code at the
//!   precision the lexicon has, its first three and two digits; `QuadClass` from the root;
//!   `GoldsteinScale` from `data/events/cameo.tsv`;
//! - `NumMentions`/`NumSources`/`NumArticles`: the fused event's counts;
//! - `AvgTone`: empty (annalist measures no tone; a zero would read as neutral);
//! - geography (actors' when the actor is a place, the event's place for `ActionGeo`):
//!   typed 1 country, 2 US state, 3 US city, 4 world city, 5 first-order division outside
//!   the US (`data/export/geo_types.tsv`), only with coordinates; FIPS 10-4 country
//!   codes (`data/export/fips10_4.tsv`); the ADM1 code where known (`adm1.tsv`; for a
//!   country, its FIPS code as GDELT writes it); ADM2 empty; `FeatureID` the FIPS code of
//!   a country, the postal code of a US state, else the GeoNames id (GDELT's own are GNS
//!   ids: do not join the two);
//! - `DATEADDED`: when the fused event was first stored, `YYYYMMDDHHMMSS` UTC;
//! - `SOURCEURL`: the first web address among its documents; empty when none has one
//!   (never a local path).

use crate::reference::{actor_code, is_cameo_code, locate, stable_id, ActorCode, Reference};
use crate::{event_day, web_url, DaySource, Result};
use annalist_core::{Date, Document, Entity};
use annalist_store::export_read::ExportDocument;
use annalist_store::FusedEvent;
use annalist_store::Store;
use std::io::Write;

/// Number of columns of the GDELT 2.0 event table.
pub const COLUMNS: usize = 61;

/// The column names of the GDELT 2.0 Event Codebook, in order.
pub const HEADER: [&str; COLUMNS] = [
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

/// The column names of GDELT's BigQuery table (`gdeltv2.events`): the codebook's but
/// `GLOBALEVENTID` and `SQLDATE`.
pub fn bigquery_header() -> [&'static str; COLUMNS] {
    let mut names = HEADER;
    names[0] = "GLOBALEVENTID";
    names[1] = "SQLDATE";
    names
}

/// How to write the table.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Start with a line of column names (GDELT's own files have none).
    pub header: bool,
    /// Name the columns as GDELT's BigQuery table does.
    pub bigquery_names: bool,
    /// Leave out events the text dates only coarser than a day.
    pub skip_coarse_dates: bool,
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub rows: usize,
    /// Fused events left out: dated coarser than a day (with `skip_coarse_dates`) or
    /// with no day at all.
    pub skipped: usize,
}

/// A field without tabs or line breaks.
fn clean(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Writes the GDELT table of every fused event of the store.
pub fn write(store: &Store, out: &mut impl Write, options: Options) -> Result<Outcome> {
    if options.header {
        let names = if options.bigquery_names {
            bigquery_header()
        } else {
            HEADER
        };
        writeln!(out, "{}", names.join("\t"))?;
    }
    let mut outcome = Outcome::default();
    for page in store.export_pages() {
        for item in page? {
            for (idx, fused) in item.fused.iter().enumerate() {
                let Some(fused) = fused else { continue };
                // One row per fused event: written at its representative (smallest)
                // mention.
                if fused.id != format!("{}-{idx:06}", item.doc.id) {
                    continue;
                }
                match row(store, &item, idx, fused, options)? {
                    Some(cols) => {
                        writeln!(out, "{}", cols.join("\t"))?;
                        outcome.rows += 1;
                    }
                    None => outcome.skipped += 1,
                }
            }
        }
    }
    out.flush()?;
    Ok(outcome)
}

/// The day of a fused event: the day its mentions state, else its representative
/// mention's day by [`event_day`].
fn fused_day(
    doc: &Document,
    event: &annalist_core::Event,
    fused: &FusedEvent,
) -> Option<(Date, DaySource)> {
    if fused.dated {
        if let Some(day) = fused.date.as_deref().and_then(Date::parse) {
            return Some((day, DaySource::Text));
        }
    }
    event_day(event, doc.dct)
}

fn row(
    store: &Store,
    item: &ExportDocument,
    idx: usize,
    fused: &FusedEvent,
    options: Options,
) -> Result<Option<Vec<String>>> {
    let doc = &item.doc;
    let Some(event) = doc.events.get(idx) else {
        return Ok(None);
    };
    let Some((day, source)) = fused_day(doc, event, fused) else {
        return Ok(None);
    };
    if options.skip_coarse_dates && source == DaySource::Coarse {
        return Ok(None);
    }
    let reference = Reference::get();
    let mut cols: Vec<String> = vec![String::new(); COLUMNS];
    cols[0] = stable_id(&fused.id).to_string();
    let (y, m, d) = (day.year(), day.month(), day.day());
    cols[1] = format!("{y:04}{m:02}{d:02}");
    cols[2] = format!("{y:04}{m:02}");
    cols[3] = format!("{y:04}");
    let fraction = f64::from(y) + (f64::from(m - 1) * 30.0 + f64::from(d)) / 365.0;
    cols[4] = format!("{fraction:.4}");
    let actor = party(doc, &event.actor, &fused.actors);
    let recipient = party(doc, &event.recipient, &fused.recipients);
    actor_columns(&mut cols[5..15], &actor);
    actor_columns(&mut cols[15..25], &recipient);
    cols[25] = if is_root(doc, event) { "1" } else { "0" }.to_string();
    let cameo = if fused.cameo.is_empty() {
        event.cameo.clone()
    } else {
        fused.cameo.clone()
    };
    cols[26] = cameo.clone();
    cols[27] = cameo.get(..3).unwrap_or(&cameo).to_string();
    let root = cameo.get(..2).unwrap_or(&cameo).to_string();
    cols[29] = match root.parse::<u8>() {
        Ok(1..=5) => "1",
        Ok(6..=8) => "2",
        Ok(9..=13) => "3",
        Ok(14..=20) => "4",
        _ => "",
    }
    .to_string();
    cols[28] = root;
    cols[30] = reference
        .goldstein(&cameo)
        .map(|g| format!("{g:.1}"))
        .unwrap_or_default();
    cols[31] = fused.mentions.max(1).to_string();
    cols[32] = fused.sources.max(1).to_string();
    cols[33] = fused.articles.max(1).to_string();
    geo_columns(&mut cols[35..43], actor.entity);
    geo_columns(&mut cols[43..51], recipient.entity);
    let place = event.place.as_deref().and_then(|id| doc.entity(id));
    geo_columns(&mut cols[51..59], place);
    let seen = store.fused_first_seen(&fused.id)?;
    let added = seen.ingested_at.as_deref().unwrap_or(&item.ingested_at);
    cols[59] = added
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    cols[60] = seen
        .url
        .as_deref()
        .or_else(|| web_url(doc.url.as_deref()))
        .map(clean)
        .unwrap_or_default();
    Ok(Some(cols))
}

/// An event party: the fused event's most mentioned party that has an actor code (else
/// its most mentioned party), and the entity of this mention that is it (for its country
/// and geography).
struct Party<'d> {
    name: Option<String>,
    code: Option<String>,
    entity: Option<&'d Entity>,
}

fn party<'d>(doc: &'d Document, ids: &[String], fused: &[(String, Vec<String>)]) -> Party<'d> {
    let entities: Vec<&Entity> = ids.iter().filter_map(|id| doc.entity(id)).collect();
    let entity_of = |name: &str| entities.iter().find(|e| e.canonical == name).copied();
    let coded = |(name, codes): &(String, Vec<String>)| {
        codes
            .iter()
            .find(|c| is_cameo_code(c))
            .cloned()
            .or_else(|| entity_of(name).and_then(actor_code))
    };
    let chosen = fused.iter().find(|p| coded(p).is_some()).or(fused.first());
    match chosen {
        Some(p) => Party {
            name: Some(p.0.clone()),
            code: coded(p),
            entity: entity_of(&p.0),
        },
        None => {
            let entity = entities.first().copied();
            Party {
                name: entity.map(|e| e.canonical.clone()),
                code: entity.and_then(actor_code),
                entity,
            }
        }
    }
}

fn actor_columns(cols: &mut [String], party: &Party<'_>) {
    let Some(name) = &party.name else { return };
    cols[1] = clean(&name.to_uppercase());
    let parts = party.code.as_deref().and_then(ActorCode::parse);
    if let Some(parts) = &parts {
        cols[0] = parts.code.clone();
        cols[2] = parts.country.clone().unwrap_or_default();
        cols[3] = parts.known_group.clone().unwrap_or_default();
        for (k, religion) in parts.religions.iter().take(2).enumerate() {
            cols[5 + k] = religion.clone();
        }
        for (k, kind) in parts.types.iter().take(3).enumerate() {
            cols[7 + k] = kind.clone();
        }
    }
    if cols[2].is_empty() && parts.as_ref().is_none_or(|p| p.international.is_none()) {
        if let Some(country) = party
            .entity
            .and_then(|e| e.country.as_deref())
            .and_then(|iso3| Reference::get().country(iso3))
        {
            cols[2] = country.cameo.clone();
        }
    }
}

fn geo_columns(cols: &mut [String], entity: Option<&Entity>) {
    let Some(place) = entity.and_then(locate) else {
        return;
    };
    let Some(kind) = place.gdelt_type else { return };
    let country = place.country;
    let fips = country.and_then(|c| c.fips.clone()).unwrap_or_default();
    cols[0] = kind.to_string();
    let country_name = country.map(|c| c.name.as_str()).unwrap_or("");
    cols[1] = clean(&match kind {
        1 => country_name.to_string(),
        _ if country_name.is_empty() || place.entity.canonical == country_name => {
            place.entity.canonical.clone()
        }
        _ => format!("{}, {country_name}", place.entity.canonical),
    });
    cols[2] = fips.clone();
    cols[3] = match kind {
        1 => fips.clone(),
        _ => place.adm1.unwrap_or("").to_string(),
    };
    cols[5] = format!("{:.4}", place.lat);
    cols[6] = format!("{:.4}", place.lon);
    cols[7] = match kind {
        1 => fips,
        2 => place
            .adm1
            .and_then(|a| a.get(2..))
            .unwrap_or("")
            .to_string(),
        _ => place
            .entity
            .geo
            .as_ref()
            .and_then(|g| g.geonames_id)
            .map(|id| id.to_string())
            .unwrap_or_default(),
    };
}

/// Whether an event is reported in the dispatch's lead sentence (the first one after the
/// dateline).
fn is_root(doc: &Document, event: &annalist_core::Event) -> bool {
    let lead = doc
        .sentences
        .iter()
        .find(|s| {
            doc.dateline
                .as_ref()
                .is_none_or(|d| !d.span.contains(s.span))
        })
        .map(|s| s.span);
    event
        .mentions
        .iter()
        .any(|m| lead.is_some_and(|s| s.overlaps(m.span)))
}
