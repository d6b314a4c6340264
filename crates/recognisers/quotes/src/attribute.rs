//! Finding who said what: the patterns that tie a quoted segment or a cue to a speaker
//! phrase and a content span, over the document's tokens.
//!
//! Two passes produce [`Candidate`]s whose speakers are still phrases (spans):
//! - the direct pass looks around each paired quotation for a cue and a speaker right
//!   after it (`"...," he said`, `"...," said Lavrov`) or right before it
//!   (`Lavrov said: "..."`, `According to X, "..."`); a split quotation
//!   (`"A," X said, "B."`) gives two quotes with the same cue and speaker;
//! - the indirect pass takes every remaining cue: `X said (that) CONTENT`,
//!   `CONTENT, X said`, `CONTENT, said X`, `According to X, CONTENT`,
//!   `CONTENT, according to X`, `X told reporters CONTENT`, `..., adding that CONTENT`.
//!   Content holding quotation marks makes the quote `mixed`.
//!
//! Quoted segments that no pattern claims and that do not stand as sentences of their own
//! (scare quotes, titles, short terms) are not quotations of a speaker.
//! Speakers are resolved to entities later, in [`crate::speakers`].

use crate::lexicon::{
    CueHit, CueKind, Lexicon, ADDRESSEE, ADDRESSEE_PREP, ADJUNCT, AUX, COMPLEMENTIZER, COORDINATOR,
    DET, PRONOUN, REJECT, RELATIVE, STOP,
};
use crate::marks::Segment;
use annalist_core::{Document, QuoteKind, Span, Token, TokenKind};

/// Fewest words a quoted segment without cue needs to count as a quotation standing on
/// its own (shorter ones are scare quotes or terms).
const STANDALONE_MIN_WORDS: usize = 4;
/// Longest speaker or addressee phrase, in tokens.
const MAX_PHRASE: usize = 10;
/// How far after a closing mark the cue may be, in tokens (`," the ministry's press
/// service said`).
const AFTER_WINDOW: usize = 24;
/// Fewest tokens of indirect content.
const MIN_CONTENT: usize = 3;

/// Who a candidate quotation is attributed to, before resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeakerRef {
    /// A speaker phrase in the text.
    Phrase(Span),
    /// No phrase: the latest speaker (a quotation paragraph without cue).
    Inherit,
    /// The subject of the clause `[start, end)`: its first person or organisation
    /// mention, else the latest speaker (`X lobbied ..., saying: "..."`,
    /// `... and called the move "..."`).
    /// The second span is the clause's leading phrase, for when no mention is there.
    Subject(Span, Option<Span>),
}

/// A quotation found by a pattern, its speaker not yet resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub span: Span,
    pub kind: QuoteKind,
    pub cue: Option<Span>,
    pub speaker: SpeakerRef,
    pub addressee: Option<Span>,
}

impl Candidate {
    /// Where the attribution starts in the text (what "before" means for resolution).
    pub fn position(&self) -> usize {
        match self.speaker {
            SpeakerRef::Phrase(s) => s.start.min(self.span.start),
            SpeakerRef::Inherit | SpeakerRef::Subject(..) => self.span.start,
        }
    }
}

/// Token-level view of a document for the patterns.
pub struct Ctx<'d> {
    text: &'d str,
    tokens: &'d [Token],
    doc: &'d Document,
    lex: &'d Lexicon,
    /// Start offsets of all cue hits, sorted (a speaker phrase never runs over a cue).
    cue_starts: Vec<usize>,
    /// Start offsets of the gerund cues (`adding`, `noting`), sorted.
    gerund_starts: Vec<usize>,
}

fn is_sentence_end(w: &str) -> bool {
    matches!(w, "." | "!" | "?" | ";")
}

fn is_quote_mark(w: &str) -> bool {
    matches!(w, "\"" | "“" | "”" | "„" | "«" | "»" | "‘" | "’" | "'")
}

