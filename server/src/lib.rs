//! The `mailmove` binary's library: the HTTP server and the command line.
//!
//! **Boundary:** this crate does the I/O (sockets, DNS, files, the clock); every
//! decision about mail DNS is made in `mailmove-core`.

pub mod check_cli;
pub mod cli;
pub mod dns;
pub mod error;
pub mod routes;
pub mod spf;
pub mod static_files;
pub mod survey;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The resolver seam.
    pub dns: dns::Dns,
    /// The built front end, when found.
    pub dist: Option<Arc<PathBuf>>,
    /// Which domain names the API accepts.
    pub names: Arc<mailmove_core::NamePolicy>,
}

/// No request may run longer than this, whatever its upstream does.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Requests served at once; more wait their turn (within the timeout).
pub const MAX_CONCURRENT_REQUESTS: usize = 64;

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let site = match &state.dist {
        Some(dist) => static_files::router(dist),
        None => Router::new().fallback(routes::frontend_missing),
    };
    let api = Router::new()
        .route("/healthz", get(routes::health))
        .route("/api/version", get(routes::health))
        .route("/api/lookup", get(routes::lookup))
        .route("/api/survey", get(routes::survey))
        // A mistyped API path is a JSON 404, not the page.
        .route("/api/{*rest}", axum::routing::any(routes::api_not_found))
        .with_state(state);
    api.merge(site).layer((
        TraceLayer::new_for_http(),
        axum::error_handling::HandleErrorLayer::new(routes::overloaded_or_timed_out),
        tower::limit::ConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS),
        tower::timeout::TimeoutLayer::new(REQUEST_TIMEOUT),
    ))
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then lets requests
/// in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
