// Rule: dmarc-unknown-tag
//
// Receivers ignore tags that DMARC does not define (RFC 7489 §6.3; DMARCbis adds
// `np`, `psd` and `t`, which are known here). An unknown tag is usually a typo of a
// real one (`rau=` for `rua=`), and then the tag that was meant is missing: reports go
// nowhere, or the policy is not what the owner thinks.

use super::Rule;
use crate::Text;
use crate::dmarc::{self, DmarcIssue};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-unknown-tag",
    severity: Severity::Warning,
    topic: Topic::Dmarc,
    kind: RecordKind::Dmarc,
    reference: Some("RFC 7489 §6.3"),
    text: RuleText {
        title: Text {
            ja: "DMARCレコードに不明なタグがあります: {tag}",
            en: "The DMARC record has an unknown tag: {tag}",
        },
        why: Text {
            ja: "DMARCで定義されていないタグは受信側で無視されます。多くは綴りの誤りで、本来設定したかったタグ(rua= など)が効いていない可能性があります。",
            en: "Receivers ignore tags DMARC does not define. It is usually a typo, so the tag you meant (such as rua=) is not in effect.",
        },
        fix: Text {
            ja: "タグの綴りを確認してください。使えるタグは v、p、sp、rua、ruf、adkim、aspf、pct、fo、rf、ri などです。不要なタグは削除します。",
            en: "Check the spelling: DMARC's tags are v, p, sp, rua, ruf, adkim, aspf, pct, fo, rf, ri and a few more. Delete tags you do not need.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.dmarc_records() {
        let (_, issues) = dmarc::parse(record);
        for issue in issues {
            if let DmarcIssue::UnknownTag(name) = &issue.kind {
                acc.push(
                    Finding::new(rule, ctx.owner, Some(record))
                        .span(issue.span.clone())
                        .param("tag", name),
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
    fn flags_each_unknown_tag() {
        let record = "v=DMARC1; p=none; rau=mailto:dmarc@example.jp; x=1";
        let findings = check(&RULE, &[record]);
        let tags: Vec<_> = findings
            .iter()
            .map(|finding| finding.params["tag"].as_str())
            .collect();
        assert_eq!(tags, ["rau", "x"]);
        let span = findings[0].span.clone().expect("a span");
        assert_eq!(&record[span], "rau=mailto:dmarc@example.jp");
    }

    #[test]
    fn no_finding_when_every_tag_is_known() {
        let record = "v=DMARC1; p=reject; sp=reject; np=reject; psd=n; t=n; \
                      rua=mailto:dmarc@example.jp; adkim=s; aspf=r; pct=100; fo=1; ri=86400";
        assert!(check(&RULE, &[record]).is_empty());
    }
}
