use super::*;
use crate::accounts::{Account, AccountList, Destination, Mailbox, ReadVia};
use crate::catalog::client_settings::Security;

fn domain() -> DomainName {
    DomainName::parse("example.jp").expect("test domain")
}

fn user(address: &str, read_via: ReadVia, size_mb: Option<u32>) -> Account {
    Account {
        address: address.to_owned(),
        name: None,
        destination: Destination::User {
            first_name: String::new(),
            last_name: String::new(),
            display_name: String::new(),
        },
        mailbox: Some(Mailbox { read_via, size_mb }),
    }
}

/// A mailbox of each kind and every row that is not a mailbox.
fn mixed_list() -> AccountList {
    let mut alias = Account::unassigned("info@example.jp");
    alias.destination = Destination::Alias {
        user: "taro@example.jp".into(),
    };
    let mut group = Account::unassigned("sales@example.jp");
    group.destination = Destination::Group {
        members: vec!["taro@example.jp".into(), "partner@outside.example".into()],
    };
    let mut retired = Account::unassigned("old@example.jp");
    retired.destination = Destination::Retire {
        reason: "left".into(),
    };
    AccountList {
        accounts: vec![
            user("taro@example.jp", ReadVia::Imap, Some(2048)),
            alias,
            group,
            retired,
            Account::unassigned("undecided@example.jp"),
            user(
                "hanako@example.jp",
                ReadVia::Pop {
                    keeps_copy_on_server: false,
                },
                None,
            ),
            user("=cmd|'/c_calc'!a0@example.jp", ReadVia::Imap, None),
            user("empty@example.jp", ReadVia::Imap, Some(0)),
        ],
    }
}

fn source() -> ImapServer {
    ImapServer::new("sv1234.xserver.jp", 993, Security::SslTls).expect("host name")
}

