//! The `mailmove serve` application, in this process, on a free loopback port.

use std::net::SocketAddr;
use std::path::PathBuf;

use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::cache::AnswerCache;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::{AppState, ServerConfig, serve};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server; shut down gracefully with [`TestServer::stop`].
pub struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// The repository's `dist/` (built by `cargo xtask dist`), when it has been built.
pub fn built_frontend() -> Option<PathBuf> {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
    dist.join("index.html").is_file().then_some(dist)
}

/// The check page built with the survey engine for a static deployment
/// (`target/dist-static/`, built by `cargo xtask test`), when it has been built.
pub fn built_static_frontend() -> Option<PathBuf> {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/dist-static");
    dist.join("index.html").is_file().then_some(dist)
}

impl TestServer {
    /// Serves `dist` (if any) and sends every DNS query to `nameserver`.
    pub async fn start(nameserver: SocketAddr, dist: Option<PathBuf>) -> anyhow::Result<Self> {
        Self::start_with(nameserver, dist, ServerConfig::default()).await
    }

    /// The same with a deployment configuration (CORS, rate limits).
    pub async fn start_with(
        nameserver: SocketAddr,
        dist: Option<PathBuf>,
        config: ServerConfig,
    ) -> anyhow::Result<Self> {
        // Fixture name servers are on loopback, on the authority's port.
        let direct = DirectPolicy::Loopback {
            port: nameserver.port(),
        };
        let dns = Dns::new(&Upstream::Nameserver(nameserver))?
            .with_cache(AnswerCache::default())
            .with_direct(direct);
        // Fixture zones live under `.test`.
        let names = mailmove_core::NamePolicy::allowing(["test"]);
        let state = AppState::new(dns, dist, names, config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, state, async move {
            let _ = stopped.await;
        }));
        Ok(TestServer {
            base_url,
            stop,
            task,
        })
    }

    /// Stops the server and waits for it.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.task.await??;
        Ok(())
    }
}
