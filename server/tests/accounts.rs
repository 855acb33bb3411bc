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

const M365_HEADER: &str = "User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Address,City,State or Province,ZIP or Postal Code,Country or Region";

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

    // info@ has no destination: the export stops and names it.
    let (code, _, err) = run(&[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("info@example.jp"), "{err}");
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
    let first = std::fs::read_to_string(&output).expect("first file");
    let rows: Vec<&str> = first
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 200);
    let password = rows[0].split(',').nth(1).expect("password column");
    assert_eq!(password.chars().count(), 16, "{password}");
    let second = std::fs::read_to_string(files[1]).expect("second file");
    assert_eq!(
        second
            .trim_start_matches('\u{feff}')
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .count(),
        50
    );
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
