//! Header rows and cell values as Japanese panels, spreadsheets and the targets' own
//! templates write them.

use super::ReadVia;
use super::address::fold_width;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Column {
    /// The address or user name (a bare local part is completed with the domain).
    Address,
    /// The display name.
    Name,
    /// Given name.
    FirstName,
    /// Family name.
    LastName,
    /// user / alias / group / forward.
    Kind,
    /// The forward or alias target, or group members.
    Target,
    /// Mailbox size.
    Size,
    /// POP / IMAP / webmail.
    ReadVia,
}

/// Header texts, after [`key`], for each column. Exact matches only: `Address` alone is
/// the postal address in Microsoft 365's template, and `名` must not match `ユーザー名`.
/// For the address, the label earlier in the list wins when a row has several
/// (`メールアドレス` over `ユーザー名`); otherwise the first cell of a kind wins.
const LABELS: &[(Column, &[&str])] = &[
    (
        Column::Address,
        &[
            // Full addresses first: they win over a login name in the same row.
            "メールアドレス",
            "eメールアドレス",
            "email",
            "emailaddress",
            "mailaddress",
            "mail",
            "primaryemail",
            "userprincipalname",
            "アドレス",
            "メール",
            // Login names (often the local part only; the domain is added).
            "username",
            "アカウント",
            "アカウント名",
            "ユーザー名",
            "ユーザ名",
            "ユーザーid",
        ],
    ),
    (
        Column::Name,
        &[
            "氏名",
            "名前",
            "お名前",
            "表示名",
            "displayname",
            "name",
            "fullname",
            "利用者名",
        ],
    ),
    (
        Column::LastName,
        &["姓", "苗字", "名字", "lastname", "familyname", "surname"],
    ),
    (Column::FirstName, &["名", "firstname", "givenname"]),
    (
        Column::Kind,
        &["種別", "種類", "区分", "アカウント種別", "type", "kind"],
    ),
    (
        Column::Target,
        &[
            "転送先",
            "転送先アドレス",
            "エイリアス先",
            "メンバー",
            "aliasof",
            "forwardto",
            "forward",
            "target",
            "members",
        ],
    ),
    (
        Column::Size,
        &[
            "容量",
            "使用量",
            "使用容量",
            "ディスク使用量",
            "メールボックス容量",
            "size",
            "mailboxsize",
            "usage",
        ],
    ),
    (
        Column::ReadVia,
        &["受信方式", "受信方法", "プロトコル", "protocol", "readvia"],
    ),
];

/// A recognised header row: which cell holds what.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Header {
    /// `(column, cell index)`, first occurrence of each column only.
    pub columns: Vec<(Column, usize)>,
    /// The unit a size column's header names (`容量(GB)`), for cells without one.
    pub size_unit: Option<Unit>,
}

impl Header {
    /// The cell index of `column`.
    pub fn index(&self, column: Column) -> Option<usize> {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|&(_, index)| index)
    }
}

/// Reads a header row. `None` when no cell is a known label.
pub(crate) fn header(cells: &[String]) -> Option<Header> {
    let mut found = Header::default();
    let mut address_rank = usize::MAX;
    for (index, cell) in cells.iter().enumerate() {
        let key = key(cell);
        let Some((column, rank)) = LABELS.iter().find_map(|(column, labels)| {
            let rank = labels.iter().position(|label| *label == key)?;
            Some((*column, rank))
        }) else {
            continue;
        };
        match found.columns.iter_mut().find(|(c, _)| *c == column) {
            Some(slot) if column == Column::Address && rank < address_rank => {
                slot.1 = index;
                address_rank = rank;
            }
            Some(_) => {}
            None => {
                found.columns.push((column, index));
                if column == Column::Address {
                    address_rank = rank;
                }
                if column == Column::Size {
                    found.size_unit = unit_in_brackets(cell);
                }
            }
        }
    }
    (!found.columns.is_empty()).then_some(found)
}

