//! The sans-IO blocklist check of one domain: which names to ask (the domain's MX and
//! SPF, its exchangers' and senders' addresses, then each address under each list's
//! zone, with each list's RFC 5782 test entries) and what the answers mean.
//!
//! The shell asks everything [`BlocklistCheck::wanted`] lists at once, feeds each
//! outcome to [`BlocklistCheck::answer`], and asks again until nothing is wanted
//! (three rounds: MX and SPF, addresses, lists). [`BlocklistCheck::report`] reads
//! whatever has been answered; what was not is "not asked", never "not listed".

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

use super::lists::known_list;
use super::read::{Listing, NotChecked, ZoneTest, read_answer, read_test};
use super::report::{AddressReport, BlocklistReport, ListReport, Note, Role, ZoneResult};
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};
use crate::spf::{MacroPart, Mechanism, TermKind};
use crate::survey::Failure;

/// Lists asked at most.
pub const MAX_ZONES: usize = 8;
/// Host names (exchangers, SPF `a` hosts) looked up at most.
pub const MAX_HOSTS: usize = 12;
/// Addresses checked at most.
pub const MAX_ADDRESSES: usize = 24;

/// The name to ask `zone` about `ip` (RFC 5782 §2.1, §2.4): the IPv4 octets, or the
/// 32 nibbles of the IPv6 address, in reverse order, under the zone.
pub fn query_name(ip: IpAddr, zone: &str) -> String {
    let zone = zone.trim_end_matches('.').to_ascii_lowercase();
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.{zone}")
        }
        IpAddr::V6(v6) => {
            let mut name = String::with_capacity(64 + zone.len());
            for byte in v6.octets().iter().rev() {
                name.push_str(&format!("{:x}.{:x}.", byte & 0xf, byte >> 4));
            }
            name.push_str(&zone);
            name
        }
    }
}

/// RFC 5782 §5's test addresses: (listed, not listed) for each family.
fn test_addresses(v6: bool) -> (IpAddr, IpAddr) {
    if v6 {
        (
            IpAddr::V6(Ipv4Addr::new(127, 0, 0, 2).to_ipv6_mapped()),
            IpAddr::V6(Ipv4Addr::new(127, 0, 0, 1).to_ipv6_mapped()),
        )
    } else {
        (
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)),
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1)),
        )
    }
}

/// The blocklist check of one domain (see the module docs).
#[derive(Clone, Debug)]
pub struct BlocklistCheck {
    domain: String,
    target_mx: Vec<String>,
    zones: Vec<String>,
    answers: Answers,
}

impl BlocklistCheck {
    /// A check of `domain`'s current MX and SPF senders and of `target_mx` (the new
    /// service's exchangers), against `zones` (at most [`MAX_ZONES`], duplicates
    /// dropped).
    pub fn new(domain: &str, target_mx: Vec<String>, zones: Vec<String>) -> BlocklistCheck {
        let mut unique: Vec<String> = Vec::new();
        for zone in zones {
            let zone = zone.trim_end_matches('.').to_ascii_lowercase();
            if !zone.is_empty() && !unique.contains(&zone) && unique.len() < MAX_ZONES {
                unique.push(zone);
            }
        }
        BlocklistCheck {
            domain: domain.trim_end_matches('.').to_ascii_lowercase(),
            target_mx: target_mx
                .into_iter()
                .map(|host| host.trim_end_matches('.').to_ascii_lowercase())
                .filter(|host| !host.is_empty())
                .collect(),
            zones: unique,
            answers: Answers::new(),
        }
    }

    /// The zones asked, in order.
    pub fn zones(&self) -> &[String] {
        &self.zones
    }

    /// Questions not yet answered that the answers so far call for.
    pub fn wanted(&self) -> Vec<Query> {
        let mut wanted = vec![
            Query::new(&self.domain, RecordType::Mx),
            Query::new(&self.domain, RecordType::Txt),
        ];
        let (hosts, _) = self.hosts();
        for (host, _) in &hosts {
            wanted.push(Query::new(host, RecordType::A));
            wanted.push(Query::new(host, RecordType::Aaaa));
        }
        let (subjects, _) = self.subjects();
        let has_v6 = subjects.iter().any(|(ip, _)| ip.is_ipv6());
        for zone in &self.zones {
            for v6 in [false, true] {
                if v6 && !has_v6 {
                    continue;
                }
                let (listed, not_listed) = test_addresses(v6);
                wanted.push(Query::new(&query_name(listed, zone), RecordType::A));
                wanted.push(Query::new(&query_name(not_listed, zone), RecordType::A));
            }
            for (ip, _) in &subjects {
                wanted.push(Query::new(&query_name(*ip, zone), RecordType::A));
            }
        }
        let mut seen = BTreeSet::new();
        wanted.retain(|query| !self.answers.contains_key(query) && seen.insert(query.clone()));
        wanted
    }

