//! PLACEHOLDER: being written.
use std::process::ExitCode;
#[derive(clap::Args)] pub struct IngestArgs {}
pub fn run_ingest(_args: IngestArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
#[derive(clap::Args)] pub struct SearchArgs {}
pub fn run_search(_args: SearchArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
#[derive(clap::Args)] pub struct ShowArgs {}
pub fn run_show(_args: ShowArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
#[derive(clap::Args)] pub struct StatsArgs {}
pub fn run_stats(_args: StatsArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not built yet") }
