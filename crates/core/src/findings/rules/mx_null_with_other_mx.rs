// Rule: mx-null-with-other-mx
//
// RFC 7505 §3: a domain that publishes a null MX must not publish any other MX.
// With both, senders disagree: some bounce the mail, others deliver it to the other
// exchanger. Typical after a move that added the new MX without deleting `0 .`.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "mx-null-with-other-mx",
    severity: Severity::Warning,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 7505 §3"),
    text: RuleText {
        title: Text {
            ja: "「メールを受け取らない」MX(0 .)と、ほかのMXが同時に登録されています",
            en: "The “accepts no mail” MX (0 .) is published next to other MX records",
        },
        why: Text {
            ja: "「0 .」は受信しないという宣言で、ほかのMXと一緒に使うことはできません。送信側によってはメールをエラーで返し、別の送信側は {others} に届けるため、届いたり届かなかったりします。",
            en: "“0 .” declares that the domain receives no mail and must not be combined with other MX records. Some senders bounce the mail, others deliver it to {others}: delivery becomes a matter of luck.",
        },
        fix: Text {
            ja: "メールを受け取るなら「0 .」のMXを削除してください。受け取らないなら、ほかのMXを削除してください。",
            en: "If the domain receives mail, delete the “0 .” MX. If it does not, delete the other MX records.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let has_null = report.mx.iter().any(|host| host.host.is_empty());
    let others: Vec<&str> = report
        .mx
        .iter()
        .map(|host| host.host.as_str())
        .filter(|host| !host.is_empty())
        .collect();
    if has_null && !others.is_empty() {
        acc.push(Finding::new(rule, ctx.owner, Some("0 .")).param("others", others.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::MxHost;
    use crate::survey::report::empty;

    fn host(name: &str) -> MxHost {
        MxHost {
            preference: 0,
            host: name.into(),
            addresses: Vec::new(),
            addresses_known: true,
            cname: None,
        }
    }

    #[test]
    fn a_null_mx_beside_another_is_a_warning() {
        let mut report = empty("example.jp");
        report.mx = vec![host(""), host("mx.example.jp")];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].why(crate::Lang::En).contains("mx.example.jp"));
    }

    #[test]
    fn silent_for_a_null_mx_alone_or_none() {
        let mut report = empty("example.jp");
        report.mx = vec![host("")];
        assert!(check_report(&RULE, &report).is_empty());
        report.mx = vec![host("mx.example.jp")];
        assert!(check_report(&RULE, &report).is_empty());
    }
}
