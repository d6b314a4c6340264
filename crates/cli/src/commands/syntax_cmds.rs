//! `annalist parse` (text or CoNLL-U in, CoNLL-U with lemmas, tags and a dependency parse
//! out), `annalist train-syntax` (the language model from UD English-EWT) and
//! `annalist eval syntax` (UD scores, gold tokenisation and raw text); the scoring is done
//! in `annalist_eval::syntax`, the export in `annalist_syntax::export`.

use annalist_core::{Document, Metadata, Recogniser};
use annalist_eval::syntax as ud;
use annalist_syntax::conllu::{self, Sentence};
use annalist_syntax::{export, Model, SyntaxStage};
use rayon::prelude::*;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Files read and parsed together (in parallel) before their output is written.
const BATCH: usize = 32;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseFormat {
    /// Raw text: annalist segments it into sentences, tokens and words.
    Text,
    /// CoNLL-U: its words and sentences are kept, the predictions replace the rest.
    Conllu,
}

/// Tag, lemmatise and parse text (or CoNLL-U words) and write CoNLL-U.
#[derive(clap::Args)]
pub struct ParseArgs {
    /// Files to parse; none, or `-`, reads standard input.
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// What the files hold.
    #[arg(long = "input-format", value_enum, default_value = "text")]
    pub input_format: ParseFormat,
    /// Write the CoNLL-U here (whole, once every file is read) instead of to standard
    /// output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// A model file written by `annalist train-syntax` instead of the embedded model.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// Train the tagger, lemmatiser and parser on UD English-EWT and write the model file.
#[derive(clap::Args)]
pub struct TrainSyntaxArgs {
    /// The treebank folder, with `en_ewt-ud-train.conllu` and `en_ewt-ud-dev.conllu`.
    #[arg(long, value_name = "DIR")]
    pub ud: PathBuf,
    /// Where to write the model (the embedded one is `data/syntax/model.bin`).
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
    /// Train on train and dev together, once the settings are chosen on dev (dev scores
    /// are then no longer held out; test stays unseen).
    #[arg(long)]
    pub with_dev: bool,
    /// Parser weights whose averaged magnitude is below this are dropped (a larger value,
    /// a smaller model).
    #[arg(long, default_value_t = 1.0)]
    pub prune: f32,
}

/// UD English-EWT scores: with gold tokenisation (UPOS, XPOS, lemmas, UAS, LAS) and from
/// raw text (tokens, words, sentences too), as the CoNLL 2018 shared task scored them.
#[derive(clap::Args)]
pub struct EvalSyntaxArgs {
    /// The treebank folder.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/ud/en_ewt")]
    pub ud: PathBuf,
    /// The split to score.
    #[arg(long, default_value = "test", value_parser = ["test", "dev", "train"])]
    pub split: String,
    /// Only the raw-text scores (by default both settings are printed).
    #[arg(long)]
    pub raw: bool,
    /// A model file written by `annalist train-syntax` instead of the embedded model.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Score this CoNLL-U file (another tool's output on the split's text) against the
    /// split instead of annalist, as `conll18_ud_eval.py` does.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["model", "raw"])]
    pub system: Option<PathBuf>,
}

/// The model to use: a file, or the one compiled into the binary.
fn load_model(path: Option<&Path>) -> anyhow::Result<&'static Model> {
    match path {
        None => Ok(Model::embedded()),
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let model = Model::from_bytes(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            // Lives as long as the command: the stage holds it for the whole run.
            Ok(Box::leak(Box::new(model)))
        }
    }
}

/// Reads a file (or standard input for `-`) as UTF-8 text.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// CoNLL-U sentences, each after the `# newdoc` line that opens its document, if any.
fn write_sentences(sentences: &[Sentence], newdoc: impl Fn(usize) -> Option<String>) -> String {
    let mut out = String::new();
    for (i, sentence) in sentences.iter().enumerate() {
        if let Some(line) = newdoc(i) {
            out.push_str(&line);
        }
        // Writing into a String cannot fail.
        let _ = conllu::write(std::slice::from_ref(sentence), &mut out);
    }
    out
}

/// Raw text: segmented by annalist, tagged and parsed by the stage, exported.
fn parse_text(stage: &SyntaxStage, name: &str, text: String) -> (String, Option<String>) {
    let metadata = Metadata {
        source: name.to_string(),
        ..Metadata::default()
    };
    let mut doc = Document::new(text, metadata);
    let warning = (!doc.supported).then(|| {
        format!(
            "{name}: the language looks like {:?}, not English: parsed with the English model all the same",
            doc.language
        )
    });
    stage.annotate(&mut doc);
    let sentences = export::document_sentences(&doc);
    let header = format!(
        "# newdoc id = {}\n# source = {}\n",
        doc.id,
        name.replace('\n', " ")
    );
    let out = write_sentences(&sentences, |i| (i == 0).then(|| header.clone()));
    (out, warning)
}

