//! `mailmove probe` through the binary against a small SMTP server in this process
//! and a DNS authority on loopback: which exchangers it asks, which addresses, and
//! its exit status (0 all accepted, 1 one refused, 2 could not tell or bad input).

use std::process::Command;

use mailmove_testkit::dns_authority::DnsAuthority;

use crate::fake_smtp::{Received, answering, fake_smtp};
use crate::test_tls::{TestCa, https_server, leaf};

const ZONE: &str = "\
$ORIGIN probe.test.
$TTL 300
@        IN SOA ns1 hostmaster 1 3600 600 86400 60
@        IN NS  ns1
@        IN MX  10 old-mx.probe.test.
ns1      IN A   127.0.0.1
mx       IN A   127.0.0.1
old-mx   IN A   127.0.0.1
_mta-sts IN TXT \"v=STSv1; id=20270101\"
mta-sts  IN A   127.0.0.1
";

/// A server without STARTTLS that accepts `info@` and `sales@`, greylists `grey@`
/// and refuses the rest. Returns its port and the commands it received.
async fn fake() -> (u16, Received) {
    let respond = answering("mx.probe.test", "", |address| {
        if address.starts_with("info@") || address.starts_with("sales@") {
            "250 2.1.5 Ok\r\n"
        } else if address.starts_with("grey@") {
            "450 4.7.1 Greylisted, try again later\r\n"
        } else {
            "550 5.1.1 User unknown\r\n"
        }
    });
    let (addr, received) = fake_smtp(b"220 mx.probe.test ESMTP\r\n", respond, None).await;
    (addr.port(), received)
}

struct Setup {
    dir: tempfile::TempDir,
    _authority: DnsAuthority,
    nameserver: String,
    port: String,
}

async fn setup(port: u16) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("probe.test.zone");
    std::fs::write(&zone, ZONE).unwrap();
    let authority = DnsAuthority::serve_zones(&[("probe.test.".into(), zone)])
        .await
        .unwrap();
    Setup {
        nameserver: authority.addr.to_string(),
        _authority: authority,
        dir,
        port: port.to_string(),
    }
}

