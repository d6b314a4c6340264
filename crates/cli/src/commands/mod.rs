//! One module per command group; each exposes clap `Args` and a `run` function.

pub mod analyze;
pub mod bench;
pub mod entity_cmds;
pub mod eval;
pub mod event_cmds;
pub mod input;
pub mod quote_cmds;
pub mod store_cmds;
pub mod syntax_cmds;
pub mod time_cmds;
