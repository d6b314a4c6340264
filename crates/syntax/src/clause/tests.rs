//! Tests of clause building on trees written by hand (no model involved) and of the
//! clause lexicon's loading.

use super::*;
use annalist_core::{Document, Metadata, StrRef, Word};
use std::sync::OnceLock;

fn lexicon() -> &'static ClauseLexicon {
    static LEXICON: OnceLock<ClauseLexicon> = OnceLock::new();
    LEXICON.get_or_init(|| ClauseLexicon::embedded().expect("the clause lexicon loads"))
}

fn push(strings: &mut String, text: &str) -> StrRef {
    let start = strings.len() as u32;
    strings.push_str(text);
    StrRef {
        start,
        len: text.len() as u32,
    }
}

/// A document whose syntax layer is written by hand. Each sentence is words separated by
/// `|`, a word being `form lemma UPOS XPOS head rel` (head: 0 for the root, else 1-based
/// in the sentence); a form written `~n't` is glued to the word before (one token).
fn document(sentences: &[&str]) -> Document {
    let parsed: Vec<Vec<Vec<&str>>> = sentences
        .iter()
        .map(|s| {
            s.split('|')
                .map(|w| w.split_whitespace().collect())
                .collect()
        })
        .collect();
    let mut text = String::new();
    let mut spans = Vec::new();
    for sentence in &parsed {
        for word in sentence {
            let form = word[0];
            let glued = form.strip_prefix('~');
            if glued.is_none() && !text.is_empty() {
                text.push(' ');
            }
            let form = glued.unwrap_or(form);
            spans.push(Span::new(text.len(), text.len() + form.len()));
            text.push_str(form);
        }
    }
    let mut doc = Document::new(text, Metadata::default());
    let mut syntax = Syntax::default();
    let mut at = 0;
    for (s, sentence) in parsed.iter().enumerate() {
        let first = at;
        for word in sentence {
            assert_eq!(word.len(), 6, "{word:?}");
            let span = spans[at];
            let token = doc
                .tokens
                .iter()
                .position(|t| t.span.contains(span))
                .expect("every word lies in a token") as u32;
            let head: usize = word[4].parse().unwrap();
            let form = span.slice(&doc.text).to_string();
            let lemma = push(&mut syntax.strings, word[1]);
            let lower = push(&mut syntax.strings, &form.to_lowercase());
            syntax.words.push(Word {
                span,
                token,
                sentence: s as u32,
                upos: Upos::parse(word[2]).unwrap(),
                xpos: Label::new(word[3]),
                head: (head > 0).then(|| (first + head - 1) as u32),
                rel: Label::new(word[5]),
                lemma,
                lower,
            });
            at += 1;
        }
        syntax.sentence_words.push((first as u32, at as u32));
    }
    build_clauses(&mut syntax, lexicon());
    doc.syntax = syntax;
    doc
}

fn text(doc: &Document, span: Span) -> &str {
    doc.slice(span)
}

/// The word `form` of the document (the first with that form).
fn word(doc: &Document, form: &str) -> u32 {
    (0..doc.syntax.words.len())
        .find(|&i| doc.slice(doc.syntax.words[i].span) == form)
        .unwrap_or_else(|| panic!("no word {form:?}")) as u32
}

const LAVROV: &str = "Lavrov Lavrov PROPN NNP 2 nsubj|said say VERB VBD 0 root|the the DET DT 4 det|talks talk NOUN NNS 7 nsubj|would would AUX MD 7 aux|not not PART RB 7 advmod|resume resume VERB VB 2 ccomp|. . PUNCT . 2 punct";

