//! The domain survey, sans-IO: what to ask about a domain's mail DNS, and what the
//! answers say.
//!
//! [`Survey::wanted`] lists the queries the survey still needs; [`Survey::answer`]
//! feeds one outcome; [`Survey::report`] builds the facts from whatever has arrived.
//! Follow-up queries (exchanger and name-server addresses, each name server's own
//! SOA, SPF include and redirect targets, the DMARC organisational-domain fallback)
//! become wanted as soon as the answer they depend on arrives, so a shell that issues
//! every wanted query at once finishes in about (dependency depth × round trip).
//!
//! **Invariant:** the survey never wants more than [`MAX_QUERIES`] queries, whatever
//! the zone data does (include loops, 1,000-way fan-out): [`Survey::wanted`] is empty
//! once the budget is spent, and the report says which parts could not be checked
//! (`Report::not_asked`, the SPF tree's `not-asked` records, `survey-budget-exhausted`).

#[cfg(test)]
mod budget_tests;
mod client_config;
#[cfg(test)]
mod client_config_tests;
mod delegation;
mod dmarc_reports;
#[cfg(test)]
mod dmarc_reports_tests;
mod dnssec;
#[cfg(test)]
mod dnssec_tests;
mod facts;
mod hosting;
mod ns;
#[cfg(test)]
mod ns_tests;
pub(crate) mod providers;
#[cfg(test)]
mod providers_tests;
mod readiness;
#[cfg(test)]
pub(crate) mod readiness_tests;
pub(crate) mod report;
#[cfg(test)]
mod spf_targets_tests;
pub(crate) mod spf_tree;
mod state;
#[cfg(test)]
mod state_tests;
mod tasks;
#[cfg(test)]
mod tasks_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use client_config::ClientConfigFact;
pub use dmarc_reports::{ExternalReportFact, MAX_REPORT_DOMAINS, ReportAuthorisation};
pub use dnssec::{DnssecFact, DnssecStatus, Presence};
pub use hosting::{HostingFacts, MAX_TLSA_HOSTS, TlsaFact, WebsiteFact};
pub(crate) use ns::targets as ns_targets;
pub use ns::{MAX_DIRECT_QUERIES, NsSerialStatus, NsServer, NsServerState, NsServersFact};
pub use providers::DetectedProviders;
pub(crate) use readiness::COULD_NOT_CHECK as READINESS_COULD_NOT_CHECK;
pub use readiness::{Readiness, ReadinessItem, ReadinessStatus};
pub use report::{DkimFact, DmarcFact, MxHost, Report};
pub use spf_tree::{SpfNode, SpfProblem, SpfTarget, SpfTargetMechanism, SpfTargetStatus, SpfVia};
pub use state::{DomainState, Failure};
pub use tasks::{Finished, Task};

use crate::DomainName;
use crate::catalog::{CatalogEntry as _, MailProvider};
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// A survey asks at most this many queries.
pub const MAX_QUERIES: usize = 100;
/// At most this many exchangers and name servers get their addresses looked up.
const MAX_HOSTS: usize = 10;

/// Of the budget, this much is held back from the fan-outs that other zones' data
/// drives (the SPF tree, DMARC report destinations, the target's include) until the
/// domain's own records and their follow-ups are all in. Without it a fast SPF answer
/// with hundreds of includes could spend the whole budget before the MX answer even
/// says which exchanger addresses to ask, so what got asked would depend on which
/// answer came first.
///
/// It is exactly what the follow-ups can need: A and AAAA for at most `MAX_HOSTS`
/// exchangers and `MAX_HOSTS` name servers, each name server's own SOA, and the
/// DMARC fallback, the MX asked directly of the first authoritative servers for
/// the zone's TTL, and, when the domain's own NS lookup failed, its delegation at
/// the parent zone (`delegation`). (The first-round queries, DKIM selectors and the
/// website's addresses included, are handed out before any answer, so they need no
/// reserve.)
const OWN_RESERVE: usize = 2 * 2 * MAX_HOSTS
    + ns::MAX_DIRECT_QUERIES
    + ns::MX_DIRECT_QUERIES
    + 1
    + delegation::MAX_QUERIES;
