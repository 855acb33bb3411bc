//! Whether every name server serves the same zone. The resolver answers from one
//! server of its choosing; senders' resolvers pick others. So the survey asks each
//! authoritative server directly for the zone's SOA: a server behind on the serial
//! serves an old MX or SPF to part of the world (RFC 1034 §4.3.5), a server without
//! the zone is a lame delegation (RFC 9499 §7), and servers that share one network
//! fail together (RFC 2182 §3).

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::dnssec::{Presence, presence};
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// At most this many direct questions per survey: enough to see every server of a
/// usual two-to-four-host set, few enough that a zone listing dozens of addresses
/// cannot make the shell send a burst of packets.
pub const MAX_DIRECT_QUERIES: usize = 8;

/// What one server said when asked for the zone's SOA directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NsServerState {
    /// It served the zone's SOA (its serial is in `serial`).
    Answered,
    /// It answered, but not with the zone's SOA (NODATA, NXDOMAIN or REFUSED from
    /// the server itself): listed as a name server, it does not serve the zone.
    Lame,
    /// Timeout or SERVFAIL: could not check.
    CouldNotCheck,
    /// The shell would not contact this address (a private one, say): nothing was
    /// sent, so nothing is known about it.
    NotAsked,
}

/// One (host, address) pair asked directly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NsServer {
    /// The name server's host name.
    pub host: String,
    /// The address asked.
    pub address: IpAddr,
    /// What it said.
    pub state: NsServerState,
    /// The SOA serial it serves, when `state` is `answered`.
    pub serial: Option<u32>,
}

/// Whether the servers that answered agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NsSerialStatus {
    /// Every server that answered serves the same serial. Servers that could not be
    /// asked are listed with their state and are not part of this verdict.
    Consistent,
    /// The servers serve different versions of the zone.
    SerialsDiffer,
    /// No server answered with a serial (or the name is not a zone apex, or the
    /// addresses are not known yet).
    Unknown,
}

/// The name-server fact of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NsServersFact {
    /// The servers asked directly (at most [`MAX_DIRECT_QUERIES`]; the first address
    /// of every host before the second ones), in that order.
    pub servers: Vec<NsServer>,
    /// Whether their serials agree.
    pub status: NsSerialStatus,
    /// The newest serial served (RFC 1982 order, so a serial that wrapped is newer).
    pub newest_serial: Option<u32>,
    /// The servers that serve an older serial than `newest_serial`.
    pub lagging: Vec<NsServer>,
    /// Every name-server host's addresses as answered, A before AAAA.
    pub addresses: BTreeMap<String, Vec<IpAddr>>,
    /// When every address of every name server is in one network (one IPv4 /24 and at
    /// most one IPv6 /48), that network, e.g. `192.0.2.0/24`. `None` when they are
    /// apart, or when some host's addresses are unknown.
    pub shared_network: Option<String>,
}

/// The (host, address) pairs to ask directly, once every host's addresses are
/// answered and the domain is a zone apex; empty before that. Waiting for all of them
/// keeps the choice stable as answers arrive one by one, so the cap holds in all.
pub(crate) fn targets(answers: &Answers, domain: &str, hosts: &[String]) -> Vec<(String, IpAddr)> {
    // A name without its own SOA lives in its parent's zone; its parent's servers
    // are not this survey's subject (the same test as DNSSEC's `not-zone-apex`).
    if hosts.is_empty() || presence(answers, domain, RecordType::Soa).0 != Presence::Present {
        return Vec::new();
    }
    let all_answered = hosts.iter().all(|host| {
        [RecordType::A, RecordType::Aaaa]
            .into_iter()
            .all(|rtype| answers.contains_key(&Query::new(host, rtype)))
    });
    if !all_answered {
        return Vec::new();
    }
    let lists: Vec<(&String, Vec<IpAddr>)> = hosts
        .iter()
        .map(|host| (host, addresses_of(answers, host)))
        .collect();
    let depth = lists.iter().map(|(_, list)| list.len()).max().unwrap_or(0);
    let mut chosen = Vec::new();
    let mut seen = BTreeSet::new();
    // Round-robin: one address of each host per round, so a host with many
    // addresses cannot crowd the others out of the cap.
    for round in 0..depth {
        for (host, list) in &lists {
            let Some(address) = list.get(round) else {
                continue;
            };
            if chosen.len() == MAX_DIRECT_QUERIES {
                return chosen;
            }
            // Two hosts on one address are one server: ask it once.
            if seen.insert(*address) {
                chosen.push(((*host).clone(), *address));
            }
        }
    }
    chosen
}

/// The MX is also asked directly of this many of the servers (the first in
/// [`targets`] order), for the zone's own TTL: a resolver's answer carries what is
/// left of it in its cache, which counts down between two surveys.
pub const MX_DIRECT_QUERIES: usize = 2;

/// The direct SOA queries the survey wants, and the direct MX queries.
pub(super) fn needed(answers: &Answers, domain: &str, hosts: &[String]) -> Vec<Query> {
    let targets = targets(answers, domain, hosts);
    let soa = targets
        .iter()
        .map(|(_, address)| Query::at(domain, RecordType::Soa, *address));
    let mx = targets
        .iter()
        .take(MX_DIRECT_QUERIES)
        .map(|(_, address)| Query::at(domain, RecordType::Mx, *address));
    soa.chain(mx).collect()
}

