//! `mailmove blocklist` through the binary against the fixture zones on a loopback
//! authority: a list that answers as RFC 5782 says (listed, not listed), Spamhaus's
//! public-resolver refusal code, and a dead list that lists everything. Every
//! question goes to the test authority: no packet leaves loopback.

use std::process::Command;

use mailmove_testkit::dns_authority::DnsAuthority;

async fn authority() -> DnsAuthority {
    let zones = ["dnsbl.test", "senders.test", "zen.spamhaus.org"]
        .map(|zone| mailmove_testkit::fixture(&format!("zones/{zone}.zone")));
    DnsAuthority::serve(&zones).await.expect("authority")
}

fn blocklist(authority: &DnsAuthority, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(["--allow-tld", "test", "blocklist"])
        .args(args)
        .args(["--nameserver", &authority.addr.to_string()])
        .output()
        .expect("run mailmove");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn listing<'a>(json: &'a serde_json::Value, address: &str, zone: &str) -> &'a serde_json::Value {
    json["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["address"] == address)
        .unwrap_or_else(|| panic!("{address} not checked: {json}"))["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["zone"] == zone)
        .unwrap_or_else(|| panic!("{zone} not asked about {address}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn listed_not_listed_refused_and_dead_lists_read_as_they_mean() {
    let authority = authority().await;
    let (status, stdout, stderr) = blocklist(
        &authority,
        &[
            "senders.test",
            "--target",
            "custom",
            "--mx",
            "10 new-mx.senders.test",
            "--dnsbl",
            "dnsbl.test",
            "--dnsbl",
            "zen.spamhaus.org",
            "--dnsbl",
            "everything.dnsbl.test",
            "--json",
        ],
    );
    assert_eq!(status, 1, "something listed: {stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"], "listed");
    // dnsbl.test: mx2 and the SPF's ip6 sender listed, the rest not.
    let mx2 = listing(&json, "192.0.2.2", "dnsbl.test");
    assert_eq!(mx2["listing"], "listed");
    assert_eq!(mx2["codes"][0]["code"], "127.0.0.4");
    assert_eq!(
        listing(&json, "2001:db8::25", "dnsbl.test")["listing"],
        "listed"
    );
    for address in ["192.0.2.1", "2001:db8::1", "192.0.2.10", "198.51.100.5"] {
        assert_eq!(
            listing(&json, address, "dnsbl.test")["listing"],
            "not-listed",
            "{address}"
        );
    }
    // Spamhaus's 127.255.255.254 (public resolver) is could not check, never listed.
    let refused = listing(&json, "192.0.2.2", "zen.spamhaus.org");
    assert_eq!(refused["listing"], "could-not-check");
    assert_eq!(refused["why"]["kind"], "refused");
    assert_eq!(refused["why"]["code"], "127.255.255.254");
    // A list that lists 127.0.0.1 too is not believed.
    let dead = listing(&json, "192.0.2.1", "everything.dnsbl.test");
    assert_eq!(dead["listing"], "could-not-check");
    assert_eq!(dead["why"]["test"]["kind"], "lists-everything");
    // Whose addresses they are.
    let roles = |address: &str| -> Vec<String> {
        json["addresses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["address"] == address)
            .unwrap()["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|role| role["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(roles("192.0.2.1"), ["current-mx", "spf-a"]);
    assert_eq!(roles("198.51.100.5"), ["target-mx"]);
    assert_eq!(roles("2001:db8::25"), ["spf-ip"]);
    // The /24 is said, not asked.
    assert_eq!(json["notes"][0]["kind"], "range-not-checked");
    assert_eq!(json["notes"][0]["network"], "ip4:198.51.100.0/24");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_text_report_says_what_is_listed_and_what_could_not_be_checked() {
    let authority = authority().await;
    let (status, stdout, stderr) = blocklist(
        &authority,
        &[
            "senders.test",
            "--dnsbl",
            "dnsbl.test",
            "--dnsbl",
            "zen.spamhaus.org",
            "--lang",
            "ja",
        ],
    );
    assert_eq!(status, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("✗ dnsbl.test: 載っています。"), "{stdout}");
    assert!(stdout.contains("127.0.0.4"), "{stdout}");
    assert!(stdout.contains("今のMX mx2.senders.test"), "{stdout}");
    assert!(
        stdout.contains("? zen.spamhaus.org: 確認できません: リストが問い合わせを断りました"),
        "{stdout}"
    );
    // Spamhaus's terms are printed with the list.
    assert!(stdout.contains("127.255.255.254 で断られます"), "{stdout}");
    assert!(
        stdout.contains("! SPFの ip4:198.51.100.0/24 は範囲なので"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn only_refusals_exit_2_and_bad_input_exits_2() {
    let authority = authority().await;
    let (status, stdout, _) = blocklist(
        &authority,
        &["senders.test", "--dnsbl", "zen.spamhaus.org", "--json"],
    );
    assert_eq!(status, 2, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"], "could-not-check");
    assert_eq!(json["lists"][0]["name"], "Spamhaus ZEN");
    let (status, _, stderr) = blocklist(&authority, &["senders.test", "--dnsbl", "no spaces"]);
    assert_eq!(status, 2, "{stderr}");
    let (status, _, stderr) = blocklist(&authority, &["senders.test", "--target", "nope"]);
    assert_eq!(status, 2, "{stderr}");
}
