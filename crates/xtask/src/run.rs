//! `cargo xtask run` and `cargo xtask test`.

use std::time::Instant;

use crate::dist;
use crate::tools::{self, Need, run as sh};

/// Builds the front end and serves it with `mailmove serve ARGS`.
pub fn run(serve_args: &[String]) -> anyhow::Result<()> {
    let env = tools::setup(Need::FrontEnd)?;
    dist::build(&env, dist::Page::Server)?;
    let mut serve = env.command("cargo");
    serve
        .args([
            "run",
            "--release",
            "--locked",
            "-p",
            "mailmove-server",
            "--bin",
            "mailmove",
            "--",
        ])
        .arg("serve")
        .args(serve_args.iter().skip_while(|arg| *arg == "--"));
    sh(serve)
}

/// Every check: what CI runs (`.ci/run` calls exactly this).
pub fn test() -> anyhow::Result<()> {
    let started = Instant::now();
    let env = tools::setup(Need::Everything)?;
    let step = |args: &[&str]| {
        let mut command = env.command("cargo");
        command.args(args);
        sh(command)
    };
    step(&["fmt", "--all", "--check"])?;
    step(&[
        "clippy",
        "--locked",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    // The core must stay pure enough for the browser; the web crate only exists there.
    step(&[
        "clippy",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "mailmove-core",
        "-p",
        "mailmove-web",
        // Lint the static deployment's survey engine too.
        "--features",
        "mailmove-web/engine",
        "--",
        "-D",
        "warnings",
    ])?;
    // The page builds core without `idna` and lets the browser convert IDNs
    // (core `name/idn.rs`): lint that build and run its tests, which register a
    // converter the way the page does.
    step(&[
        "clippy",
        "--locked",
        "-p",
        "mailmove-core",
        "--no-default-features",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    step(&[
        "test",
        "--locked",
        "-p",
        "mailmove-core",
        "--no-default-features",
        "--lib",
        "--",
        "idn::",
        // The page's build fetches the Public Suffix List instead (name/psl.rs).
        "name::psl::",
    ])?;
    // The fuzz targets live in their own workspace (cargo-fuzz); make sure they still
    // build against the current core, so they cannot rot between fuzzing sessions.
    step(&[
        "check",
        "--locked",
        "--manifest-path",
        "crates/core/fuzz/Cargo.toml",
        "--bins",
    ])?;
    let bundles = dist::build(&env, dist::Page::Server)?;
    // Before the long test run: a page over its budget is a failure of its own.
    bundles.within_budgets()?;
    // The static deployment's page carries the survey engine: built apart, for its
    // browser test.
    let static_sizes = dist::static_copy(&env)?;
    let mut test = env.command("cargo");
    test.args(["test", "--locked", "--no-fail-fast"])
        // Under xtask a missing browser, BIND or Redis is a failure, not a skip.
        .env("MAILMOVE_REQUIRE_E2E", "1")
        .env("MAILMOVE_REQUIRE_NAMED", "1")
        .env("MAILMOVE_REQUIRE_REDIS", "1");
    // Postfix's master runs only as root: required where it can run.
    if crate::tools::is_root() {
        test.env("MAILMOVE_REQUIRE_POSTFIX", "1");
    }
    sh(test)?;
    eprintln!(
        "xtask test: all checks passed in {:.0?}; check page {} bytes brotli (wasm + js + css, \
         budget {}); planner {} (budget {}); accounts page {} (budget {}); records page {} \
         (budget {}); tools bundle {} (budget {}); static build {}",
        started.elapsed(),
        bundles.check.brotli,
        dist::CHECK_PAGE_BUDGET,
        bundles.planner.brotli,
        dist::PLANNER_BUDGET,
        bundles.accounts.brotli,
        dist::ACCOUNTS_BUDGET,
        bundles.records.brotli,
        dist::RECORDS_BUDGET,
        bundles.tools.brotli,
        dist::TOOLS_BUDGET,
        static_sizes.brotli
    );
    Ok(())
}
