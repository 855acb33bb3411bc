//! The registry of record-level rules: one rule per file, each starting with a
//! `// Rule: <code>` line, all listed in [`RULES`] in reading order.

mod autodiscover_points_to_old_provider;
mod bimi_declined;
mod bimi_record_warning;
mod bimi_syntax_error;
mod dkim_key_revoked;
mod dkim_key_too_short;
mod dkim_key_weak;
mod dkim_record_warning;
mod dkim_syntax_error;
mod dkim_testing;
mod dmarc_external_report_unauthorised;
mod dmarc_missing;
mod dmarc_multiple_records;
mod dmarc_no_reports;
mod dmarc_partial_pct;
mod dmarc_policy_none;
mod dmarc_record_warning;
mod dmarc_syntax_error;
mod dmarc_unknown_tag;
mod dns_could_not_check;
mod dns_zone_unreachable;
mod dnssec_ds_without_dnskey;
mod dnssec_unsigned;
mod domain_not_found;
mod mta_sts_mx_not_covered;
mod mta_sts_policy_syntax_error;
mod mta_sts_policy_unavailable;
mod mta_sts_policy_warning;
mod mta_sts_record_warning;
mod mta_sts_short_max_age;
mod mta_sts_syntax_error;
mod mta_sts_testing_mode;
mod mx_ip_literal;
mod mx_missing;
mod mx_mixed_providers;
mod mx_null;
mod mx_null_with_other_mx;
mod mx_points_to_cname;
mod mx_ttl_long;
mod mx_unresolvable;
mod ns_lame_delegation;
mod ns_serial_mismatch;
mod ns_single_server;
pub(crate) mod part_could_not_check;
mod spf_dead_host;
mod spf_deprecated_rr_type;
mod spf_include_loop;
mod spf_missing;
mod spf_multiple_records;
mod spf_neutral_all;
mod spf_no_all;
mod spf_plus_all;
mod spf_ptr;
mod spf_record_too_long;
mod spf_redirect_ignored;
mod spf_syntax_error;
mod spf_terms_after_all;
mod spf_too_many_lookups;
mod spf_too_many_void_lookups;
mod survey_budget_exhausted;
mod tag_record_issues;
mod target_already_receiving;
mod target_spf_no_room;
mod tls_rpt_record_warning;
mod tls_rpt_syntax_error;
// Migration hazards (issue 17): each names the planner step it changes
// (`stage::step_of`).
mod dane_tlsa_on_old_mx;
mod dmarc_reports_to_old_mailbox;
mod dns_host_is_old_provider;
mod dnssec_signed_dns_move;
mod mta_sts_enforce_without_target;
mod target_mx_without_dkim;
mod target_mx_without_spf;
mod website_on_old_server;

use super::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

/// One rule: its identity, its words and its check.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// What it is about.
    pub topic: Topic,
    /// The record kind it inspects.
    pub kind: RecordKind,
    /// The RFC section behind it.
    pub reference: Option<&'static str>,
    /// Its words in Japanese and English.
    pub text: RuleText,
    /// Adds this rule's findings for `ctx` to the accumulator.
    pub check: fn(&mut Vec<Finding>, &Ctx<'_>, &Rule),
}

