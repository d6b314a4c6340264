//! How well the text supports each event: its confidence.
//!
//! Owns one pass over the assembled events: each gets `confidence` in 0..1 from what
//! supported it (the dyad complete, named actors, repeated and dated reports, an asserted
//! mode), weighed by `data/events/confidence.tsv`, and the default threshold below which
//! the pipeline leaves an event out. The weights are data, the features are code.

use annalist_core::{Document, EntityKind, Event};
use std::collections::HashMap;

const FILE: &str = include_str!("../../../../data/events/confidence.tsv");

/// The weights of `confidence.tsv`.
#[derive(Clone, Debug)]
pub struct Weights {
    base: f32,
    dyad: f32,
    named: f32,
    repeated: f32,
    dated: f32,
    asserted: f32,
    untargeted: Vec<String>,
    /// Events below this confidence are left out by default.
    pub threshold: f32,
}

impl Weights {
    pub fn embedded() -> Result<Weights, crate::Error> {
        Self::parse(FILE)
    }

    fn parse(text: &str) -> Result<Weights, crate::Error> {
        let mut w = Weights {
            base: 0.0,
            dyad: 0.0,
            named: 0.0,
            repeated: 0.0,
            dated: 0.0,
            asserted: 0.0,
            untargeted: Vec::new(),
            threshold: 0.0,
        };
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |m: &str| crate::Error::data("confidence.tsv", i + 1, m);
            let [kind, name, value, _reason] = cols[..] else {
                return Err(bad(
                    "expected 4 tab-separated columns: kind, name, value, reason",
                ));
            };
            let number = || {
                value
                    .parse::<f32>()
                    .ok()
                    .filter(|v| (0.0..=1.0).contains(v))
                    .ok_or_else(|| bad(&format!("`{value}` is not a number from 0 to 1")))
            };
            match (kind, name) {
                ("base", _) => w.base = number()?,
                ("threshold", "default") => w.threshold = number()?,
                ("untargeted", root) => w.untargeted.push(root.to_string()),
                ("weight", feature) => {
                    let slot = match feature {
                        "dyad" => &mut w.dyad,
                        "named" => &mut w.named,
                        "repeated" => &mut w.repeated,
                        "dated" => &mut w.dated,
                        "asserted" => &mut w.asserted,
                        other => return Err(bad(&format!("unknown feature `{other}`"))),
                    };
                    *slot = number()?;
                }
                (other, _) => return Err(bad(&format!("unknown kind `{other}`"))),
            }
        }
        Ok(w)
    }

    /// The confidence of `event` in `doc`; `implicit_recipient`: its recipient is the
    /// dispatch's other party, which the event's own words do not name (no dyad).
    /// `index`: the document's entity ids to their indices.
    pub fn score(
        &self,
        doc: &Document,
        index: &HashMap<&str, usize>,
        event: &Event,
        implicit_recipient: bool,
    ) -> f32 {
        let kinds = |ids: &[String]| -> Vec<EntityKind> {
            ids.iter()
                .filter_map(|id| index.get(id.as_str()).and_then(|&i| doc.entities.get(i)))
                .map(|e| e.kind)
                .collect()
        };
        let actors = kinds(&event.actor);
        let untargeted = self
            .untargeted
            .iter()
            .any(|r| event.cameo.starts_with(r.as_str()));
        let symmetric = matches!(event.kind.as_str(), "CONSULT" | "AGREE" | "COOPERATE");
        let dyad = !actors.is_empty()
            && (untargeted
                || (!event.recipient.is_empty() && !implicit_recipient)
                || (symmetric && actors.len() >= 2));
        let named = !actors.is_empty()
            && actors.iter().all(|k| {
                matches!(
                    k,
                    EntityKind::Person | EntityKind::Organization | EntityKind::Country
                )
            });
        let mut c = self.base;
        for (holds, weight) in [
            (dyad, self.dyad),
            (named, self.named),
            (event.mentions.len() > 1, self.repeated),
            (event.date_source.as_deref() == Some("text"), self.dated),
            (
                event.modality == "asserted" && !event.negated,
                self.asserted,
            ),
        ] {
            if holds {
                c += weight;
            }
        }
        c.min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_weights_load() {
        let w = Weights::embedded().unwrap();
        assert!(w.dyad > w.named && w.base + w.dyad + w.named <= 1.0);
        assert!((0.0..=1.0).contains(&w.threshold));
        assert!(w.untargeted.iter().any(|r| r == "01"));
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let e = Weights::parse("# c\nweight\tdyad\t2\tx\n").unwrap_err();
        assert!(e.0.contains("confidence.tsv:2"), "{}", e.0);
        let e = Weights::parse("weight\tluck\t0.1\tx\n").unwrap_err();
        assert!(e.0.contains("unknown feature"), "{}", e.0);
    }
}
