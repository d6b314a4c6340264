//! `annalist serve`: the HTTP API and web workbench over a store (crates/server), on
//! loopback unless told otherwise.

use super::store_cmds::DbArg;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArg,
    /// Address to listen on. Anything but loopback makes the store readable by others.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
    /// The longest a request's queries may run, in milliseconds, before a 504.
    #[arg(long, default_value_t = 5000, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(1..=600_000))]
    query_time_limit: u64,
    /// Queries run at once (read-only connections) [default: twice the cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    connections: Option<u16>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing()?;
    drop(store);
    let mut config = annalist_server::Config::new(args.db.location());
    config.addr = args.addr;
    config.query_time_limit = Duration::from_millis(args.query_time_limit);
    if let Some(n) = args.connections {
        config.connections = usize::from(n);
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "annalist serve: listening on {}, not loopback: anyone who can reach it can read the store",
            args.addr
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let db = config.db.clone();
    runtime.block_on(annalist_server::serve(config, |addr| {
        eprintln!(
            "annalist serve: {} on http://{addr}/ (API at /api, Ctrl-C stops)",
            db
        );
    }))?;
    Ok(ExitCode::SUCCESS)
}
