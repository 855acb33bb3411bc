//! The SPF include/redirect tree of a domain, independent of any client address:
//! every record reachable through `include:` and `redirect=`, with the DNS-querying
//! terms each one costs (RFC 7208 §4.6.4), the targets of its `a`, `mx` and `exists`
//! terms looked up as a receiver would, and the void lookups seen.
//!
//! **Void lookups.** RFC 7208 §4.6.4 counts the terms whose DNS query gets NXDOMAIN
//! or an answer with no records, and more than two make SPF a permerror. The tree
//! counts them as every receiver meets them, whatever the sender's address:
//!
//! - `include:` and `redirect=`: the target's TXT lookup. A target that has TXT
//!   records but no SPF record is no void lookup (it is still a permerror).
//! - `a`: a receiver asks A for an IPv4 client and AAAA for an IPv6 one. The survey
//!   asks A, and AAAA only when A finds no address and is not NXDOMAIN (a name that
//!   does not exist has no records of any type, RFC 8020). It counts a void lookup
//!   only when the name has neither, because then a receiver sees the lookup come
//!   back empty whichever family the client has. A name with only an A record is
//!   void for IPv6 clients alone; counting it would make the count depend on who
//!   sends, so the count is what every receiver reaches at least.
//! - `mx`: the MX lookup. The exchangers' addresses (at most 10, §4.6.4) are looked
//!   up too, but those lookups are not DNS-querying terms of their own and are not
//!   counted, as `spf::CheckHost` does not count them; an `mx` whose exchangers all
//!   lack an address is `no-address`: it can match nothing, but it is no void lookup.
//! - `exists`: its A lookup (RFC 7208 §5.7: A whatever the client's family).
//!
//! A lookup that could not be checked (timeout, SERVFAIL, refused) or was not asked
//! is never void. Targets built from macros depend on the sender and are not looked
//! up; `ptr` depends on the client's address and is not either.

mod markers;
mod walk;

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use crate::dns::{Answers, Query};
use crate::spf::{self, MacroString, Mechanism, TermKind};

pub use markers::{SpfProblem, SpfTargetMechanism, SpfTargetStatus, SpfVia};
use walk::Walk;

/// At most this many distinct names of `a`, `mx` and `exists` targets are looked up:
/// the first ones met in tree order (record order, an include's record at the
/// include); the others are `not-asked`. A receiver stops after 10 DNS-querying terms
/// (RFC 7208 §4.6.4), and every name costs at least one, so past the tenth name the
/// record is over that limit anyway (`spf-too-many-lookups` says so).
pub(super) const MAX_TARGET_NAMES: usize = spf::MAX_DNS_TERMS as usize;

/// One record in the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpfNode {
    /// The domain whose TXT record this is.
    pub domain: String,
    /// How it was reached.
    pub via: SpfVia,
    /// The SPF record, if exactly one was found.
    pub record: Option<String>,
    /// What went wrong at this node.
    pub problem: Option<SpfProblem>,
    /// Whether reaching this record was a void lookup: an include or redirect target
    /// whose TXT lookup got NXDOMAIN or no records.
    pub void: bool,
    /// DNS-querying terms in this record itself.
    pub lookups: u32,
    /// Those terms in this record and everything below it.
    pub total_lookups: u32,
    /// The `a`, `mx` and `exists` terms of this record that name a host without
    /// macros, in record order, with what looking them up found.
    pub targets: Vec<SpfTarget>,
    /// Includes and the redirect, in record order.
    pub children: Vec<SpfNode>,
}

/// The target of an `a`, `mx` or `exists` term, looked up as a receiver would.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpfTarget {
    /// `a`, `mx` or `exists`.
    pub mechanism: SpfTargetMechanism,
    /// The term as written (`a:old-mx1.example.jp`, `~mx`).
    pub term: String,
    /// Where the term stands in its record.
    pub span: Range<usize>,
    /// The name looked up: the term's domain, or the record's own for a bare `a` or
    /// `mx`.
    pub domain: String,
    /// What the lookups found (see the module's notes on void lookups).
    pub status: SpfTargetStatus,
}

impl SpfTarget {
    /// Whether its lookup was a void lookup (RFC 7208 §4.6.4).
    pub fn is_void(&self) -> bool {
        self.status == SpfTargetStatus::Void
    }

