//! `mailmove accounts`: a Shift_JIS export from an old server in, the target's
//! bulk-create CSV out; undecided addresses stop the export and are named.

use std::process::Command;

fn mailmove(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(args)
        .output()
        .expect("mailmove runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

const M365_HEADER: &str = "User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region";

/// The data rows of a written CSV.
fn data_rows(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("written");
    assert!(text.starts_with('\u{feff}'), "BOM: {}", path.display());
    text.trim_start_matches('\u{feff}')
        .split("\r\n")
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn shift_jis_csv_to_the_microsoft_365_template() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("old.csv");
    let csv = "メールアドレス,氏名,種別\r\ntanaka@example.jp,田中 太郎,ユーザー\r\nsuzuki@example.jp,鈴木 花子,ユーザー\r\ninfo@example.jp,,\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(csv);
    assert!(!unmappable);
    std::fs::write(&input, &bytes).expect("write");
    let output = dir.path().join("users.csv");
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "accounts",
            "--domain",
            "example.jp",
            "--target",
            "microsoft-365",
            "--lang",
            "en",
        ]
        .map(str::to_owned)
        .to_vec();
        args.extend([
            "--input".into(),
            input.display().to_string(),
            "--output".into(),
            output.display().to_string(),
        ]);
        args.extend(extra.iter().map(|arg| (*arg).to_owned()));
        args
    };
    let run = |extra: &[&'static str]| {
        let args = args(extra);
        mailmove(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };

    // info@ has no destination: the export stops and names it, after one line that
    // counts what is undecided.
    let (code, _, err) = run(&[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("info@example.jp"), "{err}");
    assert!(
        err.lines().any(|line| line
            == "1 of 3 addresses still need a decision (mailbox, alias, group, forward or retire)."),
        "{err}"
    );
    assert!(!output.exists());

    let (code, out, err) = run(&["--unassigned-as-users"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("users.csv"), "{out}");
    let written = std::fs::read_to_string(&output).expect("written");
    assert!(written.starts_with('\u{feff}'), "BOM for Japanese Excel");
    let mut lines = written.trim_start_matches('\u{feff}').split("\r\n");
    assert_eq!(lines.next(), Some(M365_HEADER));
    let rows: Vec<&str> = lines.filter(|line| !line.is_empty()).collect();
    assert_eq!(rows.len(), 3, "{written}");
    assert!(
        rows.iter()
            .any(|row| row.starts_with("tanaka@example.jp,") && row.contains("田中 太郎")),
        "{written}"
    );
}

#[test]
fn zoho_is_split_and_passwords_are_generated_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("list.txt");
    let list: String = (0..250)
        .map(|at| format!("user{at}@example.jp\n"))
        .collect();
    std::fs::write(&input, list).expect("write");
    let output = dir.path().join("zoho.csv");
    let (code, out, err) = mailmove(&[
        "accounts",
        "--domain",
        "example.jp",
        "--target",
        "zoho-mail",
        "--unassigned-as-users",
        "--passwords",
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let files: Vec<&str> = out.lines().filter(|line| !line.starts_with(' ')).collect();
    assert_eq!(files.len(), 2, "200 + 50 users: {out}");
    let rows = data_rows(&dir.path().join("zoho-1.csv"));
    assert_eq!(rows.len(), 200);
    let password = rows[0].split(',').nth(1).expect("password column");
    assert_eq!(password.chars().count(), 16, "{password}");
    assert_eq!(
        files,
        vec![
            dir.path().join("zoho-1.csv").to_str().unwrap(),
            dir.path().join("zoho-2.csv").to_str().unwrap(),
        ]
    );
    assert!(!output.exists());
    assert_eq!(data_rows(&dir.path().join("zoho-2.csv")).len(), 50);
}

/// A plain list of 300 addresses on one domain: no --domain needed, and Microsoft 365
/// gets two numbered files of at most 249 users; a `=` name is neutralised.
#[test]
fn three_hundred_users_for_microsoft_365_make_two_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("list.txt");
    let mut list = String::from("=HYPERLINK(\"http://evil.example/\") <user0@example.jp>\n");
    list.extend((1..300).map(|at| format!("user{at}@example.jp\n")));
    std::fs::write(&input, list).expect("write");
    let output = dir.path().join("m365.csv");
    let (code, out, err) = mailmove(&[
        "accounts",
        "--target",
        "microsoft-365",
        "--lang",
        "en",
        "--unassigned-as-users",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Domain: example.jp (from the input's addresses)"),
        "{err}"
    );
    assert!(
        err.contains("300 undecided addresses became mailboxes of their own"),
        "{err}"
    );
    let first = dir.path().join("m365-1.csv");
    let second = dir.path().join("m365-2.csv");
    assert!(out.contains(first.to_str().unwrap()), "{out}");
    assert!(out.contains(second.to_str().unwrap()), "{out}");
    assert!(
        out.contains("split into 2 files (at most 249 per file)"),
        "{out}"
    );
    assert!(!output.exists());
    let (one, two) = (data_rows(&first), data_rows(&second));
    assert_eq!((one.len(), two.len()), (249, 51));
    for path in [&first, &second] {
        let text = std::fs::read_to_string(path).expect("written");
        assert_eq!(
            text.trim_start_matches('\u{feff}').split("\r\n").next(),
            Some(M365_HEADER)
        );
    }
    assert!(
        one[0]
            .starts_with("user0@example.jp,user0,,\"'=HYPERLINK(\"\"http://evil.example/\"\")\","),
        "{}",
        one[0]
    );
    assert!(two[0].starts_with("user249@example.jp,"), "{}", two[0]);
}

#[test]
fn several_domains_need_domain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("list.txt");
    std::fs::write(&input, "a@example.jp\nb@example.co.jp\nc@example.jp\n").expect("write");
    let output = dir.path().join("out.csv");
    let (code, _, err) = mailmove(&[
        "accounts",
        "--target",
        "google-workspace",
        "--lang",
        "en",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("The addresses are on 2 domains (example.jp, example.co.jp)"),
        "{err}"
    );
    let (code, _, err) = mailmove(&[
        "accounts",
        "--target",
        "google-workspace",
        "--lang",
        "ja",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("2種類あります(example.jp、example.co.jp)"),
        "{err}"
    );
    assert!(!output.exists());
}

#[test]
fn bad_input_is_a_usage_error() {
    let (code, _, err) = mailmove(&[
        "accounts",
        "--domain",
        "example.jp",
        "--target",
        "microsoft-365",
        "--input",
        "/nonexistent",
        "--output",
        "/tmp/x.csv",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = mailmove(&[
        "accounts",
        "--domain",
        "localhost",
        "--target",
        "microsoft-365",
        "--input",
        "/etc/hostname",
        "--output",
        "/tmp/x.csv",
    ]);
    assert_eq!(code, 2, "{err}");
}

/// Raw bytes a terminal would obey (C0 but newline and tab, DEL, C1 as UTF-8).
fn terminal_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect()
}

#[test]
fn control_characters_from_the_input_are_printed_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("old.csv");
    // An ESC sequence that sets the window title and clears the screen, a BEL, a C1
    // CSI, in an address cell that is not an address and in a name.
    std::fs::write(
        &input,
        "tanaka@example.jp\n\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}2Jbad@@example.jp\n\"\u{1b}[31m山田\" <yamada@example.jp>\n",
    )
    .expect("write");
    let output = dir.path().join("users.csv");
    for lang in ["en", "ja"] {
        let (code, out, err) = mailmove(&[
            "accounts",
            "--target",
            "microsoft-365",
            "--unassigned-as-users",
            "--lang",
            lang,
            "--input",
            &input.display().to_string(),
            "--output",
            &output.display().to_string(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(terminal_controls(&out), Vec::<char>::new(), "{out:?}");
        assert_eq!(terminal_controls(&err), Vec::<char>::new(), "{err:?}");
        // The bad cell (after the `;` separator) is still named, escaped.
        assert!(
            err.contains("pwned\\u0007\\u001b[2J\\u009b2Jbad@@example.jp"),
            "{err}"
        );
    }
}

#[test]
fn an_input_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("huge.csv");
    // 10 MiB and one octet (sparse: no disk is used for it).
    let file = std::fs::File::create(&input).expect("create");
    file.set_len(10 * 1024 * 1024 + 1).expect("size");
    drop(file);
    let output = dir.path().join("users.csv");
    for (lang, message) in [
        ("en", "the input file is too large (the limit is 10 MiB)"),
        ("ja", "入力ファイルが大きすぎます(上限 10 MiB)"),
    ] {
        let (code, _, err) = mailmove(&[
            "accounts",
            "--domain",
            "example.jp",
            "--target",
            "microsoft-365",
            "--lang",
            lang,
            "--input",
            &input.display().to_string(),
            "--output",
            &output.display().to_string(),
        ]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(message), "{err}");
    }
    assert!(!output.exists());
}

#[test]
fn an_endless_input_is_refused_at_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("users.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args([
            "accounts",
            "--domain",
            "example.jp",
            "--target",
            "microsoft-365",
            "--lang",
            "en",
            "--input",
            "/dev/zero",
            "--output",
            &output.display().to_string(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("mailmove runs");
    // Bounded: reading stops at 10 MiB, so this ends in well under a minute.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().expect("kill");
            panic!("still reading /dev/zero after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err)
        .expect("stderr");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(
        err.contains("/dev/zero: the input file is too large"),
        "{err}"
    );
    assert!(!output.exists());
}

#[test]
fn more_addresses_than_supported_exit_with_an_error_and_write_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("many.txt");
    let max = mailmove_core::accounts::MAX_ACCOUNTS;
    let list: String = (0..=max).map(|n| format!("user{n}@example.jp\n")).collect();
    std::fs::write(&input, list).expect("write");
    let output = dir.path().join("users.csv");
    for (lang, message) in [
        ("en", "The input has more than 10000 addresses"),
        ("ja", "入力のアドレスが10000件を超えています"),
    ] {
        let (code, out, err) = mailmove(&[
            "accounts",
            "--domain",
            "example.jp",
            "--target",
            "microsoft-365",
            "--unassigned-as-users",
            "--lang",
            lang,
            "--input",
            &input.display().to_string(),
            "--output",
            &output.display().to_string(),
        ]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(message), "{err}");
        assert_eq!(out, "");
    }
    assert!(!output.exists());
    assert!(!dir.path().join("users-1.csv").exists());

    // Exactly the supported number is fine.
    let list: String = (0..max).map(|n| format!("user{n}@example.jp\n")).collect();
    std::fs::write(&input, list).expect("write");
    let (code, _, err) = mailmove(&[
        "accounts",
        "--domain",
        "example.jp",
        "--target",
        "microsoft-365",
        "--unassigned-as-users",
        "--lang",
        "en",
        "--input",
        &input.display().to_string(),
        "--output",
        &output.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_utf8_file_with_one_shift_jis_field_is_refused_not_garbled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("mixed.csv");
    let mut bytes = "メールアドレス,氏名,種別\r\nsato@example.jp,佐藤 花子,ユーザー\r\n"
        .as_bytes()
        .to_vec();
    let (yamada, _, _) = encoding_rs::SHIFT_JIS.encode("yamada@example.jp,山田 太郎,ユーザー\r\n");
    bytes.extend_from_slice(&yamada);
    std::fs::write(&input, &bytes).expect("write");
    let output = dir.path().join("users.csv");
    let (code, _out, err) = mailmove(&[
        "accounts",
        "--domain",
        "example.jp",
        "--target",
        "microsoft-365",
        "--lang",
        "en",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("CSV UTF-8"), "{err}");
    assert!(!output.exists());
}

#[test]
fn google_without_family_names_says_which_names_are_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("list.txt");
    std::fs::write(&input, "info@example.jp\nsales@example.jp\n").expect("write");
    let output = dir.path().join("google.csv");
    let (code, out, err) = mailmove(&[
        "accounts",
        "--domain",
        "example.jp",
        "--target",
        "google-workspace",
        "--unassigned-as-users",
        "--lang",
        "en",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let hint = err
        .lines()
        .find(|line| line.starts_with("mailmove accounts:"))
        .expect("a hint");
    assert!(
        hint.contains("Missing a name: info@example.jp, sales@example.jp"),
        "{hint}"
    );
    assert!(!hint.contains("--unassigned-as-users"), "{hint}");
}
