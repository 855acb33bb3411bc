//! One walk over the answers: the tree's nodes, and the questions still needed to
//! grow it (see the parent module's notes on void lookups).

use std::collections::BTreeSet;

use super::{
    MAX_TARGET_NAMES, SpfNode, SpfProblem, SpfTarget, SpfTargetMechanism, SpfTargetStatus, SpfVia,
    literal_domain,
};
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};
use crate::spf::{self, MacroString, Mechanism, Modifier, Term, TermKind};

/// Nesting beyond this is reported, not followed: the lookup limit of 10 is exceeded
/// long before.
const MAX_DEPTH: usize = 12;

/// Of one `mx` target, at most this many exchangers get their addresses looked up:
/// a receiver looks at no more (RFC 7208 §4.6.4: more is a permerror).
const MAX_EXCHANGERS: usize = 10;

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
pub(super) struct Walk<'a> {
    answers: &'a Answers,
    /// The domains from the root to the current node (loop detection).
    path: BTreeSet<String>,
    /// TXT questions of records not answered yet.
    pub(super) records: Vec<Query>,
    /// The targets' own lookups not answered yet.
    pub(super) first: Vec<Query>,
    /// Lookups that follow from them.
    pub(super) then: Vec<Query>,
    /// The targets' names met so far, in tree order.
    names: Vec<String>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(answers: &'a Answers) -> Walk<'a> {
        Walk {
            answers,
            path: BTreeSet::new(),
            records: Vec::new(),
            first: Vec::new(),
            then: Vec::new(),
            names: Vec::new(),
        }
    }

    pub(super) fn walk(&mut self, domain: &str, via: SpfVia, depth: usize) -> SpfNode {
        let mut node = SpfNode::new(domain, via);
        if depth > MAX_DEPTH {
            node.problem = Some(SpfProblem::TooDeep);
            return node;
        }
        if !self.path.insert(domain.to_owned()) {
            node.problem = Some(SpfProblem::Loop);
            return node;
        }
        let query = Query::new(domain, RecordType::Txt);
        let records = match self.answers.get(&query) {
            None => {
                self.records.push(query);
                // In the report: the budget ran out first (the shell answers every
                // question it sent, if only with a timeout).
                node.problem = Some(SpfProblem::NotAsked);
                self.path.remove(domain);
                return node;
            }
            Some(Outcome::Records { records }) => records,
            Some(Outcome::NoData { .. } | Outcome::NxDomain { .. }) => {
                node.problem = Some(SpfProblem::NotFound);
                // The root's own record is not a term's lookup: without it there is
                // nothing to evaluate.
                node.void = via != SpfVia::Root;
                self.path.remove(domain);
                return node;
            }
            Some(_) => {
                node.problem = Some(SpfProblem::CouldNotCheck);
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
            [] => node.problem = Some(SpfProblem::NotFound),
            [_, _, ..] => node.problem = Some(SpfProblem::Multiple),
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
                                    let child = self.child(target, SpfVia::Include, depth);
                                    node.children.push(child);
                                    continue;
                                }
                                Mechanism::A(spec, _) => (SpfTargetMechanism::A, spec.as_ref()),
                                Mechanism::Mx(spec, _) => (SpfTargetMechanism::Mx, spec.as_ref()),
                                Mechanism::Exists(spec) => (SpfTargetMechanism::Exists, Some(spec)),
                                _ => continue,
                            };
                            if let Some(target) = self.target(kind, spec, domain, term, text) {
                                node.targets.push(target);
                            }
                        }
                        TermKind::Modifier(Modifier::Redirect(target)) => {
                            node.lookups += 1;
                            let child = self.child(target, SpfVia::Redirect, depth);
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
    fn child(&mut self, target: &MacroString, via: SpfVia, depth: usize) -> SpfNode {
        match literal_domain(target) {
            Some(child) => self.walk(&child, via, depth + 1),
            None => SpfNode {
                problem: Some(SpfProblem::Macro),
                ..SpfNode::new(target.to_string(), via)
            },
        }
    }

    /// The target of an `a`, `mx` or `exists` term of `domain`'s record `text`, when
    /// it names a host without macros; its questions join the lists while it is among
    /// the first [`MAX_TARGET_NAMES`] names.
    fn target(
        &mut self,
        kind: SpfTargetMechanism,
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
            SpfTargetMechanism::A => self.addresses(&name, queue),
            SpfTargetMechanism::Mx => self.mx(&name, queue),
            SpfTargetMechanism::Exists => match self.look(&name, RecordType::A, queue) {
                Look::Unasked => SpfTargetStatus::NotAsked,
                Look::Error => SpfTargetStatus::CouldNotCheck,
                Look::NxDomain | Look::NoData => SpfTargetStatus::Void,
                Look::Data | Look::Other => SpfTargetStatus::Found,
            },
        };
        Some(SpfTarget {
            mechanism: kind,
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
    fn addresses(&mut self, name: &str, queue: Option<Queue>) -> SpfTargetStatus {
        let a = self.look(name, RecordType::A, queue);
        match a {
            Look::Data => return SpfTargetStatus::Found,
            Look::NxDomain => return SpfTargetStatus::Void,
            Look::Unasked => return SpfTargetStatus::NotAsked,
            Look::Error | Look::NoData | Look::Other => {}
        }
        let aaaa = self.look(name, RecordType::Aaaa, queue.map(|_| Queue::Then));
        match aaaa {
            Look::Data => SpfTargetStatus::Found,
            Look::Unasked => SpfTargetStatus::NotAsked,
            _ if a == Look::Error || aaaa == Look::Error => SpfTargetStatus::CouldNotCheck,
            Look::NoData | Look::NxDomain if a == Look::NoData => SpfTargetStatus::Void,
            _ => SpfTargetStatus::NoAddress,
        }
    }

    /// An `mx` target: its MX lookup, then its exchangers' addresses.
    fn mx(&mut self, name: &str, queue: Option<Queue>) -> SpfTargetStatus {
        match self.look(name, RecordType::Mx, queue) {
            Look::Unasked => return SpfTargetStatus::NotAsked,
            Look::Error => return SpfTargetStatus::CouldNotCheck,
            Look::NxDomain | Look::NoData => return SpfTargetStatus::Void,
            Look::Other => return SpfTargetStatus::NoAddress,
            Look::Data => {}
        }
        let statuses: Vec<SpfTargetStatus> = exchangers(self.answers, name)
            .iter()
            .map(|host| self.addresses(host, queue.map(|_| Queue::Then)))
            .collect();
        // Found beats everything; an unknown exchanger leaves the target unknown.
        [
            SpfTargetStatus::Found,
            SpfTargetStatus::NotAsked,
            SpfTargetStatus::CouldNotCheck,
        ]
        .into_iter()
        .find(|status| statuses.contains(status))
        .unwrap_or(SpfTargetStatus::NoAddress)
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