    /// Feeds the outcome of one question.
    pub fn answer(&mut self, query: Query, outcome: Outcome) {
        self.answers.insert(query, outcome);
    }

    /// What the answers so far show.
    pub fn report(&self) -> BlocklistReport {
        let (_, mut notes) = self.hosts();
        let (subjects, subject_notes) = self.subjects();
        notes.extend(subject_notes);
        let has_v6 = subjects.iter().any(|(ip, _)| ip.is_ipv6());
        let lists: Vec<ListReport> = self
            .zones
            .iter()
            .map(|zone| {
                let known = known_list(zone);
                ListReport {
                    zone: zone.clone(),
                    name: known.map(|list| list.name.to_owned()),
                    terms: known.map(|list| list.terms.into()),
                    ipv4_test: self.test(zone, false),
                    ipv6_test: has_v6.then(|| self.test(zone, true)),
                }
            })
            .collect();
        let addresses = subjects
            .into_iter()
            .map(|(address, roles)| AddressReport {
                address,
                results: lists
                    .iter()
                    .map(|list| ZoneResult {
                        zone: list.zone.clone(),
                        listing: self.listing(address, list),
                    })
                    .collect(),
                roles,
            })
            .collect();
        BlocklistReport {
            domain: self.domain.clone(),
            lists,
            addresses,
            notes,
        }
    }

    fn test(&self, zone: &str, v6: bool) -> ZoneTest {
        let (listed, not_listed) = test_addresses(v6);
        let outcome = |ip| {
            self.answers
                .get(&Query::new(&query_name(ip, zone), RecordType::A))
        };
        read_test(outcome(listed), outcome(not_listed), known_list(zone))
    }

    fn listing(&self, address: IpAddr, list: &ListReport) -> Listing {
        let test = match (address, &list.ipv6_test) {
            (IpAddr::V6(_), Some(test)) => test,
            _ => &list.ipv4_test,
        };
        let not_checked = |why| Listing::CouldNotCheck { why };
        match test {
            ZoneTest::Working => {}
            ZoneTest::CouldNotCheck { why } => return not_checked((**why).clone()),
            ZoneTest::NoTestEntry if address.is_ipv6() && list.ipv4_test == ZoneTest::Working => {
                return not_checked(NotChecked::NotCovered);
            }
            other => {
                return not_checked(NotChecked::ListNotWorking {
                    test: other.clone(),
                });
            }
        }
        match self
            .answers
            .get(&Query::new(&query_name(address, &list.zone), RecordType::A))
        {
            Some(outcome) => read_answer(outcome, known_list(&list.zone)),
            None => not_checked(NotChecked::NotAsked),
        }
    }

    /// The host names to look up, each with its role, and what was left out.
    fn hosts(&self) -> (Vec<(String, Role)>, Vec<Note>) {
        let mut notes = Vec::new();
        let mut hosts: Vec<(String, Role)> = Vec::new();
        let mx = Query::new(&self.domain, RecordType::Mx);
        match self.answers.get(&mx) {
            Some(Outcome::Records { records }) => {
                for record in records {
                    if let RecordData::Mx { exchange, .. } = &record.data {
                        let host = exchange.trim_end_matches('.').to_ascii_lowercase();
                        // A null MX (RFC 7505) has no exchanger.
                        if !host.is_empty() {
                            hosts.push((host.clone(), Role::CurrentMx { host }));
                        }
                    }
                }
            }
            Some(outcome) => self.note_failure(&mut notes, &mx, outcome),
            None => {}
        }
        let txt = Query::new(&self.domain, RecordType::Txt);
        if let Some(outcome) = self.answers.get(&txt) {
            self.note_failure(&mut notes, &txt, outcome);
        }
        for host in &self.target_mx {
            hosts.push((host.clone(), Role::TargetMx { host: host.clone() }));
        }
        for term in self.spf_terms() {
            match term {
                SpfTerm::Host(host) => hosts.push((host.clone(), Role::SpfA { host })),
                SpfTerm::Note(note) => notes.push(note),
                SpfTerm::Address(_) => {}
            }
        }
        let mut names: Vec<String> = Vec::new();
        let mut kept = Vec::new();
        let mut left_out = 0;
        for (host, role) in hosts {
            if !names.contains(&host) {
                if names.len() == MAX_HOSTS {
                    left_out += 1;
                    continue;
                }
                names.push(host.clone());
            }
            kept.push((host, role));
        }
        if left_out > 0 {
            notes.push(Note::HostsLeftOut { count: left_out });
        }
        (kept, notes)
    }

