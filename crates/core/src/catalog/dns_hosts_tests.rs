//! Detection of the Japanese DNS hosts: realistic name-server sets match, look-alikes do not.

use super::*;

fn ids(name_servers: &[&str]) -> Vec<&'static str> {
    detect_dns_hosts(&Observed {
        name_servers,
        ..Observed::default()
    })
    .iter()
    .map(|detection| detection.provider.id)
    .collect()
}

#[test]
fn japanese_dns_hosts_are_found_by_their_name_servers() {
    for (name_servers, expected) in [
        (&["dns1.onamae.com.", "dns2.onamae.com."][..], "onamae-dns"),
        (&["uns01.lolipop.jp.", "uns02.lolipop.jp."], "lolipop"),
        (&["dns0.heteml.jp", "dns1.heteml.jp"], "heteml"),
        (&["NS0.KAGOYA.NET.", "ns1.kagoya.net."], "kagoya"),
        (
            &[
                "ns2.gehirndns.net.",
                "ns2.gehirndns.jp.",
                "ns2.gehirndns.com.",
                "ns2.gehirndns.org.",
            ],
            "gehirn-dns",
        ),
        (
            &[
                "ns01.idcfcloud.com",
                "ns02.idcfcloud.com",
                "ns03.idcfcloud.com",
            ],
            "idcf-cloud-dns",
        ),
    ] {
        assert_eq!(ids(name_servers), [expected], "{name_servers:?}");
    }
}

#[test]
fn look_alike_name_servers_match_no_japanese_host() {
    for name_server in [
        "dns3.onamae.com",
        "dns1.onamae.com.evil.example",
        "dns1.onamae.co.jp",
        "uns03.lolipop.jp",
        "uns01.lolipop.jp.example",
        "dns2.heteml.jp",
        "dns0.heteml.jp.example",
        "ns0.kagoya.jp",
        "ns2.kagoya.net",
        "www.kagoya.net",
        "ns2.gehirndns.co.jp",
        "ns2.gehirndns.com.evil.example",
        "dns2.gehirndns.com",
        "gehirndns.com",
        "ns04.idcfcloud.com",
        "ns01.idcfcloud.net",
        "ns01.idcfcloud.com.example",
    ] {
        assert!(ids(&[name_server]).is_empty(), "{name_server}");
    }
}

#[test]
fn a_delegation_split_between_japanese_hosts_lists_the_larger_first() {
    let found = detect_dns_hosts(&Observed {
        name_servers: &["ns2.gehirndns.com", "ns2.gehirndns.jp", "ns0.kagoya.net"],
        ..Observed::default()
    });
    let ids: Vec<&str> = found.iter().map(|d| d.provider.id).collect();
    // KAGOYA comes first in the catalog; Gehirn has more name servers here.
    assert_eq!(ids, ["gehirn-dns", "kagoya"]);
    assert_eq!(found[0].evidence.len(), 2);
    assert!(
        found
            .iter()
            .all(|d| d.evidence.iter().all(|e| e.signal == Signal::NameServer))
    );
}
