//! The standard annalist pipeline and its output formats
