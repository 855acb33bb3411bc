//! The `mailmove` command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// メール引っ越しナビ / Mailmove: move a company's e-mail without losing a message.
#[derive(Debug, Parser)]
#[command(name = "mailmove", version, about)]
pub struct Cli {
    /// Log as JSON lines instead of text.
    #[arg(long, global = true, env = "MAILMOVE_LOG_JSON")]
    pub log_json: bool,
    /// Also accept domains under this top-level domain (repeatable), e.g. `test` for a
    /// private test setup. The environment variable takes a comma-separated list.
    #[arg(
        long = "allow-tld",
        value_name = "TLD",
        global = true,
        env = "MAILMOVE_ALLOW_TLDS",
        value_delimiter = ','
    )]
    pub allow_tlds: Vec<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web page and the API.
    Serve(ServeArgs),
    /// Survey a domain's mail DNS and report what needs attention.
    Check(CheckArgs),
    /// Watch a cutover: which servers still hand out the old MX, and until when.
    Monitor(MonitorArgs),
    /// The target's DNS records, by step, with the difference from today's DNS.
    Records(crate::records_cli::RecordsArgs),
    /// The dated migration plan (schedule, risk), as text, ICS, Markdown and JSON.
    Plan(crate::plan_cli::PlanArgs),
    /// The old server's addresses to the target's bulk-create CSV, with every address
    /// left without a destination named.
    Accounts(crate::accounts_cli::AccountsArgs),
    /// Ask the target's exchangers whether they accept each address (never DATA).
    Probe(crate::probe_cli::ProbeArgs),
    /// Are the domain's mail servers and senders on blocklists (DNSBLs)?
    Blocklist(crate::blocklist_cli::BlocklistArgs),
    /// SPF tools.
    Spf {
        /// What to do.
        #[command(subcommand)]
        command: SpfCommand,
    },
}

/// Where DNS questions go (every command that asks DNS has these).
#[derive(Debug, clap::Args)]
pub struct UpstreamArgs {
    /// Send every DNS query to this server only (e.g. 127.0.0.1:5300): shorthand for
    /// `--upstream IP:PORT`.
    #[arg(long, env = "MAILMOVE_NAMESERVER", conflicts_with = "upstream")]
    pub nameserver: Option<SocketAddr>,
    /// Where DNS queries go: `system` (default: /etc/resolv.conf), `IP:PORT`,
    /// `doh:cloudflare`, `doh:google` or `doh:https://HOST[:PORT]/PATH` (RFC 8484).
    #[arg(long, value_name = "SPEC", env = "MAILMOVE_UPSTREAM")]
    pub upstream: Option<String>,
    /// PEM file of extra CA certificates to trust for a DoH upstream (a private
    /// service or a test setup); the Mozilla roots are always trusted.
    #[arg(long, value_name = "FILE", env = "MAILMOVE_UPSTREAM_CA")]
    pub upstream_ca: Option<PathBuf>,
}

impl UpstreamArgs {
    /// Builds the DNS client these options describe.
    pub async fn dns(&self) -> anyhow::Result<crate::dns::Dns> {
        use anyhow::Context as _;
        let upstream = match (&self.nameserver, &self.upstream) {
            (Some(addr), _) => crate::dns::Upstream::Nameserver(*addr),
            (None, Some(spec)) => {
                crate::upstream::UpstreamSpec::parse(spec)?
                    .resolve()
                    .await?
            }
            (None, None) => crate::dns::Upstream::System,
        };
        let roots = match &self.upstream_ca {
            Some(path) => crate::upstream::read_pem_certificates(path)?,
            None => Vec::new(),
        };
        tracing::info!(?upstream, "DNS upstream");
        crate::dns::Dns::with_roots(&upstream, &roots).context("cannot set up the DNS resolver")
    }
}

/// `mailmove spf …`
#[derive(Debug, Subcommand)]
pub enum SpfCommand {
    /// Evaluate SPF (RFC 7208 check_host) for a client address and sender over real DNS.
    Check(SpfCheckArgs),
}

