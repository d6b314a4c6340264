//! The tagger. (stub)
pub struct Tagger;
