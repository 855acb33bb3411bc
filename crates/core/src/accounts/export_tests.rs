use std::collections::BTreeMap;

use super::address::fold_width;
use super::templates::MICROSOFT_365_HEADER;
use super::*;
use crate::DomainName;

fn domain() -> DomainName {
    DomainName::parse("example.co.jp").unwrap()
}

fn user(address: &str, first: &str, last: &str, display: &str) -> Account {
    Account {
        address: address.into(),
        name: None,
        destination: Destination::User {
            first_name: first.into(),
            last_name: last.into(),
            display_name: display.into(),
        },
        mailbox: None,
    }
}

fn two_users() -> AccountList {
    AccountList {
        accounts: vec![
            user("Yamada@example.co.jp", "太郎", "山田", "山田 太郎"),
            user(
                "kato@example.co.jp",
                "Ichiro",
                "Kato",
                "Kato, Ichiro \"Ich\"",
            ),
        ],
    }
}

/// Every line ends in CRLF and the file starts with the BOM.
fn assert_bom_and_crlf(content: &str) {
    assert!(content.starts_with('\u{feff}'), "{content:?}");
    assert!(content.ends_with("\r\n"), "{content:?}");
    let bytes = content.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' {
            assert_eq!(bytes[index - 1], b'\r', "bare LF at {index}: {content:?}");
        }
    }
}

#[test]
fn microsoft_365_file_is_exact() {
    let files = export_csv(
        &two_users(),
        &domain(),
        "microsoft-365",
        &Passwords::LeaveBlank,
    )
    .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "example.co.jp-microsoft-365-users.csv");
    assert_eq!(
        files[0].content,
        "\u{feff}User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region\r\n\
         yamada@example.co.jp,太郎,山田,山田 太郎,,,,,,,,,,,,\r\n\
         kato@example.co.jp,Ichiro,Kato,\"Kato, Ichiro \"\"Ich\"\"\",,,,,,,,,,,,\r\n"
    );
    assert_bom_and_crlf(&files[0].content);
}

/// The header bytes of each target's upload file, BOM included: a change here must be
/// a deliberate one, checked against the source named in `templates.rs`.
#[test]
fn header_bytes_per_target() {
    for (target, header) in [
        (
            "microsoft-365",
            &b"\xEF\xBB\xBFUser Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region\r\n"[..],
        ),
        (
            "google-workspace",
            &b"\xEF\xBB\xBFFirst Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],Org Unit Path [Required]\r\n"[..],
        ),
        (
            "zoho-mail",
            &b"\xEF\xBB\xBFUsername,Password,First Name,Last Name\r\n"[..],
        ),
        (
            "zoho-mail-jp",
            &b"\xEF\xBB\xBFUsername,Password,First Name,Last Name\r\n"[..],
        ),
    ] {
        let files = export_csv(&two_users(), &domain(), target, &Passwords::LeaveBlank).unwrap();
        let bytes = files[0].content.as_bytes();
        assert!(bytes.starts_with(header), "{target}: {:?}", files[0].content);
        // Microsoft's 16 columns: every row has 15 commas.
        if target == "microsoft-365" {
            assert_eq!(MICROSOFT_365_HEADER.len(), 16);
        }
    }
    // The worklist too.
    let mut list = two_users();
    list.accounts.push(Account {
        destination: Destination::Retire { reason: "x".into() },
        ..Account::unassigned("old@example.co.jp")
    });
    let files = export_csv(&list, &domain(), "google-workspace", &Passwords::LeaveBlank).unwrap();
    assert!(
        files[1].content.as_bytes().starts_with(
            "\u{feff}アドレス / Address,種別 / Kind,配信先・理由 / Delivers to or reason\r\n"
                .as_bytes()
        )
    );
}

#[test]
fn microsoft_365_splits_300_users_into_two_files_of_at_most_249() {
    let accounts: Vec<Account> = (0..300)
        .map(|index| user(&format!("u{index}@example.co.jp"), "名", "姓", "姓 名"))
        .collect();
    let list = AccountList { accounts };
    let files = export_csv(&list, &domain(), "microsoft-365", &Passwords::LeaveBlank).unwrap();
    let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "example.co.jp-microsoft-365-users-1.csv",
            "example.co.jp-microsoft-365-users-2.csv",
        ]
    );
    let rows: Vec<usize> = files
        .iter()
        .map(|file| file.content.matches("\r\n").count() - 1)
        .collect();
    assert_eq!(rows, vec![249, 51]);
    assert!(rows.iter().all(|&rows| rows <= MICROSOFT_365_USERS_PER_CSV));
    for file in &files {
        assert!(file.content.starts_with("\u{feff}User Name,"));
        assert_bom_and_crlf(&file.content);
        assert!(
            file.notes[0].en.contains("split into 2 files"),
            "{:?}",
            file.notes
        );
        assert!(file.notes[0].ja.contains("2個のファイル"));
    }
    assert!(files[1].notes[0].en.contains("this is file 2"));
    assert_eq!(
        files.iter().map(|file| file.part).collect::<Vec<_>>(),
        vec![Some(1), Some(2)]
    );
    assert!(files[0].content.contains("\r\nu248@example.co.jp,"));
    assert!(files[1].content.contains("\r\nu249@example.co.jp,"));
    let issues = check_for_target_id(&list, &domain(), "microsoft-365");
    assert!(
        issues
            .iter()
            .any(|issue| issue.kind == AccountIssueKind::CsvSplit
                && issue.message.en.contains("2 numbered files"))
    );
}

