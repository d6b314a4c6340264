//! Actor codes of entities as the scorers compare them: an entity's first code (else
//! its country), and the three-letter country of an actor code. The exports
//! (`annalist-export`) read codes with their own reference tables.

use annalist_core::{Entity, EntityKind};

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
