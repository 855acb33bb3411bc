// Rule: dmarc-syntax-error
//
// Receivers read a DMARC record tag by tag, and what they cannot read they drop: a
// record that does not start with `v=DMARC1` is discarded (RFC 7489 §6.6.3), one
// without a valid `p=` is at best treated as `p=none`, and a tag with a value outside
// its grammar is ignored (§6.4 gives the grammar). Spoofed mail is then delivered as
// if the domain had no policy. One finding per problem, with its span; the problems
// receivers tolerate (unknown tags, tag case) are not reported here.

use super::tag_record_issues::errors;
use super::{Rule, character, duplicate, missing, quote};
use crate::Text;
use crate::dmarc::DmarcIssue;
use crate::findings::{RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-syntax-error",
    severity: Severity::Error,
    topic: Topic::Dmarc,
    kind: RecordKind::Dmarc,
    reference: Some("RFC 7489 §6.4"),
    text: RuleText {
        title: Text {
            ja: "DMARCレコードに書式の誤りがあります: {problem}",
            en: "The DMARC record has a syntax error: {problem}",
        },
        why: Text {
            ja: "受信側は書式の誤った部分を無視し、場合によってはDMARCレコード全体を使いません。なりすましメールへの対処(p=)が働かなくなります。",
            en: "Receivers ignore the broken part, and sometimes the whole DMARC record, so the policy against spoofed mail (p=) stops working.",
        },
        fix: Text {
            ja: "示された箇所を修正してください。先頭に「v=DMARC1」、次に「p=none」「p=quarantine」「p=reject」のいずれかを書き、タグは「;」で区切ります。「×0」は必須のタグが無いこと、「×2」は同じタグが2回あることを表します。",
            en: "Correct the highlighted part: start with “v=DMARC1”, then “p=none”, “p=quarantine” or “p=reject”, and separate tags with “;”. “×0” means a required tag is missing, “×2” that a tag appears twice.",
        },
    },
    check: |acc, ctx, rule| errors(acc, ctx, rule, describe),
};

/// A DMARC record's error, in words that work in both languages (they quote the record).
fn describe(issue: &DmarcIssue, text: &str) -> String {
    match issue {
        DmarcIssue::MissingPolicy => missing("p="),
        DmarcIssue::InvalidValue { tag, value } => quote(&format!("{tag}={value}")),
        DmarcIssue::DuplicateTag(name) => duplicate(&format!("{name}=")),
        DmarcIssue::InvalidCharacter(ch) => character(*ch),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_error_with_its_span() {
        let record = "v=DMARC1; p=rejct; pct=50; pct=100";
        let findings = check(&RULE, &[record]);
        let problems: Vec<_> = findings
            .iter()
            .map(|finding| {
                let span = finding.span.clone().expect("a span");
                (&record[span], finding.params["problem"].as_str())
            })
            .collect();
        assert_eq!(problems, [("rejct", "“p=rejct”"), ("pct=100", "pct= ×2")]);
    }

    #[test]
    fn reports_a_missing_policy() {
        let findings = check(&RULE, &["v=DMARC1; rua=mailto:dmarc@example.jp"]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["problem"], "p= ×0");
    }

    #[test]
    fn no_finding_when_only_tolerated_problems_or_other_txt() {
        for record in [
            "v=DMARC1; p=reject; rua=mailto:dmarc@example.jp",
            "v=DMARC1; p=none; foo=bar",
            "v=dmarc1; p=none",
            "v=spf1 -all",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