/// A header cell without width, case, spaces, `-`/`_` or a bracketed remark:
/// `Email Address [Required]` → `emailaddress`, `容量(MB)` → `容量`, `E-mail` → `email`.
fn key(cell: &str) -> String {
    let folded = fold_width(cell).to_ascii_lowercase();
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in folded.chars() {
        match ch {
            '[' | '(' | '【' | '（' => depth += 1,
            ']' | ')' | '】' | '）' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ' ' | '-' | '_' | '・' | '\u{feff}' => {}
            _ => out.push(ch),
        }
    }
    // `ユーザー名*` and `メールアドレス:` mark required fields in some templates.
    out.trim_matches(|ch| matches!(ch, '*' | ':' | '※'))
        .to_owned()
}

/// A size unit. Binary multiples: rental-server panels show MB of 1024 KB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Bytes.
    B,
    /// Kilobytes.
    Kb,
    /// Megabytes.
    Mb,
    /// Gigabytes.
    Gb,
    /// Terabytes.
    Tb,
}

fn unit(text: &str) -> Option<Unit> {
    match text.trim().to_ascii_lowercase().as_str() {
        "b" | "byte" | "bytes" | "バイト" => Some(Unit::B),
        "k" | "kb" | "kib" | "kbyte" | "kバイト" | "キロバイト" => Some(Unit::Kb),
        "m" | "mb" | "mib" | "mbyte" | "mバイト" | "メガバイト" | "メガ" => {
            Some(Unit::Mb)
        }
        "g" | "gb" | "gib" | "gbyte" | "gバイト" | "ギガバイト" | "ギガ" => {
            Some(Unit::Gb)
        }
        "t" | "tb" | "tib" | "テラバイト" => Some(Unit::Tb),
        _ => None,
    }
}

fn unit_in_brackets(cell: &str) -> Option<Unit> {
    let folded = fold_width(cell);
    let open = folded.find(['(', '[', '（', '【'])?;
    let inner = &folded[open..];
    let inner = inner.trim_start_matches(['(', '[', '（', '【']);
    let close = inner.find([')', ']', '）', '】'])?;
    unit(&inner[..close])
}

/// `1.5GB`, `1,024 MB`, `500KB`, `120MB / 2GB` (the first number: the usage), `300`
/// (in `default`, or MB) → megabytes, rounded up. `Ok(None)` for an empty cell,
/// `Err(())` for text that is not a size (`無制限`).
pub(crate) fn size_mb(cell: &str, default: Option<Unit>) -> Result<Option<u32>, ()> {
    let folded = fold_width(cell);
    let text = folded.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let start = text.find(|ch: char| ch.is_ascii_digit()).ok_or(())?;
    if !text[..start].trim().is_empty() {
        return Err(());
    }
    let rest = &text[start..];
    let end = rest
        .find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == ','))
        .unwrap_or(rest.len());
    let number = Decimal::parse(&rest[..end].replace(',', "")).ok_or(())?;
    let after = rest[end..].trim_start();
    let unit_text: String = after
        .chars()
        .take_while(|ch| !ch.is_whitespace() && !matches!(ch, '/' | '(' | ')'))
        .collect();
    let unit = if unit_text.is_empty() {
        default.unwrap_or(Unit::Mb)
    } else {
        unit(&unit_text).ok_or(())?
    };
    // MB = number × 1024^up / 1024^down, rounded up.
    let (up, down) = match unit {
        Unit::B => (0, 2),
        Unit::Kb => (0, 1),
        Unit::Mb => (0, 0),
        Unit::Gb => (1, 0),
        Unit::Tb => (2, 0),
    };
    Ok(Some(
        number.scaled_up(1024_u128.pow(up), 1024_u128.pow(down)),
    ))
}

/// A decimal number as typed (`1.5`, `1024`, `5.`), exactly: digits over a power of
/// ten. Integers rather than `f64`, so the planner's page carries no float parser
/// (its tables are some 17 KB of wasm).
struct Decimal {
    /// The digits, as an integer (at most `MAX_FRACTION_DIGITS` after the point).
    digits: u128,
    /// 10^(digits after the point).
    scale: u128,
}

