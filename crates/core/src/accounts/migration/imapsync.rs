//! An imapsync script: every mailbox copied from the old IMAP server to the new one,
//! first in full before the cutover, then again for recent mail after it.
//!
//! Options from imapsync's usage text (https://github.com/imapsync/imapsync, checked
//! 2026-12-07 through copies of `imapsync --help`): `--host1/2`, `--port1/2`,
//! `--user1/2`, `--passfile1/2` (the password is read from a file), `--ssl1/2`
//! (implicit TLS), `--tls1/2` (STARTTLS), `--maxage N` ("skip messages older than N
//! days"). imapsync skips messages the destination already holds, so the second pass
//! copies only what arrived after the first.
//!
//! **Invariant:** the script holds no password and puts none on a command line: each
//! comes from a file under `$PASSDIR` that the operator writes (mode 600).
//! Every value that reaches the shell is single-quoted ([`sh_quote`]); hosts were
//! checked to be host names by [`ImapServer::new`].

use super::{ImapServer, MigrationBatch, text};
use crate::DomainName;
use crate::Message;
use crate::accounts::CsvFile;
use crate::catalog::client_settings::{Security, UserName};

/// Days of mail the second pass copies again: it must reach back to the first pass.
/// The plan's old service stays until at least 14 days after the cutover, and the
/// first pass runs in the days before it; the script says to raise it otherwise.
pub const DELTA_MAX_AGE_DAYS: u32 = 14;

pub(super) fn batch(
    mailboxes: &[&str],
    domain: &DomainName,
    source: &ImapServer,
    destination: &ImapServer,
    user_name: Option<UserName>,
) -> MigrationBatch {
    let mut script = String::new();
    script.push_str(&format!(
        "#!/bin/sh\n\
         # imapsync for {domain}: old mail from {old} to {new}, one mailbox at a time.\n\
         # Written by Mailmove. It holds no password: each is read from a file.\n\
         #   $PASSDIR/old/<address>   the old server's password\n\
         #   $PASSDIR/new/<address>   the new service's password\n\
         # (a '/' in an address is written %2F in its file name). Keep them chmod 600\n\
         # and delete them after the move.\n\
         #\n\
         # Order:\n\
         #   1. sh THIS-FILE full    before the cutover: copies every message.\n\
         #   2. sh THIS-FILE delta   after the MX change, once the old server gets no more\n\
         #                          mail: copies the last {DELTA_MAX_AGE_DAYS} days again; imapsync skips what\n\
         #                          the new mailbox already holds. If the full pass ran more\n\
         #                          than {DELTA_MAX_AGE_DAYS} days earlier, raise DELTA_DAYS.\n\
         set -eu\n\
         PASSDIR=\"${{PASSDIR:-./passwords}}\"\n\
         DELTA_DAYS=\"${{DELTA_DAYS:-{DELTA_MAX_AGE_DAYS}}}\"\n\
         case \"${{1:-}}\" in\n\
         \x20 full) set -- ;;\n\
         \x20 delta) set -- --maxage \"$DELTA_DAYS\" ;;\n\
         \x20 *) echo \"usage: $0 full|delta\" >&2; exit 2 ;;\n\
         esac\n\
         \n\
         sync_mailbox() {{\n\
         \x20 old=\"$PASSDIR/old/$1\"; new=\"$PASSDIR/new/$1\"; user1=\"$2\"; user2=\"$3\"; shift 3\n\
         \x20 for file in \"$old\" \"$new\"; do\n\
         \x20   [ -r \"$file\" ] || {{ echo \"missing password file: $file\" >&2; exit 1; }}\n\
         \x20 done\n\
         \x20 imapsync --host1 {host1} --port1 {port1} {sec1} --user1 \"$user1\" --passfile1 \"$old\" \\\n\
         \x20          --host2 {host2} --port2 {port2} {sec2} --user2 \"$user2\" --passfile2 \"$new\" \"$@\"\n\
         }}\n\n",
        domain = domain.as_str(),
        old = source.describe(),
        new = destination.describe(),
        host1 = sh_quote(&source.host),
        port1 = source.port,
        sec1 = security_flag(source.security, 1),
        host2 = sh_quote(&destination.host),
        port2 = destination.port,
        sec2 = security_flag(destination.security, 2),
    ));
    for address in mailboxes {
        let login = match user_name {
            Some(UserName::LocalPart) => address.split('@').next().unwrap_or(address),
            _ => address,
        };
        script.push_str(&format!(
            "sync_mailbox {} {} {} \"$@\"\n",
            sh_quote(&password_file_name(address)),
            sh_quote(login),
            sh_quote(address),
        ));
    }
    let name = format!("{}-imapsync.sh", domain.as_str());
    let mut notes = vec![
        text(
            "パスワードはスクリプトにもコマンドラインにも書きません。$PASSDIR/old/<アドレス> と $PASSDIR/new/<アドレス> に1行ずつ保存してから実行してください。",
            "No password is in the script or on a command line: put each in $PASSDIR/old/<address> and $PASSDIR/new/<address>, one line each, before running it.",
        ),
        Message {
            ja: format!(
                "順番: MX切り替え前に「full」(全件)、切り替え後に「delta」(直近{DELTA_MAX_AGE_DAYS}日分を再同期、取り込み済みは飛ばします)。"
            ),
            en: format!(
                "Order: “full” (everything) before the MX change, “delta” (the last {DELTA_MAX_AGE_DAYS} days again; copied messages are skipped) after it."
            ),
        },
    ];
    if !matches!(user_name, Some(UserName::Address | UserName::LocalPart)) {
        notes.push(text(
            "旧サーバーのログイン名はメールアドレス全体としています。違う場合はスクリプトの2番目の値を書き換えてください。",
            "The old server's log-in is taken to be the whole address: change the second value on each line if it is not.",
        ));
    }
    let settings = vec![
        Message {
            ja: format!("旧サーバー(host1): {}", source.describe()),
            en: format!("Old server (host1): {}", source.describe()),
        },
        Message {
            ja: format!("新サーバー(host2): {}", destination.describe()),
            en: format!("New server (host2): {}", destination.describe()),
        },
    ];
    MigrationBatch {
        files: vec![CsvFile {
            name,
            content: script,
            notes,
            part: None,
        }],
        settings,
        limits: vec![text(
            "imapsync 自体に件数やサイズの上限はありませんが、移行先のIMAPの受信制限(1日あたりの取り込み量など)は Mailmove ではわかりません。移行先の資料で確認してください。",
            "imapsync has no item or size cap of its own, but the new service's IMAP upload limits (per day and so on) are not known to Mailmove: check its documentation.",
        )],
        client_import: Vec::new(),
        nothing_to_move: Vec::new(),
    }
}

/// `--ssl1` / `--tls1` (or `2`).
fn security_flag(security: Security, side: u8) -> String {
    match security {
        Security::SslTls => format!("--ssl{side}"),
        Security::StartTls => format!("--tls{side}"),
    }
}

/// `value` as one single-quoted shell word: `'` becomes `'\''`.
pub(crate) fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The password file's name for `address`: the address, with `%` and `/` (which an
/// address may hold, RFC 5322 `atext`) escaped so it stays one file name.
pub(crate) fn password_file_name(address: &str) -> String {
    address.replace('%', "%25").replace('/', "%2F")
}
