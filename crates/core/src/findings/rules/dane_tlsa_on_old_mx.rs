// Rule: dane-tlsa-on-old-mx
//
// RFC 7672 §2.2: a sender that does DANE looks up TLSA at `_25._tcp.<exchanger>` and
// delivers only to a server whose certificate matches it. TLSA records the domain
// keeps for its own old exchanger tie delivery to that server's certificate: re-point
// the name to a new server, or let the old certificate change during the move, and
// DANE senders stop delivering. After the switch they protect nothing, and the target
// is covered only by its own TLSA, if it publishes any.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::stage::sides::sides;
use crate::survey::Presence;

pub(super) static RULE: Rule = Rule {
    code: "dane-tlsa-on-old-mx",
    severity: Severity::Warning,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 7672 §2.2"),
    text: RuleText {
        title: Text {
            ja: "旧メールサーバー({hosts})にDANEのTLSAレコードがあります",
            en: "The old mail server ({hosts}) has DANE TLSA records",
        },
        why: Text {
            ja: "DANEに対応した送信側は、{owners} のTLSAと一致する証明書を出すサーバーにしか配送しません。移行中に旧サーバーの証明書が変わったり、この名前を新しいサーバーに向け直したりすると、配送が止まります。移行先のMXにはこのTLSAは効かないため、切り替え後はDANEによる保護もなくなります。",
            en: "Senders that do DANE deliver only to a server whose certificate matches the TLSA at {owners}. If the old server's certificate changes during the move, or this name is pointed at a new server, delivery stops. The TLSA does not cover the target's MX, so after the switch DANE no longer protects the mail.",
        },
        fix: Text {
            ja: "計画の「MX を切り替える」までは、TLSAを旧サーバーの証明書に合わせたまま、この名前を別のサーバーへ向け直さないでください。切り替えが済み、旧サーバーにメールが届かなくなったら {owners} のTLSAを削除します。移行先がDANEに対応していれば、その案内に従って設定してください。",
            en: "Until the plan's step “Switch MX”, keep the TLSA matching the old server's certificate and do not point this name at another server. Once the switch is done and no mail reaches the old server, delete the TLSA at {owners}. If the target supports DANE, set it up as it describes.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let sides = sides(report);
    let old: Vec<&crate::survey::TlsaFact> = report
        .hosting
        .tlsa
        .iter()
        .filter(|fact| fact.presence == Presence::Present)
        .filter(|fact| {
            sides
                .old_exchangers
                .iter()
                .any(|host| host.host == fact.exchanger)
        })
        .collect();
    if old.is_empty() {
        return;
    }
    let join = |pick: fn(&crate::survey::TlsaFact) -> &str| {
        old.iter()
            .map(|fact| pick(fact))
            .collect::<Vec<_>>()
            .join(", ")
    };
    acc.push(
        Finding::new(
            rule,
            &old[0].owner,
            old[0].records.first().map(String::as_str),
        )
        .param("hosts", join(|fact| &fact.exchanger))
        .param("owners", join(|fact| &fact.owner)),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::stage::tests::{report, with_target};
    use crate::survey::{Presence, TlsaFact};

    fn with_tlsa(
        mut report: crate::survey::Report,
        host: &str,
        presence: Presence,
    ) -> crate::survey::Report {
        report.hosting.tlsa.push(TlsaFact {
            exchanger: host.into(),
            owner: format!("_25._tcp.{host}"),
            records: vec!["3 1 1 abab".into()],
            presence,
        });
        report
    }

    #[test]
    fn tlsa_at_the_old_own_exchanger_is_a_hazard() {
        let report = with_tlsa(
            with_target(report(&["mail.example.jp"]), "google-workspace"),
            "mail.example.jp",
            Presence::Present,
        );
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["owners"], "_25._tcp.mail.example.jp");
        assert_eq!(findings[0].subject.owner, "_25._tcp.mail.example.jp");
    }

    #[test]
    fn no_finding_without_tlsa_or_without_a_move() {
        let absent = with_tlsa(
            with_target(report(&["mail.example.jp"]), "google-workspace"),
            "mail.example.jp",
            Presence::Absent,
        );
        assert!(check_report(&RULE, &absent).is_empty());
        // No target, an unrecognised server: it is not "old".
        let no_move = with_tlsa(
            report(&["mail.example.jp"]),
            "mail.example.jp",
            Presence::Present,
        );
        assert!(check_report(&RULE, &no_move).is_empty());
    }
}
