//! The parser. (stub)
pub struct Parser;
