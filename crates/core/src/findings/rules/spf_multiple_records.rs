// Rule: spf-multiple-records
//
// A domain publishes at most one SPF record. When the TXT records at a name include
// more than one that starts with `v=spf1`, check_host() ends in permerror
// (RFC 7208 §4.5): SPF fails for every message, and DMARC fails for mail that relies
// on it. It happens most often during a move, when the new provider's record is added
// next to the old one instead of being merged into it.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "spf-multiple-records",
    severity: Severity::Error,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §4.5"),
    text: RuleText {
        title: Text {
            ja: "SPFレコードが{count}件あります(1件にまとめる必要があります)",
            en: "There are {count} SPF records; only one is allowed",
        },
        why: Text {
            ja: "SPFレコードが複数あると、受信側はどれも使わず、SPFの判定がエラー(permerror)になります。移行の際に、新しいサービスのレコードを既存のものとは別に追加してしまうと起こります。",
            en: "With more than one SPF record, receivers use none of them and SPF ends in an error (permerror). It typically happens during a move, when the new service's record is added next to the existing one.",
        },
        fix: Text {
            ja: "1件のレコードにまとめてください。「v=spf1 include:(旧サービス) include:(新サービス) ~all」のように include を並べ、all は末尾に1つだけ書きます。",
            en: "Merge them into one record that lists every include, such as “v=spf1 include:(old service) include:(new service) ~all”, with a single all at the end.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let count = ctx.spf_records().count();
    if count > 1 {
        // The problem is the set, not one record: the finding names none of them.
        acc.push(Finding::new(rule, ctx.owner, None).param("count", count));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::Lang;
    use crate::findings::rules::check;

    #[test]
    fn flags_two_spf_records_once() {
        let findings = check(
            &RULE,
            &[
                "v=spf1 include:_spf.example.com ~all",
                "google-site-verification=abc",
                "v=spf1 include:_spf.google.com ~all",
            ],
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["count"], "2");
        assert_eq!(findings[0].subject.record, None);
        assert!(findings[0].title(Lang::Ja).contains("2件"));
    }

    #[test]
    fn no_finding_when_one_spf_record_stands_among_other_txt() {
        let records = [
            "v=spf1 include:_spf.google.com ~all",
            "google-site-verification=abc",
            "v=spf10 not spf",
        ];
        assert!(check(&RULE, &records).is_empty());
    }
}