    /// Whether the term can match no sender: its lookup was void, or found no address.
    pub fn is_dead(&self) -> bool {
        matches!(
            self.status,
            SpfTargetStatus::Void | SpfTargetStatus::NoAddress
        )
    }
}

/// The TXT queries the tree needs next, given the answers so far.
pub(super) fn needed(answers: &Answers, domain: &str) -> Vec<Query> {
    let mut walk = Walk::new(answers);
    walk.walk(domain, SpfVia::Root, 0);
    walk.records
}

/// The queries the tree's `a`, `mx` and `exists` targets need next: each target's
/// own lookup (the one that can be void) first, then the AAAA and exchanger
/// lookups that follow from them.
pub(super) fn needed_targets(answers: &Answers, domain: &str) -> Vec<Query> {
    let mut walk = Walk::new(answers);
    walk.walk(domain, SpfVia::Root, 0);
    let mut needed = walk.first;
    needed.extend(walk.then);
    let mut seen = BTreeSet::new();
    needed.retain(|query| seen.insert(query.clone()));
    needed
}

/// The tree as far as the answers go.
pub(super) fn build(answers: &Answers, domain: &str) -> SpfNode {
    Walk::new(answers).walk(domain, SpfVia::Root, 0)
}

impl SpfNode {
    /// A node for `domain`, reached `via`, before anything is known of it: no record,
    /// no problem, nothing below it.
    pub fn new(domain: impl Into<String>, via: SpfVia) -> SpfNode {
        SpfNode {
            domain: domain.into(),
            via,
            record: None,
            problem: None,
            void: false,
            lookups: 0,
            total_lookups: 0,
            targets: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Whether `lookups` and `total_lookups` of this branch are only a lower bound: a
    /// record in it could not be read (not asked, could not check, built from
    /// macros, nested too deep) or it loops back on itself.
    pub fn is_minimum(&self) -> bool {
        matches!(
            self.problem,
            Some(
                SpfProblem::NotAsked
                    | SpfProblem::CouldNotCheck
                    | SpfProblem::Macro
                    | SpfProblem::TooDeep
                    | SpfProblem::Loop
            )
        ) || self.children.iter().any(SpfNode::is_minimum)
    }

    /// The void lookups of this branch (RFC 7208 §4.6.4), counted as every receiver
    /// meets them (see the module's notes): include and redirect targets whose TXT
    /// lookup found nothing, and `a`, `mx` and `exists` targets whose lookup did.
    pub fn void_lookups(&self) -> u32 {
        let targets = self
            .targets
            .iter()
            .filter(|target| target.is_void())
            .count();
        u32::from(self.void)
            + u32::try_from(targets).unwrap_or(u32::MAX)
            + self.children.iter().map(SpfNode::void_lookups).sum::<u32>()
    }

    /// The domains of `a:` and `mx:` mechanisms in this record and every record
    /// below it (`a:www1234.sakura.ne.jp`), without macros, each once, in tree order.
    /// A bare `a` or `mx` names the record's own domain and is left out.
    pub fn hosts(&self) -> Vec<String> {
        let mut hosts = Vec::new();
        self.collect_hosts(&mut hosts);
        hosts
    }

    fn collect_hosts(&self, hosts: &mut Vec<String>) {
        if let Some(text) = &self.record {
            let (record, _) = spf::parse(text);
            for term in &record.terms {
                let TermKind::Directive(
                    _,
                    Mechanism::A(Some(target), _) | Mechanism::Mx(Some(target), _),
                ) = &term.kind
                else {
                    continue;
                };
                if let Some(host) = literal_domain(target)
                    && !hosts.contains(&host)
                {
                    hosts.push(host);
                }
            }
        }
        for child in &self.children {
            child.collect_hosts(hosts);
        }
    }
}

/// Whether `domain` is included or redirected to anywhere below `node`.
pub(crate) fn contains(node: &SpfNode, domain: &str) -> bool {
    node.children
        .iter()
        .any(|child| child.domain.eq_ignore_ascii_case(domain) || contains(child, domain))
}

/// The target as a plain domain, when it has no macros.
fn literal_domain(target: &MacroString) -> Option<String> {
    match target.parts.as_slice() {
        [spf::MacroPart::Literal(text)] => Some(text.trim_end_matches('.').to_ascii_lowercase()),
        _ => None,
    }
}
