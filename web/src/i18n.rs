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
    WEBSITE_NAME: "はウェブサイトの名前です。メールのドメインとして次を調べます:" / "is a website's name. Checking the mail domain:";
    CHECK_AS_TYPED: "入力したとおりに調べる" / "Check it as typed";
    CHECKING: "問い合わせ中…" / "Looking up…";
    MX_HEADING: "MXレコード(メールの配送先)" / "MX records (where mail is delivered)";
    MX_NONE: "MXレコードがありません。" / "There are no MX records.";
    NXDOMAIN: "このドメインは存在しません(NXDOMAIN)。" / "This domain does not exist (NXDOMAIN).";
    COULD_NOT_CHECK: "確認できませんでした(DNSサーバーが応答しないか、エラーを返しました)。時間をおいて再度お試しください。"
        / "Could not check (the DNS server did not answer or returned an error). Please try again later.";
    NETWORK_ERROR: "サーバーに接続できませんでした。" / "Could not reach the server.";
    SURVEY_INTERRUPTED: "調査の途中で接続が切れました。ここまでの結果を表示しています。もう一度「調べる」を押してください。"
        / "The connection broke off during the check. What arrived so far is shown; press “Check” again.";
    STATIC_NEEDS_ENGINE: "この配布物は静的配置用にビルドされていません(cargo xtask dist --static-doh で作り直してください)。"
        / "This build is not made for a static deployment (rebuild it with cargo xtask dist --static-doh).";
    SERVER_OK: "サーバー: 稼働中" / "Server: up";
    SERVER_CHECKING: "サーバーを確認中…" / "Checking the server…";
    SERVER_DOWN: "サーバー: 応答なし" / "Server: not responding";
    VERSION: "バージョン" / "version";
    SELECTORS_LABEL: "DKIMセレクター(任意、カンマ区切り)" / "DKIM selectors (optional, comma-separated)";
    TARGET_LABEL: "移行先" / "Moving to";
    TARGET_NONE: "まだ決めていない" / "Not decided yet";
    OPTIONS: "詳細な設定" / "More options";
    PROGRESS: "問い合わせ" / "Questions";
    PROGRESS_DONE: "調査が完了しました" / "Survey complete";
    PROGRESS_STOPPED: "調査は途中で止まりました" / "Survey stopped before the end";
    SUMMARY: "まとめ" / "Summary";
    MAIL_PROVIDER: "現在のメールサービス" / "Current mail provider";
    MIXED: "複数(移行中の可能性があります)" / "Several (a move may be in progress)";
    UNKNOWN_PROVIDER: "判別できませんでした" / "Not recognised";
    DNS_HOST: "DNSの管理先(レコードを編集する場所)" / "DNS host (where records are edited)";
    READINESS: "移行先への準備" / "Readiness for the target";
    READY_ITEMS: "項目が準備済み" / "items ready";
    READINESS_OK: "準備済み" / "Ready";
    READINESS_TODO: "未確認" / "Not yet";
    READINESS_BLOCKED: "要対応" / "Blocking";
    COUNTS: "指摘の件数" / "Findings";
    NO_FINDINGS: "問題は見つかりませんでした。" / "No problems found.";
    FINDINGS: "指摘事項" / "Findings";
    WHY: "なぜ問題か" / "Why it matters";
    HOW_TO_FIX: "直し方" / "How to fix it";
    RECORD: "レコード" / "Record";
    FIXED_RECORD: "修正例" / "Corrected record";
    REFERENCE: "根拠" / "Reference";
    COPY: "コピー" / "Copy";
    COPIED: "コピーしました" / "Copied";
    COULD_NOT_CHECK_HEADING: "確認できなかった項目" / "Could not check";
    COULD_NOT_CHECK_NOTE: "DNSサーバーが応答しなかったか、エラーを返しました。ドメインの設定の誤りとは限りません。時間をおいて再度お試しください。"
        / "The DNS server did not answer or returned an error. This does not mean the domain is misconfigured; please try again later.";
    SPF_TREE: "SPFの参照(include)ツリー" / "SPF include tree";
    LOOKUPS: "DNS参照" / "DNS lookups";
    OF_TEN: "(上限10)" / "(limit 10)";
    VOID_LOOKUPS: "何も見つからない参照" / "Lookups that find nothing";
    OF_TWO: "(上限2)" / "(limit 2)";
    SPF_TARGET_VOID: "DNSで見つかりません" / "not found in DNS";
    SPF_TARGET_NO_ADDRESS: "メールサーバーにIPアドレスがありません" / "its mail servers have no IP address";
    SPF_TARGET_COULD_NOT_CHECK: "確認できませんでした" / "could not check";
    SPF_TARGET_NOT_ASKED: "調べていません" / "not looked up";
    RECORDS: "DNSレコード" / "DNS records";
    TTL: "TTL(秒)" / "TTL (s)";
    PREFERENCE: "優先度" / "Preference";
    HOST: "ホスト" / "Host";
    ADDRESSES: "アドレス" / "Addresses";
    NAME_SERVERS: "ネームサーバー" / "Name servers";
    SERIAL: "シリアル番号" / "Serial";
    STATE: "状態" / "State";
    SELECTOR: "セレクター" / "Selector";
    KEY_BITS: "鍵長(ビット)" / "Key length (bits)";
    NONE_FOUND: "見つかりませんでした" / "None found";
    NULL_MX_NOTE: "(メールを受け取らない宣言)" / "(accepts no mail)";
    TTL_FROM_CACHE: "DNSキャッシュの残り時間です。ゾーンに設定された値はこれ以上です。" / "What a DNS cache had left; the zone's own value is at least this.";
    DOMAIN_STATE: "状態" / "Status";
    PROVIDERS: "判別したサービスと根拠" / "Services detected, with evidence";
    SENDERS: "送信サービス" / "Sending services";
    GATEWAYS: "ゲートウェイ" / "Gateways";
    VERIFIED: "登録済みのサービス(確認用トークン)" / "Services already verified (tokens)";
    SHARE: "共有リンクをコピー" / "Copy share link";
    DOWNLOAD_JSON: "JSONをダウンロード" / "Download JSON";
    PRINT: "印刷" / "Print";
    DNSSEC: "DNSSEC" / "DNSSEC";
    DKIM_TRIED: "DKIM の鍵は見つかりませんでした。調べたセレクター:" / "No DKIM key was found. Selectors tried:";
    DKIM_ADD_SELECTOR: "メールの送信元の管理画面に表示されるセレクター名を「詳細な設定」の DKIM セレクターに入れて、もう一度調べてください。" / "Enter the selector your mail service's admin console shows under “More options” (DKIM selectors) and check again.";
    STAGE_HEADING: "移行の状況" / "Where the move stands";
    STAGE_NEXT: "次にすること" / "Next";
    STAGE_OPEN_STEP: "計画のこの手順を開く" / "Open this step of the plan";
    STAGE_REMNANTS: "旧サービスの設定が DNS に残っています:" / "The old service's entries are still in DNS:";
    SUPPORT_CODE: "お問い合わせ用の識別子" / "Reference for support";
    RUN_AGAIN: "もう一度調べる" / "Check again";
    CTA_DEFAULT: "メールの引っ越しを相談する" / "Talk to us about your e-mail move";
    POWERED_BY: "メール引っ越しナビで調べています" / "Checked with Mailmove";
    SNIPPET_TITLE: "このチェックを自社サイトに埋め込む" / "Embed this check on your site";
    SNIPPET_LEAD: "下のコードをコピーして、サイトの表示したい場所に貼り付けてください。高さは内容に合わせて自動で変わります。"
        / "Copy the code below and paste it where the check should appear on your site. Its height follows its content.";
    COMPANY: "会社名(任意)" / "Company name (optional)";
    ACCENT: "アクセントカラー(#RRGGBB)" / "Accent colour (#RRGGBB)";
    CTA_URL: "相談ボタンのリンク先(任意)" / "Call-to-action link (optional)";
    CTA_LABEL: "相談ボタンの文言" / "Call-to-action label";
    SHARE_PAGE: "共有リンクの行き先(任意。このチェックを載せるページのアドレス)" / "Where share links lead (optional: the address of the page that shows this check)";
    ACCENT_INVALID: "色は #0b6e4f のように、# と 16 進数 6 桁で入力してください。この値は使われません。" / "Enter the colour as # and six hexadecimal digits, like #0b6e4f. This value is not used.";
    LINK_INVALID: "https:// で始まるアドレスを入力してください。この値は使われません。" / "Enter an address starting with https://. This value is not used.";
    SNIPPET_FRAME_NOTE: "このチェックを提供しているサーバーの「表示を許可するサイト」の一覧(設定 --frame-ancestor または --frame-ancestors-file)に、埋め込むサイトのオリジン(例: https://www.example.co.jp)を加えてください。一覧にないサイトでは、チェックの代わりにその旨の案内が表示されます。"
        / "Add your site's origin (e.g. https://www.example.co.jp) to the list of sites allowed to show this check on its server (the --frame-ancestor or --frame-ancestors-file setting). Other sites show a note saying so instead of the check.";
    ALL_RECORDS: "読み取ったすべてのレコード" / "Every record read";
    NAME: "名前" / "Name";
    TYPE: "タイプ" / "Type";
    DATA: "値" / "Data";
    EMBED_HEADING: "メールの設定チェック" / "E-mail settings check";
    STATIC_MODE: "静的モード: DNSの問い合わせ先" / "Static mode: DNS answers from";
    MONITOR_TITLE: "MX 切り替えの監視" / "Cutover monitor";
    MONITOR_LEAD: "MX レコードを変更した後、どの DNS サーバーがまだ古い配送先を返しているか、旧メールボックスをいつまで確認すればよいかを測ります。"
        / "After the MX change: which DNS servers still return the old mail servers, and until when to keep watching the old inbox.";
    MONITOR_LINK: "MX の切り替えを監視する" / "Monitor the MX switch";
    NEW_MX_LABEL: "新しい MX ホスト(任意、カンマ区切り。空欄なら権威サーバーの現在の値)"
        / "New MX hosts (optional, comma-separated; empty: what the authoritative servers serve now)";
    OLD_TTL_LABEL: "変更前の MX の TTL(秒、任意)" / "The old MX record's TTL (seconds, optional)";
    CHANGED_AT_LABEL: "MX を変更した日時(任意)" / "When the MX was changed (optional)";
    START_MONITOR: "監視を始める" / "Start monitoring";
    MONITOR_NEEDS_SERVER: "この配置では DNS サーバーに直接問い合わせられません(Mailmove サーバーが必要です)。MX を変更した日時と旧 MX の TTL から、古い MX が返され得る最後の時刻と旧メールボックスの監視を終えてよい時刻を計算します。"
        / "This deployment cannot ask DNS servers directly (that needs the Mailmove server). From when the MX was changed and the old MX's TTL, it computes until when the old MX can be handed out and from when the old inbox can be left.";
    AUTHORITIES_UNREACHABLE: "権威サーバーに問い合わせられませんでした" / "No authoritative server could be asked";
    MOMENTS_BASIS: "根拠" / "Based on";
    CAPPED_RESOLVERS: "TTL を短く切り詰める公開リゾルバー" / "Public resolvers that cap TTLs";
    CAP_SOURCE: "出典" / "Source";
    PLAN_RECORDS_LINK: "計画の「DNS レコード」の手順を開く" / "Open the plan's DNS records step";
    RESOLVERS_SWITCHED: "新しい MX を返すリゾルバー" / "Resolvers returning the new MX";
    AUTHORITIES_SWITCHED: "権威サーバーはすべて新しい MX を返しています" / "Every authoritative server serves the new MX";
    AUTHORITIES_LAG: "まだ新しい MX を返していない権威サーバーがあります" / "An authoritative server does not serve the new MX yet";
    NEW_MX_IS: "新しい MX" / "New MX";
    FROM_AUTHORITIES: "(権威サーバーの現在の値)" / "(what the authoritative servers serve now)";
    OLD_POSSIBLE_UNTIL: "古い MX が返される可能性がある最後の時刻" / "The old MX may be handed out until";
    SAFE_FROM: "旧メールボックスの確認と最終同期を終えてよい時刻" / "Safe to stop watching the old inbox and run the final sync from";
    SAFE_FROM_NOTE: "最後に古い MX が返され得る時刻に、送信側の再送に備えて 24 時間を加えています。"
        / "The last moment the old MX can be handed out, plus 24 hours for senders retrying their queued mail.";
    SAFE_UNKNOWN: "まだ計算できません" / "Cannot be computed yet";
    NEXT_CHECK: "次の確認まで" / "Next check in";
    SECONDS: "秒" / "s";
    CHECKING_NOW: "確認中…" / "Checking…";
    CHECKED_AT: "確認した時刻" / "Checked at";
    ALL_SWITCHED: "すべてのサーバーが新しい MX に切り替わりました。自動更新を止めました。"
        / "Every server now returns the new MX. Automatic refresh has stopped.";
    SERVER: "サーバー" / "Server";
    ROLE: "種類" / "Kind";
    RETURNS: "返した MX" / "MX returned";
    TTL_LEFT: "TTL 残り(秒)" / "TTL left (s)";
    CHECK_NOW: "今すぐ確認" / "Check now";
    PLANNER_TITLE: "移行計画" / "Migration planner";
    PLANNER_LEAD: "切り替えの日時を決めると、手順の日程・DNS レコード・チェックリストを作ります。計算はすべてこのブラウザーの中で行い、入力内容はサーバーに送りません。入力はこのブラウザーに保存されます。"
        / "Choose the cutover moment and get the dated steps, the DNS records and a checklist. Everything is computed in this browser; nothing is sent to the server. Your input is saved in this browser.";
    PLAN_STEP_BASICS: "1. 移行元と移行先" / "1. The move";
    PLAN_STEP_SCHEDULE: "3. 日程" / "3. Schedule";
    PLAN_STEP_RECORDS: "4. DNS レコード" / "4. DNS records";
    PLAN_STEP_CHECKLIST: "5. チェックリスト" / "5. Checklist";
    PLAN_TARGET: "移行先" / "Moving to";
    PLAN_DIFF_FROM_CHECK: "今の DNS との差分: このブラウザーで実行したドメインチェックの結果と比べています。確認日時" / "Compared with today's DNS as the check in this browser read it, at";
    PLAN_DIFF_NONE: "このブラウザーではまだこのドメインをチェックしていないため、今の DNS と比べていません。今のレコードが分からないので、SPF・DMARC・MX は「変更(なければ追加)」と書いています。今あるものを書き換え、2 つ目を追加しないでください。チェックすると、追加・変更・削除がはっきりします(チェック後、結果の「移行計画」からこの計画に戻れます)。" / "This domain has not been checked in this browser yet, so nothing is compared with today's DNS. Because today's records are unknown, SPF, DMARC and MX are written as “change (add if none)”: edit the record that is there, never add a second one. A check makes every line a clear add, change or delete (from its result, the migration plan link brings you back to this plan).";
    PLAN_DIFF_RUN_CHECK: "このドメインをチェックする" / "Check this domain";
    PLAN_OLD_VALUE: "今の値:" / "Now:";
    PLAN_TARGET_CUSTOM: "その他(MX を指定)" / "Other (enter its MX)";
    PLAN_CUSTOM_LEGEND: "移行先のメールサービス(プロバイダーの案内の値)" / "The new mail service (values from the provider's instructions)";
    PLAN_CUSTOM_NAME: "サービス名" / "Service name";
    PLAN_CUSTOM_MX: "MX(1 行に「優先度 ホスト名」)" / "MX (one “preference host” per line)";
    PLAN_CUSTOM_SPF: "SPF の include 先(送信する場合)" / "SPF include (if it sends mail)";
    PLAN_CUTOVER: "切り替え(MX 変更)の日時" / "Cutover (MX change) moment";
    PLAN_TIME_ZONE: "タイムゾーン" / "Time zone";
    PLAN_CURRENT_TTL: "今の MX の TTL(秒。ドメインチェックで分かります)" / "Today's MX TTL (seconds; the domain check shows it)";
    PLAN_BUSY: "繁忙期(1 行に 1 つ: 2027-03-25..2027-03-31 決算)" / "Busy periods (one per line: 2027-03-25..2027-03-31 Year-end closing)";
    PLAN_BUSY_ERROR: "繁忙期を読み取れません" / "Cannot read the busy period";
    PLAN_RISK: "切り替え日時のリスク" / "Risk of the cutover moment";
    PLAN_BETTER: "近くのよりよい日時" / "Better moments nearby";
    PLAN_WHEN: "日時" / "When";
    PLAN_WHAT: "手順" / "Step";
    PLAN_HOW: "内容" / "What to do";
    PLAN_ACTION: "操作" / "Action";
    PLAN_RECORD_INPUTS: "移行先の管理画面から" / "From the new service's console";
    PLAN_TOKEN: "所有権確認の値(管理コンソールに表示されたもの)" / "Verification value (as the admin console shows it)";
    PLAN_VERIFY_METHOD: "所有権の確認方法" / "Verification method";
    PLAN_VERIFY_TXT: "TXT レコード" / "TXT record";
    PLAN_VERIFY_CNAME: "CNAME レコード(「ホスト名 値」を入力)" / "CNAME record (enter “host value”)";
    PLAN_VERIFY_MX: "MX レコード(優先度 32767、メールは届きません)" / "MX record (preference 32767; it takes no mail)";
    PLAN_KEEP: "SPF に残す送信サービス(include 先。空欄なら今の SPF から旧サービス以外すべて)" / "Senders to keep in SPF (include domains; empty: everything in today's SPF except the old service)";
    PLAN_DKIM: "DKIM の値(Microsoft 365 はテナント名)" / "DKIM value (Microsoft 365: the tenant)";
    PLAN_RUA: "DMARC レポートの送付先" / "DMARC report address";
    ACTION_ADD: "追加" / "Add";
    ACTION_CHANGE: "変更" / "Change";
    ACTION_DELETE: "削除" / "Delete";
    ACTION_KEEP: "設定済み" / "Already there";
    ACTION_SET: "変更(なければ追加)" / "Change (add if none)";
    DOWNLOAD_ZONE: "ゾーン断片をダウンロード" / "Download zone fragment";
    DOWNLOAD_ICS: "カレンダー(ICS)" / "Calendar (ICS)";
    DOWNLOAD_MD: "チェックリスト(Markdown)" / "Checklist (Markdown)";
    DOWNLOAD_PLAN: "計画を保存(JSON)" / "Save plan (JSON)";
    PLAN_LINK: "この移行を計画する" / "Plan this move";
    PLAN_STEP_ACCOUNTS: "2. アカウント" / "2. Accounts";
    PLAN_READ_VIA: "今の読み方と容量(MB)" / "How it is read today, and size (MB)";
    PLAN_SIZE_MB: "容量(MB)" / "Size (MB)";
    PLAN_OLD_MAIL: "過去のメールの移し方" / "Moving old mail";
    READ_UNKNOWN: "不明" / "Unknown";
    READ_POP: "POP(サーバーに残さない)" / "POP (no copy on the server)";
    READ_POP_COPY: "POP(サーバーに残す)" / "POP (copy left on the server)";
    READ_IMAP: "IMAP" / "IMAP";
    READ_WEBMAIL: "Web メール" / "Webmail";
    METHOD_IMAP_SYNC: "IMAP 同士のコピー(imapsync やメールソフト)" / "IMAP-to-IMAP copy (imapsync or a mail client)";
    METHOD_CLIENT_IMPORT: "メールソフトから取り込む(メールは PC にあります)" / "Import from the mail client (the mail is on the PC)";
    METHOD_NOTHING: "サーバーに移すメールはありません" / "Nothing on the server to move";
    PLAN_HOST_GUIDE: "DNS サービスでの入力方法" / "What to type at the DNS host";
    PLAN_GENERIC_HOST: "その他・不明" / "Other / unknown";
    PLAN_BLANK: "(空欄)" / "(blank)";
    PLAN_SHARE: "共有リンク(計画全体がリンクの中に入ります。サーバーには送られません)" / "Share link (the whole plan is inside the link; it is not sent to any server)";
    PLAN_SHARE_OPEN: "共有リンクを開く" / "Open the share link";
    PLAN_ACCOUNTS_LEAD: "旧サーバーのアドレスをすべて入れ、それぞれ移行先で何になるか決めます。決まっていないアドレス宛てのメールは、切り替え後に戻されます。入力はこのブラウザーの外に出ません。"
        / "Enter every address of the old server and decide what each becomes on the new service. Mail to an undecided address bounces after the cutover. Nothing leaves this browser.";
    PLAN_ACCOUNTS_NONE: "旧サーバーのアドレスはまだ入っていません。" / "No address of the old server has been entered yet.";
    PLAN_ACCOUNTS_COUNT: "旧サーバーのアドレス: {count} 件" / "Addresses of the old server: {count}";
    PLAN_ACCOUNTS_OPEN: "アドレスを入れて行き先を決める(アカウントのページへ)" / "Enter the addresses and decide where each goes (accounts page)";
    ACCOUNTS_PAGE_TITLE: "アカウントと古いメール" / "Accounts and old mail";
    ACCOUNTS_PAGE_LEAD: "{domain} の移行計画の手順 2 です。ここでの入力は同じ計画としてこのブラウザーに保存され、日程とチェックリストに反映されます。"
        / "Step 2 of the migration plan for {domain}. What you enter here is saved in this browser with the same plan, and its schedule and checklist take it into account.";
    ACCOUNTS_NEXT: "次の手順へ: 3. 日程(移行計画のページ)" / "Next: 3. Schedule (the plan's page)";
    RECORDS_PAGE_TITLE: "DNS レコードの設定" / "Setting the DNS records";
    RECORDS_PAGE_LEAD: "{domain} の移行計画の手順 4 です。移行先の管理画面に表示された値を入れると、設定するレコードを手順ごとに、今の DNS との違いとして示します。入力は同じ計画としてこのブラウザーに保存されます。"
        / "Step 4 of the migration plan for {domain}. Enter the values the new service's console shows, and the records to set appear by step, as changes to today's DNS. What you enter is saved in this browser with the same plan.";
    RECORDS_NEXT: "次の手順へ: 5. チェックリスト(移行計画のページ)" / "Next: 5. Checklist (the plan's page)";
    RECORDS_SAVE_FAILED: "このブラウザーに保存できませんでした(保存容量がいっぱいか、保存が無効です)。このページで入れた内容は移行計画に届きません。ゾーンファイルを書き出して手元に残してください。"
        / "This browser refused to save (storage full or disabled). What you enter on this page does not reach the plan: download the zone file to keep it.";
    PLAN_RECORDS_COUNT: "設定するレコード: 追加 {add} 件・変更 {change} 件・削除 {delete} 件" / "Records to set: {add} to add, {change} to change, {delete} to delete";
    PLAN_RECORDS_WARNINGS: "レコードについての注意: {count} 件(レコードのページで確認してください)" / "Warnings about the records: {count} (see the records page)";
    PLAN_RECORDS_OPEN: "移行先の値を入れてレコードを見る(DNS レコードのページへ)" / "Enter the new service's values and see the records (records page)";
    PLAN_RECORDS_LEAD: "移行先の確認用の値などを入れると、DNS に設定するレコードを手順ごとに作ります。" / "With the values from the new service's console, the records to set in DNS are made, step by step.";
    ACCOUNTS_SAVE_FAILED: "このブラウザーに保存できませんでした(保存容量がいっぱいか、保存が無効です)。このページで入れた内容は移行計画に届きません。CSV を書き出して手元に残してください。"
        / "This browser refused to save (storage full or disabled). What you enter on this page does not reach the plan: download the CSV to keep it.";
    STEP_PAGE_BACK: "← 移行計画に戻る" / "← Back to the migration plan";
    STEP_PAGE_NO_PLAN: "このブラウザーには、このドメインの移行計画がまだありません。ここでの入力は移行計画の一部として保存されるので、先に移行計画を開いてください。"
        / "This browser holds no migration plan for this domain yet. What you enter here is saved as part of a plan: open the migration plan first.";
    STEP_PAGE_START_PLAN: "移行計画を開く" / "Open the migration plan";
    PLAN_ACCOUNTS_PASTE: "アドレスの一覧(貼り付け。1 行に 1 つ、または CSV)" / "Address list (paste: one per line, or CSV)";
    PLAN_ACCOUNTS_READ: "読み込む" / "Read";
    PLAN_ACCOUNTS_FILE: "ファイルから(CSV、UTF-8 または Shift_JIS)" / "From a file (CSV, UTF-8 or Shift_JIS)";
    PLAN_ADDRESS: "アドレス" / "Address";
    PLAN_DESTINATION: "移行先での扱い" / "On the new service";
    PLAN_ACCOUNTS_ALL_USERS: "未定のアドレスをすべてメールボックスにする" / "Make every undecided address a mailbox";
    PLAN_ACCOUNTS_CSV: "一括登録用 CSV(パスワードは管理者が入力)" / "Bulk-create CSV (passwords left for the admin)";
    PLAN_ACCOUNTS_CSV_PASSWORDS: "一括登録用 CSV(強いパスワードを生成)" / "Bulk-create CSV (strong passwords generated)";
    PLAN_ACCOUNTS_FILES: "ファイルが複数あります。1つずつダウンロードし、番号の順にアップロードしてください(作業表はアップロードしません)。"
        / "There are several files: download each one and upload them in number order (the worklist is not for upload).";
    DEST_UNASSIGNED: "未定" / "Undecided";
    DEST_USER: "メールボックス" / "Mailbox";
    DEST_ALIAS: "エイリアス" / "Alias";
    DEST_GROUP: "グループ" / "Group";
    DEST_RETIRE: "廃止" / "Retire";
    DEST_FORWARD: "転送" / "Forward";
    PLAN_REPLACE_ASK: "このブラウザーには {domain} の計画がすでに保存されています。表示中の計画で置き換えますか?決めるまで、表示中の計画は保存されません。"
        / "A plan for {domain} is already saved in this browser. Replace it with the plan shown? Until you choose, the plan shown is not saved.";
    PLAN_REPLACE_YES: "表示中の計画で置き換える" / "Replace it with the plan shown";
    PLAN_REPLACE_OPEN: "保存済みの計画を開く" / "Open the saved plan";
    PLAN_SAVE_FAILED: "このブラウザーに計画を保存できませんでした(保存容量がいっぱいか、保存が無効です)。共有リンクか JSON で書き出してください。"
        / "The plan could not be saved in this browser (storage full or disabled). Keep it with the share link or a JSON download.";
    PLAN_SAVED: "このブラウザーに保存した計画" / "Plans saved in this browser";
    PLAN_SAVED_NAME: "計画" / "Plan";
    PLAN_SAVED_CUTOVER: "切り替え日時" / "Cutover";
    PLAN_SAVED_ACTIONS: "操作" / "Actions";
    PLAN_SHOWN: "表示中" / "Shown";
    PLAN_OPEN: "開く" / "Open";
    PLAN_RENAME: "名前を付ける" / "Rename";
    PLAN_RENAME_ASK: "計画の名前(空欄ならドメイン名で表示します)" / "Name of the plan (empty shows the domain)";
    PLAN_EXPORT: "書き出す(JSON)" / "Export (JSON)";
    PLAN_DELETE: "削除" / "Delete";
    PLAN_DELETE_ASK: "{domain} の計画をこのブラウザーから削除しますか?元に戻せません。" / "Delete the plan for {domain} from this browser? This cannot be undone.";
    PLAN_NEW_FOR: "別のドメインの計画を始める" / "Start a plan for another domain";
    PLAN_NEW: "始める" / "Start";
    PLAN_NEW_INVALID: "ドメイン名として読み取れません。" / "This is not a domain name.";
    OLD_MAIL_TITLE: "過去のメールの移し方(まとめ)" / "Moving the old mail (summary)";
    ROUTE_TARGET_TOOL: "移行先の移行ツールで移す: {n} 件" / "Moved by the new service's migration tool: {n}";
    ROUTE_IMAPSYNC: "IMAP 同士のコピー(imapsync など)で移す: {n} 件" / "Moved by an IMAP-to-IMAP copy (imapsync or similar): {n}";
    ROUTE_CLIENT: "PC のメールソフトから取り込む: {n} 件" / "Imported from the mail client on the PC: {n}";
    ROUTE_NOTHING: "サーバーに移すメールがない: {n} 件" / "Nothing on the server to move: {n}";
    OLD_MAIL_ESTIMATE: "所要時間の目安(1 件ずつ順に移した場合の合計): {low}〜{high} 時間。" / "Estimated time, one mailbox after another: {low}–{high} hours.";
    OLD_MAIL_UNSIZED: "容量が分からない {n} 件は含みません。" / "{n} mailboxes of unknown size are not included.";
    OLD_SERVER: "旧サーバーの受信設定(今のメールソフトの設定を確認してください)" / "The old server's incoming settings (check them in today's mail client)";
    SETTINGS_SOURCE: "この設定値の出典" / "Where these values come from";
    IMAP_HOST: "IMAP サーバー" / "IMAP server";
    IMAP_PORT: "ポート" / "Port";
    IMAP_SECURITY: "暗号化" / "Security";
    BATCH_TOOL: "移す道具" / "Tool";
    TOOL_TARGET: "移行先の移行ツール" / "The new service's migration tool";
    TOOL_IMAPSYNC: "imapsync(作業する人の PC やサーバーで実行)" / "imapsync (run by whoever does the move)";
    BATCH_MAKE: "移行用のファイルを作る" / "Make the migration files";
    CLIENT_IMPORT_LEAD: "次のメールボックスは、過去のメールが PC にしかないため、ファイルには入れていません。各 PC で次の手順を行ってください。" / "These mailboxes are not in the files, since their old mail is only on the PC: follow these steps on each PC.";
    PLAN_MOVE_TO: "切り替え日時をこの日時にする: " / "Move the cutover to ";
    ISSUE_MUST_FIX: "✖ 要対応" / "✖ Must fix";
    ISSUE_NOTE: "⚠ 注意" / "⚠ Note";
    LAST_NAME: "姓" / "Last name";
    FIRST_NAME: "名" / "First name";
    DISPLAY_NAME: "表示名" / "Display name";
    ALIAS_OF: "どのメールボックスの別名にするか選ぶ" / "Choose the mailbox it belongs to";
    NO_MAILBOX_YET: "先に、いずれかのアドレスを「メールボックス」にしてください。" / "First make at least one address a mailbox.";
    GROUP_MEMBERS: "グループのメンバー" / "Group members";
    FORWARD_TO: "転送先" / "Forward to";
    ADD_FROM_LIST: "一覧から追加…" / "Add from the list…";
    TYPE_ADDRESS: "ほかのアドレス(社外など)" / "Another address (e.g. outside)";
    ADD: "追加" / "Add";
    REMOVE: "を外す" / "remove";
    RETIRE_REASON: "廃止する理由(例: 退職者)" / "Why it can go (e.g. left the company)";
    DECIDE_HINT: "このアドレスを移行先で何にするか選んでください。" / "Choose what this address becomes on the new service.";
    NO_OLD_MAIL: "メールボックスではないため、移す過去のメールはありません。" / "Not a mailbox: there is no old mail to move.";
    PLAN_ACCOUNTS_FORMAT: "読み込める列の見出しと見本" / "Column headings the importer reads, and a sample";
    PLAN_ACCOUNTS_FORMAT_LEAD: "1 行に 1 アドレスだけの一覧でも読み込めます。表計算ソフトの表なら、1 行目に次の見出し(日本語・英語のどちらでも)を付けると、名前や扱いもまとめて読み込みます。必須はメールアドレスだけです。"
        / "A plain list, one address per line, is enough. For a spreadsheet, put these headings (Japanese or English) in the first row and the names and decisions are read too. Only the address is required.";
    FORMAT_MEANING: "内容" / "What it holds";
    FORMAT_HEADING_JA: "日本語の見出し" / "Japanese heading";
    FORMAT_HEADING_EN: "英語の見出し" / "English heading";
    FORMAT_VALUES: "値の例" / "Example values";
    COPY_SAMPLE: "見本をコピー" / "Copy the sample";
    USE_SAMPLE: "見本を貼り付け欄に入れる" / "Put the sample in the box";
    PROBE_BUTTON: "新しいサーバーで受信できるか確認" / "Check the new server accepts these addresses";
    PROBE_LEAD: "移行先のメールサーバーに、一覧のアドレス(やめるものを除く)宛てのメールを受け取れるかを尋ねます。メールは送りません。結果は各アドレスの下に出ます。受け取れないアドレスがあるうちは、MX の切り替えは保留になります。"
        / "Asks the new service's mail servers whether they would take mail for each address of the list (except those retired). No message is sent. The answer appears under each address; while one is refused, switching MX is on hold.";
    PROBE_RUNNING: "確認しています(20 秒ほどかかることがあります)…" / "Checking (this can take about 20 seconds)…";
    PROBE_NONE: "確認するアドレスがありません。先にアドレスの一覧を読み込んでください。" / "No address to check: read the list of addresses first.";
    PROBE_TOO_MANY: "ページから一度に確認できるのは 500 件までです。それより多いときは、サーバー上で mailmove probe を実行してください。"
        / "The page checks at most 500 addresses at once; for more, run mailmove probe on a server.";
    PROBE_OFF: "このサーバーでは、ページからのこの確認はできません。多くの事務所や家庭の回線は外向きの 25 番ポートを塞いでいる(OP25B)ため、確認は 25 番ポートを使えるサーバー(VPS やクラウドのサーバー)で行います。そのサーバーに旧サーバーのアドレス一覧を accounts.csv として置き、次のコマンドを実行してください。"
        / "This server does not offer this check from the page. Many office and home connections block outgoing port 25 (OP25B), so the check runs on a server that may use port 25 (a VPS or a cloud server). Put the old server's list of addresses there as accounts.csv and run:";
    ACCEPTED: "受け取れます" / "Accepted";
    REFUSED: "受け取れません" / "Refused";
    COULD_NOT_TELL: "確かめられませんでした" / "Could not tell";
    SERVER_SAID: "サーバーの返答:" / "The server said:";
}

