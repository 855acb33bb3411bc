//! `mailmove serve`: the web page and the API.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use mailmove_core::NamePolicy;

use super::exit::CommandResult;
use super::options::ResolverArgs;
use crate::cache::AnswerCache;
use crate::rate_limit::RateLimit;
use crate::{AppState, ServerConfig, serve, shutdown_signal, static_files};

/// `mailmove serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is logged and
    /// printed as `listening on http://ADDR`).
    #[arg(long, default_value = "127.0.0.1:8080", env = "MAILMOVE_LISTEN")]
    pub listen: SocketAddr,
    /// HTTP connections open at once; at the cap the longest-idle one is closed for a
    /// newcomer. Default: half the open-file limit (raised to its hard limit at
    /// start), at most 4096.
    #[arg(long, value_name = "N", env = "MAILMOVE_MAX_CONNECTIONS",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: Option<u32>,
    /// Where DNS questions go, and direct questions to name servers.
    #[command(flatten)]
    pub resolver: ResolverArgs,
    /// The built front end (Trunk's dist/). Default: ./dist, else the repository's dist/.
    #[arg(long, env = "MAILMOVE_DIST")]
    pub dist: Option<PathBuf>,
    /// An origin allowed to use the API and the DoH endpoint from its pages
    /// (repeatable; `*` for any), e.g. https://www.example.co.jp. Default: none.
    #[arg(
        long = "cors-origin",
        value_name = "ORIGIN",
        env = "MAILMOVE_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// An origin whose pages may embed the check (`/embed` in an iframe), e.g.
    /// https://www.example.co.jp (repeatable). Default: none; no page may be framed.
    #[arg(
        long = "frame-ancestor",
        value_name = "ORIGIN",
        env = "MAILMOVE_FRAME_ANCESTORS",
        value_delimiter = ','
    )]
    pub frame_ancestors: Vec<String>,
    /// A file of origins that may embed the check, one per line (`#` starts a
    /// comment), added to `--frame-ancestor`: for hosting setups that keep the list
    /// apart from the command line.
    #[arg(
        long = "frame-ancestors-file",
        value_name = "FILE",
        env = "MAILMOVE_FRAME_ANCESTORS_FILE"
    )]
    pub frame_ancestors_file: Option<PathBuf>,
    /// A resolver `/api/monitor` asks, as `[LABEL=]IP[:PORT]` or `[LABEL=]doh:…`
    /// (repeatable). Default: Google, Cloudflare, Quad9, OpenDNS and IIJ's public DNS.
    #[arg(
        long = "monitor-resolver",
        value_name = "SPEC",
        env = "MAILMOVE_MONITOR_RESOLVERS",
        value_delimiter = ','
    )]
    pub monitor_resolvers: Vec<String>,
    /// DNS questions per minute per client (a survey counts as 50); 0 disables the limit.
    #[arg(long, default_value_t = 600, env = "MAILMOVE_RATE_LIMIT")]
    pub rate_limit: u32,
    /// A reverse proxy's address range, e.g. 10.0.0.0/8 (repeatable): only requests
    /// from these have their client taken from `Forwarded` / `X-Forwarded-For` (the
    /// rightmost address that is not a trusted proxy). Default: none; headers ignored.
    #[arg(
        long = "trusted-proxy",
        value_name = "CIDR",
        env = "MAILMOVE_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<crate::client_addr::Cidr>,
    /// Share the rate limits and streamed-survey counts with every instance using this
    /// Redis: redis://HOST:PORT (also redis://:PASSWORD@HOST:PORT/DB). If Redis is
    /// unreachable, each instance limits on its own until it is back.
    #[arg(
        long,
        value_name = "URL",
        env = "MAILMOVE_REDIS_URL",
        hide_env_values = true
    )]
    pub redis_url: Option<crate::redis::RedisUrl>,
    /// The SMTP probe endpoints.
    #[command(flatten)]
    pub probe: crate::probe_api::ProbeServeArgs,
}

/// Serves until SIGINT or SIGTERM.
pub async fn run(args: ServeArgs, names: NamePolicy) -> CommandResult {
    let dns = args
        .resolver
        .dns()
        .await?
        .with_cache(AnswerCache::default());
    let dist = args.dist.or_else(static_files::find_dist);
    match &dist {
        Some(dir) if dir.join("index.html").is_file() => {
            tracing::info!(dist = %dir.display(), "serving the front end");
        }
        Some(dir) => {
            return Err(anyhow::anyhow!(
                "{} has no index.html (run `cargo xtask dist`)",
                dir.display()
            )
            .into());
        }
        None => tracing::warn!("front end not built: run `cargo xtask run` to build and serve it"),
    }
    // Before the first socket: a service starts with 1,024 files, which idle
    // connections alone used up.
    let open_files = crate::connections::raise_open_file_limit();
    let max_connections = args.max_connections.map_or_else(
        || crate::connections::max_connections_for(open_files),
        |max| max as usize,
    );
    tracing::info!(open_files, max_connections, "connection limits");
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    // Before announcing the address: a signal sent by whoever read it must find the
    // handlers in place.
    let shutdown = shutdown_signal();
    // Printed on stdout as well, so scripts and tests started with port 0 learn the port.
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on http://{addr}")?;
    stdout.flush()?;
    let mut frame_ancestors = args.frame_ancestors;
    if let Some(file) = &args.frame_ancestors_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read --frame-ancestors-file {}", file.display()))?;
        frame_ancestors.extend(crate::embed_allowed::read_origins_file(&text));
    }
    for origin in &frame_ancestors {
        if !static_files::is_origin(origin.trim().trim_end_matches('/')) {
            tracing::warn!(%origin, "--frame-ancestor ignored: not an origin like https://www.example.co.jp");
        }
    }
    let monitor_resolvers = crate::monitor::monitor_resolvers(&args.monitor_resolvers)?;
    let config = ServerConfig {
        monitor_resolvers,
        frame_ancestors,
        cors_origins: args.cors_origins,
        rate_limit: RateLimit {
            per_minute: args.rate_limit,
            burst: args.rate_limit,
        },
        bounds: crate::bounds::Bounds::default(),
        connections: crate::connections::ConnectionLimits {
            max_connections,
            ..Default::default()
        },
        upstream_probe: None,
        trusted_proxies: args.trusted_proxies,
        redis_url: args.redis_url,
        policy_fetcher: crate::mta_sts_fetch::PolicyFetcher::default(),
        probe: args.probe.config()?,
    };
    if !config.trusted_proxies.is_empty() {
        tracing::info!(trusted_proxies = ?config.trusted_proxies, "client addresses from Forwarded / X-Forwarded-For of these peers");
    }
    let state = AppState::new(dns, dist, names, config);
    // Says in the log at once whether the limits are shared (`redis` logs the state).
    let _ = crate::readiness::redis_state(&state).await;
    serve(listener, state, shutdown).await?;
    tracing::info!("stopped");
    Ok(())
}
