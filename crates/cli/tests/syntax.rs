//! End-to-end tests of the language-layer commands: `annalist parse` (text and CoNLL-U
//! in, CoNLL-U out), `annalist train-syntax` and `annalist eval syntax`, on texts and
//! treebank sentences written for these tests.

use annalist_syntax::conllu::{self, Sentence};
use assert_cmd::Command;
use predicates::prelude::*;

fn annalist() -> Command {
    Command::cargo_bin("annalist").expect("binary builds")
}

/// A short dispatch of our own: a dateline, clitics (`don't`, `cannot`, `haven't`), a
/// hyphenated compound, a time with its unit, quotations, two paragraphs.
const DISPATCH: &str = "GENEVA, March 3 (Reuters) - Negotiators don't expect a deal before 5pm, \
a spokeswoman said on Tuesday.

\"We cannot sign what we haven't read,\" she told reporters. The NATO-Russia council will \
meet again next week, and the talks may resume in April.
";

/// Sentences of our own in CoNLL-U, with a multiword token and a `# newdoc`.
const TREEBANK: &str = "\
# newdoc id = mine
# sent_id = mine-1
# text = The envoys don't agree.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tenvoys\tenvoy\tNOUN\tNNS\t_\t5\tnsubj\t_\t_
3-4\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
3\tdo\tdo\tAUX\tVBP\t_\t5\taux\t_\t_
4\tn't\tnot\tPART\tRB\t_\t5\tadvmod\t_\t_
5\tagree\tagree\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# sent_id = mine-2
# text = Talks resumed in Vienna.
1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\t_
3\tin\tin\tADP\tIN\t_\t4\tcase\t_\t_
4\tVienna\tVienna\tPROPN\tNNP\t_\t2\tobl\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

/// The text without its whitespace: what the words must spell, in order.
fn letters(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks CoNLL-U output and returns its sentences: it reads back; every sentence has
/// exactly one root, heads in range and no cycle; every word has tags, a lemma and a
/// relation.
fn well_formed(output: &str) -> Vec<Sentence> {
    let sentences = conllu::parse(output).expect("the output reads back as CoNLL-U");
    assert!(!sentences.is_empty(), "no sentence in {output}");
    for s in &sentences {
        let n = s.words.len();
        let roots = s.words.iter().filter(|w| w.head == 0).count();
        assert_eq!(roots, 1, "{:?}: {roots} roots", s.sent_id);
        for (i, w) in s.words.iter().enumerate() {
            assert!(w.head <= n, "{:?}: head {} of {n} words", s.sent_id, w.head);
            assert_ne!(
                w.head,
                i + 1,
                "{:?}: word {} heads itself",
                s.sent_id,
                i + 1
            );
            assert!(
                annalist_core::Upos::parse(&w.upos).is_some(),
                "{:?}: UPOS {:?}",
                s.sent_id,
                w.upos
            );
            for (what, value) in [
                ("XPOS", &w.xpos),
                ("lemma", &w.lemma),
                ("deprel", &w.deprel),
            ] {
                assert!(
                    !value.is_empty() && value != "_",
                    "{:?}: no {what}",
                    s.sent_id
                );
            }
            // Following heads from any word reaches the root within n steps.
            let mut at = i + 1;
            for _ in 0..=n {
                if at == 0 {
                    break;
                }
                at = s.words[at - 1].head;
            }
            assert_eq!(at, 0, "{:?}: a cycle through word {}", s.sent_id, i + 1);
        }
        let root = s.words.iter().position(|w| w.head == 0).unwrap();
        assert_eq!(s.words[root].deprel, "root", "{:?}", s.sent_id);
    }
    sentences
}

/// The surface tokens of every sentence, whitespace removed, joined.
fn spelled(sentences: &[Sentence]) -> String {
    sentences
        .iter()
        .flat_map(|s| s.surface_tokens())
        .map(|(form, _)| form.to_string())
        .collect()
}

fn stdout(command: &mut Command) -> String {
    let output = command.assert().success().get_output().stdout.clone();
    String::from_utf8(output).expect("UTF-8 output")
}

#[test]
fn syntax_commands_have_help() {
    for args in [
        &["parse", "--help"][..],
        &["train-syntax", "--help"],
        &["eval", "syntax", "--help"],
    ] {
        annalist()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn parse_text_gives_well_formed_conllu() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dispatch.txt");
    std::fs::write(&file, DISPATCH).unwrap();
    let output = stdout(annalist().arg("parse").arg(&file));
    let sentences = well_formed(&output);
    assert!(sentences.len() >= 4, "{output}");
    // The words spell the text, in order; each sentence's `# text` is its own.
    assert_eq!(spelled(&sentences), letters(DISPATCH));
    for s in &sentences {
        let text = s.text.as_deref().expect("# text");
        assert!(!text.contains('\n'));
        assert_eq!(letters(text), spelled(std::slice::from_ref(s)));
        assert!(DISPATCH.replace('\n', " ").contains(text), "{text:?}");
        assert!(s.sent_id.is_some());
    }
    assert!(output.starts_with("# newdoc id = "));
    // Clitics are multiword tokens, as in UD English.
    let forms: Vec<&str> = sentences
        .iter()
        .flat_map(|s| s.multiword.iter().map(|m| m.form.as_str()))
        .collect();
    for clitic in ["don't", "cannot", "haven't"] {
        assert!(forms.contains(&clitic), "{clitic} in {forms:?}");
    }
    let words: Vec<&str> = sentences
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.form.as_str()))
        .collect();
    for word in ["do", "n't", "can", "not", "NATO", "-", "Russia"] {
        assert!(words.contains(&word), "{word} in {words:?}");
    }
    // The sentence ids are unique.
    let mut ids: Vec<&str> = sentences
        .iter()
        .filter_map(|s| s.sent_id.as_deref())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), sentences.len());
}

