// Rule: dmarc-no-reports
//
// Without `rua=` receivers send no aggregate reports (RFC 7489 §6.3, §7.2). Nobody
// learns which servers send as the domain or which of them fail, so the policy cannot
// safely be tightened, and a sender the move broke goes unnoticed. A `rua=` whose
// addresses are all invalid is dmarc-syntax-error's to report.

use super::Rule;
use crate::Text;
use crate::dmarc;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-no-reports",
    severity: Severity::Info,
    topic: Topic::Dmarc,
    kind: RecordKind::Dmarc,
    reference: Some("RFC 7489 §7.2"),
    text: RuleText {
        title: Text {
            ja: "DMARCレポートの送信先(rua=)が設定されていません",
            en: "No address for DMARC reports (rua=) is set",
        },
        why: Text {
            ja: "rua= がないと、受信側から集計レポートが届きません。どのサーバーがこのドメインで送信しているか、認証に失敗していないかが分からず、移行後の不具合にも気付けません。",
            en: "Without rua=, receivers send no aggregate reports: you cannot see which servers send as your domain or whether they fail, and problems after the move go unnoticed.",
        },
        fix: Text {
            ja: "「rua=mailto:dmarc-reports@(ドメイン名)」のように、レポートを受け取るメールアドレスを追加してください。DMARCレポート集計サービスのアドレスも指定できます。",
            en: "Add an address for the reports, such as “rua=mailto:dmarc-reports@(your domain)”, or the address of a DMARC report service.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.dmarc_records() {
        let (parsed, _) = dmarc::parse(record);
        if parsed.span_of("rua").is_none() {
            // No fix: only the owner knows which mailbox should receive the reports.
            acc.push(Finding::new(rule, ctx.owner, Some(record)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_a_record_without_rua() {
        for record in [
            "v=DMARC1; p=reject",
            "v=DMARC1; p=none; ruf=mailto:f@example.jp",
        ] {
            assert_eq!(check(&RULE, &[record]).len(), 1, "{record}");
        }
    }

    #[test]
    fn no_finding_when_rua_is_present() {
        for record in [
            "v=DMARC1; p=none; rua=mailto:dmarc@example.jp",
            "v=DMARC1; p=none; rua=dmarc@example.jp",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