/// A text constant, as the snippet page's fields take them.
pub type TextRef = Text;

/// What looking up an SPF `a`, `mx` or `exists` target found, for the SPF tree; `None`
/// when it found what it should.
pub fn spf_target_label(status: &str) -> Option<Text> {
    match status {
        "void" => Some(SPF_TARGET_VOID),
        "no-address" => Some(SPF_TARGET_NO_ADDRESS),
        "could-not-check" => Some(SPF_TARGET_COULD_NOT_CHECK),
        "not-asked" => Some(SPF_TARGET_NOT_ASKED),
        _ => None,
    }
}

/// What went wrong at a node of the SPF tree, in words (the codes are core's
/// `SpfNode::problem`); an unknown code is shown as it is.
pub fn spf_problem_label(problem: &str) -> Option<Text> {
    let (ja, en) = match problem {
        "not-found" => ("SPFレコードがありません", "no SPF record there"),
        "multiple" => ("SPFレコードが複数あります", "several SPF records"),
        "could-not-check" => (
            "確認できませんでした(DNSの応答なし)",
            "could not be checked (no DNS answer)",
        ),
        "loop" => ("参照がループしています", "the references loop"),
        "too-deep" => ("参照が深すぎます", "nested too deep"),
        "macro" => (
            "送信者ごとに変わるため調べていません",
            "depends on the sender: not looked up",
        ),
        "not-asked" => (
            "問い合わせの上限のため調べていません",
            "not looked up: the survey's question limit was reached",
        ),
        _ => return None,
    };
    Some(Text { ja, en })
}

