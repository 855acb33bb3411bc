//! One module per `mailmove` command: its clap arguments, its `run`, and what it
//! prints. `cli.rs` lists them in `Command`; `main.rs` dispatches.
//!
//! `serve` (`serve.rs`), `check` (`check.rs`), `monitor` (`monitor.rs`), `records`
//! (`records.rs`), `plan` (`plan.rs`), `accounts` (`accounts/`), `spf check`
//! (`spf.rs`). Shared option groups are in `options.rs`; how a command ends, and its
//! exit code, in `exit.rs`.

pub mod accounts;
pub mod check;
pub mod exit;
pub mod monitor;
pub mod options;
pub mod plan;
pub mod records;
pub mod serve;
pub mod spf;
