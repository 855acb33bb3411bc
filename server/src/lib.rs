//! The `mailmove` binary's library: the HTTP server and the command line.
//!
//! **Boundary:** this crate does the I/O (sockets, DNS, files, the clock); every
//! decision about mail DNS is made in `mailmove-core`.

pub mod address_policy;
pub mod blocklist;
pub mod blocklist_cli;
pub mod bounds;
pub mod cache;
pub mod cli;
pub mod client_addr;
pub mod commands;
pub mod connections;
pub mod dns;
pub mod doh;
pub mod embed_allowed;
pub mod error;
pub mod line_encoding;
pub mod lru;
pub mod metrics;
pub mod monitor;
pub mod mta_sts_fetch;
pub mod probe;
pub mod probe_api;
pub mod probe_cli;
pub mod probe_text;
pub mod rate_limit;
pub mod readiness;
pub mod redis;
pub mod routes;
pub mod shared_limits;
pub mod shared_refusals;
pub mod spf;
pub mod static_files;
pub mod stream_slots;
pub mod survey;
pub mod survey_stream;
pub mod terminal;
pub mod tls;
pub mod upstream;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use rate_limit::{RateLimit, RateLimiter};

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The resolver seam.
    pub dns: dns::Dns,
    /// The built front end, when found.
    pub dist: Option<Arc<PathBuf>>,
    /// Which domain names the API accepts.
    pub names: Arc<mailmove_core::NamePolicy>,
    /// Deployment settings.
    pub config: Arc<ServerConfig>,
    /// Per-client buckets (see `rate_limit`).
    pub limiter: Arc<RateLimiter>,
    /// Slots for streamed surveys (see `survey_stream`).
    pub streamed_surveys: Arc<tokio::sync::Semaphore>,
    /// The server-wide request slots (see `bounds`).
    pub request_slots: Arc<tokio::sync::Semaphore>,
    /// What `/metrics` reports.
    pub metrics: Arc<metrics::Metrics>,
    /// `/readyz`'s cached upstream check.
    pub readiness: Arc<readiness::UpstreamProbe>,
    /// Streamed surveys held per client and per /48 (see `stream_slots`).
    pub stream_slots: Arc<stream_slots::ClientSlots>,
    /// The Redis shared by every instance (`--redis-url`; see `shared_limits`).
    pub redis: Option<Arc<redis::Redis>>,
    /// Clients Redis refused lately, refused again without asking it.
    pub shared_refusals: Arc<shared_refusals::RecentRefusals>,
}

