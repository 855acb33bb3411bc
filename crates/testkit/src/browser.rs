//! Headless Chromium, driven through chromedriver (WebDriver) with fantoccini.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A browser session and the chromedriver behind it (killed when dropped).
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

/// How the browser presents itself.
pub struct BrowserOptions<'a> {
    /// `Accept-Language` and `navigator.languages`, e.g. `"ja-JP,ja"`.
    pub languages: &'a str,
    /// Window size in CSS pixels.
    pub window: (u32, u32),
}

impl Default for BrowserOptions<'_> {
    fn default() -> Self {
        BrowserOptions {
            languages: "en-US,en",
            window: (1024, 768),
        }
    }
}

impl Browser {
    /// Whether Chromium and chromedriver are installed.
    pub fn available() -> bool {
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()
    }

    /// Starts chromedriver on a free loopback port and opens a headless session.
    pub async fn start(options: &BrowserOptions<'_>) -> anyhow::Result<Browser> {
        let port = crate::free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromedriver")?;
        let profile = tempfile::tempdir()?;
        let mut browser = BrowserGuard(Some(driver));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("chromedriver did not listen on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The flags that work on these machines: without the background-networking
        // ones Chromium keeps trying to reach Google, which the closed network refuses.
        let (width, height) = options.window;
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"),
                    format!("--lang={}", options.languages.split(',').next().unwrap_or("en")),
                ],
                "prefs": { "intl.accept_languages": options.languages },
            }
        });
        let capabilities = capabilities
            .as_object()
            .cloned()
            .context("capabilities are a JSON object")?;
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("cannot open a WebDriver session")?;
        let driver = browser.0.take().context("driver handle")?;
        Ok(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Closes the session.
    pub async fn close(self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Kills chromedriver if the session never opened.
struct BrowserGuard(Option<Child>);

impl Drop for BrowserGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
