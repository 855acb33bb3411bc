//! The resolver seam: the module that knows hickory's resolver (the MTA-STS policy
//! fetch resolves its host through it; `upstream` builds DoH resolvers, `doh` uses
//! hickory-proto's message codec).
//!
//! It turns a core [`Query`] into a core [`Outcome`]. Every failure becomes data
//! (NXDOMAIN, NODATA, SERVFAIL, timeout, refused); nothing here returns `Err` for a
//! DNS answer, because "could not check" must never read as "the domain is broken".

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RData;
use hickory_resolver::{Resolver, TokioResolver};
use mailmove_core::dns::{Outcome, Query, Record, RecordType};

mod convert;

pub use convert::to_hickory_record;
use convert::{from_hickory, presentation, to_hickory, to_name};

use crate::address_policy::DirectPolicy;
use crate::cache::{Answer, AnswerCache};
use crate::metrics::{CacheCounts, Histogram};

/// How long one query may take, end to end, before it counts as a timeout.
pub const QUERY_DEADLINE: Duration = Duration::from_secs(5);

pub use crate::upstream::{DohUpstream, Upstream};

/// A DNS client for the survey and the API.
#[derive(Clone)]
pub struct Dns {
    resolver: TokioResolver,
    cache: Option<AnswerCache>,
    direct: DirectPolicy,
    /// How long upstream took per question (`/metrics`).
    upstream_latency: std::sync::Arc<Histogram>,
}

impl Dns {
    /// Builds a client for `upstream`.
    pub fn new(upstream: &Upstream) -> anyhow::Result<Dns> {
        Dns::with_roots(upstream, &[])
    }

