//! Development harness for the time recogniser, built from this crate alone: it compiles
//! in `crates/eval/src/timeml.rs` (the scorer the CLI uses) and offers the same commands
//! as the CLI, so the recogniser can be measured while the rest of the workspace moves.
//!
//! ```text
//! te3_eval [SHARED_DIR [ERRORS_FILE]]   CI report, direction policies, error lists
//! te3_eval timeml IN_DIR OUT_DIR        as `annalist timeml`
//! te3_eval eval timeml GOLD [SYSTEM]    as `annalist eval timeml`
//! ```

#[allow(dead_code)]
#[path = "../../../eval/src/timeml.rs"]
mod timeml;

use annalist_time::{DirectionPolicy, TimeRecogniser};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["timeml", input, output] => {
            let (documents, bytes, seconds) =
                timeml::annotate_dir(&PathBuf::from(input), &PathBuf::from(output))?;
            eprintln!(
                "annotated {documents} documents ({} KB of text, {:.0} KB/s) into {output}",
                bytes / 1000,
                bytes as f64 / 1000.0 / seconds.max(1e-9)
            );
            Ok(())
        }
        ["eval", "timeml", gold, rest @ ..] => {
            let system = rest.first().map(PathBuf::from);
            let report = timeml::evaluate(&[PathBuf::from(gold)], system.as_deref())?;
            print!("{}", timeml::render(gold, &report));
            print!("{}", timeml::render_errors(&report, 20));
            Ok(())
        }
        rest => report(rest),
    }
}

fn report(args: &[&str]) -> anyhow::Result<()> {
    let shared = PathBuf::from(args.first().copied().unwrap_or("../shared"));
    let ok = timeml::run_ci(&shared)?;
    let te3 = [
        shared.join("data/te3/timebank"),
        shared.join("data/te3/aquaint"),
    ];
    let wikiwars = [shared.join("data/wikiwars/tml")];
    println!("direction of underspecified dates, value F1 (TE3 / WikiWars):");
    for policy in [
        DirectionPolicy::Tense,
        DirectionPolicy::Nearest,
        DirectionPolicy::Past,
        DirectionPolicy::Future,
    ] {
        let recogniser = TimeRecogniser::new()?.with_policy(policy);
        let a = timeml::evaluate_with(&recogniser, &te3, None)?;
        let b = timeml::evaluate_with(&recogniser, &wikiwars, None)?;
        println!(
            "  {:<8} {:.4} / {:.4}",
            format!("{policy:?}"),
            a.counts.value().f1,
            b.counts.value().f1
        );
    }
    if let Some(target) = args.get(1) {
        let mut text = timeml::render_errors(&timeml::evaluate(&te3, None)?, 0);
        text.push_str(&timeml::render_errors(
            &timeml::evaluate(&wikiwars, None)?,
            0,
        ));
        std::fs::write(target, text)?;
    }
    println!("bars met: {ok}");
    Ok(())
}