fn lines(content: &str) -> Vec<&str> {
    content
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn microsoft_365_batch_has_the_exact_header_mailboxes_only_and_no_password() {
    let batch = migration_batch(
        &mixed_list(),
        &domain(),
        "microsoft-365",
        BatchTool::TargetTool,
        &source(),
        Some("xserver"),
    )
    .expect("batch");
    assert_eq!(batch.files.len(), 1);
    let file = &batch.files[0];
    assert_eq!(file.name, "example.jp-microsoft-365-imap-migration.csv");
    // No BOM: the first bytes are Microsoft's header, then CRLF.
    assert!(
        file.content
            .starts_with("EmailAddress,UserName,Password\r\n")
    );
    let rows = lines(&file.content);
    assert_eq!(
        rows,
        vec![
            "EmailAddress,UserName,Password",
            "taro@example.jp,taro@example.jp,",
            // A formula-like address is neutralised in both cells.
            "'=cmd|'/c_calc'!a0@example.jp,'=cmd|'/c_calc'!a0@example.jp,",
        ]
    );
    // The POP-only mailbox gets client steps instead, the empty one nothing.
    assert_eq!(batch.client_import.len(), 1);
    assert_eq!(batch.client_import[0].address, "hanako@example.jp");
    assert!(batch.client_import[0].steps.len() >= 3);
    assert_eq!(batch.nothing_to_move, vec!["empty@example.jp".to_owned()]);
    let settings: String = batch.settings.iter().map(|m| m.en.clone()).collect();
    assert!(settings.contains("IMAP server sv1234.xserver.jp, port 993, encryption SSL/TLS"));
    assert!(settings.contains("-RemoteServer sv1234.xserver.jp -Port 993 -Security Ssl"));
    let limits: String = batch.limits.iter().map(|m| m.en.clone()).collect();
    assert!(limits.contains("larger than 35 MB") && limits.contains("500000 items"));
}

#[test]
fn starttls_is_tls_for_microsoft_and_tls1_for_imapsync() {
    let server = ImapServer::new("mail.example.jp", 143, Security::StartTls).expect("host");
    let list = AccountList {
        accounts: vec![user("taro@example.jp", ReadVia::Imap, None)],
    };
    let m365 = migration_batch(
        &list,
        &domain(),
        "microsoft-365",
        BatchTool::TargetTool,
        &server,
        None,
    )
    .expect("batch");
    let settings: String = m365.settings.iter().map(|m| m.en.clone()).collect();
    assert!(settings.contains("-Port 143 -Security Tls"), "{settings}");
    // Unknown log-in form: the note says the whole address was assumed.
    assert!(
        m365.files[0]
            .notes
            .iter()
            .any(|n| n.en.contains("whole address"))
    );
    let script = migration_batch(
        &list,
        &domain(),
        "zoho-mail-jp",
        BatchTool::Imapsync,
        &server,
        None,
    )
    .expect("script");
    let text = &script.files[0].content;
    assert!(
        text.contains("--host1 'mail.example.jp' --port1 143 --tls1"),
        "{text}"
    );
    assert!(
        text.contains("--host2 'imap.zoho.jp' --port2 993 --ssl2"),
        "{text}"
    );
}

#[test]
fn google_mapping_has_no_header_no_bom_and_runs_of_100() {
    let mut list = AccountList::default();
    for at in 0..150 {
        list.accounts
            .push(user(&format!("user{at}@example.jp"), ReadVia::Imap, None));
    }
    let batch = migration_batch(
        &list,
        &domain(),
        "google-workspace",
        BatchTool::TargetTool,
        &source(),
        None,
    )
    .expect("batch");
    assert_eq!(batch.files.len(), 2);
    assert_eq!(
        batch.files[0].name,
        "example.jp-google-workspace-migration-users-1.csv"
    );
    assert_eq!(batch.files[0].part, Some(1));
    // The very first bytes are the first user: Google reads every row as one.
    assert!(
        batch.files[0]
            .content
            .starts_with("user0@example.jp,user0@example.jp\r\n")
    );
    assert_eq!(lines(&batch.files[0].content).len(), 100);
    assert_eq!(lines(&batch.files[1].content).len(), 50);
    assert!(
        batch.files[0]
            .notes
            .iter()
            .any(|n| n.en.contains("could not be confirmed"))
    );
    let one = migration_batch(
        &mixed_list(),
        &domain(),
        "google-workspace",
        BatchTool::TargetTool,
        &source(),
        None,
    )
    .expect("batch");
    assert_eq!(
        lines(&one.files[0].content),
        vec![
            "taro@example.jp,taro@example.jp",
            "'=cmd|'/c_calc'!a0@example.jp,'=cmd|'/c_calc'!a0@example.jp",
        ]
    );
    assert_eq!(one.files[0].part, None);
}

#[test]
fn imapsync_script_reads_passwords_from_files_and_runs_full_then_delta() {
    let batch = migration_batch(
        &mixed_list(),
        &domain(),
        "google-workspace",
        BatchTool::Imapsync,
        &source(),
        Some("xserver"),
    )
    .expect("script");
    let script = &batch.files[0].content;
    assert_eq!(batch.files[0].name, "example.jp-imapsync.sh");
    assert!(script.starts_with("#!/bin/sh\n"));
    assert!(!script.contains("--password1") && !script.contains("--password2"));
    assert!(script.contains("--passfile1 \"$old\"") && script.contains("--passfile2 \"$new\""));
    assert!(script.contains("--host1 'sv1234.xserver.jp' --port1 993 --ssl1"));
    assert!(script.contains("--host2 'imap.gmail.com' --port2 993 --ssl2"));
    let full = script.find("full)").expect("full pass");
    let delta = script.find("delta)").expect("delta pass");
    assert!(full < delta);
    assert!(script.contains("--maxage \"$DELTA_DAYS\""));
    // Mailboxes only, each line quoted for the shell; the quote in the address is
    // closed, escaped and reopened, so it cannot end the word.
    let calls: Vec<&str> = script
        .lines()
        .filter(|line| line.starts_with("sync_mailbox "))
        .collect();
    assert_eq!(
        calls,
        vec![
            "sync_mailbox 'taro@example.jp' 'taro@example.jp' 'taro@example.jp' \"$@\"",
            r#"sync_mailbox '=cmd|'\''%2Fc_calc'\''!a0@example.jp' '=cmd|'\''/c_calc'\''!a0@example.jp' '=cmd|'\''/c_calc'\''!a0@example.jp' "$@""#,
        ]
    );
    for absent in ["info@", "sales@", "old@", "undecided@", "hanako@", "empty@"] {
        assert!(!script.contains(absent), "{absent} must not be synced");
    }
}

#[test]
fn refusals_are_typed() {
    let list = mixed_list();
    let target = |id: &str, tool| migration_batch(&list, &domain(), id, tool, &source(), None);
    assert_eq!(
        target("zoho-mail", BatchTool::TargetTool)
            .unwrap_err()
            .code(),
        "no-batch-format"
    );
    assert_eq!(
        target("custom", BatchTool::Imapsync).unwrap_err().code(),
        "no-target-imap"
    );
    assert_eq!(
        target("xserver", BatchTool::Imapsync).unwrap_err().code(),
        "unknown-target"
    );
    let aliases_only = AccountList {
        accounts: list.accounts[1..5].to_vec(),
    };
    assert_eq!(
        migration_batch(
            &aliases_only,
            &domain(),
            "microsoft-365",
            BatchTool::TargetTool,
            &source(),
            None
        )
        .unwrap_err(),
        BatchError::NoMailboxes
    );
    for (host, port) in [
        ("sv1234.xserver.jp; rm -rf ~", 993),
        ("'x'", 993),
        ("", 993),
        ("-x.example.jp", 993),
        ("imap.example.jp", 0),
    ] {
        assert!(
            ImapServer::new(host, port, Security::SslTls).is_err(),
            "{host}:{port}"
        );
    }
    assert_eq!(
        ImapServer::new(" IMAP.Example.JP. ", 993, Security::SslTls)
            .expect("host")
            .host,
        "imap.example.jp"
    );
}

#[test]
fn a_local_part_log_in_is_used_where_the_source_says_so() {
    let list = AccountList {
        accounts: vec![user("taro@example.jp", ReadVia::Imap, None)],
    };
    let batch = migration_batch(
        &list,
        &domain(),
        "microsoft-365",
        BatchTool::TargetTool,
        &source(),
        Some("icloud-mail"),
    )
    .expect("batch");
    assert_eq!(lines(&batch.files[0].content)[1], "taro@example.jp,taro,");
}
