//! POP mailboxes that keep no copy on the server: the old mail is only in the mail
//! client on the user's PC, so no server-side tool can reach it. These are the steps
//! in the client instead.

use super::{ImapServer, text};
use crate::Message;
use crate::catalog::MailProvider;

/// What to do in the mail client to bring a POP mailbox's old mail to the target:
/// add the new account over IMAP and copy the folders into it (or, in Outlook, a PST
/// export and import).
pub fn client_steps(
    target: Option<&MailProvider>,
    target_imap: Option<&ImapServer>,
) -> Vec<Message> {
    let target_name = target.map_or(
        Message::from(crate::Text {
            ja: "移行先",
            en: "the new service",
        }),
        |target| target.name.into(),
    );
    let imap = match target_imap {
        Some(server) => Message {
            ja: format!(
                "今使っているメールソフトに、{}の新しいアカウントをIMAPで追加します(受信サーバー {})。旧アカウント(POP)はまだ削除しません。",
                target_name.ja,
                server.describe()
            ),
            en: format!(
                "In the mail client in use today, add the new {} account over IMAP (incoming server {}). Keep the old POP account for now.",
                target_name.en,
                server.describe()
            ),
        },
        None => Message {
            ja: format!(
                "今使っているメールソフトに、{}の新しいアカウントをIMAPで追加します(サーバー名は移行先の案内を確認)。旧アカウント(POP)はまだ削除しません。",
                target_name.ja
            ),
            en: format!(
                "In the mail client in use today, add the new {} account over IMAP (its server as the new service gives it). Keep the old POP account for now.",
                target_name.en
            ),
        },
    };
    vec![
        imap,
        text(
            "旧アカウントの受信トレイと自分で作ったフォルダから、残したいメールを新しいアカウントの同じ名前のフォルダへドラッグしてコピーします。送信済みも忘れずに。",
            "From the old account's inbox and the folders you made, drag the mail to keep into folders of the same name in the new account. Sent mail too.",
        ),
        text(
            "Outlook では代わりに「ファイル → 開く/エクスポート → インポート/エクスポート」でPSTファイルにエクスポートし、新しいアカウントに取り込むこともできます。",
            "In Outlook you can instead export a PST file (File → Open & Export → Import/Export) and import it into the new account.",
        ),
        text(
            "コピーが終わったら、新しいアカウントのフォルダとメールの件数が旧アカウントと合うか確認します。",
            "When the copy is done, check that the new account's folders and message counts match the old ones.",
        ),
        text(
            "旧サーバーを解約する前に、Webメールでまだ受信していないメールが残っていないか確認します。",
            "Before the old server is closed, check its webmail for mail the PC never fetched.",
        ),
    ]
}
