//! The reference tables the exports read, all data (`data/export/`, and the gazetteer's
//! countries and places in `data/entities/`), embedded and parsed once: FIPS 10-4
//! country codes, GDELT ADM1 codes, the kinds of place and their GDELT geographic types
//! and GeoNames features, PLOVER's reading of CAMEO actor code elements, PLOVER contexts
//! of CAMEO codes, and the Goldstein score of each CAMEO code.
//!
//! Also the code logic both event formats share: an entity's actor code and its parts.

use annalist_core::{Entity, EntityKind};
use std::collections::HashMap;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../../../data/entities/countries.tsv");
const PLACES: &str = include_str!("../../../data/entities/places.tsv");
const CAMEO: &str = include_str!("../../../data/events/cameo.tsv");
const FIPS: &str = include_str!("../../../data/export/fips10_4.tsv");
const ADM1: &str = include_str!("../../../data/export/adm1.tsv");
const GEO_TYPES: &str = include_str!("../../../data/export/geo_types.tsv");
const SECTORS: &str = include_str!("../../../data/export/plover_sectors.tsv");
const CONTEXTS: &str = include_str!("../../../data/export/cameo_context.tsv");

/// A country of the gazetteer.
#[derive(Clone, Debug)]
pub struct Country {
    pub iso3: String,
    pub iso2: String,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// CAMEO country code (the ISO code but for Kosovo `KSV` and Timor-Leste `TMP`).
    pub cameo: String,
    /// FIPS 10-4 code, when it has one.
    pub fips: Option<String>,
}

/// How a kind of place is typed (a row of `data/export/geo_types.tsv`).
#[derive(Clone, Debug)]
pub struct GeoKind {
    pub feature: String,
    /// GDELT geographic type in the US and elsewhere; `None`: not geocoded.
    pub gdelt_us: Option<u8>,
    pub gdelt_world: Option<u8>,
    pub feature_class: Option<String>,
    pub feature_code: Option<String>,
    pub resolution: Option<u8>,
}

/// What PLOVER makes of a CAMEO code element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Sector,
    Country,
    Group,
    Religion,
}

/// Every reference table, parsed.
pub struct Reference {
    countries: Vec<Country>,
    by_iso3: HashMap<String, usize>,
    by_cameo: HashMap<String, usize>,
    /// GeoNames id → feature, and `(name, country)` → feature for places without an id.
    feature_by_id: HashMap<u64, String>,
    feature_by_name: HashMap<(String, String), String>,
    adm1_by_id: HashMap<u64, String>,
    adm1_by_name: HashMap<String, String>,
    geo_kinds: Vec<GeoKind>,
    elements: HashMap<String, (Role, String)>,
    contexts: HashMap<String, Vec<String>>,
    goldstein: HashMap<String, f64>,
}

/// The rows of a TSV table: every line but blanks and `#` comments, split on tabs.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn cell(row: &[&'static str], i: usize) -> Option<&'static str> {
    row.get(i)
        .map(|c| c.trim())
        .filter(|c| !c.is_empty() && *c != "-")
}

