// Rule: spf-redirect-ignored
//
// "Any "redirect" modifier MUST be ignored if there is an "all" mechanism anywhere in
// the record" (RFC 7208 §6.1), whatever the order of the terms. The senders listed
// at the redirect target are then not authorised. Typically a provider's
// `redirect=` was pasted into a record that already ends in `~all`.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::{self, Mechanism, Modifier, TermKind};

pub(super) static RULE: Rule = Rule {
    code: "spf-redirect-ignored",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §6.1"),
    text: RuleText {
        title: Text {
            ja: "「all」があるため redirect= が無視されます: {target}",
            en: "redirect= is ignored because the record has “all”: {target}",
        },
        why: Text {
            ja: "SPFレコードに「all」がある場合、redirect= は使われません。転送先のSPFに書かれた送信サーバーは許可されず、そこから送ったメールは認証に失敗します。",
            en: "When an SPF record contains “all”, redirect= is not used: the servers listed at the redirect target are not authorised, and mail sent through them fails SPF.",
        },
        fix: Text {
            ja: "転送先のサービスから送信している場合は、redirect= を「include:」に書き換えて「all」より前に置いてください。使っていなければ redirect= を削除します。",
            en: "If you send through that service, change redirect= to “include:” and put it in front of “all”; if not, delete redirect=.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        let (parsed, _) = spf::parse(record);
        let has_all = parsed
            .directives()
            .any(|(_, _, mechanism)| *mechanism == Mechanism::All);
        if !has_all {
            continue;
        }
        for term in &parsed.terms {
            if let TermKind::Modifier(Modifier::Redirect(target)) = &term.kind {
                acc.push(
                    Finding::new(rule, ctx.owner, Some(record))
                        .span(term.span.clone())
                        .param("target", target),
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
    fn flags_redirect_next_to_all_in_any_order() {
        for record in [
            "v=spf1 mx ~all redirect=_spf.example.jp",
            "v=spf1 redirect=_spf.example.jp -all",
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], "redirect=_spf.example.jp");
            assert_eq!(findings[0].params["target"], "_spf.example.jp");
        }
    }

    #[test]
    fn no_finding_when_redirect_stands_alone() {
        for record in [
            "v=spf1 mx redirect=_spf.example.jp",
            "v=spf1 include:_spf.example.jp -all",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
