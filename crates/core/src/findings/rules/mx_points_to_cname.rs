// Rule: mx-points-to-cname
//
// RFC 2181 §10.3: an MX must name a host with address records, not an alias. Many
// senders follow the CNAME anyway, but some refuse or loop, and mail is delayed or
// bounced for them only — the hardest kind of failure to notice.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "mx-points-to-cname",
    severity: Severity::Warning,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 2181 §10.3"),
    text: RuleText {
        title: Text {
            ja: "MXの配送先「{host}」が別名(CNAME → {target})になっています",
            en: "The exchanger “{host}” is an alias (CNAME → {target})",
        },
        why: Text {
            ja: "MXの値に別名を使うことは禁止されています。多くの送信側は配送できますが、一部では遅延や不達になります。",
            en: "An MX must not name an alias. Most senders deliver anyway, but some delay or bounce the mail.",
        },
        fix: Text {
            ja: "MXの値を別名の行き先「{target}」(またはメールサービスが指定するホスト名)に直してください。",
            en: "Change the MX to the alias target “{target}” (or the host name your mail service specifies).",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    for host in &report.mx {
        if let Some(target) = &host.cname {
            acc.push(
                Finding::new(rule, ctx.owner, None)
                    .param("host", &host.host)
                    .param("target", target),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::MxHost;
    use crate::survey::report::empty;

    fn host(cname: Option<&str>) -> MxHost {
        MxHost {
            preference: 10,
            host: "mail.example.jp".into(),
            addresses: vec![std::net::IpAddr::from([127, 0, 0, 25])],
            addresses_known: true,
            cname: cname.map(str::to_owned),
        }
    }

    #[test]
    fn flags_an_alias() {
        let mut report = empty("example.jp");
        report.mx.push(host(Some("server1.rental.example")));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["target"], "server1.rental.example");
    }

    #[test]
    fn no_finding_when_the_exchanger_has_its_own_address() {
        let mut report = empty("example.jp");
        report.mx.push(host(None));
        assert!(check_report(&RULE, &report).is_empty());
    }
}
