// Rule: dnssec-signed-dns-move
//
// RFC 6781 §4.3.5: moving a signed zone to another DNS operator needs the parent's DS
// changed in step with the keys, or validating resolvers reject every answer
// (SERVFAIL) and the domain vanishes for them, mail included. The survey cannot know
// whether the plan moves DNS; it can see a signed zone (DS at the parent) hosted by
// the old mail provider's DNS, which a move away from that provider usually takes
// along (see `dns-host-is-old-provider`). So this is a caution, said only then.

use super::Rule;
use super::dns_host_is_old_provider::old_dns_host;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::Presence;

pub(super) static RULE: Rule = Rule {
    code: "dnssec-signed-dns-move",
    severity: Severity::Warning,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 6781 §4.3.5"),
    text: RuleText {
        title: Text {
            ja: "DNSSECで署名されたゾーンを旧サービス({old_ja})のDNSで管理しています",
            en: "The DNSSEC-signed zone is hosted by the old service's DNS ({old_en})",
        },
        why: Text {
            ja: "親ゾーンにDS(キータグ {tags})があるため、検証するリゾルバーは今の鍵で署名された応答しか受け付けません。DNSを別のサービスへ移すときにDSを先に外すか差し替えないと、移転先の応答は検証に失敗し(SERVFAIL)、メールもWebサイトもこのドメインに届かなくなります。",
            en: "The parent zone holds a DS (key tag {tags}), so validating resolvers accept only answers signed with today's key. Move DNS to another service without removing or replacing the DS first and every answer of the new host fails validation (SERVFAIL): mail and the website stop reaching this domain.",
        },
        fix: Text {
            ja: "DNSを移す場合(計画の「旧サービスを解約し、SPF から外す」より前)は、まずドメインの登録事業者でDSを削除し、DSのTTLが過ぎてからネームサーバーを変え、移転先で署名を有効にしてから新しいDSを登録してください。DNSを{old_ja}に残すなら、この手順は要りません。",
            en: "If DNS moves (before the plan's step “Cancel the old service and take it out of SPF”), first remove the DS at the registrar, change the name servers once the DS's TTL has passed, and register the new DS after signing is on at the new host. If DNS stays with {old_en}, none of this is needed.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.dnssec.ds != Presence::Present {
        return;
    }
    let Some((old, _)) = old_dns_host(report) else {
        return;
    };
    let tags: Vec<String> = report
        .dnssec
        .ds_records
        .iter()
        .filter_map(|ds| ds.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("old_ja", old.name.ja)
            .param("old_en", old.name.en)
            .param(
                "tags",
                if tags.is_empty() {
                    "-".to_owned()
                } else {
                    tags.join(", ")
                },
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::stage::tests::report;
    use crate::survey::Presence;

    fn on_xserver(ds: Presence, ns: &str) -> crate::survey::Report {
        let mut report = report(&["sv1234.xserver.jp"]);
        report.ns = vec![ns.into()];
        report.dnssec.ds = ds;
        report
    }

    #[test]
    fn a_signed_zone_on_the_old_providers_dns_is_a_caution() {
        assert_eq!(
            check_report(&RULE, &on_xserver(Presence::Present, "ns1.xserver.jp")).len(),
            1
        );
    }

    #[test]
    fn no_finding_when_unsigned_unknown_or_dns_elsewhere() {
        assert!(check_report(&RULE, &on_xserver(Presence::Absent, "ns1.xserver.jp")).is_empty());
        assert!(check_report(&RULE, &on_xserver(Presence::Unknown, "ns1.xserver.jp")).is_empty());
        assert!(
            check_report(&RULE, &on_xserver(Presence::Present, "ns1.example-dns.jp")).is_empty()
        );
    }
}
