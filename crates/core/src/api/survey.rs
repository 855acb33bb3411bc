//! `GET /api/survey` and `mailmove check --json`: one shape for both, built here so
//! the two shells cannot drift apart.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogEntry, Detection, Signal};
use crate::dns::Query;
use crate::findings::{Finding, Reviewed, Severity, Topic};
use crate::survey::{
    ClientConfigFact, DnssecFact, ExternalReportFact, NsServersFact, ReadinessStatus, Report,
    SpfNode, SpfProblem, SpfTargetMechanism, SpfTargetStatus, SpfVia,
};
use crate::{Lang, Message, Text};

/// The survey as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyJson {
    /// The domain in A-labels.
    pub domain: String,
    /// The domain in U-labels.
    pub domain_unicode: String,
    /// Findings, most severe first.
    pub findings: Vec<FindingJson>,
    /// The facts behind them.
    pub facts: Facts,
    /// Who runs what.
    pub providers: Providers,
    /// Queries that could not be answered: those parts are unknown, not broken.
    pub could_not_check: Vec<Query>,
    /// Queries the survey still needed but never asked, because it had spent its
    /// budget of `survey::MAX_QUERIES` questions: those parts are unknown too.
    /// Absent from older reports, which never said.
    #[serde(default)]
    pub not_asked: Vec<Query>,
    /// Queries answered.
    pub queries: usize,
    /// Every record answered about the domain's own names, with its TTL.
    #[serde(default)]
    pub records: Vec<crate::dns::Record>,
    /// What is in place for the chosen target; absent when none was chosen.
    #[serde(default)]
    pub readiness: Option<ReadinessJson>,
    /// Where the domain stands in the move and the next step. Absent from older reports.
    #[serde(default)]
    pub stage: Option<super::StageJson>,
    /// Each of `could_not_check` with why it failed. Absent from older reports.
    #[serde(default)]
    pub could_not_check_reasons: Vec<super::CouldNotCheckJson>,
}

/// Readiness for the chosen target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadinessJson {
    /// The target's catalog id.
    pub target: String,
    /// Its name.
    pub name: Message,
    /// The items, in a stable order.
    pub items: Vec<ReadinessItemJson>,
}

/// One readiness item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadinessItemJson {
    /// Stable code (`verification`, `spf-room`, `mx-ttl`, `dmarc`, `dkim`, `dns-host`).
    pub code: String,
    /// `ok`, `todo` or `blocked`.
    pub status: ReadinessStatus,
    /// What it means.
    pub message: Message,
}

/// One finding, with its words in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingJson {
    /// Stable code.
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// `spf`, `dmarc` …
    pub topic: Topic,
    /// The title.
    pub message: Message,
    /// Why it matters.
    pub why: Message,
    /// How to fix it.
    pub fix: Message,
    /// The name the record lives at.
    pub owner: String,
    /// The record.
    pub record: Option<String>,
    /// The problem's bytes in `record`.
    pub span: Option<(usize, usize)>,
    /// RFC reference.
    pub reference: Option<String>,
    /// A corrected record.
    pub fixed_record: Option<String>,
    /// For a migration hazard: the planner step it changes (`stage::step_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_step: Option<crate::plan::StepId>,
}

/// Facts of the survey (see `survey::Report` for their meaning).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// `[preference, host]`, by preference.
    pub mx: Vec<(u16, String)>,
    /// Exchanger addresses by host.
    pub mx_addresses: BTreeMap<String, Vec<IpAddr>>,
    /// TTL of the MX set: the zone's own when an authoritative name server answered
    /// (`mx_ttl_source` `zone`), else what the resolver's cache had left (`resolver`).
    pub mx_ttl: Option<u32>,
    /// Where `mx_ttl` comes from: `zone` or `resolver`; absent without an MX. Absent
    /// from older reports.
    #[serde(default)]
    pub mx_ttl_source: Option<String>,
    /// Null MX (RFC 7505). Its host is `.` in `mx`.
    pub null_mx: bool,
    /// `answering`, `not-found` (NXDOMAIN), `unreachable` (every lookup of the
    /// domain's names failed while its parent zone answered) or `no-answers` (every
    /// lookup failed, the parent's too: nothing is known). Absent from older reports.
    #[serde(default = "answering")]
    pub domain_state: String,
    /// Name servers.
    pub ns: Vec<String>,
    /// SOA serial.
    pub soa_serial: Option<u32>,
    /// Negative-caching TTL (SOA minimum).
    pub negative_ttl: Option<u32>,
    /// SPF.
    pub spf: SpfFacts,
    /// DMARC tags as found (`p`, `rua` …), with `found_at`.
    pub dmarc: Option<BTreeMap<String, String>>,
    /// DKIM selectors found, with key bits.
    pub dkim: Vec<(String, Option<u32>)>,
    /// Every DKIM selector tried, found or not. Absent from older reports.
    #[serde(default)]
    pub dkim_selectors_tried: Vec<String>,
    /// The MTA-STS TXT record.
    pub mta_sts: Option<String>,
    /// The MTA-STS policy file as fetched (`status: fetched` with `body`, or
    /// `status: failed` with `error`); absent when no TXT record announces one.
    #[serde(default)]
    pub mta_sts_policy: Option<crate::mta_sts::PolicyFetch>,
    /// The TLS-RPT record.
    pub tls_rpt: Option<String>,
    /// The BIMI record.
    pub bimi: Option<String>,
    /// DNSSEC: DS at the parent, DNSKEY in the zone, and the verdict.
    #[serde(default)]
    pub dnssec: Option<DnssecFact>,
    /// Records that send mail clients to a server (autodiscover, autoconfig, SRV).
    #[serde(default)]
    pub client_config: Vec<ClientConfigFact>,
    /// External DMARC report addresses and whether they accept the reports.
    #[serde(default)]
    pub dmarc_external_reports: Vec<ExternalReportFact>,
    /// Each authoritative name server asked directly: the SOA serial it serves (or
    /// `lame`, `could-not-check`, `not-asked`), whether they agree, which lag, and
    /// whether they share one network.
    #[serde(default)]
    pub ns_servers: Option<NsServersFact>,
}

