//! The release front end: `trunk build --release` into `dist/`, then precompressed
//! `.br` and `.gz` copies that the server sends to browsers that accept them.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::tools::{ToolEnv, run};

/// Files worth compressing (`dat`: the Public Suffix List the pages fetch).
const COMPRESSIBLE: [&str; 7] = ["wasm", "js", "css", "html", "svg", "json", "dat"];
/// The page's payload, as budgets count it (what the page loads before it can draw;
/// the Public Suffix List it fetches later is not part of it).
const PAYLOAD: [&str; 3] = ["wasm", "js", "css"];

/// Brotli budget of the check page's payload (wasm + js + css): what a phone on a slow
/// network downloads before the first report. `cargo xtask test` fails above it.
pub const CHECK_PAGE_BUDGET: u64 = 200_000;
/// Brotli budget of the tools bundle (the monitor and the snippet page), enforced the
/// same way: issue 21's 250 KB for a tool.
pub const TOOLS_BUDGET: u64 = 250_000;
/// Brotli budget of the planner's bundle (the plan's page): issue 21's 250 KB.
pub const PLANNER_BUDGET: u64 = 250_000;
/// Brotli budget of the planner's accounts page, a bundle of its own: the same.
pub const ACCOUNTS_BUDGET: u64 = 250_000;
/// Brotli budget of the planner's records page, a bundle of its own: the same.
pub const RECORDS_BUDGET: u64 = 250_000;

/// The tools' bundles, each built from its page into the directory of `dist/` it is
/// served from: the planner (`/plan`), its accounts and records pages (`/plan/accounts`,
/// `/plan/records`), the monitor with the snippet page (`/monitor`, `/embed/snippet`).
/// One list, so each bundle is built, minified and measured alike.
const TOOL_BUNDLES: [(&str, &str); 4] = [
    ("web/planner.html", "planner"),
    ("web/accounts.html", "accounts"),
    ("web/records.html", "records"),
    ("web/tools.html", "tools"),
];

/// Sizes of the page's payload (wasm + js + css), in bytes.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Uncompressed.
    pub raw: u64,
    /// gzip -9.
    pub gzip: u64,
    /// brotli -q 11.
    pub brotli: u64,
}

/// Which check page to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Streams the survey from its Mailmove server (the small page).
    Server,
    /// Carries the survey engine (web feature `engine`), for a static deployment.
    Static,
}

/// The five bundles' payload sizes.
#[derive(Clone, Copy, Debug)]
pub struct Bundles {
    /// The check page (and the widget).
    pub check: Sizes,
    /// The planner.
    pub planner: Sizes,
    /// The planner's accounts page.
    pub accounts: Sizes,
    /// The planner's records page.
    pub records: Sizes,
    /// The monitor and the snippet page.
    pub tools: Sizes,
}

impl Bundles {
    /// Fails with both figures when a bundle is over its budget.
    pub fn within_budgets(&self) -> anyhow::Result<()> {
        let over: Vec<String> = [
            ("check page", self.check.brotli, CHECK_PAGE_BUDGET),
            ("planner bundle", self.planner.brotli, PLANNER_BUDGET),
            ("accounts bundle", self.accounts.brotli, ACCOUNTS_BUDGET),
            ("records bundle", self.records.brotli, RECORDS_BUDGET),
            ("tools bundle", self.tools.brotli, TOOLS_BUDGET),
        ]
        .into_iter()
        .filter_map(|(name, size, budget)| over_budget(name, size, budget))
        .collect();
        anyhow::ensure!(over.is_empty(), "{}", over.join("; "));
        Ok(())
    }
}

fn over_budget(name: &str, size: u64, budget: u64) -> Option<String> {
    (size > budget).then(|| {
        format!(
            "the {name} is {size} bytes brotli (wasm + js + css), over its budget of {budget} \
             by {} bytes",
            size - budget
        )
    })
}

