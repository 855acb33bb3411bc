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

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};
use crate::spf::{self, MacroString, Mechanism, Modifier, Term, TermKind};

/// Nesting beyond this is reported, not followed: the lookup limit of 10 is exceeded
/// long before.
const MAX_DEPTH: usize = 12;

/// At most this many distinct names of `a`, `mx` and `exists` targets are looked up:
/// the first ones met in tree order (record order, an include's record at the
/// include); the others are `not-asked`. A receiver stops after 10 DNS-querying terms
/// (RFC 7208 §4.6.4), and every name costs at least one, so past the tenth name the
/// record is over that limit anyway (`spf-too-many-lookups` says so).
pub(super) const MAX_TARGET_NAMES: usize = spf::MAX_DNS_TERMS as usize;

/// Of one `mx` target, at most this many exchangers get their addresses looked up:
/// a receiver looks at no more (RFC 7208 §4.6.4: more is a permerror).
const MAX_EXCHANGERS: usize = 10;

/// One record in the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpfNode {
    /// The domain whose TXT record this is.
    pub domain: String,
    /// How it was reached: `include`, `redirect`, or `root`.
    pub via: &'static str,
    /// The SPF record, if exactly one was found.
    pub record: Option<String>,
    /// What went wrong at this node: `not-found`, `multiple`, `could-not-check`,
    /// `loop`, `too-deep`, `macro` (a target that depends on the sender), `not-asked`
    /// (the survey's question budget ran out before this record was asked for).
    pub problem: Option<&'static str>,
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
    pub mechanism: &'static str,
    /// The term as written (`a:old-mx1.example.jp`, `~mx`).
    pub term: String,
    /// Where the term stands in its record.
    pub span: Range<usize>,
    /// The name looked up: the term's domain, or the record's own for a bare `a` or
    /// `mx`.
    pub domain: String,
    /// What the lookups found (see the module's notes on void lookups): `found`;
    /// `void` (NXDOMAIN or no records: a void lookup); `no-address` (nothing it could
    /// match, yet no void lookup: an `mx` whose exchangers have no address, an `a`
    /// answered with an alias but no address); `could-not-check`; `not-asked` (past
    /// the first [`MAX_TARGET_NAMES`] names, or the question budget ran out).
    pub status: &'static str,
}

impl SpfTarget {
    /// Whether its lookup was a void lookup (RFC 7208 §4.6.4).
    pub fn is_void(&self) -> bool {
        self.status == VOID
    }

    /// Whether the term can match no sender: its lookup was void, or found no address.
    pub fn is_dead(&self) -> bool {
        matches!(self.status, VOID | NO_ADDRESS)
    }
}

const FOUND: &str = "found";
const VOID: &str = "void";
const NO_ADDRESS: &str = "no-address";
const COULD_NOT_CHECK: &str = "could-not-check";
const NOT_ASKED: &str = "not-asked";

/// The TXT queries the tree needs next, given the answers so far.
pub(super) fn needed(answers: &Answers, domain: &str) -> Vec<Query> {
    let mut walk = Walk::new(answers);
    walk.walk(domain, "root", 0);
    walk.records
}

/// The queries the tree's `a`, `mx` and `exists` targets need next: each target's
/// own lookup (the one that can be void) first, then the AAAA and exchanger
/// lookups that follow from them.
pub(super) fn needed_targets(answers: &Answers, domain: &str) -> Vec<Query> {
    let mut walk = Walk::new(answers);
    walk.walk(domain, "root", 0);
    let mut needed = walk.first;
    needed.extend(walk.then);
    let mut seen = BTreeSet::new();
    needed.retain(|query| seen.insert(query.clone()));
    needed
}

/// The tree as far as the answers go.
pub(super) fn build(answers: &Answers, domain: &str) -> SpfNode {
    Walk::new(answers).walk(domain, "root", 0)
}

/// Which list a target's question joins.
#[derive(Clone, Copy)]
enum Queue {
    /// The target's own lookup.
    First,
    /// A lookup that follows from another answer.
    Then,
}

/// What one lookup found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    /// Not answered (yet).
    Unasked,
    /// Timeout, SERVFAIL, refused, or not sent by the shell.
    Error,
    NxDomain,
    NoData,
    /// Records of the type asked.
    Data,
    /// An answer without records of the type asked (only an alias).
    Other,
}

/// One walk over the tree: the nodes, and the questions still needed.
struct Walk<'a> {
    answers: &'a Answers,
    /// The domains from the root to the current node (loop detection).
    path: BTreeSet<String>,
    /// TXT questions of records not answered yet.
    records: Vec<Query>,
    /// The targets' own lookups not answered yet.
    first: Vec<Query>,
    /// Lookups that follow from them.
    then: Vec<Query>,
    /// The targets' names met so far, in tree order.
    names: Vec<String>,
}