const _: () = assert!(OWN_RESERVE < MAX_QUERIES);
/// DKIM selectors tried on every domain, besides the providers' and the user's.
pub const COMMON_SELECTORS: [&str; 8] = [
    "default",
    "selector1",
    "selector2",
    "google",
    "k1",
    "s1",
    "s2",
    "dkim",
];

/// What the user asked for besides the domain.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyOptions {
    /// DKIM selectors the user typed.
    pub selectors: Vec<String>,
    /// The provider the domain is moving to (a catalog id), if chosen.
    pub target: Option<String>,
    /// The domain as the user typed it (an address, a URL, an IDN …), for messages
    /// that must repeat it, such as "this domain does not exist".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<String>,
}

/// A survey in progress.
#[derive(Clone, Debug)]
pub struct Survey {
    domain: DomainName,
    options: SurveyOptions,
    answers: Answers,
    /// Queries handed out by `wanted` and not answered yet.
    pending: BTreeSet<Query>,
    /// The MTA-STS policy file: not wanted yet, handed out, or fetched.
    policy: PolicyState,
    /// DNS questions handed out so far.
    asked: usize,
    /// DNS answers fed so far.
    answered: usize,
}

/// Where the MTA-STS policy fetch stands.
#[derive(Clone, Debug, Default)]
enum PolicyState {
    #[default]
    NotWanted,
    Pending,
    Done(crate::mta_sts::PolicyFetch),
}

impl Survey {
    /// A survey of `domain`.
    pub fn new(domain: DomainName, options: SurveyOptions) -> Survey {
        Survey {
            domain,
            options,
            answers: Answers::new(),
            pending: BTreeSet::new(),
            policy: PolicyState::NotWanted,
            asked: 0,
            answered: 0,
        }
    }

    /// The MTA-STS policy URL to fetch now, once: as soon as `_mta-sts.<domain>`
    /// holds an MTA-STS record (RFC 8461 §3.3: a sender fetches the policy only then).
    /// Calling it marks the fetch as handed out; feed the result to
    /// [`Survey::answer_policy`].
    pub fn wanted_policy(&mut self) -> Option<String> {
        if !matches!(self.policy, PolicyState::NotWanted) || !self.announces_policy() {
            return None;
        }
        self.policy = PolicyState::Pending;
        Some(crate::mta_sts::policy_url(self.domain.as_str()))
    }

    /// Feeds the outcome of the policy fetch.
    pub fn answer_policy(&mut self, fetch: crate::mta_sts::PolicyFetch) {
        self.policy = PolicyState::Done(fetch);
    }

    /// The policy fetch's outcome, once fed.
    pub fn policy(&self) -> Option<&crate::mta_sts::PolicyFetch> {
        match &self.policy {
            PolicyState::Done(fetch) => Some(fetch),
            _ => None,
        }
    }

    /// Whether `_mta-sts.<domain>` has an MTA-STS record.
    fn announces_policy(&self) -> bool {
        let query = Query::new(&format!("_mta-sts.{}", self.domain), RecordType::Txt);
        match self.answers.get(&query) {
            Some(Outcome::Records { records }) => records.iter().any(|record| match &record.data {
                RecordData::Txt { strings } => crate::mta_sts::is_mta_sts_record(&strings.concat()),
                _ => false,
            }),
            _ => false,
        }
    }

    /// The domain surveyed.
    pub fn domain(&self) -> &DomainName {
        &self.domain
    }

