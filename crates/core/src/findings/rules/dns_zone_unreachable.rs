// Rule: dns-zone-unreachable
//
// Every question about the domain's own names failed (SERVFAIL, timeout, REFUSED):
// its name servers are down, lame, or its DNSSEC chain is broken, so validating
// resolvers refuse it. Senders cannot find the MX either: they queue the mail and
// retry, and bounce it after a few days. This is an outage now, not a part of the
// report that could not be checked; and nothing else in the zone could be judged.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::DomainState;

pub(super) static RULE: Rule = Rule {
    code: "dns-zone-unreachable",
    severity: Severity::Error,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 5321 §5.1"),
    text: RuleText {
        title: Text {
            ja: "{domain}のDNSが応答していません。今このドメインあてのメールは届かないか、遅れています",
            en: "{domain}'s DNS is broken or unreachable right now: mail to it is failing or delayed",
        },
        why: Text {
            ja: "このドメインの名前についての問い合わせが、すべて失敗しました({reason_ja})。送信側のメールサーバーは届け先(MX)を調べられないため、メールを保留して再送を続け、数日後にエラーで返します。この状態では、ほかの設定は何も確認できません。ネームサーバー: {servers_ja}。",
            en: "Every lookup of this domain's names failed ({reason_en}). Sending servers cannot find where to deliver (the MX): they hold the mail, keep retrying, and bounce it after a few days. Nothing else about the domain could be checked. Name servers: {servers_en}.",
        },
        fix: Text {
            ja: "ドメインのDNSを管理している会社に、ネームサーバーの障害・契約切れ・設定の削除がないか至急確認してください。DNSSECを使っている場合は、署名の期限切れや、登録事業者に届けた鍵(DS)とDNSの鍵の食い違いでもこの状態になります。",
            en: "Ask whoever hosts the domain's DNS at once whether its name servers are down, the contract has lapsed or the zone was deleted. With DNSSEC, expired signatures or a key at the registrar (DS) that no longer matches the zone's keys cause the same failure.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.state != DomainState::Unreachable {
        return;
    }
    let (reason_ja, reason_en) = report
        .apex_failure
        .map_or(("-", "-"), crate::survey::Failure::reason);
    // The zone's own NS answer, else the parent's delegation.
    let servers = if report.ns.is_empty() {
        &report.delegation
    } else {
        &report.ns
    };
    let (servers_ja, servers_en) = if servers.is_empty() {
        (
            "不明(ネームサーバーの一覧も取得できませんでした)".to_owned(),
            "unknown (the list of name servers could not be read either)".to_owned(),
        )
    } else {
        (servers.join("、"), servers.join(", "))
    };
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("domain", &report.domain_unicode)
            .param("reason_ja", reason_ja)
            .param("reason_en", reason_en)
            .param("servers_ja", servers_ja)
            .param("servers_en", servers_en),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{DomainState, Failure};

    #[test]
    fn an_outage_with_its_reason_and_servers() {
        let mut report = empty("example.jp");
        report.state = DomainState::Unreachable;
        report.apex_failure = Some(Failure::ServFail);
        report.ns = vec!["ns1.example.net".into(), "ns2.example.net".into()];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        let why = findings[0].why(crate::Lang::En);
        assert!(
            why.contains("(the DNS server answered with an error (SERVFAIL))"),
            "{why}"
        );
        assert!(why.contains("ns1.example.net, ns2.example.net"), "{why}");
        assert!(findings[0].title(crate::Lang::Ja).contains("届かないか"));
    }

    #[test]
    fn names_the_servers_the_parent_delegates_to() {
        let mut report = empty("example.jp");
        report.state = DomainState::Unreachable;
        report.apex_failure = Some(Failure::Timeout);
        report.delegation = vec!["ns1.dead.example".into()];
        let why = check_report(&RULE, &report)[0].why(crate::Lang::En);
        assert!(why.contains("Name servers: ns1.dead.example."), "{why}");
    }

    #[test]
    fn says_when_the_servers_are_unknown_too() {
        let mut report = empty("example.jp");
        report.state = DomainState::Unreachable;
        report.apex_failure = Some(Failure::Timeout);
        let why = check_report(&RULE, &report)[0].why(crate::Lang::Ja);
        assert!(
            why.contains("タイムアウト") && why.contains("不明"),
            "{why}"
        );
    }

    #[test]
    fn silent_otherwise() {
        let mut report = empty("example.jp");
        assert!(check_report(&RULE, &report).is_empty());
        report.state = DomainState::NotFound;
        assert!(check_report(&RULE, &report).is_empty());
    }
}