    /// Builds a client for `upstream`, trusting `extra_roots` for a DoH upstream.
    pub fn with_roots(
        upstream: &Upstream,
        extra_roots: &[rustls::pki_types::CertificateDer<'static>],
    ) -> anyhow::Result<Dns> {
        let resolver = match upstream {
            Upstream::Doh(doh) => crate::upstream::doh_resolver(doh, extra_roots, options())?,
            Upstream::System => {
                let mut builder = TokioResolver::builder_tokio()?;
                *builder.options_mut() = options();
                builder.build()?
            }
            Upstream::Nameserver(addr) => single_server(*addr, options())?,
        };
        Ok(Dns {
            resolver,
            cache: None,
            direct: DirectPolicy::default(),
            upstream_latency: std::sync::Arc::default(),
        })
    }

    /// The same client with another policy for direct queries (`Query::server`).
    pub fn with_direct(mut self, direct: DirectPolicy) -> Dns {
        self.direct = direct;
        self
    }

    /// The same client with an answer cache in front (what `mailmove serve` uses; the
    /// one-shot CLI asks each question once anyway).
    pub fn with_cache(mut self, cache: AnswerCache) -> Dns {
        self.cache = Some(cache);
        self
    }

    /// Asks one query, from the cache when there is one. Never fails: failures are
    /// outcomes.
    pub async fn lookup(&self, query: &Query) -> Outcome {
        self.lookup_answer(query).await.outcome
    }

    /// `lookup`, with the zone's SOA of a negative answer (what DoH hands on).
    pub async fn lookup_answer(&self, query: &Query) -> Answer {
        if let Some(server) = query.server {
            // Direct questions want the server's answer now, not a cached one.
            return ask_directly(&self.direct, server, query).await.into();
        }
        match &self.cache {
            Some(cache) => cache.get_or_ask(query, self.ask(query)).await,
            None => self.ask(query).await,
        }
    }

    /// The answer the cache holds for `query` now, without asking anyone; `None` when
    /// it would have to be asked (also for direct questions, which are never cached).
    pub async fn cached(&self, query: &Query) -> Option<Outcome> {
        if query.server.is_some() {
            return None;
        }
        Some(self.cache.as_ref()?.get(query).await?.outcome)
    }

    /// Asks upstream now, past the cache: whether the upstream answers at all
    /// (`/readyz`).
    pub async fn ask_upstream(&self, query: &Query) -> Outcome {
        self.ask(query).await.outcome
    }

    /// Hits and misses of the answer cache, when there is one.
    pub fn cache_counts(&self) -> Option<&CacheCounts> {
        self.cache.as_ref().map(AnswerCache::counts)
    }

    /// How long upstream took per question.
    pub fn upstream_latency(&self) -> &Histogram {
        &self.upstream_latency
    }

    /// Asks upstream.
    async fn ask(&self, query: &Query) -> Answer {
        let started = tokio::time::Instant::now();
        let answer = resolve_answer(&self.resolver, query).await;
        self.upstream_latency.observe(started.elapsed());
        answer
    }
}

/// Asks `query` of `server` alone, without recursion, where `policy` allows (a direct
/// question, `Query::server`: the SOA serial each authoritative name server serves,
/// the cutover monitor's per-server view); elsewhere it is `NotAsked`, no packet sent.
pub async fn ask_directly(policy: &DirectPolicy, server: IpAddr, query: &Query) -> Outcome {
    let Some(addr) = policy.target(server) else {
        tracing::debug!(%server, "direct query not sent: address not allowed");
        return Outcome::NotAsked;
    };
    let mut opts = options();
    // An authoritative server answers from its zone; it must not recurse for us.
    opts.recursion_desired = false;
    let resolver = match single_server(addr, opts) {
        Ok(resolver) => resolver,
        Err(error) => {
            tracing::warn!(%error, %addr, "cannot set up a direct resolver");
            return Outcome::NotAsked;
        }
    };
    let mut plain = query.clone();
    plain.server = None;
    resolve(&resolver, &plain).await
}

/// A resolver that asks `addr` only, over UDP and TCP.
pub(crate) fn single_server(addr: SocketAddr, opts: ResolverOpts) -> anyhow::Result<TokioResolver> {
    let mut udp = ConnectionConfig::udp();
    udp.port = addr.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = addr.port();
    // Trust negative answers: with one server there is nobody else to ask.
    let server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
    let config = ResolverConfig::from_name_servers(vec![server]);
    Ok(
        Resolver::builder_with_config(config, TokioRuntimeProvider::default())
            .with_options(opts)
            .build()?,
    )
}

/// Asks `query` through `resolver`. Never fails: failures are outcomes.
pub(crate) async fn resolve(resolver: &TokioResolver, query: &Query) -> Outcome {
    resolve_answer(resolver, query).await.outcome
}

/// `resolve`, with the zone's SOA of a negative answer.
async fn resolve_answer(resolver: &TokioResolver, query: &Query) -> Answer {
    let name = match to_name(&query.name) {
        // Absolute (`to_name` makes every name so): no search domain from resolv.conf
        // can change the question.
        Ok(name) => name,
        // A name no DNS server can hold does not exist; no question is sent. RFC 7208's
        // suite reads such SPF targets as non-existent (`invalid-domain-long`).
        Err(error) => {
            tracing::debug!(name = %query.name, %error, "not asked: no such name can exist");
            return Outcome::NxDomain { negative_ttl: None }.into();
        }
    };
    let asked = to_hickory(query.rtype);
    match tokio::time::timeout(QUERY_DEADLINE, resolver.lookup(name, asked)).await {
        Err(_elapsed) => Outcome::Timeout.into(),
        Ok(Ok(lookup)) => {
            let records: Vec<Record> = lookup
                .answers()
                .iter()
                .filter_map(|record| {
                    Some(Record {
                        name: presentation(&record.name),
                        ttl: record.ttl,
                        data: from_hickory(&record.data)?,
                    })
                })
                .collect();
            if records.is_empty() {
                Outcome::NoData { negative_ttl: None }.into()
            } else {
                Outcome::Records { records }.into()
            }
        }
        Ok(Err(error)) => match referral(&error, query.rtype) {
            Some(outcome) => outcome.into(),
            None => Answer {
                outcome: classify(&error),
                soa: negative_soa(&error),
            },
        },
    }
}

/// The SOA of a negative answer's authority section, its TTL the negative TTL
/// (RFC 2308 §3: the smaller of the SOA's TTL and its MINIMUM), as a resolver hands it
/// on (§5).
fn negative_soa(error: &NetError) -> Option<Record> {
    let NetError::Dns(DnsError::NoRecordsFound(no_records)) = error else {
        return None;
    };
    let soa = no_records.soa.as_deref()?;
    let data = from_hickory(&RData::SOA(soa.data.clone()))?;
    Some(Record {
        name: presentation(&soa.name),
        ttl: no_records
            .negative_ttl
            .unwrap_or_else(|| soa.ttl.min(soa.data.minimum)),
        data,
    })
}

/// A parent zone's server asked for a child's NS answers with a referral: no
/// answer, the delegation's NS records in the authority section. For an NS question
/// they are what was asked (the survey asks so when the child's own servers fail).
fn referral(error: &NetError, asked: RecordType) -> Option<Outcome> {
    let NetError::Dns(DnsError::NoRecordsFound(no_records)) = error else {
        return None;
    };
    if asked != RecordType::Ns || no_records.response_code != ResponseCode::NoError {
        return None;
    }
    let records: Vec<Record> = no_records
        .ns
        .as_deref()?
        .iter()
        .filter_map(|forward| {
            Some(Record {
                name: presentation(&forward.ns.name),
                ttl: forward.ns.ttl,
                data: from_hickory(&forward.ns.data)?,
            })
        })
        .collect();
    (!records.is_empty()).then_some(Outcome::Records { records })
}

pub(crate) fn options() -> ResolverOpts {
    let mut opts = ResolverOpts::default();
    opts.timeout = Duration::from_secs(2);
    opts.attempts = 2;
    opts.use_hosts_file = ResolveHosts::Never;
    // One cache, ours (see `cache`): hickory's would hand out answers ours has expired.
    opts.cache_size = 0;
    opts
}

/// Maps a resolver error to an outcome.
fn classify(error: &NetError) -> Outcome {
    if let NetError::Dns(DnsError::NoRecordsFound(no_records)) = error {
        let negative_ttl = no_records.negative_ttl;
        return if no_records.response_code == ResponseCode::NXDomain {
            Outcome::NxDomain { negative_ttl }
        } else {
            Outcome::NoData { negative_ttl }
        };
    }
    match error {
        NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused)) => Outcome::Refused,
        // No answer reached us: a timeout, or the network said no (ICMP unreachable,
        // TCP reset). Either way nothing was learnt about the domain.
        NetError::Timeout | NetError::Io(_) | NetError::NoConnections | NetError::Busy => {
            Outcome::Timeout
        }
        // SERVFAIL and every other failure of the server or the exchange.
        _ => Outcome::ServFail,
    }
}