impl Setup {
    fn probe(&self, accounts: &str, extra: &[&str]) -> (i32, String, String) {
        let file = self.dir.path().join("accounts.csv");
        std::fs::write(&file, accounts).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_mailmove"))
            .args(["--allow-tld", "test", "probe", "probe.test", "--accounts"])
            .arg(&file)
            .args(["--nameserver", &self.nameserver, "--smtp-port", &self.port])
            .args(["--helo", "client.probe.test", "--reply-timeout", "5"])
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_address_accepted_exits_0_and_the_custom_targets_mx_is_asked() {
    let (port, received) = fake().await;
    let setup = setup(port).await;
    let (status, stdout, stderr) = setup.probe(
        "info@probe.test\nsales@probe.test\n",
        &["--target", "custom", "--mx", "10 mx.probe.test", "--json"],
    );
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["exchangers"][0]["host"], "mx.probe.test");
    assert_eq!(json["exchangers"][0]["tls"]["kind"], "not-offered");
    let received = received.lock().unwrap().clone();
    // The made-up address first, then the list; never DATA.
    assert!(
        received[2].starts_with("RCPT TO:<mailmove-probe-"),
        "{received:?}"
    );
    assert!(received.contains(&"RCPT TO:<sales@probe.test>".to_owned()));
    assert!(!received.iter().any(|command| command.starts_with("DATA")));
}

#[tokio::test(flavor = "multi_thread")]
async fn one_refused_exits_1_and_says_what_to_do() {
    let (port, _) = fake().await;
    let setup = setup(port).await;
    // A CSV with a retired address: it is meant to bounce, so it is not asked.
    let accounts =
        "email,kind\ninfo@probe.test,user\nghost@probe.test,user\nold@probe.test,retire\n";
    let (status, stdout, stderr) =
        setup.probe(accounts, &["--exchanger", "mx.probe.test", "--lang", "en"]);
    assert_eq!(status, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("✓ info@probe.test: accepted"), "{stdout}");
    assert!(stdout.contains("✗ ghost@probe.test: refused"), "{stdout}");
    assert!(stdout.contains("550 5.1.1 User unknown"), "{stdout}");
    assert!(
        stdout.contains("This address does not exist on the new service yet"),
        "{stdout}"
    );
    assert!(!stdout.contains("old@probe.test"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn could_not_tell_exits_2_and_todays_mx_is_asked_with_current_mx() {
    let (port, received) = fake().await;
    let setup = setup(port).await;
    let (status, stdout, stderr) = setup.probe(
        "info@probe.test\ngrey@probe.test\n",
        &["--current-mx", "--json"],
    );
    assert_eq!(status, 2, "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["exchangers"][0]["host"], "old-mx.probe.test");
    assert_eq!(json["addresses"][1]["verdict"], "could-not-tell");
    assert_eq!(json["addresses"][1]["why"]["kind"], "temporary");
    assert!(!received.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_catalog_target_asks_its_own_mx_and_never_leaves_loopback() {
    let (port, received) = fake().await;
    let setup = setup(port).await;
    // smtp.google.com is not in the test zone: its lookup fails at the test
    // authority, so nothing is contacted.
    let (status, stdout, stderr) = setup.probe(
        "info@probe.test\n",
        &["--target", "google-workspace", "--json"],
    );
    assert_eq!(status, 2, "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["exchangers"][0]["host"], "smtp.google.com");
    assert_eq!(json["addresses"][0]["why"]["kind"], "connect-failed");
    assert!(received.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2() {
    let setup = setup(1).await;
    let (status, _, stderr) = setup.probe("info@probe.test\n", &["--target", "no-such-target"]);
    assert_eq!(status, 2, "{stderr}");
    let missing = setup.dir.path().join("missing.pem");
    let (status, _, stderr) = setup.probe(
        "info@probe.test\n",
        &[
            "--exchanger",
            "mx.probe.test",
            "--ca",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(
        status, 2,
        "a missing --ca file is bad input, not a refusal: {stderr}"
    );
    let (status, _, stderr) = setup.probe("", &["--exchanger", "mx.probe.test"]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("アドレスがありません") || stderr.contains("No address"),
        "{stderr}"
    );
}

/// An HTTPS server on 127.0.0.1 with a certificate for `mta-sts.probe.test` from a
/// new test CA, answering every request with `policy`. Returns its port and the CA
/// as PEM.
async fn policy_server(policy: &'static str) -> (u16, String) {
    let ca = TestCa::new("Mailmove MTA-STS test CA");
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{policy}",
        policy.len()
    );
    let config = ca.server_config(leaf("mta-sts.probe.test"));
    let port = https_server(config, response.into_bytes()).await;
    (port, ca.pem())
}

/// Issue 20, item 4: the domain's MTA-STS policy lists only today's exchanger, in
/// enforce mode: the target's exchanger is not in it, and the report says to add it
/// before the switch; today's matches but offers no STARTTLS.
#[tokio::test(flavor = "multi_thread")]
async fn the_mta_sts_policy_is_matched_against_each_exchanger() {
    let (port, _) = fake().await;
    let setup = setup(port).await;
    let (policy_port, ca) = policy_server(
        "version: STSv1\r\nmode: enforce\r\nmx: old-mx.probe.test\r\nmax_age: 604800\r\n",
    )
    .await;
    let ca_file = setup.dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca).unwrap();
    let policy_args = |extra: &[&'static str]| -> Vec<String> {
        let mut args = vec![
            "--policy-port".to_owned(),
            policy_port.to_string(),
            "--ca".to_owned(),
            ca_file.to_str().unwrap().to_owned(),
        ];
        args.extend(extra.iter().map(|&arg| arg.to_owned()));
        args
    };
    let args = policy_args(&["--target", "custom", "--mx", "10 mx.probe.test", "--json"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, stdout, stderr) = setup.probe("info@probe.test\n", &args);
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["mta_sts"]["state"], "published");
    assert_eq!(json["mta_sts"]["mode"], "enforce");
    assert_eq!(json["mta_sts"]["mx"][0], "old-mx.probe.test");
    let matched = &json["exchangers"][0]["mta_sts"];
    assert_eq!(matched["verdict"], "host-not-listed", "{json}");
    assert!(
        matched["message"]["en"]
            .as_str()
            .unwrap()
            .contains("before the switch, add it to the policy"),
        "{matched}"
    );
    // Today's exchanger is in the policy but has no STARTTLS; the Japanese text says so.
    let args = policy_args(&["--current-mx", "--lang", "ja"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, stdout, stderr) = setup.probe("info@probe.test\n", &args);
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("MTA-STSのポリシー: mode enforce, mx old-mx.probe.test"),
        "{stdout}"
    );
    assert!(
        stdout.contains("MTA-STS: 名前はポリシーのmxに合いますが、STARTTLSで暗号化できません"),
        "{stdout}"
    );
}
