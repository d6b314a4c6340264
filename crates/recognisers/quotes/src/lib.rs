//! annalist-quotes: reported speech (direct, mixed and indirect quotations) attributed to
//! speakers.
//!
//! The stage runs after the time and entity stages and fills `Document::quotes`, sorted by
//! span. Each quotation has its content span, kind, cue span, speaker (an entity id when
//! resolved, else the source as written) and addressee (`told reporters`).
//!
//! How it works, in one pass over the text plus work near the few places that matter:
//! 1. quotation marks are found with `memchr` and paired paragraph by paragraph
//!    ([`marks`]); a stray mark is dropped at the end of its paragraph;
//! 2. speech cues from `data/quotes/cues.tsv` are found with one Aho-Corasick automaton
//!    ([`lexicon`]);
//! 3. patterns over the tokens tie quoted segments and cues to speaker phrases and
//!    content ([`attribute`]);
//! 4. speaker phrases are resolved to entities through the entity stage's mentions, with
//!    fallbacks for pronouns and nominals it did not link ([`speakers`]).
//!
//! Decisions:
//! - a split quotation (`"A," X said, "B."`) gives two quotations with the same cue and
//!   speaker;
//! - a quoted phrase inside reported speech makes the whole reported clause one `mixed`
//!   quotation (`called the move "deeply regrettable"`);
//! - a quoted phrase with no cue inside a sentence (a scare quote, a title, a term) is not
//!   a quotation; a quoted sentence of 4+ words with no cue is `direct`, attributed to
//!   the subject of the clause before it, else to the latest speaker (quotation
//!   paragraphs); `X made it clear: "..."` is X's;
//! - a verb not in the lexicon right after a quotation closing on `,` `!` `?` is taken as
//!   the cue (`"...!" beamed Hartley`);
//! - two apostrophes (`''`) count as a double quotation mark.
//!
//! Measured on PolNeAR dev (`annalist eval quotes`), direct subset: content P 0.975,
//! R 0.865, speaker 0.905 (see the crate's final report for the exact run).

pub mod attribute;
pub mod lexicon;
pub mod marks;
pub mod speakers;

use annalist_core::{Document, Recogniser, Severity};
use lexicon::Lexicon;

/// The quote recogniser could not load its lexicons.
#[derive(Debug, thiserror::Error)]
#[error("quote lexicon: {0}")]
pub struct Error(#[from] lexicon::LexiconError);

/// The quotation stage; build once, share across threads.
pub struct QuoteRecogniser {
    lexicon: Lexicon,
}

impl QuoteRecogniser {
    /// Loads and compiles the embedded cue and word lexicons.
    pub fn new() -> Result<QuoteRecogniser, Error> {
        Ok(QuoteRecogniser {
            lexicon: Lexicon::load()?,
        })
    }
}

impl Recogniser for QuoteRecogniser {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn annotate(&self, doc: &mut Document) {
        let from = doc.body_start.min(doc.text.len());
        let marks = marks::scan_marks(&doc.text, from);
        let pairing = marks::pair_marks(&doc.text, &marks, &doc.paragraphs);
        let cues = self.lexicon.find_cues(&doc.text, from);
        let quotes = {
            let ctx = attribute::Ctx::new(doc, &self.lexicon, &cues);
            let mut used = vec![false; cues.len()];
            let (mut candidates, claimed) =
                attribute::direct_pass(&ctx, &pairing.segments, &cues, &mut used);
            candidates.extend(attribute::indirect_pass(
                &ctx,
                &pairing.segments,
                &claimed,
                &cues,
                &used,
            ));
            let leftovers =
                attribute::leftover_pass(&ctx, &pairing.segments, &claimed, &candidates);
            candidates.extend(leftovers);
            speakers::resolve(doc, &self.lexicon, &pairing.segments, candidates)
        };
        for span in pairing.unclosed {
            doc.diagnose(
                "quotes",
                Severity::Info,
                "quotation mark without its pair: ignored".to_string(),
                Some(span),
            );
        }
        doc.quotes = quotes;
    }
}

#[cfg(test)]
mod tests;
