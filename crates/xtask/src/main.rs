//! `cargo xtask`: Mailmove's task runner.
//!
//! - `cargo xtask run [-- SERVE-ARGS]`: build the front end, then `mailmove serve`.
//! - `cargo xtask test`: every check CI runs (fmt, clippy native and wasm32, tests,
//!   the release front-end build, the browser tests).
//! - `cargo xtask dist`: the release front end in `dist/`, precompressed, with sizes.
//! - `cargo xtask setup`: install the pinned tools only.
//!
//! Each installs what it needs first, at pinned versions, so a fresh machine of our
//! kind needs nothing but this repository.

mod dist;
mod run;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match task {
        "setup" => tools::setup(tools::Need::Everything).map(drop),
        "dist" => dist::StaticMode::from_args(rest).and_then(|mode| {
            let env = tools::setup(tools::Need::FrontEnd)?;
            let page = if mode.is_static() {
                dist::Page::Static
            } else {
                dist::Page::Server
            };
            dist::build(&env, page)?;
            dist::apply_static_mode(&mode)
        }),
        "run" => run::run(rest),
        "test" => run::test(),
        _ => {
            eprintln!("{HELP}");
            return if task == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask {task}: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "usage: cargo xtask <task>
  run [-- ARGS]  build the front end, then run `mailmove serve ARGS` (default http://127.0.0.1:8080)
  test           fmt, clippy (native + wasm32), tests, release front end, browser tests
  dist [--static-doh URL [--allow-tld TLD]…]
                 build the release front end into dist/ and report its compressed size;
                 with --static-doh, a static deployment that asks that DoH JSON endpoint
                 (e.g. https://cloudflare-dns.com/dns-query) and needs no server
  setup          install the pinned build tools and system packages only";

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask sits two levels below the workspace root")
        .to_path_buf()
}
