use super::*;
use crate::Message;
use crate::{DomainName, NamePolicy};

fn domain() -> DomainName {
    DomainName::parse("example.co.jp").unwrap()
}

fn addresses(import: &Import) -> Vec<&str> {
    import.accounts.iter().map(|a| a.address.as_str()).collect()
}

fn kinds(import: &Import) -> Vec<(usize, &'static str)> {
    import
        .issues
        .iter()
        .map(|issue| (issue.line, issue.kind.code()))
        .collect()
}

fn user(first: &str, last: &str, display: &str) -> Destination {
    Destination::User {
        first_name: first.into(),
        last_name: last.into(),
        display_name: display.into(),
    }
}

#[test]
fn reads_pasted_lists() {
    let text = "# 旧サーバーのアカウント一覧\n\
                tanaka\n\
                \n\
                山田 太郎 <Yamada@Example.co.jp>, \"Sato, Hanako\" <sato@example.co.jp>\n\
                ｓｕｚｕｋｉ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ\n\
                info; sales\tsupport\n\
                TANAKA@example.co.jp\n\
                a@example.co.jp b@example.co.jp\n";
    let import = import(text, &domain());
    assert_eq!(
        addresses(&import),
        vec![
            "tanaka@example.co.jp",
            "yamada@example.co.jp",
            "sato@example.co.jp",
            "suzuki@example.co.jp",
            "info@example.co.jp",
            "sales@example.co.jp",
            "support@example.co.jp",
            "a@example.co.jp",
            "b@example.co.jp",
        ]
    );
    assert_eq!(import.accounts[1].name.as_deref(), Some("山田 太郎"));
    assert_eq!(import.accounts[2].name.as_deref(), Some("Sato, Hanako"));
    assert_eq!(import.accounts[0].name, None);
    assert!(
        import
            .accounts
            .iter()
            .all(|a| a.destination == Destination::Unassigned && a.mailbox.is_none())
    );
    assert_eq!(kinds(&import), vec![(7, "duplicate")]);
    assert!(import.issues[0].message.ja.contains("2行目"));
    assert!(import.issues[0].message.en.contains("line 2"));
}

#[test]
fn reports_what_is_not_an_address() {
    let text = "山田太郎\ntanaka@\n500MB 山田\nok@example.co.jp\nfriend@gmail.com\nx@tokyo.example.co.jp\n";
    let import = import(text, &domain());
    assert_eq!(
        addresses(&import),
        vec![
            "ok@example.co.jp",
            "friend@gmail.com",
            "x@tokyo.example.co.jp"
        ]
    );
    assert_eq!(
        kinds(&import),
        vec![
            (1, "invalid-address"),
            (2, "invalid-address"),
            (3, "unreadable-row"),
            (5, "outside-domain"),
            (6, "outside-domain"),
        ]
    );
    assert!(import.issues[0].message.ja.contains("山田太郎"));
    assert!(import.issues[4].message.en.contains("subdomain"));
}

