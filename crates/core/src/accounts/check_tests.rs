use super::*;
use crate::DomainName;
use crate::catalog::targets::{GOOGLE_WORKSPACE, MICROSOFT_365};
use crate::catalog::targets_other::{FASTMAIL, ZOHO_MAIL_JP};
use crate::findings::Severity;

fn domain() -> DomainName {
    DomainName::parse("example.co.jp").unwrap()
}

fn user(address: &str, first: &str, last: &str) -> Account {
    Account {
        address: address.into(),
        name: None,
        destination: Destination::User {
            first_name: first.into(),
            last_name: last.into(),
            display_name: format!("{last} {first}"),
        },
        mailbox: None,
    }
}

fn with(address: &str, destination: Destination) -> Account {
    Account {
        destination,
        ..Account::unassigned(address)
    }
}

fn codes(issues: &[AccountIssue]) -> Vec<(Option<&str>, &'static str)> {
    issues
        .iter()
        .map(|issue| (issue.address.as_deref(), issue.kind.code()))
        .collect()
}

#[test]
fn a_decided_list_has_no_issues() {
    let list = AccountList {
        accounts: vec![
            user("yamada@example.co.jp", "太郎", "山田"),
            with(
                "info@example.co.jp",
                Destination::Alias {
                    user: "Yamada@example.co.jp".into(),
                },
            ),
            with(
                "sales@example.co.jp",
                Destination::Group {
                    members: vec!["yamada@example.co.jp".into(), "partner@other.jp".into()],
                },
            ),
            with(
                "old@example.co.jp",
                Destination::Retire {
                    reason: "2019年に退職".into(),
                },
            ),
        ],
    };
    assert_eq!(check(&list, &domain()), vec![]);
}

#[test]
fn finds_the_forgotten_address_a_duplicate_and_an_outsider() {
    let list = AccountList {
        accounts: vec![
            user("yamada@example.co.jp", "太郎", "山田"),
            Account::unassigned("forgotten@example.co.jp"),
            user("YAMADA@example.co.jp", "太郎", "山田"),
            user("friend@gmail.com", "F", "G"),
            user("tokyo@branch.example.co.jp", "T", "K"),
            user("not an address", "N", "A"),
        ],
    };
    let issues = check(&list, &domain());
    assert_eq!(
        codes(&issues),
        vec![
            (Some("forgotten@example.co.jp"), "no-destination"),
            (Some("YAMADA@example.co.jp"), "duplicate"),
            (Some("friend@gmail.com"), "outside-domain"),
            (Some("tokyo@branch.example.co.jp"), "subdomain"),
            (Some("not an address"), "invalid-address"),
        ]
    );
    let forgotten = &issues[0];
    assert_eq!(forgotten.severity, Severity::Error);
    assert!(forgotten.message.ja.contains("forgotten@example.co.jp"));
    assert!(forgotten.message.en.contains("forgotten@example.co.jp"));
    assert!(issues[1].message.en.contains("entry 1"));
    assert_eq!(issues[3].severity, Severity::Warning);
}

#[test]
fn every_imported_address_starts_undecided() {
    let list = AccountList {
        accounts: import("tanaka\nsato\n", &domain()).accounts,
    };
    assert_eq!(
        codes(&check(&list, &domain())),
        vec![
            (Some("tanaka@example.co.jp"), "no-destination"),
            (Some("sato@example.co.jp"), "no-destination"),
        ]
    );
}

#[test]
fn finds_broken_aliases_groups_forwards_users_and_retirements() {
    let list = AccountList {
        accounts: vec![
            user("yamada@example.co.jp", "太郎", "山田"),
            with(
                "a1@example.co.jp",
                Destination::Alias {
                    user: "nobody@example.co.jp".into(),
                },
            ),
            with(
                "a2@example.co.jp",
                Destination::Alias {
                    user: "a1@example.co.jp".into(),
                },
            ),
            with(
                "a3@example.co.jp",
                Destination::Alias {
                    user: "a3@example.co.jp".into(),
                },
            ),
            with("g1@example.co.jp", Destination::Group { members: vec![] }),
            with(
                "g2@example.co.jp",
                Destination::Group {
                    members: vec![
                        "yamada@example.co.jp".into(),
                        "bad member".into(),
                        "ghost@example.co.jp".into(),
                        "x@elsewhere.jp".into(),
                    ],
                },
            ),
            with("f1@example.co.jp", Destination::Forward { to: vec![] }),
            with(
                "f2@example.co.jp",
                Destination::Forward {
                    to: vec![
                        "tax@accountant.example".into(),
                        "not an address".into(),
                        "ghost@example.co.jp".into(),
                        "yamada@example.co.jp".into(),
                    ],
                },
            ),
            with(
                "u@example.co.jp",
                Destination::User {
                    first_name: "U".into(),
                    last_name: "V".into(),
                    display_name: "  ".into(),
                },
            ),
            with(
                "r@example.co.jp",
                Destination::Retire {
                    reason: String::new(),
                },
            ),
        ],
    };
    assert_eq!(
        codes(&check(&list, &domain())),
        vec![
            (Some("a1@example.co.jp"), "alias-target-not-user"),
            (Some("a2@example.co.jp"), "alias-target-not-user"),
            (Some("a3@example.co.jp"), "alias-target-not-user"),
            (Some("g1@example.co.jp"), "group-without-members"),
            (Some("g2@example.co.jp"), "group-member-invalid"),
            (Some("g2@example.co.jp"), "group-member-missing"),
            (Some("f1@example.co.jp"), "forward-without-target"),
            (Some("f2@example.co.jp"), "forward-target-invalid"),
            (Some("f2@example.co.jp"), "forward-target-missing"),
            (Some("u@example.co.jp"), "user-without-display-name"),
            (Some("r@example.co.jp"), "retire-without-reason"),
        ]
    );
}

