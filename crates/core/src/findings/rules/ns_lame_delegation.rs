// Rule: ns-lame-delegation
//
// A server listed in the NS set, asked directly for the zone's SOA, answered without
// it: NODATA, NXDOMAIN or REFUSED. It does not serve the zone (a lame delegation), so
// every lookup that picks it fails or waits for a retry elsewhere. The usual cause is
// a DNS-host move that left a previous host's server in the NS set or at the
// registrar. Servers that timed out or that the shell would not contact are not lame:
// nothing is known about them.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::NsServerState;

pub(super) static RULE: Rule = Rule {
    code: "ns-lame-delegation",
    severity: Severity::Error,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 9499 §7"),
    text: RuleText {
        title: Text {
            ja: "ネームサーバーとして登録されたサーバーが、このゾーンを提供していません(レイムデリゲーション): {servers}",
            en: "A listed name server does not serve the zone (lame delegation): {servers}",
        },
        why: Text {
            ja: "このサーバーに当たった問い合わせは失敗するか、別のサーバーへの再試行で遅くなります。世界中の問い合わせの一部でMXやSPFの確認が失敗し、メールの遅延や不達につながります。",
            en: "Lookups that reach this server fail, or slow down while the resolver retries another one. Part of the world's MX and SPF lookups fail, which delays or bounces mail.",
        },
        fix: Text {
            ja: "ドメインのNSレコードとレジストラに登録したネームサーバーが、今のDNS事業者のサーバーだけになっているか確認し、ゾーンを提供していないサーバーを削除してください。DNS事業者を移した後に旧事業者のサーバーが残っているのがよくある原因です。",
            en: "Check that the domain's NS records and the name servers registered at your registrar list only your current DNS host's servers, and remove the ones that do not serve the zone. A leftover server of the previous DNS host is the usual cause.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let lame: Vec<String> = report
        .ns_servers
        .servers
        .iter()
        .filter(|server| server.state == NsServerState::Lame)
        .map(|server| format!("{} ({})", server.host, server.address))
        .collect();
    if lame.is_empty() {
        return;
    }
    acc.push(Finding::new(rule, ctx.owner, None).param("servers", lame.join(", ")));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{NsServer, NsServerState};

    fn server(host: &str, state: NsServerState) -> NsServer {
        NsServer {
            host: host.into(),
            address: [192, 0, 2, 9].into(),
            state,
            serial: None,
        }
    }

    #[test]
    fn names_the_lame_server() {
        let mut report = empty("example.jp");
        report.ns_servers.servers = vec![
            server("ns1.example.jp", NsServerState::Answered),
            server("ns.old-host.example", NsServerState::Lame),
        ];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].params["servers"],
            "ns.old-host.example (192.0.2.9)"
        );
    }

    #[test]
    fn unreachable_or_unasked_servers_are_not_lame() {
        let mut report = empty("example.jp");
        report.ns_servers.servers = vec![
            server("ns1.example.jp", NsServerState::CouldNotCheck),
            server("ns2.example.jp", NsServerState::NotAsked),
        ];
        assert!(check_report(&RULE, &report).is_empty());
    }
}