/// The MX TTL as the zone states it: from the first authoritative server (in
/// [`targets`] order) that answered the direct MX question with records. `None`
/// when none did (not a zone apex, servers not asked or not reachable, no MX).
pub(super) fn zone_mx_ttl(answers: &Answers, domain: &str, hosts: &[String]) -> Option<u32> {
    targets(answers, domain, hosts)
        .into_iter()
        .take(MX_DIRECT_QUERIES)
        .find_map(
            |(_, address)| match answers.get(&Query::at(domain, RecordType::Mx, address)) {
                Some(Outcome::Records { records }) => records
                    .iter()
                    .filter(|record| matches!(record.data, RecordData::Mx { .. }))
                    .map(|record| record.ttl)
                    .min(),
                _ => None,
            },
        )
}

/// The fact, from the answers so far. `hosts` are the hosts the survey looked up;
/// `all_hosts` is how many the NS set names (more when the survey capped them).
pub(super) fn fact(
    answers: &Answers,
    domain: &str,
    hosts: &[String],
    all_hosts: usize,
) -> NsServersFact {
    let servers: Vec<NsServer> = targets(answers, domain, hosts)
        .into_iter()
        .map(|(host, address)| {
            let (state, serial) = state(answers.get(&Query::at(domain, RecordType::Soa, address)));
            NsServer {
                host,
                address,
                state,
                serial,
            }
        })
        .collect();
    let serials: BTreeSet<u32> = servers.iter().filter_map(|server| server.serial).collect();
    let newest_serial = serials.iter().copied().reduce(|newest, serial| {
        if newer(serial, newest) {
            serial
        } else {
            newest
        }
    });
    let status = match serials.len() {
        0 => NsSerialStatus::Unknown,
        1 => NsSerialStatus::Consistent,
        _ => NsSerialStatus::SerialsDiffer,
    };
    let lagging = servers
        .iter()
        .filter(|server| server.serial.is_some() && server.serial != newest_serial)
        .cloned()
        .collect();
    let addresses: BTreeMap<String, Vec<IpAddr>> = hosts
        .iter()
        .map(|host| (host.clone(), addresses_of(answers, host)))
        .collect();
    let every_host_known = hosts.len() == all_hosts
        && hosts.iter().all(|host| {
            [RecordType::A, RecordType::Aaaa].into_iter().all(|rtype| {
                answers
                    .get(&Query::new(host, rtype))
                    .is_some_and(|outcome| !outcome.is_could_not_check())
            })
        });
    let shared_network = if every_host_known {
        shared_network(addresses.values().flatten())
    } else {
        None
    };
    NsServersFact {
        servers,
        status,
        newest_serial,
        lagging,
        addresses,
        shared_network,
    }
}

/// What a direct SOA answer says about the server.
fn state(outcome: Option<&Outcome>) -> (NsServerState, Option<u32>) {
    match outcome {
        Some(Outcome::Records { records }) => {
            match records.iter().find_map(|record| match record.data {
                RecordData::Soa { serial, .. } => Some(serial),
                _ => None,
            }) {
                Some(serial) => (NsServerState::Answered, Some(serial)),
                None => (NsServerState::Lame, None),
            }
        }
        // Unlike through a resolver, REFUSED here comes from the listed server itself
        // (the shell answers `NotAsked` for addresses it will not contact): a server
        // that refuses a question about a zone it is listed for does not serve it.
        Some(Outcome::NoData { .. } | Outcome::NxDomain { .. } | Outcome::Refused) => {
            (NsServerState::Lame, None)
        }
        Some(Outcome::NotAsked) => (NsServerState::NotAsked, None),
        // Not answered yet counts as what a shell's deadline makes of it.
        Some(Outcome::Timeout | Outcome::ServFail) | None => (NsServerState::CouldNotCheck, None),
    }
}

/// The A, then AAAA, addresses answered for `host` (aliases on the way left out).
fn addresses_of(answers: &Answers, host: &str) -> Vec<IpAddr> {
    [RecordType::A, RecordType::Aaaa]
        .into_iter()
        .filter_map(|rtype| match answers.get(&Query::new(host, rtype)) {
            Some(Outcome::Records { records }) => Some(records),
            _ => None,
        })
        .flatten()
        .filter_map(|record| match record.data {
            RecordData::A { address } => Some(IpAddr::V4(address)),
            RecordData::Aaaa { address } => Some(IpAddr::V6(address)),
            _ => None,
        })
        .collect()
}

/// Whether serial `a` is newer than `b` in RFC 1982 serial arithmetic: zones count
/// up and wrap at 2^32, so 5 is newer than 4,294,967,290.
pub(super) fn newer(a: u32, b: u32) -> bool {
    a != b && a.wrapping_sub(b) < 1 << 31
}

/// The one network all `addresses` are in (an IPv4 /24, and an IPv6 /48 if there are
/// IPv6 addresses), or `None` when they are spread over more, or there are none.
fn shared_network<'a>(addresses: impl Iterator<Item = &'a IpAddr>) -> Option<String> {
    let mut v4 = BTreeSet::new();
    let mut v6 = BTreeSet::new();
    for address in addresses {
        match address {
            IpAddr::V4(address) => {
                let [a, b, c, _] = address.octets();
                v4.insert(format!("{a}.{b}.{c}.0/24"));
            }
            IpAddr::V6(address) => {
                let [a, b, c, ..] = address.segments();
                v6.insert(format!("{a:x}:{b:x}:{c:x}::/48"));
            }
        }
    }
    if v4.len() > 1 || v6.len() > 1 || v4.len() + v6.len() == 0 {
        return None;
    }
    Some(v4.into_iter().chain(v6).collect::<Vec<_>>().join(", "))
}