/// A name such as `=HYPERLINK(…)` never reaches any CSV as a formula: not the
/// targets' upload files, not the worklist.
#[test]
fn formulas_are_neutralised_in_every_csv() {
    let evil = "=HYPERLINK(\"http://evil.example/\",\"x\")";
    let mut list = AccountList {
        accounts: vec![
            user("taro@example.co.jp", evil, "+1+1", evil),
            user("hanako@example.co.jp", "@SUM(A1)", "-2+3", "\tTab"),
        ],
    };
    list.accounts.push(Account {
        destination: Destination::Retire {
            reason: evil.into(),
        },
        ..Account::unassigned("old@example.co.jp")
    });
    let mut seen = 0;
    for target in [
        "microsoft-365",
        "google-workspace",
        "zoho-mail",
        "zoho-mail-jp",
    ] {
        let files = export_csv(&list, &domain(), target, &Passwords::LeaveBlank).unwrap();
        assert_eq!(files.len(), 2, "{target}");
        for file in &files {
            let (records, _) = super::csv::read(&file.content, ',');
            for cell in records.iter().flat_map(|record| &record.cells) {
                let first = cell.trim_start_matches(['\u{feff}', ' ']).chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{target} {}: {cell:?}",
                    file.name
                );
                seen += usize::from(cell.starts_with("'="));
            }
        }
        assert!(
            files[0]
                .notes
                .iter()
                .any(|note| note.en.contains("have a ' in front")),
            "{target}"
        );
    }
    assert!(seen >= 8, "{seen}");
    // Reading our own file back gives the names as they were.
    let files = export_csv(&list, &domain(), "microsoft-365", &Passwords::LeaveBlank).unwrap();
    let back = import(&files[0].content, &domain());
    assert_eq!(back.accounts[0].name.as_deref(), Some(evil));
}

#[test]
fn an_address_that_starts_like_a_formula_is_warned_about() {
    let list = AccountList {
        accounts: vec![user("-info@example.co.jp", "a", "b", "c")],
    };
    let issues = check_for_target_id(&list, &domain(), "microsoft-365");
    let issue = issues
        .iter()
        .find(|issue| issue.kind == AccountIssueKind::FormulaLikeAddress)
        .expect("a warning");
    assert_eq!(issue.severity, crate::findings::Severity::Warning);
    assert!(issue.message.ja.contains("-info@example.co.jp"));
    let files = export_csv(&list, &domain(), "microsoft-365", &Passwords::LeaveBlank).unwrap();
    assert!(files[0].content.contains("\r\n'-info@example.co.jp,a,b,c,"));
}

#[test]
fn google_workspace_file_leaves_passwords_blank_with_a_note() {
    let files = export_csv(
        &two_users(),
        &domain(),
        "google-workspace",
        &Passwords::LeaveBlank,
    )
    .unwrap();
    let content = &files[0].content;
    assert_eq!(
        content,
        "\u{feff}First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],Org Unit Path [Required]\r\n\
         太郎,山田,yamada@example.co.jp,,,/\r\n\
         Ichiro,Kato,kato@example.co.jp,,,/\r\n"
    );
    assert_bom_and_crlf(content);
    assert!(
        files[0]
            .notes
            .iter()
            .any(|note| note.ja.contains("初期パスワードを記入"))
    );
    // Given passwords fill the column; one missing is named in a note.
    let passwords = Passwords::Given(BTreeMap::from([(
        "YAMADA@example.co.jp".to_owned(),
        "Xy7#abcdEFGH2345".to_owned(),
    )]));
    let files = export_csv(&two_users(), &domain(), "google-workspace", &passwords).unwrap();
    assert!(
        files[0]
            .content
            .contains("\r\n太郎,山田,yamada@example.co.jp,Xy7#abcdEFGH2345,,/\r\n")
    );
    assert!(
        files[0]
            .content
            .contains("\r\nIchiro,Kato,kato@example.co.jp,,,/\r\n")
    );
    assert!(
        files[0]
            .notes
            .iter()
            .any(|note| note.en.starts_with("1 of 2 users have an empty"))
    );
}

