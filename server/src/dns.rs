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
use hickory_resolver::proto::rr::{Name, RData, RecordType as HickoryType};
use hickory_resolver::{Resolver, TokioResolver};
use mailmove_core::dns::{Outcome, Query, Record, RecordData, RecordType};

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

pub(crate) fn to_hickory(rtype: RecordType) -> HickoryType {
    // One table of type numbers: core's.
    HickoryType::from(mailmove_core::dns_json::type_number(rtype))
}

/// Record data of the types core reads; other types (RRSIG, …) are left out.
fn from_hickory(data: &RData) -> Option<RecordData> {
    Some(match data {
        RData::A(a) => RecordData::A { address: a.0 },
        RData::AAAA(aaaa) => RecordData::Aaaa { address: aaaa.0 },
        RData::CNAME(cname) => RecordData::Cname {
            target: presentation(&cname.0),
        },
        RData::MX(mx) => RecordData::Mx {
            preference: mx.preference,
            exchange: presentation(&mx.exchange),
        },
        RData::NS(ns) => RecordData::Ns {
            host: presentation(&ns.0),
        },
        RData::PTR(ptr) => RecordData::Ptr {
            target: presentation(&ptr.0),
        },
        RData::SOA(soa) => RecordData::Soa {
            mname: presentation(&soa.mname),
            rname: presentation(&soa.rname),
            serial: soa.serial,
            // Wire format is unsigned 32-bit (RFC 1035 §3.3.13); hickory stores i32.
            refresh: soa.refresh as u32,
            retry: soa.retry as u32,
            expire: soa.expire as u32,
            minimum: soa.minimum,
        },
        RData::TXT(txt) => RecordData::Txt {
            // TXT data is bytes; non-UTF-8 octets are shown as U+FFFD, which no
            // mail record may contain anyway.
            strings: txt
                .txt_data
                .iter()
                .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
                .collect(),
        },
        RData::SRV(srv) => RecordData::Srv {
            priority: srv.priority,
            weight: srv.weight,
            port: srv.port,
            target: presentation(&srv.target),
        },
        RData::TLSA(tlsa) => RecordData::Tlsa {
            usage: u8::from(tlsa.cert_usage),
            selector: u8::from(tlsa.selector),
            matching_type: u8::from(tlsa.matching),
            data: tlsa
                .cert_data
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect(),
        },
        // Without hickory's DNSSEC feature (and the crypto library it pulls in) DS and
        // DNSKEY arrive as raw RDATA; core decodes them.
        RData::Unknown { code, rdata }
            if matches!(*code, HickoryType::DS | HickoryType::DNSKEY) =>
        {
            let rtype = if *code == HickoryType::DS {
                RecordType::Ds
            } else {
                RecordType::Dnskey
            };
            return RecordData::from_rdata(rtype, &rdata.anything);
        }
        _ => return None,
    })
}

/// A core record as a hickory record, for DNS-over-HTTPS answers. `None` only for a
/// name hickory cannot encode, which a resolver could not have handed us.
pub fn to_hickory_record(record: &Record) -> Option<hickory_resolver::proto::rr::Record> {
    // The same octets the resolver handed us (`""`, a null MX's target, is the root).
    let name = |text: &str| to_name(text).ok();
    use hickory_resolver::proto::rr::rdata;
    let data = match &record.data {
        RecordData::A { address } => RData::A(rdata::A(*address)),
        RecordData::Aaaa { address } => RData::AAAA(rdata::AAAA(*address)),
        RecordData::Cname { target } => RData::CNAME(rdata::CNAME(name(target)?)),
        RecordData::Mx {
            preference,
            exchange,
        } => RData::MX(rdata::MX::new(*preference, name(exchange)?)),
        RecordData::Ns { host } => RData::NS(rdata::NS(name(host)?)),
        RecordData::Ptr { target } => RData::PTR(rdata::PTR(name(target)?)),
        RecordData::Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        } => RData::SOA(rdata::SOA::new(
            name(mname)?,
            name(rname)?,
            *serial,
            // hickory stores these as i32; the wire is the same 32 bits.
            *refresh as i32,
            *retry as i32,
            *expire as i32,
            *minimum,
        )),
        RecordData::Txt { strings } => RData::TXT(rdata::TXT::new(strings.clone())),
        RecordData::Srv {
            priority,
            weight,
            port,
            target,
        } => RData::SRV(rdata::SRV::new(*priority, *weight, *port, name(target)?)),
        RecordData::Tlsa {
            usage,
            selector,
            matching_type,
            data,
        } => RData::TLSA(rdata::TLSA::new(
            (*usage).into(),
            (*selector).into(),
            (*matching_type).into(),
            mailmove_core::dns::decode_hex(data)?,
        )),
        RecordData::Ds { .. } | RecordData::Dnskey { .. } => RData::Unknown {
            code: to_hickory(record.data.record_type()),
            rdata: rdata::NULL::with(record.data.to_rdata()?),
        },
    };
    Some(hickory_resolver::proto::rr::Record::from_rdata(
        name(&record.name)?,
        record.ttl,
        data,
    ))
}

