//! The schema: an ordered list of migrations, one SQL file each, applied in order.
//!
//! The database's `PRAGMA user_version` is the number of migrations applied. A new
//! schema change is a new file appended here, never an edit of a released one.

/// Migration `i` (0-based) takes the schema from version `i` to version `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_tables.sql"),
    include_str!("migrations/0002_indexes.sql"),
    include_str!("migrations/0003_fused_events.sql"),
    include_str!("migrations/0004_browse_indexes.sql"),
    include_str!("migrations/0005_fusion_rule_2.sql"),
];
