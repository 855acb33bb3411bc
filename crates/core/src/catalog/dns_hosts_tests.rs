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
    ] {
        assert!(ids(&[name_server]).is_empty(), "{name_server}");
    }
}
