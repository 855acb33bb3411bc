// Rule: dkim-key-too-short
//
// RFC 8301 §3.2: "Signers MUST use RSA keys of at least 1024 bits for all keys", and
// "Verifiers MUST NOT consider signatures using RSA keys of less than 1024 bits as
// valid signatures." Mail signed with a shorter key gets no DKIM pass anywhere, and
// such keys can be factored cheaply, so others could sign mail as the domain.

use super::Rule;
use crate::Text;
use crate::dkim::{self, KeyType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

/// RFC 8301 §3.2: "Signers MUST use RSA keys of at least 1024 bits for all keys."
pub(super) const MIN_RSA_BITS: u32 = 1024;

pub(super) static RULE: Rule = Rule {
    code: "dkim-key-too-short",
    severity: Severity::Error,
    topic: Topic::Dkim,
    kind: RecordKind::DkimKey,
    reference: Some("RFC 8301 §3.2"),
    text: RuleText {
        title: Text {
            ja: "DKIMの鍵が短すぎます(RSA {bits}ビット)",
            en: "The DKIM key is too short (RSA, {bits} bits)",
        },
        why: Text {
            ja: "{min}ビット未満のRSA鍵による署名は、受信側で有効な署名として扱われません。短い鍵は解読されるおそれもあり、第三者にこのドメインの署名を偽造されかねません。",
            en: "Receivers do not accept signatures made with RSA keys shorter than {min} bits, and such keys can be broken, letting others sign mail as your domain.",
        },
        fix: Text {
            ja: "送信サービスの管理画面で2048ビットの鍵を新しく発行し、DNSに登録してから、署名に使う鍵を切り替えてください。",
            en: "Issue a new 2048-bit key in your sending service's admin console, publish it in DNS, then switch signing to it.",
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
        let Some(bits) = parsed.key_bits().filter(|bits| *bits < MIN_RSA_BITS) else {
            continue;
        };
        let mut finding = Finding::new(rule, ctx.owner, Some(record))
            .param("bits", bits)
            .param("min", MIN_RSA_BITS);
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

    #[test]
    fn flags_an_rsa_key_under_1024_bits() {
        let record = format!("v=DKIM1; k=rsa; p={RSA_512}");
        let findings = check(&RULE, &[&record]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["bits"], "512");
        assert_eq!(findings[0].span, Some(16..record.len()));
        assert!(findings[0].title(Lang::Ja).contains("512ビット"));
        assert!(findings[0].why(Lang::En).contains("1024 bits"));
    }

    #[test]
    fn no_finding_when_the_key_is_long_enough_or_not_rsa() {
        for record in [
            format!("v=DKIM1; k=rsa; p={RSA_1024}"),
            "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=".to_owned(),
            "v=DKIM1; p=".to_owned(),
        ] {
            assert!(check(&RULE, &[&record]).is_empty(), "{record}");
        }
    }
}
