// Rule: bimi-syntax-error
//
// Receivers that cannot read a BIMI record show no logo: a record that does not
// start with exactly `v=BIMI1` is discarded, and `l=` (the SVG logo) and `a=` (the
// mark certificate) must be HTTPS URIs (draft-brand-indicators-for-message-
// identification, "Assertion Record Definition"). BIMI is optional, but a broken
// record wastes the logo and the certificate the domain paid for. Records whose
// first tag is not `v=` are other TXT records and are left alone.

use super::tag_record_issues::errors;
use super::{Rule, character, duplicate, missing, quote};
use crate::Text;
use crate::bimi::BimiIssue;
use crate::findings::{RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "bimi-syntax-error",
    severity: Severity::Error,
    topic: Topic::Bimi,
    kind: RecordKind::Bimi,
    reference: Some("draft-brand-indicators-for-message-identification"),
    text: RuleText {
        title: Text {
            ja: "BIMIレコードに書式の誤りがあります: {problem}",
            en: "The BIMI record has a syntax error: {problem}",
        },
        why: Text {
            ja: "書式に誤りがあると、受信側はBIMIレコードを使わず、メールにロゴが表示されません。",
            en: "With a syntax error, receivers ignore the BIMI record and no logo is shown next to your mail.",
        },
        fix: Text {
            ja: "「v=BIMI1; l=https://(ロゴのSVGファイルのURL); a=https://(証明書のURL)」の形にしてください。URLは https: で始める必要があります。「×0」は必須のタグが無いこと、「×2」は同じタグが2回あることを表します。",
            en: "Use the form “v=BIMI1; l=https://(URL of the SVG logo); a=https://(URL of the certificate)”; both URLs must start with https:. “×0” means a required tag is missing, “×2” that a tag appears twice.",
        },
    },
    check: |acc, ctx, rule| errors(acc, ctx, rule, describe),
};

/// A BIMI record's error, in words that work in both languages (they quote the record).
fn describe(issue: &BimiIssue, text: &str) -> String {
    match issue {
        BimiIssue::MissingLocation => missing("l="),
        BimiIssue::InvalidValue { tag, value } | BimiIssue::NotHttps { tag, value } => {
            quote(&format!("{tag}={value}"))
        }
        BimiIssue::DuplicateTag(name) => duplicate(&format!("{name}=")),
        BimiIssue::InvalidCharacter(ch) => character(*ch),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_error_with_its_span() {
        for (record, flagged, problem) in [
            (
                "v=BIMI1; l=http://example.jp/logo.svg",
                "http://example.jp/logo.svg",
                "“l=http://example.jp/logo.svg”",
            ),
            ("v=BIMI1; a=", "v=BIMI1; a=", "l= ×0"),
            ("v=bimi1; l=", "v=bimi1", "“v=bimi1”"),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn no_finding_when_the_record_is_valid_declined_or_not_bimi() {
        for record in [
            "v=BIMI1; l=https://example.jp/logo.svg; a=https://example.jp/vmc.pem",
            "v=BIMI1; l=",
            "v=BIMI1; l=https://example.jp/logo.svg; avp=brand",
            "some-verification=abc",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