/// Fraction digits kept; a dropped non-zero digit still rounds the value up.
const MAX_FRACTION_DIGITS: usize = 9;
/// Whole parts beyond this are absurd for a mailbox (and saturate anyway).
const MAX_WHOLE: u128 = 1 << 64;

impl Decimal {
    /// `None` unless `text` is digits with at most one `.` and a digit first.
    fn parse(text: &str) -> Option<Decimal> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let mut digits = whole.bytes().fold(0_u128, |n, b| {
            (n * 10 + u128::from(b - b'0')).min(MAX_WHOLE)
        });
        let (kept, dropped) = fraction.split_at(fraction.len().min(MAX_FRACTION_DIGITS));
        for b in kept.bytes() {
            digits = digits * 10 + u128::from(b - b'0');
        }
        if dropped.bytes().any(|b| b != b'0') {
            digits += 1;
        }
        Some(Decimal {
            digits,
            scale: 10_u128.pow(kept.len() as u32),
        })
    }

    /// `self × up / down`, rounded up, saturating at `u32::MAX` (4 PB in MB: no
    /// mailbox is that big, and a typo must not panic).
    fn scaled_up(&self, up: u128, down: u128) -> u32 {
        let value = (self.digits * up).div_ceil(self.scale * down);
        u32::try_from(value).unwrap_or(u32::MAX)
    }
}

/// `POP`, `POP3(サーバーに残す)`, `IMAP`, `Webメール` → how the mailbox is read.
/// `None` for text that names none of them. A plain `POP` means no copy on the
/// server: if that is wrong, importing from the client still works (the PC has the
/// mail), while the opposite mistake would send people to a server that holds nothing.
pub(crate) fn read_via(cell: &str) -> Option<ReadVia> {
    let text = fold_width(cell).to_ascii_lowercase();
    let text = text.trim();
    if text.contains("imap") {
        Some(ReadVia::Imap)
    } else if text.contains("pop") {
        let refuses = [
            "残さない",
            "残さず",
            "削除",
            "delete",
            "no copy",
            "nocopy",
            "don't",
        ]
        .iter()
        .any(|word| text.contains(word));
        let keeps = ["残す", "残し", "残る", "leave", "keep", "copy", "コピー"]
            .iter()
            .any(|word| text.contains(word));
        Some(ReadVia::Pop {
            keeps_copy_on_server: keeps && !refuses,
        })
    } else if text.contains("web") || text.contains("ウェブ") || text.contains("ブラウザ") {
        Some(ReadVia::Webmail)
    } else if ["不明", "unknown", "?", "わからない", "分からない"]
        .iter()
        .any(|word| text.contains(word))
    {
        Some(ReadVia::Unknown)
    } else {
        None
    }
}

/// What the type column says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A mailbox of its own.
    User,
    /// Another address of a user.
    Alias,
    /// A group or mailing list.
    Group,
    /// Forward only (no mailbox).
    Forward,
    /// An explicit "will not exist" (`廃止`).
    Retire,
}

