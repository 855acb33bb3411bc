//! `mailmove plan`: the schedule from the command line, its files, a saved plan loaded
//! back, and the survey's TTL, DNS host and provider taken over.

use std::process::Command;

use mailmove_testkit::dns_authority::DnsAuthority;

fn mailmove(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(["--allow-tld", "test"])
        .args(args)
        .output()
        .expect("mailmove runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

#[test]
fn the_schedule_and_its_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (code, out, err) = mailmove(&[
        "plan",
        "--domain",
        "example.jp",
        "--target",
        "microsoft-365",
        "--cutover",
        "2027-02-16T19:00",
        "--current-ttl",
        "3600",
        "--busy",
        "2027-02-15..2027-02-19:決算準備",
        "--lang",
        "ja",
        "--ics",
        &path("plan.ics"),
        "--md",
        &path("plan.md"),
        "--json",
        &path("plan.json"),
    ]);
    assert_eq!(code, 0, "{err}");
    // Dates as people write them (the year too when the run is not in 2027), one
    // column, and the files in their own formats.
    let cutover = out
        .lines()
        .find(|line| line.ends_with("MX を切り替える"))
        .expect("the cutover line");
    assert!(cutover.contains("2月16日(火) 19:00  "), "{out}");
    assert!(!out.contains("2027-02-16T"), "{out}");
    assert!(out.contains("リスク"), "{out}");
    assert!(
        out.contains("決算準備"),
        "the busy period is a reason: {out}"
    );
    let ics = std::fs::read_to_string(path("plan.ics")).expect("ics");
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n"));
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        14,
        "one event per step"
    );
    assert!(ics.contains("DTSTART;TZID=Asia/Tokyo:20270216T190000\r\n"));
    let md = std::fs::read_to_string(path("plan.md")).expect("md");
    assert_eq!(md.matches("- [ ] ").count(), 14);

    // The saved plan loads back and gives the same schedule; options given now win.
    let (code, again, err) = mailmove(&["plan", "--input", &path("plan.json"), "--lang", "ja"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(again, out);
    let (code, moved, _) = mailmove(&[
        "plan",
        "--input",
        &path("plan.json"),
        "--cutover",
        "2027-02-23T19:00",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0);
    let cutover = moved
        .lines()
        .find(|line| line.ends_with("Switch MX"))
        .expect("the cutover line");
    assert!(cutover.starts_with("Tue 23 Feb "), "{moved}");
    assert!(cutover.contains(" 19:00  "), "{moved}");
}

#[test]
fn the_human_schedule_reads_as_people_write_dates() {
    // A holiday morning: its better moments are offered with their risk in words.
    let (code, out, err) = mailmove(&[
        "plan",
        "--domain",
        "example.jp",
        "--target",
        "google-workspace",
        "--cutover",
        "2099-11-23T10:00",
        "--current-ttl",
        "3600",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("2099-11-"), "no machine dates: {out}");
    let better = out
        .lines()
        .find(|line| line.trim_start().starts_with("Better moments:"))
        .expect("better moments");
    assert!(
        better.contains(" 2099 "),
        "another year than now's: {better}"
    );
    assert!(better.contains("(Low risk)"), "{better}");
    let cutover = out
        .lines()
        .find(|line| line.ends_with("Switch MX"))
        .expect("the cutover line");
    assert!(cutover.starts_with("Mon 23 Nov 2099 10:00"), "{out}");
    // The title column lines up under a Japanese date column too.
    let (code, out, err) = mailmove(&[
        "plan",
        "--domain",
        "example.jp",
        "--target",
        "google-workspace",
        "--cutover",
        "2099-11-24T19:00",
        "--lang",
        "ja",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2099年11月24日(火) 19:00  "), "{out}");
    assert!(out.contains("リスク"), "{out}");
}

#[test]
fn without_a_cutover_a_new_plan_takes_the_next_good_evening() {
    let (code, out, err) = mailmove(&[
        "plan",
        "--domain",
        "example.jp",
        "--target",
        "zoho-mail",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    let cutover = out
        .lines()
        .find(|line| line.ends_with("Switch MX"))
        .expect("the cutover line");
    assert!(
        ["Tue ", "Wed ", "Thu "]
            .iter()
            .any(|day| cutover.starts_with(day)),
        "{cutover}"
    );
    assert!(cutover.contains(" 19:00"), "{cutover}");
    assert!(out.contains("Risk of the cutover moment: Low"), "{out}");
}

#[test]
fn bad_input_is_a_usage_error() {
    for args in [
        vec![
            "plan",
            "--domain",
            "example.jp",
            "--target",
            "no-such",
            "--cutover",
            "2027-02-16T19:00",
        ],
        vec![
            "plan",
            "--domain",
            "example.jp",
            "--target",
            "zoho-mail",
            "--cutover",
            "2027-02-30T19:00",
        ],
        vec![
            "plan",
            "--domain",
            "example.jp",
            "--target",
            "zoho-mail",
            "--cutover",
            "9999-12-31T23:59",
        ],
        vec![
            "plan",
            "--domain",
            "example.jp",
            "--target",
            "zoho-mail",
            "--cutover",
            "2027-02-16T19:00",
            "--tz",
            "Mars/Olympus_Mons",
        ],
        vec![
            "plan",
            "--domain",
            "example.jp",
            "--target",
            "zoho-mail",
            "--cutover",
            "2027-02-16T19:00",
            "--busy",
            "tomorrow",
        ],
        vec!["plan", "--input", "/nonexistent/plan.json"],
        vec!["plan", "--domain", "example.jp"],
    ] {
        let (code, _, err) = mailmove(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("mailmove plan: "), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_survey_fills_in_ttl_dns_host_and_source() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let dir = tempfile::tempdir().expect("temp dir");
    // The seed is `plan::Seed`, the check page's rule too: the TTL only as the zone's
    // authorities give it (customer.test's and migrating.test's name servers are not
    // in the fixtures, so only a cache's countdown is known: no TTL), and a source other
    // than the target (migrating.test is half on Google already).
    for (domain, ttl, dns_host, source) in [
        ("customer.test", None, Some("xserver"), "xserver"),
        ("sakura-customer.test", Some(3600), None, "sakura"),
        ("migrating.test", None, Some("lolipop"), "lolipop"),
    ] {
        let json = dir.path().join(format!("{domain}.json"));
        let addr = authority.addr.to_string();
        let port = authority.addr.port().to_string();
        let json_arg = json.display().to_string();
        let output = tokio::task::spawn_blocking(move || {
            mailmove(&[
                "plan",
                "--domain",
                domain,
                "--target",
                "google-workspace",
                "--cutover",
                "2027-02-16T19:00",
                "--from-survey",
                "--nameserver",
                &addr,
                "--authority-port",
                &port,
                "--json",
                &json_arg,
            ])
        })
        .await
        .expect("joined");
        assert_eq!(output.0, 0, "{domain}: {}", output.2);
        let plan: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("JSON");
        assert_eq!(plan["current_mx_ttl"], serde_json::json!(ttl), "{domain}");
        assert_eq!(plan["dns_host"], serde_json::json!(dns_host), "{domain}");
        assert_eq!(plan["source"], source, "{domain}");
        assert_eq!(plan["format"], 1);
    }
    authority.stop().await.expect("authority stops");
}

/// A service outside the catalog: its MX set and include go into the plan JSON, where
/// the page and the record generator read them.
#[test]
fn a_custom_target_keeps_its_mx_set_in_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("plan.json");
    let (code, _, err) = mailmove(&[
        "plan",
        "--domain",
        "customer.test",
        "--target",
        "custom",
        "--mx",
        "10 mx1.mailhost.test",
        "--mx",
        "20 mx2.mailhost.test",
        "--spf-include",
        "_spf.mailhost.test",
        "--target-name",
        "社内サーバー",
        "--cutover",
        "2027-02-16T19:00",
        "--current-ttl",
        "3600",
        "--json",
        &json.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("JSON");
    assert_eq!(plan["target"], "custom");
    let custom = &plan["records"]["custom"];
    assert_eq!(custom["mx"][0]["host"], "mx1.mailhost.test");
    assert_eq!(custom["mx"][1]["preference"], 20);
    assert_eq!(custom["spf_include"], "_spf.mailhost.test");
    assert_eq!(custom["name"], "社内サーバー");
    // A malformed --mx is a usage error.
    let (code, _, _) = mailmove(&[
        "plan",
        "--domain",
        "customer.test",
        "--target",
        "custom",
        "--mx",
        "10 a b",
        "--cutover",
        "2027-02-16T19:00",
    ]);
    assert_eq!(code, 2);
}

#[test]
fn a_saved_plan_with_control_characters_prints_them_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (code, _, err) = mailmove(&[
        "plan",
        "--domain",
        "example.jp",
        "--target",
        "microsoft-365",
        "--cutover",
        "2027-02-16T19:00",
        "--busy",
        "2027-02-15..2027-02-19:LABEL",
        "--json",
        &path("plan.json"),
    ]);
    assert_eq!(code, 0, "{err}");
    // A plan file someone sent: its label sets the window title, rings and clears.
    let json = std::fs::read_to_string(path("plan.json")).expect("plan");
    let json = json.replace("LABEL", "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b2J");
    std::fs::write(path("plan.json"), json).expect("write");
    let (code, out, err) = mailmove(&["plan", "--input", &path("plan.json"), "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    let controls: Vec<char> = out
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert_eq!(controls, Vec::<char>::new(), "{out:?}");
    assert!(
        out.contains("\\u001b]0;pwned\\u0007\\u001b[2J\\u009b2J"),
        "{out}"
    );
}

#[test]
fn a_plan_file_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("plan.json");
    let file = std::fs::File::create(&input).expect("create");
    file.set_len(10 * 1024 * 1024 + 1).expect("size");
    drop(file);
    let (code, out, err) = mailmove(&[
        "plan",
        "--input",
        &input.display().to_string(),
        "--lang",
        "ja",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("入力ファイルが大きすぎます(上限 10 MiB)"),
        "{err}"
    );
    assert_eq!(out, "");
}
