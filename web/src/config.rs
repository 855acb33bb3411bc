//! How this copy of the page is deployed, read once from `<meta>` tags in index.html:
//!
//! - `<meta name="mailmove-doh" content="https://cloudflare-dns.com/dns-query">` puts the
//!   page in **static mode**: it asks that public DNS-over-HTTPS JSON endpoint directly
//!   (Cloudflare and Google allow cross-origin use) and needs no Mailmove server, so the
//!   check can be hosted as plain files. Without it the page asks its own server's
//!   `/dns-query`, and also uses the server for what a browser cannot do (asking each
//!   name server directly, fetching the MTA-STS policy file).
//! - `<meta name="mailmove-allow-tld" content="test">`: extra TLDs in static mode (the
//!   server says its own through `/api/version`).
//!
//! `cargo xtask dist --static-doh URL` writes the first tag; a deployer may also edit it.

use std::sync::OnceLock;

/// Where the page's DNS questions go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The Mailmove server that served the page.
    Server,
    /// A public DoH JSON endpoint; no server.
    Static {
        /// The endpoint, e.g. `https://dns.google/resolve`.
        doh: String,
    },
}

impl Mode {
    /// The DoH JSON endpoint.
    pub fn doh(&self) -> &str {
        match self {
            Mode::Server => "/dns-query",
            Mode::Static { doh } => doh,
        }
    }

    /// Whether the page's own server is there to ask.
    pub fn has_server(&self) -> bool {
        matches!(self, Mode::Server)
    }
}

/// The deployment settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Server or static mode.
    pub mode: Mode,
    /// Extra TLDs from the page (static mode).
    pub allow_tlds: Vec<String>,
}

/// The settings, read on first use.
pub fn get() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let doh = meta("mailmove-doh")
            .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
        Config {
            mode: doh.map_or(Mode::Server, |doh| Mode::Static { doh }),
            allow_tlds: meta("mailmove-allow-tld")
                .map(|tlds| {
                    tlds.split([',', ' '])
                        .filter(|tld| !tld.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        }
    })
}

fn meta(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let element = document
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    element
        .get_attribute("content")
        .map(|content| content.trim().to_owned())
        .filter(|content| !content.is_empty())
}