/// `user`, `ユーザー`, `エイリアス`, `グループ`, `転送`, `廃止` … → [`Kind`].
pub(crate) fn kind(cell: &str) -> Option<Kind> {
    let key = key(cell);
    let is = |words: &[&str]| words.contains(&key.as_str());
    if is(&[
        "user",
        "users",
        "mailbox",
        "ユーザー",
        "ユーザ",
        "利用者",
        "メールボックス",
        "アカウント",
        "個人",
    ]) {
        Some(Kind::User)
    } else if is(&["alias", "エイリアス", "別名"]) {
        Some(Kind::Alias)
    } else if is(&[
        "group",
        "グループ",
        "ml",
        "list",
        "mailinglist",
        "distributionlist",
        "メーリングリスト",
        "共有",
    ]) {
        Some(Kind::Group)
    } else if is(&["forward", "forwarding", "転送", "転送のみ", "転送専用"]) {
        Some(Kind::Forward)
    } else if is(&["retire", "delete", "廃止", "削除", "不要"]) {
        Some(Kind::Retire)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_width_case_and_remarks() {
        assert_eq!(key("Email Address [Required]"), "emailaddress");
        assert_eq!(key("容量(MB)"), "容量");
        assert_eq!(key("E-mail"), "email");
        assert_eq!(key("Ｄｉｓｐｌａｙ Ｎａｍｅ"), "displayname");
    }

    #[test]
    fn a_full_address_column_wins_over_a_login_name() {
        let cells: Vec<String> = ["ユーザー名", "氏名", "メールアドレス", "名"]
            .map(String::from)
            .into();
        let found = header(&cells).unwrap();
        assert_eq!(found.index(Column::Address), Some(2));
        assert_eq!(found.index(Column::Name), Some(1));
        assert_eq!(found.index(Column::FirstName), Some(3));
        assert_eq!(found.index(Column::LastName), None);
    }

    #[test]
    fn reads_sizes() {
        assert_eq!(size_mb("1.5GB", None), Ok(Some(1536)));
        assert_eq!(size_mb("1,024 MB", None), Ok(Some(1024)));
        assert_eq!(size_mb("500KB", None), Ok(Some(1)));
        assert_eq!(size_mb("120MB / 2GB", None), Ok(Some(120)));
        assert_eq!(size_mb("3", Some(Unit::Gb)), Ok(Some(3072)));
        assert_eq!(size_mb("３００ ＭＢ", None), Ok(Some(300)));
        assert_eq!(size_mb("", None), Ok(None));
        assert_eq!(size_mb("無制限", None), Err(()));
        assert_eq!(size_mb("12 parsecs", None), Err(()));
        assert_eq!(size_mb("99999999999 TB", None), Ok(Some(u32::MAX)));
    }

    #[test]
    fn reads_sizes_exactly_and_rounds_up() {
        assert_eq!(size_mb("5.", None), Ok(Some(5)));
        assert_eq!(size_mb("0 MB", None), Ok(Some(0)));
        assert_eq!(size_mb("0.001 MB", None), Ok(Some(1)));
        // A non-zero digit past the ninth still rounds up.
        assert_eq!(size_mb("1.0000000000001 MB", None), Ok(Some(2)));
        assert_eq!(size_mb("1.000000000000 MB", None), Ok(Some(1)));
        assert_eq!(size_mb("1048576 B", None), Ok(Some(1)));
        assert_eq!(size_mb("1048577 B", None), Ok(Some(2)));
        assert_eq!(size_mb("2.5 TB", None), Ok(Some(2_621_440)));
        assert_eq!(size_mb("1.2.3 MB", None), Err(()));
        assert_eq!(
            size_mb(&format!("{} GB", "9".repeat(60)), None),
            Ok(Some(u32::MAX))
        );
        assert_eq!(
            size_mb(&format!("0.{}1 GB", "0".repeat(60)), None),
            Ok(Some(1))
        );
    }

    #[test]
    fn reads_how_mail_is_read() {
        assert_eq!(
            read_via("POP3"),
            Some(ReadVia::Pop {
                keeps_copy_on_server: false
            })
        );
        assert_eq!(
            read_via("POP(サーバーに残す)"),
            Some(ReadVia::Pop {
                keeps_copy_on_server: true
            })
        );
        assert_eq!(
            read_via("POP(サーバーに残さない)"),
            Some(ReadVia::Pop {
                keeps_copy_on_server: false
            })
        );
        assert_eq!(read_via("ＩＭＡＰ"), Some(ReadVia::Imap));
        assert_eq!(read_via("Webメール"), Some(ReadVia::Webmail));
        assert_eq!(read_via("Outlook"), None);
    }
}
