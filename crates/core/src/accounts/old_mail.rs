//! How the old mail of one mailbox can move, from how it is read today.
//!
//! Where the old mail is decides everything: POP without a copy on the server leaves it
//! only on the user's PC, so no server-side tool can move it; IMAP and webmail keep it
//! on the server, where the target's own tool (from the catalog) can fetch it.

use serde::{Deserialize, Serialize};

use super::Hours;
use super::{Mailbox, ReadVia};
use crate::Message;
use crate::catalog::{MailProvider, MigrationSource, MigrationTool, SourceProtocol};

/// What to do with one mailbox's old mail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OldMailAdvice {
    /// How.
    pub method: Method,
    /// Why, and the limits that apply, in order of importance.
    pub reasons: Vec<Message>,
    /// Hours for the copy, `(fastest, slowest)`, when the size is known and a tool does
    /// the copying. A range from an assumed throughput, not a promise.
    pub estimate_hours: Option<(Hours, Hours)>,
}

/// How old mail moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Method {
    /// The target's own migration tool, as the catalog names it.
    TargetTool {
        /// The tool's name.
        name: Message,
    },
    /// The target has no tool of its own: an IMAP-to-IMAP copy (imapsync, or a mail
    /// client connected to both accounts).
    ImapSync,
    /// The mail is on the user's PC: import it from the mail client.
    ClientImport,
    /// The server reports an empty mailbox: nothing to move.
    NothingOnServer,
}

/// Assumed copy speed per mailbox, in MB per hour: 256 MB (slow) to 1 GB (fast), i.e.
/// roughly 70–280 KB/s. Not a vendor figure — providers.md has none — but a
/// deliberately wide, conservative guess for a shared rental server that limits
/// connections, and an office uplink. The reason text states it, so nobody mistakes
/// the estimate for a measurement.
pub(crate) const ASSUMED_MB_PER_HOUR: (u32, u32) = (256, 1024);

/// How the old mail in `mailbox` can reach `target`.
pub fn advise(mailbox: &Mailbox, target: &MailProvider) -> OldMailAdvice {
    advise_with(mailbox, Some(target))
}

/// [`advise`] by target id. A target outside the catalog (`custom`) has no tool of
/// its own that Mailmove knows, so the advice is an IMAP copy or a client import.
pub fn advise_for_target_id(mailbox: &Mailbox, target_id: &str) -> OldMailAdvice {
    use crate::catalog::CatalogEntry as _;
    advise_with(
        mailbox,
        MailProvider::find(target_id).filter(|provider| provider.is_target()),
    )
}

