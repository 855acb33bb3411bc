//! Pinned build tools and system packages, installed when missing.
//!
//! Versions that matter here (see `../shared/docs/toolchain.md` for the evidence):
//! trunk 0.21.14 is the last release that builds with rustc 1.95; wasm-bindgen-cli must
//! equal the `wasm-bindgen` crate in Cargo.lock and installs only without `--locked`;
//! wasm-opt comes from npm binaryen 132, because Debian's binaryen 108 breaks the page.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context as _, bail};

/// trunk 0.22 needs rustc ≥ 1.96.1.
pub const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian packages the tests need, and the file that shows each is there.
const SYSTEM_PACKAGES: [(&str, &str); 7] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("bind9", "/usr/sbin/named"),
    // named-checkzone: generated zone fragments must load in BIND.
    ("bind9-utils", "/usr/bin/named-checkzone"),
    // The limits shared between instances (`--redis-url`); tests start their own.
    ("redis-server", "/usr/bin/redis-server"),
    // A real MTA for the SMTP probe's test (the testkit starts its own, as root).
    ("postfix", "/usr/lib/postfix/sbin/master"),
    // Without a CJK font, screenshots of the Japanese page show empty boxes.
    (
        "fonts-noto-cjk",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ),
];

/// What a task needs installed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Trunk and its helpers.
    FrontEnd,
    /// Those plus the browser and BIND for the tests.
    Everything,
}

/// The environment the tasks run commands in: our tools first on PATH.
pub struct ToolEnv {
    /// PATH with the npm tools and cargo's bin directory first.
    pub path: OsString,
}

impl ToolEnv {
    /// A command with our PATH.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("PATH", &self.path).current_dir(crate::root());
        command
    }
}

/// Installs whatever is missing and returns the environment to use.
pub fn setup(need: Need) -> anyhow::Result<ToolEnv> {
    if need == Need::Everything {
        system_packages()?;
    }
    let env = tool_env()?;
    wasm_target(&env)?;
    npm_tools(&env)?;
    cargo_tool(&env, "trunk", "trunk", TRUNK_VERSION, true)?;
    let bindgen = wasm_bindgen_version()?;
    // Not --locked: the CLI's lockfile pins a webpki-roots the registry here lacks.
    cargo_tool(&env, "wasm-bindgen", "wasm-bindgen-cli", &bindgen, false)?;
    Ok(env)
}

fn tool_env() -> anyhow::Result<ToolEnv> {
    let npm_bin = crate::root().join("crates/xtask/npm/node_modules/.bin");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let mut dirs = vec![npm_bin, cargo_home.join("bin")];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    Ok(ToolEnv {
        path: std::env::join_paths(dirs)?,
    })
}

/// Runs `command`, failing with its description when it fails.
pub fn run(mut command: Command) -> anyhow::Result<()> {
    let description = describe(&command);
    eprintln!("xtask: $ {description}");
    let status = command
        .status()
        .with_context(|| format!("cannot start {description}"))?;
    if !status.success() {
        bail!("`{description}` failed ({status})");
    }
    Ok(())
}

fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether xtask runs as root (it then installs packages, and Postfix can run).
pub fn is_root() -> bool {
    let mut id = Command::new("id");
    id.arg("-u");
    output(id).is_some_and(|uid| uid.trim() == "0")
}

fn output(mut command: Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn system_packages() -> anyhow::Result<()> {
    let missing: Vec<&str> = SYSTEM_PACKAGES
        .iter()
        .filter(|(_, program)| !std::path::Path::new(program).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = is_root();
    let install = format!("apt-get install -y {}", missing.join(" "));
    if !is_root {
        bail!("missing system packages; run: sudo apt-get update && sudo {install}");
    }
    let mut update = Command::new("apt-get");
    update.args(["update", "-qq"]);
    run(update)?;
    if missing.contains(&"postfix") {
        // Postfix asks how to configure the machine's mail; "No configuration" leaves
        // it unconfigured and stopped: the tests start their own.
        let mut preseed = Command::new("sh");
        preseed.args([
            "-c",
            "echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections",
        ]);
        run(preseed)?;
    }
    let mut command = Command::new("apt-get");
    command
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(command)
}

fn wasm_target(env: &ToolEnv) -> anyhow::Result<()> {
    let mut list = env.command("rustup");
    list.args(["target", "list", "--installed"]);
    if output(list).is_some_and(|targets| targets.lines().any(|line| line.trim() == WASM_TARGET)) {
        return Ok(());
    }
    let mut add = env.command("rustup");
    add.args(["target", "add", WASM_TARGET]);
    run(add)
}

fn npm_tools(env: &ToolEnv) -> anyhow::Result<()> {
    let dir = crate::root().join("crates/xtask/npm");
    let mut version = env.command("wasm-opt");
    version.arg("--version");
    // axe-core is what the browser tests inject to check accessibility.
    let installed = dir.join("node_modules/.bin/wasm-opt").exists()
        && dir.join("node_modules/axe-core/axe.min.js").exists()
        && dir.join("node_modules/.bin/esbuild").exists()
        && output(version).is_some_and(|text| text.contains("version 132"));
    if installed {
        return Ok(());
    }
    let mut install = env.command("npm");
    install
        .current_dir(&dir)
        .args(["ci", "--no-audit", "--no-fund"]);
    run(install)
}

fn cargo_tool(
    env: &ToolEnv,
    program: &str,
    package: &str,
    version: &str,
    locked: bool,
) -> anyhow::Result<()> {
    let mut probe = env.command(program);
    probe.arg("--version");
    if output(probe).is_some_and(|text| text.split_whitespace().any(|word| word == version)) {
        return Ok(());
    }
    let mut install = env.command("cargo");
    install.args(["install", package, "--version", version]);
    if locked {
        install.arg("--locked");
    }
    run(install)
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must match it exactly.
fn wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock"))
        .context("cannot read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines.next().unwrap_or_default();
            if let Some(version) = version
                .strip_prefix("version = \"")
                .and_then(|rest| rest.strip_suffix('"'))
            {
                return Ok(version.to_owned());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}
