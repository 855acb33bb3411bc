//! Turning records into accounts: one CSV row under a header, or free text.

use std::collections::HashMap;

use super::address::{self, AddressProblem, Placement, is_local_part};
use super::columns::{self, Column, Header, Kind};
use super::csv::Record;
use super::import::{Import, ImportIssue, ImportIssueKind, MAX_ACCOUNTS, MAX_ISSUES};
use super::{Account, Destination, Mailbox, ReadVia};
use crate::DomainName;
use crate::Message;

/// One address found in free text, with the name before `<addr>` if any.
struct Candidate<'a> {
    text: &'a str,
    name: Option<String>,
}

/// `山田 太郎 <yamada@x>`, `"Taro" <t@x> sato@x` → candidates.
fn split_segment(segment: &str) -> Vec<Candidate<'_>> {
    let mut out = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|at| open + at) else {
            break;
        };
        let before = rest[..open].trim();
        let name = if before.contains('@') {
            out.extend(
                before
                    .split_whitespace()
                    .map(|text| Candidate { text, name: None }),
            );
            None
        } else {
            let name =
                before.trim_matches(|ch: char| matches!(ch, '"' | '\'') || ch.is_whitespace());
            (!name.is_empty()).then(|| name.to_owned())
        };
        out.push(Candidate {
            text: rest[open + 1..close].trim(),
            name,
        });
        rest = &rest[close + 1..];
    }
    out.extend(
        rest.split_whitespace()
            .map(|text| Candidate { text, name: None }),
    );
    out
}

/// Collects accounts and issues, once per address, up to [`MAX_ACCOUNTS`].
pub(super) struct Builder<'a> {
    domain: &'a DomainName,
    /// What has been read so far.
    pub(super) done: Import,
    /// Address → line it was first seen on.
    seen: HashMap<String, usize>,
    /// Set once [`MAX_ACCOUNTS`] is reached: the caller stops reading.
    pub(super) full: bool,
}