/// Builds `dist/` and returns both bundles' payload sizes.
pub fn build(env: &ToolEnv, page: Page) -> anyhow::Result<Bundles> {
    // Trunk's offline mode runs cargo offline, so the crates must be here first.
    let mut fetch = env.command("cargo");
    fetch.args(["fetch", "--locked"]);
    run(fetch)?;
    run(check_page(env, page, None))?;
    // The tools after the check page: Trunk replaces only its own dist directory.
    for (html, dir) in TOOL_BUNDLES {
        run(bundle(env, html, dir))?;
    }
    let dist = crate::root().join("dist");
    minify(env, &dist)?;
    for (_, dir) in TOOL_BUNDLES {
        minify(env, &dist.join(dir))?;
    }
    let [planner, accounts, records, tools] =
        TOOL_BUNDLES.map(|(_, dir)| compress(&dist.join(dir)));
    let (planner, accounts, records, tools) = (planner?, accounts?, records?, tools?);
    let sizes = compress_top(&dist)?;
    let report = format!(
        "front end (wasm + js + css){}: {} bytes raw, {} gzip, {} brotli (budget {CHECK_PAGE_BUDGET})\n\
         planner bundle: {} bytes raw, {} gzip, {} brotli (budget {PLANNER_BUDGET})\n\
         accounts bundle: {} bytes raw, {} gzip, {} brotli (budget {ACCOUNTS_BUDGET})\n\
         records bundle: {} bytes raw, {} gzip, {} brotli (budget {RECORDS_BUDGET})\n\
         tools bundle (monitor, snippet page): {} bytes raw, {} gzip, {} brotli (budget {TOOLS_BUDGET})\n",
        match page {
            Page::Server => "",
            Page::Static => ", static build with the survey engine",
        },
        sizes.raw,
        sizes.gzip,
        sizes.brotli,
        planner.raw,
        planner.gzip,
        planner.brotli,
        accounts.raw,
        accounts.gzip,
        accounts.brotli,
        records.raw,
        records.gzip,
        records.brotli,
        tools.raw,
        tools.gzip,
        tools.brotli
    );
    eprint!("xtask: {report}");
    let target = crate::root().join("target");
    std::fs::create_dir_all(&target)?;
    std::fs::write(target.join("frontend-size.txt"), report)?;
    Ok(Bundles {
        check: sizes,
        planner,
        accounts,
        records,
        tools,
    })
}

/// Minifies a bundle's JavaScript (wasm-bindgen's loader, written for people to read)
/// and CSS in place, with esbuild: ~1.7 KB brotli off each bundle's JavaScript and
/// ~0.7 KB off its CSS. (Trunk's own `--minify` cannot parse the loader's `export
/// default`.) The file names keep Trunk's hash of the unminified file, which changes
/// whenever the source does. `embed.js` is ours and is served to other sites as
/// written.
fn minify(env: &ToolEnv, dir: &Path) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        if (name.ends_with(".js") && name != "embed.js") || name.ends_with(".css") {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Ok(());
    }
    let mut esbuild = env.command("esbuild");
    esbuild
        .args(&files)
        // The loader is an ES module: its exports are what the page imports.
        .args([
            "--minify",
            "--format=esm",
            "--allow-overwrite",
            "--log-level=warning",
        ])
        .arg(format!("--outdir={}", dir.display()));
    run(esbuild)
}

/// `trunk build` of a tool's page (`html`) into `dist/{dir}`, served from `/{dir}/`.
fn bundle(env: &ToolEnv, html: &str, dir: &str) -> std::process::Command {
    let mut trunk = env.command("trunk");
    // The target first: `--locked` takes an optional value and would swallow it.
    trunk.args([
        "build",
        html,
        "--release",
        "--offline",
        "--locked",
        "--dist",
        &format!("dist/{dir}"),
        "--public-url",
        &format!("/{dir}/"),
    ]);
    trunk
}

