// Rule: dnssec-unsigned
//
// DNSSEC is optional, and most mail domains work without it; this is information,
// not a fault. It matters to a move in two ways: a signed zone is what DANE (RFC 7672)
// and Microsoft's DNSSEC MX build on, and a DS at the registrar must be carried over
// (or removed) whenever the DNS host changes, or the zone goes dark for validating
// resolvers. Only said for a zone apex whose DS lookup was answered.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::DnssecStatus;

pub(super) static RULE: Rule = Rule {
    code: "dnssec-unsigned",
    severity: Severity::Info,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 4033 §5"),
    text: RuleText {
        title: Text {
            ja: "ドメイン「{domain}」はDNSSECで署名されていません",
            en: "The domain “{domain}” is not signed with DNSSEC",
        },
        why: Text {
            ja: "DNSSECは任意の設定で、なくてもメールは届きます。署名すると、MXなどの応答の改ざんを受信側が見抜けるようになり、DANE(送信時のTLS証明書の検証)も使えます。",
            en: "DNSSEC is optional and mail works without it. Signing lets receivers detect forged answers (MX included) and makes DANE (verified TLS for incoming mail) possible.",
        },
        fix: Text {
            ja: "対応は必須ではありません。署名する場合はDNS事業者で有効にし、表示されるDSレコードをレジストラ(ドメインの登録先)に登録します。後でDNS事業者を移すときは、DSも新しいものに差し替えるか先に削除してください。",
            en: "Nothing is required. To sign, turn DNSSEC on at your DNS host and register the DS record it shows at your registrar. If you later move DNS hosts, replace the DS (or remove it first) as part of the move.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.dnssec.status == DnssecStatus::Unsigned {
        acc.push(Finding::new(rule, ctx.owner, None).param("domain", &report.domain_unicode));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::DnssecStatus;
    use crate::survey::report::empty;

    #[test]
    fn says_an_apex_without_ds_is_unsigned() {
        let mut report = empty("example.jp");
        report.dnssec.status = DnssecStatus::Unsigned;
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].title(crate::Lang::En).contains("example.jp"));
    }

    #[test]
    fn silent_when_signed_unknown_or_not_an_apex() {
        for status in [
            DnssecStatus::Signed,
            DnssecStatus::Broken,
            DnssecStatus::NotZoneApex,
            DnssecStatus::CouldNotCheck,
        ] {
            let mut report = empty("example.jp");
            report.dnssec.status = status;
            assert!(check_report(&RULE, &report).is_empty(), "{status:?}");
        }
    }
}
