// Rule: dns-could-not-check
//
// Some queries timed out, failed (SERVFAIL) or were refused. That says nothing about
// the domain's records, only that they could not be read now; the parts they belong
// to are unknown rather than wrong.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

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
            ja: "DNSサーバーの応答がない・エラーを返した箇所は、設定の誤りとは限りません。結果が「不明」の部分があります。",
            en: "Where a DNS server did not answer or returned an error, the settings are not necessarily wrong: those parts are unknown.",
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
    if report.could_not_check.is_empty() {
        return;
    }
    let queries: Vec<String> = report
        .could_not_check
        .iter()
        .take(5)
        .map(|query| format!("{} {}", query.name, query.rtype))
        .collect();
    let more = report.could_not_check.len().saturating_sub(queries.len());
    let listed = if more > 0 {
        format!("{} (+{more})", queries.join(", "))
    } else {
        queries.join(", ")
    };
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("count", report.could_not_check.len())
            .param("queries", listed),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dns::{Query, RecordType};
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;

    #[test]
    fn lists_what_could_not_be_checked() {
        let mut report = empty("example.jp");
        report
            .could_not_check
            .push(Query::new("example.jp", RecordType::Mx));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["queries"], "example.jp MX");
    }

    #[test]
    fn no_finding_when_everything_answered() {
        assert!(check_report(&RULE, &empty("example.jp")).is_empty());
    }
}
