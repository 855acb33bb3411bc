// Rule: dmarc-policy-none
//
// `p=none`: "The Domain Owner requests no specific action be taken regarding delivery
// of messages" (RFC 7489 §6.3). The domain receives reports, but mail that fails
// DMARC — spoofed mail included — is delivered as usual. It is the right first step,
// and the right setting during a move; staying there leaves the domain unprotected.

use super::Rule;
use crate::Text;
use crate::dmarc::{self, Policy};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-policy-none",
    severity: Severity::Warning,
    topic: Topic::Dmarc,
    kind: RecordKind::Dmarc,
    reference: Some("RFC 7489 §6.3"),
    text: RuleText {
        title: Text {
            ja: "DMARCのポリシーが「p=none」(監視のみ)です",
            en: "The DMARC policy is “p=none” (monitoring only)",
        },
        why: Text {
            ja: "p=none は、認証に失敗したメールへの対処を受信側に求めません。レポートは届きますが、なりすましメールはそのまま受信者に届きます。",
            en: "p=none asks receivers to do nothing about mail that fails DMARC: you get reports, but spoofed mail is still delivered.",
        },
        fix: Text {
            ja: "DMARCレポートで正規の送信元がすべて認証に合格していることを確認してから、「p=quarantine」、さらに「p=reject」に変更してください。",
            en: "Once the DMARC reports show that every legitimate sender passes, change to “p=quarantine”, then to “p=reject”.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.dmarc_records() {
        let (parsed, _) = dmarc::parse(record);
        if parsed.policy != Some(Policy::None) {
            continue;
        }
        let mut finding = Finding::new(rule, ctx.owner, Some(record));
        if let Some(span) = parsed.span_of("p") {
            finding = finding.span(span);
        }
        // No fix: tightening the policy before the reports are clean bounces real mail.
        acc.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_p_none() {
        for record in [
            "v=DMARC1; p=none; rua=mailto:dmarc@example.jp",
            "v=DMARC1; p=NONE",
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            let span = findings[0].span.clone().expect("a span");
            assert!(record[span].eq_ignore_ascii_case("p=none"), "{record}");
        }
    }

    #[test]
    fn no_finding_when_the_policy_enforces_or_is_missing() {
        for record in [
            "v=DMARC1; p=quarantine",
            "v=DMARC1; p=reject; sp=none",
            "v=DMARC1; rua=mailto:dmarc@example.jp",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