fn is_dash(w: &str) -> bool {
    matches!(w, "—" | "–" | "-" | "--")
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn lowercase_start(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

impl<'d> Ctx<'d> {
    pub fn new(doc: &'d Document, lex: &'d Lexicon, cues: &[CueHit]) -> Ctx<'d> {
        Ctx {
            text: &doc.text,
            tokens: &doc.tokens,
            doc,
            lex,
            cue_starts: cues.iter().map(|c| c.span.start).collect(),
            gerund_starts: cues
                .iter()
                .filter(|c| c.kind == CueKind::Gerund)
                .map(|c| c.span.start)
                .collect(),
        }
    }

    fn word(&self, i: usize) -> &'d str {
        self.tokens.get(i).map_or("", |t| t.span.slice(self.text))
    }

    /// Whether token `i`, as written, is in one of the word classes `flags`.
    fn word_is(&self, i: usize, flags: u16) -> bool {
        self.lex.is_exact(self.word(i), flags)
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    fn span(&self, i: usize) -> Span {
        self.tokens.get(i).map_or(Span::default(), |t| t.span)
    }

    /// Span from token `a` to token `b` inclusive.
    fn range(&self, a: usize, b: usize) -> Span {
        Span::new(self.span(a).start, self.span(b).end)
    }

    /// First token starting at or after `offset`.
    fn token_from(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }

    /// Number of tokens ending at or before `offset` (the last one is this minus one).
    fn tokens_before(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span.end <= offset)
    }

    fn is_cue_token(&self, i: usize) -> bool {
        let start = self.span(i).start;
        self.cue_starts.binary_search(&start).is_ok()
    }

    /// The comma of the first `, adding` (a gerund cue after a comma) in `[from, to)`: where
    /// the clause of the cue before it ends ("X, Lavrov said, adding that Y").
    fn gerund_comma(&self, from: usize, to: usize) -> Option<usize> {
        (from.max(1)..to)
            .find(|&k| {
                self.word(k - 1) == ","
                    && self
                        .gerund_starts
                        .binary_search(&self.span(k).start)
                        .is_ok()
            })
            .map(|k| k - 1)
    }

    /// Token range `[lo, hi)` of the sentence holding `offset`.
    fn sentence_tokens(&self, offset: usize) -> (usize, usize) {
        match self
            .doc
            .sentence_at(offset)
            .and_then(|s| self.doc.sentences.get(s))
        {
            Some(sentence) => sentence.tokens,
            None => {
                let at = self.token_from(offset);
                (at, (at + 1).min(self.tokens.len()))
            }
        }
    }

    /// Token range `[lo, hi)` of the paragraph holding `offset`.
    fn paragraph_tokens(&self, offset: usize) -> (usize, usize) {
        let index = self.doc.paragraphs.partition_point(|p| p.end <= offset);
        match self.doc.paragraphs.get(index) {
            Some(p) => (self.token_from(p.start), self.tokens_before(p.end)),
            None => (0, self.tokens.len()),
        }
    }

    /// A period inside a phrase: after an abbreviation (`U.S.`, `Jr.`) before a capital.
    pub(crate) fn inner_period(&self, i: usize) -> bool {
        let prev = self.word(i.wrapping_sub(1));
        let next = self.word(i + 1);
        let abbreviation = prev.contains('.') || (prev.len() <= 3 && capitalised(prev));
        self.word(i) == "."
            && i > 0
            && ((abbreviation && capitalised(next))
                // `(R-Fla.)`, `Jr.,`
                || (capitalised(prev) && matches!(next, ")" | ",")))
    }

    /// The speaker phrase ending right before the cue at token `cue` (auxiliaries and an
    /// appositive in commas skipped): inclusive token range, not before `floor`.
    pub fn speaker_before(&self, cue: usize, floor: usize) -> Option<(usize, usize)> {
        if cue <= floor {
            return None;
        }
        if self.lex.is(self.word(cue - 1), REJECT) && lowercase_start(self.word(cue - 1)) {
            return None;
        }
        let mut end = cue;
        while end > floor
            && lowercase_start(self.word(end - 1))
            && self.lex.is(self.word(end - 1), AUX)
            && !self.lex.is(self.word(end - 1), PRONOUN)
        {
            end -= 1;
        }
        if end > floor + 1 && self.word_is(end - 1, RELATIVE) {
            // `a message that said`, `Smith, who said`: the antecedent speaks.
            end -= 1;
            if self.word(end - 1) == "," {
                end -= 1;
            }
            return self.phrase_before(end, floor);
        }
        if end > floor && self.word(end - 1) == "," {
            // `Lavrov, who spoke in Geneva, said`: the phrase is before the appositive.
            let comma = end - 1;
            let lowest = comma.saturating_sub(20).max(floor);
            let mut opening = None;
            let mut j = comma;
            while j > lowest {
                j -= 1;
                let w = self.word(j);
                if w == "," {
                    opening = Some(j);
                    break;
                }
                if is_sentence_end(w) || is_quote_mark(w) || w == ":" {
                    break;
                }
            }
            let opening = opening?;
            if opening + 1 >= comma {
                return None;
            }
            // An appositive holds a common noun (`Sanders' campaign manager`, `who ...`);
            // one without is the name itself (`A top strategist, John Weaver, said`).
            if !(opening + 1..comma).any(|k| lowercase_start(self.word(k))) {
                return (self.plausible_speaker(opening + 1, comma - 1))
                    .then_some((opening + 1, comma - 1));
            }
            end = opening;
        }
        self.phrase_before(end, floor)
    }

    /// The noun phrase ending right before token `end`, not before `floor`.
    fn phrase_before(&self, end: usize, floor: usize) -> Option<(usize, usize)> {
        let mut start = end;
        while start > floor && end - start < MAX_PHRASE {
            let i = start - 1;
            let w = self.word(i);
            match self.kind(i) {
                Some(TokenKind::Word) | Some(TokenKind::Number) => {
                    // A participle ends the phrase (`an ad slamming candidates said`).
                    let participle = lowercase_start(w) && w.len() > 4 && w.ends_with("ing");
                    if self.lex.is(w, STOP)
                        || (self.is_cue_token(i) && lowercase_start(w))
                        || participle
                    {
                        break;
                    }
                }
                Some(TokenKind::Punct) => {
                    if w == ")" {
                        // `state Sen. Jason Holsman (D) said`: a short bracket inside.
                        match (i.saturating_sub(6).max(floor)..i)
                            .rev()
                            .find(|&k| self.word(k) == "(")
                        {
                            Some(k) if k > floor => {
                                start = k;
                                continue;
                            }
                            _ => break,
                        }
                    }
                    if !(w == "&" || (start < end && self.inner_period(i))) {
                        break;
                    }
                }
                None => break,
            }
            start -= 1;
        }
        // Leading prepositions and numbers are not the speaker (`from Mike Lee`).
        while start < end
            && (self.kind(start) == Some(TokenKind::Number)
                || (lowercase_start(self.word(start))
                    && self.lex.is(self.word(start), STOP | ADJUNCT)))
        {
            start += 1;
        }
        (start < end && self.plausible_speaker(start, end - 1)).then(|| (start, end - 1))
    }

    /// A speaker phrase needs a name, a pronoun or a noun: not only determiners,
    /// adverbs or adjunct words (`the`, `last`, `When`).
    pub(crate) fn plausible_speaker(&self, a: usize, b: usize) -> bool {
        (a..=b).any(|k| {
            let w = self.word(k);
            self.kind(k) == Some(TokenKind::Word)
                && (self.lex.is(w, PRONOUN)
                    || !(self.lex.is(w, DET | ADJUNCT | STOP | AUX)
                        || (lowercase_start(w) && w.ends_with("ly"))))
        })
    }

    /// The speaker phrase starting at token `from` (inverted `said Lavrov`,
    /// `according to the minister`), not reaching `ceiling`.
    pub fn speaker_after(&self, from: usize, ceiling: usize) -> Option<(usize, usize)> {
        let first = self.word(from);
        let modifier = lowercase_start(first)
            && !self.lex.is(first, STOP | ADJUNCT | AUX)
            && !self.is_cue_token(from)
            && capitalised(self.word(from + 1));
        if from >= ceiling
            || !(capitalised(first)
                || modifier
                || self.lex.is(first, DET)
                || self.lex.is(first, PRONOUN))
        {
            return None;
        }
        let mut end = from;
        while end < ceiling && end - from < MAX_PHRASE {
            let w = self.word(end);
            match self.kind(end) {
                Some(TokenKind::Word) | Some(TokenKind::Number) => {
                    if end > from
                        && lowercase_start(w)
                        && (self.lex.is(w, STOP | ADJUNCT) || self.is_cue_token(end))
                    {
                        break;
                    }
                }
                Some(TokenKind::Punct) => {
                    if w == "(" {
                        match (end + 1..ceiling.min(end + 7)).find(|&k| self.word(k) == ")") {
                            Some(k) => {
                                end = k + 1;
                                continue;
                            }
                            None => break,
                        }
                    }
                    if !(w == "&" || self.inner_period(end)) {
                        break;
                    }
                }
                None => break,
            }
            end += 1;
        }
        (end > from && self.plausible_speaker(from, end - 1)).then(|| (from, end - 1))
    }

    /// The addressee after a `tell` cue (`reporters`, `TASS`, `the newspaper`).
    fn addressee_at(&self, i: usize, ceiling: usize) -> Option<(usize, usize)> {
        if i >= ceiling || self.kind(i) != Some(TokenKind::Word) {
            return None;
        }
        let w = self.word(i);
        if self.lex.is(w, ADDRESSEE) {
            return Some((i, i));
        }
        if lowercase_start(w) && i + 1 < ceiling && self.lex.is(self.word(i + 1), ADDRESSEE) {
            // `told cheering supporters`
            return Some((i, i + 1));
        }
        if capitalised(w) && !self.lex.is(w, COMPLEMENTIZER) {
            let mut end = i;
            while end + 1 < ceiling
                && (capitalised(self.word(end + 1)) || self.inner_period(end + 1))
                && end - i < MAX_PHRASE
            {
                end += 1;
            }
            return Some((i, end));
        }
        if self.lex.is(w, DET) && !self.lex.is(w, COMPLEMENTIZER) {
            if i + 1 < ceiling && capitalised(self.word(i + 1)) {
                // `told the Washington Post`
                let mut end = i + 1;
                while end + 1 < ceiling
                    && (capitalised(self.word(end + 1)) || self.inner_period(end + 1))
                    && end - i < MAX_PHRASE
                {
                    end += 1;
                }
                return Some((i, end));
            }
            let mut end = i;
            while end + 1 < ceiling && end - i < 4 {
                let next = self.word(end + 1);
                if self.kind(end + 1) != Some(TokenKind::Word)
                    || self.lex.is(next, STOP | ADJUNCT)
                    || self.lex.is(next, COMPLEMENTIZER)
                {
                    break;
                }
                end += 1;
                // A determiner and one noun when no `that` follows soon: `told the
                // newspaper the talks failed`.
                if !(i + 1..ceiling.min(i + 6)).any(|k| self.word_is(k, COMPLEMENTIZER)) {
                    break;
                }
            }
            return (end > i).then_some((i, end));
        }
        None
    }

    /// Whether what follows the cue (and addressee) at token `after` leaves the report
    /// before the speaker: the sentence ends, a comma, an adjunct (`said on Friday`), or a
    /// quotation reopening.
    fn tail_is_adjunct(&self, after: usize, ceiling: usize) -> bool {
        if after >= ceiling {
            return true;
        }
        let w = self.word(after);
        self.kind(after) == Some(TokenKind::Number)
            || (lowercase_start(w) && w.ends_with("ing"))
            || is_sentence_end(w)
            || w == ","
            || is_quote_mark(w)
            || is_dash(w)
            || w == ")"
            || self.lex.is(w, ADJUNCT | ADDRESSEE)
            || (lowercase_start(w) && w.ends_with("ly"))
    }

    /// Content after a cue ending at token `cue_last`: `(addressee, content)`.
    fn content_after(
        &self,
        cue_last: usize,
        with_addressee: bool,
        ceiling: usize,
    ) -> Option<(Option<Span>, Span)> {
        let mut i = cue_last + 1;
        let mut addressee = None;
        if with_addressee {
            if let Some((a, b)) = self.addressee_at(i, ceiling) {
                addressee = Some(self.range(a, b));
                i = b + 1;
            }
        }
        if matches!(self.word(i), "," | ":") {
            i += 1;
        }
        if lowercase_start(self.word(i)) && self.lex.is(self.word(i), ADJUNCT) {
            // `said on Friday that ...`: the content starts after `that`.
            // Without `that`, the content starts right there when it holds a quotation
            // (`warned of the dangers of "..."`, `vowed to "continue ..."`).
            let limit = ceiling.min(i + 12);
            match (i..limit).find(|&k| self.word_is(k, COMPLEMENTIZER)) {
                Some(that) => i = that + 1,
                None if (i..ceiling).any(|k| is_quote_mark(self.word(k))) => {}
                None => return None,
            }
        } else if self.word_is(i, COMPLEMENTIZER) {
            i += 1;
        }
        let mut last = ceiling.checked_sub(1)?;
        while last > i && (is_sentence_end(self.word(last)) || self.word(last) == ",") {
            last -= 1;
        }
        if last < i || last + 1 - i < MIN_CONTENT {
            return None;
        }
        Some((addressee, self.range(i, last)))
    }

    /// Content before a speaker that follows a comma: from `floor` to the comma at
    /// token `comma`.
    fn content_before(&self, floor: usize, comma: usize) -> Option<Span> {
        let w = self.word(comma);
        if !(w == "," || is_dash(w)) || comma < floor + MIN_CONTENT {
            return None;
        }
        Some(self.range(floor, comma - 1))
    }
}

