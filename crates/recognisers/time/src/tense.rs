//! The direction of an underspecified date from the tense and modality of its clause:
//! the nearest tense cue (`data/time/tense.tsv`) in the sentence, before or after the
//! expression, decides; reporting verbs ("said") count only when nothing else does.

use crate::normalise::Direction;
use crate::tables::{Cue, TenseCues};
use annalist_core::{Document, Span, TokenKind};

/// How many tokens before and after the expression are searched for a cue.
const WINDOW_BEFORE: usize = 14;
const WINDOW_AFTER: usize = 10;

/// Quotation marks, as single punctuation tokens.
const QUOTES: &str = "\"“”«»`'‘’";

/// With `strong_only`, weak cues (`to`, `next`...) are passed over.
pub(crate) fn direction(
    doc: &Document,
    cues: &TenseCues,
    span: Span,
    strong_only: bool,
) -> Direction {
    let Some(index) = doc.sentence_at(span.start) else {
        return Direction::Neutral;
    };
    let tokens = doc.sentence_tokens(index);
    let first = tokens.partition_point(|t| t.span.end <= span.start);
    let last = tokens.partition_point(|t| t.span.start < span.end);
    let mut buffer = String::with_capacity(32);
    let mut best: Option<(usize, Cue)> = None;
    let mut report: Option<(usize, Cue)> = None;
    let mut consider = |distance: usize, position: usize, buffer: &mut String| {
        let Some(token) = tokens.get(position) else {
            return;
        };
        if token.kind != TokenKind::Word {
            return;
        }
        let word = doc.slice(token.span);
        buffer.clear();
        for ch in word.chars() {
            buffer.extend(ch.to_lowercase());
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let Some((mut cue, mut weak)) = cues.cue(buffer, capitalised) else {
            return;
        };
        if cue == Cue::Past {
            // "to be held", "will be signed": a participle after a future cue.
            let before = position
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .map(|t| doc.slice(t.span).to_lowercase());
            if let Some((Cue::Future, w)) = before.as_deref().and_then(|b| cues.cue(b, false)) {
                cue = Cue::Future;
                weak = w;
            }
        }
        if weak && strong_only {
            return;
        }
        if cue == Cue::Future && buffer == "to" {
            // An infinitive after the date belongs to the next clause ("agreed in June to
            // buy"): only one before it counts.
            if position >= first {
                return;
            }
            // "to" marks the future only before a verb: "agreed to hold talks".
            let next = tokens
                .get(position + 1)
                .map(|t| doc.slice(t.span))
                .unwrap_or("");
            let lower_word = next.chars().next().is_some_and(char::is_lowercase);
            let verb_like = lower_word && !cues.noverb.iter().any(|n| n.eq_ignore_ascii_case(next));
            if !verb_like {
                return;
            }
            // ... and after a word of intent or plan ("agreed to hold", "is to sign"); after
            // anything else it is a purpose ("was flown in to make the trip").
            let previous = position
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .map(|t| doc.slice(t.span))
                .unwrap_or("");
            if !cues.intent.iter().any(|n| n.eq_ignore_ascii_case(previous)) {
                return;
            }
        }
        // A reporting verb right next to the date ("said Friday") is its clause's verb.
        let slot = if cue == Cue::Report && distance > 3 {
            &mut report
        } else {
            &mut best
        };
        // A weak cue ("the plan", "expected") decides only when no strong one is in
        // reach; an infinitive ("agreed to hold talks in March") is checked above and
        // keeps its distance.
        let distance = if weak && buffer != "to" {
            distance + WINDOW_BEFORE + WINDOW_AFTER
        } else {
            distance
        };
        if slot.is_none_or(|(d, _)| distance < d) {
            *slot = Some((distance, cue));
        }
    };
    // Quotation marks bound the clause: a quoted "will" says nothing of "said Friday".
    let is_quote = |position: usize| {
        tokens
            .get(position)
            .is_some_and(|t| t.kind == TokenKind::Punct && QUOTES.contains(doc.slice(t.span)))
    };
    for (distance, position) in (0..first).rev().take(WINDOW_BEFORE).enumerate() {
        if is_quote(position) {
            break;
        }
        consider(distance + 1, position, &mut buffer);
    }
    for (distance, position) in (last..tokens.len()).take(WINDOW_AFTER).enumerate() {
        if is_quote(position) {
            break;
        }
        consider(distance + 1, position, &mut buffer);
    }
    match best.or(report).map(|(_, cue)| cue) {
        Some(Cue::Past | Cue::Report) => Direction::Past,
        Some(Cue::None) => Direction::Neutral,
        Some(Cue::Future) => Direction::Future,
        Some(Cue::Present) | None => Direction::Neutral,
    }
}
