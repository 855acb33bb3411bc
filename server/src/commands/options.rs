//! Option groups several commands share: the language, where DNS questions go, the
//! authority port of test setups, and a custom target's service.

use std::net::SocketAddr;
use std::path::PathBuf;

use mailmove_core::Lang;
use mailmove_core::records::CustomMx;

use crate::address_policy::DirectPolicy;
use crate::dns::Dns;

/// `--lang`: the language of what a command prints.
// Plain comments on the variants: a doc comment would become each value's help and turn
// `--help` into its long form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    // Japanese.
    Ja,
    // English.
    En,
}

/// The language option every command that prints for people has.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LangOption {
    /// Language of what is printed: ja or en (default: from LANG, else ja).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<LangArg>,
}

impl LangOption {
    /// `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else Japanese.
    pub fn choose(self) -> Lang {
        match self.lang {
            Some(LangArg::Ja) => Lang::Ja,
            Some(LangArg::En) => Lang::En,
            None => ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|name| std::env::var(name).ok())
                .find(|value| !value.is_empty() && value != "C" && value != "POSIX")
                .and_then(|value| Lang::from_tag(&value))
                .unwrap_or(Lang::Ja),
        }
    }
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
    pub async fn dns(&self) -> anyhow::Result<Dns> {
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
        Dns::with_roots(&upstream, &roots).context("cannot set up the DNS resolver")
    }
}

/// Where DNS questions go, and where direct questions to name servers may go.
#[derive(Debug, clap::Args)]
pub struct ResolverArgs {
    /// Where DNS questions go.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// Test setups only: put direct questions to authoritative name servers (SOA
    /// serials, the monitor's per-server view) on this port, and only at loopback
    /// addresses. Default: port 53, public addresses only.
    #[arg(long, value_name = "PORT", env = "MAILMOVE_AUTHORITY_PORT")]
    pub authority_port: Option<u16>,
}

impl ResolverArgs {
    /// The DNS client these options describe, direct questions included.
    pub async fn dns(&self) -> anyhow::Result<Dns> {
        Ok(self
            .upstream
            .dns()
            .await?
            .with_direct(DirectPolicy::for_authority_port(self.authority_port)))
    }
}

/// A service outside the catalog (`--target custom`), as `records` and `plan` take it.
#[derive(Debug, clap::Args)]
pub struct CustomTargetArgs {
    /// With `--target custom`: one MX of the new service, `PREFERENCE HOST`
    /// (repeatable; for `plan --input`, it replaces the saved plan's set).
    #[arg(long = "mx", value_name = "PREFERENCE HOST", value_parser = parse_mx)]
    pub mx: Vec<CustomMx>,
    /// With `--target custom`: the domain its SPF asks to include.
    #[arg(long, value_name = "DOMAIN")]
    pub spf_include: Option<String>,
    /// With `--target custom`: its name, for the instructions.
    #[arg(long, value_name = "NAME")]
    pub target_name: Option<String>,
}

/// `--mx "10 mx1.example.net"` (a host alone means preference 10).
pub fn parse_mx(text: &str) -> Result<CustomMx, String> {
    CustomMx::parse(text).ok_or_else(|| format!("expected \"PREFERENCE HOST\", got {text:?}"))
}
