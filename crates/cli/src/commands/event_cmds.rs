//! PLACEHOLDER: being written.
use std::process::ExitCode;
#[derive(clap::Args)] pub struct TimelineArgs {}
pub fn run_timeline(_args: TimelineArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
#[derive(clap::Args)] pub struct ExportArgs {}
pub fn run_export(_args: ExportArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
#[derive(clap::Args)] pub struct EvalEventsArgs {}
pub fn run_eval_events(_args: EvalEventsArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
pub fn run_ci(_shared: &std::path::Path) -> anyhow::Result<bool> { anyhow::bail!("not built yet") }
