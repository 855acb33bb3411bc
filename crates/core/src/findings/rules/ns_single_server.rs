// Rule: ns-single-server
//
// The zone has one name-server host, or every address of its hosts is in one IPv4
// /24 (and one IPv6 /48): one outage, one routing problem or one attack on that
// network makes the whole domain unresolvable, and mail to it is deferred and then
// bounced. RFC 2182 asks for at least two servers, placed apart. Judged only when
// every host's addresses were answered, so a failed lookup never reads as "one place".

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "ns-single-server",
    severity: Severity::Warning,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 2182 §3"),
    text: RuleText {
        title: Text {
            ja: "ネームサーバーが1台だけか、すべて同じネットワーク内にあります: {servers}",
            en: "The domain has only one name server, or all of them in one network: {servers}",
        },
        why: Text {
            ja: "そのサーバーやネットワークが止まると、ドメインへの問い合わせがすべて失敗し、メールが届かなくなります(送信側は再送を続け、数日後に不達にします)。RFC 2182は、離れた場所に少なくとも2台置くよう求めています。",
            en: "If that server or network goes down, every lookup for the domain fails and mail stops arriving (senders retry, then bounce it after a few days). RFC 2182 asks for at least two servers, in different places.",
        },
        fix: Text {
            ja: "DNS事業者が用意している、別のネットワークにあるネームサーバーを、NSレコードとレジストラの登録に加えてください。多くのDNS事業者は最初から複数台を割り当てています。",
            en: "Add a name server of your DNS host that is in a different network, both to the NS records and at your registrar. Most DNS hosts assign several from the start.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let mut hosts: Vec<&str> = report.ns.iter().map(String::as_str).collect();
    crate::sort::sort(&mut hosts);
    hosts.dedup();
    let servers = match (hosts.as_slice(), &report.ns_servers.shared_network) {
        ([], _) => return,
        ([host], _) => (*host).to_owned(),
        (hosts, Some(network)) => format!("{} — {network}", hosts.join(", ")),
        (_, None) => return,
    };
    acc.push(Finding::new(rule, ctx.owner, None).param("servers", servers));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;

    #[test]
    fn flags_one_host() {
        let mut report = empty("example.jp");
        report.ns = vec!["ns1.example.jp".into()];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["servers"], "ns1.example.jp");
    }

    #[test]
    fn flags_hosts_in_one_network() {
        let mut report = empty("example.jp");
        report.ns = vec!["ns2.example.jp".into(), "ns1.example.jp".into()];
        report.ns_servers.shared_network = Some("192.0.2.0/24".into());
        let findings = check_report(&RULE, &report);
        assert_eq!(
            findings[0].params["servers"],
            "ns1.example.jp, ns2.example.jp — 192.0.2.0/24"
        );
    }

    #[test]
    fn silent_for_hosts_apart_or_no_ns() {
        let mut report = empty("example.jp");
        assert!(check_report(&RULE, &report).is_empty());
        report.ns = vec!["ns1.example.jp".into(), "ns2.example.net".into()];
        assert!(check_report(&RULE, &report).is_empty());
    }
}