/// Predictions for a sentence whose words are given; its ids, text and tokens stay,
/// features are cleared (they are not predicted).
fn predict_sentence(model: &Model, sentence: &Sentence) -> Sentence {
    let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
    let analyses = model.analyse_words(&forms);
    let mut out = sentence.clone();
    for (word, a) in out.words.iter_mut().zip(analyses) {
        word.lemma = if a.lemma.is_empty() {
            "_".into()
        } else {
            a.lemma
        };
        word.upos = a.upos.as_str().to_string();
        word.xpos = a.xpos.as_str().to_string();
        word.feats = "_".to_string();
        word.head = a.head;
        word.deprel = a.rel.as_str().to_string();
    }
    out
}

/// CoNLL-U: the file's words and sentences, annalist's predictions.
fn parse_conllu(model: &Model, name: &str, text: &str) -> Result<String, String> {
    let treebank = ud::parse_treebank(text).map_err(|e| format!("{name}: {e}"))?;
    let predicted: Vec<Sentence> = treebank
        .sentences
        .par_iter()
        .map(|s| predict_sentence(model, s))
        .collect();
    let starts = &treebank.doc_starts;
    Ok(write_sentences(&predicted, |i| {
        starts
            .binary_search(&i)
            .is_ok()
            .then(|| "# newdoc\n".to_string())
    }))
}

/// Where the output goes: standard output, or a temporary file beside `-o OUT` that
/// replaces it at the end (a failed run leaves no partial file).
enum Sink {
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    File(io::BufWriter<tempfile::NamedTempFile>, PathBuf),
}

fn temp_beside(path: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".annalist-")
        .tempfile_in(dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Puts a finished temporary file in place of `path`: flushed to disk, readable as a
/// file written in place would be (the file it replaces keeps its permissions), renamed.
fn publish(file: tempfile::NamedTempFile, path: &Path) -> anyhow::Result<()> {
    let error = |e: io::Error| anyhow::anyhow!("{}: {e}", path.display());
    file.as_file().sync_all().map_err(error)?;
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_permissions(file.as_file())?,
    };
    file.as_file().set_permissions(permissions).map_err(error)?;
    file.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> anyhow::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> anyhow::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// Writes `bytes` to `path` through a temporary file in the same folder.
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = temp_beside(path)?;
    file.write_all(bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    publish(file, path)
}

pub fn run_parse(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let model = load_model(args.model.as_deref())?;
    let stage = SyntaxStage::new(model)?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let mut sink = match &args.output {
        None => Sink::Stdout(io::BufWriter::new(io::stdout().lock())),
        Some(path) => Sink::File(io::BufWriter::new(temp_beside(path)?), path.clone()),
    };
    let mut failed = 0usize;
    for batch in inputs.chunks(BATCH) {
        let results: Vec<Result<(String, Option<String>), String>> = batch
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let text = read_text(path)?;
                match args.input_format {
                    ParseFormat::Text => Ok(parse_text(&stage, &name, text)),
                    ParseFormat::Conllu => parse_conllu(model, &name, &text).map(|o| (o, None)),
                }
            })
            .collect();
        for result in results {
            match result {
                Ok((text, warning)) => {
                    if let Some(warning) = warning {
                        eprintln!("annalist: warning: {warning}");
                    }
                    let written = match &mut sink {
                        Sink::Stdout(out) => out.write_all(text.as_bytes()),
                        Sink::File(out, _) => out.write_all(text.as_bytes()),
                    };
                    match written {
                        // A closed pipe (`| head`) ends the output, not in error.
                        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                            return Ok(exit_code(failed))
                        }
                        Err(e) => return Err(e.into()),
                        Ok(()) => {}
                    }
                }
                Err(error) => {
                    failed += 1;
                    eprintln!("annalist: {error}");
                }
            }
        }
    }
    match sink {
        Sink::Stdout(mut out) => match out.flush() {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e.into()),
            _ => {}
        },
        Sink::File(out, path) => {
            let file = out
                .into_inner()
                .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.error()))?;
            publish(file, &path)?;
        }
    }
    if failed > 0 {
        eprintln!(
            "annalist: {failed} of {} inputs could not be parsed",
            inputs.len()
        );
    }
    Ok(exit_code(failed))
}

