//! `annalist timeml IN_DIR OUT_DIR` (annotate TempEval-3 files with TIMEX3 tags) and
//! `annalist eval timeml GOLD_DIR [SYSTEM_DIR]` (TempEval-3 Task A scores); the work is
//! done in `annalist_eval::timeml`.

use annalist_eval::timeml;
use annalist_time::{DirectionPolicy, TimeRecogniser};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Annotate a folder of TimeML files (`.tml`, `.tml.TE3input`) with TIMEX3 tags, keeping
/// the input's EVENT, MAKEINSTANCE and TLINK markup.
#[derive(clap::Args)]
pub struct TimemlArgs {
    /// Folder of TempEval-3 TimeML files.
    pub input: PathBuf,
    /// Folder for the annotated `.tml` files (created if needed).
    pub output: PathBuf,
}

pub fn run_timeml(args: TimemlArgs) -> anyhow::Result<ExitCode> {
    let (documents, bytes, seconds) = timeml::annotate_dir(&args.input, &args.output)?;
    let speed = if seconds > 0.0 {
        format!("{:.0} KB/s", bytes as f64 / 1000.0 / seconds)
    } else {
        "-".to_string()
    };
    eprintln!(
        "annotated {documents} documents ({} KB of text, {speed}) into {}",
        bytes / 1000,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Score TIMEX3 annotation against gold TimeML (TempEval-3 Task A).
#[derive(clap::Args)]
pub struct EvalTimemlArgs {
    /// Folder of gold TimeML files.
    pub gold: PathBuf,
    /// Folder of system TimeML files of the same names; without it annalist annotates
    /// the gold texts itself.
    pub system: Option<PathBuf>,
    /// More gold folders scored together with the first.
    #[arg(long = "also")]
    pub also: Vec<PathBuf>,
    /// How many value errors, misses and spurious timexes to list (0: all).
    #[arg(long, default_value_t = 40)]
    pub errors: usize,
    /// Compare the direction policies for underspecified dates ("in December", "on
    /// Friday"): by tense (annalist's), nearest, always past, always future.
    #[arg(long)]
    pub policies: bool,
}

pub fn run_eval_timeml(args: EvalTimemlArgs) -> anyhow::Result<ExitCode> {
    let mut gold = vec![args.gold.clone()];
    gold.extend(args.also.iter().cloned());
    if args.policies {
        println!("value F1 by direction policy for underspecified dates:");
        for policy in [
            DirectionPolicy::Tense,
            DirectionPolicy::Nearest,
            DirectionPolicy::Past,
            DirectionPolicy::Future,
        ] {
            let recogniser = TimeRecogniser::new()?.with_policy(policy);
            let report = timeml::evaluate_with(&recogniser, &gold, None)?;
            println!(
                "  {:<8} {:.4}",
                format!("{policy:?}"),
                report.counts.value().f1
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = timeml::evaluate(&gold, args.system.as_deref())?;
    let name = match &args.system {
        Some(system) => format!("{} vs {}", system.display(), args.gold.display()),
        None => format!("annalist vs {}", args.gold.display()),
    };
    let text = timeml::render(&name, &report)
        + &timeml::render_error_kinds(&report)
        + &timeml::render_errors(&report, args.errors);
    // A closed pipe (`| head`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The CI check of the time recogniser over `shared` (see `annalist_eval::timeml::run_ci`).
pub fn run_ci(shared: &std::path::Path) -> anyhow::Result<bool> {
    timeml::run_ci(shared)
}
