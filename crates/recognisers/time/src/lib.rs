//! Temporal expressions normalised to TIMEX3 values
