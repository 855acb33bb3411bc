//! Microsoft 365's IMAP migration: the batch CSV and the endpoint to create.
//!
//! Source: Microsoft, "Use PowerShell to perform an IMAP migration to Office 365",
//! MicrosoftDocs/OfficeDocs-Enterprise `Enterprise/powershell/use-powershell-to-perform-an-imap-migration-to-office-365.md`
//! (ms.date 2017-12-15; current page https://learn.microsoft.com/en-us/exchange/mailbox-migration/migrating-imap-mailboxes/migrating-imap-mailboxes),
//! checked 2026-12-07 (H): the required attributes are `EmailAddress` (the Microsoft
//! 365 mailbox), `UserName` (the log-in on the IMAP server) and `Password`, in a header
//! row `EmailAddress,UserName,Password`; the endpoint takes the IMAP server's FQDN,
//! port (143 for none or TLS, 993 for SSL) and `-Security None|Ssl|Tls`; limits: mail
//! folders only (no contacts, calendar, tasks), at most 500,000 items per mailbox,
//! messages up to 35 MB; incremental sync every 24 hours; wait 72 hours after the MX
//! change before deleting the batch.

use super::{ImapServer, MigrationBatch, text};
use crate::DomainName;
use crate::Message;
use crate::accounts::CsvFile;
use crate::accounts::csv::write_record;
use crate::catalog::client_settings::{Security, UserName};

/// The batch file's header, exactly as Microsoft's page writes it.
pub(crate) const HEADER: [&str; 3] = ["EmailAddress", "UserName", "Password"];

/// Items per mailbox Microsoft's IMAP migration moves at most.
pub(crate) const MAX_ITEMS: u32 = 500_000;
/// The largest message it moves, in MB.
pub(crate) const MAX_MESSAGE_MB: u32 = 35;

pub(super) fn batch(
    mailboxes: &[&str],
    domain: &DomainName,
    source: &ImapServer,
    user_name: Option<UserName>,
) -> MigrationBatch {
    let mut content = String::new();
    write_record(&mut content, &HEADER);
    for address in mailboxes {
        let login = match user_name {
            Some(UserName::LocalPart) => address.split('@').next().unwrap_or(address),
            _ => address,
        };
        // Password: empty, for the admin. Mailmove never writes one here.
        write_record(&mut content, &[address, login, ""]);
    }
    let mut notes = vec![
        text(
            "「Password」列は空欄です。アップロード前に、管理者が各ユーザーの旧サーバーのパスワードを記入してください(記入したファイルは移行後に削除してください)。",
            "The “Password” column is empty: fill in each user's old-server password before uploading (and delete the filled-in file after the move).",
        ),
        text(
            "1行目(EmailAddress,UserName,Password)は変更しないでください。",
            "Leave row 1 (EmailAddress,UserName,Password) as it is.",
        ),
    ];
    if !matches!(user_name, Some(UserName::Address | UserName::LocalPart)) {
        notes.push(text(
            "UserName には旧サーバーのログイン名としてメールアドレス全体を入れています。旧サーバーが別の形式(@より前だけなど)を使う場合は書き換えてください。",
            "UserName holds the whole address as the old server's log-in; change it if the old server expects another form (such as the part before @).",
        ));
    }
    let security = match source.security {
        Security::SslTls => "Ssl",
        Security::StartTls => "Tls",
    };
    let name = format!("{}-microsoft-365-imap-migration.csv", domain.as_str());
    let settings = vec![
        Message {
            ja: format!(
                "Exchange 管理センター → 移行 → IMAP の移行エンドポイント: IMAPサーバー {}、ポート {}、暗号化 {}。",
                source.host,
                source.port,
                source.security.label()
            ),
            en: format!(
                "Exchange admin center → Migration → IMAP migration endpoint: IMAP server {}, port {}, encryption {}.",
                source.host,
                source.port,
                source.security.label()
            ),
        },
        Message {
            ja: format!(
                "PowerShell の場合: New-MigrationEndpoint -IMAP -Name IMAPEndpoint -RemoteServer {} -Port {} -Security {security}",
                source.host, source.port
            ),
            en: format!(
                "In PowerShell: New-MigrationEndpoint -IMAP -Name IMAPEndpoint -RemoteServer {} -Port {} -Security {security}",
                source.host, source.port
            ),
        },
        Message {
            ja: format!(
                "移行バッチ: New-MigrationBatch -Name IMAPBatch1 -SourceEndpoint IMAPEndpoint -CSVData ([System.IO.File]::ReadAllBytes(\"{name}\")) -AutoStart"
            ),
            en: format!(
                "Migration batch: New-MigrationBatch -Name IMAPBatch1 -SourceEndpoint IMAPEndpoint -CSVData ([System.IO.File]::ReadAllBytes(\"{name}\")) -AutoStart"
            ),
        },
        text(
            "先にドメインを承認済みドメインとして追加し、各ユーザーのメールボックスを作成しておきます。",
            "Add the domain as an accepted domain and create every user's mailbox first.",
        ),
        text(
            "移行バッチは24時間ごとに差分を同期します。MXを切り替えてから72時間以上たち、切り替え後に1回以上同期されたことを確認してからバッチを削除します。",
            "The batch syncs changes every 24 hours. Delete it only once 72 hours have passed since the MX change and it has synced at least once after the change.",
        ),
    ];
    let limits = vec![
        Message {
            ja: format!("1通{MAX_MESSAGE_MB} MBを超えるメールは移行されません。"),
            en: format!("Messages larger than {MAX_MESSAGE_MB} MB are not moved."),
        },
        Message {
            ja: format!("1メールボックスあたり最大{MAX_ITEMS}件(新しい順)まで移行します。"),
            en: format!("At most {MAX_ITEMS} items per mailbox are moved, newest first."),
        },
        text(
            "移行するのはメールフォルダだけです。連絡先・予定表・タスクは移行されません。",
            "Only mail folders move: no contacts, calendar items or tasks.",
        ),
        text(
            "旧サーバーの同時接続数の制限を緩めると速くなります。",
            "Raising the old server's connection limits makes it faster.",
        ),
    ];
    MigrationBatch {
        files: vec![CsvFile {
            name,
            content,
            notes,
            part: None,
        }],
        settings,
        limits,
        client_import: Vec::new(),
        nothing_to_move: Vec::new(),
    }
}
