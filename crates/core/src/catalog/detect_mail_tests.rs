//! Detection of mail providers: positive and negative cases, own-name MX, mixed
//! providers, and the evidence each detection carries.

use std::net::{IpAddr, Ipv4Addr};

use super::*;

fn ids<T: CatalogEntry>(detections: &[Detection<T>]) -> Vec<&'static str> {
    detections.iter().map(|d| d.provider.id()).collect()
}

fn mail(observed: Observed<'_>) -> Vec<Detection<MailProvider>> {
    detect_mail_providers(&observed)
}

#[test]
fn finds_targets_by_mx() {
    for (mx_hosts, expected) in [
        (&["smtp.google.com."][..], "google-workspace"),
        (
            &["ASPMX.L.GOOGLE.COM", "alt1.aspmx.l.google.com"],
            "google-workspace",
        ),
        (&["aspmx2.googlemail.com"], "google-workspace"),
        (
            &["contoso-com.mail.protection.outlook.com"],
            "microsoft-365",
        ),
        (&["contosotest-com.o-v1.mx.microsoft"], "microsoft-365"),
        (
            &["mx.zoho.com", "mx2.zoho.com", "mx3.zoho.com"],
            "zoho-mail",
        ),
        (&["mx.zoho.eu"], "zoho-mail"),
        (
            &["mx.zoho.jp", "mx2.zoho.jp", "mx3.zoho.jp"],
            "zoho-mail-jp",
        ),
        (&["inbound-smtp.us-east-1.amazonaws.com"], "amazon-workmail"),
        (&["in1-smtp.messagingengine.com"], "fastmail"),
        (
            &["mail.protonmail.ch", "mailsec.protonmail.ch"],
            "proton-mail",
        ),
    ] {
        let found = mail(Observed {
            mx_hosts,
            ..Observed::default()
        });
        assert_eq!(ids(&found), [expected], "{mx_hosts:?}");
        assert!(found[0].receives_mail());
        assert_eq!(found[0].evidence.len(), mx_hosts.len(), "{mx_hosts:?}");
    }
}

#[test]
fn suffixes_match_only_on_label_boundaries() {
    for mx_host in [
        "evil-google.com",
        "smtp.google.com.evil.example",
        "notaspmx.l.google.com",
        "contoso-com.mail.protection.outlook.com.example",
        "mail.protection.outlook.com",
        "evilmail.protection.outlook.com",
        "mx.zoho.com.evil.example",
        "mx.evilzoho.com",
        "sv1234.xserver.jp.example.com",
        "sv1234.notxserver.jp",
        "example.sakura.ne.jp.evil.example",
        "sakura.ne.jp",
        "mx01.lolipop.jp.example",
    ] {
        let found = mail(Observed {
            mx_hosts: &[mx_host],
            ..Observed::default()
        });
        assert!(found.is_empty(), "{mx_host}: {:?}", ids(&found));
    }
    let found = mail(Observed {
        spf_includes: &[
            "x_spf.google.com",
            "spf.protection.outlook.com.evil.example",
        ],
        ..Observed::default()
    });
    assert!(found.is_empty(), "{:?}", ids(&found));
}

