//! Detection of gateways, sending services, DNS hosts and verification tokens.

use super::*;

fn ids<T: CatalogEntry>(detections: &[Detection<T>]) -> Vec<&'static str> {
    detections.iter().map(|d| d.provider.id()).collect()
}

#[test]
fn gateways_are_found_by_mx_and_spf() {
    let found = detect_gateways(&Observed {
        mx_hosts: &["mx0a-001234.pphosted.com", "mx0b-001234.pphosted.com"],
        spf_includes: &["spf-00123401.pphosted.com"],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["proofpoint"]);
    assert_eq!(found[0].evidence.len(), 3);

    let found = detect_gateways(&Observed {
        mx_hosts: &[
            "us-smtp-inbound-1.mimecast.com",
            "cluster1.eu.messagelabs.com",
        ],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["mimecast", "symantec-messagelabs"]);

    for mx_host in [
        "pphosted.com",
        "evilpphosted.com",
        "messagelabs.com",
        "eu.messagelabs.com",
    ] {
        let found = detect_gateways(&Observed {
            mx_hosts: &[mx_host],
            ..Observed::default()
        });
        assert!(found.is_empty(), "{mx_host}: {:?}", ids(&found));
    }
    // A gateway in MX is not a mailbox provider.
    assert!(
        detect_mail_providers(&Observed {
            mx_hosts: &["mx0a-001234.pphosted.com"],
            ..Observed::default()
        })
        .is_empty()
    );
}

#[test]
fn senders_are_found_by_spf_include() {
    let found = detect_senders(&Observed {
        spf_includes: &[
            "_spf.google.com",
            "sendgrid.net",
            "SERVERS.MCSV.NET.",
            "123456.spf04.hubspotemail.net",
            "spf.haihaimail.jp",
        ],
        ..Observed::default()
    });
    assert_eq!(
        ids(&found),
        ["sendgrid", "mailchimp", "hubspot", "haihai-mail"]
    );

    for include in [
        "evilsendgrid.net",
        "sendgrid.net.evil.example",
        "spf.hubspotemail.net",
        "123456.notspf.hubspotemail.net",
    ] {
        let found = detect_senders(&Observed {
            spf_includes: &[include],
            ..Observed::default()
        });
        assert!(found.is_empty(), "{include}: {:?}", ids(&found));
    }
}

#[test]
fn dns_hosts_are_found_by_name_server() {
    for (name_servers, expected) in [
        (&["ns1.xserver.jp", "ns2.xserver.jp"][..], "xserver"),
        (&["01.dnsv.jp.", "02.dnsv.jp."], "onamae-dns"),
        (&["dns01.muumuu-domain.com"], "muumuu-dns"),
        (
            &["ns-1536.awsdns-00.co.uk", "ns-512.awsdns-00.net"],
            "route-53",
        ),
        (&["ns-cloud-a1.googledomains.com"], "google-cloud-dns"),
        (&["ns1-01.azure-dns.com"], "azure-dns"),
        (
            &["kate.ns.cloudflare.com", "rob.ns.cloudflare.com"],
            "cloudflare",
        ),
        (&["ns45.domaincontrol.com"], "godaddy"),
        (&["freedns3.registrar-servers.com"], "namecheap"),
    ] {
        let found = detect_dns_hosts(&Observed {
            name_servers,
            ..Observed::default()
        });
        assert_eq!(ids(&found), [expected], "{name_servers:?}");
    }
    for name_server in [
        "ns6.xserver.jp",
        "ns1.xserver.jp.example",
        "ns.cloudflare.com",
        "kate.ns.cloudflare.com.evil.example",
        "05.dnsv.jp",
    ] {
        let found = detect_dns_hosts(&Observed {
            name_servers: &[name_server],
            ..Observed::default()
        });
        assert!(found.is_empty(), "{name_server}: {:?}", ids(&found));
    }
}

#[test]
fn a_mixed_delegation_lists_the_majority_host_first() {
    let found = detect_dns_hosts(&Observed {
        name_servers: &[
            "ns1.dns.ne.jp",
            "kate.ns.cloudflare.com",
            "rob.ns.cloudflare.com",
        ],
        ..Observed::default()
    });
    assert_eq!(ids(&found), ["cloudflare", "sakura"]);
}

#[test]
fn verification_tokens_show_which_services_the_domain_was_added_to() {
    let txt = [
        ObservedTxt {
            owner: "@",
            value: "v=spf1 include:_spf.google.com ~all",
        },
        ObservedTxt {
            owner: "",
            value: "google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ",
        },
        ObservedTxt {
            owner: "@",
            value: "MS=ms12345678",
        },
        ObservedTxt {
            owner: "@",
            value: "zoho-verification=zb12345678.zmverify.zoho.jp",
        },
    ];
    let found = detect_verifications(&Observed {
        txt: &txt,
        ..Observed::default()
    });
    assert_eq!(
        ids(&found),
        ["google-workspace", "microsoft-365", "zoho-mail-jp"]
    );
    assert!(found.iter().all(|d| d.evidence[0].signal == Signal::Txt));
}

#[test]
fn verification_by_cname_mx_and_labelled_txt() {
    let found = detect_verifications(&Observed {
        mx_hosts: &["ms12345678.msv1.invalid.", "example.co.jp"],
        cname_targets: &[
            "gv-abcdefghijklmnop.dv.googlehosted.com.",
            "zmverify.zoho.com",
        ],
        txt: &[ObservedTxt {
            owner: "_amazonses",
            value: "fmxqxT/icOYx4aA/bEUrDPMeax9/s3frblS+niixmqk=",
        }],
        ..Observed::default()
    });
    assert_eq!(
        ids(&found),
        [
            "google-workspace",
            "microsoft-365",
            "zoho-mail",
            "amazon-workmail"
        ]
    );
}

#[test]
fn verification_lookalikes_are_not_tokens() {
    let txt = [
        // The right prefix at the wrong owner.
        ObservedTxt {
            owner: "www",
            value: "google-site-verification=abc",
        },
        // A Zoho token from another data centre is not the global or Japanese one.
        ObservedTxt {
            owner: "@",
            value: "zoho-verification=zb12345678.zmverify.zoho.in",
        },
        ObservedTxt {
            owner: "@",
            value: "v=spf1 include:spf.protection.outlook.com -all MS=ms1",
        },
    ];
    let found = detect_verifications(&Observed {
        txt: &txt,
        cname_targets: &["googlehosted.com", "zmverify.zoho.com.evil.example"],
        mx_hosts: &["msv1.invalid"],
        ..Observed::default()
    });
    assert!(found.is_empty(), "{:?}", ids(&found));
}

#[test]
fn client_config_hosts_name_their_provider() {
    for (host, expected) in [
        ("autodiscover.outlook.com", Some("microsoft-365")),
        ("AUTODISCOVER.OUTLOOK.COM.", Some("microsoft-365")),
        (
            "autodiscover.mail.us-east-1.awsapps.com",
            Some("amazon-workmail"),
        ),
        // An exchanger name: a rental server's own host.
        ("smtp.google.com", Some("google-workspace")),
        ("autodiscover.outlook.com.evil.example", None),
        ("autodiscover.mail.a.b.awsapps.com", None),
        ("autodiscover.example.jp", None),
        ("", None),
    ] {
        let found = detect_client_config_host(host);
        assert_eq!(
            found.as_ref().map(|detection| detection.provider.id),
            expected,
            "{host}"
        );
        if let Some(detection) = found {
            assert_eq!(detection.evidence.len(), 1);
        }
    }
}

#[test]
fn host_templates_match_what_they_render() {
    let dashes = HostTemplate::DomainWithDashes {
        suffix: "mail.protection.outlook.com",
    };
    assert!(dashes.matches("contoso-com.mail.protection.outlook.com"));
    assert!(!dashes.matches("mail.protection.outlook.com"));
    assert!(!dashes.matches("a.b.mail.protection.outlook.com"));
    let region = HostTemplate::Region {
        prefix: "autodiscover.mail",
        suffix: "awsapps.com",
    };
    assert!(region.matches("autodiscover.mail.eu-west-1.awsapps.com"));
    assert_eq!(region.describe(), "autodiscover.mail.*.awsapps.com");
    assert!(HostTemplate::Fixed("autodiscover.outlook.com").matches("Autodiscover.Outlook.com."));
}