impl Reference {
    /// The tables, parsed on first use.
    pub fn get() -> &'static Reference {
        static REFERENCE: OnceLock<Reference> = OnceLock::new();
        REFERENCE.get_or_init(Reference::parse)
    }

    fn parse() -> Reference {
        let fips: HashMap<&str, &str> = rows(FIPS)
            .filter_map(|r| Some((cell(&r, 0)?, cell(&r, 1)?)))
            .collect();
        let mut countries = Vec::new();
        for r in rows(COUNTRIES) {
            let (Some(iso3), Some(name)) = (cell(&r, 0), cell(&r, 2)) else {
                continue;
            };
            countries.push(Country {
                iso3: iso3.to_string(),
                iso2: cell(&r, 1).unwrap_or("").to_string(),
                name: name.to_string(),
                lat: cell(&r, 6).and_then(|v| v.parse().ok()),
                lon: cell(&r, 7).and_then(|v| v.parse().ok()),
                cameo: cell(&r, 8).unwrap_or(iso3).to_string(),
                fips: fips.get(iso3).map(|f| f.to_string()),
            });
        }
        let by_iso3 = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iso3.clone(), i))
            .collect();
        let by_cameo = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.cameo.clone(), i))
            .collect();
        let mut feature_by_id = HashMap::new();
        let mut feature_by_name = HashMap::new();
        for r in rows(PLACES) {
            let (Some(name), Some(feature)) = (cell(&r, 1), cell(&r, 7)) else {
                continue;
            };
            match cell(&r, 0).and_then(|id| id.parse::<u64>().ok()) {
                Some(id) => {
                    feature_by_id.insert(id, feature.to_string());
                }
                None => {
                    let country = cell(&r, 3).unwrap_or("").to_string();
                    feature_by_name.insert((name.to_string(), country), feature.to_string());
                }
            }
        }
        let mut adm1_by_id = HashMap::new();
        let mut adm1_by_name = HashMap::new();
        for r in rows(ADM1) {
            let Some(code) = cell(&r, 2) else { continue };
            match cell(&r, 0).and_then(|id| id.parse::<u64>().ok()) {
                Some(id) => {
                    adm1_by_id.insert(id, code.to_string());
                }
                None => {
                    if let Some(name) = cell(&r, 1) {
                        adm1_by_name.insert(name.to_string(), code.to_string());
                    }
                }
            }
        }
        let geo_kinds = rows(GEO_TYPES)
            .filter_map(|r| {
                Some(GeoKind {
                    feature: cell(&r, 0)?.to_string(),
                    gdelt_us: cell(&r, 1).and_then(|v| v.parse().ok()),
                    gdelt_world: cell(&r, 2).and_then(|v| v.parse().ok()),
                    feature_class: cell(&r, 3).map(str::to_string),
                    feature_code: cell(&r, 4).map(str::to_string),
                    resolution: cell(&r, 5).and_then(|v| v.parse().ok()),
                })
            })
            .collect();
        let elements = rows(SECTORS)
            .filter_map(|r| {
                let role = match cell(&r, 1)? {
                    "sector" => Role::Sector,
                    "country" => Role::Country,
                    "group" => Role::Group,
                    "religion" => Role::Religion,
                    _ => return None,
                };
                Some((cell(&r, 0)?.to_string(), (role, cell(&r, 2)?.to_string())))
            })
            .collect();
        let contexts = rows(CONTEXTS)
            .filter_map(|r| {
                let list = cell(&r, 1)
                    .map(|c| c.split('|').map(str::to_string).collect())
                    .unwrap_or_default();
                Some((cell(&r, 0)?.to_string(), list))
            })
            .collect();
        let goldstein = rows(CAMEO)
            .filter_map(|r| Some((cell(&r, 0)?.to_string(), cell(&r, 3)?.parse().ok()?)))
            .collect();
        Reference {
            countries,
            by_iso3,
            by_cameo,
            feature_by_id,
            feature_by_name,
            adm1_by_id,
            adm1_by_name,
            geo_kinds,
            elements,
            contexts,
            goldstein,
        }
    }

    /// The country of an ISO 3166 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3.get(iso3).and_then(|&i| self.countries.get(i))
    }

    /// The country of a CAMEO country code (`KSV` is Kosovo).
    pub fn country_of_cameo(&self, cameo: &str) -> Option<&Country> {
        self.by_cameo
            .get(cameo)
            .or_else(|| self.by_iso3.get(cameo))
            .and_then(|&i| self.countries.get(i))
    }

    /// Every country with a FIPS code, for the domain checks of the tests.
    pub fn fips_codes(&self) -> impl Iterator<Item = &str> {
        self.countries.iter().filter_map(|c| c.fips.as_deref())
    }

    /// The kind of place of an entity: `country`, or the place's gazetteer feature;
    /// `None` for a place the gazetteer does not hold.
    pub fn feature(&self, entity: &Entity) -> Option<&str> {
        match entity.kind {
            EntityKind::Country => Some("country"),
            EntityKind::Place => {
                let by_id = entity
                    .geo
                    .as_ref()
                    .and_then(|g| g.geonames_id)
                    .and_then(|id| self.feature_by_id.get(&id));
                by_id
                    .or_else(|| {
                        let country = entity.country.clone().unwrap_or_default();
                        self.feature_by_name
                            .get(&(entity.canonical.clone(), country))
                    })
                    .map(String::as_str)
            }
            _ => None,
        }
    }

    /// How a kind of place is typed.
    pub fn geo_kind(&self, feature: &str) -> Option<&GeoKind> {
        self.geo_kinds.iter().find(|k| k.feature == feature)
    }

    /// The GDELT ADM1 code of a place: a city by its GeoNames id, a US state by name.
    pub fn adm1(&self, entity: &Entity) -> Option<&str> {
        entity
            .geo
            .as_ref()
            .and_then(|g| g.geonames_id)
            .and_then(|id| self.adm1_by_id.get(&id))
            .or_else(|| {
                (entity.country.as_deref() == Some("USA"))
                    .then(|| self.adm1_by_name.get(&entity.canonical))
                    .flatten()
            })
            .map(String::as_str)
    }

    /// What PLOVER makes of a three-letter CAMEO code element.
    pub fn element(&self, element: &str) -> Option<(Role, &str)> {
        self.elements
            .get(element)
            .map(|(role, code)| (*role, code.as_str()))
    }

    /// The PLOVER contexts of a CAMEO code (its own, else its parent's).
    pub fn contexts(&self, cameo: &str) -> &[String] {
        let mut code = cameo;
        while code.len() >= 2 {
            if let Some(list) = self.contexts.get(code) {
                return list;
            }
            code = &code[..code.len() - 1];
        }
        &[]
    }

    /// The Goldstein score of a CAMEO code (its own, else its parent's).
    pub fn goldstein(&self, cameo: &str) -> Option<f64> {
        let mut code = cameo;
        while code.len() >= 2 {
            if let Some(&g) = self.goldstein.get(code) {
                return Some(g);
            }
            code = &code[..code.len() - 1];
        }
        None
    }
}

