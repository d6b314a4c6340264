//! The JSON shapes the API answers with, built from the store's types: one function per
//! shape, so that every endpoint writes a document summary, a fused event or a page the
//! same way.

use annalist_store::{DocumentSummary, FusedEvent, Page, StoredQuote};
use serde_json::{json, Value};

pub fn page<T>(page: &Page<T>, item: impl Fn(&T) -> Value) -> Value {
    json!({
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "items": page.items.iter().map(item).collect::<Vec<_>>(),
    })
}

pub fn document_summary(doc: &DocumentSummary) -> Value {
    json!({
        "id": doc.id,
        "external_id": doc.external_id,
        "title": doc.title,
        "source": doc.source,
        "agency": doc.agency,
        "dct": doc.dct,
        "url": doc.url,
        "snippet": doc.snippet,
    })
}

fn parties(parties: &[(String, Vec<String>)]) -> Value {
    parties
        .iter()
        .map(|(name, codes)| json!({"name": name, "codes": codes}))
        .collect()
}

pub fn fused_event(event: &FusedEvent) -> Value {
    json!({
        "id": event.id,
        "type": event.kind,
        "cameo": event.cameo,
        "date": event.date,
        "dated": event.dated,
        "place": event.place,
        "actors": parties(&event.actors),
        "recipients": parties(&event.recipients),
        "mentions": event.mentions,
        "sources": event.sources,
        "articles": event.articles,
        "source_ids": event.source_ids,
    })
}

pub fn counts(pairs: &[(String, usize)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(name, n)| (name.clone(), json!(n)))
            .collect(),
    )
}

pub fn quote(stored: &StoredQuote) -> Value {
    let q = &stored.quote;
    json!({
        "doc_id": stored.doc_id,
        "title": stored.title,
        "source": stored.source,
        "dct": stored.dct,
        "speaker": stored.speaker_name,
        "speaker_text": q.speaker.as_ref().map(|s| s.text.clone()),
        "kind": q.kind,
        "text": q.text,
        "span": q.span,
        "cue": q.cue,
    })
}