/// What a deployment configures.
#[derive(Clone, Debug, Default)]
pub struct ServerConfig {
    /// Origins allowed to call the API and the DoH endpoint from a browser
    /// (`*` for any). Empty: no CORS headers, same-origin use only.
    pub cors_origins: Vec<String>,
    /// Per-client rate limit of the API and the DoH endpoint.
    pub rate_limit: RateLimit,
    /// Origins whose pages may frame `/embed` (`Content-Security-Policy:
    /// frame-ancestors`). Every other page refuses to be framed.
    pub frame_ancestors: Vec<String>,
    /// The resolvers `/api/monitor` asks besides the authoritative servers.
    pub monitor_resolvers: Vec<monitor::MonitorResolver>,
    /// Requests at once and the request timeout (see `bounds`).
    pub bounds: bounds::Bounds,
    /// Connections at once and how long they may idle (see `connections`).
    pub connections: connections::ConnectionLimits,
    /// The question `/readyz` asks upstream; `None`: `. NS`.
    pub upstream_probe: Option<mailmove_core::dns::Query>,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client (see
    /// `client_addr`). Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<client_addr::Cidr>,
    /// Where the rate limits and streamed-slot counts shared by every instance live.
    /// None: each instance limits on its own.
    pub redis_url: Option<redis::RedisUrl>,
    /// How MTA-STS policy files are fetched (beside the resolver, which it resolves the
    /// policy host through). Default: production's.
    pub policy_fetcher: mta_sts_fetch::PolicyFetcher,
    /// The SMTP probe endpoints (`probe_api`): the address probe off by default.
    pub probe: probe_api::ProbeApiConfig,
}

impl AppState {
    /// State for `app`.
    pub fn new(
        dns: dns::Dns,
        dist: Option<PathBuf>,
        names: mailmove_core::NamePolicy,
        config: ServerConfig,
    ) -> AppState {
        AppState {
            dns,
            dist: dist.map(Arc::new),
            names: Arc::new(names),
            limiter: Arc::new(RateLimiter::new(config.rate_limit)),
            request_slots: bounds::slots(config.bounds),
            streamed_surveys: Arc::new(tokio::sync::Semaphore::new(
                survey_stream::MAX_STREAMED_SURVEYS,
            )),
            metrics: Arc::default(),
            readiness: Arc::default(),
            stream_slots: Arc::default(),
            redis: config
                .redis_url
                .clone()
                .map(|url| Arc::new(redis::Redis::new(url))),
            shared_refusals: Arc::default(),
            config: Arc::new(config),
        }
    }
}

/// No request may run longer than this, whatever its upstream does, counted from the
/// moment it reaches the router (`bounds`).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Requests served at once, whatever their route; one more is answered 503 with
/// `Retry-After` at once instead of waiting (`bounds`).
pub const MAX_CONCURRENT_REQUESTS: usize = 64;
/// Request bodies larger than this are refused (413): the only body the server takes
/// is a DoH query message, a few dozen octets.
pub const MAX_BODY: usize = 4096;

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let site = match &state.dist {
        Some(dist) => static_files::router(dist, &state.config.frame_ancestors),
        None => Router::new().fallback(routes::frontend_missing),
    };
    let bounded = axum::middleware::from_fn_with_state(state.clone(), bounds::bound);
    // The rate limit comes before the request slots (`route_layer` wraps what is
    // already there): a request it refuses never takes one of the server's slots, so
    // a flood of refused requests (each a Redis round trip with `--redis-url`) cannot
    // crowd out the requests the server would serve.
    let limited = Router::new()
        .route("/api/lookup", get(routes::lookup))
        .route("/api/survey", get(routes::survey))
        .route("/api/mta-sts-policy", get(routes::mta_sts_policy))
        .route("/api/monitor", get(routes::monitor))
        .route("/api/probe", get(probe_api::probe_tls))
        .route(
            probe_api::ADDRESSES_PATH,
            axum::routing::post(probe_api::probe_addresses)
                .layer(DefaultBodyLimit::max(probe_api::MAX_ADDRESS_PROBE_BODY)),
        )
        .route("/dns-query", get(doh::get).post(doh::post))
        .route("/resolve", get(doh::resolve))
        .route_layer(bounded.clone())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ));
    let mut api = Router::new()
        .route("/healthz", get(routes::health))
        .route("/readyz", get(readiness::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/api/version", get(routes::health))
        .route("/api/embed-allowed", get(embed_allowed::embed_allowed))
        // A mistyped API path is a JSON 404, not the page.
        .route("/api/{*rest}", axum::routing::any(routes::api_not_found))
        .layer(bounded.clone())
        .merge(limited);
    if let Some(cors) = cors(&state.config.cors_origins) {
        api = api.layer(cors);
    }
    // Outside the bounds, so the 503s and 413s they answer are counted too.
    let counted = axum::middleware::from_fn_with_state(state.clone(), metrics::count);
    let api = api.with_state(state);
    // `Router::layer` wraps each route separately: the limit is one semaphore in the
    // state, shared by every copy of the middleware.
    api.merge(site.layer(bounded)).layer((
        TraceLayer::new_for_http(),
        counted,
        DefaultBodyLimit::max(MAX_BODY),
    ))
}

/// CORS for the configured origins, on the API and DoH routes only.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin.trim_end_matches('/')).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
            .expose_headers([header::RETRY_AFTER])
            .max_age(Duration::from_secs(86_400)),
    )
}

/// Serves `app(state)` on `listener` within the configured connection limits
/// (`connections`) until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.config.connections;
    let stats = state.metrics.connections.clone();
    connections::serve_connections(listener, app(state), limits, stats, shutdown).await
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    // The handlers are installed now, not when the future is first polled: a SIGTERM
    // that arrives between "listening on …" and the start of serving must not kill
    // the process with the default action.
    #[cfg(unix)]
    let handlers = [
        tokio::signal::unix::SignalKind::interrupt(),
        tokio::signal::unix::SignalKind::terminate(),
    ]
    .map(|kind| {
        tokio::signal::unix::signal(kind)
            .inspect_err(|error| tracing::error!(%error, "cannot listen for a signal"))
            .ok()
    });
    async move {
        #[cfg(unix)]
        {
            let [interrupt, terminate] = handlers;
            let wait = |signal: Option<tokio::signal::unix::Signal>| async move {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => tracing::info!("SIGINT received, shutting down"),
                () = wait(terminate) => tracing::info!("SIGTERM received, shutting down"),
            }
        }
        #[cfg(not(unix))]
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    }
}
