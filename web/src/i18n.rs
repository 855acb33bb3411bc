//! Every string the page shows, in Japanese and English. A `Text` needs both, so a
//! missing translation does not compile.

use mailmove_core::Text;

use crate::lang::CurrentLang;

/// The string in the page's current language (reactive when called in a view closure).
pub fn tr(text: Text) -> &'static str {
    text.get(CurrentLang::expect().get())
}

macro_rules! texts {
    ($($name:ident: $ja:literal / $en:literal;)*) => {
        $(
            #[allow(missing_docs)]
            pub const $name: Text = Text { ja: $ja, en: $en };
        )*
    };
}

texts! {
    LEAD: "メールを1通も失わずに、今のメールサーバーから Google Workspace・Microsoft 365・Zoho Mail へ引っ越すための無料ツールです。"
        / "A free tool to move your company's e-mail to Google Workspace, Microsoft 365 or Zoho Mail without losing a single message.";
    LANG_SWITCH: "表示言語" / "Language";
    DOMAIN_LABEL: "ドメイン名" / "Domain name";
    DOMAIN_PLACEHOLDER: "例: example.co.jp" / "e.g. example.com";
    CHECK_BUTTON: "調べる" / "Check";
    WILL_CHECK: "調べるドメイン:" / "Domain to check:";
    CHECKING: "問い合わせ中…" / "Looking up…";
    MX_HEADING: "MXレコード(メールの配送先)" / "MX records (where mail is delivered)";
    MX_NONE: "MXレコードがありません。" / "There are no MX records.";
    NXDOMAIN: "このドメインは存在しません(NXDOMAIN)。" / "This domain does not exist (NXDOMAIN).";
    COULD_NOT_CHECK: "確認できませんでした(DNSサーバーが応答しないか、エラーを返しました)。時間をおいて再度お試しください。"
        / "Could not check (the DNS server did not answer or returned an error). Please try again later.";
    NETWORK_ERROR: "サーバーに接続できませんでした。" / "Could not reach the server.";
    SERVER_OK: "サーバー: 稼働中" / "Server: up";
    SERVER_CHECKING: "サーバーを確認中…" / "Checking the server…";
    SERVER_DOWN: "サーバー: 応答なし" / "Server: not responding";
    VERSION: "バージョン" / "version";
}