/// Every record-level rule, in reading order.
pub static RULES: &[&Rule] = &[
    &domain_not_found::RULE,
    &dns_zone_unreachable::RULE,
    &mx_missing::RULE,
    &mx_null::RULE,
    &mx_null_with_other_mx::RULE,
    &mx_unresolvable::RULE,
    &mx_points_to_cname::RULE,
    &mx_ip_literal::RULE,
    &mx_mixed_providers::RULE,
    &mx_ttl_long::RULE,
    &autodiscover_points_to_old_provider::RULE,
    &spf_missing::RULE,
    &spf_too_many_lookups::RULE,
    &spf_too_many_void_lookups::RULE,
    &spf_dead_host::RULE,
    &spf_include_loop::RULE,
    &dmarc_missing::RULE,
    &part_could_not_check::MX,
    &part_could_not_check::SPF,
    &part_could_not_check::DMARC,
    &part_could_not_check::DKIM,
    &part_could_not_check::MTA_STS,
    &part_could_not_check::TLS_RPT,
    &part_could_not_check::BIMI,
    &dns_could_not_check::RULE,
    &survey_budget_exhausted::RULE,
    &dnssec_ds_without_dnskey::RULE,
    &dnssec_unsigned::RULE,
    &ns_lame_delegation::RULE,
    &ns_serial_mismatch::RULE,
    &ns_single_server::RULE,
    &spf_syntax_error::RULE,
    &spf_multiple_records::RULE,
    &spf_plus_all::RULE,
    &spf_neutral_all::RULE,
    &spf_no_all::RULE,
    &spf_terms_after_all::RULE,
    &spf_redirect_ignored::RULE,
    &spf_ptr::RULE,
    &spf_record_too_long::RULE,
    &spf_deprecated_rr_type::RULE,
    &dmarc_syntax_error::RULE,
    &dmarc_multiple_records::RULE,
    &dmarc_policy_none::RULE,
    &dmarc_partial_pct::RULE,
    &dmarc_no_reports::RULE,
    &dmarc_unknown_tag::RULE,
    &dmarc_external_report_unauthorised::RULE,
    &dmarc_record_warning::RULE,
    &dkim_syntax_error::RULE,
    &dkim_key_revoked::RULE,
    &dkim_key_too_short::RULE,
    &dkim_key_weak::RULE,
    &dkim_testing::RULE,
    &dkim_record_warning::RULE,
    &mta_sts_syntax_error::RULE,
    &mta_sts_record_warning::RULE,
    &mta_sts_policy_unavailable::RULE,
    &mta_sts_mx_not_covered::RULE,
    &mta_sts_policy_syntax_error::RULE,
    &mta_sts_policy_warning::RULE,
    &mta_sts_testing_mode::RULE,
    &mta_sts_short_max_age::RULE,
    &tls_rpt_syntax_error::RULE,
    &tls_rpt_record_warning::RULE,
    &bimi_syntax_error::RULE,
    &bimi_record_warning::RULE,
    &bimi_declined::RULE,
    &target_spf_no_room::RULE,
    &target_already_receiving::RULE,
    &target_mx_without_spf::RULE,
    &target_mx_without_dkim::RULE,
    &dns_host_is_old_provider::RULE,
    &website_on_old_server::RULE,
    &mta_sts_enforce_without_target::RULE,
    &dane_tlsa_on_old_mx::RULE,
    &dnssec_signed_dns_move::RULE,
    &dmarc_reports_to_old_mailbox::RULE,
];

/// The rule with `code`.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.code == code)
}

/// Runs every rule for `ctx.kind`; findings come most severe first.
pub fn lint(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|rule| rule.kind == ctx.kind) {
        (rule.check)(&mut findings, ctx, rule);
    }
    crate::sort::sort_by(&mut findings, |a, b| {
        b.severity.cmp(&a.severity).then(a.code.cmp(&b.code))
    });
    findings
}

/// A piece of a record for a message (`{problem}`), in quotes that read the same in
/// both languages. A long piece (a DKIM key) keeps its start and end.
fn quote(text: &str) -> String {
    const HEAD: usize = 24;
    const TAIL: usize = 8;
    let count = text.chars().count();
    if count <= HEAD + 1 + TAIL {
        return format!("“{text}”");
    }
    let head: String = text.chars().take(HEAD).collect();
    let tail: String = text.chars().skip(count - TAIL).collect();
    format!("“{head}…{tail}”")
}

/// A character for a message, with its code point, so that an invisible one (a
/// full-width space, a control character) can be found.
fn character(ch: char) -> String {
    format!("{ch:?} (U+{:04X})", u32::from(ch))
}

/// A required tag or field that is missing, for a message: `p= ×0`. The syntax rules'
/// texts explain the notation.
fn missing(name: &str) -> String {
    format!("{name} ×0")
}

/// A tag given twice, for a message: `pct= ×2`, as `spf-syntax-error` writes it.
fn duplicate(name: &str) -> String {
    format!("{name} ×2")
}

/// A correction for a message: `“P=reject” → “p=reject”`, the text as written, then as
/// it should be. The warning rules' texts explain the notation.
fn corrected(written: &str, correct: &str) -> String {
    format!("{} → {}", quote(written), quote(correct))
}

