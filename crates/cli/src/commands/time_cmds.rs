//! PLACEHOLDER: being written.
use std::process::ExitCode;
#[derive(clap::Args)] pub struct TimemlArgs {}
pub fn run_timeml(_args: TimemlArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
