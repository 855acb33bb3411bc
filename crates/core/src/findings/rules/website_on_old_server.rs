// Rule: website-on-old-server
//
// The domain's or `www`'s address is the old mail server's: the website and the mail
// live on one machine (a rental server), so cancelling the old contract takes the
// website down with the mail.
//
// Evidence, and its limits: (1) an address of the domain or of `www` that is also an
// address of an old exchanger (an own-name MX, `MX 10 example.jp.`, is the plainest
// case); (2) a CNAME on the way to the website whose target is one of the old
// provider's server names in the catalog; (3) an address in the old provider's
// exchanger ranges, where the catalog has any (today it has none). A website on
// another machine of the same provider, reached by an address only, is not seen:
// the catalog holds no web-server addresses, and the survey asks no PTR.

use std::net::IpAddr;

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::stage::sides::sides;

pub(super) static RULE: Rule = Rule {
    code: "website-on-old-server",
    severity: Severity::Warning,
    topic: Topic::Provider,
    kind: RecordKind::Survey,
    reference: None,
    text: RuleText {
        title: Text {
            ja: "Webサイト({names})が旧メールサーバーと同じサーバーにあります",
            en: "The website ({names}) is on the old mail server",
        },
        why: Text {
            ja: "{evidence}。旧サーバーの契約を丸ごと解約すると、メールと一緒にWebサイトも止まります。",
            en: "{evidence}. Cancelling the old server's contract as a whole takes the website down with the mail.",
        },
        fix: Text {
            ja: "計画の「旧サービスを解約し、SPF から外す」では、メールの機能だけを解約するか、先にWebサイトを別のサーバーへ移してください。MXを切り替えても、Webサイトのレコード(A・AAAA・CNAME)は変えません。",
            en: "At the plan's step “Cancel the old service and take it out of SPF”, cancel the mail part only, or move the website to another server first. Switching MX leaves the website's records (A, AAAA, CNAME) as they are.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let sides = sides(report);
    if !sides.has_old_side() {
        return;
    }
    let mut names: Vec<&str> = Vec::new();
    let mut evidence: Vec<String> = Vec::new();
    for site in &report.hosting.website {
        let mut seen = |text: String| {
            if !names.contains(&site.name.as_str()) {
                names.push(&site.name);
            }
            if !evidence.contains(&text) {
                evidence.push(text);
            }
        };
        for address in &site.addresses {
            if let Some(exchanger) = sides
                .old_exchangers
                .iter()
                .find(|host| host.addresses.contains(address))
            {
                seen(format!("{} → {address} = MX {}", site.name, exchanger.host));
            } else if let Some(old) = in_old_ranges(&sides, *address) {
                seen(format!("{} → {address} ∈ {old}", site.name));
            }
        }
        for alias in &site.aliases {
            let server = sides.old.iter().find(|old| {
                old.provider
                    .mx
                    .iter()
                    .chain(old.provider.servers)
                    .any(|pattern| pattern.matches(alias))
            });
            if let Some(old) = server {
                seen(format!(
                    "{} → {alias} ({})",
                    site.name, old.provider.name.en
                ));
            }
        }
    }
    if names.is_empty() {
        return;
    }
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("names", names.join(", "))
            .param("evidence", evidence.join("; ")),
    );
}

/// The range of an old provider's exchangers that holds `address`.
fn in_old_ranges(sides: &crate::stage::Sides<'_>, address: IpAddr) -> Option<String> {
    sides.old.iter().find_map(|old| {
        old.provider
            .exchanger_ranges
            .iter()
            .find(|range| range.contains(address))
            .map(ToString::to_string)
    })
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};

    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::stage::tests::{report, with_target};
    use crate::survey::WebsiteFact;

    fn site(name: &str, address: [u8; 4], aliases: &[&str]) -> WebsiteFact {
        WebsiteFact {
            name: name.into(),
            addresses: vec![IpAddr::V4(Ipv4Addr::from(address))],
            aliases: aliases.iter().map(|alias| (*alias).to_owned()).collect(),
            known: true,
        }
    }

    #[test]
    fn the_website_on_the_old_exchangers_address_is_a_hazard() {
        // `report` gives the first exchanger 127.0.0.25.
        let mut report = with_target(report(&["example.jp"]), "google-workspace");
        report.hosting.website = vec![site("example.jp", [127, 0, 0, 25], &[])];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["names"], "example.jp");
        assert!(findings[0].params["evidence"].contains("= MX example.jp"));
    }

    #[test]
    fn www_as_an_alias_of_the_old_providers_server_is_a_hazard() {
        let mut report = report(&["sv1234.xserver.jp"]);
        report.hosting.website = vec![site(
            "www.example.jp",
            [192, 0, 2, 80],
            &["sv1234.xserver.jp"],
        )];
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].params["evidence"].contains("Xserver"));
    }

    #[test]
    fn no_finding_when_the_website_is_elsewhere() {
        let mut report = with_target(report(&["mail.example.jp"]), "google-workspace");
        report.hosting.website = vec![site(
            "www.example.jp",
            [192, 0, 2, 80],
            &["example.github.io"],
        )];
        assert!(check_report(&RULE, &report).is_empty());
    }

    #[test]
    fn no_finding_without_an_old_side() {
        // No target, an unrecognised server: nothing is being left.
        let mut report = report(&["example.jp"]);
        report.hosting.website = vec![site("example.jp", [127, 0, 0, 25], &[])];
        assert!(check_report(&RULE, &report).is_empty());
    }
}