#[test]
fn a_reported_complement_with_a_modal_and_negation() {
    let doc = document(&[LAVROV]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 2);
    let said = word(&doc, "said");
    assert_eq!(c[0].kind, ClauseKind::Main);
    assert_eq!(c[0].head, said);
    assert_eq!(c[0].parent, None);
    assert_eq!(c[0].tense, Tense::Past);
    assert_eq!(c[0].aspect, Aspect::Simple);
    assert!(!c[0].negated && !c[0].passive);
    assert_eq!(c[0].modality, None);
    assert_eq!(c[0].reported_by, None);
    assert_eq!(text(&doc, c[0].span), doc.text);
    assert_eq!(c[1].kind, ClauseKind::Complement);
    assert_eq!(c[1].head, word(&doc, "resume"));
    assert_eq!(c[1].parent, Some(0));
    assert_eq!(text(&doc, c[1].span), "the talks would not resume");
    // `would` is modality, not tense.
    assert_eq!(c[1].tense, Tense::None);
    assert_eq!(c[1].modality, Some(Label::new("would")));
    assert!(c[1].negated);
    assert_eq!(c[1].reported_by, Some(said));
    assert_eq!(c[1].sentence, 0);
    let clause_of = |form| doc.syntax.word_clauses[word(&doc, form) as usize];
    assert_eq!(clause_of("Lavrov"), Some(0));
    assert_eq!(clause_of("."), Some(0));
    assert_eq!(clause_of("talks"), Some(1));
    assert_eq!(clause_of("not"), Some(1));
    assert_eq!(
        doc.syntax.clause_at(doc.text.find("talks").unwrap()),
        Some(&c[1])
    );
}

#[test]
fn a_catenative_gives_its_open_complement_modality() {
    let doc = document(&["Russia Russia PROPN NNP 2 nsubj|plans plan VERB VBZ 0 root|to to PART TO 4 mark|hold hold VERB VB 2 xcomp|talks talk NOUN NNS 4 obj|. . PUNCT . 2 punct"]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 2);
    assert_eq!(
        (c[0].kind, c[0].tense, c[0].modality),
        (ClauseKind::Main, Tense::Present, None)
    );
    assert_eq!(c[1].kind, ClauseKind::Open);
    assert_eq!(c[1].head, word(&doc, "hold"));
    assert_eq!(c[1].parent, Some(0));
    assert_eq!(c[1].tense, Tense::None);
    assert_eq!(c[1].modality, Some(Label::new("plan to")));
    assert_eq!(text(&doc, c[1].span), "to hold talks");
    assert_eq!(c[1].reported_by, None);
}

#[test]
fn a_passive() {
    let doc = document(&["The the DET DT 2 det|sanctions sanction NOUN NNS 4 nsubj:pass|were be AUX VBD 4 aux:pass|imposed impose VERB VBN 0 root|. . PUNCT . 4 punct"]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 1);
    assert!(c[0].passive);
    assert_eq!(c[0].tense, Tense::Past);
    // The passive's `be` is not the progressive's.
    assert_eq!(c[0].aspect, Aspect::Simple);
    assert!(!c[0].negated);
}

#[test]
fn an_inserted_speech_verb_reports_the_clause_it_is_attached_to() {
    let doc = document(&["Talks talk NOUN NNS 7 nsubj|, , PUNCT , 4 punct|he he PRON PRP 4 nsubj|said say VERB VBD 7 parataxis|, , PUNCT , 4 punct|will will AUX MD 7 aux|continue continue VERB VB 0 root|. . PUNCT . 7 punct"]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 2);
    let said = word(&doc, "said");
    assert_eq!(c[0].head, word(&doc, "continue"));
    assert_eq!(c[0].tense, Tense::Future);
    assert_eq!(c[0].modality, Some(Label::new("will")));
    assert_eq!(c[0].reported_by, Some(said));
    assert_eq!(c[1].kind, ClauseKind::Parataxis);
    assert_eq!(c[1].head, said);
    assert_eq!(c[1].parent, Some(0));
    assert_eq!(c[1].tense, Tense::Past);
    assert_eq!(c[1].reported_by, None);
    assert_eq!(text(&doc, c[1].span), ", he said ,");
}