#[test]
fn reads_csv_with_japanese_headers_and_bom() {
    let text = "\u{feff}メールアドレス,氏名,種別,転送先,容量(GB),受信方式\r\n\
                yamada@example.co.jp,山田 太郎,ユーザー,,1.5,POP(サーバーに残す)\r\n\
                info,,転送,\"yamada, sato\",,\r\n\
                sales@example.co.jp,営業部,グループ,yamada@example.co.jp partner@other.jp,200MB,IMAP\r\n\
                sato@example.co.jp,佐藤 花子,エイリアス,,,\r\n\
                old@example.co.jp,,廃止,,,Webメール\r\n\
                boss@example.co.jp,社長,VIP,,無制限,Outlook\r\n";
    let import = import(text, &domain());
    assert_eq!(import.accounts.len(), 6);
    let [yamada, info, sales, sato, old, boss] = &import.accounts[..] else {
        panic!("{import:?}");
    };
    assert_eq!(yamada.destination, user("太郎", "山田", "山田 太郎"));
    assert_eq!(
        yamada.mailbox,
        Some(Mailbox {
            read_via: ReadVia::Pop {
                keeps_copy_on_server: true
            },
            size_mb: Some(1536),
        })
    );
    assert_eq!(info.address, "info@example.co.jp");
    assert_eq!(
        info.destination,
        Destination::Forward {
            to: vec!["yamada@example.co.jp".into(), "sato@example.co.jp".into()]
        }
    );
    assert_eq!(
        sales.destination,
        Destination::Group {
            members: vec!["yamada@example.co.jp".into(), "partner@other.jp".into()]
        }
    );
    assert_eq!(sales.mailbox.as_ref().and_then(|m| m.size_mb), Some(200));
    assert_eq!(sato.destination, Destination::Unassigned);
    assert_eq!(
        old.destination,
        Destination::Retire {
            reason: "廃止".into()
        }
    );
    assert_eq!(
        old.mailbox.as_ref().map(|m| m.read_via),
        Some(ReadVia::Webmail)
    );
    assert_eq!(boss.destination, Destination::Unassigned);
    assert_eq!(boss.mailbox, None);
    assert_eq!(
        kinds(&import),
        vec![
            (5, "missing-target"),
            (7, "unknown-value"),
            (7, "unknown-value"),
            (7, "unknown-value")
        ]
    );
}

#[test]
fn a_forward_to_one_user_becomes_an_alias_and_to_outside_a_forward() {
    let text = "メールアドレス,種別,転送先\n\
                info,エイリアス,yamada\n\
                fax,転送,Yamada@example.co.jp\n\
                x,forward,someone@gmail.com\n\
                support,,yamada\n";
    let import = import(text, &domain());
    let destinations: Vec<&Destination> = import.accounts.iter().map(|a| &a.destination).collect();
    let alias = Destination::Alias {
        user: "yamada@example.co.jp".into(),
    };
    assert_eq!(
        destinations,
        vec![
            &alias,
            &alias,
            &Destination::Forward {
                to: vec!["someone@gmail.com".into()]
            },
            &alias,
        ]
    );
    assert!(import.issues.is_empty(), "{:?}", import.issues);
}

#[test]
fn reads_quoted_fields_with_commas_and_newlines() {
    let text = "Email,Display Name,Last Name,First Name\n\
                \"kato@example.co.jp\",\"Kato, Ichiro\",Kato,Ichiro\n\
                \"ito@example.co.jp\",\"伊藤\n(営業)\",伊藤,\"次郎\"\"J\"\"\"\n\
                mori@example.co.jp,Mori,,\n";
    let import = import(text, &domain());
    assert_eq!(
        addresses(&import),
        vec![
            "kato@example.co.jp",
            "ito@example.co.jp",
            "mori@example.co.jp"
        ]
    );
    assert_eq!(
        import.accounts[0].destination,
        user("Ichiro", "Kato", "Kato, Ichiro")
    );
    assert_eq!(
        import.accounts[1].destination,
        user("次郎\"J\"", "伊藤", "伊藤\n(営業)")
    );
    // No first/last name and no type: nothing is decided for it.
    assert_eq!(import.accounts[2].destination, Destination::Unassigned);
    assert_eq!(import.accounts[2].name.as_deref(), Some("Mori"));
    // Line numbers follow the physical lines, past the two-line field.
    let text = format!("{text}bad address@example.co.jp,x,,\n");
    let import = super::import(&text, &domain());
    assert_eq!(kinds(&import), vec![(6, "invalid-address")]);
}

#[test]
fn reads_tab_separated_text() {
    let text = "ユーザー名\t表示名\t使用量\tプロトコル\n\
                tanaka\t田中\t1,024 KB\tIMAP\n\
                ｗａｔａｎａｂｅ\t渡辺\t2 GB\tPOP3\n";
    let import = import(text, &domain());
    assert_eq!(
        addresses(&import),
        vec!["tanaka@example.co.jp", "watanabe@example.co.jp"]
    );
    assert_eq!(import.accounts[0].name.as_deref(), Some("田中"));
    assert_eq!(
        import.accounts[0].mailbox,
        Some(Mailbox {
            read_via: ReadVia::Imap,
            size_mb: Some(1)
        })
    );
    assert_eq!(
        import.accounts[1].mailbox,
        Some(Mailbox {
            read_via: ReadVia::Pop {
                keeps_copy_on_server: false
            },
            size_mb: Some(2048)
        })
    );
    assert!(import.issues.is_empty(), "{:?}", import.issues);
}

