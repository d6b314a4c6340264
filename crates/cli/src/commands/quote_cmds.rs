//! PLACEHOLDER: being written.
use std::process::ExitCode;
#[derive(clap::Args)] pub struct QuotesArgs {}
pub fn run_quotes(_args: QuotesArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
#[derive(clap::Args)] pub struct EvalQuotesArgs {}
pub fn run_eval_quotes(_args: EvalQuotesArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
pub fn run_ci(_shared: &std::path::Path) -> anyhow::Result<bool> { anyhow::bail!("not built yet") }
