// Rule: spf-too-many-lookups
//
// RFC 7208 §4.6.4: evaluating SPF may cause at most 10 DNS-querying terms (include, a,
// mx, ptr, exists, redirect) over the whole include tree; one more and the result is
// permerror for every message. Adding a new service's include during a move is the
// usual way a domain crosses the line. When part of the tree could not be read (the
// survey's question budget ran out, a lookup failed), the count is a lower bound and
// the message says so: `1000+`.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::MAX_DNS_TERMS;

pub(super) static RULE: Rule = Rule {
    code: "spf-too-many-lookups",
    severity: Severity::Error,
    topic: Topic::Spf,
    kind: RecordKind::Survey,
    reference: Some("RFC 7208 §4.6.4"),
    text: RuleText {
        title: Text {
            ja: "SPFのDNS参照が{lookups}回あり、上限の10回を超えています",
            en: "SPF needs {lookups} DNS lookups, more than the limit of 10",
        },
        why: Text {
            ja: "上限を超えると受信側はSPFを無効(permerror)と判定し、正規のメールも認証に失敗します。",
            en: "Over the limit, receivers judge SPF invalid (permerror) and legitimate mail fails authentication.",
        },
        fix: Text {
            ja: "使っていない送信サービスの include を削除するか、固定の送信元は ip4/ip6 で書き換えて、合計10回以内にしてください。",
            en: "Remove includes of services you no longer use, or replace fixed senders with ip4/ip6, to stay within 10.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.spf_lookup_count > MAX_DNS_TERMS {
        let lookups = if report.spf_lookup_count_is_minimum {
            format!("{}+", report.spf_lookup_count)
        } else {
            report.spf_lookup_count.to_string()
        };
        acc.push(
            Finding::new(
                rule,
                ctx.owner,
                report.spf_records.first().map(String::as_str),
            )
            .param("lookups", lookups),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;

    #[test]
    fn flags_more_than_ten() {
        let mut report = empty("example.jp");
        report.spf_lookup_count = 11;
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].title(crate::Lang::Ja).contains("11回"));
    }

    #[test]
    fn a_lower_bound_is_not_shown_as_exact() {
        let mut report = empty("example.jp");
        report.spf_lookup_count = 1000;
        report.spf_lookup_count_is_minimum = true;
        let findings = check_report(&RULE, &report);
        assert!(
            findings[0]
                .title(crate::Lang::En)
                .contains("1000+ DNS lookups")
        );
        assert!(findings[0].title(crate::Lang::Ja).contains("1000+回"));
    }

    #[test]
    fn no_finding_when_at_most_ten() {
        let mut report = empty("example.jp");
        report.spf_lookup_count = 10;
        assert!(check_report(&RULE, &report).is_empty());
    }
}
