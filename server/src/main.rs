//! `mailmove`: the server and the command line in one binary. This file only
//! dispatches: each command is a module of `commands/`, listed in `cli::Command`.

use std::process::ExitCode;

use clap::Parser as _;
use mailmove_server::cli::Cli;
use mailmove_server::commands::exit::exit_code;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.log_json);
    let names = mailmove_core::NamePolicy::allowing(&cli.allow_tlds);
    exit_code(cli.command.run(names).await)
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info,hickory=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