    /// The addresses to check, each with its roles, in the order found, and what was
    /// left out.
    fn subjects(&self) -> (Vec<(IpAddr, Vec<Role>)>, Vec<Note>) {
        let mut found: Vec<(IpAddr, Role)> = Vec::new();
        let mut notes = Vec::new();
        let (hosts, _) = self.hosts();
        for (host, role) in &hosts {
            for rtype in [RecordType::A, RecordType::Aaaa] {
                let query = Query::new(host, rtype);
                match self.answers.get(&query) {
                    Some(Outcome::Records { records }) => {
                        for record in records {
                            let ip = match record.data {
                                RecordData::A { address } => IpAddr::V4(address),
                                RecordData::Aaaa { address } => IpAddr::V6(address),
                                _ => continue,
                            };
                            found.push((ip, role.clone()));
                        }
                    }
                    Some(outcome) => {
                        let before = notes.len();
                        self.note_failure(&mut notes, &query, outcome);
                        // One note per failed question, whatever roles share it.
                        if notes.len() > before && notes[..before].contains(&notes[before]) {
                            notes.pop();
                        }
                    }
                    None => {}
                }
            }
        }
        for term in self.spf_terms() {
            if let SpfTerm::Address(ip) = term {
                found.push((ip, Role::SpfIp));
            }
        }
        let mut subjects: Vec<(IpAddr, Vec<Role>)> = Vec::new();
        let mut left_out = 0;
        for (ip, role) in found {
            if let Some((_, roles)) = subjects.iter_mut().find(|(known, _)| *known == ip) {
                if !roles.contains(&role) {
                    roles.push(role);
                }
            } else if subjects.len() == MAX_ADDRESSES {
                left_out += 1;
            } else {
                subjects.push((ip, vec![role]));
            }
        }
        if left_out > 0 {
            notes.push(Note::AddressesLeftOut { count: left_out });
        }
        (subjects, notes)
    }

    /// The domain's own SPF record(s): single addresses, `a` hosts, and notes.
    fn spf_terms(&self) -> Vec<SpfTerm> {
        let mut terms = Vec::new();
        let Some(Outcome::Records { records }) =
            self.answers.get(&Query::new(&self.domain, RecordType::Txt))
        else {
            return terms;
        };
        for record in records {
            let RecordData::Txt { strings } = &record.data else {
                continue;
            };
            let text = strings.concat();
            if !crate::spf::is_spf_record(&text) {
                continue;
            }
            let (spf, _) = crate::spf::parse(&text);
            for term in &spf.terms {
                let TermKind::Directive(_, mechanism) = &term.kind else {
                    continue;
                };
                let written = || text.get(term.span.clone()).unwrap_or_default().to_owned();
                match mechanism {
                    Mechanism::Ip4(address, prefix) => match prefix {
                        None | Some(32) => terms.push(SpfTerm::Address(IpAddr::V4(*address))),
                        Some(_) => {
                            terms.push(SpfTerm::Note(Note::RangeNotChecked { network: written() }));
                        }
                    },
                    Mechanism::Ip6(address, prefix) => match prefix {
                        None | Some(128) => terms.push(SpfTerm::Address(IpAddr::V6(*address))),
                        Some(_) => {
                            terms.push(SpfTerm::Note(Note::RangeNotChecked { network: written() }));
                        }
                    },
                    Mechanism::A(None, _) => terms.push(SpfTerm::Host(self.domain.clone())),
                    Mechanism::A(Some(spec), _) => {
                        let literal: Option<String> = spec
                            .parts
                            .iter()
                            .map(|part| match part {
                                MacroPart::Literal(text) => Some(text.as_str()),
                                _ => None,
                            })
                            .collect();
                        match literal {
                            Some(host) => terms.push(SpfTerm::Host(
                                host.trim_end_matches('.').to_ascii_lowercase(),
                            )),
                            None => terms
                                .push(SpfTerm::Note(Note::MacroNotFollowed { term: written() })),
                        }
                    }
                    _ => {}
                }
            }
        }
        terms
    }

    fn note_failure(&self, notes: &mut Vec<Note>, query: &Query, outcome: &Outcome) {
        if let Some(failure) = Failure::of(outcome) {
            notes.push(Note::LookupFailed {
                query: query.clone(),
                failure,
            });
        }
    }
}

enum SpfTerm {
    Address(IpAddr),
    Host(String),
    Note(Note),
}
