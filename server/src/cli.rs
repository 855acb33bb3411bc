//! The `mailmove` command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// メール引っ越しナビ / Mailmove: move a company's e-mail without losing a message.
#[derive(Debug, Parser)]
#[command(name = "mailmove", version, about)]
pub struct Cli {
    /// Log as JSON lines instead of text.
    #[arg(long, global = true, env = "MAILMOVE_LOG_JSON")]
    pub log_json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web page and the API.
    Serve(ServeArgs),
}

/// `mailmove serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is logged and
    /// printed as `listening on http://ADDR`).
    #[arg(long, default_value = "127.0.0.1:8080", env = "MAILMOVE_LISTEN")]
    pub listen: SocketAddr,
    /// Send every DNS query to this server only (e.g. 127.0.0.1:5300) instead of the
    /// system resolver.
    #[arg(long, env = "MAILMOVE_NAMESERVER")]
    pub nameserver: Option<SocketAddr>,
    /// The built front end (Trunk's dist/). Default: ./dist, else the repository's dist/.
    #[arg(long, env = "MAILMOVE_DIST")]
    pub dist: Option<PathBuf>,
}