/// `name<separator>value` with the name in lower case: `P=reject` becomes `p=reject`,
/// `Mode: enforce` becomes `mode: enforce`. Every tag and field name the parsers know is
/// lower case.
fn lower_case_name(text: &str, separator: char) -> String {
    match text.split_once(separator) {
        Some((name, value)) => format!("{}{separator}{value}", name.to_ascii_lowercase()),
        None => text.to_ascii_lowercase(),
    }
}

/// Provider names for a message, joined, in Japanese and in English: a parameter is
/// one string for both languages, so a rule passes `{name_ja}` and `{name_en}`.
fn provider_names(providers: &[&crate::catalog::MailProvider]) -> (String, String) {
    let ja: Vec<&str> = providers.iter().map(|provider| provider.name.ja).collect();
    let en: Vec<&str> = providers.iter().map(|provider| provider.name.en).collect();
    (ja.join("、"), en.join(", "))
}

/// Test support: the findings of one survey-level rule for `report`, built by hand
/// (its providers detected from its facts, as the survey does).
#[cfg(test)]
pub(crate) fn check_report(rule: &Rule, report: &crate::survey::Report) -> Vec<Finding> {
    let mut report = report.clone();
    report.detect_providers();
    let ctx = Ctx {
        owner: &report.domain,
        kind: rule.kind,
        records: &[],
        report: Some(&report),
    };
    let mut findings = Vec::new();
    (rule.check)(&mut findings, &ctx, rule);
    findings
}

