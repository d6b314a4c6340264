//! PLACEHOLDER: being written by the entities work.
use std::path::Path;
use std::process::ExitCode;
#[derive(clap::Args)]
pub struct EvalNerArgs {}
pub fn run_eval_ner(_args: EvalNerArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}
pub fn run_ci(_shared: &Path) -> anyhow::Result<bool> {
    anyhow::bail!("not built yet")
}
