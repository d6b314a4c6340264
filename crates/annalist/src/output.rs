//! Output formats of `annalist analyze`: JSON Lines and a readable digest.

use annalist_core::Document;

/// One JSON object (one line) per document, in the schema of `docs/output.md`.
pub fn to_json_line(doc: &Document) -> Result<String, serde_json::Error> {
    serde_json::to_string(doc)
}
