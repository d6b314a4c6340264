//! CoNLL-U, the Universal Dependencies file format: reading (for training and
//! evaluation) and writing (`annalist parse`).
//!
//! Reading keeps what training and scoring need: each syntactic word's form, lemma,
//! UPOS, XPOS, features, head and relation, the multiword-token lines that group words
//! into the tokens of the text (`don't` = `do` + `n't`), `SpaceAfter=No`, and the
//! sentence's `sent_id` and `text` comments. Empty nodes (`8.1`, enhanced
//! dependencies only) are skipped. A line that does not parse is an error with its
//! line number; nothing is guessed.

use crate::Error;

/// One syntactic word (a line with an integer id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root, else the 1-based id of the head word.
    pub head: usize,
    pub deprel: String,
    /// False when the MISC column says `SpaceAfter=No`.
    pub space_after: bool,
}

/// A multiword token: words `first..=last` (1-based) are written as `form` in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultiwordToken {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub space_after: bool,
}

/// A sentence: its comments of interest, words and multiword tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub sent_id: Option<String>,
    pub text: Option<String>,
    pub words: Vec<Word>,
    pub multiword: Vec<MultiwordToken>,
}

impl Sentence {
    /// The surface tokens of the sentence: a multiword token's form once, other words'
    /// forms; each with whether a space follows it.
    pub fn surface_tokens(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        while i < self.words.len() {
            let id = i + 1;
            if let Some(mwt) = self.multiword.iter().find(|m| m.first == id) {
                out.push((mwt.form.as_str(), mwt.space_after));
                i = mwt.last;
            } else {
                let w = &self.words[i];
                out.push((w.form.as_str(), w.space_after));
                i += 1;
            }
        }
        out
    }

    /// The sentence's text: the `# text` comment, else the surface tokens joined as
    /// `SpaceAfter` says.
    pub fn raw_text(&self) -> String {
        if let Some(text) = &self.text {
            return text.clone();
        }
        let mut text = String::new();
        for (form, space) in self.surface_tokens() {
            text.push_str(form);
            if space {
                text.push(' ');
            }
        }
        text.truncate(text.trim_end().len());
        text
    }
}

fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|item| item == "SpaceAfter=No")
}

fn error(line: usize, message: impl Into<String>) -> Error {
    Error::Conllu {
        line,
        message: message.into(),
    }
}

/// Parses a whole CoNLL-U text. Every head must name a word of its sentence.
pub fn parse(text: &str) -> Result<Vec<Sentence>, Error> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut first_line = 0;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                finish(&current, first_line)?;
                sentences.push(std::mem::take(&mut current));
            } else {
                current = Sentence::default();
            }
            continue;
        }
        if current.words.is_empty() && current.multiword.is_empty() {
            first_line = number;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(id) = comment.strip_prefix("sent_id =") {
                current.sent_id = Some(id.trim().to_string());
            } else if let Some(t) = comment.strip_prefix("text =") {
                current.text = Some(t.trim().to_string());
            }
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(error(
                number,
                format!("{} columns, CoNLL-U has 10", columns.len()),
            ));
        }
        let id = columns[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let first: usize = a
                .parse()
                .map_err(|_| error(number, format!("bad id {id:?}")))?;
            let last: usize = b
                .parse()
                .map_err(|_| error(number, format!("bad id {id:?}")))?;
            if first == 0 || last < first || first != current.words.len() + 1 {
                return Err(error(number, format!("multiword range {id} out of order")));
            }
            current.multiword.push(MultiwordToken {
                first,
                last,
                form: columns[1].to_string(),
                space_after: space_after(columns[9]),
            });
            continue;
        }
        let n: usize = id
            .parse()
            .map_err(|_| error(number, format!("bad id {id:?}")))?;
        if n != current.words.len() + 1 {
            return Err(error(
                number,
                format!("word id {n} where {} was expected", current.words.len() + 1),
            ));
        }
        let head = match columns[6] {
            "_" => 0,
            h => h
                .parse()
                .map_err(|_| error(number, format!("bad head {h:?}")))?,
        };
        current.words.push(Word {
            form: columns[1].to_string(),
            lemma: columns[2].to_string(),
            upos: columns[3].to_string(),
            xpos: columns[4].to_string(),
            feats: columns[5].to_string(),
            head,
            deprel: columns[7].to_string(),
            space_after: space_after(columns[9]),
        });
    }
    if !current.words.is_empty() {
        finish(&current, first_line)?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn finish(sentence: &Sentence, line: usize) -> Result<(), Error> {
    let n = sentence.words.len();
    for (i, w) in sentence.words.iter().enumerate() {
        if w.head > n {
            return Err(error(
                line,
                format!(
                    "word {} has head {}, past the sentence's {n} words",
                    i + 1,
                    w.head
                ),
            ));
        }
    }
    for m in &sentence.multiword {
        if m.last > n {
            return Err(error(
                line,
                format!("multiword range {}-{} past the sentence", m.first, m.last),
            ));
        }
    }
    Ok(())
}

/// Reads a CoNLL-U file.
pub fn read(path: &std::path::Path) -> Result<Vec<Sentence>, std::io::Error> {
    let text = std::fs::read_to_string(path)?;
    parse(&text).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {e}", path.display()),
        )
    })
}

