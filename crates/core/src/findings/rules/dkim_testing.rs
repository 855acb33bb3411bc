// Rule: dkim-testing
//
// The flag `t=y`: "This domain is testing DKIM. Verifiers MUST NOT treat messages
// from Signers in testing mode differently from unsigned email, even should the
// signature fail to verify" (RFC 6376 §3.6.1). A leftover from setting DKIM up, it
// hides broken signatures and leaves receivers free to disregard good ones.

use super::Rule;
use crate::Text;
use crate::dkim::{self, Flag};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dkim-testing",
    severity: Severity::Warning,
    topic: Topic::Dkim,
    kind: RecordKind::DkimKey,
    reference: Some("RFC 6376 §3.6.1"),
    text: RuleText {
        title: Text {
            ja: "DKIMがテストモード(t=y)になっています",
            en: "DKIM is in testing mode (t=y)",
        },
        why: Text {
            ja: "t=y は「DKIMをテスト中」という宣言です。受信側は署名の検証に失敗しても署名のないメールと同じに扱うため、設定の誤りに気付きにくく、DKIMによる保護も十分に働きません。",
            en: "t=y declares that the domain is testing DKIM: receivers treat the mail like unsigned mail even when the signature fails, so mistakes go unnoticed and DKIM protects little.",
        },
        fix: Text {
            ja: "署名が正しく検証されることを確認したら、t=y を削除してください。",
            en: "Once signatures verify correctly, remove t=y.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.records {
        let (parsed, issues) = dkim::parse(record);
        if !parsed.is_testing() {
            continue;
        }
        let mut finding = Finding::new(rule, ctx.owner, Some(record));
        if let Some(span) = parsed.span_of("t") {
            finding = finding.span(span);
        }
        // The fix is the record in canonical form without the flag. A record with
        // errors prints without its broken tags, so it gets no fix.
        if !issues.iter().any(|issue| issue.kind.is_error()) {
            let mut fixed = parsed.clone();
            fixed.flags.retain(|flag| *flag != Flag::Testing);
            finding = finding.fixed(fixed.to_string());
        }
        acc.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    /// RFC 8463 Appendix A's Ed25519 key.
    const ED25519: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    #[test]
    fn flags_t_y_and_drops_it_in_the_fix() {
        for (record, fixed) in [
            (
                format!("v=DKIM1; k=ed25519; t=y; p={ED25519}"),
                format!("v=DKIM1; k=ed25519; p={ED25519}"),
            ),
            (
                format!("v=DKIM1; k=ed25519; p={ED25519}; t=y:s"),
                format!("v=DKIM1; k=ed25519; p={ED25519}; t=s"),
            ),
        ] {
            let findings = check(&RULE, &[&record]);
            assert_eq!(findings.len(), 1, "{record}");
            let span = findings[0].span.clone().expect("a span");
            assert!(record[span].starts_with("t=y"), "{record}");
            assert_eq!(findings[0].fix.as_deref(), Some(fixed.as_str()));
        }
    }

    #[test]
    fn offers_no_fix_when_the_record_has_errors() {
        let findings = check(&RULE, &["v=DKIM1; t=y; p=abc"]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].fix, None);
    }

    #[test]
    fn no_finding_when_not_testing() {
        for record in [
            format!("v=DKIM1; k=ed25519; p={ED25519}"),
            format!("v=DKIM1; k=ed25519; t=s; p={ED25519}"),
        ] {
            assert!(check(&RULE, &[&record]).is_empty(), "{record}");
        }
    }
}
