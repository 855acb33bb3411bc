// Rule: spf-neutral-all
//
// `?all` ends the record in neutral: for every host it did not list, the domain
// "makes no assertion" (RFC 7208 §2.6.2), so receivers treat spoofed mail like mail
// from a domain without SPF. `~all` (softfail) is the safe ending while the list of
// senders is being completed, `-all` once it is complete.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::{self, Mechanism, Qualifier, TermKind};

pub(super) static RULE: Rule = Rule {
    code: "spf-neutral-all",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §2.6.2"),
    text: RuleText {
        title: Text {
            ja: "SPFの末尾が「?all」(判定なし)になっています",
            en: "SPF ends in “?all” (neutral)",
        },
        why: Text {
            ja: "「?all」は、列挙していない送信元について何も判定しないという宣言です。なりすましメールもSPFのないドメインと同じ扱いになり、SPFによる保護がほとんど働きません。",
            en: "“?all” makes no claim about servers you did not list, so spoofed mail is treated as if the domain had no SPF: SPF protects almost nothing.",
        },
        fix: Text {
            ja: "送信に使うサービスがすべて列挙されていることを確認し、末尾を「~all」にしてください。漏れがないと確認できたら「-all」にします。",
            en: "Check that every service you send through is listed, then end the record with “~all”; once nothing is missing, use “-all”.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        let (parsed, _) = spf::parse(record);
        for term in &parsed.terms {
            if let TermKind::Directive(Qualifier::Neutral, Mechanism::All) = term.kind {
                // Softfail changes what happens to unlisted senders the least: mail is
                // marked, not bounced. The rest of the record is kept as written.
                let fixed = format!(
                    "{}~all{}",
                    &record[..term.span.start],
                    &record[term.span.end..]
                );
                acc.push(
                    Finding::new(rule, ctx.owner, Some(record))
                        .span(term.span.clone())
                        .fixed(fixed),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_neutral_all_and_softens_it() {
        for (record, fixed) in [
            (
                "v=spf1 include:_spf.example.com ?all",
                "v=spf1 include:_spf.example.com ~all",
            ),
            ("v=spf1 mx ?ALL ", "v=spf1 mx ~all "),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            let span = findings[0].span.clone().expect("a span");
            assert!(record[span].eq_ignore_ascii_case("?all"), "{record}");
            assert_eq!(findings[0].fix.as_deref(), Some(fixed));
        }
    }

    #[test]
    fn no_finding_when_all_is_soft_or_hard_fail() {
        for record in [
            "v=spf1 mx ~all",
            "v=spf1 -all",
            "v=spf1 ?include:_spf.example.com -all",
            "v=spf1 redirect=_spf.example.com",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