/// What one name server said when asked directly, in words.
pub fn ns_state_label(state: mailmove_core::survey::NsServerState) -> Text {
    use mailmove_core::survey::NsServerState;
    let (ja, en) = match state {
        NsServerState::Answered => ("応答あり", "answered"),
        NsServerState::Lame => ("このゾーンを持っていません", "does not serve this zone"),
        NsServerState::CouldNotCheck => ("応答なし", "no answer"),
        NsServerState::NotAsked => ("直接は問い合わせていません", "not asked directly"),
    };
    Text { ja, en }
}

/// A zone's DNSSEC state, for people.
pub fn dnssec_words(status: mailmove_core::survey::DnssecStatus) -> Text {
    use mailmove_core::survey::DnssecStatus;
    let (ja, en) = match status {
        DnssecStatus::Signed => (
            "署名されています(DNSSEC を使っています)",
            "signed (the zone uses DNSSEC)",
        ),
        DnssecStatus::Unsigned => (
            "使っていません(多くのドメインと同じです)",
            "not used (as for most domains)",
        ),
        DnssecStatus::Broken => (
            "設定が壊れています: 親ゾーンの DS がこのゾーンの鍵と合いません",
            "broken: the parent zone's DS matches none of this zone's keys",
        ),
        DnssecStatus::NotZoneApex => (
            "このドメインは上位のゾーンに含まれるため、そちらの設定に従います",
            "this name belongs to the zone above it and follows that zone's setting",
        ),
        DnssecStatus::CouldNotCheck => (
            "確認できませんでした(DNS の応答がありません)",
            "could not be checked (no DNS answer)",
        ),
    };
    Text { ja, en }
}
