// Rule: spf-syntax-error
//
// An SPF record with a syntax error anywhere is a permerror for every message
// (RFC 7208 §4.6): receivers treat the domain as having no usable SPF, and DMARC
// fails for mail that relies on SPF. One finding per error, with its span.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::{self, SpfIssue};

pub(super) static RULE: Rule = Rule {
    code: "spf-syntax-error",
    severity: Severity::Error,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §4.6"),
    text: RuleText {
        title: Text {
            ja: "SPFレコードに書式の誤りがあります: {problem}",
            en: "The SPF record has a syntax error: {problem}",
        },
        why: Text {
            ja: "書式の誤りが1つでもあると、受信側はSPFレコード全体を無効(permerror)と扱います。なりすまし対策が働かず、正しいメールも迷惑メール扱いになることがあります。",
            en: "A single syntax error makes receivers treat the whole SPF record as invalid (permerror): spoofing protection stops working and legitimate mail may be filtered as spam.",
        },
        fix: Text {
            ja: "示された箇所を修正してください。仕組み(mechanism)の綴り、コロンやスラッシュの位置、IPアドレスの書き方を確認します。",
            en: "Correct the highlighted part: check the spelling of mechanisms, the colons and slashes, and how IP addresses are written.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        let (_, issues) = spf::parse(record);
        for issue in issues {
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

/// The problem, in words that work in both languages (they quote the record).
fn describe(issue: &SpfIssue, text: &str) -> String {
    match issue {
        SpfIssue::UnknownMechanism(name) => format!("“{name}”"),
        SpfIssue::InvalidCharacter(ch) => format!("{ch:?} (U+{:04X})", *ch as u32),
        SpfIssue::DuplicateModifier(name) => format!("{name}= ×2"),
        _ => format!("“{text}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_error_with_its_span() {
        let findings = check(
            &RULE,
            &["v=spf1 ip4:192.0.2.300 includ:_spf.example.com -all"],
        );
        let spans: Vec<_> = findings
            .iter()
            .map(|finding| finding.span.clone())
            .collect();
        assert_eq!(spans, [Some(7..22), Some(23..46)]);
        assert_eq!(findings[1].params["problem"], "“includ”");
        assert!(findings[1].title(crate::Lang::Ja).contains("includ"));
    }

    #[test]
    fn no_finding_when_the_record_is_valid_or_not_spf() {
        assert!(
            check(
                &RULE,
                &[
                    "v=spf1 include:_spf.google.com ~all",
                    "google-site-verification=abc"
                ]
            )
            .is_empty()
        );
    }
}
