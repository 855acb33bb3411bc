// Rule: dkim-record-warning
//
// What verifiers skip in a DKIM key record without rejecting it: tags RFC 6376 does
// not define ("Unrecognized tags MUST be ignored", §3.2), known tags written in
// another case (tags are case-sensitive, §3.2, so `K=` is an unknown tag), and hash
// algorithms, service types or flags no registry defines (§3.6.1). The key still
// works, but the setting that was meant does not apply: a typo of `t=` or `h=`, a
// leftover `g=` from RFC 4871. One finding per problem, with its span; problems that
// make the key unusable are `dkim-syntax-error`'s, including those at the same span
// as a warning.

use super::tag_record_issues::warnings;
use super::{Rule, corrected, lower_case_name, quote};
use crate::Text;
use crate::dkim::DkimIssue;
use crate::findings::{RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dkim-record-warning",
    severity: Severity::Warning,
    topic: Topic::Dkim,
    kind: RecordKind::DkimKey,
    reference: Some("RFC 6376 §3.6.1"),
    text: RuleText {
        title: Text {
            ja: "DKIMの公開鍵レコードに無視される記述があります: {problem}",
            en: "Part of the DKIM key record is ignored: {problem}",
        },
        why: Text {
            ja: "受信側は、DKIMで定義されていないタグや値を無視します。タグ名は大文字と小文字が区別されるため、大文字で書かれたタグも無視されます。意図した設定が効いていない可能性があります。",
            en: "Receivers ignore tags and values DKIM does not define. Tag names are case-sensitive, so a tag written in capitals is ignored too, and a setting you meant may not be in effect.",
        },
        fix: Text {
            ja: "「A → B」と示された箇所は、B のようにタグ名を小文字で書き直してください。それ以外は、送信サービスの管理画面に表示されるDKIMの値と見比べ、不要な記述であれば削除してください。",
            en: "Where the message shows “A” → “B”, rewrite the tag name in lower case as B. Otherwise compare the record with the DKIM value shown in your sending service's admin console, and delete what is not needed.",
        },
    },
    check: |acc, ctx, rule| warnings(acc, ctx, rule, describe),
};

/// A DKIM key record's warning, in words that work in both languages (they quote the record).
fn describe(issue: &DkimIssue, text: &str) -> String {
    match issue {
        DkimIssue::TagCase(_) => corrected(text, &lower_case_name(text, '=')),
        DkimIssue::UnknownValue { tag, value } => quote(&format!("{tag}={value}")),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    /// RFC 8463 Appendix A's Ed25519 key.
    const ED25519: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    #[test]
    fn reports_each_warning_with_its_span() {
        for (tags, flagged, problem) in [
            ("K=ed25519", "K=ed25519", "“K=ed25519” → “k=ed25519”"),
            ("k=ed25519; g=*", "g=*", "“g=*”"),
            ("k=ed25519; h=sha512", "sha512", "“h=sha512”"),
            ("k=ed25519; s=mail", "mail", "“s=mail”"),
            ("k=ed25519; t=x", "x", "“t=x”"),
        ] {
            let record = format!("v=DKIM1; {tags}; p={ED25519}");
            let findings = check(&RULE, &[&record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn reports_a_capitalised_key_next_to_the_error_it_causes() {
        // `P=` is ignored, so the key is missing: the error is `dkim-syntax-error`'s,
        // the cause is reported here.
        for record in [
            format!("v=DKIM1; k=ed25519; P={ED25519}"),
            // The missing key flags the same bytes as the tag here.
            format!("P={ED25519}"),
        ] {
            let findings = check(&RULE, &[&record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let problem = &findings[0].params["problem"];
            assert!(
                problem.starts_with("“P=11qY") && problem.contains("→ “p=11qY"),
                "{problem}"
            );
        }
    }

    #[test]
    fn no_finding_when_the_key_is_clean_revoked_or_broken() {
        for record in [
            format!("v=DKIM1; k=ed25519; h=sha256; s=email; t=s; p={ED25519}"),
            format!("v=DKIM1; k=ed25519; s=*; n=note; p={ED25519}"),
            "v=DKIM1; k=rsa; p=".to_owned(),
            // Errors are `dkim-syntax-error`'s.
            "v=DKIM1; k=rsa; p=abc".to_owned(),
            "v=DKIM1; h=sha_256; p=".to_owned(),
        ] {
            assert!(check(&RULE, &[&record]).is_empty(), "{record}");
        }
    }
}