impl<'a> Walk<'a> {
    fn new(answers: &'a Answers) -> Walk<'a> {
        Walk {
            answers,
            path: BTreeSet::new(),
            records: Vec::new(),
            first: Vec::new(),
            then: Vec::new(),
            names: Vec::new(),
        }
    }

    fn walk(&mut self, domain: &str, via: &'static str, depth: usize) -> SpfNode {
        let mut node = SpfNode {
            domain: domain.to_owned(),
            via,
            record: None,
            problem: None,
            void: false,
            lookups: 0,
            total_lookups: 0,
            targets: Vec::new(),
            children: Vec::new(),
        };
        if depth > MAX_DEPTH {
            node.problem = Some("too-deep");
            return node;
        }
        if !self.path.insert(domain.to_owned()) {
            node.problem = Some("loop");
            return node;
        }
        let query = Query::new(domain, RecordType::Txt);
        let records = match self.answers.get(&query) {
            None => {
                self.records.push(query);
                // In the report: the budget ran out first (the shell answers every
                // question it sent, if only with a timeout).
                node.problem = Some("not-asked");
                self.path.remove(domain);
                return node;
            }
            Some(Outcome::Records { records }) => records,
            Some(Outcome::NoData { .. } | Outcome::NxDomain { .. }) => {
                node.problem = Some("not-found");
                // The root's own record is not a term's lookup: without it there is
                // nothing to evaluate.
                node.void = via != "root";
                self.path.remove(domain);
                return node;
            }
            Some(_) => {
                node.problem = Some("could-not-check");
                self.path.remove(domain);
                return node;
            }
        };
        let spf: Vec<String> = records
            .iter()
            .filter_map(|record| match &record.data {
                RecordData::Txt { strings } => Some(strings.concat()),
                _ => None,
            })
            .filter(|text| spf::is_spf_record(text))
            .collect();
        match spf.as_slice() {
            [] => node.problem = Some("not-found"),
            [_, _, ..] => node.problem = Some("multiple"),
            [text] => {
                node.record = Some(text.clone());
                let (record, _) = spf::parse(text);
                for term in &record.terms {
                    match &term.kind {
                        TermKind::Directive(_, mechanism) => {
                            if mechanism.queries_dns() {
                                node.lookups += 1;
                            }
                            let (kind, spec) = match mechanism {
                                Mechanism::Include(target) => {
                                    let child = self.child(target, "include", depth);
                                    node.children.push(child);
                                    continue;
                                }
                                Mechanism::A(spec, _) => (Kind::A, spec.as_ref()),
                                Mechanism::Mx(spec, _) => (Kind::Mx, spec.as_ref()),
                                Mechanism::Exists(spec) => (Kind::Exists, Some(spec)),
                                _ => continue,
                            };
                            if let Some(target) = self.target(kind, spec, domain, term, text) {
                                node.targets.push(target);
                            }
                        }
                        TermKind::Modifier(Modifier::Redirect(target)) => {
                            node.lookups += 1;
                            let child = self.child(target, "redirect", depth);
                            node.children.push(child);
                        }
                        TermKind::Modifier(_) => {}
                    }
                }
            }
        }
        node.total_lookups = node.lookups
            + node
                .children
                .iter()
                .map(|child| child.total_lookups)
                .sum::<u32>();
        self.path.remove(domain);
        node
    }

    /// The node an include or redirect leads to.
    fn child(&mut self, target: &MacroString, via: &'static str, depth: usize) -> SpfNode {
        match literal_domain(target) {
            Some(child) => self.walk(&child, via, depth + 1),
            None => SpfNode {
                domain: target.to_string(),
                via,
                record: None,
                problem: Some("macro"),
                void: false,
                lookups: 0,
                total_lookups: 0,
                targets: Vec::new(),
                children: Vec::new(),
            },
        }
    }

    /// The target of an `a`, `mx` or `exists` term of `domain`'s record `text`, when
    /// it names a host without macros; its questions join the lists while it is among
    /// the first [`MAX_TARGET_NAMES`] names.
    fn target(
        &mut self,
        kind: Kind,
        spec: Option<&MacroString>,
        domain: &str,
        term: &Term,
        text: &str,
    ) -> Option<SpfTarget> {
        let name = match spec {
            None => domain.to_owned(),
            Some(spec) => literal_domain(spec)?,
        };
        if !spf::is_valid_domain(&name) {
            return None;
        }
        let index = match self.names.iter().position(|seen| *seen == name) {
            Some(index) => index,
            None => {
                self.names.push(name.clone());
                self.names.len() - 1
            }
        };
        let queue = (index < MAX_TARGET_NAMES).then_some(Queue::First);
        let status = match kind {
            Kind::A => self.addresses(&name, queue),
            Kind::Mx => self.mx(&name, queue),
            Kind::Exists => match self.look(&name, RecordType::A, queue) {
                Look::Unasked => NOT_ASKED,
                Look::Error => COULD_NOT_CHECK,
                Look::NxDomain | Look::NoData => VOID,
                Look::Data | Look::Other => FOUND,
            },
        };
        Some(SpfTarget {
            mechanism: kind.name(),
            term: text.get(term.span.clone()).unwrap_or_default().to_owned(),
            span: term.span.clone(),
            domain: name,
            status,
        })
    }

    /// What one lookup found; an unanswered one joins `queue`, if given.
    fn look(&mut self, name: &str, rtype: RecordType, queue: Option<Queue>) -> Look {
        let query = Query::new(name, rtype);
        match self.answers.get(&query) {
            None => {
                match queue {
                    Some(Queue::First) => self.first.push(query),
                    Some(Queue::Then) => self.then.push(query),
                    None => {}
                }
                Look::Unasked
            }
            Some(Outcome::NxDomain { .. }) => Look::NxDomain,
            Some(Outcome::NoData { .. }) => Look::NoData,
            Some(Outcome::Records { records }) => {
                let of_type = records.iter().any(|record| {
                    matches!(
                        (&record.data, rtype),
                        (RecordData::A { .. }, RecordType::A)
                            | (RecordData::Aaaa { .. }, RecordType::Aaaa)
                            | (RecordData::Mx { .. }, RecordType::Mx)
                    )
                });
                if of_type { Look::Data } else { Look::Other }
            }
            Some(_) => Look::Error,
        }
    }

    /// Whether `name` has an address, as an `a` term or an exchanger: A first, and
    /// AAAA only when A finds no address and is not NXDOMAIN. Void only when neither
    /// type has records.
    fn addresses(&mut self, name: &str, queue: Option<Queue>) -> &'static str {
        let a = self.look(name, RecordType::A, queue);
        match a {
            Look::Data => return FOUND,
            Look::NxDomain => return VOID,
            Look::Unasked => return NOT_ASKED,
            Look::Error | Look::NoData | Look::Other => {}
        }
        let aaaa = self.look(name, RecordType::Aaaa, queue.map(|_| Queue::Then));
        match aaaa {
            Look::Data => FOUND,
            Look::Unasked => NOT_ASKED,
            _ if a == Look::Error || aaaa == Look::Error => COULD_NOT_CHECK,
            Look::NoData | Look::NxDomain if a == Look::NoData => VOID,
            _ => NO_ADDRESS,
        }
    }