/// Writes sentences as CoNLL-U (`sent_id` and `text` comments, multiword lines,
/// `SpaceAfter=No`); the DEPS column is `_`.
pub fn write(sentences: &[Sentence], out: &mut impl std::fmt::Write) -> std::fmt::Result {
    for s in sentences {
        if let Some(id) = &s.sent_id {
            writeln!(out, "# sent_id = {id}")?;
        }
        if let Some(text) = &s.text {
            writeln!(out, "# text = {text}")?;
        }
        for (i, w) in s.words.iter().enumerate() {
            let id = i + 1;
            if let Some(m) = s.multiword.iter().find(|m| m.first == id) {
                let misc = if m.space_after { "_" } else { "SpaceAfter=No" };
                writeln!(
                    out,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}",
                    m.first, m.last, m.form
                )?;
            }
            let inside = s.multiword.iter().any(|m| m.first <= id && id <= m.last);
            let misc = if w.space_after || inside {
                "_"
            } else {
                "SpaceAfter=No"
            };
            let field = |v: &str| {
                if v.is_empty() {
                    "_".to_string()
                } else {
                    v.replace(['\t', '\n'], " ")
                }
            };
            writeln!(
                out,
                "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{misc}",
                field(&w.form),
                field(&w.lemma),
                field(&w.upos),
                field(&w.xpos),
                field(&w.feats),
                w.head,
                field(&w.deprel),
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = They don't.\n1\tThey\tthey\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n3.1\tx\tx\tX\tX\t_\t_\t_\t2:dep\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_multiword_tokens_and_comments() {
        let s = &parse(SAMPLE).unwrap()[0];
        assert_eq!(s.sent_id.as_deref(), Some("s1"));
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[2].lemma, "not");
        assert_eq!(
            s.surface_tokens(),
            vec![("They", true), ("don't", false), (".", true)]
        );
    }

    #[test]
    fn round_trips() {
        let sentences = parse(SAMPLE).unwrap();
        let mut out = String::new();
        write(&sentences, &mut out).unwrap();
        assert_eq!(parse(&out).unwrap(), sentences);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n2\tB\tb\tX\tX\t_\tzero\tdep\t_\t_\n";
        match parse(bad) {
            Err(Error::Conllu { line, message }) => {
                assert_eq!(line, 2);
                assert!(message.contains("head"));
            }
            other => panic!("{other:?}"),
        }
        assert!(parse("1\tA\n").is_err());
        assert!(parse("1\tA\ta\tX\tX\t_\t5\troot\t_\t_\n").is_err());
    }
}