fn advise_with(mailbox: &Mailbox, target: Option<&MailProvider>) -> OldMailAdvice {
    let mut reasons = Vec::new();
    let size = mailbox.size_mb;
    if let ReadVia::Pop {
        keeps_copy_on_server: false,
    } = mailbox.read_via
    {
        reasons.push(text(
            "POPで受信し、サーバーにコピーを残していないため、過去のメールは各自のPCのメールソフト(Outlook、Thunderbird など)の中にだけあります。旧サーバーから移せるものはありません。",
            "The mailbox is read by POP without leaving a copy on the server, so the old mail exists only in the mail client on the user's PC (Outlook, Thunderbird…). There is nothing on the server to move.",
        ));
        reasons.push(text(
            "新しいアカウントをメールソフトにIMAPで追加してフォルダをドラッグするか、Outlook ならPSTファイルにエクスポートして移行先に取り込みます。",
            "Add the new account to the mail client over IMAP and drag the folders across, or in Outlook export a PST file and import it into the new service.",
        ));
        if let Some(mb) = size.filter(|&mb| mb > 0) {
            reasons.push(Message {
                ja: format!("ただし旧サーバーには{mb} MBのメールが残っています。まだPCに取り込まれていないメールかもしれないので、解約前にWebメールで確認してください。"),
                en: format!("The server still reports {mb} MB, though: mail the PC has not fetched yet, perhaps. Check it with webmail before the old server is closed."),
            });
        }
        return OldMailAdvice {
            method: Method::ClientImport,
            reasons,
            estimate_hours: None,
        };
    }
    if size == Some(0) {
        reasons.push(text(
            "旧サーバーのメールボックスは空(0 MB)なので、サーバーから移すメールはありません。",
            "The mailbox on the old server is empty (0 MB): there is no mail on the server to move.",
        ));
        if matches!(mailbox.read_via, ReadVia::Pop { .. }) {
            reasons.push(pc_folders());
        }
        return OldMailAdvice {
            method: Method::NothingOnServer,
            reasons,
            estimate_hours: None,
        };
    }
    let found = match mailbox.read_via {
        ReadVia::Pop { .. } => {
            reasons.push(text(
                "POPでもサーバーにコピーを残しているので、受信したメールは旧サーバーにもあります。",
                "The mailbox is read by POP but keeps a copy on the server, so the received mail is on the old server too.",
            ));
            reasons.push(pc_folders());
            // IMAP first: the server's copies sit in the inbox either way, and an IMAP
            // read keeps read state; a POP-only tool is the fallback.
            tool(target, SourceProtocol::Imap).or_else(|| tool(target, SourceProtocol::Pop))
        }
        ReadVia::Imap => {
            reasons.push(text(
                "IMAPで受信しているので、フォルダを含むすべてのメールが旧サーバーにあります。",
                "The mailbox is read by IMAP, so all the mail, folders included, is on the old server.",
            ));
            tool(target, SourceProtocol::Imap)
        }
        ReadVia::Webmail => {
            reasons.push(text(
                "Webメールだけで読んでいるので、すべてのメールが旧サーバーにあります。旧サーバーがIMAPでの接続を受け付けていれば、IMAPで読み出せます。",
                "The mailbox is read only through webmail, so all the mail is on the old server; it can be fetched over IMAP if the old server accepts IMAP connections.",
            ));
            tool(target, SourceProtocol::Imap)
        }
        ReadVia::Unknown => {
            reasons.push(text(
                "受信方式が分かりません。メールソフトがPOPでサーバーから削除している場合、旧サーバーには最近のメールしかありません。移行前に各自の設定を確認してください。",
                "How the mailbox is read is unknown. If a mail client reads it by POP and deletes from the server, the server holds only recent mail: check each user's settings first.",
            ));
            tool(target, SourceProtocol::Imap)
        }
    };
    let method = match found {
        Some((tool, source)) => {
            reasons.extend(tool_limits(tool, source));
            Method::TargetTool {
                name: tool.name.into(),
            }
        }
        None => {
            reasons.push(match target {
                Some(target) => Message {
                    ja: format!("{} には旧サーバーからメールを取り込む独自のツールがありません(カタログ上)。imapsync などのIMAP同期ツールを使うか、メールソフトに新旧両方のアカウントを設定してフォルダをコピーします。", target.name.ja),
                    en: format!("{} has no tool of its own (in the catalog) to fetch mail from the old server: use an IMAP sync tool such as imapsync, or set up both accounts in a mail client and copy the folders.", target.name.en),
                },
                None => text(
                    "移行先のサービスに旧サーバーからメールを取り込むツールがあるかは、Mailmove ではわかりません。プロバイダーに確認し、なければ imapsync などのIMAP同期ツールを使うか、メールソフトに新旧両方のアカウントを設定してフォルダをコピーします。",
                    "Mailmove does not know whether the new service has a tool to fetch mail from the old server. Ask the provider; without one, use an IMAP sync tool such as imapsync, or set up both accounts in a mail client and copy the folders.",
                ),
            });
            Method::ImapSync
        }
    };
    let estimate_hours = size.map(|mb| {
        let (slow, fast) = ASSUMED_MB_PER_HOUR;
        let range = (Hours::to_copy(mb, fast), Hours::to_copy(mb, slow));
        let (low, high) = range;
        reasons.push(Message {
            ja: format!("{mb} MBの移行には約{low}〜{high}時間かかる見込みです。1メールボックスあたり毎時256 MB〜1 GBと仮定した目安で、回線や旧サーバーの接続制限によって大きく変わります。"),
            en: format!("Moving {mb} MB should take roughly {low}–{high} hours. This assumes 256 MB to 1 GB per hour per mailbox; the line and the old server's connection limits change it a lot."),
        });
        range
    });
    OldMailAdvice {
        method,
        reasons,
        estimate_hours,
    }
}

fn text(ja: &str, en: &str) -> Message {
    Message {
        ja: ja.to_owned(),
        en: en.to_owned(),
    }
}

/// POP clients sort mail into folders on the PC; the server never sees them.
fn pc_folders() -> Message {
    text(
        "メールソフトで作ったフォルダはPCにしかありません。フォルダ分けしたメールは、メールソフトから取り込む必要があります。",
        "Folders made in the mail client exist only on the PC: mail sorted into them has to be imported from the client.",
    )
}

/// The target's first tool that reads `protocol`.
pub(crate) fn tool(
    target: Option<&MailProvider>,
    protocol: SourceProtocol,
) -> Option<(&'static MigrationTool, &'static MigrationSource)> {
    target?.setup?.migration.iter().find_map(|tool| {
        let source = tool
            .sources
            .iter()
            .find(|source| source.protocol == protocol)?;
        Some((tool, source))
    })
}

/// What the catalog says the tool leaves behind or caps.
pub(crate) fn tool_limits(tool: &MigrationTool, source: &MigrationSource) -> Vec<Message> {
    let name = tool.name;
    let mut out = vec![Message {
        ja: format!("移行先の「{}」で旧サーバーから直接取り込めます。", name.ja),
        en: format!(
            "The new service's “{}” can fetch it from the old server directly.",
            name.en
        ),
    }];
    if source.protocol == SourceProtocol::Pop {
        out.push(text(
            "POPで取り込むと、すべてのメールが受信箱に入ります。",
            "Fetched by POP, everything lands in the inbox.",
        ));
    }
    if let Some(mb) = tool.max_message_mb {
        out.push(Message {
            ja: format!("{}は{mb} MBを超えるメールを移行しません。大きな添付ファイル付きのメールは旧サーバーに残るので、旧サーバーを解約する前に保存してください。", name.ja),
            en: format!("{} leaves behind messages larger than {mb} MB: save mail with large attachments before the old server is closed.", name.en),
        });
    }
    if let Some(items) = tool.max_items_per_mailbox {
        out.push(Message {
            ja: format!("1メールボックスあたり最大{items}件まで移行します。"),
            en: format!("It moves at most {items} items per mailbox."),
        });
    }
    if let Some(users) = source.max_users {
        out.push(Message {
            ja: format!("1回の移行で扱うのは{users}ユーザーまでが目安です。"),
            en: format!("One run handles about {users} users."),
        });
    }
    out
}