/// The direct pass: attribution of each quoted segment. Returns candidates and, per
/// segment, whether it was claimed; marks used cues in `used`.
pub fn direct_pass(
    ctx: &Ctx<'_>,
    segments: &[Segment],
    cues: &[CueHit],
    used: &mut [bool],
) -> (Vec<Candidate>, Vec<bool>) {
    let mut candidates = Vec::new();
    let mut claimed = vec![false; segments.len()];
    for (index, segment) in segments.iter().enumerate() {
        let found = after_quote(ctx, segment, cues)
            .or_else(|| before_quote(ctx, segment, cues))
            .map(|(c, speaker, addressee)| {
                (Some(c), cues.get(c).map(|h| h.span), speaker, addressee)
            })
            .or_else(|| {
                unknown_verb_after(ctx, segment)
                    .map(|(cue, speaker)| (None, Some(cue), speaker, None))
            });
        if let Some((cue_index, cue, speaker, addressee)) = found {
            if let Some(flag) = cue_index.and_then(|c| used.get_mut(c)) {
                *flag = true;
            }
            if let Some(flag) = claimed.get_mut(index) {
                *flag = true;
            }
            candidates.push(Candidate {
                span: segment.content,
                kind: QuoteKind::Direct,
                cue,
                speaker,
                addressee,
            });
        } else if let Some(speaker) = colon_intro(ctx, segment) {
            if let Some(flag) = claimed.get_mut(index) {
                *flag = true;
            }
            candidates.push(Candidate {
                span: segment.content,
                kind: QuoteKind::Direct,
                cue: None,
                speaker: SpeakerRef::Phrase(speaker),
                addressee: None,
            });
        } else if standalone(ctx, segment) {
            if let Some(flag) = claimed.get_mut(index) {
                *flag = true;
            }
            candidates.push(Candidate {
                span: segment.content,
                kind: QuoteKind::Direct,
                cue: None,
                speaker: SpeakerRef::Inherit,
                addressee: None,
            });
        }
    }
    (candidates, claimed)
}

