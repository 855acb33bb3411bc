// Rule: mx-unresolvable
//
// An exchanger whose name has no A or AAAA record cannot receive mail (RFC 5321
// §5.1): senders skip it, and if it is the only one, mail bounces after days of
// retries. Typical after a host was renamed or a contract ended.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "mx-unresolvable",
    severity: Severity::Error,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 5321 §5.1"),
    text: RuleText {
        title: Text {
            ja: "MXの配送先「{host}」のIPアドレスが見つかりません",
            en: "The exchanger “{host}” has no IP address",
        },
        why: Text {
            ja: "送信側はこの配送先に接続できません。ほかに配送先がなければ、メールは数日後に不達になります。",
            en: "Senders cannot connect to it; if there is no other exchanger, mail bounces after days of retries.",
        },
        fix: Text {
            ja: "MXの値をメールサービスが指定するホスト名に直すか、そのホスト名にAレコードを設定してください。",
            en: "Correct the MX to the host name your mail service specifies, or give that name an A record.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    for host in &report.mx {
        // Only when both lookups were answered: a failed lookup is "could not check".
        if !host.host.is_empty() && host.addresses.is_empty() && host.addresses_known {
            acc.push(Finding::new(rule, ctx.owner, None).param("host", &host.host));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::MxHost;
    use crate::survey::report::empty;

    fn host(addresses_known: bool, addresses: Vec<std::net::IpAddr>) -> MxHost {
        MxHost {
            preference: 10,
            host: "mx.example.jp".into(),
            addresses,
            addresses_known,
            cname: None,
        }
    }

    #[test]
    fn flags_an_exchanger_without_addresses() {
        let mut report = empty("example.jp");
        report.mx.push(host(true, Vec::new()));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["host"], "mx.example.jp");
    }

    #[test]
    fn no_finding_when_it_resolves_or_the_lookup_failed() {
        let mut report = empty("example.jp");
        report
            .mx
            .push(host(true, vec![std::net::IpAddr::from([127, 0, 0, 25])]));
        report.mx.push(host(false, Vec::new()));
        assert!(check_report(&RULE, &report).is_empty());
    }
}
