//! PLACEHOLDER: being written.
use std::process::ExitCode;
#[derive(clap::Args)] pub struct TimemlArgs {}
pub fn run_timeml(_args: TimemlArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
#[derive(clap::Args)] pub struct EvalTimemlArgs {}
pub fn run_eval_timeml(_args: EvalTimemlArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
pub fn run_ci(_shared: &std::path::Path) -> anyhow::Result<bool> { anyhow::bail!("not built yet") }
