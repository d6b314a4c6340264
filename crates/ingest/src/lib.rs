//! Readers: dispatch text, JSON Lines, CSV, HTML, RSS/Atom, WARC