type Attribution = (usize, SpeakerRef, Option<Span>);

/// Index of the cue hit starting at token `i`.
fn cue_at(ctx: &Ctx<'_>, cues: &[CueHit], i: usize) -> Option<usize> {
    let start = ctx.span(i).start;
    cues.binary_search_by_key(&start, |c| c.span.start).ok()
}

/// `"...," he said`, `"...," said Lavrov`, `"...," the ministry's press service said`.
fn after_quote(ctx: &Ctx<'_>, segment: &Segment, cues: &[CueHit]) -> Option<Attribution> {
    let inner = Span::new(segment.open.end, segment.close.start).slice(ctx.text);
    let mut t = ctx.token_from(segment.close.end);
    let continues = inner.trim_end().ends_with([',', '—', '–', '-']) || ctx.word(t) == ",";
    let (_, para_hi) = ctx.paragraph_tokens(segment.close.start);
    while t < para_hi && (ctx.word(t) == "," || is_dash(ctx.word(t))) {
        t += 1;
    }
    let limit = para_hi.min(t + AFTER_WINDOW);
    let mut i = t;
    while i < limit {
        let w = ctx.word(i);
        if is_sentence_end(w) && !ctx.inner_period(i) || is_quote_mark(w) || w == ":" {
            return None;
        }
        if let Some(c) = cue_at(ctx, cues, i) {
            let hit = cues.get(c)?;
            let cue_last = ctx.tokens_before(hit.span.end).checked_sub(1)?;
            let (speaker, after) = if i == t {
                match hit.kind {
                    CueKind::Phrase | CueKind::Verb => {
                        match ctx.speaker_after(cue_last + 1, para_hi) {
                            Some((a, b)) => (ctx.range(a, b), b + 1),
                            // No speaker after it: a name that looks like a cue (`Read said`).
                            None => {
                                i += 1;
                                continue;
                            }
                        }
                    }
                    CueKind::Gerund => return None,
                }
            } else {
                if hit.kind == CueKind::Phrase || hit.kind == CueKind::Gerund {
                    return None;
                }
                let (a, b) = ctx.speaker_before(i, t)?;
                // The phrase runs from right after the quotation; words the walk stopped
                // at belong to it (`the Florida senator and presidential candidate said`).
                if a != t && (t..a).any(|x| ctx.kind(x) != Some(TokenKind::Word)) {
                    return None;
                }
                (ctx.range(t, b), cue_last + 1)
            };
            let mut after = after;
            let mut addressee = None;
            if hit.addressee {
                if let Some((a, b)) = ctx.addressee_at(after, para_hi) {
                    addressee = Some(ctx.range(a, b));
                    after = b + 1;
                }
            }
            // A quotation closing on a comma (`"...," he said the day after`) is
            // attributed whatever follows; after a full stop, the words after the cue
            // must not be new reported content (`"...." He said the talks ...`).
            let short =
                ctx.token_from(segment.content.end) - ctx.token_from(segment.content.start) <= 3;
            let lenient =
                (continues && !short && !ctx.word_is(after, COMPLEMENTIZER)) || hit.addressee;
            if !lenient && !ctx.tail_is_adjunct(after, para_hi) {
                return None;
            }
            return Some((c, SpeakerRef::Phrase(speaker), addressee));
        }
        i += 1;
    }
    None
}

