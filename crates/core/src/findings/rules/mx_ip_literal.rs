// Rule: mx-ip-literal
//
// An MX holds a host name (RFC 1035 §3.3.9, RFC 5321 §5.1); `MX 10 192.0.2.1` is read
// as a name made of digits, which does not exist, so senders cannot deliver. Rental
// server control panels sometimes let people type an address there.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "mx-ip-literal",
    severity: Severity::Error,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 5321 §5.1"),
    text: RuleText {
        title: Text {
            ja: "MXの値「{host}」がホスト名ではなくIPアドレスです",
            en: "The MX value “{host}” is an IP address, not a host name",
        },
        why: Text {
            ja: "MXにはホスト名しか書けません。IPアドレスは名前として扱われて見つからず、メールが届きません。",
            en: "An MX can only hold a host name; an address is treated as a name that does not exist, so mail is not delivered.",
        },
        fix: Text {
            ja: "そのIPアドレスを持つホスト名(メールサービスが指定するもの)をMXに設定してください。",
            en: "Put a host name that has that address (the one your mail service specifies) in the MX.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    for host in &report.mx {
        if host.host.parse::<std::net::IpAddr>().is_ok() {
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

    fn host(name: &str) -> MxHost {
        MxHost {
            preference: 10,
            host: name.into(),
            addresses: Vec::new(),
            addresses_known: true,
            cname: None,
        }
    }

    #[test]
    fn flags_an_address_as_mx() {
        let mut report = empty("example.jp");
        report.mx.push(host("192.0.2.1"));
        assert_eq!(check_report(&RULE, &report).len(), 1);
    }

    #[test]
    fn no_finding_when_the_mx_is_a_name() {
        let mut report = empty("example.jp");
        report.mx.push(host("mx1.example.jp"));
        report.mx.push(host("1.example.jp"));
        assert!(check_report(&RULE, &report).is_empty());
    }
}
