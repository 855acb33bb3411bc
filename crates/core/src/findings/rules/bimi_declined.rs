// Rule: bimi-declined
//
// An empty `l=` declares that the domain does not want a logo shown
// (draft-brand-indicators-for-message-identification, "Declination to Publish").
// That is a valid choice — often made for a subdomain — but when a logo was
// intended, it is why none appears.

use super::Rule;
use crate::Text;
use crate::bimi;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "bimi-declined",
    severity: Severity::Info,
    topic: Topic::Bimi,
    kind: RecordKind::Bimi,
    reference: Some("draft-brand-indicators-for-message-identification"),
    text: RuleText {
        title: Text {
            ja: "BIMIでロゴの表示を辞退しています(l= が空です)",
            en: "BIMI declines to show a logo (empty l=)",
        },
        why: Text {
            ja: "l= が空のBIMIレコードは、ロゴを表示しないという宣言です。意図した設定であれば問題ありません。",
            en: "A BIMI record with an empty l= declares that no logo should be shown. If that is what you want, nothing is wrong.",
        },
        fix: Text {
            ja: "ロゴを表示したい場合は、l= にSVGロゴのURL(https:)を指定してください。",
            en: "To show a logo, set l= to the HTTPS URL of your SVG logo.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.versioned_records() {
        let (parsed, _) = bimi::parse(record);
        if !parsed.is_declined() {
            continue;
        }
        let mut finding = Finding::new(rule, ctx.owner, Some(record));
        if let Some(span) = parsed.span_of("l") {
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
    fn flags_an_empty_location() {
        for record in ["v=BIMI1; l=", "v=BIMI1; l=; a="] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            assert_eq!(findings[0].span, Some(9..11), "{record}");
        }
    }

    #[test]
    fn no_finding_when_a_logo_is_published_or_l_is_missing() {
        for record in [
            "v=BIMI1; l=https://example.jp/logo.svg",
            "v=BIMI1; a=https://example.jp/vmc.pem",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