fn many_users(count: usize) -> Vec<Account> {
    (0..count)
        .map(|index| user(&format!("user{index}@example.co.jp"), "名", "姓"))
        .collect()
}

#[test]
fn zoho_warns_that_the_export_is_split() {
    let list = AccountList {
        accounts: many_users(401),
    };
    let issues = check_for_target(&list, &domain(), &ZOHO_MAIL_JP);
    assert_eq!(codes(&issues), vec![(None, "csv-split")]);
    assert!(
        issues[0].message.ja.contains("3個のファイル"),
        "{}",
        issues[0].message.ja
    );
    let list = AccountList {
        accounts: many_users(ZOHO_USERS_PER_CSV),
    };
    assert_eq!(check_for_target(&list, &domain(), &ZOHO_MAIL_JP), vec![]);
}

#[test]
fn google_needs_both_names_and_batches_of_its_imap_cap() {
    let cap = GOOGLE_WORKSPACE.setup.unwrap().migration[0]
        .sources
        .iter()
        .find(|source| source.protocol == crate::catalog::SourceProtocol::Imap)
        .and_then(|source| source.max_users)
        .unwrap() as usize;
    let mut accounts = many_users(cap + 1);
    let issues = check_for_target(
        &AccountList {
            accounts: accounts.clone(),
        },
        &domain(),
        &GOOGLE_WORKSPACE,
    );
    assert_eq!(codes(&issues), vec![(None, "migration-batches")]);
    assert!(issues[0].message.en.contains(&format!("about {cap} users")));
    // A POP mailbox whose mail is only on the PC does not go through the tool.
    accounts[0].mailbox = Some(Mailbox {
        read_via: ReadVia::Pop {
            keeps_copy_on_server: false,
        },
        size_mb: Some(10),
    });
    accounts[1].destination = Destination::User {
        first_name: String::new(),
        last_name: "山田".into(),
        display_name: "山田".into(),
    };
    let issues = check_for_target(
        &AccountList {
            accounts: accounts.clone(),
        },
        &domain(),
        &GOOGLE_WORKSPACE,
    );
    assert_eq!(
        codes(&issues),
        vec![(Some("user1@example.co.jp"), "missing-name-part")]
    );
    assert_eq!(issues[0].severity, Severity::Error);
    // Microsoft 365 needs only the display name, and names no user cap for IMAP.
    assert_eq!(
        check_for_target(&AccountList { accounts }, &domain(), &MICROSOFT_365),
        vec![]
    );
}

#[test]
fn targets_without_a_bulk_csv_say_so() {
    let list = AccountList {
        accounts: many_users(1),
    };
    assert_eq!(
        codes(&check_for_target(&list, &domain(), &FASTMAIL)),
        vec![(None, "no-bulk-csv")]
    );
}

#[test]
fn codes_serialise_as_kebab_case() {
    for kind in [
        AccountIssueKind::NoDestination,
        AccountIssueKind::AliasTargetNotUser,
        AccountIssueKind::UserWithoutDisplayName,
        AccountIssueKind::MigrationBatches,
    ] {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.code());
    }
}

/// A target outside the catalog keeps the forgotten-address check and says no bulk
/// CSV is known; the export refuses with that reason, not "unknown target".
#[test]
fn a_custom_target_still_flags_forgotten_addresses() {
    let domain = crate::DomainName::parse("example.jp").unwrap();
    let list = AccountList {
        accounts: crate::accounts::import("info@example.jp\nsales@example.jp", &domain).accounts,
    };
    let issues = super::check_for_target_id(&list, &domain, crate::records::CUSTOM_TARGET);
    let kinds: Vec<&str> = issues.iter().map(|issue| issue.kind.code()).collect();
    assert!(kinds.contains(&"no-destination"), "{kinds:?}");
    assert!(kinds.contains(&"no-bulk-csv"), "{kinds:?}");
    let export = crate::accounts::export_csv(
        &list,
        &domain,
        crate::records::CUSTOM_TARGET,
        &crate::accounts::Passwords::LeaveBlank,
    );
    assert!(
        matches!(export, Err(crate::accounts::ExportError::NoBulkCsv { .. })),
        "{export:?}"
    );
}
