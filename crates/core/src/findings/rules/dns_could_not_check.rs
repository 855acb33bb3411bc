// Rule: dns-could-not-check
//
// Some queries timed out, failed (SERVFAIL) or were refused. That says nothing about
// the domain's records, only that they could not be read now; the parts they belong
// to are unknown rather than wrong. A direct question to one name server (`@server`
// in the list) that timed out says only that this server could not be reached from
// here; which servers were reached is in the report's `ns_servers`.

use super::Rule;
use crate::Text;
use crate::dns::Query;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::Report;

pub(super) static RULE: Rule = Rule {
    code: "dns-could-not-check",
    severity: Severity::Warning,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: None,
    text: RuleText {
        title: Text {
            ja: "{count}件の問い合わせに応答がなく、一部を確認できませんでした: {queries}",
            en: "{count} queries got no usable answer, so some parts could not be checked: {queries}",
        },
        why: Text {
            ja: "DNSサーバーの応答がない・エラーを返した箇所は、設定の誤りとは限りません。結果が「不明」の部分があります。「@」の付いたものは特定のネームサーバーに直接尋ねた問い合わせで、そのサーバーに届かなかったことを示すだけです。ドメインが壊れているという意味ではありません。",
            en: "Where a DNS server did not answer or returned an error, the settings are not necessarily wrong: those parts are unknown. An entry with “@” is a question put directly to one name server: it only says that this server could not be reached, not that the domain is broken.",
        },
        fix: Text {
            ja: "時間をおいて再度確認してください。続く場合は、ドメインのDNSサーバー(ネームサーバー)の状態をDNS事業者に確認してください。",
            en: "Check again later. If it persists, ask your DNS host about the state of the domain's name servers.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    // The lookups of a part of the report (MX, SPF, DMARC …) are said in that part.
    let generic: Vec<&Query> = report
        .could_not_check
        .iter()
        .filter(|query| {
            // With nothing answered at all, one line says it all.
            report.state == crate::survey::DomainState::NoAnswers
                || super::part_could_not_check::topic_of(query, report).is_none()
        })
        .collect();
    if generic.is_empty() {
        return;
    }
    let queries: Vec<String> = generic
        .iter()
        .take(5)
        .map(|query| describe(query, report))
        .collect();
    let more = generic.len().saturating_sub(queries.len());
    let listed = if more > 0 {
        format!("{} (+{more})", queries.join(", "))
    } else {
        queries.join(", ")
    };
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("count", generic.len())
            .param("queries", listed),
    );
}

/// `example.jp MX`, or for a direct question `example.jp SOA @ns2.example.jp
/// (192.0.2.2)`: the server that could not be reached, by name where known.
fn describe(query: &Query, report: &Report) -> String {
    let Some(address) = query.server else {
        return format!("{} {}", query.name, query.rtype);
    };
    let host = report
        .ns_servers
        .servers
        .iter()
        .find(|server| server.address == address)
        .map(|server| server.host.as_str());
    match host {
        Some(host) => format!("{} {} @{host} ({address})", query.name, query.rtype),
        None => format!("{} {} @{address}", query.name, query.rtype),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dns::{Query, RecordType};
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{NsServer, NsServerState};

    #[test]
    fn lists_what_could_not_be_checked() {
        let mut report = empty("example.jp");
        report
            .could_not_check
            .push(Query::new("example.jp", RecordType::Ns));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["queries"], "example.jp NS");
    }

    #[test]
    fn leaves_the_parts_lookups_to_the_parts() {
        let mut report = empty("example.jp");
        report
            .could_not_check
            .push(Query::new("example.jp", RecordType::Mx));
        report
            .could_not_check
            .push(Query::new("_dmarc.example.jp", RecordType::Txt));
        assert!(check_report(&RULE, &report).is_empty());
    }

    #[test]
    fn names_the_server_a_direct_question_could_not_reach() {
        let mut report = empty("example.jp");
        let address = [192, 0, 2, 2].into();
        report.ns_servers.servers.push(NsServer {
            host: "ns2.example.jp".into(),
            address,
            state: NsServerState::CouldNotCheck,
            serial: None,
        });
        report
            .could_not_check
            .push(Query::at("example.jp", RecordType::Soa, address));
        report.could_not_check.push(Query::at(
            "example.jp",
            RecordType::Soa,
            [192, 0, 2, 3].into(),
        ));
        let findings = check_report(&RULE, &report);
        assert_eq!(
            findings[0].params["queries"],
            "example.jp SOA @ns2.example.jp (192.0.2.2), example.jp SOA @192.0.2.3"
        );
        assert!(
            findings[0]
                .why(crate::Lang::En)
                .contains("not that the domain is broken")
        );
    }

    #[test]
    fn no_finding_when_everything_answered() {
        assert!(check_report(&RULE, &empty("example.jp")).is_empty());
    }
}
