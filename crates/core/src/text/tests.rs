use super::*;
use crate::document::Metadata;

fn doc(text: &str, date: Option<&str>) -> Document {
    let metadata = Metadata {
        source: "test".into(),
        date: date.and_then(Date::parse),
        ..Metadata::default()
    };
    Document::new(text.to_string(), metadata)
}

#[test]
fn dispatch_header_and_dateline() {
    let text = " date 2022-01-14 MOSCOW, January 14. /TASS/. Russia wants guarantees, the minister said on Friday.\n\n\"We insist,\" he said.";
    let d = doc(text, None);
    assert_eq!(d.dct.map(|x| x.to_string()).as_deref(), Some("2022-01-14"));
    let dateline = d.dateline.as_ref().expect("dateline");
    assert_eq!(dateline.place, "MOSCOW");
    assert_eq!(dateline.place_span, Span::new(17, 23));
    assert_eq!(
        dateline.date_span.map(|s| s.slice(text)),
        Some("January 14")
    );
    assert_eq!(d.agency.as_deref(), Some("TASS"));
    let sentences: Vec<_> = d.sentences.iter().map(|s| s.span.slice(text)).collect();
    assert_eq!(
        sentences,
        [
            "MOSCOW, January 14. /TASS/.",
            "Russia wants guarantees, the minister said on Friday.",
            "\"We insist,\" he said."
        ]
    );
    assert_eq!(d.paragraphs.len(), 2);
    assert!(d.supported);
}

#[test]
fn dateline_year_comes_from_metadata() {
    let d = doc(
        "WASHINGTON, Dec 31 (Reuters) - The U.S. said on Monday it would act.",
        Some("2022-01-01"),
    );
    assert_eq!(d.dct.map(|x| x.to_string()).as_deref(), Some("2021-12-31"));
    assert_eq!(d.agency.as_deref(), Some("Reuters"));
}

#[test]
fn no_date_anywhere() {
    let d = doc("The minister said the talks would resume next week.", None);
    assert_eq!(d.dct, None);
    assert!(d
        .diagnostics
        .iter()
        .any(|x| x.message.contains("no dispatch date")));
}

#[test]
fn non_english_is_kept_but_unsupported() {
    let d = doc("Der Minister sagte am Freitag, dass die Gespräche mit der Ukraine und den USA fortgesetzt werden.", None);
    assert_eq!(d.language, "de");
    assert!(!d.supported);
    assert!(!d.sentences.is_empty());
}

#[test]
fn ids_are_stable_and_depend_on_source_and_text() {
    let a = doc("Same text.", None);
    let b = doc("Same text.", None);
    let c = doc("Other text.", None);
    assert_eq!(a.id, b.id);
    assert_ne!(a.id, c.id);
    assert_eq!(a.id.len(), 16);
}

#[test]
fn byte_order_mark_does_not_hide_header_or_dateline() {
    let d = doc(
        "\u{feff}date 2022-01-14\nKYIV, Jan. 13 (Xinhua) -- Talks began.",
        None,
    );
    assert_eq!(d.dct.map(|x| x.to_string()).as_deref(), Some("2022-01-13"));
    let d = doc("\u{feff}BRUSSELS (AP) — Talks began.", None);
    assert_eq!(d.dateline.map(|x| x.place).as_deref(), Some("BRUSSELS"));
}

#[test]
fn path_spelling_does_not_change_the_id() {
    let make = |source: &str| {
        Document::new(
            "Same text.".into(),
            Metadata {
                source: source.into(),
                ..Metadata::default()
            },
        )
        .id
    };
    assert_eq!(make("data/x.txt"), make("./data/x.txt"));
    assert_eq!(make("data/x.txt"), make("data//x.txt"));
    assert_ne!(make("data/x.txt"), make("/data/x.txt"));
    assert_eq!(normalise_source("/a/./b"), "/a/b");
}

#[test]
fn header_requires_a_date() {
    assert!(find_header("date of the talks was set").is_none());
    assert_eq!(
        find_header("date 2022-01-14\nBody").map(|(_, b)| b),
        Some(16)
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn segmentation_never_panics_and_spans_are_valid(text in "(?s).{0,300}") {
            let d = doc(&text, Some("2022-01-14"));
            for s in d.sentences.iter().map(|s| s.span).chain(d.paragraphs.iter().copied()).chain(d.tokens.iter().map(|t| t.span)) {
                prop_assert!(s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
            for pair in d.sentences.windows(2) {
                prop_assert!(pair[0].span.end <= pair[1].span.start);
            }
        }
    }
}
