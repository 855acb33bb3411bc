//! A plain static file server on its own loopback port: another origin than the
//! Mailmove server, for the embedding page and for the page deployed as static files.

use std::net::SocketAddr;
use std::path::Path;

use tokio::task::JoinHandle;
use tower_http::services::{ServeDir, ServeFile};

/// A running static site.
pub struct StaticSite {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    task: JoinHandle<()>,
}

impl StaticSite {
    /// Binds a port first, so the origin is known before the files are written.
    pub async fn bind() -> anyhow::Result<(tokio::net::TcpListener, String)> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        Ok((listener, format!("http://{addr}")))
    }

    /// Serves `dir` (with `index.html` for unknown paths) on `listener`.
    pub fn serve(listener: tokio::net::TcpListener, base_url: String, dir: &Path) -> StaticSite {
        let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
        let app = axum::Router::new().fallback_service(files);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StaticSite { base_url, task }
    }

    /// Stops serving.
    pub fn stop(self) {
        self.task.abort();
    }
}

/// Copies the built front end to `to`, turning it into a static deployment that asks
/// `doh` (a DoH JSON endpoint) and accepts `allow_tld`: what `<meta name="mailmove-doh">`
/// is documented to do. Precompressed copies of index.html are left out (they would be
/// stale).
pub fn static_deployment(dist: &Path, to: &Path, doh: &str, allow_tld: &str) -> anyhow::Result<()> {
    copy_bundle(dist, to)?;
    let index = std::fs::read_to_string(dist.join("index.html"))?;
    std::fs::write(
        to.join("index.html"),
        in_static_mode(&index, doh, allow_tld)?,
    )?;
    Ok(())
}

/// Copies the files of the bundle in `from` to `to`, but its `index.html` (which gets
/// the meta tags) and the other bundles in directories.
fn copy_bundle(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        if name.starts_with("index.html") || path.is_dir() {
            continue;
        }
        std::fs::copy(&path, to.join(name))?;
    }
    Ok(())
}

/// `index` with the static-mode `<meta>` tags first in `<head>`, as `cargo xtask dist
/// --static-doh` puts them: the early survey script in index.html reads them and stays
/// quiet in static mode.
fn in_static_mode(index: &str, doh: &str, allow_tld: &str) -> anyhow::Result<String> {
    let meta = format!(
        "<head><meta name=\"mailmove-doh\" content=\"{doh}\"><meta name=\"mailmove-allow-tld\" content=\"{allow_tld}\">"
    );
    anyhow::ensure!(index.contains("<head>"), "index.html has no <head>");
    Ok(index.replacen("<head>", &meta, 1))
}

/// Adds the tool bundle `dist/{bundle}/` (the planner: `planner`) to a static
/// deployment made by [`static_deployment`], with the same `<meta>` tags, as `cargo xtask
/// dist --static-doh` writes them into every bundle.
pub fn static_tool(
    dist: &Path,
    bundle: &str,
    to: &Path,
    doh: &str,
    allow_tld: &str,
) -> anyhow::Result<()> {
    let from = dist.join(bundle);
    let to = to.join(bundle);
    std::fs::create_dir_all(&to)?;
    copy_bundle(&from, &to)?;
    let index = std::fs::read_to_string(from.join("index.html"))?;
    std::fs::write(
        to.join("index.html"),
        in_static_mode(&index, doh, allow_tld)?,
    )?;
    Ok(())
}