impl<'a> Builder<'a> {
    pub(super) fn new(domain: &'a DomainName) -> Builder<'a> {
        Builder {
            domain,
            done: Import::default(),
            seen: HashMap::new(),
            full: false,
        }
    }

    /// Records a problem; past [`MAX_ISSUES`] one last entry says the list was cut.
    pub(super) fn issue(&mut self, line: usize, kind: ImportIssueKind, ja: String, en: String) {
        let issues = &mut self.done.issues;
        if issues.len() > MAX_ISSUES {
            return;
        }
        let (kind, message) = if issues.len() == MAX_ISSUES {
            (
                ImportIssueKind::TooManyIssues,
                Message {
                    ja: format!("問題が{MAX_ISSUES}件を超えたため、これ以降は表示しません。"),
                    en: format!("More than {MAX_ISSUES} problems; the rest are not listed."),
                },
            )
        } else {
            (kind, Message { ja, en })
        };
        issues.push(ImportIssue {
            line,
            kind,
            message,
        });
    }

    /// The normalised address, or an `invalid-address` issue.
    fn address(&mut self, line: usize, raw: &str) -> Option<String> {
        match address::normalize(raw, self.domain) {
            Ok(address) => Some(address),
            Err(problem) => {
                let (ja, en) = match problem {
                    AddressProblem::Empty => ("空です", "it is empty"),
                    AddressProblem::LocalPart => (
                        "@の前に使えない文字(全角文字・空白など)があります",
                        "the part before @ has characters mail services do not accept (Japanese characters, spaces…)",
                    ),
                    AddressProblem::Domain => (
                        "@の後がドメイン名になっていません",
                        "the part after @ is not a domain name",
                    ),
                    AddressProblem::TooLong => ("長すぎます", "it is too long"),
                };
                self.issue(
                    line,
                    ImportIssueKind::InvalidAddress,
                    format!("「{raw}」はメールアドレスとして読めません({ja})。"),
                    format!("“{raw}” is not an address: {en}."),
                );
                None
            }
        }
    }

    fn add(&mut self, line: usize, account: Account) {
        if self.done.accounts.len() >= MAX_ACCOUNTS {
            if !self.full {
                self.full = true;
                self.issue(
                    line,
                    ImportIssueKind::TooManyAccounts,
                    format!("{MAX_ACCOUNTS}件を超えたため、この行以降は読み込んでいません。"),
                    format!(
                        "More than {MAX_ACCOUNTS} addresses: this line and the rest were not read."
                    ),
                );
            }
            return;
        }
        let address = account.address.clone();
        if let Some(&first) = self.seen.get(&address) {
            self.issue(
                line,
                ImportIssueKind::Duplicate,
                format!("{address} は{first}行目と重複しているため、この行は読み飛ばしました。"),
                format!("{address} already appears on line {first}; this line was skipped."),
            );
            return;
        }
        let domain = self.domain.to_unicode();
        match address::placement(&address, self.domain) {
            Placement::Inside => {}
            Placement::Subdomain => self.issue(
                line,
                ImportIssueKind::OutsideDomain,
                format!("{address} は {domain} のサブドメインのアドレスです。移行先にサブドメインも追加するか、扱いを決めてください。"),
                format!("{address} is on a subdomain of {domain}: add the subdomain to the new service too, or decide what becomes of it."),
            ),
            Placement::Outside => self.issue(
                line,
                ImportIssueKind::OutsideDomain,
                format!("{address} は {domain} 以外のドメインのアドレスです。転送先の記入ミスでないか確認してください。"),
                format!("{address} is not on {domain}: check whether it was meant as a forward target."),
            ),
        }
        self.seen.insert(address, line);
        self.done.accounts.push(account);
    }

    /// A row of a CSV whose header named an address column.
    pub(super) fn header_record(&mut self, record: &Record, header: &Header) {
        let line = record.line;
        let cell = |column| {
            header
                .index(column)
                .and_then(|index| record.cells.get(index))
                .map(|cell| cell.trim())
                .filter(|cell| !cell.is_empty())
        };
        let Some(raw) = cell(Column::Address) else {
            self.issue(
                line,
                ImportIssueKind::UnreadableRow,
                "この行にはメールアドレスがありません。".into(),
                "This row has no address.".into(),
            );
            return;
        };
        let Some(address) = self.address(line, raw) else {
            return;
        };
        let name = cell(Column::Name).map(str::to_owned);
        let (first, last) = (cell(Column::FirstName), cell(Column::LastName));
        let kind = cell(Column::Kind).map(|text| (text, columns::kind(text)));
        if let Some((text, None)) = kind {
            self.unknown(line, "種別", "type", text);
        }
        let mut targets = Vec::new();
        for raw in cell(Column::Target)
            .unwrap_or_default()
            .split(|ch: char| matches!(ch, ',' | ';' | '、') || ch.is_whitespace())
            .filter(|raw| !raw.is_empty())
        {
            if let Some(target) = self.address(line, raw) {
                targets.push(target);
            }
        }
        let named = first.is_some() || last.is_some();
        let parsed = kind.and_then(|(_, kind)| kind);
        let destination = match (parsed, targets.len()) {
            (Some(Kind::User), _) => user(name.as_deref(), first, last),
            (Some(Kind::Group), _) => Destination::Group { members: targets },
            (Some(Kind::Retire), _) => Destination::Retire {
                reason: kind.map_or("", |(text, _)| text).to_owned(),
            },
            (Some(Kind::Alias | Kind::Forward), 0) => {
                self.issue(
                    line,
                    ImportIssueKind::MissingTarget,
                    format!("{address} はエイリアス・転送ですが、転送先がありません。未設定のままにしました。"),
                    format!("{address} is an alias or forward without a target; it was left unassigned."),
                );
                Destination::Unassigned
            }
            // One address on the domain: the address can live on that user's mailbox.
            (Some(Kind::Alias | Kind::Forward) | None, 1)
                if !(parsed.is_none() && named)
                    && address::placement(&targets[0], self.domain) == Placement::Inside =>
            {
                Destination::Alias {
                    user: targets.remove(0),
                }
            }
            // Several targets, or one outside: a forward passes mail on; an alias cannot,
            // so only a group delivers there.
            (Some(Kind::Forward), _) => Destination::Forward { to: targets },
            (Some(Kind::Alias), _) => Destination::Group { members: targets },
            (None, count) if count > 0 && !named => Destination::Group { members: targets },
            // First/last name columns describe a person: a mailbox of their own.
            (None, _) if named => user(name.as_deref(), first, last),
            (None, _) => Destination::Unassigned,
        };
        let size =
            cell(Column::Size).and_then(|text| match columns::size_mb(text, header.size_unit) {
                Ok(size) => size,
                Err(()) => {
                    self.unknown(line, "容量", "size", text);
                    None
                }
            });
        let read_via = cell(Column::ReadVia).and_then(|text| {
            let read = columns::read_via(text);
            if read.is_none() {
                self.unknown(line, "受信方式", "protocol", text);
            }
            read
        });
        let mailbox = (size.is_some() || read_via.is_some()).then(|| Mailbox {
            read_via: read_via.unwrap_or(ReadVia::Unknown),
            size_mb: size,
        });
        self.add(
            line,
            Account {
                address,
                name,
                destination,
                mailbox,
            },
        );
    }

    fn unknown(&mut self, line: usize, column_ja: &str, column_en: &str, text: &str) {
        self.issue(
            line,
            ImportIssueKind::UnknownValue,
            format!("{column_ja}の「{text}」は読み取れなかったため、無視しました。"),
            format!("The {column_en} “{text}” was not understood and was ignored."),
        );
    }

    /// A row without a header: addresses wherever they are.
    pub(super) fn free_record(&mut self, record: &Record, separator: char) {
        let line = record.line;
        let splits: &[char] = if separator == '\t' {
            &[';', ',']
        } else {
            &[';']
        };
        let candidates: Vec<Candidate<'_>> = record
            .cells
            .iter()
            .flat_map(|cell| cell.split(splits))
            .flat_map(split_segment)
            .filter(|candidate| !candidate.text.is_empty())
            .collect();
        let has_at = candidates.iter().any(|c| c.text.contains('@'));
        let all_local = candidates.iter().all(|c| is_local_part(c.text));
        if !has_at && !all_local {
            let text = record.cells.join(" ");
            let text = text.trim();
            let (kind, ja, en) = if candidates.len() == 1 {
                (
                    ImportIssueKind::InvalidAddress,
                    format!("「{text}」はメールアドレスとして読めません。"),
                    format!("“{text}” is not an address."),
                )
            } else {
                (
                    ImportIssueKind::UnreadableRow,
                    format!("この行(「{text}」)にはメールアドレスが見つかりません。"),
                    format!("No address found on this line (“{text}”)."),
                )
            };
            self.issue(line, kind, ja, en);
            return;
        }
        for candidate in candidates {
            if has_at && !candidate.text.contains('@') {
                continue;
            }
            if let Some(address) = self.address(line, candidate.text) {
                let mut account = Account::unassigned(address);
                account.name = candidate.name;
                self.add(line, account);
            }
        }
    }
}

/// A user's names from what the row gives. A full name alone is split at its first
/// space: family name first when it is Japanese (`山田 太郎`), given name first
/// otherwise (`Taro Yamada`). Without a space nothing is guessed.
pub(crate) fn user(name: Option<&str>, first: Option<&str>, last: Option<&str>) -> Destination {
    let (first, last) = match (first, last, name) {
        (None, None, Some(name)) => match name.split_once(char::is_whitespace) {
            Some((a, b)) if !name.is_ascii() => (b.trim().to_owned(), a.to_owned()),
            Some((a, b)) => (a.to_owned(), b.trim().to_owned()),
            None => (String::new(), String::new()),
        },
        _ => (
            first.unwrap_or_default().to_owned(),
            last.unwrap_or_default().to_owned(),
        ),
    };
    let display_name = match name {
        Some(name) => name.to_owned(),
        None if !first.is_ascii() || !last.is_ascii() => {
            format!("{last} {first}").trim().to_owned()
        }
        None => format!("{first} {last}").trim().to_owned(),
    };
    Destination::User {
        first_name: first,
        last_name: last,
        display_name,
    }
}
