//! The one body of the ten `*-syntax-error` and `*-record-warning` rules of the
//! tag-list records (MTA-STS, TLS-RPT, BIMI, DKIM, DMARC): parse each record, pick its
//! errors or its warnings, and report each with its span and the problem in words.
//! Each rule keeps its own words (`describe`); what counts as an error is the parser's.

use super::Rule;
use crate::bimi::BimiIssue;
use crate::dkim::DkimIssue;
use crate::dmarc::DmarcIssue;
use crate::findings::{Ctx, Finding};
use crate::mta_sts::MtaStsIssue;
use crate::parse_issue::ParseIssue;
use crate::tls_rpt::TlsRptIssue;

/// A tag-list parser's issue, as these rules read it.
pub(super) trait RecordIssue: PartialEq + Sized {
    /// The issues of one record.
    fn parse(text: &str) -> Vec<ParseIssue<Self>>;
    /// The records of the set that are meant as this kind.
    fn records<'a>(ctx: &Ctx<'a>) -> Vec<&'a String>;
    /// Whether receivers discard the record, or the part the issue is in.
    fn is_error(&self) -> bool;
    /// A required tag that is missing. It flags the whole record, so a warning at the
    /// same bytes (`P=` for `p=`, the very cause) is still reported.
    fn is_missing_tag(&self) -> bool;
    /// A warning a rule of its own reports (`dmarc-unknown-tag`).
    fn has_own_rule(&self) -> bool {
        false
    }
}

/// Which of a record's issues a rule reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    /// Those receivers discard the record (or part of it) for.
    Errors,
    /// Those receivers tolerate, unless an error flags the same bytes.
    Warnings,
}

/// Reports every error of the records, with `describe`'s words (given the issue and
/// the bytes it flags) as `{problem}`.
pub(super) fn errors<I: RecordIssue>(
    acc: &mut Vec<Finding>,
    ctx: &Ctx<'_>,
    rule: &Rule,
    describe: fn(&I, &str) -> String,
) {
    report(acc, ctx, rule, Pick::Errors, describe);
}

/// Reports every warning of the records that no error covers, with `describe`'s words.
pub(super) fn warnings<I: RecordIssue>(
    acc: &mut Vec<Finding>,
    ctx: &Ctx<'_>,
    rule: &Rule,
    describe: fn(&I, &str) -> String,
) {
    report(acc, ctx, rule, Pick::Warnings, describe);
}

fn report<I: RecordIssue>(
    acc: &mut Vec<Finding>,
    ctx: &Ctx<'_>,
    rule: &Rule,
    pick: Pick,
    describe: fn(&I, &str) -> String,
) {
    for record in I::records(ctx) {
        let issues = I::parse(record);
        for issue in issues.iter().filter(|issue| picked(issue, &issues, pick)) {
            acc.push(
                Finding::new(rule, ctx.owner, Some(record))
                    .span(issue.span.clone())
                    .param(
                        "problem",
                        describe(&issue.kind, &record[issue.span.clone()]),
                    ),
            );
        }
    }
}

fn picked<I: RecordIssue>(issue: &ParseIssue<I>, issues: &[ParseIssue<I>], pick: Pick) -> bool {
    match pick {
        Pick::Errors => issue.kind.is_error(),
        Pick::Warnings => {
            !issue.kind.is_error()
                && !issue.kind.has_own_rule()
                && !issues.iter().any(|other| {
                    other.span == issue.span
                        && other.kind.is_error()
                        && !other.kind.is_missing_tag()
                })
        }
    }
}

impl RecordIssue for MtaStsIssue {
    fn parse(text: &str) -> Vec<ParseIssue<Self>> {
        crate::mta_sts::parse(text).1
    }
    fn records<'a>(ctx: &Ctx<'a>) -> Vec<&'a String> {
        ctx.versioned_records().collect()
    }
    fn is_error(&self) -> bool {
        MtaStsIssue::is_error(self)
    }
    fn is_missing_tag(&self) -> bool {
        *self == MtaStsIssue::MissingId
    }
}

impl RecordIssue for TlsRptIssue {
    fn parse(text: &str) -> Vec<ParseIssue<Self>> {
        crate::tls_rpt::parse(text).1
    }
    fn records<'a>(ctx: &Ctx<'a>) -> Vec<&'a String> {
        ctx.versioned_records().collect()
    }
    fn is_error(&self) -> bool {
        TlsRptIssue::is_error(self)
    }
    fn is_missing_tag(&self) -> bool {
        *self == TlsRptIssue::MissingRua
    }
}

impl RecordIssue for BimiIssue {
    fn parse(text: &str) -> Vec<ParseIssue<Self>> {
        crate::bimi::parse(text).1
    }
    fn records<'a>(ctx: &Ctx<'a>) -> Vec<&'a String> {
        ctx.versioned_records().collect()
    }
    fn is_error(&self) -> bool {
        BimiIssue::is_error(self)
    }
    fn is_missing_tag(&self) -> bool {
        *self == BimiIssue::MissingLocation
    }
}

impl RecordIssue for DkimIssue {
    fn parse(text: &str) -> Vec<ParseIssue<Self>> {
        crate::dkim::parse(text).1
    }
    fn records<'a>(ctx: &Ctx<'a>) -> Vec<&'a String> {
        // Every TXT record at a selector: `v=DKIM1` is optional, so there is no
        // marker to tell key records from other text.
        ctx.records.iter().collect()
    }
    fn is_error(&self) -> bool {
        DkimIssue::is_error(self)
    }
    fn is_missing_tag(&self) -> bool {
        *self == DkimIssue::MissingKey
    }
}

impl RecordIssue for DmarcIssue {
    fn parse(text: &str) -> Vec<ParseIssue<Self>> {
        crate::dmarc::parse(text).1
    }
    fn records<'a>(ctx: &Ctx<'a>) -> Vec<&'a String> {
        ctx.dmarc_records().collect()
    }
    fn is_error(&self) -> bool {
        DmarcIssue::is_error(self)
    }
    fn is_missing_tag(&self) -> bool {
        *self == DmarcIssue::MissingPolicy
    }
    fn has_own_rule(&self) -> bool {
        matches!(self, DmarcIssue::UnknownTag(_))
    }
}
