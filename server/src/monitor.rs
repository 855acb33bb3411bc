//! The shell around core's cutover monitor: ask the domain's authoritative servers
//! directly and the configured resolvers, all at once, within a deadline, and judge.

use std::time::Duration;

use anyhow::Context as _;
use mailmove_core::DomainName;
use mailmove_core::api::{MonitorJson, monitor_json};
use mailmove_core::dns::Outcome;
use mailmove_core::monitor::{Ask, Expectation, Probe, ResolverName, judge};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::dns::{Dns, Upstream};
use crate::upstream::UpstreamSpec;

/// A monitor reading never takes longer than this; questions still out then read as
/// unreachable.
pub const MONITOR_DEADLINE: Duration = Duration::from_secs(10);

/// A resolver the monitor asks, as configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonitorResolver {
    /// For people: `Google Public DNS`.
    pub label: String,
    /// Where it is: an address (port 53 unless given) or a DoH service.
    pub spec: UpstreamSpec,
    /// The spec as typed, for the table.
    pub address: String,
}

impl MonitorResolver {
    /// Parses `[LABEL=]SPEC`, where SPEC is `IP`, `IP:PORT`, `[IPv6]:PORT`,
    /// `doh:cloudflare`, `doh:google` or `doh:https://HOST[:PORT]/PATH`.
    pub fn parse(text: &str) -> anyhow::Result<MonitorResolver> {
        let text = text.trim();
        let (label, spec_text) = match text.split_once('=') {
            Some((label, spec)) if !label.trim().is_empty() => (label.trim(), spec.trim()),
            _ => ("", text),
        };
        let spec = match spec_text.parse::<std::net::IpAddr>() {
            // A bare address: the DNS port.
            Ok(ip) => UpstreamSpec::Ready(Upstream::Nameserver((ip, 53).into())),
            Err(_) => {
                UpstreamSpec::parse(spec_text).with_context(|| format!("resolver “{text}”"))?
            }
        };
        if matches!(spec, UpstreamSpec::Ready(Upstream::System)) {
            anyhow::bail!("resolver “{text}”: name a resolver, not `system`");
        }
        Ok(MonitorResolver {
            label: if label.is_empty() {
                spec_text.to_owned()
            } else {
                label.to_owned()
            },
            spec,
            address: spec_text.to_owned(),
        })
    }

    /// What the judgement shows.
    fn name(&self) -> ResolverName {
        ResolverName {
            label: self.label.clone(),
            address: self.address.clone(),
        }
    }

    /// Asks this resolver, with recursion and without any cache.
    async fn ask(&self, query: &mailmove_core::dns::Query) -> Outcome {
        let upstream = match self.spec.clone().resolve().await {
            Ok(upstream) => upstream,
            Err(error) => {
                tracing::debug!(%error, resolver = %self.address, "resolver not reachable");
                return Outcome::ServFail;
            }
        };
        match Dns::new(&upstream) {
            Ok(dns) => dns.lookup(query).await,
            Err(error) => {
                tracing::warn!(%error, resolver = %self.address, "cannot set up the resolver");
                Outcome::ServFail
            }
        }
    }
}

/// The resolvers a deployment asks unless configured otherwise: the big public
/// services over plain DNS, and IIJ's public service in Japan, which answers over DoH
/// only. A deployment that cannot reach some of them should list its own
/// (`--monitor-resolver`); an unreachable one shows as such and never as old.
pub const DEFAULT_RESOLVERS: [&str; 7] = [
    "Google Public DNS=8.8.8.8",
    "Google Public DNS=8.8.4.4",
    "Cloudflare=1.1.1.1",
    "Cloudflare=1.0.0.1",
    "Quad9=9.9.9.9",
    "OpenDNS=208.67.222.222",
    "IIJ Public DNS=doh:https://public.dns.iij.jp/dns-query",
];

/// The monitor resolvers `specs` name (`--resolver`, `--monitor-resolver`), or the
/// defaults when there are none.
pub fn monitor_resolvers(specs: &[String]) -> anyhow::Result<Vec<MonitorResolver>> {
    if specs.is_empty() {
        return Ok(default_resolvers());
    }
    specs
        .iter()
        .map(|spec| MonitorResolver::parse(spec))
        .collect()
}

/// [`DEFAULT_RESOLVERS`], parsed.
pub fn default_resolvers() -> Vec<MonitorResolver> {
    DEFAULT_RESOLVERS
        .iter()
        // Constants parsed by a test below.
        .filter_map(|text| MonitorResolver::parse(text).ok())
        .collect()
}

/// One reading of `domain`: every question at once, judged at the moment the last
/// answer came in (the clock is read here, not in core).
pub async fn run(
    dns: &Dns,
    resolvers: &[MonitorResolver],
    domain: &DomainName,
    expectation: Expectation,
) -> MonitorJson {
    let mut probe = Probe::new(
        domain,
        resolvers.iter().map(MonitorResolver::name).collect(),
    );
    let resolvers = &resolvers[..probe.resolvers().len()];
    let deadline = Instant::now() + MONITOR_DEADLINE;
    let mut pending = JoinSet::new();
    loop {
        for ask in probe.wanted() {
            let dns = dns.clone();
            let resolver = match &ask {
                Ask::Resolver { index, .. } => resolvers.get(*index).cloned(),
                Ask::Dns(_) => None,
            };
            pending.spawn(async move {
                let outcome = match (&ask, resolver) {
                    (Ask::Resolver { query, .. }, Some(resolver)) => resolver.ask(query).await,
                    (Ask::Dns(query), _) => dns.lookup(query).await,
                    (Ask::Resolver { .. }, None) => Outcome::NotAsked,
                };
                (ask, outcome)
            });
        }
        match tokio::time::timeout_at(deadline, pending.join_next()).await {
            Ok(Some(Ok((ask, outcome)))) => probe.answer(ask, outcome),
            // A task cannot panic short of a bug; its question stays unanswered.
            Ok(Some(Err(error))) => tracing::error!(%error, "monitor task failed"),
            Ok(None) => break,
            Err(_elapsed) => {
                pending.abort_all();
                break;
            }
        }
    }
    let now = unix_now();
    let status = judge(&probe.observations(), &expectation, now);
    monitor_json(domain.as_str(), expectation, status, now)
}

/// Seconds since 1970.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_resolvers_all_parse() {
        let parsed = default_resolvers();
        assert_eq!(parsed.len(), DEFAULT_RESOLVERS.len());
        assert_eq!(parsed[0].label, "Google Public DNS");
        assert_eq!(
            parsed[0].spec,
            UpstreamSpec::Ready(Upstream::Nameserver("8.8.8.8:53".parse().unwrap()))
        );
        assert!(matches!(parsed[6].spec, UpstreamSpec::DohHost { .. }));
    }

    #[test]
    fn resolver_specs() {
        let plain = MonitorResolver::parse("127.0.0.11:5300").unwrap();
        assert_eq!(plain.label, "127.0.0.11:5300");
        assert_eq!(
            plain.spec,
            UpstreamSpec::Ready(Upstream::Nameserver("127.0.0.11:5300".parse().unwrap()))
        );
        let labelled = MonitorResolver::parse("社内 DNS = 10.0.0.53").unwrap();
        assert_eq!(labelled.label, "社内 DNS");
        assert_eq!(labelled.address, "10.0.0.53");
        for bad in ["", "system", "nonsense", "x=", "doh:ftp://x"] {
            assert!(MonitorResolver::parse(bad).is_err(), "{bad}");
        }
    }
}
