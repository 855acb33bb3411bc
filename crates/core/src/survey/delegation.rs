//! Who the parent zone says serves the domain, when the domain's own servers do not
//! answer. A zone whose servers all fail answers no NS question through a resolver,
//! yet the outage report should name the servers that fail: the parent zone holds
//! them in its delegation. So, only when the domain's own NS lookup failed, the
//! survey finds the closest ancestor with name servers (the parent zone), their
//! addresses, and asks them directly for the domain's NS: the referral they give is
//! the delegation.

use std::net::IpAddr;

use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// At most this many ancestors are asked for NS (`a.b.example.co.jp` → `b.example.co.jp`
/// … up to the top-level domain).
const MAX_ANCESTORS: usize = 4;
/// At most this many of the parent zone's servers are looked up and asked.
const MAX_PARENT_SERVERS: usize = 2;
/// The most questions this part can add: NS of each ancestor, the address of each
/// parent server, one direct question to each.
pub(super) const MAX_QUERIES: usize = MAX_ANCESTORS + 2 * MAX_PARENT_SERVERS;

/// The questions this part wants now.
pub(super) fn needed(answers: &Answers, domain: &str) -> Vec<Query> {
    if !own_ns_failed(answers, domain) {
        return Vec::new();
    }
    let ancestors = ancestors(domain);
    let mut needed: Vec<Query> = ancestors
        .iter()
        .map(|name| Query::new(name, RecordType::Ns))
        .collect();
    let Some(servers) = parent_servers(answers, &ancestors) else {
        return needed;
    };
    for host in &servers {
        needed.push(Query::new(host, RecordType::A));
    }
    for address in parent_addresses(answers, &servers) {
        needed.push(Query::at(domain, RecordType::Ns, address));
    }
    needed
}

/// The name servers the parent zone delegates the domain to, as far as answered.
pub(super) fn delegation(answers: &Answers, domain: &str) -> Vec<String> {
    if !own_ns_failed(answers, domain) {
        return Vec::new();
    }
    let ancestors = ancestors(domain);
    let Some(servers) = parent_servers(answers, &ancestors) else {
        return Vec::new();
    };
    let mut hosts: Vec<String> = parent_addresses(answers, &servers)
        .into_iter()
        .filter_map(
            |address| match answers.get(&Query::at(domain, RecordType::Ns, address)) {
                Some(Outcome::Records { records }) => Some(records),
                _ => None,
            },
        )
        .flatten()
        .filter_map(|record| match &record.data {
            RecordData::Ns { host } => Some(host.clone()),
            _ => None,
        })
        .collect();
    crate::sort::sort(&mut hosts);
    hosts.dedup();
    hosts
}

fn own_ns_failed(answers: &Answers, domain: &str) -> bool {
    answers
        .get(&Query::new(domain, RecordType::Ns))
        .is_some_and(Outcome::is_could_not_check)
}

/// `b.example.jp` for `a.b.example.jp`, then `example.jp`, `jp`: closest first.
fn ancestors(domain: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = domain;
    while let Some((_, parent)) = rest.split_once('.') {
        if names.len() == MAX_ANCESTORS {
            break;
        }
        names.push(parent.to_owned());
        rest = parent;
    }
    names
}

/// The closest ancestor's name servers, once every closer ancestor has answered
/// without any (`None` until then).
fn parent_servers(answers: &Answers, ancestors: &[String]) -> Option<Vec<String>> {
    for name in ancestors {
        match answers.get(&Query::new(name, RecordType::Ns))? {
            Outcome::Records { records } => {
                let mut hosts: Vec<String> = records
                    .iter()
                    .filter_map(|record| match &record.data {
                        RecordData::Ns { host } if record.name == *name => Some(host.clone()),
                        _ => None,
                    })
                    .collect();
                if hosts.is_empty() {
                    continue;
                }
                crate::sort::sort(&mut hosts);
                hosts.dedup();
                hosts.truncate(MAX_PARENT_SERVERS);
                return Some(hosts);
            }
            _ => continue,
        }
    }
    None
}

/// The parent servers' first IPv4 address each, as answered.
fn parent_addresses(answers: &Answers, servers: &[String]) -> Vec<IpAddr> {
    servers
        .iter()
        .filter_map(
            |host| match answers.get(&Query::new(host, RecordType::A))? {
                Outcome::Records { records } => {
                    records.iter().find_map(|record| match record.data {
                        RecordData::A { address } => Some(IpAddr::V4(address)),
                        _ => None,
                    })
                }
                _ => None,
            },
        )
        .collect()
}