/// Where `static_copy` builds: the browser test of static mode deploys from here.
pub const STATIC_COPY: &str = "target/dist-static";

/// The check page with the survey engine in `target/dist-static/` (after `build`, whose
/// `dist/` it leaves alone), and its payload sizes.
pub fn static_copy(env: &ToolEnv) -> anyhow::Result<Sizes> {
    let dir = crate::root().join(STATIC_COPY);
    run(check_page(env, Page::Static, Some(&dir)))?;
    minify(env, &dir)?;
    let sizes = compress(&dir)?;
    let line = format!(
        "check page, static build with the survey engine: {} bytes raw, {} gzip, {} brotli\n",
        sizes.raw, sizes.gzip, sizes.brotli
    );
    eprint!("xtask: {line}");
    let report = crate::root().join("target/frontend-size.txt");
    let before = std::fs::read_to_string(&report).unwrap_or_default();
    std::fs::write(report, before + &line)?;
    Ok(sizes)
}

/// `trunk build` of the check page (`web/index.html`) into `dist` (default `dist/`).
fn check_page(env: &ToolEnv, page: Page, dist: Option<&Path>) -> std::process::Command {
    let mut trunk = env.command("trunk");
    trunk.args([
        "build",
        "web/index.html",
        "--release",
        "--offline",
        "--locked",
    ]);
    if page == Page::Static {
        trunk.args(["--features", "engine"]);
    }
    if let Some(dist) = dist {
        trunk.arg("--dist").arg(dist);
    }
    trunk
}

/// Compresses the check page's own files (not the tools' bundles in directories).
fn compress_top(dist: &Path) -> anyhow::Result<Sizes> {
    compress_files(
        files(dist)?
            .into_iter()
            .filter(|path| path.parent() == Some(dist))
            .collect(),
    )
}

fn compress(dir: &Path) -> anyhow::Result<Sizes> {
    compress_files(files(dir)?)
}

fn compress_files(paths: Vec<PathBuf>) -> anyhow::Result<Sizes> {
    let mut sizes = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for path in paths {
        let Some(ext) = path.extension().and_then(|ext| ext.to_str()) else {
            continue;
        };
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let data =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let brotli = brotli_bytes(&data)?;
        let gzip = gzip_bytes(&data)?;
        std::fs::write(with_suffix(&path, "br"), &brotli)?;
        std::fs::write(with_suffix(&path, "gz"), &gzip)?;
        // `embed.js` is for the sites that embed the check; the page never loads it.
        let loaded_by_page = path.file_name().is_none_or(|name| name != "embed.js");
        if PAYLOAD.contains(&ext) && loaded_by_page {
            sizes.raw += data.len() as u64;
            sizes.gzip += gzip.len() as u64;
            sizes.brotli += brotli.len() as u64;
        }
    }
    Ok(sizes)
}

fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(files(&path)?);
        } else {
            found.push(path);
        }
    }
    Ok(found)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn brotli_bytes(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(data)?;
    }
    Ok(out)
}

