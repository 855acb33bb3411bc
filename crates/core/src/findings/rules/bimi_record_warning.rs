// Rule: bimi-record-warning
//
// What receivers tolerate in a BIMI record (draft-brand-indicators-for-message-
// identification, "Assertion Record Definition"): tags the draft does not define
// ("unknown tags MUST be ignored"), an `avp=` value other than `brand` or `personal`,
// which is ignored too, and a known tag name in another case (`L=`), which this
// parser reads but a receiver comparing names exactly may not. The logo is still
// shown, but a setting the owner meant may not apply. One finding per problem, with
// its span; problems that keep the logo from being shown are `bimi-syntax-error`'s,
// including those at the same span as a warning (`V=bimi1`). Records whose first tag is not `v=` are other TXT records and are left alone.

use super::tag_record_issues::warnings;
use super::{Rule, corrected, lower_case_name, quote};
use crate::Text;
use crate::bimi::BimiIssue;
use crate::findings::{RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "bimi-record-warning",
    severity: Severity::Warning,
    topic: Topic::Bimi,
    kind: RecordKind::Bimi,
    reference: Some("draft-brand-indicators-for-message-identification"),
    text: RuleText {
        title: Text {
            ja: "BIMIレコードに確認が必要な箇所があります: {problem}",
            en: "The BIMI record has a part to check: {problem}",
        },
        why: Text {
            ja: "受信側は、BIMIで定義されていないタグや値を無視します。大文字で書かれたタグ名も、受信側によっては認識されません。意図した設定が使われていない可能性があります。",
            en: "Receivers ignore tags and values BIMI does not define, and some do not recognise tag names written in capitals, so a setting you meant may not be in effect.",
        },
        fix: Text {
            ja: "「A → B」と示された箇所は、B のようにタグ名を小文字で書き直してください。avp= には brand または personal を指定します。不要なタグは削除してください。",
            en: "Where the message shows “A” → “B”, rewrite the tag name in lower case as B. avp= takes brand or personal. Delete tags you do not need.",
        },
    },
    check: |acc, ctx, rule| warnings(acc, ctx, rule, describe),
};

/// A BIMI record's warning, in words that work in both languages (they quote the record).
fn describe(issue: &BimiIssue, text: &str) -> String {
    match issue {
        BimiIssue::TagCase(_) => corrected(text, &lower_case_name(text, '=')),
        BimiIssue::UnknownValue { tag, value } => quote(&format!("{tag}={value}")),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_warning_with_its_span() {
        for (record, flagged, problem) in [
            (
                "v=BIMI1; L=https://example.jp/logo.svg",
                "L=https://example.jp/logo.svg",
                "“L=https://example.jp/logo.svg” → “l=https://example.jp/logo.svg”",
            ),
            (
                "v=BIMI1; l=https://example.jp/logo.svg; avp=brnd",
                "brnd",
                "“avp=brnd”",
            ),
            (
                "v=BIMI1; l=https://example.jp/logo.svg; x=1",
                "x=1",
                "“x=1”",
            ),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn no_finding_when_the_record_is_clean_declined_broken_or_not_bimi() {
        for record in [
            "v=BIMI1; l=https://example.jp/logo.svg; a=https://example.jp/vmc.pem; avp=personal",
            "v=BIMI1; l=",
            // Errors are `bimi-syntax-error`'s.
            "v=BIMI1; l=http://example.jp/logo.svg",
            "v=bimi1; l=",
            "V=bimi1; l=",
            "some-verification=abc",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
