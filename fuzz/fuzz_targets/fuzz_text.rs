//! Fuzzes the text reader: any bytes, read as Format::Text, must give documents or
//! errors, never a panic, a hang or unbounded memory.
#![no_main]

use annalist_ingest::{read_bytes, Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions {
        format: Format::Text,
        max_document_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    for item in read_bytes("fuzz", data, &options) {
        if let Ok(doc) = item {
            assert!(!doc.text.is_empty());
        }
    }
});
