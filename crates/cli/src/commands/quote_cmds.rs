//! PLACEHOLDER: being written.
use std::process::ExitCode;
#[derive(clap::Args)] pub struct QuotesArgs {}
pub fn run_quotes(_args: QuotesArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