#[test]
fn a_reported_parataxis_under_the_speech_verb() {
    // `He said: talks will resume` with the content as parataxis of `said`.
    let doc = document(&["He he PRON PRP 2 nsubj|said say VERB VBD 0 root|: : PUNCT : 6 punct|talks talk NOUN NNS 6 nsubj|will will AUX MD 6 aux|resume resume VERB VB 2 parataxis"]);
    let c = &doc.syntax.clauses;
    assert_eq!(c[1].kind, ClauseKind::Parataxis);
    assert_eq!(c[1].reported_by, Some(word(&doc, "said")));
    assert_eq!(
        c[0].reported_by, None,
        "the content has a complement-less speech verb above, not below"
    );
}

#[test]
fn aspect_from_have_and_be() {
    let doc = document(&[
        "The the DET DT 2 det|minister minister NOUN NN 5 nsubj|has have AUX VBZ 5 aux|been be AUX VBN 5 aux|holding hold VERB VBG 0 root|meetings meeting NOUN NNS 5 obj|. . PUNCT . 5 punct",
        "Talks talk NOUN NNS 3 nsubj|had have AUX VBD 3 aux|ended end VERB VBN 0 root|. . PUNCT . 3 punct",
        "Talks talk NOUN NNS 3 nsubj|are be AUX VBP 3 aux|continuing continue VERB VBG 0 root|. . PUNCT . 3 punct",
        "Sanctions sanction NOUN NNS 4 nsubj:pass|have have AUX VBP 4 aux|been be AUX VBN 4 aux:pass|imposed impose VERB VBN 0 root|. . PUNCT . 4 punct",
        "Sanctions sanction NOUN NNS 4 nsubj:pass|are be AUX VBP 4 aux|being be AUX VBG 4 aux:pass|imposed impose VERB VBN 0 root|. . PUNCT . 4 punct",
    ]);
    let c = &doc.syntax.clauses;
    let got: Vec<_> = c.iter().map(|c| (c.tense, c.aspect, c.passive)).collect();
    assert_eq!(
        got,
        [
            (Tense::Present, Aspect::PerfectProgressive, false),
            (Tense::Past, Aspect::Perfect, false),
            (Tense::Present, Aspect::Progressive, false),
            (Tense::Present, Aspect::Perfect, true),
            (Tense::Present, Aspect::Progressive, true),
        ]
    );
    let sentences: Vec<_> = c.iter().map(|c| c.sentence).collect();
    assert_eq!(sentences, [0, 1, 2, 3, 4]);
}

#[test]
fn coordinated_clauses_share_what_the_first_conjunct_has() {
    let doc = document(&[
        "Officials official NOUN NNS 2 nsubj|met meet VERB VBD 0 root|on on ADP IN 4 case|Friday Friday PROPN NNP 2 obl|and and CCONJ CC 6 cc|discussed discuss VERB VBD 2 conj|the the DET DT 8 det|plan plan NOUN NN 6 obj|. . PUNCT . 2 punct",
        "Police police NOUN NNS 2 nsubj|said say VERB VBD 0 root|two two NUM CD 4 nummod|men man NOUN NNS 6 nsubj:pass|were be AUX VBD 6 aux:pass|arrested arrest VERB VBN 2 ccomp|and and CCONJ CC 8 cc|charged charge VERB VBN 6 conj|. . PUNCT . 2 punct",
        "Russia Russia PROPN NNP 4 nsubj|will will AUX MD 4 aux|not not PART RB 4 advmod|meet meet VERB VB 0 root|or or CCONJ CC 6 cc|negotiate negotiate VERB VB 4 conj",
    ]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 7);
    assert_eq!(c[1].kind, ClauseKind::Coordinate);
    assert_eq!(c[1].head, word(&doc, "discussed"));
    assert_eq!(c[1].parent, Some(0));
    assert_eq!(c[1].tense, Tense::Past);
    assert_eq!(text(&doc, c[1].span), "and discussed the plan");
    // `were arrested and charged`: the conjunct shares the passive, the tense and the
    // speech verb.
    let (arrested, charged) = (&c[3], &c[4]);
    assert_eq!(arrested.reported_by, Some(word(&doc, "said")));
    assert!(arrested.passive && charged.passive);
    assert_eq!(charged.kind, ClauseKind::Coordinate);
    assert_eq!(charged.parent, Some(3));
    assert_eq!(charged.tense, Tense::Past);
    assert_eq!(charged.reported_by, arrested.reported_by);
    // `will not meet or negotiate`: the modal and future are shared, negation is not.
    let (meet, negotiate) = (&c[5], &c[6]);
    assert_eq!(meet.head, word(&doc, "meet"));
    assert!(meet.negated);
    assert_eq!(
        (negotiate.tense, negotiate.modality),
        (Tense::Future, Some(Label::new("will")))
    );
    assert!(!negotiate.negated);
}

