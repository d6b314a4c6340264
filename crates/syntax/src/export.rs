//! The language layer as CoNLL-U: a document's syntactic words, with their lemma, tags,
//! head and relation, turned into [`conllu::Sentence`]s (`annalist parse`, and the
//! raw-text scorer of `annalist eval syntax`).
//!
//! A sentence of the syntax layer ([`annalist_core::Syntax::sentence_words`]) is a
//! CoNLL-U sentence: `# sent_id = <doc id>-<n>` (1-based, over the sentences written)
//! and `# text = ` its text, line breaks turned into spaces. Heads become 1-based
//! indices within the sentence. Where the core's tokeniser kept as one token what UD
//! splits into several words, the words are written as UD English-EWT writes them: a
//! clitic split, between a letter and a letter or an apostrophe (`don't` = `do` + `n't`,
//! `Russia's`, `cannot`, `gonna`), is a multiword token; any other split (`NATO-Russia` =
//! `NATO` `-` `Russia`, `and/or`, `5pm` = `5` `pm`, `St.George`) gives tokens of their
//! own, glued by `SpaceAfter=No`. `SpaceAfter=No` marks every token whose next word
//! starts right where it ends.

use crate::conllu::{self, MultiwordToken};
use annalist_core::{Document, Span};

/// A sentence as exported, with where each of its surface tokens lies in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedSentence {
    pub sentence: conllu::Sentence,
    /// Each surface token (a multiword token or a word of its own), in order: its byte
    /// span in [`Document::text`].
    pub tokens: Vec<Span>,
    /// For each word of the sentence, the index of its surface token in `tokens`.
    pub word_tokens: Vec<usize>,
}

/// The document's syntax layer as CoNLL-U sentences (empty when the layer is).
pub fn document_sentences(doc: &Document) -> Vec<conllu::Sentence> {
    document_sentences_spanned(doc)
        .into_iter()
        .map(|s| s.sentence)
        .collect()
}

/// Whether two words of one core token are one multiword token in UD: a clitic split,
/// a letter before, a letter or an apostrophe after (`do|n't`, `Russia|'s`, `can|not`);
/// not `NATO|-`, `5|pm`, `St.|George`.
fn clitic_split(left: &str, right: &str) -> bool {
    left.chars().next_back().is_some_and(char::is_alphabetic)
        && right
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '`'))
}

/// A column's value as CoNLL-U writes an unknown one.
fn or_underscore(value: &str) -> String {
    if value.is_empty() {
        "_".to_string()
    } else {
        value.to_string()
    }
}

