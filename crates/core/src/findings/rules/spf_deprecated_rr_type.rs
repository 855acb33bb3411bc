// Rule: spf-deprecated-rr-type
//
// SPF records "MUST be published as a DNS TXT (type 16) Resource Record (RR) only"
// (RFC 7208 §3.1): the SPF RR type (99) of SPF's experimental phase is discontinued,
// and §14.1 declares its use obsolete. Receivers do not look it up, so a type-99
// record does nothing, and one that differs from the TXT record leaves the owner
// unsure which policy is in effect; during a move it is where the old provider's
// settings survive unnoticed. One finding per name, whatever the records say.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "spf-deprecated-rr-type",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::SpfRrType,
    reference: Some("RFC 7208 §3.1"),
    text: RuleText {
        title: Text {
            ja: "廃止されたSPF型(タイプ99)のレコードが公開されています({count}件)",
            en: "The retired SPF record type (type 99) is in use ({count} found)",
        },
        why: Text {
            ja: "SPFはTXTレコードだけで公開すると定められており、SPF型(タイプ99)は廃止されています。受信側はこのレコードを参照しません。TXTのSPFレコードと内容が異なると、どちらが有効なのか分かりにくくなり、移行の際に古い設定が残る原因にもなります。",
            en: "SPF is published as TXT only; the SPF record type (type 99) is retired, and receivers do not look it up. When it differs from the TXT record, it is unclear which one is in effect, and old settings linger through a move.",
        },
        fix: Text {
            ja: "DNSの管理画面でSPF型(タイプ99)のレコードを削除し、TXTのSPFレコードだけを残してください。TXTのSPFレコードが無い場合は、先に同じ内容をTXTで登録してから削除します。",
            en: "Delete the SPF-type (type 99) record in your DNS console and keep the TXT SPF record. If there is no TXT SPF record, publish the same content as TXT first, then delete the SPF-type record.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    if !ctx.records.is_empty() {
        // The problem is the record type, not a record's text: the finding names none.
        acc.push(Finding::new(rule, ctx.owner, None).param("count", ctx.records.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::Lang;
    use crate::findings::rules::check;

    #[test]
    fn flags_type_99_records_once_per_name() {
        let findings = check(
            &RULE,
            &[
                "v=spf1 include:_spf.old-provider.example -all",
                "v=spf1 include:_spf.google.com ~all",
            ],
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["count"], "2");
        assert_eq!(findings[0].subject.record, None);
        assert_eq!(findings[0].span, None);
        assert!(findings[0].title(Lang::Ja).contains("2件"));
        assert!(findings[0].title(Lang::En).contains("2 found"));
    }

    #[test]
    fn flags_a_type_99_record_whatever_it_says() {
        let findings = check(&RULE, &["not an SPF record"]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["count"], "1");
    }

    #[test]
    fn no_finding_when_no_type_99_record_is_published() {
        assert!(check(&RULE, &[]).is_empty());
    }
}
