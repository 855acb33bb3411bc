//! The SPF include/redirect tree of a domain, independent of any client address:
//! every record reachable through `include:` and `redirect=`, with the DNS-querying
//! terms each one costs (RFC 7208 §4.6.4) and the void lookups seen.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};
use crate::spf::{self, MacroString, Mechanism, Modifier, TermKind};

/// Nesting beyond this is reported, not followed: the lookup limit of 10 is exceeded
/// long before.
const MAX_DEPTH: usize = 12;

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
    /// DNS-querying terms in this record itself.
    pub lookups: u32,
    /// Those terms in this record and everything below it.
    pub total_lookups: u32,
    /// Includes and the redirect, in record order.
    pub children: Vec<SpfNode>,
}

/// The TXT queries the tree needs next, given the answers so far.
pub(super) fn needed(answers: &Answers, domain: &str) -> Vec<Query> {
    let mut needed = Vec::new();
    let mut seen = BTreeSet::new();
    walk(answers, domain, "root", 0, &mut seen, &mut needed);
    needed
}

/// The tree as far as the answers go.
pub(super) fn build(answers: &Answers, domain: &str) -> SpfNode {
    walk(
        answers,
        domain,
        "root",
        0,
        &mut BTreeSet::new(),
        &mut Vec::new(),
    )
}

fn walk(
    answers: &Answers,
    domain: &str,
    via: &'static str,
    depth: usize,
    path: &mut BTreeSet<String>,
    needed: &mut Vec<Query>,
) -> SpfNode {
    let mut node = SpfNode {
        domain: domain.to_owned(),
        via,
        record: None,
        problem: None,
        lookups: 0,
        total_lookups: 0,
        children: Vec::new(),
    };
    if depth > MAX_DEPTH {
        node.problem = Some("too-deep");
        return node;
    }
    if !path.insert(domain.to_owned()) {
        node.problem = Some("loop");
        return node;
    }
    let query = Query::new(domain, RecordType::Txt);
    let records = match answers.get(&query) {
        None => {
            needed.push(query);
            // In the report: the budget ran out first (the shell answers every
            // question it sent, if only with a timeout).
            node.problem = Some("not-asked");
            path.remove(domain);
            return node;
        }
        Some(Outcome::Records { records }) => records,
        Some(Outcome::NoData { .. } | Outcome::NxDomain { .. }) => {
            node.problem = Some("not-found");
            path.remove(domain);
            return node;
        }
        Some(_) => {
            node.problem = Some("could-not-check");
            path.remove(domain);
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
                let (target, via) = match &term.kind {
                    TermKind::Directive(_, mechanism) => {
                        if mechanism.queries_dns() {
                            node.lookups += 1;
                        }
                        match mechanism {
                            Mechanism::Include(target) => (target, "include"),
                            _ => continue,
                        }
                    }
                    TermKind::Modifier(Modifier::Redirect(target)) => {
                        node.lookups += 1;
                        (target, "redirect")
                    }
                    TermKind::Modifier(_) => continue,
                };
                node.children.push(match literal_domain(target) {
                    Some(child) => walk(answers, &child, via, depth + 1, path, needed),
                    None => SpfNode {
                        domain: target.to_string(),
                        via,
                        record: None,
                        problem: Some("macro"),
                        lookups: 0,
                        total_lookups: 0,
                        children: Vec::new(),
                    },
                });
            }
        }
    }
    node.total_lookups = node.lookups
        + node
            .children
            .iter()
            .map(|child| child.total_lookups)
            .sum::<u32>();
    path.remove(domain);
    node
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
pub(super) fn contains(node: &SpfNode, domain: &str) -> bool {
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