#[test]
fn reads_csv_without_header() {
    let text = "山田太郎,yamada@example.co.jp,500MB,POP\n\
                鈴木,suzuki@example.co.jp,1GB,IMAP\n\
                \"Ito, Ken\",ito@example.co.jp;ken@example.co.jp,,\n";
    let import = import(text, &domain());
    assert_eq!(
        addresses(&import),
        vec![
            "yamada@example.co.jp",
            "suzuki@example.co.jp",
            "ito@example.co.jp",
            "ken@example.co.jp"
        ]
    );
    assert!(import.issues.is_empty(), "{:?}", import.issues);
}

#[test]
fn a_one_word_first_line_is_an_address_unless_addresses_follow() {
    let import1 = import("mail\ninfo\n", &domain());
    assert_eq!(
        addresses(&import1),
        vec!["mail@example.co.jp", "info@example.co.jp"]
    );
    let import2 = import("email\ninfo@example.co.jp\n", &domain());
    assert_eq!(addresses(&import2), vec!["info@example.co.jp"]);
}

#[test]
fn reads_the_targets_own_templates() {
    let google = "First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Recovery Email\n\
                  Taro,Yamada,yamada@example.co.jp,,taro@gmail.com\n";
    let import = import(google, &domain());
    assert_eq!(addresses(&import), vec!["yamada@example.co.jp"]);
    assert_eq!(
        import.accounts[0].destination,
        user("Taro", "Yamada", "Taro Yamada")
    );
    let no_address = "氏名,種別\n山田,ユーザー\nx@example.co.jp,\n";
    let import = super::import(no_address, &domain());
    assert_eq!(addresses(&import), vec!["x@example.co.jp"]);
    assert_eq!(
        kinds(&import),
        vec![(1, "no-address-column"), (2, "unreadable-row")]
    );
}

#[test]
fn an_unclosed_quote_is_reported_and_the_rest_still_read() {
    let import = import(
        "a@example.co.jp\n\"b@example.co.jp\nc@example.co.jp\n",
        &domain(),
    );
    assert_eq!(
        addresses(&import),
        vec!["a@example.co.jp", "b@example.co.jp", "c@example.co.jp"]
    );
    assert_eq!(kinds(&import), vec![(2, "unclosed-quote")]);
}

#[test]
fn accepts_test_domains_and_idn() {
    let test = DomainName::parse_with("corp.test", &NamePolicy::allowing(["test"])).unwrap();
    assert_eq!(addresses(&import("a", &test)), vec!["a@corp.test"]);
    let idn = DomainName::parse("例え.jp").unwrap();
    assert_eq!(
        addresses(&import("info@例え.jp\nsales", &idn)),
        vec!["info@xn--r8jz45g.jp", "sales@xn--r8jz45g.jp"]
    );
}

