// Rule: dmarc-multiple-records
//
// RFC 7489 §6.6.3: "If the remaining set contains multiple records or no records,
// policy discovery terminates and DMARC processing is not applied to this message."
// Two DMARC records leave the domain exactly as unprotected as none. Seen when a new
// provider's setup guide is followed on top of an existing record.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-multiple-records",
    severity: Severity::Error,
    topic: Topic::Dmarc,
    kind: RecordKind::Dmarc,
    reference: Some("RFC 7489 §6.6.3"),
    text: RuleText {
        title: Text {
            ja: "DMARCレコードが{count}件あります(1件だけにする必要があります)",
            en: "There are {count} DMARC records; only one is allowed",
        },
        why: Text {
            ja: "DMARCレコードが複数あると、受信側はDMARCを一切適用しません。DMARCを設定していないのと同じ状態になります。",
            en: "With more than one DMARC record, receivers apply no DMARC at all: it is as if the domain had none.",
        },
        fix: Text {
            ja: "1件にまとめてください。ポリシー(p=)とレポートの送信先(rua=)を1つのレコードに書きます。",
            en: "Keep a single record, with the policy (p=) and the report address (rua=) in it.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let count = ctx.dmarc_records().count();
    if count > 1 {
        // The problem is the set, not one record: the finding names none of them.
        acc.push(Finding::new(rule, ctx.owner, None).param("count", count));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_two_dmarc_records_once() {
        let findings = check(
            &RULE,
            &[
                "v=DMARC1; p=none; rua=mailto:dmarc@example.jp",
                "v=DMARC1; p=quarantine",
            ],
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["count"], "2");
    }

    #[test]
    fn no_finding_when_one_dmarc_record_stands_among_other_txt() {
        let records = ["v=DMARC1; p=reject", "some-verification=abc"];
        assert!(check(&RULE, &records).is_empty());
    }
}
