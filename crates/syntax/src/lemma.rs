//! The lemmatiser. (stub: written by a helper)
pub struct Lemmatiser;
