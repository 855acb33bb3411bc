//! The release front end: `trunk build --release` into `dist/`, then precompressed
//! `.br` and `.gz` copies that the server sends to browsers that accept them.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::tools::{ToolEnv, run};

/// Files worth compressing.
const COMPRESSIBLE: [&str; 6] = ["wasm", "js", "css", "html", "svg", "json"];
/// The page's payload, as budgets count it.
const PAYLOAD: [&str; 3] = ["wasm", "js", "css"];

/// Sizes of the page's payload (wasm + js + css), in bytes.
pub struct Sizes {
    /// Uncompressed.
    pub raw: u64,
    /// gzip -9.
    pub gzip: u64,
    /// brotli -q 11.
    pub brotli: u64,
}

/// Builds `dist/` and returns the payload's sizes.
pub fn build(env: &ToolEnv) -> anyhow::Result<Sizes> {
    // Trunk's offline mode runs cargo offline, so the crates must be here first.
    let mut fetch = env.command("cargo");
    fetch.args(["fetch", "--locked"]);
    run(fetch)?;
    let mut trunk = env.command("trunk");
    trunk.args(["build", "--release", "--offline", "--locked"]);
    run(trunk)?;
    let dist = crate::root().join("dist");
    let sizes = compress(&dist)?;
    let report = format!(
        "front end (wasm + js + css): {} bytes raw, {} gzip, {} brotli\n",
        sizes.raw, sizes.gzip, sizes.brotli
    );
    eprint!("xtask: {report}");
    let target = crate::root().join("target");
    std::fs::create_dir_all(&target)?;
    std::fs::write(target.join("frontend-size.txt"), report)?;
    Ok(sizes)
}

fn compress(dist: &Path) -> anyhow::Result<Sizes> {
    let mut sizes = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for path in files(dist)? {
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
        if PAYLOAD.contains(&ext) {
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
