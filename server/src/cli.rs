//! The `mailmove` command line: the global options and one `Command` per module of
//! `commands/`.

use clap::{Parser, Subcommand};

use crate::commands;

/// メール引っ越しナビ / Mailmove: move a company's e-mail without losing a message.
#[derive(Debug, Parser)]
#[command(name = "mailmove", version, about)]
pub struct Cli {
    /// Log as JSON lines instead of text.
    #[arg(long, global = true, env = "MAILMOVE_LOG_JSON")]
    pub log_json: bool,
    /// Also accept domains under this top-level domain (repeatable), e.g. `test` for a
    /// private test setup. The environment variable takes a comma-separated list.
    #[arg(
        long = "allow-tld",
        value_name = "TLD",
        global = true,
        env = "MAILMOVE_ALLOW_TLDS",
        value_delimiter = ','
    )]
    pub allow_tlds: Vec<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands, one per module of `commands/`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web page and the API.
    Serve(commands::serve::ServeArgs),
    /// Survey a domain's mail DNS and report what needs attention.
    Check(commands::check::CheckArgs),
    /// Watch a cutover: which servers still hand out the old MX, and until when.
    Monitor(commands::monitor::MonitorArgs),
    /// The target's DNS records, by step, with the difference from today's DNS.
    Records(commands::records::RecordsArgs),
    /// The dated migration plan (schedule, risk), as text, ICS, Markdown and JSON.
    Plan(commands::plan::PlanArgs),
    /// The old server's addresses to the target's bulk-create CSV, with every address
    /// left without a destination named.
    Accounts(commands::accounts::AccountsArgs),
    /// Ask the target's exchangers whether they accept each address (never DATA).
    Probe(crate::probe_cli::ProbeArgs),
    /// Are the domain's mail servers and senders on blocklists (DNSBLs)?
    Blocklist(crate::blocklist_cli::BlocklistArgs),
    /// SPF tools.
    Spf {
        /// What to do.
        #[command(subcommand)]
        command: commands::spf::SpfCommand,
    },
}

impl Command {
    /// Runs the command.
    pub async fn run(self, names: mailmove_core::NamePolicy) -> commands::exit::CommandResult {
        match self {
            Command::Serve(args) => commands::serve::run(args, names).await,
            Command::Check(args) => commands::check::run(args, &names).await,
            Command::Monitor(args) => commands::monitor::run(args, &names).await,
            Command::Records(args) => commands::records::run(args, &names).await,
            Command::Plan(args) => commands::plan::run(args, &names).await,
            Command::Accounts(args) => commands::accounts::run(&args, &names),
            // Its exit code is its verdict (0 all accepted, 1 one refused, 2 could not
            // tell or bad input): the report is printed already.
            Command::Probe(args) => match crate::probe_cli::run(args, &names).await? {
                0 => Ok(()),
                code => Err(commands::exit::CommandError::Verdict(
                    u8::try_from(code).unwrap_or(2),
                )),
            },
            // Also a verdict: 0 nothing listed, 1 something listed, 2 could not check.
            Command::Blocklist(args) => match crate::blocklist_cli::run(args, &names).await? {
                0 => Ok(()),
                code => Err(commands::exit::CommandError::Verdict(
                    u8::try_from(code).unwrap_or(2),
                )),
            },
            Command::Spf { command } => commands::spf::run(command).await,
        }
    }
}