/// Test support: the findings of one rule for records of its kind at `example.jp`.
#[cfg(test)]
pub(crate) fn check(rule: &Rule, records: &[&str]) -> Vec<Finding> {
    let records: Vec<String> = records.iter().map(|text| (*text).to_owned()).collect();
    let ctx = Ctx {
        report: None,
        owner: "example.jp",
        kind: rule.kind,
        records: &records,
    };
    let mut findings = Vec::new();
    (rule.check)(&mut findings, &ctx, rule);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_texts_complete() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                rule.code
            );
            for text in [rule.text.title, rule.text.why, rule.text.fix] {
                assert!(
                    !text.ja.is_empty() && !text.en.is_empty(),
                    "{}: empty text",
                    rule.code
                );
                assert!(
                    !text.ja.is_ascii(),
                    "{}: Japanese text expected: {}",
                    rule.code,
                    text.ja
                );
            }
        }
    }

    #[test]
    fn every_rule_file_is_registered() {
        let sources = [
            include_str!("autodiscover_points_to_old_provider.rs"),
            include_str!("bimi_declined.rs"),
            include_str!("bimi_record_warning.rs"),
            include_str!("bimi_syntax_error.rs"),
            include_str!("dkim_key_revoked.rs"),
            include_str!("dkim_key_too_short.rs"),
            include_str!("dkim_key_weak.rs"),
            include_str!("dkim_record_warning.rs"),
            include_str!("dkim_syntax_error.rs"),
            include_str!("dkim_testing.rs"),
            include_str!("dmarc_multiple_records.rs"),
            include_str!("dmarc_no_reports.rs"),
            include_str!("dmarc_partial_pct.rs"),
            include_str!("dmarc_policy_none.rs"),
            include_str!("dmarc_record_warning.rs"),
            include_str!("dmarc_syntax_error.rs"),
            include_str!("dmarc_unknown_tag.rs"),
            include_str!("mta_sts_policy_syntax_error.rs"),
            include_str!("mta_sts_policy_warning.rs"),
            include_str!("mta_sts_policy_unavailable.rs"),
            include_str!("mta_sts_mx_not_covered.rs"),
            include_str!("mta_sts_record_warning.rs"),
            include_str!("mta_sts_short_max_age.rs"),
            include_str!("mta_sts_syntax_error.rs"),
            include_str!("mta_sts_testing_mode.rs"),
            include_str!("spf_deprecated_rr_type.rs"),
            include_str!("spf_multiple_records.rs"),
            include_str!("spf_neutral_all.rs"),
            include_str!("spf_no_all.rs"),
            include_str!("spf_plus_all.rs"),
            include_str!("spf_ptr.rs"),
            include_str!("spf_record_too_long.rs"),
            include_str!("spf_redirect_ignored.rs"),
            include_str!("dmarc_missing.rs"),
            include_str!("dmarc_external_report_unauthorised.rs"),
            include_str!("dns_could_not_check.rs"),
            include_str!("dnssec_ds_without_dnskey.rs"),
            include_str!("dnssec_unsigned.rs"),
            include_str!("ns_lame_delegation.rs"),
            include_str!("ns_serial_mismatch.rs"),
            include_str!("ns_single_server.rs"),
            include_str!("mx_missing.rs"),
            include_str!("mx_null.rs"),
            include_str!("mx_null_with_other_mx.rs"),
            include_str!("domain_not_found.rs"),
            include_str!("dns_zone_unreachable.rs"),
            include_str!("part_could_not_check.rs"),
            include_str!("mx_unresolvable.rs"),
            include_str!("spf_missing.rs"),
            include_str!("spf_too_many_lookups.rs"),
            include_str!("spf_too_many_void_lookups.rs"),
            include_str!("spf_dead_host.rs"),
            include_str!("spf_include_loop.rs"),
            include_str!("survey_budget_exhausted.rs"),
            include_str!("mx_ip_literal.rs"),
            include_str!("mx_points_to_cname.rs"),
            include_str!("mx_mixed_providers.rs"),
            include_str!("mx_ttl_long.rs"),
            include_str!("spf_syntax_error.rs"),
            include_str!("spf_terms_after_all.rs"),
            include_str!("target_already_receiving.rs"),
            include_str!("target_spf_no_room.rs"),
            include_str!("tls_rpt_record_warning.rs"),
            include_str!("tls_rpt_syntax_error.rs"),
            include_str!("dane_tlsa_on_old_mx.rs"),
            include_str!("dmarc_reports_to_old_mailbox.rs"),
            include_str!("dns_host_is_old_provider.rs"),
            include_str!("dnssec_signed_dns_move.rs"),
            include_str!("mta_sts_enforce_without_target.rs"),
            include_str!("target_mx_without_dkim.rs"),
            include_str!("target_mx_without_spf.rs"),
            include_str!("website_on_old_server.rs"),
        ];
        // One file per rule, but for a family that shares one text (`// Rules:`).
        let codes: Vec<&str> = sources
            .iter()
            .flat_map(|source| {
                let line = source
                    .lines()
                    .find_map(|line| {
                        line.strip_prefix("// Rule: ")
                            .or_else(|| line.strip_prefix("// Rules: "))
                    })
                    .expect("rule files start with `// Rule: <code>` or `// Rules: <codes>`");
                line.split(", ")
            })
            .collect();
        assert_eq!(codes.len(), RULES.len(), "every rule's file listed here");
        // A new file that is missing from `sources` too: count the rule files on disk
        // (those that start `// Rule`; support modules such as `tag_record_issues.rs`
        // start with `//!`).
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/findings/rules");
        let files = std::fs::read_dir(dir)
            .expect("the rules folder is readable in tests")
            .filter_map(Result::ok)
            .filter(|entry| {
                std::fs::read_to_string(entry.path())
                    .is_ok_and(|source| source.starts_with("// Rule"))
            })
            .count();
        assert_eq!(
            files,
            sources.len(),
            "a rule file is missing from `sources`"
        );
        for code in codes {
            assert!(rule(code).is_some(), "{code} is not in RULES");
        }
    }

    #[test]
    fn lint_orders_by_severity_then_code() {
        // Two SPF records (error), `+all` (error), `?all` (warning): rules run in
        // registry order, the output is sorted most severe first, then by code.
        let records = vec!["v=spf1 ?all".to_owned(), "v=spf1 +all".to_owned()];
        let ctx = Ctx {
            report: None,
            owner: "example.jp",
            kind: RecordKind::Spf,
            records: &records,
        };
        let codes: Vec<&str> = lint(&ctx).iter().map(|finding| finding.code.0).collect();
        assert_eq!(
            codes,
            ["spf-multiple-records", "spf-plus-all", "spf-neutral-all"]
        );
    }
}
