// Rule: mta-sts-testing-mode
//
// In `testing` mode senders report failed TLS checks (through TLS-RPT) but deliver
// anyway, and `none` withdraws the policy (RFC 8461 §5). Both are right during a move
// or while the reports are being reviewed, but neither protects mail against TLS
// downgrade or MX spoofing, so this is information, with the next step.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::{self, Mode};

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-testing-mode",
    severity: Severity::Info,
    topic: Topic::MtaSts,
    kind: RecordKind::MtaStsPolicy,
    reference: Some("RFC 8461 §5"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSが強制されていません(mode: {mode})",
            en: "MTA-STS is not enforced (mode: {mode})",
        },
        why: Text {
            ja: "testing では検証に失敗してもメールが配送され、none ではポリシーが無効です。移行中や試験中には適切な設定ですが、暗号化されていない経路での配送は防げません。",
            en: "In testing mode mail is delivered even when checks fail, and none withdraws the policy. That is right during a move or a trial, but delivery over unencrypted connections is not prevented.",
        },
        fix: Text {
            ja: "TLS-RPTのレポートで問題がないことを確認したら「mode: enforce」に変更し、TXTレコードの id= も新しい値に更新してください。",
            en: "Once the TLS-RPT reports show no failures, change to “mode: enforce” and give id= in the TXT record a new value.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for policy in ctx.records {
        let (parsed, _) = mta_sts::parse_policy(policy);
        let Some(mode @ (Mode::Testing | Mode::None)) = parsed.mode else {
            continue;
        };
        let mut finding = Finding::new(rule, ctx.owner, Some(policy)).param("mode", mode);
        if let Some(span) = parsed.span_of("mode") {
            finding = finding.span(span);
        }
        // No fix: enforcing before the reports are clean can stop mail.
        acc.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_testing_and_none() {
        for (policy, mode) in [
            (
                "version: STSv1\nmode: testing\nmx: mail.example.jp\nmax_age: 86400\n",
                "testing",
            ),
            ("version: STSv1\nmode: none\nmax_age: 86400\n", "none"),
        ] {
            let findings = check(&RULE, &[policy]);
            assert_eq!(findings.len(), 1, "{policy}");
            assert_eq!(findings[0].params["mode"], mode);
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&policy[span], format!("mode: {mode}"));
        }
    }

    #[test]
    fn no_finding_when_enforced_or_mode_is_invalid() {
        for policy in [
            "version: STSv1\nmode: enforce\nmx: mail.example.jp\nmax_age: 604800\n",
            "version: STSv1\nmode: test\nmx: mail.example.jp\nmax_age: 604800\n",
        ] {
            assert!(check(&RULE, &[policy]).is_empty(), "{policy}");
        }
    }
}