/// A CAMEO actor code cut into its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorCode {
    /// The whole code (`RUSGOV`, `IGOUNO`, `USA`).
    pub code: String,
    /// Its CAMEO country (`RUS`), when it starts with one.
    pub country: Option<String>,
    /// Its international-actor element (`IGO`, `NGO`, `IMG`, `MNC`), when it starts
    /// with one.
    pub international: Option<String>,
    /// The known group or organisation element (`UNO` of `IGOUNO`, `NAT` of `IGOWSTNAT`).
    pub known_group: Option<String>,
    pub religions: Vec<String>,
    /// The role (type) elements in order (`GOV`, `MED`), at most three.
    pub types: Vec<String>,
}

/// Whether a code is a CAMEO actor code: capitals and digits, by threes.
pub fn is_cameo_code(code: &str) -> bool {
    !code.is_empty()
        && matches!(code.len() % 3, 0)
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl ActorCode {
    /// Cuts a CAMEO actor code; `None` when `code` is not one.
    pub fn parse(code: &str) -> Option<ActorCode> {
        if !is_cameo_code(code) {
            return None;
        }
        let reference = Reference::get();
        let mut out = ActorCode {
            code: code.to_string(),
            ..ActorCode::default()
        };
        let elements: Vec<&str> = (0..code.len() / 3)
            .filter_map(|i| code.get(i * 3..i * 3 + 3))
            .collect();
        let mut rest = &elements[..];
        if let Some((first, tail)) = rest.split_first() {
            if reference.country_of_cameo(first).is_some() {
                out.country = Some(first.to_string());
                rest = tail;
            } else if matches!(reference.element(first), Some((Role::Country, _))) {
                out.international = Some(first.to_string());
                rest = tail;
            }
        }
        for (i, element) in rest.iter().enumerate() {
            match reference.element(element) {
                Some((Role::Sector, _)) => out.types.push(element.to_string()),
                Some((Role::Religion, _)) => out.religions.push(element.to_string()),
                // An IGO's or NGO's last unknown element names the organisation
                // (`IGOUNO`, `IGOWSTNAT`, `NGOHRIAMN`); a region element before it
                // (`WST`, `EUR`) is not a group.
                _ if out.international.is_some() && i + 1 == rest.len() => {
                    out.known_group = Some(element.to_string());
                }
                Some((Role::Country, _)) if out.international.is_some() => {
                    out.known_group = Some(element.to_string());
                }
                _ => {}
            }
        }
        out.types.truncate(3);
        Some(out)
    }
}

/// The actor code of an entity: its first CAMEO code, else its country's CAMEO code.
pub fn actor_code(entity: &Entity) -> Option<String> {
    entity
        .codes
        .iter()
        .find(|c| is_cameo_code(c))
        .cloned()
        .or_else(|| {
            let iso3 = entity.country.as_deref()?;
            Reference::get()
                .country(iso3)
                .map(|c| c.cameo.clone())
                .or_else(|| Some(iso3.to_string()))
        })
}

/// The ISO 3166 alpha-3 country of an entity: its own, else its actor code's.
pub fn entity_country(entity: &Entity) -> Option<String> {
    entity.country.clone().or_else(|| {
        let code = entity.codes.iter().find(|c| is_cameo_code(c))?;
        Reference::get()
            .country_of_cameo(code.get(..3)?)
            .map(|c| c.iso3.clone())
    })
}

/// A stable 53-bit integer for a text (FNV-1a, folded to 53 bits so that it is exact in
/// a double, a JavaScript number and a BigQuery INTEGER alike).
pub fn stable_id(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash ^ (hash >> 53)) & ((1 << 53) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_and_agree() {
        let r = Reference::get();
        assert_eq!(r.country("RUS").and_then(|c| c.fips.as_deref()), Some("RS"));
        assert_eq!(r.country("DEU").and_then(|c| c.fips.as_deref()), Some("GM"));
        assert_eq!(r.country("USA").and_then(|c| c.fips.as_deref()), Some("US"));
        assert_eq!(
            r.country_of_cameo("KSV").map(|c| c.iso3.as_str()),
            Some("XKX")
        );
        assert!(r.fips_codes().count() > 230);
        assert_eq!(r.geo_kind("admin").and_then(|k| k.gdelt_us), Some(2));
        assert_eq!(r.geo_kind("city").and_then(|k| k.gdelt_world), Some(4));
        assert_eq!(r.element("MED"), Some((Role::Sector, "JRN")));
        assert_eq!(r.element("HLH"), Some((Role::Sector, "MED")));
        assert_eq!(r.contexts("0312"), ["military"]);
        assert_eq!(r.contexts("03121"), ["military"]);
        assert_eq!(r.goldstein("190"), Some(-10.0));
    }

    #[test]
    fn actor_codes_are_cut_into_parts() {
        let code = ActorCode::parse("RUSGOV").unwrap();
        assert_eq!(code.country.as_deref(), Some("RUS"));
        assert_eq!(code.types, ["GOV"]);
        let un = ActorCode::parse("IGOUNO").unwrap();
        assert_eq!(un.international.as_deref(), Some("IGO"));
        assert_eq!(un.known_group.as_deref(), Some("UNO"));
        let nato = ActorCode::parse("IGOWSTNAT").unwrap();
        assert_eq!(nato.known_group.as_deref(), Some("NAT"));
        let isis = ActorCode::parse("IMGMOSREB").unwrap();
        assert_eq!(isis.religions, ["MOS"]);
        assert_eq!(isis.types, ["REB"]);
        assert!(ActorCode::parse("TASS").is_none());
        assert_ne!(stable_id("a-000001"), stable_id("a-000002"));
        assert!(stable_id("x") < 1 << 53);
    }
}

/// A place as the exports locate it: only a place with coordinates is located.
#[derive(Clone, Debug)]
pub struct Located<'a> {
    pub entity: &'a Entity,
    pub kind: &'static GeoKind,
    pub country: Option<&'static Country>,
    pub lat: f64,
    pub lon: f64,
    pub adm1: Option<&'static str>,
    /// GDELT's geographic type (1-5).
    pub gdelt_type: Option<u8>,
}

