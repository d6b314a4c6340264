//! No reader panics, whatever the bytes, in any format.

use annalist_ingest::{read_bytes, Format, ReadOptions};
use proptest::prelude::*;

fn check(bytes: &[u8]) {
    for format in Format::ALL {
        let options = ReadOptions {
            format,
            max_document_bytes: 1 << 16,
            ..ReadOptions::default()
        };
        for item in read_bytes("prop", bytes, &options) {
            match item {
                Ok(doc) => assert!(!doc.text.is_empty()),
                Err(e) => assert!(!e.reason.is_empty()),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes);
    }

    #[test]
    fn structured_noise(parts in proptest::collection::vec(prop_oneof![
        Just("WARC/1.0\r\n".to_string()),
        Just("Content-Length: 12\r\n".to_string()),
        Just("WARC-Type: response\r\n\r\n".to_string()),
        Just("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_string()),
        Just("<rss><channel><item><title>".to_string()),
        Just("<feed><entry><content type=\"xhtml\">".to_string()),
        Just("</item></entry>".to_string()),
        Just("<article><p>".to_string()),
        Just("{\"text\": \"".to_string()),
        Just("\"}\n".to_string()),
        Just("id,text\n".to_string()),
        Just("<![CDATA[".to_string()),
        "[a-z<>/&;\"= \n]{0,10}",
    ], 0..24)) {
        check(parts.concat().as_bytes());
    }
}
