//! The rules over a finished survey report: the record-level rules over each set of
//! records the report holds, then the rules that read the whole report, in one list
//! ([`RULES`](super::RULES)); then what the domain's state leaves of them, and the
//! readiness items made to agree with them.
//!
//! The survey gathers facts and knows nothing of rules; this is the one place where
//! the two meet, so the findings depend on the survey and never the other way round.

use serde::Serialize;

use super::{Ctx, Finding, RecordKind, Severity, lint};
use crate::mta_sts::PolicyFetch;
use crate::survey::{DomainState, Report};

/// A survey's facts with what the rules say about them: what the shells print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reviewed {
    /// The facts (with the readiness items made to agree with the findings).
    pub report: Report,
    /// The findings, most severe first, then by code.
    pub findings: Vec<Finding>,
}

/// Runs every rule over `report`.
pub fn review(mut report: Report) -> Reviewed {
    let mut findings = record_findings(&report);
    findings.extend(lint(&Ctx {
        owner: &report.domain,
        kind: RecordKind::Survey,
        records: &[],
        report: Some(&report),
    }));
    crate::sort::sort_by(&mut findings, |a, b| {
        b.severity.cmp(&a.severity).then(a.code.cmp(&b.code))
    });
    settle(&mut report, &mut findings);
    Reviewed { report, findings }
}

/// The record-level rules over every record set of the report, in reading order:
/// SPF at the domain, DMARC where it was found, each DKIM key, MTA-STS, TLS-RPT,
/// BIMI, and the MTA-STS policy file.
fn record_findings(report: &Report) -> Vec<Finding> {
    let domain = report.domain.as_str();
    let mut findings = Vec::new();
    let mut lint_at = |owner: &str, kind: RecordKind, records: &[String]| {
        if !records.is_empty() {
            findings.extend(lint(&Ctx {
                report: None,
                owner,
                kind,
                records,
            }));
        }
    };
    lint_at(domain, RecordKind::Spf, &report.txt);
    if let Some(dmarc) = &report.dmarc {
        lint_at(
            &dmarc.found_at,
            RecordKind::Dmarc,
            report.txt_at(&dmarc.found_at),
        );
    }
    for fact in &report.dkim {
        let owner = format!("{}._domainkey.{domain}", fact.selector);
        lint_at(&owner, RecordKind::DkimKey, report.txt_at(&owner));
    }
    for (prefix, kind) in [
        ("_mta-sts", RecordKind::MtaStsRecord),
        ("_smtp._tls", RecordKind::TlsRpt),
        ("default._bimi", RecordKind::Bimi),
    ] {
        let owner = format!("{prefix}.{domain}");
        lint_at(&owner, kind, report.txt_at(&owner));
    }
    if let Some(PolicyFetch::Fetched { body, .. }) = &report.mta_sts_policy {
        lint_at(
            &format!("mta-sts.{domain}"),
            RecordKind::MtaStsPolicy,
            std::slice::from_ref(body),
        );
    }
    findings
}

/// What the domain's state leaves of the findings and readiness. A domain that does
/// not exist, or whose name servers all fail, gets the one finding that says so:
/// every other finding would follow from it ("no MX" of a name that is not there)
/// or judge records nobody could read. And no readiness item is ok while a finding
/// of its topic is an error, or while the domain itself cannot be read.
fn settle(report: &mut Report, findings: &mut Vec<Finding>) {
    let only = match report.state {
        DomainState::Answering => None,
        DomainState::NotFound => Some("domain-not-found"),
        DomainState::Unreachable => Some("dns-zone-unreachable"),
        DomainState::NoAnswers => Some("dns-could-not-check"),
    };
    if let Some(code) = only {
        findings.retain(|finding| finding.code.0 == code);
    }
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    let state = report.state;
    if let Some(readiness) = report.readiness.as_mut() {
        super::readiness::settle(readiness, state, &errors);
    }
}