/// A past-tense or present verb not in the lexicon right after a quotation that closes
/// on a comma, `!` or `?`, with a speaker phrase on either side of it:
/// `"This is fantastic!" beamed Hartley`, `"...," Bennett shot back`.
fn unknown_verb_after(ctx: &Ctx<'_>, segment: &Segment) -> Option<(Span, SpeakerRef)> {
    let inner = Span::new(segment.open.end, segment.close.start).slice(ctx.text);
    let mut t = ctx.token_from(segment.close.end);
    if !(inner.trim_end().ends_with([',', '!', '?']) || ctx.word(t) == ",") {
        return None;
    }
    let (_, para_hi) = ctx.paragraph_tokens(segment.close.start);
    if ctx.word(t) == "," {
        t += 1;
    }
    let verb_like = |k: usize| {
        let w = ctx.word(k);
        ctx.kind(k) == Some(TokenKind::Word)
            && lowercase_start(w)
            && w.len() > 3
            && (w.ends_with("ed") || w.ends_with('s'))
            && !ctx.lex.is(w, STOP | ADJUNCT | AUX | DET | ADDRESSEE)
    };
    if verb_like(t) {
        let (a, b) = ctx.speaker_after(t + 1, para_hi)?;
        return ctx
            .tail_is_adjunct(b + 1, para_hi)
            .then(|| (ctx.span(t), SpeakerRef::Phrase(ctx.range(a, b))));
    }
    let limit = para_hi.min(t + MAX_PHRASE);
    let k = (t + 1..limit).find(|&k| verb_like(k) || ctx.kind(k) != Some(TokenKind::Word))?;
    if !verb_like(k) || !ctx.tail_is_adjunct(k + 1, para_hi) {
        return None;
    }
    let (a, b) = ctx.speaker_before(k, t)?;
    (a == t).then(|| (ctx.span(k), SpeakerRef::Phrase(ctx.range(a, b))))
}

/// `Lavrov said: "..."`, `He told reporters, "..."`, `According to X, "..."`,
/// and the second half of a split quotation (`"A," X said, "B."`).
fn before_quote(ctx: &Ctx<'_>, segment: &Segment, cues: &[CueHit]) -> Option<Attribution> {
    let count = ctx.tokens_before(segment.open.start);
    // A paragraph ending with a colon introduces the quotation that opens the next one.
    let anchor = match count.checked_sub(1) {
        Some(colon) if ctx.word(colon) == ":" => ctx.span(colon).start,
        _ => segment.open.start,
    };
    let (para_lo, para_hi) = ctx.paragraph_tokens(anchor);
    if count <= para_lo {
        return None;
    }
    let mut j = count - 1;
    if matches!(ctx.word(j), "," | ":") || is_dash(ctx.word(j)) {
        j = j.checked_sub(1)?;
    }
    if ctx.word_is(j, COMPLEMENTIZER) {
        j = j.checked_sub(1)?;
    }
    if j < para_lo {
        return None;
    }
    // The cue ends at j, or a `tell` cue's addressee ends at j, or `according to X` does.
    let lowest = j.saturating_sub(2 * MAX_PHRASE).max(para_lo);
    let mut k = j + 1;
    while k > lowest {
        k -= 1;
        let Some(c) = cue_at(ctx, cues, k) else {
            continue;
        };
        let hit = cues.get(c)?;
        let cue_last = ctx.tokens_before(hit.span.end).checked_sub(1)?;
        let floor = ctx.sentence_tokens(hit.span.start).0.max(para_lo);
        match hit.kind {
            CueKind::Phrase => {
                let (a, b) = ctx.speaker_after(cue_last + 1, para_hi)?;
                if b != j {
                    return None;
                }
                return Some((c, SpeakerRef::Phrase(ctx.range(a, b)), None));
            }
            CueKind::Verb | CueKind::Gerund => {
                let mut addressee = None;
                let adjunct_between = cue_last < j
                    && lowercase_start(ctx.word(cue_last + 1))
                    && ctx.lex.is(ctx.word(cue_last + 1), ADJUNCT)
                    && !(cue_last + 1..=j).any(|x| {
                        let w = ctx.word(x);
                        is_sentence_end(w) || is_quote_mark(w) || w == ":"
                    });
                if cue_last != j && !adjunct_between {
                    // `told reporters: "..."`, `says to Nevadans: "..."`
                    let at = if hit.addressee {
                        cue_last + 1
                    } else if ctx.word_is(cue_last + 1, ADDRESSEE_PREP) {
                        cue_last + 2
                    } else {
                        return None;
                    };
                    let (a, b) = ctx.addressee_at(at, para_hi)?;
                    if b != j {
                        return None;
                    }
                    addressee = Some(ctx.range(a, b));
                }
                let clause =
                    SpeakerRef::Subject(subject_clause(ctx, floor, k), subject(ctx, floor, k));
                if hit.kind == CueKind::Gerund {
                    return Some((c, clause, addressee));
                }
                let speaker = match ctx.speaker_before(k, floor) {
                    Some((a, b)) => SpeakerRef::Phrase(ctx.range(a, b)),
                    // `and added: "..."`, `went on to say, "..."`: the clause's subject.
                    None => clause,
                };
                return Some((c, speaker, addressee));
            }
        }
    }
    None
}