/// SPF facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpfFacts {
    /// The record(s) at the domain.
    pub records: Vec<String>,
    /// DNS-querying terms in the whole tree (limit 10).
    pub lookup_count: u32,
    /// Whether `lookup_count` is only a lower bound: part of the tree was not asked,
    /// could not be checked, depends on macros, is too deep, or loops.
    #[serde(default)]
    pub lookup_count_is_minimum: bool,
    /// Void lookups in the whole tree (limit 2): include and redirect targets, and
    /// `a`, `mx` and `exists` targets, whose lookup found nothing (RFC 7208 §4.6.4),
    /// as every receiver meets them.
    pub void_lookup_count: u32,
    /// The include/redirect tree.
    pub tree: SpfNodeJson,
}

/// A node of the SPF tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpfNodeJson {
    /// Domain.
    pub domain: String,
    /// How it was reached.
    pub via: SpfVia,
    /// Its record.
    pub record: Option<String>,
    /// What went wrong at it.
    pub problem: Option<SpfProblem>,
    /// Lookups in this record.
    pub lookups: u32,
    /// Lookups in this branch.
    pub total_lookups: u32,
    /// The targets of this record's `a`, `mx` and `exists` terms, in record order,
    /// with what looking them up found. Absent from older reports.
    #[serde(default)]
    pub targets: Vec<SpfTargetJson>,
    /// Includes and redirect.
    pub children: Vec<SpfNodeJson>,
}

/// The target of an `a`, `mx` or `exists` term.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpfTargetJson {
    /// `a`, `mx` or `exists`.
    pub mechanism: SpfTargetMechanism,
    /// The term as written (`a:old-mx1.example.jp`).
    pub term: String,
    /// The name looked up.
    pub domain: String,
    /// What looking it up found; `void` and `no-address` are dead hosts.
    pub status: SpfTargetStatus,
}

impl SpfTargetJson {
    /// Whether the term can match no sender.
    pub fn is_dead(&self) -> bool {
        matches!(
            self.status,
            SpfTargetStatus::Void | SpfTargetStatus::NoAddress
        )
    }
}

/// Detected providers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Providers {
    /// Mailbox providers (receiving first).
    pub mail: Vec<ProviderJson>,
    /// Secure mail gateways.
    pub gateways: Vec<ProviderJson>,
    /// Sending services in SPF.
    pub senders: Vec<ProviderJson>,
    /// The DNS host (where records are edited).
    pub dns_hosts: Vec<ProviderJson>,
    /// Services the domain is already verified with.
    pub verified_with: Vec<ProviderJson>,
}

/// One detected provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderJson {
    /// Catalog id.
    pub id: String,
    /// Name in both languages.
    pub name: Message,
    /// What pointed at it: `[signal, observed, pattern]`. Signals: `mx`, `spf-include`
    /// (an `include:`/`redirect=` domain anywhere in the SPF tree), `spf-host` (an
    /// `a:`/`mx:` domain anywhere in the tree), `name-server`, `exchanger-address`,
    /// `exchanger-name` (the CNAME target an exchanger's name is an alias for; the
    /// survey asks no PTR), `txt`, `cname-target`.
    pub evidence: Vec<(Signal, String, String)>,
}

fn answering() -> String {
    "answering".to_owned()
}