#[test]
fn a_coordinated_nominal_is_no_clause() {
    let doc = document(&["Russia Russia PROPN NNP 4 nsubj|and and CCONJ CC 3 cc|Ukraine Ukraine PROPN NNP 1 conj|met meet VERB VBD 0 root|. . PUNCT . 4 punct"]);
    assert_eq!(doc.syntax.clauses.len(), 1);
    assert!(doc.syntax.word_clauses.iter().all(|c| *c == Some(0)));
}

#[test]
fn a_clitic_negation_and_a_future_complement() {
    let doc = document(&["She she PRON PRP 4 nsubj|did do AUX VBD 4 aux|~n't not PART RB 4 advmod|say say VERB VB 0 root|when when ADV WRB 9 advmod|the the DET DT 7 det|envoy envoy NOUN NN 9 nsubj|will will AUX MD 9 aux|visit visit VERB VB 4 ccomp|. . PUNCT . 4 punct"]);
    assert!(doc.text.starts_with("She didn't say"));
    let c = &doc.syntax.clauses;
    assert_eq!((c[0].tense, c[0].negated), (Tense::Past, true));
    assert_eq!(c[1].tense, Tense::Future);
    assert_eq!(c[1].modality, Some(Label::new("will")));
    assert_eq!(c[1].reported_by, Some(word(&doc, "say")));
    assert_eq!(text(&doc, c[1].span), "when the envoy will visit");
}

#[test]
fn relative_and_adverbial_clauses() {
    let doc = document(&[
        "The the DET DT 2 det|ministry ministry NOUN NN 9 nsubj|, , PUNCT , 5 punct|which which PRON WDT 5 nsubj|issued issue VERB VBD 2 acl:relcl|a a DET DT 7 det|statement statement NOUN NN 5 obj|, , PUNCT , 5 punct|denied deny VERB VBD 0 root|the the DET DT 11 det|report report NOUN NN 9 obj|. . PUNCT . 9 punct",
        "If if SCONJ IN 3 mark|talks talk NOUN NNS 3 nsubj|fail fail VERB VBP 7 advcl|, , PUNCT , 7 punct|sanctions sanction NOUN NNS 7 nsubj|may may AUX MD 7 aux|follow follow VERB VB 0 root|. . PUNCT . 7 punct",
    ]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 4);
    assert_eq!(c[1].kind, ClauseKind::Adnominal);
    assert_eq!(c[1].parent, Some(0));
    assert_eq!(c[1].tense, Tense::Past);
    assert_eq!(text(&doc, c[1].span), ", which issued a statement ,");
    // `deny` is a speech verb, but the relative clause is not its complement.
    assert_eq!(c[1].reported_by, None);
    assert_eq!(
        (c[2].tense, c[2].modality),
        (Tense::None, Some(Label::new("may")))
    );
    assert_eq!(c[3].kind, ClauseKind::Adverbial);
    assert_eq!((c[3].tense, c[3].parent), (Tense::Present, Some(2)));
    assert_eq!(text(&doc, c[3].span), "If talks fail");
}