#[test]
fn own_name_mx_with_an_xserver_include_is_xserver() {
    let found = mail(Observed {
        mx_hosts: &["example.co.jp."],
        spf_includes: &["spf.sender.xserver.jp"],
        spf_hosts: &["sv1234.xserver.jp", "example.co.jp"],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["xserver"]);
    let xserver = &found[0];
    assert!(xserver.in_spf());
    assert!(
        !xserver.receives_mail(),
        "the MX is the customer's own name"
    );
    assert_eq!(
        xserver.evidence,
        [
            Evidence {
                signal: Signal::SpfInclude,
                observed: "spf.sender.xserver.jp".into(),
                pattern: "spf.sender.xserver.jp".into(),
            },
            Evidence {
                signal: Signal::SpfHost,
                observed: "sv1234.xserver.jp".into(),
                pattern: "sv*.xserver.jp".into(),
            },
        ]
    );
}

#[test]
fn own_name_mx_on_sakura_is_found_through_the_spf_host_and_name_servers() {
    let found = mail(Observed {
        mx_hosts: &["example.jp"],
        spf_hosts: &["www1234.sakura.ne.jp"],
        name_servers: &["ns1.dns.ne.jp.", "ns2.dns.ne.jp."],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["sakura"]);
    let signals: Vec<Signal> = found[0].evidence.iter().map(|e| e.signal).collect();
    assert_eq!(
        signals,
        [Signal::SpfHost, Signal::NameServer, Signal::NameServer]
    );
}

#[test]
fn own_name_mx_is_found_through_the_exchangers_reverse_name() {
    let found = mail(Observed {
        mx_hosts: &["example.co.jp"],
        exchanger_names: &["SV1234.XSERVER.JP."],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["xserver"]);
    assert!(found[0].receives_mail());
    assert_eq!(found[0].evidence[0].signal, Signal::ExchangerName);
}

#[test]
fn exchanger_addresses_match_catalogued_ranges() {
    // providers.md gives no provider's address ranges yet, so this uses a test entry
    // in the documentation range (RFC 5737).
    static TEST_HOST: MailProvider = MailProvider {
        id: "test-host",
        exchanger_ranges: &[AddressRange {
            network: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 0)),
            prefix_len: 24,
        }],
        ..MailProvider::BLANK
    };
    let inside: IpAddr = "192.0.2.25".parse().expect("literal address");
    let outside: IpAddr = "198.51.100.25".parse().expect("literal address");
    let evidence = TEST_HOST.evidence(&Observed {
        exchanger_addresses: &[inside, outside, inside],
        ..Observed::default()
    });
    assert_eq!(
        evidence,
        [Evidence {
            signal: Signal::ExchangerAddress,
            observed: "192.0.2.25".into(),
            pattern: "192.0.2.0/24".into(),
        }]
    );
    let none = TEST_HOST.evidence(&Observed {
        exchanger_addresses: &[outside],
        ..Observed::default()
    });
    assert!(none.is_empty());
}

#[test]
fn mixed_providers_put_the_receiving_one_first() {
    // MX already at Google, SPF still naming the old Xserver host: mid-migration.
    let found = mail(Observed {
        mx_hosts: &["smtp.google.com"],
        spf_includes: &["spf.sender.xserver.jp", "_spf.google.com"],
        name_servers: &["ns1.xserver.jp", "ns2.xserver.jp"],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["google-workspace", "xserver"]);
    assert!(found[0].receives_mail() && found[0].in_spf());
    assert!(!found[1].receives_mail() && found[1].in_spf());
}

#[test]
fn name_servers_alone_rank_last() {
    let found = mail(Observed {
        mx_hosts: &["example.co.jp"],
        spf_includes: &["_spf.lolipop.jp"],
        name_servers: &["ns1.xserver.jp"],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["lolipop", "xserver"]);
    assert!(!found[1].in_spf() && !found[1].receives_mail());
}

#[test]
fn consumer_and_government_clouds_are_kept_apart() {
    for (mx_host, expected) in [
        ("alt1.gmail-smtp-in.l.google.com", "gmail"),
        ("example-com.olc.protection.outlook.com", "outlook-com"),
        (
            "example-com.mail.protection.office365.us",
            "microsoft-365-gcc-high",
        ),
        ("mx-biz.mail.am0.yahoodns.net", "yahoo"),
        ("mx01.mail.icloud.com", "icloud-mail"),
    ] {
        let found = mail(Observed {
            mx_hosts: &[mx_host],
            ..Observed::default()
        });
        assert_eq!(ids(&found), [expected], "{mx_host}");
    }
}

#[test]
fn no_observations_find_nothing() {
    let nothing = Observed::default();
    assert!(detect_mail_providers(&nothing).is_empty());
    assert!(detect_gateways(&nothing).is_empty());
    assert!(detect_senders(&nothing).is_empty());
    assert!(detect_dns_hosts(&nothing).is_empty());
    assert!(detect_verifications(&nothing).is_empty());
}

#[test]
fn detections_serialise_with_the_entry_id() {
    let found = mail(Observed {
        mx_hosts: &["example.co.jp"],
        spf_includes: &["spf.sender.xserver.jp"],
        ..Observed::default()
    });
    let json = serde_json::to_value(&found).expect("serialisable");
    assert_eq!(
        json,
        serde_json::json!([{
            "id": "xserver",
            "evidence": [{
                "signal": "spf-include",
                "observed": "spf.sender.xserver.jp",
                "pattern": "spf.sender.xserver.jp",
            }],
        }])
    );
}

#[test]
fn duplicate_observations_count_once() {
    let found = mail(Observed {
        mx_hosts: &["smtp.google.com", "SMTP.GOOGLE.COM."],
        ..Observed::default()
    });
    assert_eq!(found[0].evidence.len(), 1);
}
