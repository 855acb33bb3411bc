// Rule: spf-no-all
//
// A record with neither `all` nor `redirect=` gives, for every host it did not list,
// the default result: neutral (RFC 7208 §4.7). That is the same as `?all`: SPF says
// nothing about spoofed mail. Ending the record with `~all` or `-all` states the
// domain's intent and lets receivers act on it.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::{self, Mechanism};

pub(super) static RULE: Rule = Rule {
    code: "spf-no-all",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §4.7"),
    text: RuleText {
        title: Text {
            ja: "SPFの末尾に「all」がありません",
            en: "SPF does not end in “all”",
        },
        why: Text {
            ja: "all も redirect= もないと、列挙していない送信元の判定は「neutral(判定なし)」になります。「?all」と同じで、なりすましメールを見分けられません。",
            en: "Without all or redirect=, mail from servers you did not list gets the default result, neutral — the same as “?all”: spoofed mail cannot be told apart.",
        },
        fix: Text {
            ja: "末尾に「~all」を追加してください。送信元をすべて列挙できていれば「-all」にします。",
            en: "Add “~all” at the end; once every sender is listed, use “-all”.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        let (parsed, issues) = spf::parse(record);
        let has_all = parsed
            .directives()
            .any(|(_, _, mechanism)| *mechanism == Mechanism::All);
        if has_all || parsed.redirect().is_some() {
            continue;
        }
        let finding = Finding::new(rule, ctx.owner, Some(record));
        // With a syntax error the missing `all` may be the broken term (`-al`), and
        // appending one would hide it: the fix waits until the record parses.
        acc.push(if issues.is_empty() {
            finding.fixed(format!("{} ~all", record.trim_end()))
        } else {
            finding
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_a_record_without_all_and_appends_softfail() {
        for (record, fixed) in [
            (
                "v=spf1 mx include:_spf.example.com",
                "v=spf1 mx include:_spf.example.com ~all",
            ),
            ("v=spf1 ", "v=spf1 ~all"),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            assert_eq!(findings[0].fix.as_deref(), Some(fixed));
        }
    }

    #[test]
    fn offers_no_fix_when_the_record_has_syntax_errors() {
        let findings = check(&RULE, &["v=spf1 mx -al"]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].fix, None);
    }

    #[test]
    fn no_finding_when_all_or_redirect_ends_the_record() {
        for record in [
            "v=spf1 -all",
            "v=spf1 mx ?all",
            "v=spf1 redirect=_spf.example.com",
            "v=spf1 all include:_spf.example.com",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