/// Where an entity lies, when it is a country or a known place with coordinates (a
/// country without its own coordinates takes its centre from the gazetteer). A place
/// the gazetteer does not know but which has coordinates is taken for a city.
pub fn locate(entity: &Entity) -> Option<Located<'_>> {
    let reference = Reference::get();
    let feature = match entity.kind {
        EntityKind::Country | EntityKind::Place => reference.feature(entity).unwrap_or("city"),
        _ => return None,
    };
    let kind = reference.geo_kind(feature)?;
    let country = entity_country(entity).and_then(|iso3| reference.country(&iso3));
    let (lat, lon) = match &entity.geo {
        Some(g) => (g.lat, g.lon),
        None if entity.kind == EntityKind::Country => (country?.lat?, country?.lon?),
        None => return None,
    };
    if !(lat.is_finite() && lon.is_finite()) {
        return None;
    }
    let us = country.is_some_and(|c| c.iso3 == "USA");
    let mut gdelt_type = if us { kind.gdelt_us } else { kind.gdelt_world };
    // A region of no country (the Middle East, the Balkans) has no GDELT type.
    if country.is_none() {
        gdelt_type = None;
    }
    Some(Located {
        entity,
        kind,
        country,
        lat,
        lon,
        adm1: reference.adm1(entity),
        gdelt_type,
    })
}