#[test]
fn serialises_with_stable_codes_and_defaults() {
    let issue = ImportIssue {
        line: 3,
        kind: ImportIssueKind::OutsideDomain,
        message: Message {
            ja: "x".into(),
            en: "x".into(),
        },
    };
    let json = serde_json::to_value(&issue).unwrap();
    assert_eq!(json["kind"], "outside-domain");
    // Older data without the optional fields still reads.
    let list: AccountList =
        serde_json::from_str(r#"{"accounts":[{"address":"a@example.co.jp"}]}"#).unwrap();
    assert_eq!(list.accounts[0], Account::unassigned("a@example.co.jp"));
    let account: Account = serde_json::from_str(
        r#"{"address":"b@example.co.jp","destination":{"kind":"user","display_name":"B"},"mailbox":{"read_via":{"kind":"pop"}}}"#,
    )
    .unwrap();
    assert_eq!(account.destination, user("", "", "B"));
    assert_eq!(
        account.mailbox.map(|m| m.read_via),
        Some(ReadVia::Pop {
            keeps_copy_on_server: false
        })
    );
}

#[test]
fn infers_the_domain_of_a_plain_list() {
    assert_eq!(
        infer_domain("tanaka@example.co.jp\nSato@Example.CO.JP\nsuzuki\n").as_deref(),
        Ok("example.co.jp")
    );
    // A CSV with Japanese headers, and an IDN.
    assert_eq!(
        infer_domain("メールアドレス,氏名\r\ninfo@例え.jp,情報\r\n").as_deref(),
        Ok("xn--r8jz45g.jp")
    );
    // Bare local parts alone say nothing; neither does an empty input.
    assert_eq!(
        infer_domain("tanaka\nsato\n"),
        Err(InferDomainError::NoAddress)
    );
    assert_eq!(infer_domain(""), Err(InferDomainError::NoAddress));
    // Several domains (a subdomain is another one) are named, in order.
    let error =
        infer_domain("a@example.jp\nb@tokyo.example.jp\nc@example.jp\nd@other.jp\n").unwrap_err();
    assert_eq!(
        error,
        InferDomainError::Several {
            domains: vec![
                "example.jp".into(),
                "tokyo.example.jp".into(),
                "other.jp".into()
            ]
        }
    );
    let message = error.message();
    assert!(message.ja.contains("3種類"), "{}", message.ja);
    assert!(
        message
            .en
            .contains("example.jp, tokyo.example.jp, other.jp")
    );
    // The stand-ins used inside are not taken for real domains.
    assert_eq!(
        infer_domain("tanaka\nsato@example.com\n").as_deref(),
        Ok("example.com")
    );
    assert_eq!(
        infer_domain("tanaka\nsato@example.net\n").as_deref(),
        Ok("example.net")
    );
}

#[test]
fn says_how_many_addresses_need_a_decision() {
    let mut list = AccountList {
        accounts: import(
            "a@example.co.jp\nb@example.co.jp\nc@example.co.jp\n",
            &domain(),
        )
        .accounts,
    };
    let message = undecided_summary(&list).unwrap();
    assert_eq!(
        message.en,
        "3 of 3 addresses still need a decision (mailbox, alias, group, forward or retire)."
    );
    assert!(message.ja.starts_with("3件中3件"));
    list.accounts[0].destination = user("a", "b", "c");
    assert!(undecided_summary(&list).unwrap().en.starts_with("2 of 3"));
    for account in &mut list.accounts {
        account.destination = user("a", "b", "c");
    }
    assert_eq!(undecided_summary(&list), None);
}

/// Microsoft's own 16-column sample reads as its user names: neither `Alternate email
/// address` nor the postal `Address` is taken for the address column.
#[test]
fn reads_microsofts_sixteen_column_sample() {
    let sample = "User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region\r\n\
                  chris@example.co.jp,Chris,Green,Chris Green,IT Manager,IT,123451,123-555-1211,123-555-6641,123-555-6700,chris@gmail.com,1 Microsoft way,Redmond,Wa,98052,United States\r\n";
    let import = import(sample, &domain());
    assert_eq!(addresses(&import), vec!["chris@example.co.jp"]);
    assert_eq!(import.accounts[0].name.as_deref(), Some("Chris Green"));
}

#[test]
fn an_address_becomes_a_mailbox_named_from_what_the_list_knows() {
    let named = |address: &str, name: Option<&str>| Account {
        name: name.map(str::to_owned),
        ..Account::unassigned(address)
    };
    assert_eq!(
        named("yamada@example.co.jp", Some("山田 太郎")).as_mailbox(),
        user("太郎", "山田", "山田 太郎")
    );
    assert_eq!(
        named("taro@example.co.jp", Some("Taro Yamada")).as_mailbox(),
        user("Taro", "Yamada", "Taro Yamada")
    );
    assert_eq!(
        named("info@example.co.jp", Some("総務部")).as_mailbox(),
        user("info", "", "総務部")
    );
    assert_eq!(
        named("info@example.co.jp", None).as_mailbox(),
        user("info", "", "info")
    );
}
