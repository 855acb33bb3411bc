//! What the importer reads, for people: the column headings it understands (one
//! Japanese and one English spelling each, of the many it accepts) and a sample to
//! copy. The tests read both back through the importer, so this text cannot drift
//! from what [`super::import`] does.

use crate::Text;

/// One column the importer understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportColumn {
    /// What the column holds.
    pub meaning: Text,
    /// A Japanese heading it recognises.
    pub ja: &'static str,
    /// An English heading it recognises.
    pub en: &'static str,
    /// Values the column may hold.
    pub values: Text,
}

/// The columns, in the order a sheet usually has them. Only the address is required;
/// a plain list of addresses, one per line, needs no heading at all.
pub const IMPORT_COLUMNS: [ImportColumn; 8] = [
    ImportColumn {
        meaning: Text {
            ja: "メールアドレス(必須。@より前だけでも可)",
            en: "The address (required; the part before @ is enough)",
        },
        ja: "メールアドレス",
        en: "Email",
        values: Text {
            ja: "taro@example.co.jp または taro",
            en: "taro@example.com or taro",
        },
    },
    ImportColumn {
        meaning: Text {
            ja: "表示名",
            en: "Display name",
        },
        ja: "氏名",
        en: "Display Name",
        values: Text {
            ja: "山田 太郎",
            en: "Taro Yamada",
        },
    },
    ImportColumn {
        meaning: Text {
            ja: "姓",
            en: "Family name",
        },
        ja: "姓",
        en: "Last Name",
        values: Text {
            ja: "山田",
            en: "Yamada",
        },
    },
    ImportColumn {
        meaning: Text {
            ja: "名",
            en: "Given name",
        },
        ja: "名",
        en: "First Name",
        values: Text {
            ja: "太郎",
            en: "Taro",
        },
    },
    ImportColumn {
        meaning: Text {
            ja: "移行先での扱い",
            en: "What it becomes",
        },
        ja: "種別",
        en: "Type",
        values: Text {
            ja: "ユーザー / エイリアス / グループ / 転送 / 廃止",
            en: "user / alias / group / forward / retire",
        },
    },
    ImportColumn {
        meaning: Text {
            ja: "エイリアス先・グループのメンバー・転送先(複数はスペースかカンマで区切る)",
            en: "Alias of, group members, or forward to (several separated by spaces or commas)",
        },
        ja: "転送先",
        en: "Members",
        values: Text {
            ja: "taro@example.co.jp hanako@example.co.jp",
            en: "taro@example.com hanako@example.com",
        },
    },
    ImportColumn {
        meaning: Text {
            ja: "メールボックスの使用量",
            en: "Mailbox size",
        },
        ja: "容量(MB)",
        en: "Size (MB)",
        values: Text {
            ja: "1500、1.5GB",
            en: "1500, 1.5GB",
        },
    },
    ImportColumn {
        meaning: Text {
            ja: "今の受信方式",
            en: "How it is read today",
        },
        ja: "受信方式",
        en: "Protocol",
        values: Text {
            ja: "POP / POP(サーバーに残す)/ IMAP / Webメール",
            en: "POP / IMAP / webmail",
        },
    },
];

/// A sheet to copy and fill in: one mailbox, one alias of it, one group and one
/// forward to an outside address. `example.co.jp` stands for the user's domain.
pub const IMPORT_SAMPLE: Text = Text {
    ja: "メールアドレス,氏名,姓,名,種別,転送先,容量(MB),受信方式\n\
         taro@example.co.jp,山田 太郎,山田,太郎,ユーザー,,1500,IMAP\n\
         info@example.co.jp,,,,エイリアス,taro@example.co.jp,,\n\
         sales@example.co.jp,営業部,,,グループ,taro@example.co.jp hanako@example.co.jp,,\n\
         fax@example.co.jp,,,,転送,office@accountant.example,,\n\
         hanako@example.co.jp,佐藤 花子,佐藤,花子,ユーザー,,800,POP\n",
    en: "Email,Display Name,Last Name,First Name,Type,Members,Size (MB),Protocol\n\
         taro@example.co.jp,Taro Yamada,Yamada,Taro,user,,1500,IMAP\n\
         info@example.co.jp,,,,alias,taro@example.co.jp,,\n\
         sales@example.co.jp,Sales,,,group,taro@example.co.jp hanako@example.co.jp,,\n\
         fax@example.co.jp,,,,forward,office@accountant.example,,\n\
         hanako@example.co.jp,Hanako Sato,Sato,Hanako,user,,800,POP\n",
};

#[cfg(test)]
mod tests {
    use super::super::columns::{self, Column};
    use super::super::{Destination, check, import};
    use super::*;
    use crate::DomainName;

    const COLUMNS: [Column; 8] = [
        Column::Address,
        Column::Name,
        Column::LastName,
        Column::FirstName,
        Column::Kind,
        Column::Target,
        Column::Size,
        Column::ReadVia,
    ];

    #[test]
    fn every_heading_shown_is_one_the_importer_reads_as_that_column() {
        for language in [0, 1] {
            let cells: Vec<String> = IMPORT_COLUMNS
                .iter()
                .map(|column| [column.ja, column.en][language].to_owned())
                .collect();
            let header = columns::header(&cells).expect("a header row");
            for (index, column) in COLUMNS.iter().enumerate() {
                assert_eq!(header.index(*column), Some(index), "{cells:?}");
            }
        }
    }

    #[test]
    fn the_sample_imports_cleanly_with_one_of_each_decision() {
        let domain = DomainName::parse("example.co.jp").unwrap();
        for sample in [IMPORT_SAMPLE.ja, IMPORT_SAMPLE.en] {
            let imported = import(sample, &domain);
            assert!(imported.issues.is_empty(), "{:?}", imported.issues);
            let kinds: Vec<&str> = imported
                .accounts
                .iter()
                .map(|account| match account.destination {
                    Destination::User { .. } => "user",
                    Destination::Alias { .. } => "alias",
                    Destination::Group { .. } => "group",
                    Destination::Forward { .. } => "forward",
                    Destination::Retire { .. } | Destination::Unassigned => "other",
                })
                .collect();
            assert_eq!(kinds, ["user", "alias", "group", "forward", "user"]);
            let list = super::super::AccountList {
                accounts: imported.accounts,
            };
            assert_eq!(check(&list, &domain), Vec::new());
        }
    }
}
