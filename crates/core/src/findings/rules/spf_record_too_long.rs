// Rule: spf-record-too-long
//
// A DNS answer too large for one UDP datagram is truncated and must be asked again
// over TCP, or, with EDNS, is split into IP fragments that firewalls often drop.
// Receivers behind such paths get no SPF record, and their check ends in temperror
// or none. RFC 7208 §3.4 asks publishers to keep the answer small and gives the
// figure used here; long records usually hold includes and addresses left over
// from services no longer in use.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

/// RFC 7208 §3.4: "If the size of the DNS message, the combined length of the DNS name
/// and the text of all the records of a given type is under 450 octets, then DNS
/// answers ought to fit in UDP packets." Measured here on the SPF record alone (the
/// other TXT records at the name are not the SPF record's fault), so a record under
/// the figure can still share an answer that is too large.
const MAX_OCTETS: usize = 450;

pub(super) static RULE: Rule = Rule {
    code: "spf-record-too-long",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Spf,
    reference: Some("RFC 7208 §3.4"),
    text: RuleText {
        title: Text {
            ja: "SPFレコードが長すぎます({length}バイト。目安は{limit}バイト以下です)",
            en: "The SPF record is too long ({length} bytes; keep it within {limit})",
        },
        why: Text {
            ja: "DNSの応答が大きいと、1つのUDPパケットに収まらず、TCPでの再問い合わせが必要になったり、途中で失われたりします。一部の受信サーバーでSPFを取得できず、認証が一時エラーになることがあります。",
            en: "A large DNS answer does not fit in one UDP packet: resolvers must ask again over TCP, or the answer is fragmented and lost on the way. Some receivers then cannot fetch SPF, and the check fails with a temporary error.",
        },
        fix: Text {
            ja: "使っていないサービスの include や ip4 を削除し、連続したIPアドレスは「/24」などの範囲指定にまとめてください。",
            en: "Remove the includes and addresses of services you no longer use, and merge consecutive addresses into ranges such as “/24”.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.spf_records() {
        if record.len() > MAX_OCTETS {
            acc.push(
                Finding::new(rule, ctx.owner, Some(record))
                    .param("length", record.len())
                    .param("limit", MAX_OCTETS),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_OCTETS, RULE};
    use crate::findings::rules::check;

    /// `v=spf1`, then `ip4:` terms until the record is at least `len` octets, then `-all`.
    fn record_of(len: usize) -> String {
        let mut record = "v=spf1".to_owned();
        let mut host = 0;
        while record.len() + " -all".len() < len {
            host += 1;
            record.push_str(&format!(" ip4:192.0.2.{host}"));
        }
        record + " -all"
    }

    #[test]
    fn flags_a_record_over_the_limit() {
        let record = record_of(MAX_OCTETS + 1);
        let findings = check(&RULE, &[&record]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["length"], record.len().to_string());
        assert_eq!(findings[0].params["limit"], "450");
        assert!(findings[0].title(crate::Lang::Ja).contains("450バイト"));
    }

    #[test]
    fn no_finding_when_the_record_is_within_the_limit() {
        let mut record = record_of(MAX_OCTETS - 20);
        record.push_str(&" ".repeat(MAX_OCTETS - record.len()));
        assert_eq!(record.len(), MAX_OCTETS);
        assert!(check(&RULE, &[&record]).is_empty());
        assert!(check(&RULE, &["v=spf1 include:_spf.google.com ~all"]).is_empty());
    }
}
