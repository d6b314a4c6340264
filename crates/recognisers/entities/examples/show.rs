//! Prints the entities found in a text file (for looking at the recogniser's output):
//! `cargo run -p annalist-entities --example show -- FILE [ACTOR_DICTIONARY...]`.

use annalist_core::{Document, Metadata, Recogniser};
use annalist_entities::EntityRecogniser;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: show FILE [ACTORS...]")?;
    let dictionaries: Vec<std::path::PathBuf> = args.map(Into::into).collect();
    let recogniser = if dictionaries.is_empty() {
        EntityRecogniser::new()?
    } else {
        EntityRecogniser::with_actor_dictionaries(&dictionaries)?
    };
    let text = std::fs::read_to_string(&path)?;
    let mut doc = Document::new(
        text,
        Metadata {
            source: path,
            ..Metadata::default()
        },
    );
    recogniser.annotate(&mut doc);
    for e in &doc.entities {
        let mentions: Vec<String> = e
            .mentions
            .iter()
            .map(|m| {
                format!(
                    "{}[{}-{}]{}",
                    m.text,
                    m.span.start,
                    m.span.end,
                    m.how
                        .as_deref()
                        .map(|h| format!("/{h}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        println!(
            "{} {:?} {} codes={:?} role={:?} country={:?} :: {}",
            e.id,
            e.kind,
            e.canonical,
            e.codes,
            e.role,
            e.country,
            mentions.join(", ")
        );
    }
    Ok(())
}
