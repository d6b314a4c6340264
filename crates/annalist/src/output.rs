//! Output formats of `annalist analyze`: JSON Lines (the schema of `docs/output.md`) and a
//! readable digest: the dispatch line, the timeline of events, quotes by speaker, entities
//! and times.

use annalist_core::{Document, Entity, Event, Quote, QuoteKind};
use std::fmt::Write;

/// One JSON object (one line, no trailing newline) per document.
pub fn to_json_line(doc: &Document) -> Result<String, serde_json::Error> {
    serde_json::to_string(doc)
}

fn names(doc: &Document, ids: &[String]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .map(|id| doc.entity(id).map_or(id.as_str(), |e| e.canonical.as_str()))
        .collect();
    names.join(", ")
}

fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let mut out: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The speaker's canonical name when resolved, else the source as written.
fn speaker_name(doc: &Document, quote: &Quote) -> String {
    match &quote.speaker {
        Some(speaker) => speaker
            .entity
            .as_deref()
            .and_then(|id| doc.entity(id))
            .map_or_else(|| speaker.text.clone(), |e| e.canonical.clone()),
        None => "(unknown)".to_string(),
    }
}

fn event_line(doc: &Document, event: &Event) -> String {
    let mut line = format!(
        "  {:<10}  {} ({})",
        event.date.as_deref().unwrap_or("?"),
        event.kind,
        event.cameo
    );
    if !event.actor.is_empty() || !event.recipient.is_empty() {
        let _ = write!(line, "  {}", names(doc, &event.actor));
        if !event.recipient.is_empty() {
            let _ = write!(line, " → {}", names(doc, &event.recipient));
        }
    }
    if let Some(place) = event.place.as_deref().and_then(|p| doc.entity(p)) {
        let _ = write!(line, "  in {}", place.canonical);
    }
    let mut flags = Vec::new();
    if event.negated {
        flags.push("negated".to_string());
    }
    if event.modality != "asserted" {
        flags.push(event.modality.clone());
    }
    if !flags.is_empty() {
        let _ = write!(line, "  [{}]", flags.join(", "));
    }
    if let Some(mention) = event.mentions.first() {
        let _ = write!(line, "  «{}»", shorten(doc.slice(mention.span), 70));
    }
    line
}

fn entity_line(entity: &Entity) -> String {
    let mut line = format!("  {:<12} {}", entity.kind.as_str(), entity.canonical);
    if !entity.codes.is_empty() {
        let _ = write!(line, "  [{}]", entity.codes.join(" "));
    }
    if let Some(role) = &entity.role {
        let _ = write!(line, "  {role}");
    }
    if let Some(geo) = &entity.geo {
        let _ = write!(line, "  ({:.2}, {:.2})", geo.lat, geo.lon);
    }
    let _ = write!(line, "  ×{}", entity.mentions.len());
    line
}

/// A readable digest of one analysed document.
pub fn digest(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "━━ {}  [{}]", doc.source, doc.id);
    let mut head = Vec::new();
    if let Some(agency) = &doc.agency {
        head.push(agency.clone());
    }
    if let Some(dateline) = &doc.dateline {
        head.push(dateline.place.clone());
    }
    head.push(
        doc.dct
            .map_or_else(|| "no date".to_string(), |d| d.to_string()),
    );
    head.push(doc.language.clone());
    let _ = writeln!(out, "   {}", head.join(" · "));
    if let Some(title) = &doc.title {
        let _ = writeln!(out, "   {}", shorten(title, 100));
    }
    if !doc.supported {
        let _ = writeln!(out, "   (language not supported: not analysed)");
        return out;
    }
    if !doc.events.is_empty() {
        let _ = writeln!(out, "\nTimeline");
        let mut events: Vec<&Event> = doc.events.iter().collect();
        events.sort_by(|a, b| a.date.cmp(&b.date));
        for event in events {
            let _ = writeln!(out, "{}", event_line(doc, event));
        }
    }
    if !doc.quotes.is_empty() {
        let _ = writeln!(out, "\nQuotes");
        let mut speakers: Vec<String> = Vec::new();
        for quote in &doc.quotes {
            let speaker = speaker_name(doc, quote);
            if !speakers.contains(&speaker) {
                speakers.push(speaker);
            }
        }
        for speaker in &speakers {
            let _ = writeln!(out, "  {speaker}");
            for quote in &doc.quotes {
                if &speaker_name(doc, quote) != speaker {
                    continue;
                }
                let kind = match quote.kind {
                    QuoteKind::Direct => "direct",
                    QuoteKind::Indirect => "indirect",
                    QuoteKind::Mixed => "mixed",
                };
                let cue = quote
                    .cue
                    .as_ref()
                    .map_or(String::new(), |c| format!(" ({})", c.text));
                let _ = writeln!(out, "    {kind}{cue}: {}", shorten(&quote.text, 110));
            }
        }
    }
    if !doc.entities.is_empty() {
        let _ = writeln!(out, "\nEntities");
        for entity in &doc.entities {
            let _ = writeln!(out, "{}", entity_line(entity));
        }
    }
    if !doc.timexes.is_empty() {
        let _ = writeln!(out, "\nTimes");
        for timex in &doc.timexes {
            let modifier = timex
                .modifier
                .as_deref()
                .map_or(String::new(), |m| format!(" {m}"));
            let _ = writeln!(
                out,
                "  {:<24} {} {}{}",
                shorten(&timex.text, 24),
                timex.kind.as_str(),
                timex.value,
                modifier
            );
        }
    }
    out
}