#[test]
fn parse_reads_standard_input_and_writes_a_file() {
    let from_stdin = stdout(annalist().arg("parse").write_stdin(DISPATCH));
    let sentences = well_formed(&from_stdin);
    assert_eq!(spelled(&sentences), letters(DISPATCH));

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    let out = dir.path().join("out.conllu");
    std::fs::write(&input, DISPATCH).unwrap();
    let printed = stdout(annalist().arg("parse").arg(&input).arg("-o").arg(&out));
    assert!(printed.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    let from_file = well_formed(&written);
    // The same words, tags and trees; only the ids (which name the source) differ.
    let strip =
        |s: &[Sentence]| -> Vec<Vec<conllu::Word>> { s.iter().map(|s| s.words.clone()).collect() };
    assert_eq!(strip(&from_file), strip(&sentences));
    // Nothing is left beside the output.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 2);
}

#[test]
fn parse_conllu_keeps_the_words_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.conllu");
    std::fs::write(&file, TREEBANK).unwrap();
    let output = stdout(
        annalist()
            .args(["parse", "--input-format", "conllu"])
            .arg(&file),
    );
    let predicted = well_formed(&output);
    let gold = conllu::parse(TREEBANK).unwrap();
    assert_eq!(predicted.len(), gold.len());
    for (p, g) in predicted.iter().zip(&gold) {
        assert_eq!(p.sent_id, g.sent_id);
        assert_eq!(p.text, g.text);
        assert_eq!(p.multiword, g.multiword);
        let forms =
            |s: &Sentence| -> Vec<String> { s.words.iter().map(|w| w.form.clone()).collect() };
        assert_eq!(forms(p), forms(g));
    }
    assert!(output.starts_with("# newdoc\n"));
}

#[test]
fn a_bad_input_is_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    let binary = dir.path().join("binary.txt");
    let missing = dir.path().join("missing.txt");
    std::fs::write(&good, DISPATCH).unwrap();
    std::fs::write(&binary, b"\xff\xfe\x00 not text").unwrap();
    let assert = annalist()
        .arg("parse")
        .arg(&missing)
        .arg(&binary)
        .arg(&good)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.txt"))
        .stderr(predicate::str::contains("binary.txt: not UTF-8"));
    let output = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(spelled(&well_formed(&output)), letters(DISPATCH));

    let bad = dir.path().join("bad.conllu");
    std::fs::write(&bad, "1\tA\ta\tX\n").unwrap();
    annalist()
        .args(["parse", "--input-format", "conllu"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.conllu: line 1"));
}

/// A word of the tiny treebank: form, lemma, UPOS, XPOS, head, relation.
type TinyWord = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
    &'static str,
);

/// Twelve sentences of our own, for a model trained in a blink.
fn tiny_treebank() -> String {
    let sentences: [&[TinyWord]; 3] = [
        &[
            ("They", "they", "PRON", "PRP", 3, "nsubj"),
            ("will", "will", "AUX", "MD", 3, "aux"),
            ("meet", "meet", "VERB", "VB", 0, "root"),
            ("today", "today", "NOUN", "NN", 3, "obl:tmod"),
            (".", ".", "PUNCT", ".", 3, "punct"),
        ],
        &[
            ("The", "the", "DET", "DT", 2, "det"),
            ("minister", "minister", "NOUN", "NN", 3, "nsubj"),
            ("said", "say", "VERB", "VBD", 0, "root"),
            ("nothing", "nothing", "PRON", "NN", 3, "obj"),
            (".", ".", "PUNCT", ".", 3, "punct"),
        ],
        &[
            ("Talks", "talk", "NOUN", "NNS", 2, "nsubj"),
            ("resumed", "resume", "VERB", "VBD", 0, "root"),
            ("in", "in", "ADP", "IN", 4, "case"),
            ("Geneva", "Geneva", "PROPN", "NNP", 2, "obl"),
            (".", ".", "PUNCT", ".", 2, "punct"),
        ],
    ];
    let mut out = String::new();
    for n in 0..12 {
        let words = sentences[n % 3];
        let forms: Vec<&str> = words.iter().map(|w| w.0).collect();
        out += &format!("# sent_id = t{n}\n# text = {}.\n", forms[..4].join(" "));
        for (i, (form, lemma, upos, xpos, head, rel)) in words.iter().enumerate() {
            let misc = if i == 3 { "SpaceAfter=No" } else { "_" };
            out += &format!(
                "{}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t{misc}\n",
                i + 1
            );
        }
        out.push('\n');
    }
    out
}

