//! `mailmove records` against the fixture authority: the survey's records feed the
//! diff and the SPF merge, and the zone fragment loads in BIND's `named-checkzone`.

use std::path::Path;
use std::process::Command;

use mailmove_testkit::dns_authority::DnsAuthority;

const KEY: &str = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArzp7VL//xIZLmbdJPOHl+/vJ/q4At25+h8YLYQIaqFgdyTzKLr7cfsI31MyR5t71dbjXL8Ck1bp30HGy1hlw74IbY3TmKwTWqu74HLnxoiGJ5pAjwyNhH/ZUz1BGIkblNIEQ5CAzz/hQZhs031pzAv4wilo8pYVwdvG4MXzJquw91v1d6Rl/j+o1OWs6RDTObI9IEPTTu2WC1tPi4s9fnQJraJIqyQB68DpRUATZbahbMwfVUEUE/o7iR/691SnOWXpTKloFZxxuFL4AQShEjcoSlN9kCxqNlP5iRO5t5vkgfnFmkFj2RVdbmiUODX6gUjTWMznDXW6bi2Qto+FQXwIDAQAB";
const NAMED_CHECKZONE: &str = "/usr/bin/named-checkzone";

fn records(authority: &DnsAuthority, extra: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args([
            "--allow-tld",
            "test",
            "records",
            "--domain",
            "customer.test",
        ])
        .args(["--nameserver", &authority.addr.to_string()])
        .args(["--authority-port", &authority.addr.port().to_string()])
        .args(extra)
        .output()
        .expect("mailmove runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

const GOOGLE: [&str; 10] = [
    "--target",
    "google-workspace",
    "--verification-token",
    "abc123",
    "--from-survey",
    "--dkim-key",
    KEY,
    "--tls-rpt-rua",
    "tls@customer.test",
    "--include-optional",
];

#[tokio::test(flavor = "multi_thread")]
async fn a_move_from_xserver_to_google_workspace() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let (code, out, err) = records(&authority, &[&GOOGLE[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let spf = &json["spf"];
    // Xserver's default record: its server, the domain's own A, its MX (now its
    // address) and its include; the old provider's parts go once Xserver is cancelled.
    assert_eq!(
        spf[0]["record"],
        "v=spf1 include:_spf.google.com +a:sv1234.xserver.jp +a:customer.test ip4:127.0.0.30 include:spf.sender.xserver.jp ~all"
    );
    assert_eq!(spf[0]["step"], "before-cutover");
    assert_eq!(
        spf[1]["record"],
        "v=spf1 include:_spf.google.com +a:customer.test ~all"
    );
    assert_eq!(spf[1]["step"], "after-old-service");
    let changes = json["changes"].as_array().expect("changes");
    let find = |name: &str, rtype: &str, action: &str| {
        changes.iter().any(|change| {
            change["record"]["name"] == name
                && change["record"]["rtype"] == rtype
                && change["action"] == action
        })
    };
    assert!(find("customer.test", "MX", "add"));
    assert!(find("customer.test", "MX", "delete"));
    assert!(find("google._domainkey.customer.test", "TXT", "add"));
    // The domain's DMARC record stays as it is.
    assert!(
        !changes
            .iter()
            .any(|change| change["record"]["name"] == "_dmarc.customer.test")
    );

    // The zone fragment, inside a zone, loads in BIND.
    let (code, zone, err) = records(&authority, &[&GOOGLE[..], &["--format", "zone"]].concat());
    assert_eq!(code, 0, "{err}");
    if !Path::new(NAMED_CHECKZONE).exists() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_NAMED"),
            "named-checkzone is missing"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("customer.test.zone");
    std::fs::write(
        &file,
        format!(
            "$TTL 3600\n@ IN SOA ns.customer.test. hostmaster.customer.test. 1 3600 600 86400 300\n@ IN NS ns.customer.test.\nns IN A 127.0.0.1\n{zone}"
        ),
    )
    .expect("write");
    let check = Command::new(NAMED_CHECKZONE)
        .args(["-i", "full", "customer.test"])
        .arg(&file)
        .output()
        .expect("named-checkzone runs");
    assert!(
        check.status.success(),
        "{}\n{}\n{zone}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    // What BIND loaded: the split DKIM key joins back to the value given.
    let dump = Command::new("/usr/bin/named-compilezone")
        .args(["-f", "text", "-F", "text", "-o", "-", "customer.test"])
        .arg(&file)
        .output()
        .expect("named-compilezone runs");
    let dump = String::from_utf8_lossy(&dump.stdout);
    let dkim_line = dump
        .lines()
        .find(|line| line.starts_with("google._domainkey.customer.test."))
        .expect("DKIM record loaded");
    let joined: String = dkim_line.split('"').skip(1).step_by(2).collect();
    assert_eq!(joined, KEY);

    // The table, in English.
    let (code, table, _) = records(&authority, &[&GOOGLE[..], &["--lang", "en"]].concat());
    assert_eq!(code, 0);
    for needle in [
        "4. Cutover (the MX change)",
        "delete",
        "google-site-verification=abc123",
        "DNS lookups",
    ] {
        assert!(table.contains(needle), "{needle}: {table}");
    }
    // What to type at the DNS host the survey detected (Xserver's name servers).
    let (code, steps, err) = records(
        &authority,
        &[&GOOGLE[..], &["--format", "steps", "--lang", "ja"]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    for needle in [
        "エックスサーバー DNS",
        "DNSレコード設定",
        "ホスト名: (空欄)",
        "優先度: 1",
        "値: smtp.google.com",
    ] {
        assert!(steps.contains(needle), "{needle}: {steps}");
    }
    authority.stop().await.expect("authority stops");
}

/// A service outside the catalog: its MX set and SPF include, against today's DNS.
#[tokio::test(flavor = "multi_thread")]
async fn a_move_to_a_custom_mx_set() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let custom = [
        "--target",
        "custom",
        "--target-name",
        "社内サーバー",
        "--mx",
        "10 mx1.mailhost.test",
        "--mx",
        "20 mx2.mailhost.test.",
        "--spf-include",
        "_spf.mailhost.test",
        "--from-survey",
    ];
    let (code, out, err) = records(&authority, &[&custom[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let mx: Vec<(String, String)> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|change| change["record"]["rtype"] == "MX")
        .map(|change| {
            (
                change["action"].as_str().unwrap_or_default().to_owned(),
                change["record"]["data"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = mx.iter().map(|(a, d)| (a.as_str(), d.as_str())).collect();
    assert_eq!(
        &pairs[..2],
        [
            ("add", "10 mx1.mailhost.test."),
            ("add", "20 mx2.mailhost.test.")
        ],
        "{out}"
    );
    assert!(
        pairs[2..].iter().all(|(action, _)| *action == "delete"),
        "{out}"
    );
    assert!(!pairs[2..].is_empty(), "today's MX is deleted: {out}");
    assert!(
        json["spf"][0]["record"]
            .as_str()
            .is_some_and(|spf| spf.starts_with("v=spf1 include:_spf.mailhost.test ")),
        "{out}"
    );

    // Microsoft 365 verified by MX: the record at 32767, deleted at the cutover.
    let (code, out, err) = records(
        &authority,
        &[
            "--target",
            "microsoft-365",
            "--verification-method",
            "mx",
            "--verification-token",
            "ms12345678",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let verification: Vec<(&str, &str, &str)> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|change| change["record"]["data"] == "32767 ms12345678.msv1.invalid.")
        .map(|change| {
            (
                change["action"].as_str().unwrap_or_default(),
                change["record"]["step"].as_str().unwrap_or_default(),
                change["record"]["rtype"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        verification,
        [("add", "verification", "MX"), ("delete", "cutover", "MX")],
        "{out}"
    );

    // Without an MX the request is refused; a malformed --mx too.
    for extra in [
        vec!["--target", "custom"],
        vec!["--target", "custom", "--mx", "10 a b"],
        vec!["--target", "custom", "--mx", "10 mx_1.mailhost.test"],
    ] {
        let (code, _, err) = records(&authority, &extra);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(!err.is_empty());
    }
    authority.stop().await.expect("authority stops");
}

#[test]
fn bad_input_is_a_usage_error() {
    for args in [
        vec![
            "records",
            "--domain",
            "customer.test",
            "--target",
            "no-such-target",
        ],
        vec![
            "records",
            "--domain",
            "localhost",
            "--target",
            "google-workspace",
        ],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
            .args(["--allow-tld", "test"])
            .args(&args)
            .output()
            .expect("mailmove runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty());
    }
}

/// Without `--from-survey` today's records are unknown: the SPF is never an "add"
/// (that would make a second SPF record), and with `--source` the old MX is deleted.
#[test]
fn without_a_survey_the_spf_is_set_not_added() {
    let run = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
            .args([
                "--allow-tld",
                "test",
                "records",
                "--domain",
                "customer.test",
            ])
            .args(["--target", "google-workspace"])
            .args(extra)
            .output()
            .expect("mailmove runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let out = run(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let changes = json["changes"].as_array().expect("changes");
    let spf: Vec<&str> = changes
        .iter()
        .filter(|change| {
            change["record"]["data"]
                .as_str()
                .is_some_and(|data| data.starts_with("v=spf1"))
        })
        .map(|change| change["action"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(spf, ["set"], "{out}");
    assert!(
        !changes
            .iter()
            .any(|change| change["record"]["rtype"] == "MX" && change["action"] == "add"),
        "{out}"
    );
    assert!(
        changes
            .iter()
            .any(|change| change["record"]["rtype"] == "MX"
                && change["action"] == "delete"
                && change["record"]["step"] == "cutover"),
        "every other MX is deleted: {out}"
    );

    let out = run(&["--source", "lolipop", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        json["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .any(|change| {
                change["action"] == "delete" && change["record"]["data"] == "mx01.lolipop.jp."
            }),
        "{out}"
    );
    let table = run(&["--source", "lolipop", "--lang", "ja"]);
    for needle in [
        "変更(なければ追加)",
        "今ある SPF レコード",
        "旧サービス(ロリポップ!)の MX「mx01.lolipop.jp」を削除",
    ] {
        assert!(table.contains(needle), "{needle}: {table}");
    }
    let steps = run(&["--source", "lolipop", "--format", "steps", "--lang", "en"]);
    assert!(steps.contains("[Change (add if none)]"), "{steps}");
    assert!(steps.contains("Delete every other MX record"), "{steps}");
}