/// Builds the JSON form of a reviewed report.
pub fn survey_json(reviewed: &Reviewed) -> SurveyJson {
    let report = &reviewed.report;
    SurveyJson {
        domain: report.domain.clone(),
        domain_unicode: report.domain_unicode.clone(),
        findings: reviewed.findings.iter().map(finding_json).collect(),
        facts: facts(report),
        providers: providers(report),
        could_not_check: report.could_not_check.clone(),
        not_asked: report.not_asked.clone(),
        queries: report.queries,
        records: report.records.clone(),
        readiness: report.readiness.as_ref().map(|readiness| ReadinessJson {
            target: readiness.target.clone(),
            name: readiness.name().into(),
            items: readiness
                .items
                .iter()
                .map(|item| ReadinessItemJson {
                    code: item.code.to_owned(),
                    status: item.status,
                    message: message(|lang| item.message(lang)),
                })
                .collect(),
        }),
        stage: Some(super::stage_json(reviewed)),
        could_not_check_reasons: super::could_not_check_reasons(report),
    }
}

fn message(text: impl Fn(Lang) -> String) -> Message {
    Message {
        ja: text(Lang::Ja),
        en: text(Lang::En),
    }
}

fn finding_json(finding: &Finding) -> FindingJson {
    FindingJson {
        code: finding.code.0.to_owned(),
        severity: finding.severity,
        topic: finding.topic,
        message: message(|lang| finding.title(lang)),
        why: message(|lang| finding.why(lang)),
        fix: message(|lang| finding.how_to_fix(lang)),
        owner: finding.subject.owner.clone(),
        record: finding.subject.record.clone(),
        span: finding.span.as_ref().map(|span| (span.start, span.end)),
        reference: finding.reference.map(str::to_owned),
        fixed_record: finding.fix.clone(),
        plan_step: crate::stage::step_of::step_of(finding.code.0),
    }
}

fn facts(report: &Report) -> Facts {
    Facts {
        // The null MX's exchanger is the root, written `.` (RFC 7505 §3).
        mx: report
            .mx
            .iter()
            .map(|host| {
                let name = if host.host.is_empty() {
                    "."
                } else {
                    &host.host
                };
                (host.preference, name.to_owned())
            })
            .collect(),
        mx_addresses: report
            .mx
            .iter()
            .map(|host| (host.host.clone(), host.addresses.clone()))
            .collect(),
        mx_ttl: report.mx_ttl,
        mx_ttl_source: report.mx_ttl.map(|_| {
            if report.mx_ttl_from_zone {
                "zone".to_owned()
            } else {
                "resolver".to_owned()
            }
        }),
        null_mx: report.null_mx,
        domain_state: report.state.tag().to_owned(),
        ns: report.ns.clone(),
        soa_serial: report.soa.map(|(serial, _)| serial),
        negative_ttl: report.soa.map(|(_, minimum)| minimum),
        spf: SpfFacts {
            records: report.spf_records.clone(),
            lookup_count: report.spf_lookup_count,
            lookup_count_is_minimum: report.spf_lookup_count_is_minimum,
            void_lookup_count: report.spf_void_lookup_count,
            tree: node_json(&report.spf_tree),
        },
        dmarc: report.dmarc.as_ref().map(crate::survey::DmarcFact::tags),
        dkim: report
            .dkim
            .iter()
            .map(|fact| (fact.selector.clone(), fact.bits))
            .collect(),
        dkim_selectors_tried: report.dkim_selectors.clone(),
        mta_sts: report.mta_sts.clone(),
        mta_sts_policy: report.mta_sts_policy.clone(),
        tls_rpt: report.tls_rpt.clone(),
        bimi: report.bimi.clone(),
        dnssec: Some(report.dnssec.clone()),
        client_config: report.client_config.clone(),
        dmarc_external_reports: report.dmarc_external_reports.clone(),
        ns_servers: Some(report.ns_servers.clone()),
    }
}

fn node_json(node: &SpfNode) -> SpfNodeJson {
    SpfNodeJson {
        domain: node.domain.clone(),
        via: node.via,
        record: node.record.clone(),
        problem: node.problem,
        lookups: node.lookups,
        total_lookups: node.total_lookups,
        targets: node
            .targets
            .iter()
            .map(|target| SpfTargetJson {
                mechanism: target.mechanism,
                term: target.term.clone(),
                domain: target.domain.clone(),
                status: target.status,
            })
            .collect(),
        children: node.children.iter().map(node_json).collect(),
    }
}

fn providers(report: &Report) -> Providers {
    let found = &report.providers;
    Providers {
        mail: found.mail.iter().map(provider_json).collect(),
        gateways: found.gateways.iter().map(provider_json).collect(),
        senders: found.senders.iter().map(provider_json).collect(),
        dns_hosts: found.dns_hosts.iter().map(provider_json).collect(),
        verified_with: found.verified_with.iter().map(provider_json).collect(),
    }
}

fn provider_json<T: CatalogEntry>(detection: &Detection<T>) -> ProviderJson {
    let name: Text = detection.provider.name();
    ProviderJson {
        id: detection.provider.id().to_owned(),
        name: name.into(),
        evidence: detection
            .evidence
            .iter()
            .map(|evidence| {
                (
                    evidence.signal,
                    evidence.observed.clone(),
                    evidence.pattern.clone(),
                )
            })
            .collect(),
    }
}

#[cfg(test)]
#[path = "survey_tests.rs"]
mod tests;
