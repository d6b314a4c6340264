//! The entity data: countries, places, organisations, office holders, roles and the word
//! lists that shape name detection, parsed from the TSV files under `data/entities/`.
//!
//! Parsing is separate from embedding ([`Sources`]) so tests can feed small fixtures.

use crate::grammar::Grammar;
use annalist_core::lexicon::{data_lines, tsv_rows};
use annalist_core::Date;
use std::collections::{HashMap, HashSet};

/// The texts of the data files.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub countries: &'a str,
    /// Former states (Soviet Union, Yugoslavia) in the countries format.
    pub former_states: &'a str,
    pub places: &'a str,
    pub organizations: &'a str,
    pub office_holders: &'a str,
    pub roles: &'a str,
    pub pronouns: &'a str,
    pub nominals: &'a str,
    pub common_words: &'a str,
    pub given_names: &'a str,
    /// Closed-class words the engine reasons with (see [`crate::grammar`]).
    pub grammar: &'a str,
}

impl Sources<'static> {
    /// The data compiled into the binary.
    pub fn embedded() -> Sources<'static> {
        Sources {
            countries: include_str!("../../../../data/entities/countries.tsv"),
            former_states: include_str!("../../../../data/entities/former_states.tsv"),
            places: include_str!("../../../../data/entities/places.tsv"),
            organizations: include_str!("../../../../data/entities/organizations.tsv"),
            office_holders: include_str!("../../../../data/entities/office_holders.tsv"),
            roles: include_str!("../../../../data/entities/roles.tsv"),
            pronouns: include_str!("../../../../data/entities/pronouns.tsv"),
            nominals: include_str!("../../../../data/entities/nominals.tsv"),
            common_words: include_str!("../../../../data/entities/common_words.txt"),
            given_names: include_str!("../../../../data/entities/given_names.tsv"),
            grammar: include_str!("../../../../data/entities/grammar.tsv"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

impl Gender {
    fn parse(text: &str) -> Gender {
        match text.trim() {
            "m" | "M" | "male" => Gender::Male,
            "f" | "F" | "female" => Gender::Female,
            _ => Gender::Unknown,
        }
    }

    /// Whether a pronoun of gender `other` can refer to an entity of this gender.
    pub fn compatible(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }
}

#[derive(Clone, Debug)]
pub struct Country {
    pub iso3: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
    pub capital: String,
    pub lat: f64,
    pub lon: f64,
    pub cameo: String,
}

#[derive(Clone, Debug)]
pub struct Place {
    pub geonames_id: Option<u64>,
    pub name: String,
    pub aliases: Vec<String>,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// `city`, `capital`, `admin`, `region`, `sea`, `landmark`.
    pub feature: String,
    /// Index of the country whose capital this is.
    pub capital_of: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Org {
    pub canonical: String,
    pub aliases: Vec<String>,
    pub kind: String,
    pub country: Option<String>,
    pub cameo: Option<String>,
    /// The canonical name of the organisation this body belongs to.
    pub parent: Option<String>,
}

impl Org {
    /// The short all-capitals name (`NATO`, `OSCE`), if the organisation has one.
    pub fn acronym(&self) -> Option<&str> {
        let is_acronym = |s: &str| {
            let letters = s.chars().filter(|c| c.is_alphabetic()).count();
            (2..=8).contains(&letters)
                && !s.contains(' ')
                && s.chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
        };
        std::iter::once(&self.canonical)
            .chain(&self.aliases)
            .map(String::as_str)
            .find(|s| is_acronym(s))
    }
}

#[derive(Clone, Debug)]
pub struct Holder {
    pub name: String,
    pub aliases: Vec<String>,
    pub gender: Gender,
    pub role: String,
    /// ISO3 of the country, or the canonical name or acronym of the organisation.
    pub affiliation: String,
    pub cameo: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl Place {
    /// Population for ranking: regions, seas and admin units without a figure count as
    /// large (they are what a bare name usually means), landmarks as middling.
    pub fn weight(&self) -> u64 {
        match (self.population, self.feature.as_str()) {
            (0, "admin" | "region" | "sea") => 2_000_000,
            (0, _) => 50_000,
            (p, _) => p,
        }
    }
}

impl Holder {
    pub fn in_office(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleClass {
    Person,
    Group,
    Org,
    Honorific,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub phrase: String,
    pub role: Option<String>,
    pub sector: Option<String>,
    pub class: RoleClass,
    pub gender: Gender,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PronounRef {
    Person,
    Thing,
    Any,
}

#[derive(Clone, Copy, Debug)]
pub struct Pronoun {
    pub gender: Gender,
    pub plural: bool,
    pub refers: PronounRef,
}

/// Word classes from `nominals.tsv`.
#[derive(Clone, Debug, Default)]
pub struct WordClasses {
    pub org_head: HashSet<String>,
    pub org_first: HashSet<String>,
    pub loc_head: HashSet<String>,
    pub loc_prep: HashSet<String>,
    pub speech: HashSet<String>,
    pub actor_verb: HashSet<String>,
    pub connector: HashSet<String>,
    pub expletive: HashSet<String>,
    pub group_pre: HashSet<String>,
    pub org_word: HashSet<String>,
    pub event_next: HashSet<String>,
    pub event_adj: HashSet<String>,
    pub loc_first: HashSet<String>,
    pub misc_head: HashSet<String>,
    /// Nouns after a capital's possessive that make it the place ("Kyiv's streets").
    pub place_noun: HashSet<String>,
    /// Common nouns of kinds of place: "X is a village", "the county of X".
    pub loc_kind: HashSet<String>,
}

/// All parsed data.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub places: Vec<Place>,
    pub orgs: Vec<Org>,
    pub holders: Vec<Holder>,
    pub roles: Vec<Role>,
    pub pronouns: HashMap<String, Pronoun>,
    pub words: WordClasses,
    pub common: HashSet<String>,
    pub given: HashMap<String, Gender>,
    /// Articles, prepositions, conjunctions and other closed-class words, by class.
    pub grammar: Grammar,
    /// ISO3 (and CAMEO code) to country index.
    pub country_by_code: HashMap<String, usize>,
    /// Lower-cased role name to role-holders, for "the Russian top diplomat".
    pub holders_by_role: HashMap<(String, String), Vec<usize>>,
}

fn list(field: Option<&&str>) -> Vec<String> {
    field
        .map(|f| {
            f.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn opt(field: Option<&&str>) -> Option<String> {
    field
        .map(|f| f.trim())
        .filter(|f| !f.is_empty() && *f != "-")
        .map(str::to_string)
}

fn number(field: Option<&&str>) -> Option<f64> {
    field.and_then(|f| f.trim().parse::<f64>().ok())
}

impl Gazetteer {
    /// Parses every source. Rows with missing required columns are skipped and counted in
    /// the returned list of problems (data is checked by the tests, never fatal at run time).
    pub fn parse(sources: &Sources<'_>) -> (Gazetteer, Vec<String>) {
        let mut problems = Vec::new();
        let mut g = Gazetteer::default();
        let country_rows = tsv_rows(sources.countries)
            .map(|r| ("countries.tsv", r))
            .chain(tsv_rows(sources.former_states).map(|r| ("former_states.tsv", r)));
        for (file, (line, cols)) in country_rows {
            let (Some(iso3), Some(name)) = (opt(cols.first()), opt(cols.get(2))) else {
                problems.push(format!("{file}:{line}: missing iso3 or name"));
                continue;
            };
            let cameo = opt(cols.get(8)).unwrap_or_else(|| iso3.clone());
            g.countries.push(Country {
                iso3,
                name,
                aliases: list(cols.get(3)),
                demonyms: list(cols.get(4)),
                capital: opt(cols.get(5)).unwrap_or_default(),
                lat: number(cols.get(6)).unwrap_or(0.0),
                lon: number(cols.get(7)).unwrap_or(0.0),
                cameo,
            });
        }
        for (i, c) in g.countries.iter().enumerate() {
            g.country_by_code.insert(c.iso3.clone(), i);
            g.country_by_code.entry(c.cameo.clone()).or_insert(i);
        }
        let capitals: HashMap<(String, String), usize> = g
            .countries
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.capital.to_lowercase(), c.iso3.clone()), i))
            .collect();
        for (line, cols) in tsv_rows(sources.places) {
            // Regions across borders (the Caucasus) have no country.
            let Some(name) = opt(cols.get(1)) else {
                problems.push(format!("places.tsv:{line}: missing name"));
                continue;
            };
            let country = opt(cols.get(3)).unwrap_or_default();
            let capital_of = capitals
                .get(&(name.to_lowercase(), country.clone()))
                .copied();
            g.places.push(Place {
                geonames_id: cols.first().and_then(|f| f.trim().parse().ok()),
                aliases: list(cols.get(2)),
                lat: number(cols.get(4)).unwrap_or(0.0),
                lon: number(cols.get(5)).unwrap_or(0.0),
                population: cols.get(6).and_then(|f| f.trim().parse().ok()).unwrap_or(0),
                feature: opt(cols.get(7)).unwrap_or_else(|| "city".to_string()),
                name,
                country,
                capital_of,
            });
        }
        for (line, cols) in tsv_rows(sources.organizations) {
            let Some(canonical) = opt(cols.first()) else {
                problems.push(format!("organizations.tsv:{line}: missing name"));
                continue;
            };
            g.orgs.push(Org {
                canonical,
                aliases: list(cols.get(1)),
                kind: opt(cols.get(2)).unwrap_or_else(|| "other".to_string()),
                country: opt(cols.get(3)),
                cameo: opt(cols.get(4)),
                parent: opt(cols.get(5)),
            });
        }
        for (line, cols) in tsv_rows(sources.office_holders) {
            let (Some(name), Some(role), Some(affiliation)) =
                (opt(cols.first()), opt(cols.get(3)), opt(cols.get(4)))
            else {
                problems.push(format!("office_holders.tsv:{line}: missing columns"));
                continue;
            };
            g.holders.push(Holder {
                name,
                aliases: list(cols.get(1)),
                gender: Gender::parse(cols.get(2).copied().unwrap_or("")),
                role,
                affiliation,
                cameo: opt(cols.get(5)),
                start: cols.get(6).and_then(|d| Date::parse(d.trim())),
                end: cols.get(7).and_then(|d| Date::parse(d.trim())),
            });
        }
        for (i, h) in g.holders.iter().enumerate() {
            g.holders_by_role
                .entry((h.role.to_lowercase(), h.affiliation.clone()))
                .or_default()
                .push(i);
        }
        for (line, cols) in tsv_rows(sources.roles) {
            let Some(phrase) = opt(cols.first()) else {
                problems.push(format!("roles.tsv:{line}: missing phrase"));
                continue;
            };
            let class = match cols.get(3).map(|c| c.trim()) {
                Some("group") => RoleClass::Group,
                Some("org") => RoleClass::Org,
                Some("honorific") => RoleClass::Honorific,
                _ => RoleClass::Person,
            };
            g.roles.push(Role {
                phrase,
                role: opt(cols.get(1)),
                sector: opt(cols.get(2)),
                class,
                gender: Gender::parse(cols.get(4).copied().unwrap_or("")),
            });
        }
        for (_, cols) in tsv_rows(sources.pronouns) {
            let Some(word) = opt(cols.first()) else {
                continue;
            };
            let refers = match cols.get(3).map(|c| c.trim()) {
                Some("person") => PronounRef::Person,
                Some("thing") => PronounRef::Thing,
                _ => PronounRef::Any,
            };
            g.pronouns.insert(
                word.to_lowercase(),
                Pronoun {
                    gender: Gender::parse(cols.get(1).copied().unwrap_or("")),
                    plural: cols.get(2).is_some_and(|n| n.trim() == "pl"),
                    refers,
                },
            );
        }
        for (line, cols) in tsv_rows(sources.nominals) {
            let (Some(word), Some(class)) = (opt(cols.first()), opt(cols.get(1))) else {
                problems.push(format!("nominals.tsv:{line}: missing columns"));
                continue;
            };
            let word = word.to_lowercase();
            let set = match class.as_str() {
                "org_head" => &mut g.words.org_head,
                "org_first" => &mut g.words.org_first,
                "loc_head" => &mut g.words.loc_head,
                "loc_prep" => &mut g.words.loc_prep,
                "speech" => &mut g.words.speech,
                "actor_verb" => &mut g.words.actor_verb,
                "connector" => &mut g.words.connector,
                "expletive" => &mut g.words.expletive,
                "group_pre" => &mut g.words.group_pre,
                "org_word" => &mut g.words.org_word,
                "event_next" => &mut g.words.event_next,
                "event_adj" => &mut g.words.event_adj,
                "loc_first" => &mut g.words.loc_first,
                "misc_head" => &mut g.words.misc_head,
                "place_noun" => &mut g.words.place_noun,
                "loc_kind" => &mut g.words.loc_kind,
                other => {
                    problems.push(format!("nominals.tsv:{line}: unknown class {other}"));
                    continue;
                }
            };
            set.insert(word);
        }
        for (_, line) in data_lines(sources.common_words) {
            g.common.insert(line.trim().to_lowercase());
        }
        let (grammar, grammar_problems) = Grammar::parse(sources.grammar);
        g.grammar = grammar;
        problems.extend(grammar_problems);
        for (_, cols) in tsv_rows(sources.given_names) {
            if let Some(name) = opt(cols.first()) {
                g.given.insert(
                    name.to_lowercase(),
                    Gender::parse(cols.get(1).copied().unwrap_or("")),
                );
            }
        }
        (g, problems)
    }

    /// The office holder(s) of `role` for `affiliation` at `date` (or the latest).
    pub fn holder_for(&self, role: &str, affiliation: &str, date: Option<Date>) -> Option<usize> {
        let list = self
            .holders_by_role
            .get(&(role.to_lowercase(), affiliation.to_string()))?;
        match date {
            Some(date) => list
                .iter()
                .copied()
                .find(|&i| self.holders.get(i).is_some_and(|h| h.in_office(date))),
            None => list
                .iter()
                .copied()
                .find(|&i| self.holders.get(i).is_some_and(|h| h.end.is_none())),
        }
    }
}