#[test]
fn future_semi_auxiliaries() {
    let doc = document(&[
        "They they PRON PRP 3 nsubj|are be AUX VBP 3 aux|going go VERB VBG 0 root|to to PART TO 5 mark|sign sign VERB VB 3 xcomp|an a DET DT 7 det|agreement agreement NOUN NN 5 obj|. . PUNCT . 3 punct",
        "He he PRON PRP 2 nsubj|went go VERB VBD 0 root|to to PART TO 4 mark|see see VERB VB 2 xcomp|Putin Putin PROPN NNP 4 obj",
        "Moscow Moscow PROPN NNP 3 nsubj|is be AUX VBZ 3 cop|ready ready ADJ JJ 0 root|to to PART TO 5 mark|resume resume VERB VB 3 xcomp|dialogue dialogue NOUN NN 5 obj",
    ]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 6);
    assert_eq!((c[0].tense, c[0].aspect), (Tense::Future, Aspect::Simple));
    assert_eq!(c[0].modality, Some(Label::new("going to")));
    assert_eq!((c[1].kind, c[1].tense), (ClauseKind::Open, Tense::Future));
    assert_eq!(c[1].modality, Some(Label::new("going to")));
    // `went to see` is no future.
    assert_eq!((c[2].tense, c[2].modality), (Tense::Past, None));
    assert_eq!((c[3].tense, c[3].modality), (Tense::None, None));
    // `be ready to`: the copula gives the tense.
    assert_eq!(c[4].tense, Tense::Present);
    assert_eq!(c[5].modality, Some(Label::new("ready to")));
}

#[test]
fn modality_is_read_down_a_chain_of_open_complements() {
    let doc = document(&["Russia Russia PROPN NNP 3 nsubj|will will AUX MD 3 aux|start start VERB VB 0 root|to to PART TO 5 mark|try try VERB VB 3 xcomp|to to PART TO 7 mark|withdraw withdraw VERB VB 5 xcomp"]);
    let c = &doc.syntax.clauses;
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].modality, Some(Label::new("will")));
    // `start` is no catenative: `try` inherits `will`; `try` is one: `withdraw` gets
    // `try to`.
    assert_eq!(c[1].modality, Some(Label::new("will")));
    assert_eq!(c[2].modality, Some(Label::new("try to")));
    assert_eq!(c[2].parent, Some(1));
}

#[test]
fn cognition_verbs_and_two_word_cues_report() {
    let doc = document(&[
        "We we PRON PRP 2 nsubj|hope hope VERB VBP 0 root|that that SCONJ IN 6 mark|the the DET DT 5 det|war war NOUN NN 6 nsubj|ends end VERB VBZ 2 ccomp",
        "He he PRON PRP 2 nsubj|pointed point VERB VBD 0 root|out out ADP RP 2 compound:prt|that that SCONJ IN 6 mark|talks talk NOUN NNS 6 nsubj|failed fail VERB VBD 2 ccomp",
        "He he PRON PRP 2 nsubj|pointed point VERB VBD 0 root|to to ADP IN 5 mark|talks talk NOUN NNS 5 nsubj|failing fail VERB VBG 2 ccomp",
    ]);
    let c = &doc.syntax.clauses;
    assert_eq!(c[1].reported_by, Some(word(&doc, "hope")));
    assert_eq!(c[3].reported_by, Some(c[2].head));
    // `point` without `out` is no speech verb.
    assert_eq!(c[5].reported_by, None);
}

