// Rule: survey-budget-exhausted
//
// A survey asks at most `MAX_QUERIES` DNS questions, whatever the zone data does
// (a 1,000-way SPF fan-out, long chains). When the budget is spent, the questions it
// still needed are never asked: those parts are unknown, neither missing nor broken,
// and counts over them (SPF lookups) are lower bounds. The report lists them in
// `not_asked`; the SPF tree marks its unasked records `not-asked`.

use super::Rule;
use crate::Text;
use crate::dns::{Query, RecordType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::MAX_QUERIES;

pub(super) static RULE: Rule = Rule {
    code: "survey-budget-exhausted",
    severity: Severity::Warning,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: None,
    text: RuleText {
        title: Text {
            ja: "調査はDNS問い合わせ{asked}件で止まり(上限{limit}件)、必要な{count}件を問い合わせていません。不明な部分: {parts_ja}",
            en: "The survey stopped after {asked} DNS questions (its limit is {limit}), with {count} it still needed not asked. Unknown: {parts_en}",
        },
        why: Text {
            ja: "問い合わせていない部分は「不明」であり、存在しない・誤っているという意味ではありません。SPFの参照回数などの数は、問い合わせた範囲だけの最小値です。問い合わせていないもの: {queries}",
            en: "What was not asked is unknown, not missing or wrong; counts such as SPF lookups cover only what was asked and are minimums. Not asked: {queries}",
        },
        fix: Text {
            ja: "問い合わせが上限に達するのは、SPFのincludeが非常に多い・深いなど、受信側も処理しきれない構成のことがほとんどです。SPFを整理して参照を減らしてください。減らせない場合は、残りの部分を個別に確認してください。",
            en: "A survey reaches the limit mostly when SPF has very many or very deep includes, more than receivers will evaluate either. Trim SPF to fewer lookups; otherwise check the remaining parts one by one.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.not_asked.is_empty() {
        return;
    }
    let listed: Vec<String> = report
        .not_asked
        .iter()
        .take(5)
        .map(|query| format!("{} {}", query.name, query.rtype))
        .collect();
    let more = report.not_asked.len() - listed.len();
    let queries = if more > 0 {
        format!("{} (+{more})", listed.join(", "))
    } else {
        listed.join(", ")
    };
    let mut parts: Vec<(&str, &str)> = Vec::new();
    for query in &report.not_asked {
        let part = part(query, report);
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    let (ja, en): (Vec<&str>, Vec<&str>) = parts.into_iter().unzip();
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("asked", report.queries)
            .param("limit", MAX_QUERIES)
            .param("count", report.not_asked.len())
            .param("queries", queries)
            .param("parts_ja", ja.join("、"))
            .param("parts_en", en.join(", ")),
    );
}

/// What a question was for, in Japanese and English.
fn part(query: &Query, report: &crate::survey::Report) -> (&'static str, &'static str) {
    let name = query.name.as_str();
    if query.server.is_some() {
        ("各ネームサーバーのSOA", "each name server's SOA")
    } else if is_spf_target(&report.spf_tree, name) {
        (
            "SPFの a・mx・exists の参照先",
            "SPF a, mx and exists targets",
        )
    } else if matches!(query.rtype, RecordType::A | RecordType::Aaaa) {
        (
            "メールサーバー・ネームサーバーのアドレス",
            "server addresses",
        )
    } else if name.contains("._report._dmarc.") {
        ("DMARCレポート送付先の承認", "DMARC report authorisation")
    } else if name.starts_with("_dmarc.") {
        ("DMARC", "DMARC")
    } else if name.contains("._domainkey.") {
        ("DKIM", "DKIM")
    } else if query.rtype == RecordType::Txt && in_spf_tree(&report.spf_tree, name) {
        ("SPFのinclude/redirect先", "SPF includes and redirects")
    } else {
        ("その他のレコード", "other records")
    }
}

/// Whether `name` is the target of an `a`, `mx` or `exists` term in the SPF tree.
fn is_spf_target(node: &crate::survey::SpfNode, name: &str) -> bool {
    node.targets
        .iter()
        .any(|target| target.domain.eq_ignore_ascii_case(name))
        || node.children.iter().any(|child| is_spf_target(child, name))
}

/// Whether `name` is a node of the SPF tree.
fn in_spf_tree(node: &crate::survey::SpfNode, name: &str) -> bool {
    node.domain.eq_ignore_ascii_case(name)
        || node.children.iter().any(|child| in_spf_tree(child, name))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::Lang;
    use crate::dns::{Query, RecordType};
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{
        SpfNode, SpfProblem, SpfTarget, SpfTargetMechanism, SpfTargetStatus, SpfVia,
    };

    #[test]
    fn says_where_the_survey_stopped_and_what_is_unknown() {
        let mut report = empty("example.jp");
        report.queries = 100;
        report.spf_tree.children = (0..7)
            .map(|idx| SpfNode {
                domain: format!("i{idx}.example.jp"),
                via: SpfVia::Include,
                record: None,
                problem: Some(SpfProblem::NotAsked),
                void: false,
                lookups: 0,
                total_lookups: 0,
                targets: Vec::new(),
                children: Vec::new(),
            })
            .collect();
        report.not_asked = (0..7)
            .map(|idx| Query::new(&format!("i{idx}.example.jp"), RecordType::Txt))
            .collect();
        report
            .not_asked
            .push(Query::new("_dmarc.example.jp", RecordType::Txt));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        let title = findings[0].title(Lang::En);
        assert!(
            title.contains("after 100 DNS questions (its limit is 100)"),
            "{title}"
        );
        assert!(title.contains("8 it still needed"), "{title}");
        assert!(
            title.ends_with("SPF includes and redirects, DMARC"),
            "{title}"
        );
        assert!(
            findings[0]
                .title(Lang::Ja)
                .contains("SPFのinclude/redirect先、DMARC")
        );
        assert!(findings[0].why(Lang::En).contains("i4.example.jp TXT (+3)"));
    }

    #[test]
    fn an_unasked_spf_target_is_named_as_one() {
        let mut report = empty("example.jp");
        report.queries = 100;
        report.spf_tree.targets.push(SpfTarget {
            mechanism: SpfTargetMechanism::Mx,
            term: "mx:legacy.example.jp".into(),
            span: 7..27,
            domain: "legacy.example.jp".into(),
            status: SpfTargetStatus::NotAsked,
        });
        report.not_asked = vec![Query::new("legacy.example.jp", RecordType::Mx)];
        let findings = check_report(&RULE, &report);
        assert!(
            findings[0]
                .title(Lang::En)
                .ends_with("Unknown: SPF a, mx and exists targets")
        );
    }

    #[test]
    fn no_finding_when_everything_needed_was_asked() {
        let mut report = empty("example.jp");
        report.queries = 100;
        assert!(check_report(&RULE, &report).is_empty());
    }
}
