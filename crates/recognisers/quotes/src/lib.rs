//! Direct and indirect quotations attributed to speakers
