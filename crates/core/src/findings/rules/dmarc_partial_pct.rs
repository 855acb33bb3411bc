// Rule: dmarc-partial-pct
//
// `pct` below 100 applies the policy to only that share of failing mail; the rest
// gets the next policy down, quarantine becoming none and reject becoming quarantine
// (RFC 7489 §6.3, §6.6.4). A sensible ramp while tightening the policy, but spoofed
// mail slips through meanwhile. With `p=none` (and no stricter `sp=`) `pct` changes
// nothing, so it is not reported then.

use super::Rule;
use crate::Text;
use crate::dmarc::{self, Policy};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-partial-pct",
    severity: Severity::Warning,
    topic: Topic::Dmarc,
    kind: RecordKind::Dmarc,
    reference: Some("RFC 7489 §6.3"),
    text: RuleText {
        title: Text {
            ja: "DMARCのポリシーが一部のメール({pct}%)にしか適用されません",
            en: "The DMARC policy applies to only {pct}% of failing mail",
        },
        why: Text {
            ja: "pct が100未満だと、認証に失敗したメールのうち指定した割合にしかポリシーが適用されません。残りは一段階ゆるい扱いになり、なりすましメールの一部が届いてしまいます。",
            en: "With pct below 100 the policy applies only to that share of failing mail; the rest is handled one step more leniently, so some spoofed mail gets through.",
        },
        fix: Text {
            ja: "段階的に導入している途中であれば、DMARCレポートを確認しながら pct を上げ、最後は「pct=100」にするか pct タグを削除してください。",
            en: "If you are tightening the policy in steps, raise pct while watching the DMARC reports, and finish with “pct=100” or remove the pct tag.",
        },
    },
    check,
};

/// RFC 7489 §6.3: `pct` defaults to 100, the whole mail stream.
const FULL_PERCENT: u8 = 100;

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.dmarc_records() {
        let (parsed, _) = dmarc::parse(record);
        let Some(percent) = parsed.percent.filter(|pct| *pct < FULL_PERCENT) else {
            continue;
        };
        let enforces = [parsed.policy, parsed.subdomain_policy]
            .into_iter()
            .flatten()
            .any(|policy| policy != Policy::None);
        if !enforces {
            continue;
        }
        let mut finding = Finding::new(rule, ctx.owner, Some(record)).param("pct", percent);
        if let Some(span) = parsed.span_of("pct") {
            finding = finding.span(span);
        }
        acc.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_a_partial_percentage() {
        let record = "v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc@example.jp";
        let findings = check(&RULE, &[record]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["pct"], "25");
        assert_eq!(findings[0].span, Some(24..30));
        assert!(findings[0].title(crate::Lang::Ja).contains("25%"));
    }

    #[test]
    fn no_finding_when_pct_is_full_absent_or_moot() {
        for record in [
            "v=DMARC1; p=reject; pct=100",
            "v=DMARC1; p=reject",
            "v=DMARC1; p=none; pct=50",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