#[test]
fn train_syntax_writes_a_model_that_parse_and_eval_read() {
    let dir = tempfile::tempdir().unwrap();
    let ud = dir.path().join("ud");
    std::fs::create_dir(&ud).unwrap();
    let treebank = tiny_treebank();
    std::fs::write(ud.join("en_ewt-ud-train.conllu"), &treebank).unwrap();
    std::fs::write(ud.join("en_ewt-ud-dev.conllu"), &treebank).unwrap();
    std::fs::write(ud.join("en_ewt-ud-test.conllu"), &treebank).unwrap();
    let model = dir.path().join("model.bin");
    let log = stdout(
        annalist()
            .args(["train-syntax", "--ud"])
            .arg(&ud)
            .arg(&model),
    );
    assert!(log.contains("wrote"), "{log}");
    assert!(log.contains("gold tokenisation"), "{log}");
    let bytes = std::fs::read(&model).unwrap();
    assert!(annalist_syntax::Model::from_bytes(&bytes).is_ok());
    // Only the model is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);

    let parsed = stdout(
        annalist()
            .args(["parse", "--model"])
            .arg(&model)
            .write_stdin("The minister said nothing. Talks resumed in Geneva.\n"),
    );
    let sentences = well_formed(&parsed);
    assert_eq!(
        spelled(&sentences),
        letters("The minister said nothing. Talks resumed in Geneva.")
    );

    let scores = stdout(
        annalist()
            .args(["eval", "syntax", "--split", "test", "--ud"])
            .arg(&ud)
            .arg("--model")
            .arg(&model),
    );
    for expected in [
        "gold tokenisation",
        "raw text",
        "UPOS",
        "LAS",
        ">= 86",
        "Tokens",
        "Sentences",
    ] {
        assert!(scores.contains(expected), "{expected} in {scores}");
    }
}

#[test]
fn train_syntax_without_a_treebank_is_a_runtime_error() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.bin");
    annalist()
        .args(["train-syntax", "--ud"])
        .arg(dir.path())
        .arg(&model)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("en_ewt-ud-train.conllu"));
    assert!(!model.exists());
}

#[test]
fn eval_syntax_scores_our_treebank_with_the_embedded_model() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("en_ewt-ud-test.conllu"), TREEBANK).unwrap();
    let scores = stdout(annalist().args(["eval", "syntax", "--ud"]).arg(dir.path()));
    assert!(
        scores.contains("gold tokenisation (2 sentences, 11 words)"),
        "{scores}"
    );
    assert!(scores.contains("raw text"), "{scores}");
    assert!(
        scores.contains("targets UPOS >= 95.5, UAS >= 86, LAS >= 83"),
        "{scores}"
    );
    let raw_only = stdout(
        annalist()
            .args(["eval", "syntax", "--raw", "--ud"])
            .arg(dir.path()),
    );
    assert!(!raw_only.contains("gold tokenisation"), "{raw_only}");
    assert!(raw_only.contains("Tokens"), "{raw_only}");
}

#[test]
fn eval_syntax_scores_another_systems_conllu() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("en_ewt-ud-test.conllu"), TREEBANK).unwrap();
    let system = dir.path().join("system.conllu");
    // The gold itself, with one relation changed: LAS 10 of 11.
    std::fs::write(&system, TREEBANK.replace("\tobl\t", "\tobj\t")).unwrap();
    let scores = stdout(
        annalist()
            .args(["eval", "syntax", "--ud"])
            .arg(dir.path())
            .arg("--system")
            .arg(&system),
    );
    assert!(
        scores.contains("  UAS           100.00    100.00    100.00     100.00"),
        "{scores}"
    );
    assert!(
        scores.contains("  LAS            90.91     90.91     90.91      90.91"),
        "{scores}"
    );
    let other = dir.path().join("other.conllu");
    std::fs::write(&other, TREEBANK.replace("Vienna", "Berlin")).unwrap();
    annalist()
        .args(["eval", "syntax", "--ud"])
        .arg(dir.path())
        .arg("--system")
        .arg(&other)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("differ"));
}

#[test]
fn eval_syntax_without_the_treebank_names_it() {
    let dir = tempfile::tempdir().unwrap();
    annalist()
        .args(["eval", "syntax", "--ud"])
        .arg(dir.path().join("nowhere"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("en_ewt-ud-test.conllu"));
}
