//! Import under load and abuse: the caps, and text built to break the reader.

use super::address::is_valid;
use super::*;
use crate::DomainName;

fn domain() -> DomainName {
    DomainName::parse("example.co.jp").unwrap()
}

fn kinds(import: &Import) -> Vec<(usize, &'static str)> {
    import
        .issues
        .iter()
        .map(|issue| (issue.line, issue.kind.code()))
        .collect()
}

#[test]
fn stops_at_the_cap() {
    let mut text = String::new();
    for index in 0..MAX_ACCOUNTS + 5 {
        text.push_str(&format!("user{index}\n"));
        if index == 3 {
            text.push_str("user0\n");
        }
    }
    let import = import(&text, &domain());
    assert_eq!(import.accounts.len(), MAX_ACCOUNTS);
    let too_many: Vec<_> = kinds(&import)
        .into_iter()
        .filter(|(_, kind)| *kind == "too-many-accounts")
        .collect();
    // 10,000 accounts end on line 10,001 (one duplicate line); the next one is reported.
    assert_eq!(too_many, vec![(MAX_ACCOUNTS + 2, "too-many-accounts")]);
}

#[test]
fn stops_listing_issues_at_the_cap() {
    let text = "山田\n".repeat(MAX_ISSUES + 500);
    let import = import(&text, &domain());
    assert_eq!(import.issues.len(), MAX_ISSUES + 1);
    assert_eq!(
        import.issues[MAX_ISSUES - 1].kind,
        ImportIssueKind::InvalidAddress
    );
    assert_eq!(
        import.issues[MAX_ISSUES].kind,
        ImportIssueKind::TooManyIssues
    );
    assert_eq!(import.issues[MAX_ISSUES].line, MAX_ISSUES + 1);
}

/// A deterministic generator of awkward text: quotes, separators, `@`, angle brackets,
/// full-width characters, Japanese, BOMs, CR/LF in every combination.
fn awkward_inputs(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "\"",
        ",",
        "\t",
        ";",
        "@",
        "<",
        ">",
        "\n",
        "\r\n",
        "\r",
        "＠",
        "ｔａｎａｋａ",
        "山田",
        " ",
        "tanaka",
        "example.co.jp",
        "#",
        "\u{feff}",
        "メールアドレス",
        "氏名",
        "種別",
        "転送",
        "容量",
        "1.5GB",
        "POP",
        "..",
        "-",
        "xn--",
        "例え.jp",
        "\"\"",
        "mailto:",
        "a@b@c",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = (next() % 40) as usize;
            (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
fn malformed_input_never_panics_and_yields_valid_unique_addresses() {
    let domain = domain();
    for text in awkward_inputs(3000) {
        let import = import(&text, &domain);
        let mut seen = std::collections::HashSet::new();
        for account in &import.accounts {
            assert!(
                is_valid(&account.address),
                "{:?} from {text:?}",
                account.address
            );
            assert!(seen.insert(account.address.clone()), "{text:?}");
        }
        for issue in &import.issues {
            assert!(issue.line >= 1, "{text:?}");
            assert!(!issue.message.ja.is_empty() && !issue.message.en.is_empty());
        }
    }
}
