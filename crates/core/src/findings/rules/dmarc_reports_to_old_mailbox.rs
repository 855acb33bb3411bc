// Rule: dmarc-reports-to-old-mailbox
//
// DMARC report addresses (`rua`, `ruf`, RFC 7489 §6.3) and the zone's contact in the
// SOA RNAME (RFC 1035 §3.3.13) that are addresses of the domain itself are mailboxes
// on whatever receives the domain's mail: today, the old server. Unless the same
// address exists at the target, the reports that show forgotten senders during the
// move, and mail about the zone, are lost at the switch.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::stage::sides::sides;
use crate::survey::Report;

pub(super) static RULE: Rule = Rule {
    code: "dmarc-reports-to-old-mailbox",
    severity: Severity::Warning,
    topic: Topic::Dmarc,
    kind: RecordKind::Survey,
    reference: Some("RFC 7489 §6.3"),
    text: RuleText {
        title: Text {
            ja: "通知先のアドレス({addresses})は、今は旧メールサーバーで受け取っています",
            en: "Reports go to addresses that only the old mail server receives ({addresses})",
        },
        why: Text {
            ja: "{where_ja}はこのドメイン自身のアドレスです。移行先に同じアドレスがないと、MXの切り替え後はDMARCレポートやDNSの連絡が届かなくなり、移行中に送信元の漏れを見つける手段を失います。",
            en: "{where_en} are addresses of this domain itself. Unless the same addresses exist at the target, DMARC reports and mail about the zone stop arriving once MX is switched, and with them the way to spot forgotten senders during the move.",
        },
        fix: Text {
            ja: "計画の「すべてのアカウント・エイリアス・グループを作る」で、{addresses} を移行先にも作ってください(エイリアスやグループでも構いません)。使っていないアドレスなら、受け取れる宛先に変えてください。",
            en: "At the plan's step “Create every account, alias and group”, create {addresses} at the target too (an alias or a group will do). If nobody reads an address, change it to one that is read.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if !sides(report).mail_still_on_old_side() {
        return;
    }
    let mut addresses: Vec<String> = Vec::new();
    let (mut where_ja, mut where_en) = (Vec::new(), Vec::new());
    let dmarc = own_report_addresses(report);
    let dmarc_fact = report.dmarc.as_ref().filter(|_| !dmarc.is_empty());
    if !dmarc.is_empty() {
        where_ja.push("DMARCのレポート先(rua・ruf)");
        where_en.push("The DMARC report addresses (rua, ruf)");
        addresses.extend(dmarc);
    }
    if let Some(contact) = report
        .hosting
        .soa_contact
        .as_ref()
        .filter(|contact| is_at(contact, &report.domain))
    {
        where_ja.push("SOAの連絡先");
        where_en.push("the SOA contact");
        if !addresses.contains(contact) {
            addresses.push(contact.clone());
        }
    }
    if addresses.is_empty() {
        return;
    }
    // The finding is about the DMARC record when its addresses are among them.
    let owner = dmarc_fact.map_or(report.domain.as_str(), |fact| fact.found_at.as_str());
    let record = dmarc_fact.map(|fact| fact.record.as_str());
    acc.push(
        Finding::new(rule, owner, record)
            .param("addresses", addresses.join(", "))
            .param("where_ja", where_ja.join("と"))
            .param("where_en", where_en.join(" and ")),
    );
}

/// The `mailto:` addresses of `rua` and `ruf` at the domain itself, each once.
fn own_report_addresses(report: &Report) -> Vec<String> {
    let Some(fact) = &report.dmarc else {
        return Vec::new();
    };
    let (record, _) = crate::dmarc::parse(&fact.record);
    let mut addresses: Vec<String> = Vec::new();
    for uri in record.rua.iter().chain(&record.ruf) {
        let Some(address) = mailto(&uri.uri) else {
            continue;
        };
        if is_at(&address, &report.domain) && !addresses.contains(&address) {
            addresses.push(address);
        }
    }
    addresses
}

/// The address of a `mailto:` URI, lower-cased.
fn mailto(uri: &str) -> Option<String> {
    let (scheme, address) = uri.trim().split_once(':')?;
    scheme
        .eq_ignore_ascii_case("mailto")
        .then(|| address.trim().to_ascii_lowercase())
}

/// Whether `address` is a mailbox of `domain` itself.
fn is_at(address: &str, domain: &str) -> bool {
    address
        .rsplit_once('@')
        .is_some_and(|(_, at)| at.trim_end_matches('.').eq_ignore_ascii_case(domain))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::stage::tests::{report, with_target};
    use crate::survey::DmarcFact;

    fn with_dmarc(mut report: crate::survey::Report, record: &str) -> crate::survey::Report {
        report.dmarc = Some(DmarcFact {
            found_at: "_dmarc.example.jp".into(),
            record: record.into(),
            inherited: false,
        });
        report
    }

    #[test]
    fn own_report_addresses_before_the_switch_are_a_hazard() {
        let report = with_dmarc(
            with_target(report(&["mail.example.jp"]), "google-workspace"),
            "v=DMARC1; p=none; rua=mailto:dmarc@example.jp,mailto:x@reports.example; ruf=mailto:DMARC@Example.JP",
        );
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["addresses"], "dmarc@example.jp");
    }

    #[test]
    fn the_soa_contact_counts_too() {
        let mut report = report(&["mx01.lolipop.jp"]);
        report.hosting.soa_contact = Some("hostmaster@example.jp".into());
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["where_en"], "the SOA contact");
    }

    #[test]
    fn no_finding_after_the_switch_or_for_addresses_elsewhere() {
        let switched = with_dmarc(
            with_target(report(&["smtp.google.com"]), "google-workspace"),
            "v=DMARC1; p=none; rua=mailto:dmarc@example.jp",
        );
        assert!(check_report(&RULE, &switched).is_empty());
        let elsewhere = with_dmarc(
            with_target(report(&["mail.example.jp"]), "google-workspace"),
            "v=DMARC1; p=none; rua=mailto:dmarc@reports.example",
        );
        assert!(check_report(&RULE, &elsewhere).is_empty());
        // No target, an unrecognised server: nothing says mail is moving.
        let no_move = with_dmarc(
            report(&["mail.example.jp"]),
            "v=DMARC1; p=none; rua=mailto:dmarc@example.jp",
        );
        assert!(check_report(&RULE, &no_move).is_empty());
    }
}
