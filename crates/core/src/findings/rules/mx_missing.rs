// Rule: mx-missing
//
// With no MX record, senders fall back to the domain's address records (RFC 5321
// §5.1): mail goes to the web server, which usually does not accept it. A domain that
// receives no mail should publish a null MX (RFC 7505) instead.

use super::Rule;
use crate::Text;
use crate::dns::{Query, RecordType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "mx-missing",
    severity: Severity::Warning,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 5321 §5.1"),
    text: RuleText {
        title: Text {
            ja: "MXレコードがありません",
            en: "There is no MX record",
        },
        why: Text {
            ja: "送信側はドメインのAレコード(多くはWebサーバー)に配送を試み、メールが届かないことがあります。",
            en: "Senders try the domain's address record (usually the web server), and mail may not arrive.",
        },
        fix: Text {
            ja: "メールを受け取るならメールサービスが指定するMXを、受け取らないなら「0 .」のnull MXを設定してください。",
            en: "Publish your mail service's MX records if the domain receives mail, or a null MX (“0 .”) if it does not.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let unknown = report
        .could_not_check
        .contains(&Query::new(&report.domain, RecordType::Mx));
    if report.mx.is_empty() && !unknown {
        acc.push(Finding::new(rule, ctx.owner, None));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dns::{Query, RecordType};
    use crate::findings::rules::check_report;
    use crate::survey::MxHost;
    use crate::survey::report::empty;

    #[test]
    fn flags_a_domain_without_mx() {
        assert_eq!(check_report(&RULE, &empty("example.jp")).len(), 1);
    }

    #[test]
    fn no_finding_when_mx_exists_or_lookup_failed() {
        let mut report = empty("example.jp");
        report.mx.push(MxHost {
            preference: 10,
            host: "mx.example.jp".into(),
            addresses: Vec::new(),
            addresses_known: false,
            cname: None,
        });
        assert!(check_report(&RULE, &report).is_empty());
        let mut report = empty("example.jp");
        report
            .could_not_check
            .push(Query::new("example.jp", RecordType::Mx));
        assert!(check_report(&RULE, &report).is_empty());
    }
}
