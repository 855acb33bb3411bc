//! `check_host()` (RFC 7208 §4), sans-IO.
//!
//! The evaluator never does I/O. [`CheckHost::step`] runs the whole evaluation over the
//! answers gathered so far; when it reaches a query it has no answer for, it stops and
//! asks for it (with the other queries it can already tell it will need). The shell
//! resolves them, adds the outcomes and calls `step` again, until it gets
//! [`Progress::Done`]. Replaying is cheap (a few dozen terms at most), and it keeps
//! the evaluator a plain function of its inputs.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

mod names;

use super::addresses::{
    address_type, any_address_matches, in_network, is_same_or_subdomain, is_valid_domain,
    ptr_names, reverse_query,
};
use super::{Mechanism, Qualifier, SpfRecord, TermKind, is_spf_record, parse};
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// RFC 7208 §4.6.4: at most 10 mechanisms and modifiers that query DNS.
pub const MAX_DNS_TERMS: u32 = 10;
/// RFC 7208 §4.6.4: at most 2 lookups that return no answer (NXDOMAIN or NODATA).
pub const MAX_VOID_LOOKUPS: u32 = 2;
/// RFC 7208 §4.6.4: an `mx` with more than 10 exchangers is a permerror; `ptr` and
/// `%{p}` look at the first 10 names only.
const MAX_NAMES: usize = 10;
/// Include/redirect nesting can only be this deep before the term limit hits; the
/// bound also keeps a loop from recursing without end.
const MAX_DEPTH: u32 = MAX_DNS_TERMS + 1;

pub use super::outcome::{Progress, SpfOutcome, SpfResult, TraceStep};

/// The inputs of `check_host(<ip>, <domain>, <sender>)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckHost {
    /// The SMTP client's address.
    pub ip: IpAddr,
    /// The domain to check: the sender's domain, or the HELO name when MAIL FROM is empty.
    pub domain: String,
    /// The local-part of the sender (`postmaster` when there is none).
    pub local: String,
    /// The sender's domain (for `%{o}`).
    pub sender_domain: String,
    /// The HELO/EHLO name.
    pub helo: String,
    /// The receiving host, for `%{r}` in explanations.
    pub receiver: String,
    /// Seconds since the epoch, for `%{t}` in explanations (core has no clock).
    pub timestamp: u64,
}

impl CheckHost {
    /// The check for a message from `mail_from` (may be empty: a bounce) sent by `ip`
    /// after `HELO helo` (RFC 7208 §2.4: an empty MAIL FROM checks `postmaster@helo`).
    pub fn new(ip: IpAddr, mail_from: &str, helo: &str) -> CheckHost {
        // RFC 7208 §5: an IPv4-mapped IPv6 client is an IPv4 client.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            IpAddr::V4(_) => ip,
        };
        let (local, domain) = match mail_from.rsplit_once('@') {
            Some((local, domain)) => (local, domain),
            None if mail_from.is_empty() => ("", helo),
            None => ("", mail_from),
        };
        let local = if local.is_empty() {
            "postmaster"
        } else {
            local
        };
        CheckHost {
            ip,
            domain: domain.to_owned(),
            local: local.to_owned(),
            sender_domain: domain.to_owned(),
            helo: helo.to_owned(),
            receiver: "unknown".to_owned(),
            timestamp: 0,
        }
    }

    /// Evaluates as far as `answers` allow.
    pub fn step(&self, answers: &Answers) -> Progress {
        let mut eval = Eval {
            params: self,
            answers,
            lookups: 0,
            voids: 0,
            trace: Vec::new(),
            prefetch: Vec::new(),
        };
        let (result, explanation) = match eval.check_host(&self.domain, 0) {
            Ok(done) => done,
            Err(Stop::Need(queries)) => return Progress::Need(queries),
            Err(Stop::Result(result)) => (result, None),
        };
        Progress::Done(SpfOutcome {
            result,
            explanation,
            lookups: eval.lookups,
            void_lookups: eval.voids,
            trace: eval.trace,
        })
    }
}