    /// An `mx` target: its MX lookup, then its exchangers' addresses.
    fn mx(&mut self, name: &str, queue: Option<Queue>) -> &'static str {
        match self.look(name, RecordType::Mx, queue) {
            Look::Unasked => return NOT_ASKED,
            Look::Error => return COULD_NOT_CHECK,
            Look::NxDomain | Look::NoData => return VOID,
            Look::Other => return NO_ADDRESS,
            Look::Data => {}
        }
        let statuses: Vec<&str> = exchangers(self.answers, name)
            .iter()
            .map(|host| self.addresses(host, queue.map(|_| Queue::Then)))
            .collect();
        // Found beats everything; an unknown exchanger leaves the target unknown.
        [FOUND, NOT_ASKED, COULD_NOT_CHECK]
            .into_iter()
            .find(|status| statuses.contains(status))
            .unwrap_or(NO_ADDRESS)
    }
}

/// The mechanisms whose targets are looked up.
#[derive(Clone, Copy)]
enum Kind {
    A,
    Mx,
    Exists,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::A => "a",
            Kind::Mx => "mx",
            Kind::Exists => "exists",
        }
    }
}

/// The exchangers `name`'s MX answer names (a null MX names none), each once, in a
/// stable order, at most [`MAX_EXCHANGERS`]: for the domain's own MX, the same ones
/// the survey asks about.
fn exchangers(answers: &Answers, name: &str) -> Vec<String> {
    let Some(Outcome::Records { records }) = answers.get(&Query::new(name, RecordType::Mx)) else {
        return Vec::new();
    };
    let mut hosts: Vec<String> = records
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Mx { exchange, .. } if !exchange.is_empty() => {
                Some(exchange.trim_end_matches('.').to_ascii_lowercase())
            }
            _ => None,
        })
        .collect();
    crate::sort::sort(&mut hosts);
    hosts.dedup();
    hosts.truncate(MAX_EXCHANGERS);
    hosts
}

impl SpfNode {
    /// Whether `lookups` and `total_lookups` of this branch are only a lower bound: a
    /// record in it could not be read (not asked, could not check, built from
    /// macros, nested too deep) or it loops back on itself.
    pub fn is_minimum(&self) -> bool {
        matches!(
            self.problem,
            Some("not-asked" | "could-not-check" | "macro" | "too-deep" | "loop")
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
