//! Catalog invariants: the data is well-formed and consistent with itself.

use std::collections::HashSet;

use super::*;
use crate::DomainName;

/// The pattern as a plain name, each `*` replaced by a letter, so the crate's name
/// parser can judge its syntax.
fn as_example_name(pattern: &str) -> String {
    pattern.replace('*', "x")
}

/// Checks `name` as a query name: service labels (`_spf.google.com`) are allowed, and
/// so is `.invalid`, the top-level domain Microsoft's MX verification uses on purpose.
fn check_name(name: &str) -> Result<String, crate::NameError> {
    crate::parse_query_name(name, &crate::NamePolicy::allowing(["invalid"]))
}

fn assert_valid_pattern(context: &str, pattern: HostPattern) {
    let text = pattern.as_str();
    assert_eq!(
        text,
        text.to_ascii_lowercase(),
        "{context}: {text} must be lower case"
    );
    assert!(
        !text.ends_with('.'),
        "{context}: {text} must not end with a dot"
    );
    if let Err(error) = check_name(&as_example_name(text)) {
        panic!("{context}: {text} is not a valid name pattern: {error}");
    }
    assert!(
        pattern.matches(&as_example_name(text)),
        "{context}: {text} must match its own example"
    );
}

/// Owners are relative (`zb*`, `_amazonses`): judge them below an example domain.
fn assert_valid_owner(context: &str, owner: &str) {
    let name = format!("{}.example.com", as_example_name(owner));
    if let Err(error) = check_name(&name) {
        panic!("{context}: owner {owner} is not a valid label: {error}");
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

fn assert_ids_and_names<T: CatalogEntry>(kind: &str) {
    let mut seen = HashSet::new();
    let mut count = 0;
    for entry in T::all() {
        count += 1;
        let id = entry.id();
        assert!(is_kebab_case(id), "{kind} id {id:?} is not kebab-case");
        assert!(seen.insert(id), "{kind} id {id:?} is used twice");
        let name = entry.name();
        for text in [name.ja, name.en] {
            assert!(
                !text.trim().is_empty() && text.trim() == text,
                "{kind} {id} needs a trimmed name in both languages: {name:?}"
            );
        }
        assert!(
            T::find(id).is_some_and(|found| std::ptr::eq(found, entry)),
            "{kind} {id}: find() returns another entry"
        );
    }
    assert!(count > 0, "no {kind} in the catalog");
}

#[test]
fn ids_are_unique_kebab_case_and_names_are_bilingual() {
    assert_ids_and_names::<MailProvider>("mail provider");
    assert_ids_and_names::<Gateway>("gateway");
    assert_ids_and_names::<Sender>("sender");
    assert_ids_and_names::<DnsHost>("DNS host");
}

#[test]
fn the_product_targets_are_in_the_catalog() {
    for id in [
        "google-workspace",
        "microsoft-365",
        "zoho-mail",
        "zoho-mail-jp",
    ] {
        let provider = MailProvider::find(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(provider.is_target(), "{id} must be a target");
    }
    for id in ["xserver", "sakura"] {
        let provider = MailProvider::find(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(!provider.is_target(), "{id} is a source only");
    }
}

#[test]
fn every_pattern_is_a_valid_name() {
    for provider in MailProvider::all() {
        let context = provider.id;
        for &pattern in provider
            .mx
            .iter()
            .chain(provider.servers)
            .chain(provider.spf_includes)
        {
            assert_valid_pattern(context, pattern);
        }
        for range in provider.exchanger_ranges {
            assert!(range.is_canonical(), "{context}: {range} is not canonical");
        }
        if let Some(DkimScheme {
            record: DkimRecord::Cname { targets },
            ..
        }) = provider.dkim
        {
            for &pattern in targets {
                assert_valid_pattern(context, pattern);
            }
        }
        for method in provider.verification {
            match *method {
                VerificationMethod::Cname { owner, target } => {
                    assert_valid_pattern(context, target);
                    assert_valid_owner(context, owner);
                }
                VerificationMethod::Mx { exchanger } => assert_valid_pattern(context, exchanger),
                VerificationMethod::Txt { owner, value } => {
                    assert!(!value.is_empty(), "{context}: empty TXT pattern");
                    if owner != "@" {
                        assert_valid_owner(context, owner);
                    }
                }
                VerificationMethod::HtmlFile | VerificationMethod::ActivatesOnMx => {}
            }
        }
    }
    for gateway in Gateway::all() {
        for &pattern in gateway.mx.iter().chain(gateway.spf_includes) {
            assert_valid_pattern(gateway.id, pattern);
        }
    }
    for sender in Sender::all() {
        for &pattern in sender.spf_includes {
            assert_valid_pattern(sender.id, pattern);
        }
    }
    for host in DnsHost::all() {
        for &pattern in host.name_servers {
            assert_valid_pattern(host.id, pattern);
        }
    }
}

#[test]
fn every_entry_can_be_recognised() {
    for provider in MailProvider::all() {
        let recognisable = !provider.mx.is_empty()
            || !provider.servers.is_empty()
            || !provider.spf_includes.is_empty()
            || !provider.exchanger_ranges.is_empty()
            || provider.dns_host.is_some();
        assert!(recognisable, "{}: nothing to recognise it by", provider.id);
    }
    for gateway in Gateway::all() {
        assert!(!gateway.mx.is_empty(), "{}: no MX pattern", gateway.id);
    }
    for sender in Sender::all() {
        assert!(!sender.spf_includes.is_empty(), "{}: no include", sender.id);
    }
    for host in DnsHost::all() {
        assert!(!host.name_servers.is_empty(), "{}: no name server", host.id);
    }
}

#[test]
fn every_target_has_mx_and_verification() {
    let example = DomainName::parse("example.co.jp").expect("literal name");
    for target in targets() {
        let setup = target.setup.expect("targets() yields targets only");
        assert!(!setup.mx.is_empty(), "{}: no MX set", target.id);
        assert!(
            !target.verification.is_empty(),
            "{}: no verification method",
            target.id
        );
        for record in setup.mx.iter().chain(setup.legacy_mx) {
            // A region is needed by regional templates; any valid label will do here.
            let host = record
                .host
                .render(&example, Some("ap-northeast-1"))
                .expect("a region was given");
            DomainName::parse(&host)
                .unwrap_or_else(|error| panic!("{}: MX {host}: {error}", target.id));
            assert!(
                target.mx.iter().any(|pattern| pattern.matches(&host)),
                "{}: its own MX {host} must match its MX patterns",
                target.id
            );
        }
        if let Some(spf) = setup.spf {
            assert_valid_pattern(target.id, HostPattern(spf.include));
            assert!(
                target.spf_includes.iter().any(|p| p.matches(spf.include)),
                "{}: the include it asks for must be one it recognises",
                target.id
            );
            if let Some(record) = spf.vendor_record {
                let (parsed, issues) = crate::spf::parse(record);
                assert!(issues.is_empty(), "{}: {record}: {issues:?}", target.id);
                assert!(!parsed.terms.is_empty());
            }
        }
    }
}

#[test]
fn each_target_mx_set_points_at_that_target_alone() {
    let example = DomainName::parse("example.co.jp").expect("literal name");
    for target in targets() {
        let setup = target.setup.expect("targets() yields targets only");
        let hosts: Vec<String> = setup
            .mx
            .iter()
            .chain(setup.legacy_mx)
            .filter_map(|record| record.host.render(&example, Some("us-east-1")))
            .collect();
        let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
        let found = detect_mail_providers(&Observed {
            mx_hosts: &hosts,
            ..Observed::default()
        });
        let ids: Vec<&str> = found.iter().map(|d| d.provider.id).collect();
        assert_eq!(ids, [target.id], "MX {hosts:?}");
        assert!(found.iter().all(Detection::receives_mail));
    }
}

#[test]
fn mail_providers_link_to_catalogued_dns_hosts() {
    for provider in MailProvider::all() {
        if let Some(host) = provider.dns_host {
            assert!(
                DnsHost::all().any(|known| std::ptr::eq(known, host)),
                "{}: its DNS host {} is not in the DNS host catalog",
                provider.id,
                host.id
            );
        }
    }
}

#[test]
fn microsoft_mx_is_derived_from_the_domain() {
    let domain = DomainName::parse("Contoso.co.jp").expect("literal name");
    let setup = targets::MICROSOFT_365.setup.expect("a target");
    assert_eq!(
        setup.mx[0].host.render(&domain, None).as_deref(),
        Some("contoso-co-jp.mail.protection.outlook.com")
    );
    let workmail = targets_other::AMAZON_WORKMAIL.setup.expect("a target");
    assert_eq!(workmail.mx[0].host.render(&domain, None), None);
    assert_eq!(
        workmail.mx[0]
            .host
            .render(&domain, Some("us-east-1"))
            .as_deref(),
        Some("inbound-smtp.us-east-1.amazonaws.com")
    );
}

/// The files that hold catalog entries, as compiled, so their comments can be checked.
const DATA_FILES: [(&str, &str); 8] = [
    ("targets.rs", include_str!("targets.rs")),
    ("targets_other.rs", include_str!("targets_other.rs")),
    ("sources_japan.rs", include_str!("sources_japan.rs")),
    ("sources_global.rs", include_str!("sources_global.rs")),
    ("gateways.rs", include_str!("gateways.rs")),
    ("senders.rs", include_str!("senders.rs")),
    ("dns_hosts_japan.rs", include_str!("dns_hosts_japan.rs")),
    ("dns_hosts.rs", include_str!("dns_hosts.rs")),
];

#[test]
fn every_catalog_entry_has_a_source_comment() {
    let mut entries = 0;
    for (file, text) in DATA_FILES {
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let Some(declaration) = line.strip_prefix("pub static ") else {
                continue;
            };
            if declaration.starts_with("ALL:") {
                continue;
            }
            entries += 1;
            // Above the entry: its `///` doc comment, and above that its `// Source:` lines.
            let sources: Vec<&str> = lines[..index]
                .iter()
                .rev()
                .skip_while(|above| above.starts_with("///"))
                .take_while(|above| above.starts_with("// Source:"))
                .copied()
                .collect();
            assert!(
                !sources.is_empty(),
                "{file}: `{line}` needs a `// Source: …, checked <date>` comment above its doc comment"
            );
            for source in sources {
                let what = source.trim_start_matches("// Source:").trim();
                assert!(
                    !what.is_empty() && what.contains(", checked "),
                    "{file}: `{source}` must say where and when (`…, checked <date>`)"
                );
            }
        }
    }
    // The files above hold every entry the catalog serves (a new data file must be added).
    let served = MailProvider::all().count()
        + Gateway::all().count()
        + Sender::all().count()
        + DnsHost::all().count();
    assert_eq!(entries, served, "entries in DATA_FILES vs entries served");
}