fn gzip_bytes(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// `cargo xtask dist --static-doh URL [--allow-tld TLD]…`: the page as static files that
/// ask a public DoH JSON endpoint (see `web/src/config.rs`).
#[derive(Debug, Default)]
pub struct StaticMode {
    doh: Option<String>,
    allow_tlds: Vec<String>,
}

impl StaticMode {
    /// Whether `--static-doh` was given.
    pub fn is_static(&self) -> bool {
        self.doh.is_some()
    }

    /// Reads the options after `dist`.
    pub fn from_args(args: &[String]) -> anyhow::Result<StaticMode> {
        let mut mode = StaticMode::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
            match arg.as_str() {
                "--static-doh" => mode.doh = Some(value()?.clone()),
                "--allow-tld" => mode.allow_tlds.push(value()?.clone()),
                other => anyhow::bail!("unknown option {other}"),
            }
        }
        if let Some(doh) = &mode.doh {
            let safe = doh
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>'));
            anyhow::ensure!(
                (doh.starts_with("https://") || doh.starts_with("http://")) && safe,
                "--static-doh wants an http(s) URL, e.g. https://cloudflare-dns.com/dns-query"
            );
        }
        anyhow::ensure!(
            mode.allow_tlds.iter().all(|tld| !tld.is_empty()
                && tld.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')),
            "--allow-tld wants a top-level domain such as `test`"
        );
        Ok(mode)
    }
}

/// Writes the static-mode `<meta>` tags into each bundle's `index.html` (and its
/// compressed copies), when asked.
pub fn apply_static_mode(mode: &StaticMode) -> anyhow::Result<()> {
    let Some(doh) = &mode.doh else {
        return Ok(());
    };
    let dist = crate::root().join("dist");
    add_meta(&dist.join("index.html"), mode, doh)?;
    for (_, dir) in TOOL_BUNDLES {
        add_meta(&dist.join(dir).join("index.html"), mode, doh)?;
    }
    eprintln!("xtask: dist/ is a static deployment asking {doh}");
    Ok(())
}

fn add_meta(index: &Path, mode: &StaticMode, doh: &str) -> anyhow::Result<()> {
    let html = std::fs::read_to_string(index)?;
    let mut meta = format!("<meta name=\"mailmove-doh\" content=\"{doh}\">");
    if !mode.allow_tlds.is_empty() {
        meta.push_str(&format!(
            "<meta name=\"mailmove-allow-tld\" content=\"{}\">",
            mode.allow_tlds.join(",")
        ));
    }
    // First in <head>: the early survey script in index.html reads them.
    anyhow::ensure!(html.contains("<head>"), "dist/index.html has no <head>");
    let html = html.replacen("<head>", &format!("<head>{meta}"), 1);
    std::fs::write(index, &html)?;
    std::fs::write(with_suffix(index, "br"), brotli_bytes(html.as_bytes())?)?;
    std::fs::write(with_suffix(index, "gz"), gzip_bytes(html.as_bytes())?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(brotli: u64) -> Sizes {
        Sizes {
            raw: brotli * 3,
            gzip: brotli * 2,
            brotli,
        }
    }

    #[test]
    fn a_bundle_over_its_budget_fails_and_says_by_how_much() {
        let within = Bundles {
            check: sizes(CHECK_PAGE_BUDGET),
            planner: sizes(PLANNER_BUDGET),
            accounts: sizes(ACCOUNTS_BUDGET),
            records: sizes(RECORDS_BUDGET),
            tools: sizes(TOOLS_BUDGET - 1),
        };
        assert!(within.within_budgets().is_ok());
        let small = Bundles {
            check: sizes(1),
            planner: sizes(1),
            accounts: sizes(1),
            records: sizes(1),
            tools: sizes(1),
        };
        let over: [(&str, Bundles); 5] = [
            (
                "check page",
                Bundles {
                    check: sizes(CHECK_PAGE_BUDGET + 10),
                    ..small
                },
            ),
            (
                "planner bundle",
                Bundles {
                    planner: sizes(PLANNER_BUDGET + 10),
                    ..small
                },
            ),
            (
                "accounts bundle",
                Bundles {
                    accounts: sizes(ACCOUNTS_BUDGET + 10),
                    ..small
                },
            ),
            (
                "records bundle",
                Bundles {
                    records: sizes(RECORDS_BUDGET + 10),
                    ..small
                },
            ),
            (
                "tools bundle",
                Bundles {
                    tools: sizes(TOOLS_BUDGET + 10),
                    ..small
                },
            ),
        ];
        for (name, bundles) in over {
            let error = bundles.within_budgets().expect_err("over").to_string();
            assert!(
                error.contains(name) && error.contains("by 10 bytes"),
                "{error}"
            );
        }
    }
}
