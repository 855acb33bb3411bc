// Rule: dnssec-ds-without-dnskey
//
// A DS at the parent promises that the zone is signed with the key it names. When the
// zone has no such key — typically after a move to a DNS host that does not sign, or
// signs with its own new key, while the old DS stays at the registrar — validating
// resolvers (a large share of the Internet's, including big mail providers') reject
// every answer: MX, SPF and DKIM lookups all fail, and mail is deferred, then bounced.
// This survey's own resolver may not validate, which is why it can still see the zone.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::DnssecStatus;

pub(super) static RULE: Rule = Rule {
    code: "dnssec-ds-without-dnskey",
    severity: Severity::Error,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 4035 §5"),
    text: RuleText {
        title: Text {
            ja: "親ゾーンのDSレコード({ds})に対応するDNSKEYがゾーンにありません(DNSSECの信頼の連鎖が切れています)",
            en: "The DS record at the parent ({ds}) matches no DNSKEY in the zone: the DNSSEC chain of trust is broken",
        },
        why: Text {
            ja: "DNSSECを検証するDNSサーバーは、このドメインのすべての応答をエラーとして扱います。MX・SPF・DKIMの問い合わせも失敗するため、多くの送信元からのメールが遅延し、やがて不達になります。",
            en: "Validating resolvers treat every answer for this domain as bogus. MX, SPF and DKIM lookups fail too, so mail from many senders is deferred and then bounced.",
        },
        fix: Text {
            ja: "現在のDNS事業者でDNSSECを有効にして、表示されるDSレコードをレジストラに登録し直してください。署名しない場合は、レジストラでDSレコードを削除してください。DNS事業者を移した直後なら、旧事業者のDSが残っているのが原因です。",
            en: "Turn DNSSEC on at your current DNS host and register the DS record it shows at your registrar, or, if you do not want DNSSEC, delete the DS at the registrar. Right after a DNS-host move, the old host's DS is the usual cause.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.dnssec.status == DnssecStatus::Broken {
        acc.push(
            Finding::new(
                rule,
                ctx.owner,
                report.dnssec.ds_records.first().map(String::as_str),
            )
            .param("ds", report.dnssec.ds_records.join(", ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::DnssecStatus;
    use crate::survey::report::empty;

    #[test]
    fn flags_a_broken_chain() {
        let mut report = empty("example.jp");
        report.dnssec.status = DnssecStatus::Broken;
        report.dnssec.ds_records = vec!["12345 13 2 ab01".into()];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["ds"], "12345 13 2 ab01");
        assert_eq!(
            findings[0].subject.record.as_deref(),
            Some("12345 13 2 ab01")
        );
    }

    #[test]
    fn silent_otherwise() {
        for status in [
            DnssecStatus::Signed,
            DnssecStatus::Unsigned,
            DnssecStatus::NotZoneApex,
            DnssecStatus::CouldNotCheck,
        ] {
            let mut report = empty("example.jp");
            report.dnssec.status = status;
            assert!(check_report(&RULE, &report).is_empty(), "{status:?}");
        }
    }
}
