// Rule: dns-host-is-old-provider
//
// The domain's name servers are the DNS that comes with the old mail provider's
// contract (a rental server's own DNS). Cancelling that contract deletes the zone:
// every record of the domain, the website's included, stops resolving. The catalog
// links each source provider to the DNS host of its contract (`MailProvider::dns_host`).

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::stage::sides::sides;

pub(super) static RULE: Rule = Rule {
    code: "dns-host-is-old-provider",
    severity: Severity::Warning,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: None,
    text: RuleText {
        title: Text {
            ja: "DNSを旧サービス({old_ja})のネームサーバーで管理しています",
            en: "DNS is hosted on the old service's name servers ({old_en})",
        },
        why: Text {
            ja: "ネームサーバー({ns})は{old_ja}の契約に付いているDNSです。旧サービスを解約すると、このドメインのDNSゾーンも消え、メールだけでなくWebサイトを含むすべてのレコードが引けなくなります。",
            en: "The name servers ({ns}) are the DNS that comes with the {old_en} contract. Cancelling the old service deletes this domain's zone as well: every record, the website's included, stops resolving, not only mail.",
        },
        fix: Text {
            ja: "計画の「旧サービスを解約し、SPF から外す」より前に、DNSを別のDNSサービス(ドメインの登録事業者のDNSなど)へ移すか、DNSの部分だけ契約を残してください。移すときは、今のゾーンのレコードをすべて写してからネームサーバーを変更します。",
            en: "Before the plan's step “Cancel the old service and take it out of SPF”, move DNS to another DNS service (the registrar's DNS, for instance), or keep that part of the contract. When moving it, copy every record of today's zone first, then change the name servers.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if let Some((old, ns)) = old_dns_host(report) {
        acc.push(
            Finding::new(rule, ctx.owner, None)
                .param("old_ja", old.name.ja)
                .param("old_en", old.name.en)
                .param("ns", ns.join(", ")),
        );
    }
}

/// The old mail provider whose contract's DNS hosts the zone, with the name servers
/// that show it. Shared with `dnssec-signed-dns-move`.
///
/// Old is a provider mail is moving away from (`stage::sides`), or, once a target is
/// known (chosen, or already in MX), any source provider whose DNS the name servers
/// are: mail may already have moved while the zone stays on the old contract, which
/// is exactly when cancelling it is tempting.
pub(super) fn old_dns_host(
    report: &crate::survey::Report,
) -> Option<(&'static crate::catalog::MailProvider, Vec<String>)> {
    use crate::catalog::CatalogEntry as _;
    let sides = sides(report);
    // Detected once, when the report was built.
    let hosts = &report.providers.dns_hosts;
    let target = sides.target.map(|target| target.id);
    hosts.iter().find_map(|host| {
        let provider = crate::catalog::MailProvider::all().find(|provider| {
            provider
                .dns_host
                .is_some_and(|dns| dns.id == host.provider.id)
                && Some(provider.id) != target
                && (sides.old.iter().any(|old| old.provider.id == provider.id)
                    || (target.is_some() && !provider.is_target()))
        })?;
        let ns = host
            .evidence
            .iter()
            .map(|evidence| evidence.observed.clone())
            .collect();
        Some((provider, ns))
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::stage::tests::{report, with_target};

    fn on_xserver(ns: &[&str]) -> crate::survey::Report {
        let mut report = report(&["sv1234.xserver.jp"]);
        report.ns = ns.iter().map(|host| (*host).to_owned()).collect();
        report
    }

    #[test]
    fn the_rental_servers_own_dns_is_a_hazard() {
        let findings = check_report(&RULE, &on_xserver(&["ns1.xserver.jp", "ns2.xserver.jp"]));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["old_en"], "Xserver");
        assert!(findings[0].params["ns"].contains("ns1.xserver.jp"));
        // With a target chosen, the same.
        let chosen = with_target(
            on_xserver(&["ns1.xserver.jp", "ns2.xserver.jp"]),
            "google-workspace",
        );
        assert_eq!(check_report(&RULE, &chosen).len(), 1);
    }

    #[test]
    fn no_finding_when_dns_is_elsewhere() {
        assert!(check_report(&RULE, &on_xserver(&["ns1.example-dns.jp"])).is_empty());
    }

    #[test]
    fn mail_already_moved_with_dns_left_on_the_old_contract_is_a_hazard() {
        let mut report = report(&["smtp.google.com"]);
        report.ns = vec!["ns1.xserver.jp".into()];
        assert_eq!(check_report(&RULE, &report).len(), 1);
    }

    #[test]
    fn no_finding_without_any_sign_of_a_move() {
        // An unrecognised mail server, DNS at Xserver, no target: nothing says the
        // Xserver contract is being left.
        let mut report = report(&["mail.example.jp"]);
        report.ns = vec!["ns1.xserver.jp".into()];
        assert!(check_report(&RULE, &report).is_empty());
    }
}