/// The sentence's text for `# text`: line breaks (`\r\n`, `\n`, `\r`) become spaces.
fn comment_text(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// Like [`document_sentences`], with each surface token's span.
pub fn document_sentences_spanned(doc: &Document) -> Vec<ExportedSentence> {
    let syntax = &doc.syntax;
    let words = &syntax.words;
    let mut out = Vec::with_capacity(syntax.sentence_words.len());
    for &(first, last) in &syntax.sentence_words {
        let (first, last) = (first as usize, (last as usize).min(words.len()));
        if first >= last {
            continue;
        }
        // The sentence's surface tokens, as ranges of word indices (in the document).
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut i = first;
        while i < last {
            let mut end = i + 1;
            while end < last
                && words[end].token == words[i].token
                && words[end].span.start == words[end - 1].span.end
                && clitic_split(doc.slice(words[end - 1].span), doc.slice(words[end].span))
            {
                end += 1;
            }
            groups.push((i, end));
            i = end;
        }
        // A space follows a token unless the document's next word starts at its end.
        let space_after = |end_word: usize| match words.get(end_word + 1) {
            Some(next) => next.span.start != words[end_word].span.end,
            None => true,
        };
        let mut sentence = conllu::Sentence::default();
        let mut tokens = Vec::with_capacity(groups.len());
        let mut word_tokens = Vec::with_capacity(last - first);
        for (t, &(a, b)) in groups.iter().enumerate() {
            let span = Span::new(words[a].span.start, words[b - 1].span.end);
            tokens.push(span);
            let multiword = b - a > 1;
            if multiword {
                sentence.multiword.push(MultiwordToken {
                    first: a - first + 1,
                    last: b - first,
                    form: doc.slice(span).to_string(),
                    space_after: space_after(b - 1),
                });
            }
            for (k, word) in words[a..b].iter().enumerate() {
                let head = match word.head {
                    None => 0,
                    Some(h) if (first..last).contains(&(h as usize)) => h as usize - first + 1,
                    // A head outside the sentence would not be CoNLL-U: the word is
                    // written as a root.
                    Some(_) => 0,
                };
                let rel = match word.rel.as_str() {
                    "" if head == 0 => "root",
                    rel => rel,
                };
                word_tokens.push(t);
                sentence.words.push(conllu::Word {
                    form: doc.slice(word.span).to_string(),
                    lemma: or_underscore(syntax.str(word.lemma)),
                    upos: word.upos.as_str().to_string(),
                    xpos: or_underscore(word.xpos.as_str()),
                    feats: "_".to_string(),
                    head,
                    deprel: or_underscore(rel),
                    space_after: multiword || space_after(a + k),
                });
            }
        }
        let text_span = Span::new(words[first].span.start, words[last - 1].span.end);
        sentence.sent_id = Some(format!("{}-{}", doc.id, out.len() + 1));
        sentence.text = Some(comment_text(doc.slice(text_span)));
        out.push(ExportedSentence {
            sentence,
            tokens,
            word_tokens,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_core::{Label, Metadata, StrRef, Syntax, Upos, Word};

    /// A document whose syntax layer is written by hand: each sentence a list of
    /// `(word, upos, head (1-based in the sentence, 0 root), rel)`, the words found in
    /// order in the text.
    fn document(text: &str, sentences: &[&[(&str, Upos, usize, &str)]]) -> Document {
        let mut doc = Document::new(text.to_string(), Metadata::default());
        let mut syntax = Syntax::default();
        let mut cursor = 0;
        for (s, words) in sentences.iter().enumerate() {
            let start = syntax.words.len() as u32;
            for &(form, upos, head, rel) in words.iter() {
                let at = cursor + doc.text[cursor..].find(form).expect("word in the text");
                let span = Span::new(at, at + form.len());
                cursor = span.end;
                let token = doc
                    .tokens
                    .iter()
                    .position(|t| t.span.contains(span))
                    .expect("word inside a token") as u32;
                let lower = form.to_lowercase();
                let lemma = StrRef {
                    start: syntax.strings.len() as u32,
                    len: lower.len() as u32,
                };
                syntax.strings.push_str(&lower);
                syntax.words.push(Word {
                    span,
                    token,
                    sentence: s as u32,
                    upos,
                    xpos: Label::new("XX"),
                    head: (head > 0).then(|| start + head as u32 - 1),
                    rel: Label::new(rel),
                    lemma,
                    lower: lemma,
                });
            }
            syntax
                .sentence_words
                .push((start, syntax.words.len() as u32));
        }
        doc.syntax = syntax;
        doc
    }

    fn sample() -> Document {
        use Upos::*;
        document(
            "They don't back NATO-Russia talks.\nIt\nrained (hard).\nWe cannot stay until 5pm.",
            &[
                &[
                    ("They", Pron, 4, "nsubj"),
                    ("do", Aux, 4, "aux"),
                    ("n't", Part, 4, "advmod"),
                    ("back", Verb, 0, "root"),
                    ("NATO", Propn, 8, "compound"),
                    ("-", Punct, 7, "punct"),
                    ("Russia", Propn, 8, "compound"),
                    ("talks", Noun, 4, "obj"),
                    (".", Punct, 4, "punct"),
                ],
                &[
                    ("It", Pron, 2, "nsubj"),
                    ("rained", Verb, 0, "root"),
                    ("(", Punct, 4, "punct"),
                    ("hard", Adv, 2, "advmod"),
                    (")", Punct, 4, "punct"),
                    (".", Punct, 2, "punct"),
                ],
                &[
                    ("We", Pron, 4, "nsubj"),
                    ("can", Aux, 4, "aux"),
                    ("not", Part, 4, "advmod"),
                    ("stay", Verb, 0, "root"),
                    ("until", Adp, 6, "case"),
                    ("5", Num, 4, "obl"),
                    ("pm", Noun, 6, "compound"),
                    (".", Punct, 4, "punct"),
                ],
            ],
        )
    }

    #[test]
    fn clitics_are_multiword_tokens_hyphens_are_tokens() {
        let doc = sample();
        let sentences = document_sentences_spanned(&doc);
        assert_eq!(sentences.len(), 3);
        let first = &sentences[0].sentence;
        assert_eq!(first.sent_id, Some(format!("{}-1", doc.id)));
        assert_eq!(
            first.text.as_deref(),
            Some("They don't back NATO-Russia talks.")
        );
        assert_eq!(
            first.multiword,
            vec![MultiwordToken {
                first: 2,
                last: 3,
                form: "don't".into(),
                space_after: true
            }]
        );
        assert_eq!(
            first.surface_tokens(),
            vec![
                ("They", true),
                ("don't", true),
                ("back", true),
                ("NATO", false),
                ("-", false),
                ("Russia", true),
                ("talks", false),
                (".", true),
            ]
        );
        let spans: Vec<&str> = sentences[0]
            .tokens
            .iter()
            .map(|&span| doc.slice(span))
            .collect();
        assert_eq!(
            spans,
            ["They", "don't", "back", "NATO", "-", "Russia", "talks", "."]
        );
        assert_eq!(sentences[0].word_tokens, [0, 1, 1, 2, 3, 4, 5, 6, 7]);
        let heads: Vec<usize> = first.words.iter().map(|w| w.head).collect();
        assert_eq!(heads, [4, 4, 4, 0, 8, 7, 8, 4, 4]);
        assert_eq!(first.words[3].deprel, "root");
        assert_eq!(first.words[1].lemma, "do");
        assert_eq!(first.words[1].upos, "AUX");
        assert_eq!(first.words[1].xpos, "XX");
    }

    #[test]
    fn heads_are_local_text_has_no_line_breaks() {
        let doc = sample();
        let second = &document_sentences(&doc)[1];
        assert_eq!(second.sent_id, Some(format!("{}-2", doc.id)));
        assert_eq!(second.text.as_deref(), Some("It rained (hard)."));
        let heads: Vec<usize> = second.words.iter().map(|w| w.head).collect();
        assert_eq!(heads, [2, 0, 4, 2, 4, 2]);
        assert_eq!(
            second.surface_tokens(),
            vec![
                ("It", true),
                ("rained", true),
                ("(", false),
                ("hard", false),
                (")", false),
                (".", true)
            ]
        );
    }

    #[test]
    fn cannot_is_one_token_five_pm_two() {
        let third = &document_sentences(&sample())[2];
        assert_eq!(third.multiword.len(), 1);
        assert_eq!((third.multiword[0].first, third.multiword[0].last), (2, 3));
        assert_eq!(third.multiword[0].form, "cannot");
        assert_eq!(
            third.surface_tokens(),
            vec![
                ("We", true),
                ("cannot", true),
                ("stay", true),
                ("until", true),
                ("5", false),
                ("pm", false),
                (".", true)
            ]
        );
        assert!(clitic_split("Russia", "'s") && clitic_split("do", "n’t"));
        assert!(!clitic_split("St.", "George") && !clitic_split("NATO", "-"));
    }

    #[test]
    fn written_conllu_reads_back() {
        let sentences = document_sentences(&sample());
        let mut out = String::new();
        conllu::write(&sentences, &mut out).unwrap();
        assert!(out.contains("2-3\tdon't\t"));
        assert!(out.contains("\tNATO\tnato\tPROPN\tXX\t_\t8\tcompound\t_\tSpaceAfter=No\n"));
        assert_eq!(conllu::parse(&out).unwrap(), sentences);
    }

    #[test]
    fn an_empty_layer_exports_nothing() {
        let doc = Document::new("Nothing parsed.".into(), Metadata::default());
        assert!(document_sentences(&doc).is_empty());
    }
}
