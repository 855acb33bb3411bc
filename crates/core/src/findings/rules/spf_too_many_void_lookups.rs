// Rule: spf-too-many-void-lookups
//
// RFC 7208 §4.6.4: more than 2 lookups that find nothing (NXDOMAIN or no records) make
// SPF a permerror, for every receiver. Includes of services that were cancelled, `a:`
// and `mx:` names of servers that went away in an earlier move, and typos are the
// usual cause; `spf-dead-host` names each `a`, `mx` and `exists` one. The survey
// counts the lookups every receiver meets (see `survey::spf_tree`).

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::MAX_VOID_LOOKUPS;

pub(super) static RULE: Rule = Rule {
    code: "spf-too-many-void-lookups",
    severity: Severity::Error,
    topic: Topic::Spf,
    kind: RecordKind::Survey,
    reference: Some("RFC 7208 §4.6.4"),
    text: RuleText {
        title: Text {
            ja: "SPFの参照先のうち{count}件が存在しません(上限2件)",
            en: "{count} SPF lookups find nothing (the limit is 2)",
        },
        why: Text {
            ja: "存在しない参照先が3件以上あると、SPF全体が無効(permerror)と判定されます。",
            en: "With three or more lookups that find nothing, the whole SPF record is judged invalid (permerror).",
        },
        fix: Text {
            ja: "解約したサービスの include、もう使っていないサーバーの a: や mx:、綴りの誤りを削除してください。",
            en: "Remove includes of cancelled services, a: and mx: entries of servers you no longer use, and misspelled names.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.spf_void_lookup_count > MAX_VOID_LOOKUPS {
        acc.push(
            Finding::new(
                rule,
                ctx.owner,
                report.spf_records.first().map(String::as_str),
            )
            .param("count", report.spf_void_lookup_count),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;

    #[test]
    fn flags_more_than_two() {
        let mut report = empty("example.jp");
        report.spf_void_lookup_count = 3;
        assert_eq!(check_report(&RULE, &report).len(), 1);
    }

    #[test]
    fn no_finding_when_at_most_two() {
        let mut report = empty("example.jp");
        report.spf_void_lookup_count = 2;
        assert!(check_report(&RULE, &report).is_empty());
    }
}
