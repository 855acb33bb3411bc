//! `mailmove spf check`: RFC 7208 `check_host` over real DNS, as text or JSON.

use std::io::Write as _;

use mailmove_core::spf::CheckHost;

use super::exit::CommandResult;
use super::options::UpstreamArgs;
use crate::terminal::Escaping;

/// `mailmove spf …`
#[derive(Debug, clap::Subcommand)]
pub enum SpfCommand {
    /// Evaluate SPF (RFC 7208 check_host) for a client address and sender over real DNS.
    Check(SpfCheckArgs),
}

/// `mailmove spf check`.
#[derive(Debug, clap::Args)]
pub struct SpfCheckArgs {
    /// The SMTP client's IP address.
    #[arg(long)]
    pub ip: std::net::IpAddr,
    /// MAIL FROM address (empty for bounces: then postmaster@HELO is checked).
    #[arg(long, default_value = "")]
    pub sender: String,
    /// HELO/EHLO name.
    #[arg(long)]
    pub helo: String,
    /// Where DNS questions go.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// Print one JSON object: result, explanation, lookups, void_lookups, trace.
    #[arg(long)]
    pub json: bool,
}

/// Runs the SPF subcommand.
pub async fn run(command: SpfCommand) -> CommandResult {
    match command {
        SpfCommand::Check(args) => check(args).await,
    }
}

/// Evaluates `check_host` and prints the result, the lookups and the trace.
async fn check(args: SpfCheckArgs) -> CommandResult {
    let dns = args.upstream.dns().await?;
    let mut check = CheckHost::new(args.ip, &args.sender, &args.helo);
    // `%{t}` in explanations: core has no clock, the shell supplies it.
    check.timestamp = crate::monitor::unix_now();
    let outcome = crate::spf::check_host(&dns, &check).await;
    let mut stdout = Escaping::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut stdout, &outcome)?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "{}", outcome.result.as_str())?;
        if let Some(explanation) = &outcome.explanation {
            writeln!(stdout, "explanation: {explanation}")?;
        }
        writeln!(
            stdout,
            "DNS lookups: {} of 10, void lookups: {} of 2",
            outcome.lookups, outcome.void_lookups
        )?;
        for step in &outcome.trace {
            writeln!(stdout, "  {}: {}", step.domain, step.event)?;
        }
    }
    Ok(())
}