#[test]
fn broken_trees_do_not_panic() {
    // Words 1 and 2 head each other (a cycle), word 3 heads itself, word 4 is the root.
    let mut doc =
        document(&["a a DET DT 2 det|b b NOUN NN 1 nmod|c c NOUN NN 3 dep|d d VERB VB 0 root"]);
    let syntax = &mut doc.syntax;
    build_clauses(syntax, lexicon());
    // A head outside the sentence counts as a root.
    syntax.words[0].head = Some(99);
    build_clauses(syntax, lexicon());
    assert_eq!(syntax.word_clauses.len(), 4);
    assert!(syntax.clauses.iter().all(|c| c.kind == ClauseKind::Main));
    assert_eq!(syntax.word_clauses[1], Some(0));
    // An empty layer and a sentence range past the words.
    let mut empty = Syntax {
        sentence_words: vec![(0, 5)],
        ..Syntax::default()
    };
    build_clauses(&mut empty, lexicon());
    assert!(empty.clauses.is_empty());
}

#[test]
fn clauses_nest_and_parents_come_first() {
    let doc = document(&[LAVROV, "Russia Russia PROPN NNP 2 nsubj|plans plan VERB VBZ 0 root|to to PART TO 4 mark|hold hold VERB VB 2 xcomp|talks talk NOUN NNS 4 obj"]);
    let syntax = &doc.syntax;
    for (i, c) in syntax.clauses.iter().enumerate() {
        assert!(c.span.contains(syntax.words[c.head as usize].span));
        assert_eq!(syntax.word_clauses[c.head as usize], Some(i as u32));
        if let Some(p) = c.parent {
            assert!((p as usize) < i);
            assert!(syntax.clauses[p as usize].span.contains(c.span));
            assert_eq!(syntax.clauses[p as usize].sentence, c.sentence);
        }
    }
    assert_eq!(syntax.clauses[2].sentence, 1);
    assert_eq!(syntax.clauses[2].parent, None);
}

#[test]
fn the_embedded_lexicon_has_every_class() {
    let lexicon = lexicon();
    for (class, _) in CLASSES {
        assert!(
            lexicon
                .words
                .values()
                .any(|e| e.classes & class_bit(class) != 0),
            "{class}"
        );
    }
    assert!(lexicon.is("modal", "would"));
    assert_eq!(
        lexicon.modal_meaning("would"),
        Some(Label::new("hypothetical"))
    );
    assert!(lexicon.is("future", "will") && !lexicon.is("future", "would"));
    assert!(lexicon.is("negation", "n't"));
    assert!(lexicon.is("catenative", "plan"));
    // Speech verbs come from the quote recogniser's cues.
    assert!(lexicon.is("speech", "say") && lexicon.is("speech", "tell"));
    assert!(lexicon.is_speech_with("point", "out"));
    assert!(!lexicon.is("speech", "point"));
}

fn class_bit(name: &str) -> Classes {
    CLASSES.iter().find(|(n, _)| *n == name).unwrap().1
}

#[test]
fn a_bad_lexicon_is_a_load_error() {
    let full = CLAUSES_TSV;
    let without_negation: String = full
        .lines()
        .filter(|l| !l.starts_with("negation\t"))
        .map(|l| format!("{l}\n"))
        .collect();
    let err = ClauseLexicon::parse(&without_negation, CUES_TSV).unwrap_err();
    assert!(
        err.to_string().contains("\"negation\" has no word"),
        "{err}"
    );
    let unknown = format!("{full}\nmodals\tcan\n");
    let err = ClauseLexicon::parse(&unknown, CUES_TSV).unwrap_err();
    assert!(
        err.to_string().contains("unknown class \"modals\""),
        "{err}"
    );
    let two_words = format!("{full}\nmodal\tought to\n");
    assert!(ClauseLexicon::parse(&two_words, CUES_TSV).is_err());
    let err = ClauseLexicon::parse(full, "# no cues\nsaying\tgerund\tsaying\n").unwrap_err();
    assert!(err.to_string().contains("no verb cue"), "{err}");
}