/// Why evaluation stopped early.
enum Stop {
    /// An answer is missing.
    Need(Vec<Query>),
    /// A temperror or permerror ends everything.
    Result(SpfResult),
}

type Flow<T> = Result<T, Stop>;

struct Eval<'a> {
    params: &'a CheckHost,
    answers: &'a Answers,
    lookups: u32,
    voids: u32,
    trace: Vec<TraceStep>,
    /// Queries the records read so far will probably need (their macro-free targets):
    /// asked together with the first missing answer, so that a shell resolving every
    /// wanted query at once needs one round trip per level of the include tree, not
    /// one per term. Limits are unaffected: they count terms evaluated on replay.
    prefetch: Vec<Query>,
}

/// At most this many prefetched queries ride along with one request for answers.
const MAX_PREFETCH: usize = 20;

/// What one lookup found, with failures folded in.
enum Found<'a> {
    Records(&'a [crate::dns::Record]),
    Void,
    Error,
}

impl<'a> Eval<'a> {
    fn note(&mut self, domain: &str, event: String) {
        self.trace.push(TraceStep {
            domain: domain.to_owned(),
            event,
        });
    }

    fn answer(&self, query: Query) -> Flow<Found<'a>> {
        match self.answers.get(&query) {
            None => {
                let mut needed = vec![query];
                for extra in &self.prefetch {
                    if needed.len() > MAX_PREFETCH {
                        break;
                    }
                    if !self.answers.contains_key(extra) && !needed.contains(extra) {
                        needed.push(extra.clone());
                    }
                }
                Err(Stop::Need(needed))
            }
            Some(Outcome::Records { records }) => Ok(Found::Records(records)),
            Some(Outcome::NoData { .. } | Outcome::NxDomain { .. }) => Ok(Found::Void),
            Some(Outcome::ServFail | Outcome::Timeout | Outcome::Refused | Outcome::NotAsked) => {
                Ok(Found::Error)
            }
        }
    }

    /// The answer to `query`, or: every query of `prefetch` still unanswered.
    fn answer_or_prefetch(&self, query: &Query, prefetch: &[Query]) -> Flow<Found<'a>> {
        match self.answer(query.clone()) {
            Err(Stop::Need(_)) => {
                let missing = prefetch
                    .iter()
                    .filter(|q| !self.answers.contains_key(q))
                    .cloned()
                    .collect();
                Err(Stop::Need(missing))
            }
            other => other,
        }
    }

    fn void(&mut self, domain: &str, what: &str) -> Flow<()> {
        self.voids += 1;
        self.note(domain, format!("{what}: void lookup {}", self.voids));
        if self.voids > MAX_VOID_LOOKUPS {
            self.note(domain, format!("more than {MAX_VOID_LOOKUPS} void lookups"));
            return Err(Stop::Result(SpfResult::PermError));
        }
        Ok(())
    }

    fn count_lookup(&mut self, domain: &str) -> Flow<()> {
        self.lookups += 1;
        if self.lookups > MAX_DNS_TERMS {
            self.note(
                domain,
                format!("more than {MAX_DNS_TERMS} DNS-querying terms"),
            );
            return Err(Stop::Result(SpfResult::PermError));
        }
        Ok(())
    }

    fn check_host(&mut self, domain: &str, depth: u32) -> Flow<(SpfResult, Option<String>)> {
        let domain = domain
            .strip_suffix('.')
            .unwrap_or(domain)
            .to_ascii_lowercase();
        if !is_valid_domain(&domain) {
            self.note(&domain, "not a valid domain: none".into());
            return Ok((SpfResult::None, None));
        }
        if depth > MAX_DEPTH {
            return Err(Stop::Result(SpfResult::PermError));
        }
        let records = match self.answer(Query::new(&domain, RecordType::Txt))? {
            Found::Error => return Err(Stop::Result(SpfResult::TempError)),
            Found::Void => return Ok((SpfResult::None, None)),
            Found::Records(records) => records,
        };
        let spf: Vec<String> = records
            .iter()
            .filter_map(|record| match &record.data {
                // RFC 7208 §3.3: the character-strings are joined without spaces.
                RecordData::Txt { strings } => Some(strings.concat()),
                _ => None,
            })
            .filter(|text| is_spf_record(text))
            .collect();
        let text = match spf.as_slice() {
            [] => return Ok((SpfResult::None, None)),
            [one] => one,
            _ => {
                self.note(&domain, format!("{} SPF records", spf.len()));
                return Err(Stop::Result(SpfResult::PermError));
            }
        };
        self.note(&domain, format!("record {text}"));
        let (record, issues) = parse(text);
        if let Some(issue) = issues.first() {
            self.note(
                &domain,
                format!("syntax error at {:?}: {:?}", issue.span, issue.kind),
            );
            return Err(Stop::Result(SpfResult::PermError));
        }
        self.plan_prefetch(&record, &domain);
        self.evaluate(&record, &domain, depth)
    }

    /// Adds the record's macro-free targets to the prefetch list.
    fn plan_prefetch(&mut self, record: &SpfRecord, domain: &str) {
        let address = address_type(self.params.ip);
        for term in &record.terms {
            let (target, rtype) = match &term.kind {
                TermKind::Directive(_, Mechanism::Include(target)) => {
                    (Some(target), RecordType::Txt)
                }
                TermKind::Directive(_, Mechanism::A(target, _)) => (target.as_ref(), address),
                TermKind::Directive(_, Mechanism::Mx(target, _)) => {
                    (target.as_ref(), RecordType::Mx)
                }
                TermKind::Directive(_, Mechanism::Exists(target)) => (Some(target), RecordType::A),
                TermKind::Modifier(super::Modifier::Redirect(target)) => {
                    (Some(target), RecordType::Txt)
                }
                _ => continue,
            };
            let name = match target {
                None => domain.to_owned(),
                Some(spec) => match spec.parts.as_slice() {
                    [super::MacroPart::Literal(text)] => {
                        text.trim_end_matches('.').to_ascii_lowercase()
                    }
                    _ => continue,
                },
            };
            if is_valid_domain(&name) {
                self.prefetch.push(Query::new(&name, rtype));
            }
        }
    }

    fn evaluate(
        &mut self,
        record: &SpfRecord,
        domain: &str,
        depth: u32,
    ) -> Flow<(SpfResult, Option<String>)> {
        for (_, qualifier, mechanism) in record.directives() {
            if mechanism.queries_dns() {
                self.count_lookup(domain)?;
            }
            let matched = self.mechanism_matches(mechanism, domain, depth)?;
            self.note(
                domain,
                format!(
                    "{mechanism}: {}",
                    if matched { "match" } else { "no match" }
                ),
            );
            if matched {
                let result = match qualifier {
                    Qualifier::Pass => SpfResult::Pass,
                    Qualifier::Fail => SpfResult::Fail,
                    Qualifier::SoftFail => SpfResult::SoftFail,
                    Qualifier::Neutral => SpfResult::Neutral,
                };
                let explanation = match (result, record.exp()) {
                    (SpfResult::Fail, Some(exp)) => self.explanation(exp, domain)?,
                    _ => None,
                };
                return Ok((result, explanation));
            }
        }
        if let Some(target) = record.redirect() {
            self.count_lookup(domain)?;
            let target = self.expand_domain(target, domain)?;
            self.note(domain, format!("redirect={target}"));
            return match self.check_host(&target, depth + 1)? {
                (SpfResult::None, _) => Err(Stop::Result(SpfResult::PermError)),
                done => Ok(done),
            };
        }
        Ok((SpfResult::Neutral, None))
    }

    fn mechanism_matches(&mut self, mechanism: &Mechanism, domain: &str, depth: u32) -> Flow<bool> {
        let ip = self.params.ip;
        match mechanism {
            Mechanism::All => Ok(true),
            Mechanism::Ip4(net, prefix) => {
                Ok(in_network(ip, IpAddr::V4(*net), prefix.unwrap_or(32)))
            }
            Mechanism::Ip6(net, prefix) => {
                Ok(in_network(ip, IpAddr::V6(*net), prefix.unwrap_or(128)))
            }
            Mechanism::Include(spec) => {
                let target = self.expand_domain(spec, domain)?;
                match self.check_host(&target, depth + 1)?.0 {
                    SpfResult::Pass => Ok(true),
                    SpfResult::Fail | SpfResult::SoftFail | SpfResult::Neutral => Ok(false),
                    SpfResult::TempError => Err(Stop::Result(SpfResult::TempError)),
                    SpfResult::PermError | SpfResult::None => {
                        Err(Stop::Result(SpfResult::PermError))
                    }
                }
            }
            Mechanism::A(spec, cidr) => {
                let target = self.target(spec.as_ref(), domain)?;
                match self.answer(Query::new(&target, address_type(ip)))? {
                    Found::Error => Err(Stop::Result(SpfResult::TempError)),
                    Found::Void => self.void(domain, "a").map(|()| false),
                    Found::Records(records) => Ok(any_address_matches(records, ip, *cidr)),
                }
            }
            Mechanism::Mx(spec, cidr) => {
                let target = self.target(spec.as_ref(), domain)?;
                let records = match self.answer(Query::new(&target, RecordType::Mx))? {
                    Found::Error => return Err(Stop::Result(SpfResult::TempError)),
                    Found::Void => return self.void(domain, "mx").map(|()| false),
                    Found::Records(records) => records,
                };
                let hosts: Vec<&str> = records
                    .iter()
                    .filter_map(|record| match &record.data {
                        RecordData::Mx { exchange, .. } if !exchange.is_empty() => {
                            Some(exchange.as_str())
                        }
                        _ => None,
                    })
                    .collect();
                if hosts.len() > MAX_NAMES {
                    self.note(
                        domain,
                        format!("mx: {} exchangers, more than {MAX_NAMES}", hosts.len()),
                    );
                    return Err(Stop::Result(SpfResult::PermError));
                }
                let queries: Vec<Query> = hosts
                    .iter()
                    .map(|host| Query::new(host, address_type(ip)))
                    .collect();
                for (idx, query) in queries.iter().enumerate() {
                    match self.answer_or_prefetch(query, &queries[idx..])? {
                        Found::Error => return Err(Stop::Result(SpfResult::TempError)),
                        Found::Void => {}
                        Found::Records(records) => {
                            if any_address_matches(records, ip, *cidr) {
                                return Ok(true);
                            }
                        }
                    }
                }
                Ok(false)
            }
            Mechanism::Ptr(spec) => {
                let target = self.target(spec.as_ref(), domain)?;
                let names = match self.answer(reverse_query(ip))? {
                    // RFC 7208 §5.5: a DNS error makes the mechanism fail to match.
                    Found::Error => return Ok(false),
                    Found::Void => return self.void(domain, "ptr").map(|()| false),
                    Found::Records(records) => ptr_names(records),
                };
                let validated = self.validated_names(&names)?;
                Ok(validated
                    .iter()
                    .any(|name| is_same_or_subdomain(name, &target)))
            }
            Mechanism::Exists(spec) => {
                let target = self.expand_domain(spec, domain)?;
                // RFC 7208 §5.7: always an A query, whatever the client's address family.
                match self.answer(Query::new(&target, RecordType::A))? {
                    Found::Error => Err(Stop::Result(SpfResult::TempError)),
                    Found::Void => self.void(domain, "exists").map(|()| false),
                    Found::Records(_) => Ok(true),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