/// `Hoff's letter makes the case: "..."`: a quotation introduced by a colon without a
/// cue is the sentence subject's.
fn colon_intro(ctx: &Ctx<'_>, segment: &Segment) -> Option<Span> {
    let colon = ctx.tokens_before(segment.open.start).checked_sub(1)?;
    if ctx.word(colon) != ":" {
        return None;
    }
    let (lo, _) = ctx.sentence_tokens(ctx.span(colon).start);
    let (para_lo, _) = ctx.paragraph_tokens(ctx.span(colon).start);
    subject(ctx, lo.max(para_lo), colon)
}

/// Where the subject of the clause `[lo, hi)` is looked for: after a leading adverbial
/// (`In the depths of the recession, Ryan worried ...`) and before a `that` clause or a
/// cue (`... worried that Cruz met ...`).
fn subject_clause(ctx: &Ctx<'_>, lo: usize, hi: usize) -> Span {
    let mut lo = lo;
    if ctx.lex.is(ctx.word(lo), STOP | ADJUNCT) {
        if let Some(comma) = (lo..hi.min(lo + 15)).find(|&k| ctx.word(k) == ",") {
            lo = comma + 1;
        }
    }
    let end = (lo..hi)
        .find(|&k| ctx.word_is(k, COMPLEMENTIZER) || ctx.is_cue_token(k))
        .unwrap_or(hi);
    if end <= lo {
        return Span::new(ctx.span(lo).start, ctx.span(lo).start);
    }
    Span::new(ctx.span(lo).start, ctx.span(end - 1).end)
}

/// The subject at the start of a clause `[lo, hi)`: its leading name, or a determiner
/// and one word (`the letter`).
fn subject(ctx: &Ctx<'_>, lo: usize, colon: usize) -> Option<Span> {
    let mut lo = lo;
    if ctx.lex.is(ctx.word(lo), STOP | ADJUNCT) {
        // `In a Fox interview later that day, Trump went further: "..."`
        let comma = (lo..colon.min(lo + 15)).find(|&k| ctx.word(k) == ",")?;
        lo = comma + 1;
    }
    let first = ctx.word(lo);
    let mut end = lo;
    if capitalised(first) && !ctx.lex.is(first, DET | STOP | ADJUNCT) {
        while end + 1 < colon && (capitalised(ctx.word(end + 1)) || ctx.inner_period(end + 1)) {
            end += 1;
        }
    } else if ctx.lex.is(first, DET) && lo + 1 < colon {
        end = lo + 1;
    } else {
        return None;
    }
    (end < colon && ctx.plausible_speaker(lo, end)).then(|| ctx.range(lo, end))
}

/// The last pass: a quoted segment that no pattern claimed and no reported clause holds
/// is still a `direct` quotation when it starts its sentence and has 4+ words (shorter
/// ones are scare quotes, terms or titles). Its speaker is the subject of the
/// sentence before it (`Sanders supporters are crying "..."`), else the latest speaker.
pub fn leftover_pass(
    ctx: &Ctx<'_>,
    segments: &[Segment],
    claimed: &[bool],
    candidates: &[Candidate],
) -> Vec<Candidate> {
    let mut covered: Vec<Span> = candidates.iter().map(|c| c.span).collect();
    covered.sort_unstable();
    let mut extra = Vec::new();
    for (segment, _) in segments.iter().zip(claimed).filter(|(_, &c)| !c) {
        let at = covered.partition_point(|c| c.end <= segment.content.start);
        let held = covered
            .get(at..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| c.start < segment.content.end)
            .any(|c| c.overlaps(segment.content));
        let words = ctx.token_from(segment.content.end) - ctx.token_from(segment.content.start);
        if held || words < STANDALONE_MIN_WORDS {
            continue;
        }
        // Inside a sentence, a quoted segment no cue claims is a term, a title or a
        // partial quotation whose speaker cannot be told reliably (on PolNeAR train,
        // about half such speakers were wrong): left out.
        if !starts_sentence(ctx, segment) {
            continue;
        }
        let (sent_lo, _) = ctx.sentence_tokens(segment.open.start);
        let (para_lo, _) = ctx.paragraph_tokens(segment.open.start);
        let lo = sent_lo.max(para_lo);
        let before = ctx.tokens_before(segment.open.start);
        let clause = subject_clause(ctx, lo, before);
        let phrase = if before > lo {
            subject(ctx, lo, before)
        } else {
            None
        };
        extra.push(Candidate {
            span: segment.content,
            kind: QuoteKind::Direct,
            cue: None,
            speaker: SpeakerRef::Subject(clause, phrase),
            addressee: None,
        });
    }
    extra
}

