// Rule: spf-plus-all
//
// `+all` (or a bare `all`) authorises every host on the internet to send as the
// domain: SPF then protects nothing, and spammers' mail passes. RFC 7208 §5.1 and
// Appendix: the record should end in `-all` or `~all`.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::{self, Mechanism, Qualifier, TermKind};

pub(super) static RULE: Rule = Rule {
    code: "spf-plus-all",
    severity: Severity::Error,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §5.1"),
    text: RuleText {
        title: Text {
            ja: "SPFが全ての送信元を許可しています(+all)",
            en: "SPF authorises every sender on the internet (+all)",
        },
        why: Text {
            ja: "「+all」は世界中のどのサーバーからの送信も正当と宣言します。なりすましメールがSPF認証に合格してしまいます。",
            en: "“+all” declares mail from any server in the world legitimate, so spoofed mail passes SPF.",
        },
        fix: Text {
            ja: "送信に使うサービスを include や ip4 で列挙し、末尾を「~all」(移行中)または「-all」にしてください。",
            en: "List the services you send through with include or ip4, and end the record with “~all” (during a move) or “-all”.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        let (parsed, _) = spf::parse(record);
        for term in &parsed.terms {
            if let TermKind::Directive(Qualifier::Pass, Mechanism::All) = term.kind {
                // The safe replacement during a migration is softfail: nothing bounces
                // while the list of senders is being completed. Only the term's bytes
                // change, so terms the parser could not read are kept as written.
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
    fn flags_plus_all_and_bare_all() {
        for record in [
            "v=spf1 +all",
            "v=spf1 mx all",
            "v=spf1 include:_spf.example.com +ALL",
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            let fix = findings[0].fix.as_deref().expect("a fix");
            assert!(fix.ends_with(" ~all"), "{record} → {fix}");
            let span = findings[0].span.clone().expect("span");
            assert!(
                record[span].eq_ignore_ascii_case(record.rsplit(' ').next().unwrap_or_default())
            );
        }
    }

    #[test]
    fn the_fix_keeps_terms_the_parser_could_not_read() {
        let findings = check(&RULE, &["v=spf1 includ:_spf.google.com +all"]);
        assert_eq!(
            findings[0].fix.as_deref(),
            Some("v=spf1 includ:_spf.google.com ~all")
        );
    }

    #[test]
    fn no_finding_when_all_is_qualified() {
        for record in [
            "v=spf1 -all",
            "v=spf1 mx ~all",
            "v=spf1 ?all",
            "v=spf1 redirect=_spf.example.com",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
