//! `mailmove accounts … --migration-batch FILE`: the old-mail tool's file beside the
//! bulk-create CSV, mailboxes only, no password, and the settings printed.

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

/// A mailbox read by IMAP, one read by POP without a copy, an alias, a forward and a
/// mailbox whose name a spreadsheet would run.
const INPUT: &str = "メールアドレス,氏名,姓,名,種別,転送先,受信方式,容量\r\n\
taro@example.jp,田中 太郎,田中,太郎,ユーザー,,IMAP,2GB\r\n\
hanako@example.jp,鈴木 花子,鈴木,花子,ユーザー,,POP(サーバーに残さない),\r\n\
info@example.jp,,,,エイリアス,taro@example.jp,,\r\n\
sales@example.jp,,,,転送,partner@outside.example,,\r\n\
=cmd@example.jp,=HYPERLINK(\"http://x\"),=x,=y,ユーザー,,IMAP,\r\n";

fn run(dir: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let input = dir.join("old.csv");
    std::fs::write(&input, INPUT).expect("write input");
    let mut args = vec![
        "accounts".to_owned(),
        "--target".into(),
        "microsoft-365".into(),
        "--lang".into(),
        "en".into(),
        "--input".into(),
        input.display().to_string(),
        "--output".into(),
        dir.join("users.csv").display().to_string(),
    ];
    args.extend(extra.iter().map(|arg| (*arg).to_owned()));
    mailmove(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn microsoft_365_batch_from_the_detected_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let batch = dir.path().join("batch.csv");
    // Xserver's host is each customer's own: without it the batch cannot be written,
    // and the message says what to give.
    let (code, _, err) = run(
        dir.path(),
        &[
            "--migration-batch",
            batch.to_str().unwrap(),
            "--source",
            "xserver",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--imap-host (sv****.xserver.jp)"), "{err}");
    assert!(!batch.exists() && !dir.path().join("users.csv").exists());

    let (code, out, err) = run(
        dir.path(),
        &[
            "--migration-batch",
            batch.to_str().unwrap(),
            "--source",
            "xserver",
            "--imap-host",
            "sv1234.xserver.jp",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read(&batch).expect("batch written");
    // Exact bytes: Microsoft's header first (no BOM), mailboxes only, Password empty,
    // the formula-like address neutralised; the POP-only mailbox is not in it.
    assert_eq!(
        String::from_utf8(written).expect("UTF-8"),
        "EmailAddress,UserName,Password\r\n\
         taro@example.jp,taro@example.jp,\r\n\
         '=cmd@example.jp,'=cmd@example.jp,\r\n"
    );
    assert!(
        out.contains("IMAP server sv1234.xserver.jp, port 993, encryption SSL/TLS"),
        "{out}"
    );
    assert!(
        out.contains("Messages larger than 35 MB are not moved."),
        "{out}"
    );
    assert!(out.contains("At most 500000 items per mailbox"), "{out}");
    assert!(
        out.contains("Mailboxes moved from the PC's mail client"),
        "{out}"
    );
    assert!(out.contains("  hanako@example.jp\n    1. "), "{out}");
}

#[test]
fn google_mapping_and_a_bad_host() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("old.csv");
    std::fs::write(&input, INPUT).expect("write input");
    let mapping = dir.path().join("mapping.csv");
    let args = |host: &str| {
        vec![
            "accounts".to_owned(),
            "--target".into(),
            "google-workspace".into(),
            "--lang".into(),
            "en".into(),
            "--input".into(),
            input.display().to_string(),
            "--output".into(),
            dir.path().join("users.csv").display().to_string(),
            "--migration-batch".into(),
            mapping.display().to_string(),
            "--imap-host".into(),
            host.into(),
            "--imap-port".into(),
            "143".into(),
            "--imap-security".into(),
            "starttls".into(),
        ]
    };
    let run = |host: &str| {
        let args = args(host);
        mailmove(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let (code, _, err) = run("mail.example.jp; rm -rf ~");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not an IMAP host name and port"), "{err}");
    assert!(!mapping.exists());

    let (code, out, err) = run("mail.example.jp");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&mapping).expect("mapping written"),
        "taro@example.jp,taro@example.jp\r\n'=cmd@example.jp,'=cmd@example.jp\r\n"
    );
    assert!(
        out.contains("IMAP server address: mail.example.jp (port 143, STARTTLS)"),
        "{out}"
    );
    assert!(out.contains("could not be confirmed"), "{out}");
}

/// The script is run as an operator would, with a stand-in `imapsync` on PATH that
/// records its arguments: the full pass has no --maxage, the delta pass has it, and
/// the passwords travel only in files.
#[cfg(unix)]
#[test]
fn imapsync_script_runs_full_then_delta_with_password_files() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("sync.sh");
    let (code, out, err) = run(
        dir.path(),
        &[
            "--migration-batch",
            script.to_str().unwrap(),
            "--batch-tool",
            "imapsync",
            "--imap-host",
            "mail.example.jp",
            "--imap-port",
            "993",
            "--imap-security",
            "ssl",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("New server (host2): outlook.office365.com:993 (SSL/TLS)"),
        "{out}"
    );
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin dir");
    let fake = bin.join("imapsync");
    std::fs::write(
        &fake,
        "#!/bin/sh\nfor arg in \"$@\"; do printf '%s|' \"$arg\"; done >> \"$CALLS\"\necho >> \"$CALLS\"\n",
    )
    .expect("fake imapsync");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let passwords = dir.path().join("passwords");
    for side in ["old", "new"] {
        std::fs::create_dir_all(passwords.join(side)).expect("password dir");
        for address in ["taro@example.jp", "=cmd@example.jp"] {
            std::fs::write(passwords.join(side).join(address), "s3cret-value\n").expect("password");
        }
    }
    let calls = dir.path().join("calls.txt");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for pass in ["full", "delta"] {
        let status = Command::new("sh")
            .arg(&script)
            .arg(pass)
            .env("PATH", &path)
            .env("PASSDIR", &passwords)
            .env("CALLS", &calls)
            .status()
            .expect("sh runs");
        assert!(status.success(), "{pass}");
    }
    let recorded = std::fs::read_to_string(&calls).expect("calls");
    let lines: Vec<&str> = recorded.lines().collect();
    assert_eq!(lines.len(), 4, "two mailboxes, two passes: {recorded}");
    assert!(
        !recorded.contains("s3cret-value"),
        "no password on a command line"
    );
    let old_file = format!("--passfile1|{}/old/taro@example.jp|", passwords.display());
    assert!(lines[0].contains(&old_file), "{}", lines[0]);
    assert!(
        lines[0].starts_with("--host1|mail.example.jp|--port1|993|--ssl1|--user1|taro@example.jp|")
    );
    assert!(
        lines[1].contains("|--user1|=cmd@example.jp|"),
        "{}",
        lines[1]
    );
    assert!(!lines[0].contains("--maxage") && !lines[1].contains("--maxage"));
    assert!(lines[2].ends_with("|--maxage|14|") && lines[3].ends_with("|--maxage|14|"));
    // A missing password file stops the run before imapsync starts.
    std::fs::remove_file(passwords.join("new").join("taro@example.jp")).expect("remove");
    let output = Command::new("sh")
        .arg(&script)
        .arg("full")
        .env("PATH", &path)
        .env("PASSDIR", &passwords)
        .env("CALLS", &calls)
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing password file"));
}