/// Why a name cannot be put into a DNS question (RFC 1035 §2.3.4, RFC 2181 §11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnaskableName {
    /// Two dots in a row, or a dot at either end.
    EmptyLabel,
    /// A label of more than 63 octets (its length).
    LabelTooLong(usize),
    /// More than 255 octets on the wire (the length it would have).
    NameTooLong(usize),
}

impl std::fmt::Display for UnaskableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnaskableName::EmptyLabel => f.write_str("empty label"),
            UnaskableName::LabelTooLong(len) => {
                write!(f, "a label of {len} octets (at most 63)")
            }
            UnaskableName::NameTooLong(len) => {
                write!(f, "{len} octets on the wire (at most 255)")
            }
        }
    }
}

/// A name as core holds it (labels joined by `.`, no trailing dot, `""` for the root)
/// as an absolute hickory name, every label's octets as they are: no IDNA, no escapes,
/// no host-name rules. RFC 7208 lets SPF names hold any visible character
/// (`a:foo:bar/baz.example.com`) and macros put spaces and `%` into them; such a name
/// must be asked as it is. User input is validated before it becomes a query
/// (`parse_query_name` for the API and DoH, `DomainName` for surveys), never here.
/// A dot inside a label cannot be expressed: core splits names at every dot.
pub(crate) fn to_name(text: &str) -> Result<Name, UnaskableName> {
    if text.is_empty() {
        return Ok(Name::root());
    }
    let mut wire = 1; // the root label's length octet
    for label in text.split('.') {
        match label.len() {
            0 => return Err(UnaskableName::EmptyLabel),
            len if len > 63 => return Err(UnaskableName::LabelTooLong(len)),
            len => wire += 1 + len,
        }
    }
    if wire > 255 {
        return Err(UnaskableName::NameTooLong(wire));
    }
    // Byte labels are taken as they are (`Label::from_raw_bytes`); hickory checks the
    // same lengths as above, so it has nothing left to refuse.
    Name::from_labels(text.split('.').map(str::as_bytes))
        .map_err(|_| UnaskableName::NameTooLong(wire))
}