    /// Queries to ask now: everything the answers so far make necessary, minus what
    /// is answered or already handed out, within the budget. Calling it marks them
    /// as handed out.
    ///
    /// The domain's own records come first; the fan-outs get what they leave, and
    /// [`OWN_RESERVE`] of the budget only once the own records are all answered. So
    /// the domain's own records and their follow-ups are asked whichever answer
    /// arrives first. (Within the SPF tree, branches still share what is left in the
    /// order they are answered.)
    pub fn wanted(&mut self) -> Vec<Query> {
        let own = self.needed_own();
        let own_settled = own.iter().all(|query| self.answers.contains_key(query));
        let mut wanted = Vec::new();
        self.hand_out(own, MAX_QUERIES, &mut wanted);
        let fan_out_limit = if own_settled {
            MAX_QUERIES
        } else {
            MAX_QUERIES - OWN_RESERVE
        };
        self.hand_out(self.needed_fan_out(), fan_out_limit, &mut wanted);
        wanted
    }

    /// Moves the queries of `needed` not yet answered or out into `wanted`, while
    /// fewer than `limit` are answered or out.
    fn hand_out(&mut self, needed: Vec<Query>, limit: usize, wanted: &mut Vec<Query>) {
        for query in needed {
            if self.answers.len() + self.pending.len() >= limit {
                break;
            }
            if !self.answers.contains_key(&query) && self.pending.insert(query.clone()) {
                self.asked += 1;
                wanted.push(query);
            }
        }
    }

    /// Feeds the outcome of one query.
    pub fn answer(&mut self, query: Query, outcome: Outcome) {
        self.answered += 1;
        self.pending.remove(&query);
        self.answers.insert(query, outcome);
    }

    /// Whether every needed query has been answered (or the budget is spent).
    pub fn is_done(&self) -> bool {
        let policy_done = match self.policy {
            PolicyState::Pending => false,
            PolicyState::NotWanted => !self.announces_policy(),
            PolicyState::Done(_) => true,
        };
        policy_done
            && self.pending.is_empty()
            && (self.answers.len() >= MAX_QUERIES
                || self
                    .needed()
                    .iter()
                    .all(|query| self.answers.contains_key(query)))
    }

    /// The facts gathered so far.
    pub fn report(&self) -> Report {
        report::build(self)
    }

    /// Every query the current answers make necessary, in a stable order: the
    /// domain's own records first, then follow-ups.
    fn needed(&self) -> Vec<Query> {
        let mut needed = self.needed_own();
        needed.extend(self.needed_fan_out());
        needed
    }

    /// The domain's own records and their follow-ups: a bounded set (at most
    /// `MAX_HOSTS` exchangers and name servers).
    fn needed_own(&self) -> Vec<Query> {
        let domain = self.domain.as_str();
        let mut needed: Vec<Query> = [
            (domain.to_owned(), RecordType::Ns),
            (domain.to_owned(), RecordType::Soa),
            (domain.to_owned(), RecordType::Mx),
            (domain.to_owned(), RecordType::Txt),
            (format!("_dmarc.{domain}"), RecordType::Txt),
            (format!("_mta-sts.{domain}"), RecordType::Txt),
            (format!("_smtp._tls.{domain}"), RecordType::Txt),
            (format!("default._bimi.{domain}"), RecordType::Txt),
            // The parent answers DS, the zone DNSKEY: together, whether DNSSEC is on.
            (domain.to_owned(), RecordType::Ds),
            (domain.to_owned(), RecordType::Dnskey),
        ]
        .into_iter()
        .map(|(name, rtype)| Query::new(&name, rtype))
        .chain(client_config::queries(domain))
        .chain(hosting::website_queries(domain))
        .collect();
        for selector in self.selectors() {
            needed.push(Query::new(
                &format!("{selector}._domainkey.{domain}"),
                RecordType::Txt,
            ));
        }
        for host in self
            .hosts(RecordType::Mx)
            .into_iter()
            .chain(self.hosts(RecordType::Ns))
        {
            needed.push(Query::new(&host, RecordType::A));
            needed.push(Query::new(&host, RecordType::Aaaa));
        }
        // Each authoritative server's own SOA, once their addresses are known.
        needed.extend(ns::needed(
            &self.answers,
            domain,
            &self.hosts(RecordType::Ns),
        ));
        if let Some(fallback) = self.dmarc_fallback() {
            needed.push(Query::new(&format!("_dmarc.{fallback}"), RecordType::Txt));
        }
        needed.extend(delegation::needed(&self.answers, domain));
        needed
    }

