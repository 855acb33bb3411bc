// Rule: target-spf-no-room
//
// The move adds the target's SPF include. SPF allows 10 DNS-querying terms in all
// (RFC 7208 §4.6.4); past that, receivers return permerror and SPF fails for every
// message — an outage that starts the moment the include is added. Said in advance,
// from the include's own tree, so the record can be slimmed down first.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::ReadinessStatus;

pub(super) static RULE: Rule = Rule {
    code: "target-spf-no-room",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Survey,
    reference: Some("RFC 7208 §4.6.4"),
    text: RuleText {
        title: Text {
            ja: "{target_ja}のinclude:{include}を追加すると、SPFのDNS参照が{total}回になり上限の10回を超えます",
            en: "Adding {target_en}'s include:{include} would bring SPF to {total} DNS lookups, over the limit of 10",
        },
        why: Text {
            ja: "現在 {current} 回の参照に、移行先のincludeで {cost} 回が加わります。上限を超えたSPFは受信側でエラー(permerror)になり、すべてのメールでSPF認証が失敗します。",
            en: "SPF uses {current} lookups now and the target's include adds {cost}. Over the limit, receivers treat SPF as an error (permerror) and it fails for every message.",
        },
        fix: Text {
            ja: "移行前に、使っていない送信サービスのincludeを削除するか、一部をIPアドレスに展開(フラット化)してください。移行後は旧サービスのincludeも削除できます。",
            en: "Before the move, remove includes of services you no longer use, or flatten some into IP addresses. After the move, the old provider's include can go too.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(readiness) = ctx.report.and_then(|report| report.readiness.as_ref()) else {
        return;
    };
    let Some(item) = readiness
        .item("spf-room")
        .filter(|item| item.status == ReadinessStatus::Blocked)
    else {
        return;
    };
    let name = readiness.name();
    let mut finding = Finding::new(rule, ctx.owner, None)
        .param("target_ja", name.ja)
        .param("target_en", name.en);
    for key in ["include", "current", "cost", "total"] {
        if let Some(value) = item.params.get(key) {
            finding = finding.param(key, value);
        }
    }
    acc.push(finding);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;

    #[test]
    fn flags_a_target_include_that_does_not_fit() {
        let report = crate::survey::readiness_tests::report_with_spf_lookups(9);
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1, "{:?}", report.readiness);
        let title = findings[0].title(crate::Lang::En);
        assert!(
            title.contains("Google Workspace's include:_spf.google.com"),
            "{title}"
        );
        assert!(title.contains("13 DNS lookups"), "{title}");
    }

    #[test]
    fn silent_when_it_fits_or_without_a_target() {
        let report = crate::survey::readiness_tests::report_with_spf_lookups(2);
        assert!(check_report(&RULE, &report).is_empty());
        assert!(check_report(&RULE, &empty("example.jp")).is_empty());
    }
}
