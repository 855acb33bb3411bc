// Rule: dkim-key-revoked
//
// An empty `p=`: "An empty value means that this public key has been revoked"
// (RFC 6376 §3.6.1), and signatures made with the selector fail. That is the right
// way to retire the old provider's selector after a move, so this is information —
// unless some service still signs with it.

use super::Rule;
use crate::Text;
use crate::dkim;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dkim-key-revoked",
    severity: Severity::Info,
    topic: Topic::Dkim,
    kind: RecordKind::DkimKey,
    reference: Some("RFC 6376 §3.6.1"),
    text: RuleText {
        title: Text {
            ja: "DKIMの公開鍵が無効化されています(p= が空です)",
            en: "The DKIM key has been revoked (empty p=)",
        },
        why: Text {
            ja: "p= が空のレコードは、この鍵が使用停止であることを表します。このセレクタで署名されたメールは検証に失敗します。旧サービスの鍵を停止した場合は正常な状態です。",
            en: "An empty p= means the key is revoked: mail signed with this selector fails DKIM. After retiring an old service's key, this is as intended.",
        },
        fix: Text {
            ja: "このセレクタで署名しているサービスがまだあれば、そのサービスの管理画面で新しい鍵を発行して登録してください。なければ対応は不要です。",
            en: "If a service still signs with this selector, issue a new key in that service's admin console and publish it; if none does, nothing needs to be done.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.records {
        let (parsed, _) = dkim::parse(record);
        if !parsed.is_revoked() {
            continue;
        }
        let mut finding = Finding::new(rule, ctx.owner, Some(record));
        if let Some(span) = parsed.span_of("p") {
            finding = finding.span(span);
        }
        acc.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_an_empty_key() {
        for record in ["v=DKIM1; k=rsa; p=", "v=DKIM1; p= ; t=s"] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(record[span].trim(), "p=", "{record}");
        }
    }

    #[test]
    fn no_finding_when_a_key_is_published_or_missing() {
        for record in [
            "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
            "v=DKIM1; k=rsa",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
