// Rule: ns-serial-mismatch
//
// Each authoritative server of the zone answered the SOA with its own serial, and they
// differ: some servers still serve an older version of the zone. Resolvers pick a
// server per lookup, so part of the world sees the old records. A change made at the
// DNS host minutes ago is on its way (NOTIFY and a zone transfer take seconds to
// minutes); a server that stays behind has stopped transferring. Before an MX cutover
// every server must serve the new MX, or mail keeps going to the old provider.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::{NsSerialStatus, NsServer};

pub(super) static RULE: Rule = Rule {
    code: "ns-serial-mismatch",
    severity: Severity::Warning,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 1034 §4.3.5"),
    text: RuleText {
        title: Text {
            ja: "ネームサーバーによってゾーンの版(SOAのシリアル番号)が違います。最新は{newest}で、遅れているのは {lagging} です",
            en: "The name servers serve different versions of the zone: the newest serial is {newest}, and behind it are {lagging}",
        },
        why: Text {
            ja: "DNS事業者で行った変更がまだすべてのネームサーバーに届いていないか、セカンダリサーバーがゾーン転送を止めています。問い合わせ先のサーバーは送信側ごとに変わるため、一部の送信者には古いMXやSPFが返ります。",
            en: "A change made at the DNS host has not reached every server yet, or a secondary server has stopped transferring the zone. Each sender's lookup goes to whichever server it picks, so some senders get the old MX or SPF.",
        },
        fix: Text {
            ja: "数分おいて再度確認してください。遅れたままのサーバーがあれば、DNS事業者にゾーン転送(NOTIFY・AXFR/IXFR)の状態を確認してもらってください。MXを切り替える前に、すべてのサーバーが新しいMXを返すことを確かめてください。",
            en: "Check again in a few minutes. If a server stays behind, ask your DNS host to check zone transfers to it (NOTIFY, AXFR/IXFR). Before a cutover, make sure every server serves the new MX.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let fact = &report.ns_servers;
    if fact.status != NsSerialStatus::SerialsDiffer {
        return;
    }
    let Some(newest) = fact.newest_serial else {
        return;
    };
    let lagging: Vec<String> = fact.lagging.iter().map(lagging).collect();
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("newest", newest)
            .param("lagging", lagging.join(", ")),
    );
}

/// `ns2.example.jp (192.0.2.2): 2026112800`: which server, and what it serves.
fn lagging(server: &NsServer) -> String {
    let serial = server
        .serial
        .map_or_else(String::new, |serial| serial.to_string());
    format!("{} ({}): {serial}", server.host, server.address)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{NsSerialStatus, NsServer, NsServerState};

    fn server(host: &str, last: u8, serial: u32) -> NsServer {
        NsServer {
            host: host.into(),
            address: [192, 0, 2, last].into(),
            state: NsServerState::Answered,
            serial: Some(serial),
        }
    }

    #[test]
    fn names_the_lagging_servers_and_serials() {
        let mut report = empty("example.jp");
        let behind = server("ns2.example.jp", 2, 2026112800);
        report.ns_servers.servers = vec![server("ns1.example.jp", 1, 2026112801), behind.clone()];
        report.ns_servers.status = NsSerialStatus::SerialsDiffer;
        report.ns_servers.newest_serial = Some(2026112801);
        report.ns_servers.lagging = vec![behind];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["newest"], "2026112801");
        assert_eq!(
            findings[0].params["lagging"],
            "ns2.example.jp (192.0.2.2): 2026112800"
        );
        assert!(findings[0].title(crate::Lang::Ja).contains("2026112801"));
    }

    #[test]
    fn silent_when_consistent_or_unknown() {
        for status in [NsSerialStatus::Consistent, NsSerialStatus::Unknown] {
            let mut report = empty("example.jp");
            report.ns_servers.status = status;
            report.ns_servers.newest_serial = Some(1);
            assert!(check_report(&RULE, &report).is_empty(), "{status:?}");
        }
    }
}
