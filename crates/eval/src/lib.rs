//! Scorers against annotated corpora
