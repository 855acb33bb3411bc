// Rule: dkim-key-weak
//
// RFC 8301 §3.2: "Signers SHOULD use RSA keys of at least 2048 bits." A 1024-bit key
// still verifies everywhere today, but leaves little margin against factoring, and
// older setups (some providers' defaults were 1024 bits) are the ones still using it.
// Keys under 1024 bits are dkim-key-too-short.

use super::Rule;
use super::dkim_key_too_short::MIN_RSA_BITS;
use crate::Text;
use crate::dkim::{self, KeyType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

/// RFC 8301 §3.2: "Signers SHOULD use RSA keys of at least 2048 bits."
const RECOMMENDED_RSA_BITS: u32 = 2048;

pub(super) static RULE: Rule = Rule {
    code: "dkim-key-weak",
    severity: Severity::Warning,
    topic: Topic::Dkim,
    kind: RecordKind::DkimKey,
    reference: Some("RFC 8301 §3.2"),
    text: RuleText {
        title: Text {
            ja: "DKIMの鍵が推奨より短いです(RSA {bits}ビット。推奨は{recommended}ビット以上です)",
            en: "The DKIM key is shorter than recommended (RSA, {bits} bits; {recommended} or more is recommended)",
        },
        why: Text {
            ja: "{bits}ビットの鍵は現在も検証に通りますが、安全性の余裕が小さく、RFCでは{recommended}ビット以上が推奨されています。",
            en: "A {bits}-bit key still verifies today but leaves little safety margin; the RFC recommends {recommended} bits or more.",
        },
        fix: Text {
            ja: "送信サービスの管理画面で{recommended}ビットの鍵を発行し、新しいセレクタで登録してから切り替えてください。鍵が長いため、DNSの設定画面によっては255文字ごとに分けて登録する必要があります。",
            en: "Issue a {recommended}-bit key in your sending service's admin console, publish it under a new selector, then switch. The key is long: some DNS consoles need it split into strings of at most 255 characters.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for record in ctx.records {
        let (parsed, _) = dkim::parse(record);
        if parsed.effective_key_type() != KeyType::Rsa {
            continue;
        }
        let Some(bits) = parsed
            .key_bits()
            .filter(|bits| (MIN_RSA_BITS..RECOMMENDED_RSA_BITS).contains(bits))
        else {
            continue;
        };
        let mut finding = Finding::new(rule, ctx.owner, Some(record))
            .param("bits", bits)
            .param("recommended", RECOMMENDED_RSA_BITS);
        if let Some(span) = parsed.span_of("p") {
            finding = finding.span(span);
        }
        acc.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::Lang;
    use crate::findings::rules::check;

    /// `openssl genrsa 512`, then `openssl rsa -pubout -outform DER | base64`.
    const RSA_512: &str = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAM7yhuTWdhlvaAKAtwXr3EffhH33oPp8ENxdVQ/IgR/+w8WGMK2pz2HKGYKjeGQLR35Oao+VlUYvKsb+HGvME+sCAwEAAQ==";
    /// The 1024-bit key of `dkim::key`'s tests.
    const RSA_1024: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCkNngq24vvKgmQNRRHq2WokMj3zLrjcQEl8POzDdZjq1kizif6D2ocoWCX2mg8cEdMzuLmNe7Rz61AgEUy/HZCB2OzvzxfBQES5Hjl+xIUgaD6fmgxv2GnZtcBlcO+olyeQMEnD6cgPtZYTCuTmDSCNR9c5n/oLDcgAlvs031bvQIDAQAB";
    /// The 2048-bit key of `dkim::key`'s tests.
    const RSA_2048: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArzp7VL//xIZLmbdJPOHl+/vJ/q4At25+h8YLYQIaqFgdyTzKLr7cfsI31MyR5t71dbjXL8Ck1bp30HGy1hlw74IbY3TmKwTWqu74HLnxoiGJ5pAjwyNhH/ZUz1BGIkblNIEQ5CAzz/hQZhs031pzAv4wilo8pYVwdvG4MXzJquw91v1d6Rl/j+o1OWs6RDTObI9IEPTTu2WC1tPi4s9fnQJraJIqyQB68DpRUATZbahbMwfVUEUE/o7iR/691SnOWXpTKloFZxxuFL4AQShEjcoSlN9kCxqNlP5iRO5t5vkgfnFmkFj2RVdbmiUODX6gUjTWMznDXW6bi2Qto+FQXwIDAQAB";

    #[test]
    fn flags_a_1024_bit_rsa_key() {
        let record = format!("v=DKIM1; k=rsa; p={RSA_1024}");
        let findings = check(&RULE, &[&record]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["bits"], "1024");
        assert_eq!(findings[0].span, Some(16..record.len()));
        assert!(findings[0].title(Lang::Ja).contains("2048ビット以上"));
    }

    #[test]
    fn no_finding_when_the_key_is_2048_bits_too_short_or_not_rsa() {
        for record in [
            format!("v=DKIM1; k=rsa; p={RSA_2048}"),
            format!("v=DKIM1; p={RSA_512}"),
            "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=".to_owned(),
        ] {
            assert!(check(&RULE, &[&record]).is_empty(), "{record}");
        }
    }
}
