//! One module per command group; each exposes clap `Args` and a `run` function.
//!
//! Exit codes (see `main.rs`): a command returns `Ok(code)` for 0 (success) or 1 (some
//! input failed, each listed); an `Err` is 2 when it is a [`UsageError`] (the command
//! line itself is wrong) and 3 otherwise (the command could not be carried out).

pub mod analyze;
pub mod args;
pub mod bench;
pub mod entity_cmds;
pub mod eval;
pub mod event_cmds;
pub mod input;
pub mod quote_cmds;
pub mod serve_cmd;
pub mod store_cmds;
pub mod syntax_cmds;
pub mod time_cmds;

/// A bad command line that clap's own checks let through (a value that only makes
/// sense with another one, say): exit code 2, like clap's errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// `Err(UsageError)` as an `anyhow::Error`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}
