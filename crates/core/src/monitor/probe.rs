//! The monitor's questions, sans-IO: which servers to ask about the domain's MX, and
//! what their answers are as [`Observation`]s for [`super::judge`].
//!
//! The domain's name servers are found through the shell's own resolver (NS, then
//! each host's addresses); each authoritative address is then asked directly for the
//! MX and the SOA serial, and each configured resolver for the MX. The same caps as
//! the survey's name-server check keep the packets per run bounded whatever the zone
//! says.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Observation, Role};
use crate::DomainName;
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};
use crate::survey::ns_targets;

/// At most this many resolvers per run, whatever the configuration lists: every
/// refresh asks each of them.
pub const MAX_RESOLVERS: usize = 16;

/// At most this many name-server hosts are looked up (the survey's cap).
const MAX_NS_HOSTS: usize = 10;

/// One question the shell should ask.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Ask {
    /// Through the shell's resolver, or, when `Query::server` is set, to that
    /// authoritative server directly (no recursion).
    Dns(Query),
    /// To the configured resolver number `index`, with recursion.
    Resolver {
        /// Which resolver (the order the shell passed their names in).
        index: usize,
        /// The question (the domain's MX).
        query: Query,
    },
}

/// A resolver as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolverName {
    /// A label (`Google Public DNS`).
    pub label: String,
    /// Its address (`8.8.8.8`, `doh:https://…`).
    pub address: String,
}

/// One monitor run in progress.
#[derive(Clone, Debug)]
pub struct Probe {
    domain: String,
    resolvers: Vec<ResolverName>,
    answers: Answers,
    resolver_answers: Vec<Option<Outcome>>,
    asked: BTreeSet<Ask>,
}

impl Probe {
    /// A run for `domain`, asking `resolvers` (at most [`MAX_RESOLVERS`]; the rest are
    /// dropped) besides the authoritative servers.
    pub fn new(domain: &DomainName, mut resolvers: Vec<ResolverName>) -> Probe {
        resolvers.truncate(MAX_RESOLVERS);
        Probe {
            domain: domain.as_str().to_owned(),
            resolver_answers: vec![None; resolvers.len()],
            resolvers,
            answers: Answers::new(),
            asked: BTreeSet::new(),
        }
    }

    /// The domain.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The resolvers asked.
    pub fn resolvers(&self) -> &[ResolverName] {
        &self.resolvers
    }

    /// Questions not asked yet that the answers so far make necessary. Each question
    /// is returned once; an empty list with nothing outstanding means the run is over.
    pub fn wanted(&mut self) -> Vec<Ask> {
        let domain = self.domain.as_str();
        let mut wanted: Vec<Ask> = [RecordType::Ns, RecordType::Soa]
            .into_iter()
            .map(|rtype| Ask::Dns(Query::new(domain, rtype)))
            .collect();
        wanted.extend((0..self.resolvers.len()).map(|index| Ask::Resolver {
            index,
            query: Query::new(domain, RecordType::Mx),
        }));
        let hosts = self.ns_hosts();
        for host in &hosts {
            for rtype in [RecordType::A, RecordType::Aaaa] {
                wanted.push(Ask::Dns(Query::new(host, rtype)));
            }
        }
        for (_, address) in ns_targets(&self.answers, domain, &hosts) {
            for rtype in [RecordType::Mx, RecordType::Soa] {
                wanted.push(Ask::Dns(Query::at(domain, rtype, address)));
            }
        }
        wanted.retain(|ask| self.asked.insert(ask.clone()));
        wanted
    }

    /// Records an answer.
    pub fn answer(&mut self, ask: Ask, outcome: Outcome) {
        match ask {
            Ask::Dns(query) => {
                self.answers.insert(query, outcome);
            }
            Ask::Resolver { index, .. } => {
                if let Some(slot) = self.resolver_answers.get_mut(index) {
                    *slot = Some(outcome);
                }
            }
        }
    }

    /// What every server said, authoritative servers first: an unanswered question
    /// reads as `NotAsked` (the shell ran out of time), which the judgement counts as
    /// unreachable, never as old.
    pub fn observations(&self) -> Vec<Observation> {
        let domain = self.domain.as_str();
        let answer = |query: &Query| {
            self.answers
                .get(query)
                .cloned()
                .unwrap_or(Outcome::NotAsked)
        };
        let mut observations: Vec<Observation> =
            ns_targets(&self.answers, domain, &self.ns_hosts())
                .into_iter()
                .map(|(host, address)| {
                    let soa = answer(&Query::at(domain, RecordType::Soa, address));
                    Observation {
                        server: host,
                        address: address.to_string(),
                        role: Role::Authoritative,
                        outcome: answer(&Query::at(domain, RecordType::Mx, address)),
                        soa_serial: soa_serial(&soa),
                    }
                })
                .collect();
        observations.extend(self.resolvers.iter().zip(&self.resolver_answers).map(
            |(resolver, outcome)| Observation {
                server: resolver.label.clone(),
                address: resolver.address.clone(),
                role: Role::Resolver,
                outcome: outcome.clone().unwrap_or(Outcome::NotAsked),
                soa_serial: None,
            },
        ));
        observations
    }

    /// What the domain's own resolution says, for the report: its NS answer.
    pub fn ns_outcome(&self) -> Option<&Outcome> {
        self.answers.get(&Query::new(&self.domain, RecordType::Ns))
    }

    fn ns_hosts(&self) -> Vec<String> {
        let Some(Outcome::Records { records }) = self.ns_outcome() else {
            return Vec::new();
        };
        let mut hosts: Vec<String> = records
            .iter()
            .filter_map(|record| match &record.data {
                RecordData::Ns { host } if !host.is_empty() => Some(host.clone()),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut hosts);
        hosts.dedup();
        hosts.truncate(MAX_NS_HOSTS);
        hosts
    }
}

fn soa_serial(outcome: &Outcome) -> Option<u32> {
    let Outcome::Records { records } = outcome else {
        return None;
    };
    records.iter().find_map(|record| match record.data {
        RecordData::Soa { serial, .. } => Some(serial),
        _ => None,
    })
}