#[test]
fn zoho_file_has_the_old_wiki_header_and_splits_at_200() {
    // Numbered files `…-1.csv`, `…-2.csv`, like Microsoft 365's.
    let files = export_csv(&two_users(), &domain(), "zoho-mail", &Passwords::LeaveBlank).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "example.co.jp-zoho-mail-users.csv");
    assert_eq!(
        files[0].content,
        "\u{feff}Username,Password,First Name,Last Name\r\n\
         yamada@example.co.jp,,太郎,山田\r\n\
         kato@example.co.jp,,Ichiro,Kato\r\n"
    );
    let accounts: Vec<Account> = (0..2 * ZOHO_USERS_PER_CSV + 1)
        .map(|index| user(&format!("u{index}@example.co.jp"), "名", "姓", "姓 名"))
        .collect();
    let files = export_csv(
        &AccountList { accounts },
        &domain(),
        "zoho-mail-jp",
        &Passwords::LeaveBlank,
    )
    .unwrap();
    let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "example.co.jp-zoho-mail-jp-users-1.csv",
            "example.co.jp-zoho-mail-jp-users-2.csv",
            "example.co.jp-zoho-mail-jp-users-3.csv",
        ]
    );
    let rows: Vec<usize> = files
        .iter()
        .map(|file| file.content.matches("\r\n").count() - 1)
        .collect();
    assert_eq!(rows, vec![200, 200, 1]);
    for file in &files {
        assert!(
            file.content
                .starts_with("\u{feff}Username,Password,First Name,Last Name\r\n")
        );
        assert_bom_and_crlf(&file.content);
    }
    assert!(files[0].content.contains("\r\nu0@example.co.jp,"));
    assert!(files[2].content.contains("\r\nu400@example.co.jp,"));
}

#[test]
fn aliases_groups_forwards_and_retired_addresses_go_to_a_worklist() {
    let mut list = two_users();
    list.accounts.push(Account {
        destination: Destination::Alias {
            user: "yamada@example.co.jp".into(),
        },
        ..Account::unassigned("info@example.co.jp")
    });
    list.accounts.push(Account {
        destination: Destination::Group {
            members: vec!["yamada@example.co.jp".into(), "kato@example.co.jp".into()],
        },
        ..Account::unassigned("sales@example.co.jp")
    });
    list.accounts.push(Account {
        destination: Destination::Forward {
            to: vec!["=tax@accountant.example".into()],
        },
        ..Account::unassigned("fax@example.co.jp")
    });
    list.accounts.push(Account {
        destination: Destination::Retire {
            reason: "退職, 2020年".into(),
        },
        ..Account::unassigned("old@example.co.jp")
    });
    let files = export_csv(&list, &domain(), "microsoft-365", &Passwords::LeaveBlank).unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].content.matches("\r\n").count(), 3);
    assert_eq!(
        files[1].name,
        "example.co.jp-microsoft-365-other-addresses.csv"
    );
    assert_eq!(
        files[1].content,
        "\u{feff}アドレス / Address,種別 / Kind,配信先・理由 / Delivers to or reason\r\n\
         info@example.co.jp,エイリアス / Alias,yamada@example.co.jp\r\n\
         sales@example.co.jp,グループ / Group,yamada@example.co.jp kato@example.co.jp\r\n\
         fax@example.co.jp,転送 / Forward,'=tax@accountant.example\r\n\
         old@example.co.jp,廃止 / Retire,\"退職, 2020年\"\r\n"
    );
    assert!(files[1].notes[0].en.starts_with("Not for upload"));
}

#[test]
fn refuses_while_an_address_is_forgotten() {
    let mut list = two_users();
    list.accounts
        .push(Account::unassigned("forgotten@example.co.jp"));
    let error = export_csv(&list, &domain(), "microsoft-365", &Passwords::LeaveBlank).unwrap_err();
    assert_eq!(error.code(), "blocked");
    let ExportError::Blocked { issues } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].kind, AccountIssueKind::NoDestination);
    assert!(error.message().ja.contains("1件"));
}

#[test]
fn names_what_it_cannot_export() {
    let list = two_users();
    for (id, code) in [
        ("nope", "unknown-target"),
        ("xserver", "unknown-target"),
        ("fastmail", "no-bulk-csv"),
    ] {
        let error = export_csv(&list, &domain(), id, &Passwords::LeaveBlank).unwrap_err();
        assert_eq!(error.code(), code, "{id}");
        assert!(error.message().en.contains(id), "{id}");
    }
    let error = export_csv(
        &AccountList::default(),
        &domain(),
        "microsoft-365",
        &Passwords::LeaveBlank,
    )
    .unwrap_err();
    assert_eq!(error, ExportError::Empty);
}