fn starts_sentence(ctx: &Ctx<'_>, segment: &Segment) -> bool {
    let (sent_lo, _) = ctx.sentence_tokens(segment.open.start);
    let (para_lo, _) = ctx.paragraph_tokens(segment.open.start);
    let lo = sent_lo.max(para_lo);
    let before = ctx.tokens_before(segment.open.start);
    before <= lo || {
        let w = ctx.word(before - 1);
        is_sentence_end(w) || is_quote_mark(w) || w == ":"
    }
}

/// A quotation that stands as a sentence of its own, with no cue (the speaker is the
/// one of the previous quotation): it starts a sentence and has enough words.
fn standalone(ctx: &Ctx<'_>, segment: &Segment) -> bool {
    let (para_lo, para_hi) = ctx.paragraph_tokens(segment.open.start);
    let before = ctx.tokens_before(segment.open.start);
    let starts = before <= para_lo || {
        let w = ctx.word(before - 1);
        is_sentence_end(w) || is_quote_mark(w)
    };
    let after = ctx.token_from(segment.close.end);
    let ends = after >= para_hi || {
        let w = ctx.word(after);
        is_quote_mark(w) || capitalised(w) || is_sentence_end(w)
    };
    let closes_sentence = segment
        .content
        .slice(ctx.text)
        .trim_end()
        .ends_with(['.', '!', '?', '…'])
        || after >= para_hi;
    let words = ctx.token_from(segment.content.end) - ctx.token_from(segment.content.start);
    starts && ends && closes_sentence && words >= STANDALONE_MIN_WORDS
}

/// The indirect pass: every cue not used by a direct quotation and not inside one.
pub fn indirect_pass(
    ctx: &Ctx<'_>,
    segments: &[Segment],
    claimed: &[bool],
    cues: &[CueHit],
    used: &[bool],
) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for (c, hit) in cues.iter().enumerate() {
        if used.get(c).copied().unwrap_or(true) {
            continue;
        }
        // A cue inside a quotation belongs to the quoted speech (or to a title).
        let inside = segments
            .get(segments.partition_point(|s| s.close.end <= hit.span.start))
            .is_some_and(|s| s.open.start < hit.span.start);
        if inside {
            continue;
        }
        if let Some(candidate) = indirect_at(ctx, segments, claimed, hit, &candidates) {
            candidates.push(candidate);
        }
    }
    candidates
}