/// `mailmove spf check`.
#[derive(Debug, clap::Args)]
pub struct SpfCheckArgs {
    /// The SMTP client's IP address.
    #[arg(long)]
    pub ip: std::net::IpAddr,
    /// MAIL FROM address (empty for bounces: then postmaster@HELO is checked).
    #[arg(long, default_value = "")]
    pub sender: String,
    /// HELO/EHLO name.
    #[arg(long)]
    pub helo: String,
    /// Where DNS questions go.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// Print one JSON object: result, explanation, lookups, void_lookups, trace.
    #[arg(long)]
    pub json: bool,
}

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
    /// Where DNS questions go.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// The built front end (Trunk's dist/). Default: ./dist, else the repository's dist/.
    #[arg(long, env = "MAILMOVE_DIST")]
    pub dist: Option<PathBuf>,
    /// Test setups only: put direct questions to authoritative name servers (SOA
    /// serials) on this port, and only at loopback addresses. Default: port 53, public
    /// addresses only.
    #[arg(long, value_name = "PORT", env = "MAILMOVE_AUTHORITY_PORT")]
    pub authority_port: Option<u16>,
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
    pub frame_ancestors_file: Option<std::path::PathBuf>,
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

/// The direct-question policy the `--authority-port` option selects.
pub fn direct_policy(authority_port: Option<u16>) -> crate::direct::DirectPolicy {
    authority_port.map_or(crate::direct::DirectPolicy::Public, |port| {
        crate::direct::DirectPolicy::Loopback { port }
    })
}

/// `mailmove check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The domain: a name, an IDN, an e-mail address or a URL.
    pub domain: String,
    /// Where DNS questions go.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// Test setups only: put direct questions to authoritative name servers (SOA
    /// serials) on this port, and only at loopback addresses. Default: port 53, public
    /// addresses only.
    #[arg(long, value_name = "PORT", env = "MAILMOVE_AUTHORITY_PORT")]
    pub authority_port: Option<u16>,
    /// A DKIM selector to look for (repeatable).
    #[arg(long = "selector", value_name = "S")]
    pub selectors: Vec<String>,
    /// The provider the domain is moving to (catalog id, e.g. google-workspace).
    #[arg(long)]
    pub target: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of the human report: ja or en (default: from LANG, else ja).
    #[arg(long)]
    pub lang: Option<String>,
}

/// `mailmove monitor`.
#[derive(Debug, clap::Args)]
pub struct MonitorArgs {
    /// The domain: a name, an IDN, an e-mail address or a URL.
    pub domain: String,
    /// An exchanger of the new MX set (repeatable). Default: whatever the authoritative
    /// server with the newest SOA serial serves now.
    #[arg(long = "expect-mx", value_name = "HOST")]
    pub expect_mx: Vec<String>,
    /// An exchanger of the old MX set (repeatable; for the table only: anything not
    /// new counts as old).
    #[arg(long = "old-mx", value_name = "HOST")]
    pub old_mx: Vec<String>,
    /// The old MX record's TTL in seconds, as it was before the change: resolvers not
    /// asked may hand the old set out this long after the change.
    #[arg(long, value_name = "SECONDS")]
    pub old_ttl: Option<u32>,
    /// When the MX was changed, as Unix seconds (default: now, the cautious choice).
    #[arg(long, value_name = "UNIX")]
    pub changed_at: Option<u64>,
    /// A resolver to ask, as `[LABEL=]IP[:PORT]` or `[LABEL=]doh:…` (repeatable).
    /// Default: Google, Cloudflare, Quad9, OpenDNS and IIJ's public DNS.
    #[arg(long = "resolver", value_name = "SPEC")]
    pub resolvers: Vec<String>,
    /// Repeat until every server that answers sees only the new MX, then exit 0.
    #[arg(long)]
    pub watch: bool,
    /// Seconds between readings with `--watch`.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub interval: u64,
    /// Print each reading as one JSON line.
    #[arg(long)]
    pub json: bool,
    /// The time zone of the table's times, an IANA name (default Asia/Tokyo); UTC is
    /// shown beside "safe from" either way.
    #[arg(long, value_name = "ZONE", default_value = "Asia/Tokyo")]
    pub tz: String,
    /// Language of the table: ja or en (default: from LANG, else ja).
    #[arg(long)]
    pub lang: Option<String>,
    /// Where the name servers' addresses are looked up.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// Test setups only: put direct questions to authoritative name servers on this
    /// port, and only at loopback addresses. Default: port 53, public addresses only.
    #[arg(long, value_name = "PORT", env = "MAILMOVE_AUTHORITY_PORT")]
    pub authority_port: Option<u16>,
}

/// The monitor resolvers `specs` name, or the defaults when there are none.
pub fn monitor_resolvers(specs: &[String]) -> anyhow::Result<Vec<crate::monitor::MonitorResolver>> {
    if specs.is_empty() {
        return Ok(crate::monitor::default_resolvers());
    }
    specs
        .iter()
        .map(|spec| crate::monitor::MonitorResolver::parse(spec))
        .collect()
}