    /// What other zones' data drives: the SPF tree, the DMARC report destinations,
    /// the target's include, the SPF tree's `a`, `mx` and `exists` targets, and the
    /// own exchangers' TLSA sets.
    /// Unbounded but for the budget.
    fn needed_fan_out(&self) -> Vec<Query> {
        let domain = self.domain.as_str();
        let mut needed = spf_tree::needed(&self.answers, domain);
        needed.extend(dmarc_reports::needed(&self.answers, &self.domain));
        // The target's SPF include, to know what adding it costs (see `readiness`).
        if let Some(include) = readiness::spf_include(self.options.target.as_deref()) {
            needed.extend(spf_tree::needed(&self.answers, include));
        }
        // The SPF tree's `a`, `mx` and `exists` targets, for dead hosts and void
        // lookups: last, and bounded (`spf_tree::MAX_TARGET_NAMES`).
        needed.extend(spf_tree::needed_targets(&self.answers, domain));
        // DANE of the domain's own exchangers, for the migration hazards: last, and
        // bounded (`hosting::MAX_TLSA_HOSTS`), so it never delays the mail records.
        needed.extend(hosting::tlsa_queries(domain, &self.hosts(RecordType::Mx)));
        needed
    }

    /// DKIM selectors to try: the user's, the target's and the detected providers'
    /// fixed ones, and the common list; each once.
    pub fn selectors(&self) -> Vec<String> {
        let mut selectors: Vec<String> = self
            .options
            .selectors
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect();
        let target = self.options.target.as_deref().and_then(MailProvider::find);
        for provider in target.into_iter() {
            if let Some(dkim) = &provider.dkim {
                selectors.extend(dkim.selectors.iter().map(|s| (*s).to_owned()));
            }
        }
        selectors.extend(COMMON_SELECTORS.iter().map(|s| (*s).to_owned()));
        let mut seen = BTreeSet::new();
        selectors.retain(|selector| is_selector(selector) && seen.insert(selector.clone()));
        selectors
    }

    /// The exchanger or name-server host names answered so far (at most `MAX_HOSTS`).
    fn hosts(&self, rtype: RecordType) -> Vec<String> {
        let query = Query::new(self.domain.as_str(), rtype);
        let Some(Outcome::Records { records }) = self.answers.get(&query) else {
            return Vec::new();
        };
        let mut hosts: Vec<String> = records
            .iter()
            .filter_map(|record| match &record.data {
                RecordData::Mx { exchange, .. } if !exchange.is_empty() => Some(exchange.clone()),
                RecordData::Ns { host } => Some(host.clone()),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut hosts);
        hosts.dedup();
        hosts.truncate(MAX_HOSTS);
        hosts
    }

    /// The organisational domain, when `_dmarc.<domain>` has no record and the domain
    /// is not its own organisational domain (RFC 7489 §6.6.3).
    fn dmarc_fallback(&self) -> Option<DomainName> {
        let org = self.domain.organizational_domain();
        if org == self.domain {
            return None;
        }
        let own = Query::new(&format!("_dmarc.{}", self.domain), RecordType::Txt);
        match self.answers.get(&own)? {
            Outcome::NoData { .. } | Outcome::NxDomain { .. } => Some(org),
            Outcome::Records { records } => {
                let any_dmarc = records.iter().any(|record| match &record.data {
                    RecordData::Txt { strings } => crate::dmarc::is_dmarc_record(&strings.concat()),
                    _ => false,
                });
                (!any_dmarc).then_some(org)
            }
            _ => None,
        }
    }

    pub(crate) fn answers(&self) -> &Answers {
        &self.answers
    }
}

/// A selector is one or more labels of letters, digits, `-` and `_`.
fn is_selector(selector: &str) -> bool {
    !selector.is_empty()
        && selector.len() <= 63
        && selector.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        })
}