fn indirect_at(
    ctx: &Ctx<'_>,
    segments: &[Segment],
    claimed: &[bool],
    hit: &CueHit,
    earlier: &[Candidate],
) -> Option<Candidate> {
    let cue_first = ctx.token_from(hit.span.start);
    let cue_last = ctx.tokens_before(hit.span.end).checked_sub(1)?;
    let (sent_lo, sent_hi) = ctx.sentence_tokens(hit.span.start);
    let (para_lo, para_hi) = ctx.paragraph_tokens(hit.span.start);
    let mut floor = sent_lo.max(para_lo);
    let mut ceiling = sent_hi.min(para_hi);
    // A claimed (direct) quotation in the sentence bounds the clause on its side.
    // Only the nearest claimed quotation on each side matters (segments are in order).
    let split = segments.partition_point(|s| s.close.end <= hit.span.start);
    let before = (0..split)
        .rev()
        .find(|&i| claimed.get(i).copied().unwrap_or(false));
    if let Some(segment) = before.and_then(|i| segments.get(i)) {
        floor = floor.max(ctx.token_from(segment.close.end));
    }
    let after = (split..segments.len())
        .filter(|&i| {
            segments
                .get(i)
                .is_some_and(|s| s.open.start >= hit.span.end)
        })
        .find(|&i| claimed.get(i).copied().unwrap_or(false));
    if let Some(segment) = after.and_then(|i| segments.get(i)) {
        ceiling = ceiling.min(ctx.tokens_before(segment.open.start));
    }
    if cue_first < floor || cue_last >= ceiling {
        return None;
    }
    // "X, Lavrov said on Friday, adding that Y": the `said` clause ends at the comma; what
    // follows is the gerund's.
    if hit.kind == CueKind::Verb {
        if let Some(comma) = ctx.gerund_comma(cue_last + 1, ceiling) {
            ceiling = comma;
        }
    }
    let (speaker, addressee, content) = match hit.kind {
        CueKind::Verb => {
            if let Some((a, b)) = ctx.speaker_before(cue_first, floor) {
                let mut after = cue_last + 1;
                let mut addressee = None;
                if hit.addressee {
                    if let Some((x, y)) = ctx.addressee_at(after, ceiling) {
                        addressee = Some(ctx.range(x, y));
                        after = y + 1;
                    }
                }
                let before_first = a
                    .checked_sub(1)
                    .and_then(|comma| ctx.content_before(floor, comma));
                // `In his response, Coll said on Tuesday that ...`: an adverbial before
                // the speaker, or a `that` clause after the cue, means the content follows.
                let that_follows =
                    (after..ceiling.min(after + 12)).any(|k| ctx.word_is(k, COMPLEMENTIZER));
                let adverbial = ctx.lex.is(ctx.word(floor), ADJUNCT | STOP)
                    && ctx
                        .content_after(cue_last, hit.addressee, ceiling)
                        .is_some();
                match before_first {
                    Some(content)
                        if a > floor
                            && !that_follows
                            && !adverbial
                            && ctx.tail_is_adjunct(after, ceiling) =>
                    {
                        (SpeakerRef::Phrase(ctx.range(a, b)), addressee, content)
                    }
                    _ => {
                        if hit.that
                            && !(cue_last + 1..ceiling.min(cue_last + 8))
                                .any(|k| ctx.word_is(k, COMPLEMENTIZER))
                        {
                            return None;
                        }
                        let (addressee, content) =
                            ctx.content_after(cue_last, hit.addressee, ceiling)?;
                        (SpeakerRef::Phrase(ctx.range(a, b)), addressee, content)
                    }
                }
            } else if cue_first > floor && ctx.word_is(cue_first - 1, COORDINATOR) {
                // `... and called the move "regrettable"`: the sentence's speaker.
                let (addressee, content) = ctx.content_after(cue_last, hit.addressee, ceiling)?;
                let clause = subject_clause(ctx, floor, cue_first);
                (
                    SpeakerRef::Subject(clause, subject(ctx, floor, cue_first)),
                    addressee,
                    content,
                )
            } else {
                // `CONTENT, said Lavrov.`
                let comma = cue_first.checked_sub(1)?;
                let content = ctx.content_before(floor, comma)?;
                let (a, b) = ctx.speaker_after(cue_last + 1, ceiling)?;
                if !ctx.tail_is_adjunct(b + 1, ceiling) {
                    return None;
                }
                (SpeakerRef::Phrase(ctx.range(a, b)), None, content)
            }
        }
        CueKind::Phrase => {
            // `According to X, CONTENT`: X runs to the comma (`a new poll by the Harvard
            // University Institute of Politics`); `CONTENT, according to X.`: X runs to
            // the end of the clause.
            let first = cue_last + 1;
            let leading = cue_first == floor || ctx.word(cue_first - 1) == ",";
            let comma = (first..ceiling.min(first + 2 * MAX_PHRASE)).find(|&k| ctx.word(k) == ",");
            match comma {
                Some(comma) if leading && comma > first => {
                    let speaker = SpeakerRef::Phrase(ctx.range(first, comma - 1));
                    let mut last = ceiling.checked_sub(1)?;
                    while last > comma + 1 && is_sentence_end(ctx.word(last)) {
                        last -= 1;
                    }
                    if last < comma + MIN_CONTENT {
                        return None;
                    }
                    (speaker, None, ctx.range(comma + 1, last))
                }
                _ => {
                    let content = ctx.content_before(floor, cue_first.checked_sub(1)?)?;
                    let mut end = first;
                    while end < ceiling
                        && end - first < 2 * MAX_PHRASE
                        && !matches!(ctx.word(end), "," | ";" | ":" | "." | "!" | "?")
                    {
                        end += 1;
                    }
                    if end == first || !ctx.plausible_speaker(first, end - 1) {
                        return None;
                    }
                    (SpeakerRef::Phrase(ctx.range(first, end - 1)), None, content)
                }
            }
        }
        CueKind::Gerund => {
            let after_comma = cue_first > 0 && ctx.word(cue_first - 1) == ",";
            let (addressee, content) = ctx.content_after(cue_last, hit.addressee, ceiling)?;
            // The speaker of an earlier quotation in this sentence, else the sentence's
            // subject (`X issued a statement saying ...`), else the latest speaker.
            let sentence_start = ctx.span(sent_lo).start;
            let clause = SpeakerRef::Subject(
                subject_clause(ctx, floor, cue_first),
                subject(ctx, floor, cue_first),
            );
            let speaker = earlier
                .iter()
                .rev()
                .find(|q| q.cue.is_some_and(|cue| cue.start >= sentence_start))
                .map(|q| q.speaker);
            let has_subject = matches!(clause, SpeakerRef::Subject(_, Some(_)));
            let speaker = match speaker {
                Some(speaker) => speaker,
                None if after_comma || has_subject => clause,
                None => return None,
            };
            (speaker, addressee, content)
        }
    };
    // A quotation opening inside the content carries it to its closing mark (the
    // sentence splitter may have cut inside the quotation).
    let mut content = content;
    let first = segments.partition_point(|s| s.open.start < content.start);
    let mut holds_marks = false;
    for s in segments.get(first..).unwrap_or(&[]) {
        if s.open.start >= content.end {
            break;
        }
        holds_marks = true;
        if s.close.end > content.end && s.paragraphs == 1 {
            content = Span::new(content.start, s.close.end);
        }
    }
    if hit.marks && !holds_marks {
        return None;
    }
    Some(Candidate {
        span: content,
        kind: if holds_marks {
            QuoteKind::Mixed
        } else {
            QuoteKind::Indirect
        },
        cue: Some(hit.span),
        speaker,
        addressee,
    })
}