/// A hickory name as core holds names: the labels' octets joined by `.`, ASCII letters
/// in lower case, no trailing dot, `""` for the root (a null MX). The inverse of
/// [`to_name`] for every name core can hold. Octets that are not UTF-8, which no core
/// name has, become U+FFFD, as in TXT data.
pub(crate) fn presentation(name: &Name) -> String {
    let labels: Vec<&[u8]> = name.iter().collect();
    let mut text = String::from_utf8_lossy(&labels.join(&b'.')).into_owned();
    text.make_ascii_lowercase();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire_labels(name: &Name) -> Vec<Vec<u8>> {
        name.iter().map(<[u8]>::to_vec).collect()
    }

    #[test]
    fn labels_keep_any_octet() {
        for (text, labels) in [
            (
                "foo:bar/baz.example.com",
                vec![&b"foo:bar/baz"[..], b"example", b"com"],
            ),
            // `%%`, `%_` and `%-` expanded (the suite's `macro-mania-in-domain`).
            (
                "macro%percent  space%20url-space.example.com",
                vec![&b"macro%percent  space%20url-space"[..], b"example", b"com"],
            ),
            (
                "-dash_.x\\y\".example.com",
                vec![&b"-dash_"[..], b"x\\y\"", b"example", b"com"],
            ),
            ("*.example.com", vec![&b"*"[..], b"example", b"com"]),
            ("\u{3042}.example", vec!["\u{3042}".as_bytes(), b"example"]),
        ] {
            let name = to_name(text).unwrap_or_else(|error| panic!("{text}: {error}"));
            assert!(name.is_fqdn(), "{text}");
            assert_eq!(wire_labels(&name), labels, "{text}");
            assert_eq!(presentation(&name), text, "{text} round-trips");
        }
    }

    #[test]
    fn one_text_one_question() {
        // The answer cache is keyed by core's `Query`: two keys must never be one
        // question, and one key never another's. A backslash is an octet like any
        // other, not the start of an escape.
        let escaped = to_name("a\\058b.example").expect("name");
        let plain = to_name("a:b.example").expect("name");
        assert_ne!(escaped, plain);
        assert_eq!(wire_labels(&escaped)[0], b"a\\058b");
        assert_eq!(presentation(&escaped), "a\\058b.example");
        // Case is the one thing DNS folds, and `Query::new` folds it first.
        let query = Query::new("Foo:Bar.Example", RecordType::A);
        assert_eq!(
            presentation(&to_name(&query.name).expect("name")),
            "foo:bar.example"
        );
    }

    #[test]
    fn the_wire_form_is_the_octets() {
        use hickory_resolver::proto::serialize::binary::BinEncodable as _;
        let name = to_name("a b%.example").expect("name");
        assert_eq!(
            name.to_bytes().expect("encodes"),
            b"\x04a b%\x07example\x00"
        );
    }

    #[test]
    fn names_that_cannot_exist_are_refused_with_a_reason() {
        let label_63 = "a".repeat(63);
        let label_64 = "a".repeat(64);
        assert!(to_name(&format!("{label_63}.example")).is_ok());
        assert_eq!(
            to_name(&format!("{label_64}.example")),
            Err(UnaskableName::LabelTooLong(64))
        );
        // The suite's `invalid-domain-long-via-macro`: 22 `%%` expand to a 64-octet label.
        assert_eq!(
            to_name(&format!("{}.t12.example.com", "%".repeat(64))),
            Err(UnaskableName::LabelTooLong(64))
        );
        for empty in ["a..example", ".example", "example.", "."] {
            assert_eq!(to_name(empty), Err(UnaskableName::EmptyLabel), "{empty}");
        }
        // 4 × 63-octet labels: 4 × 64 + 1 = 257 octets on the wire.
        let long = [label_63.as_str(); 4].join(".");
        assert_eq!(to_name(&long), Err(UnaskableName::NameTooLong(257)));
        // 253 characters is the longest name: 255 octets on the wire.
        let longest = [label_63.as_str(), &label_63, &label_63, &"a".repeat(61)].join(".");
        assert_eq!(longest.len(), 253);
        assert_eq!(to_name(&longest).expect("fits").len(), 254);
        assert_eq!(
            to_name(&format!("{longest}a")),
            Err(UnaskableName::NameTooLong(256))
        );
        assert_eq!(
            UnaskableName::LabelTooLong(64).to_string(),
            "a label of 64 octets (at most 63)"
        );
    }

    #[test]
    fn the_root_and_upper_case() {
        assert!(to_name("").expect("root").is_root());
        assert_eq!(presentation(&Name::root()), "");
        // Answers come back in whatever case the server keeps; core compares lower case.
        let upper = Name::from_labels([&b"Foo:Bar"[..], b"EXAMPLE"]).expect("name");
        assert_eq!(presentation(&upper), "foo:bar.example");
        // Only ASCII letters fold; other octets stay as they are.
        let latin1 = Name::from_labels([&[0xc9_u8][..], b"example"]).expect("name");
        assert_eq!(presentation(&latin1), "\u{fffd}.example");
    }

    #[test]
    fn records_for_doh_carry_the_same_octets() {
        let record = Record {
            name: "foo:bar/baz.example.com".into(),
            ttl: 300,
            data: RecordData::Mx {
                preference: 0,
                exchange: "mx with space.example.com".into(),
            },
        };
        let hickory = to_hickory_record(&record).expect("encodable");
        assert_eq!(presentation(&hickory.name), record.name);
        let RData::MX(mx) = &hickory.data else {
            panic!("{hickory:?}")
        };
        assert_eq!(presentation(&mx.exchange), "mx with space.example.com");
        let null = Record {
            data: RecordData::Mx {
                preference: 0,
                exchange: String::new(),
            },
            ..record.clone()
        };
        let RData::MX(mx) = to_hickory_record(&null).expect("encodable").data else {
            panic!("null MX")
        };
        assert!(mx.exchange.is_root());
        let too_long = Record {
            name: "a".repeat(64),
            ..record
        };
        assert!(to_hickory_record(&too_long).is_none());
    }
}
