//! Google Workspace's data migration service: the connection to enter and the user
//! mapping file.
//!
//! Sources, checked 2026-12-07:
//! - "Migrate email from an IMAP account" (the new data migration service),
//!   https://support.google.com/a/answer/14792325 (copies at
//!   googlesupport.serverhump.com and support.amzdata.cn; H): Admin console → Data →
//!   Data import & export → Data migration → the new service → IMAP → Migrate; enter
//!   the IMAP server address and Test connection. The copies read stop before the step
//!   that adds users, so **the new service's bulk user file format was not found**.
//! - "Use CSV files with the data migration service",
//!   https://support.google.com/a/answer/6244351 (H, the earlier service): no header
//!   row, full addresses, one user per row; the Workspace address first, then the
//!   old address (identity mapping example `dcruz@solarmora.com,dcruz@example.com`);
//!   an older version of the page adds the old password as a third column for IMAP.
//!   The file follows that format without the password column.
//! - providers.md §1.1 (https://support.google.com/a/answer/15315754, H): an IMAP
//!   migration takes at most 100 users; messages over 25 MB (with attachments) and
//!   blocked file types are not moved; messages must be RFC 2822-compliant; one source
//!   at a time (a second run cancels the first).

use super::{ImapServer, MigrationBatch, text};
use crate::DomainName;
use crate::Message;
use crate::accounts::CsvFile;
use crate::accounts::csv::write_record;

/// Users one IMAP migration of the new service takes at most.
pub(crate) const USERS_PER_RUN: usize = 100;
/// The largest message it moves, in MB.
pub(crate) const MAX_MESSAGE_MB: u32 = 25;

pub(super) fn batch(
    mailboxes: &[&str],
    domain: &DomainName,
    source: &ImapServer,
) -> MigrationBatch {
    let runs = mailboxes.len().div_ceil(USERS_PER_RUN);
    let files = mailboxes
        .chunks(USERS_PER_RUN)
        .enumerate()
        .map(|(index, chunk)| {
            // No header row and no BOM: Google reads every row as a user.
            let mut content = String::new();
            for address in chunk {
                write_record(&mut content, &[address, address]);
            }
            let mut notes = vec![
                text(
                    "1列目が Google Workspace のアドレス、2列目が旧サーバーのアドレスです。見出し行はありません(Google の指定)。",
                    "Column 1 is the Google Workspace address, column 2 the old server's address. There is no header row (Google's rule).",
                ),
                text(
                    "新しいデータ移行サービスのIMAP一括登録ファイルの形式は確認できていません。この形式は Google の「データ移行サービスでCSVファイルを使用する」の形式です。旧サーバーのパスワードは、管理コンソールで各ユーザーに入力するか、3列目に記入してください(このファイルにパスワードは書き出しません)。",
                    "The new service's bulk file format for IMAP could not be confirmed: this follows Google's “Use CSV files with the data migration service”. Enter each user's old-server password in the Admin console, or add it as a third column (Mailmove writes no password).",
                ),
            ];
            let name = if runs == 1 {
                format!("{}-google-workspace-migration-users.csv", domain.as_str())
            } else {
                notes.insert(
                    0,
                    Message {
                        ja: format!(
                            "IMAPからの移行は1回{USERS_PER_RUN}ユーザーまでのため、{}人を{runs}回に分けています。これは{}回目です。",
                            mailboxes.len(),
                            index + 1
                        ),
                        en: format!(
                            "An IMAP migration takes at most {USERS_PER_RUN} users, so the {} users are split into {runs} runs; this is run {}.",
                            mailboxes.len(),
                            index + 1
                        ),
                    },
                );
                format!(
                    "{}-google-workspace-migration-users-{}.csv",
                    domain.as_str(),
                    index + 1
                )
            };
            CsvFile {
                name,
                content,
                notes,
                part: (runs > 1).then_some(index + 1),
            }
        })
        .collect();
    let settings = vec![
        text(
            "管理コンソール → データ → データのインポートとエクスポート → データ移行 → 新しいデータ移行サービス → IMAP の「移行」。",
            "Admin console → Data → Data import & export → Data migration → the new data migration service → IMAP: Migrate.",
        ),
        Message {
            ja: format!(
                "IMAPサーバーのアドレス: {}(ポート {}、{})。「接続をテスト」で確認します。",
                source.host,
                source.port,
                source.security.label()
            ),
            en: format!(
                "IMAP server address: {} (port {}, {}). Check it with Test connection.",
                source.host,
                source.port,
                source.security.label()
            ),
        },
        text(
            "先にドメインを追加し、各ユーザーを作成し、IMAPを有効にしておきます。移行は特権管理者が行います。",
            "Add the domain, create every user and turn IMAP on first. A super administrator runs the migration.",
        ),
    ];
    let limits = vec![
        Message {
            ja: format!(
                "本文と添付ファイルの合計が{MAX_MESSAGE_MB} MBを超えるメールと、ブロック対象の種類のファイルは移行されません。"
            ),
            en: format!(
                "Messages over {MAX_MESSAGE_MB} MB (attachments included) and blocked file types are not moved."
            ),
        },
        Message {
            ja: format!("IMAPからの移行は1回{USERS_PER_RUN}ユーザーまでです。"),
            en: format!("One IMAP migration takes at most {USERS_PER_RUN} users."),
        },
        text(
            "複数の移行元を同時に移すことはできません(2回目の実行で1回目が取り消されます)。メールはRFC 2822に準拠している必要があります。",
            "Only one source at a time (a second run cancels the first). Messages must be RFC 2822-compliant.",
        ),
    ];
    MigrationBatch {
        files,
        settings,
        limits,
        client_import: Vec::new(),
        nothing_to_move: Vec::new(),
    }
}
