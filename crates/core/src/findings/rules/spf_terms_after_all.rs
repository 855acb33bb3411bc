// Rule: spf-terms-after-all
//
// check_host() tests mechanisms from left to right and stops at the first match;
// `all` always matches, so "mechanisms after "all" will never be tested"
// (RFC 7208 §5.1). Whatever was listed after it — often a service appended to the
// end of the line during a move — is not authorised. Modifiers may stand anywhere
// (`exp=` is fine after `all`); a `redirect=` there is spf-redirect-ignored.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::{self, Mechanism, TermKind};

pub(super) static RULE: Rule = Rule {
    code: "spf-terms-after-all",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §5.1"),
    text: RuleText {
        title: Text {
            ja: "SPFの「all」より後ろの記述は使われません: {terms}",
            en: "Terms after “all” are never evaluated: {terms}",
        },
        why: Text {
            ja: "SPFは左から順に判定し、「all」で必ず判定が終わります。all より後ろに書いた include や ip4 は使われず、そこに書いたサービスから送ったメールは認証に失敗します。",
            en: "SPF is evaluated left to right and always stops at “all”. An include or ip4 written after it is never used, so mail sent through that service fails SPF.",
        },
        fix: Text {
            ja: "必要な記述は「all」より前に移し、不要なものは削除してください。「all」は常に末尾に置きます。",
            en: "Move the terms you need in front of “all” and delete the rest; “all” always goes last.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        let (parsed, _) = spf::parse(record);
        let is_all = |kind: &TermKind| matches!(kind, TermKind::Directive(_, Mechanism::All));
        let Some(all_idx) = parsed.terms.iter().position(|term| is_all(&term.kind)) else {
            continue;
        };
        let after: Vec<_> = parsed.terms[all_idx + 1..]
            .iter()
            .filter(|term| matches!(term.kind, TermKind::Directive(..)))
            .collect();
        let (Some(first), Some(last)) = (after.first(), after.last()) else {
            continue;
        };
        let terms: Vec<&str> = after
            .iter()
            .map(|term| &record[term.span.clone()])
            .collect();
        // No fix: whether the terms were meant to count (move them) or are leftovers
        // (delete them) is the owner's call, and moving one authorises new senders.
        acc.push(
            Finding::new(rule, ctx.owner, Some(record))
                .span(first.span.start..last.span.end)
                .param("terms", terms.join(" ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_the_mechanisms_after_all() {
        let record = "v=spf1 mx -all include:_spf.example.jp ip4:192.0.2.1";
        let findings = check(&RULE, &[record]);
        assert_eq!(findings.len(), 1);
        let span = findings[0].span.clone().expect("a span");
        assert_eq!(&record[span], "include:_spf.example.jp ip4:192.0.2.1");
        assert_eq!(
            findings[0].params["terms"],
            "include:_spf.example.jp ip4:192.0.2.1"
        );
    }

    #[test]
    fn no_finding_when_all_is_last_or_only_modifiers_follow() {
        for record in [
            "v=spf1 mx include:_spf.example.jp -all",
            "v=spf1 mx -all exp=explain.example.jp",
            "v=spf1 ~all redirect=_spf.example.jp",
            "v=spf1 mx",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