#[test]
fn debug_output_hides_passwords() {
    let passwords = Passwords::Given(BTreeMap::from([(
        "a@example.co.jp".to_owned(),
        "Secret#2345abcd".to_owned(),
    )]));
    assert!(!format!("{passwords:?}").contains("Secret"));
    let files = export_csv(&two_users(), &domain(), "zoho-mail", &passwords).unwrap();
    assert!(!format!("{files:?}").contains("yamada@"));
}

/// A deterministic generator of lists: valid and broken addresses, every destination,
/// names with commas, quotes, line breaks, Japanese and full-width characters.
fn generated_lists(count: usize) -> Vec<(AccountList, Passwords)> {
    const LOCALS: &[&str] = &[
        "tanaka", "Sato", "a.b", "x+y", "#sales", "o'neil", "info", "k_ito", "bad name", "", "山田",
    ];
    const HOSTS: &[&str] = &[
        "example.co.jp",
        "example.co.jp",
        "EXAMPLE.co.jp",
        "example.co.jp.",
        "sub.example.co.jp",
        "other.jp",
        "例え.jp",
    ];
    const NAMES: &[&str] = &[
        "",
        " ",
        "太郎",
        "山田",
        "Kato, Ichiro",
        "say \"hi\"",
        "two\nlines",
        "=SUM(A1)",
        "ＡＢＣ商事",
        " padded ",
    ];
    let mut state: u64 = 0xD1B5_4A32_D192_ED03;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..count)
        .map(|_| {
            let len = next(8);
            let mut accounts = Vec::new();
            for index in 0..len {
                let local = format!("{}{}", LOCALS[next(LOCALS.len())], next(3));
                let address = format!("{local}@{}", HOSTS[next(HOSTS.len())]);
                let name =
                    |next: &mut dyn FnMut(usize) -> usize| NAMES[next(NAMES.len())].to_owned();
                let destination = match next(8) {
                    0 => Destination::Unassigned,
                    1..=5 => Destination::User {
                        first_name: name(&mut next),
                        last_name: name(&mut next),
                        display_name: name(&mut next),
                    },
                    6 => Destination::Alias {
                        user: format!("tanaka{}@example.co.jp", next(3)),
                    },
                    _ => Destination::Group {
                        members: (0..next(3))
                            .map(|m| format!("m{m}{index}@example.co.jp"))
                            .collect(),
                    },
                };
                accounts.push(Account {
                    address,
                    name: None,
                    destination,
                    mailbox: None,
                });
            }
            let passwords = if next(2) == 0 {
                Passwords::LeaveBlank
            } else {
                Passwords::Given(
                    accounts
                        .iter()
                        .map(|account| {
                            (
                                account.address.clone(),
                                password_from_random(&[next(256) as u8; 16]),
                            )
                        })
                        .collect(),
                )
            };
            (AccountList { accounts }, passwords)
        })
        .collect()
}

#[test]
fn export_never_panics_and_microsoft_365_files_import_back() {
    let domain = domain();
    let mut round_trips = 0;
    for (list, passwords) in generated_lists(8000) {
        for target in [
            "microsoft-365",
            "google-workspace",
            "zoho-mail",
            "zoho-mail-jp",
            "fastmail",
            "nope",
        ] {
            let Ok(files) = export_csv(&list, &domain, target, &passwords) else {
                continue;
            };
            for file in &files {
                assert_bom_and_crlf(&file.content);
            }
            if target != "microsoft-365" {
                continue;
            }
            let expected: Vec<(String, String)> = list
                .accounts
                .iter()
                .filter_map(|account| match &account.destination {
                    Destination::User { display_name, .. } => Some((
                        super::check::key(&account.address, &domain).unwrap(),
                        fold_width(display_name.trim()),
                    )),
                    _ => None,
                })
                .collect();
            if expected.is_empty() {
                continue;
            }
            let import = import(&files[0].content, &domain);
            let got: Vec<(String, String)> = import
                .accounts
                .iter()
                .map(|account| {
                    (
                        account.address.clone(),
                        account.name.clone().unwrap_or_default(),
                    )
                })
                .collect();
            assert_eq!(got, expected, "{}", files[0].content);
            round_trips += 1;
        }
    }
    // The generator must actually produce exportable lists, or this test proves nothing.
    assert!(round_trips > 300, "only {round_trips} round trips");
}
