// Rule: spf-ptr
//
// The `ptr` mechanism and the `%{p}` macro look up the reverse DNS of the sending
// address, then the forward DNS of each name found. RFC 7208 §5.5 says `ptr` "SHOULD
// NOT be used" and §7.2 marks `p` "do not use": both are slow, fail whenever
// reverse DNS misbehaves, and load the .arpa servers, so mail they were meant to
// authorise can fail SPF. The reverse DNS of cloud providers' outbound servers
// does not name the customer's domain, so after a move `ptr` authorises none of them.

use std::ops::Range;

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::spf::{self, Mechanism, TermKind};

pub(super) static RULE: Rule = Rule {
    code: "spf-ptr",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §5.5"),
    text: RuleText {
        title: Text {
            ja: "SPFで逆引き(ptr)が使われています: {term}",
            en: "SPF relies on reverse DNS (ptr): {term}",
        },
        why: Text {
            ja: "ptr や %{p} は送信元IPアドレスの逆引きで判定する仕組みです。遅く、DNSの不調で失敗しやすいため、RFCでも使わないよう定められています。クラウドサービスの送信サーバーは逆引きに自社のドメイン名を持たないため、ptr では許可されません。",
            en: "ptr and %{p} decide by the reverse DNS of the sending address: slow, and failing whenever that DNS misbehaves, so the RFC says not to use them. Cloud services' outbound servers do not have your domain in their reverse DNS, so ptr does not authorise them.",
        },
        fix: Text {
            ja: "ptr や %{p} を削除し、送信サーバーのIPアドレスを ip4: / ip6: で、または送信サービスを include: で指定してください。",
            en: "Remove ptr and %{p}; list the sending servers' addresses with ip4:/ip6:, or the sending service with include:.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        let (parsed, _) = spf::parse(record);
        for term in &parsed.terms {
            let text = &record[term.span.clone()];
            let span = if let TermKind::Directive(_, Mechanism::Ptr(_)) = term.kind {
                term.span.clone()
            } else if let Some(found) = p_macros(text).first() {
                term.span.start + found.start..term.span.start + found.end
            } else {
                continue;
            };
            acc.push(
                Finding::new(rule, ctx.owner, Some(record))
                    .span(span)
                    .param("term", text),
            );
        }
    }
}

/// The `%{p…}` macros in a term that parsed (byte ranges), skipping the escapes `%%`,
/// `%_` and `%-`, after which a `{p}` is literal text.
fn p_macros(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut idx = 0;
    while idx + 1 < bytes.len() {
        if bytes[idx] != b'%' {
            idx += 1;
        } else if bytes[idx + 1] == b'{' {
            let end = text[idx..]
                .find('}')
                .map_or(text.len(), |end| idx + end + 1);
            if bytes
                .get(idx + 2)
                .is_some_and(|b| b.eq_ignore_ascii_case(&b'p'))
            {
                found.push(idx..end);
            }
            idx = end;
        } else {
            idx += 2;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_ptr_and_the_p_macro() {
        for (record, flagged) in [
            ("v=spf1 ptr -all", "ptr"),
            ("v=spf1 mx ?ptr:example.jp ~all", "?ptr:example.jp"),
            ("v=spf1 exists:%{p}.allow.example.jp -all", "%{p}"),
            ("v=spf1 exists:%{ir}.%{P2r}._spf.example.jp -all", "%{P2r}"),
            ("v=spf1 -all exp=why.%{p}.example.jp", "%{p}"),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert!(!findings[0].title(crate::Lang::Ja).contains("{term}"));
        }
    }

    #[test]
    fn no_finding_when_no_reverse_lookup_is_used() {
        for record in [
            "v=spf1 a mx include:_spf.example.jp -all",
            "v=spf1 exists:%{ir}.%{v}._spf.%{d} -all",
            "v=spf1 exists:%%{p}.example.jp -all",
        ] {
            // The records parse, so the rule saw every term.
            assert!(crate::spf::parse(record).1.is_empty(), "{record}");
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