fn exit_code(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run_train(args: TrainSyntaxArgs) -> anyhow::Result<ExitCode> {
    let train = ud::split_path(&args.ud, "train");
    let dev = ud::split_path(&args.ud, "dev");
    if !train.is_file() {
        anyhow::bail!("{} not found (--ud DIR)", train.display());
    }
    let dev = if dev.is_file() {
        Some(dev)
    } else {
        eprintln!(
            "annalist: warning: {} not found: training without dev scores",
            dev.display()
        );
        None
    };
    let started = Instant::now();
    let options = annalist_syntax::train::TrainOptions {
        prune: args.prune,
        ..annalist_syntax::train::TrainOptions::default()
    };
    let (model, log) = if args.with_dev {
        let Some(dev_path) = &dev else {
            anyhow::bail!("--with-dev: no dev file in {}", args.ud.display());
        };
        let read = |p: &std::path::Path| {
            annalist_syntax::conllu::read(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
        };
        let mut sentences = read(&train)?;
        sentences.extend(read(dev_path)?);
        let mut log = String::new();
        let model = annalist_syntax::train::train_model(&sentences, None, &options, &mut log);
        (model, log)
    } else {
        annalist_syntax::train::train_files(&train, dev.as_deref(), &options)
            .map_err(|e| anyhow::anyhow!("training failed: {e}"))?
    };
    let dev = dev.filter(|_| !args.with_dev);
    print!("{log}");
    if !log.ends_with('\n') && !log.is_empty() {
        println!();
    }
    let bytes = model.to_bytes();
    // What is written must read back: never replace a model with one that does not load.
    let reread = Model::from_bytes(&bytes)
        .map_err(|e| anyhow::anyhow!("the trained model does not read back: {e}"))?;
    write_whole(&args.output, &bytes)?;
    let size = match bytes.len() {
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n => format!("{:.1} KB", n as f64 / 1e3),
    };
    println!(
        "wrote {} ({size}) in {:.0} s",
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    if let Some(dev) = &dev {
        let treebank = ud::read_treebank(dev)?;
        let scores = ud::evaluate_gold_tokens(&reread, &treebank.sentences);
        print!("{}", scores.render("UD English-EWT dev, the new model"));
    }
    Ok(ExitCode::SUCCESS)
}

/// Why the UD data cannot be scored under `shared`, if it cannot.
pub fn missing_data(shared: &Path) -> Option<String> {
    let dir = shared.join("data/ud/en_ewt");
    let test = ud::split_path(&dir, "test");
    (!test.is_file()).then(|| format!("{} not found", test.display()))
}

/// Scores of the gold-tokenisation and raw-text settings on one split, printed; whether
/// the bars (on gold tokenisation) are met.
fn score_split(
    model: &'static Model,
    dir: &Path,
    split: &str,
    gold_tokens: bool,
    raw: bool,
) -> anyhow::Result<bool> {
    let path = ud::split_path(dir, split);
    let treebank = ud::read_treebank(&path)?;
    let title = format!("UD English-EWT {split}");
    let mut met = true;
    if gold_tokens {
        let started = Instant::now();
        let scores = ud::evaluate_gold_tokens(model, &treebank.sentences);
        let seconds = started.elapsed().as_secs_f64();
        print!("{}", scores.render(&title));
        println!(
            "  ({:.1} s, {:.0} words/s)",
            seconds,
            scores.words as f64 / seconds.max(1e-9)
        );
        met = scores.targets_met();
        println!(
            "  targets UPOS >= 95.5, UAS >= 86, LAS >= 83: {}",
            if met { "met" } else { "NOT MET" }
        );
    }
    if raw {
        if gold_tokens {
            println!();
        }
        let started = Instant::now();
        let stage = SyntaxStage::new(model)?;
        let scores = ud::evaluate_raw_documents(&stage, &treebank.sentences, &treebank.doc_starts);
        print!(
            "{}",
            scores.render(&format!("{title}, raw text segmented by annalist"))
        );
        println!("  ({:.1} s)", started.elapsed().as_secs_f64());
    }
    Ok(met)
}

pub fn run_eval(args: EvalSyntaxArgs) -> anyhow::Result<ExitCode> {
    if let Some(system) = &args.system {
        let gold = ud::read_treebank(&ud::split_path(&args.ud, &args.split))?;
        let predicted = ud::read_treebank(system)?;
        let scores = ud::evaluate_conllu(&gold.sentences, &predicted.sentences)
            .map_err(|e| anyhow::anyhow!("{}: {e}", system.display()))?;
        print!(
            "{}",
            scores.render(&format!(
                "{} vs UD English-EWT {}",
                system.display(),
                args.split
            ))
        );
        return Ok(ExitCode::SUCCESS);
    }
    let path = ud::split_path(&args.ud, &args.split);
    if !path.is_file() {
        anyhow::bail!("{} not found (--ud DIR)", path.display());
    }
    let model = load_model(args.model.as_deref())?;
    score_split(model, &args.ud, &args.split, !args.raw, true)?;
    Ok(ExitCode::SUCCESS)
}

/// The CI check: test split scores, gold tokenisation and raw text; whether the bars are
/// met.
pub fn run_ci(shared: &Path) -> anyhow::Result<bool> {
    let dir = shared.join("data/ud/en_ewt");
    score_split(Model::embedded(), &dir, "test", true, true)
}
