// Rule: dkim-syntax-error
//
// A verifier that cannot read the key record cannot verify any signature made with
// the selector (RFC 6376 §6.1.2: the signature fails with PERMFAIL). DKIM then gives
// DMARC no aligned pass, and with `p=quarantine` or `p=reject` the mail is filtered
// or bounced. Covers a missing or undecodable `p=`, a key that does not match `k=`,
// a `v=` that is not `DKIM1` or not first, duplicate tags and unknown key types; the
// problems verifiers tolerate (unknown tags and values) are not reported here.

use super::tag_record_issues::errors;
use super::{Rule, character, duplicate, missing, quote};
use crate::Text;
use crate::dkim::DkimIssue;
use crate::findings::{RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dkim-syntax-error",
    severity: Severity::Error,
    topic: Topic::Dkim,
    kind: RecordKind::DkimKey,
    reference: Some("RFC 6376 §3.6.1"),
    text: RuleText {
        title: Text {
            ja: "DKIMの公開鍵レコードに誤りがあります: {problem}",
            en: "The DKIM key record is invalid: {problem}",
        },
        why: Text {
            ja: "受信側がこの公開鍵を読み取れないため、このセレクタで付けた署名はすべて検証に失敗します。DMARCの判定にも影響し、メールが迷惑メール扱いや受信拒否になることがあります。",
            en: "Receivers cannot read this key, so every signature made with this selector fails. DMARC fails too, and mail may be filtered as spam or rejected.",
        },
        fix: Text {
            ja: "送信サービスの管理画面に表示されるDKIMの値をそのままコピーして、登録し直してください。長い値が途中で切れていないか、余分な引用符(\")が入っていないかも確認します。「×0」は必須のタグが無いこと、「×2」は同じタグが2回あることを表します。",
            en: "Copy the DKIM value shown in your sending service's admin console and publish it again exactly as shown. Check that the long value was not cut off and has no stray quotes (\"). “×0” means a required tag is missing, “×2” that a tag appears twice.",
        },
    },
    check: |acc, ctx, rule| errors(acc, ctx, rule, describe),
};

/// A DKIM key record's error, in words that work in both languages (they quote the record).
fn describe(issue: &DkimIssue, text: &str) -> String {
    match issue {
        DkimIssue::MissingKey => missing("p="),
        DkimIssue::BadVersion(version) => quote(&format!("v={version}")),
        DkimIssue::BadEd25519Key { len } => format!("k=ed25519: p= {len} B ≠ 32 B"),
        DkimIssue::UnknownKeyType(name) => quote(&format!("k={name}")),
        DkimIssue::InvalidValue { tag, value } => quote(&format!("{tag}={value}")),
        DkimIssue::DuplicateTag(name) => duplicate(&format!("{name}=")),
        DkimIssue::InvalidCharacter(ch) => character(*ch),
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
    fn reports_each_error_with_its_span() {
        for (record, flagged, problem) in [
            ("v=DKIM1; k=rsa; p=abc", "abc", "“abc”"),
            ("v=DKIM1; k=rsa", "v=DKIM1; k=rsa", "p= ×0"),
            (
                "v=DKIM1; k=ed25519; p=AAAA",
                "p=AAAA",
                "k=ed25519: p= 3 B ≠ 32 B",
            ),
            ("v=DKIM2; p=", "DKIM2", "“v=DKIM2”"),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn quotes_long_values_shortened() {
        let record = format!("v=DKIM1; p={}!", "A".repeat(200));
        let findings = check(&RULE, &[&record]);
        assert_eq!(findings.len(), 1);
        let problem = &findings[0].params["problem"];
        assert!(
            problem.contains('…') && problem.chars().count() < 40,
            "{problem}"
        );
    }

    #[test]
    fn no_finding_when_the_key_is_valid_revoked_or_only_has_unknown_tags() {
        for record in [
            format!("v=DKIM1; k=ed25519; p={ED25519}"),
            "v=DKIM1; k=rsa; p=".to_owned(),
            format!("v=DKIM1; k=ed25519; p={ED25519}; x-note=hello"),
        ] {
            assert!(check(&RULE, &[&record]).is_empty(), "{record}");
        }
    }
}
