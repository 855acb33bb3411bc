//! The old-mail section of the plan: per mailbox, which way its old mail moves (the
//! target's tool, imapsync, the mail client, or nothing), the estimate with its
//! assumption, the limits that matter, and the old server's settings pre-filled from
//! the detected provider for the user to confirm.
//!
//! One serde-serialisable call for the page and the CLI: [`old_mail_plan`].

use serde::{Deserialize, Serialize};

use super::migration::{BatchTool, MailboxRoute, route_mailboxes, target_imap};
use super::old_mail::{ASSUMED_MB_PER_HOUR, Method, tool, tool_limits};
use super::{AccountList, Hours};
use crate::DomainName;
use crate::Message;
use crate::catalog::client_settings::{PrefilledServer, client_settings, prefill};
use crate::catalog::{CatalogEntry, MailProvider, SourceProtocol};

/// Everything the plan says about old mail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OldMailPlan {
    /// The target's catalog id (or `custom`).
    pub target_id: String,
    /// The detected old provider's catalog id, when there is one.
    pub source_id: Option<String>,
    /// The old provider's incoming servers, pre-filled (IMAP first). Empty when the
    /// provider is unknown or no source gave its settings: the user types them.
    pub source_servers: Vec<PrefilledServer>,
    /// What to know about the old provider's servers.
    pub source_notes: Vec<Message>,
    /// The target's incoming servers as mail clients reach them (for imapsync and the
    /// client-side steps), when a source gave them.
    pub target_servers: Vec<PrefilledServer>,
    /// Every mailbox (user rows only), in list order, with its route and estimate.
    pub mailboxes: Vec<MailboxRoute>,
    /// How many mailboxes take each route.
    pub counts: RouteCounts,
    /// Hours for every mailbox with a known size, one after another, `(fastest,
    /// slowest)`; `None` when no size is known. An estimate from [`OldMailPlan::assumption`].
    pub estimate_hours: Option<(Hours, Hours)>,
    /// Mailboxes left out of the estimate because their size is unknown.
    pub mailboxes_without_size: usize,
    /// The assumption behind every estimate.
    pub assumption: Message,
    /// The limits that matter for this target and source.
    pub limits: Vec<Message>,
    /// The batch files Mailmove can write for this target
    /// ([`super::migration::migration_batch`]).
    pub batch_tools: Vec<BatchTool>,
}

/// Mailboxes per route.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteCounts {
    /// The target's own tool.
    pub target_tool: usize,
    /// imapsync (the target has no tool of its own).
    pub imapsync: usize,
    /// The mail client (POP without a copy on the server).
    pub client_import: usize,
    /// Nothing on the server (0 MB).
    pub nothing_on_server: usize,
}

/// The old-mail plan for the mailboxes of `list` moving to `target_id`. `source_id` is
/// the old provider's catalog id (the check's detection); `observed_hosts` are host
/// names the check saw (MX exchangers, SPF `a:`/`mx:` hosts), from which a customer's
/// own server name (`sv1234.xserver.jp`) is filled in.
pub fn old_mail_plan(
    list: &AccountList,
    domain: &DomainName,
    target_id: &str,
    source_id: Option<&str>,
    observed_hosts: &[String],
) -> OldMailPlan {
    let mailboxes = route_mailboxes(list, domain, target_id);
    let mut counts = RouteCounts::default();
    let (mut low, mut high, mut sized) = (Hours::default(), Hours::default(), false);
    let mut without_size = 0;
    for route in &mailboxes {
        match route.advice.method {
            Method::TargetTool { .. } => counts.target_tool += 1,
            Method::ImapSync => counts.imapsync += 1,
            Method::ClientImport => counts.client_import += 1,
            Method::NothingOnServer => counts.nothing_on_server += 1,
        }
        match route.advice.estimate_hours {
            Some((fast, slow)) => {
                low = low.saturating_add(fast);
                high = high.saturating_add(slow);
                sized = true;
            }
            None if route.server_copy() => without_size += 1,
            None => {}
        }
    }
    let target = MailProvider::find(target_id).filter(|provider| provider.is_target());
    let mut limits = Vec::new();
    if let Some((tool, source)) = tool(target, SourceProtocol::Imap) {
        limits.extend(tool_limits(tool, source));
        if let Some(max) = source.max_users {
            let users = counts.target_tool;
            if users > max as usize {
                let runs = users.div_ceil(max as usize);
                limits.push(Message {
                    ja: format!("{users}個のメールボックスを{runs}回に分けて移行します(1回{max}ユーザーまで)。"),
                    en: format!("{users} mailboxes: split them into {runs} runs (at most {max} users each)."),
                });
            }
        }
    }
    if matches!(source_id, Some("gmail" | "google-workspace")) {
        // providers.md §1.1, L: http://kb.cloudiway.com/google-throttling-limitations/
        limits.push(Message::from(crate::Text {
            ja: "旧サーバーが Gmail の場合、IMAPでの読み出しは1アカウント1日あたり約2.5〜3.5 GBに制限され、最大24時間止められることがあります(第三者の資料)。",
            en: "Reading from Gmail over IMAP is throttled at about 2.5–3.5 GB per account per day, and access may stop for up to 24 hours (a third-party source).",
        }));
    }
    if counts.target_tool + counts.imapsync > 0 {
        limits.push(Message::from(crate::Text {
            ja: "移行先の1日あたりの取り込み上限は、Mailmove の資料では確認できていません。",
            en: "The new service's daily upload limit is not known to Mailmove's sources.",
        }));
    }
    let (slow, fast) = ASSUMED_MB_PER_HOUR;
    let assumption = Message {
        ja: format!(
            "所要時間は1メールボックスあたり毎時{slow} MB〜{fast} MBと仮定した目安です(実測ではありません)。回線や旧サーバーの接続制限で大きく変わります。合計は1つずつ順に移した場合です。"
        ),
        en: format!(
            "Durations assume {slow} MB to {fast} MB per hour per mailbox (an assumption, not a measurement); the line and the old server's connection limits change them a lot. The total is for one mailbox after another."
        ),
    };
    let mut batch_tools = Vec::new();
    if matches!(target_id, "microsoft-365" | "google-workspace") {
        batch_tools.push(BatchTool::TargetTool);
    }
    if target_imap(target_id).is_some() {
        batch_tools.push(BatchTool::Imapsync);
    }
    let source_servers = source_id
        .map(|id| prefill(id, domain.as_str(), observed_hosts))
        .unwrap_or_default();
    let source_notes = source_id
        .and_then(client_settings)
        .map(|settings| settings.notes.iter().map(|&note| note.into()).collect())
        .unwrap_or_default();
    OldMailPlan {
        target_id: target_id.to_owned(),
        source_id: source_id.map(str::to_owned),
        source_servers,
        source_notes,
        target_servers: prefill(target_id, domain.as_str(), &[]),
        mailboxes,
        counts,
        estimate_hours: sized.then_some((low, high)),
        mailboxes_without_size: without_size,
        assumption,
        limits,
        batch_tools,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{Account, Destination, Mailbox, ReadVia};
    use crate::catalog::client_settings::{MailProtocol, Security};

    fn domain() -> DomainName {
        DomainName::parse("example.jp").expect("test domain")
    }

    fn user(address: &str, read_via: ReadVia, size_mb: Option<u32>) -> Account {
        Account {
            address: address.to_owned(),
            name: None,
            destination: Destination::User {
                first_name: String::new(),
                last_name: String::new(),
                display_name: String::new(),
            },
            mailbox: Some(Mailbox { read_via, size_mb }),
        }
    }

    fn list() -> AccountList {
        let mut alias = Account::unassigned("info@example.jp");
        alias.destination = Destination::Alias {
            user: "taro@example.jp".into(),
        };
        AccountList {
            accounts: vec![
                user("taro@example.jp", ReadVia::Imap, Some(2048)),
                alias,
                user(
                    "hanako@example.jp",
                    ReadVia::Pop {
                        keeps_copy_on_server: false,
                    },
                    Some(100),
                ),
                user("jiro@example.jp", ReadVia::Webmail, Some(512)),
                user("saburo@example.jp", ReadVia::Unknown, None),
                user("empty@example.jp", ReadVia::Imap, Some(0)),
            ],
        }
    }

    #[test]
    fn each_mailbox_gets_a_route_an_estimate_and_the_limits() {
        let observed = ["example.jp.".to_owned(), "sv1234.xserver.jp".to_owned()];
        let plan = old_mail_plan(
            &list(),
            &domain(),
            "google-workspace",
            Some("xserver"),
            &observed,
        );
        let addresses: Vec<&str> = plan.mailboxes.iter().map(|m| m.address.as_str()).collect();
        assert_eq!(
            addresses,
            vec![
                "taro@example.jp",
                "hanako@example.jp",
                "jiro@example.jp",
                "saburo@example.jp",
                "empty@example.jp"
            ],
            "mailboxes only: the alias has no old mail of its own"
        );
        assert_eq!(
            plan.counts,
            RouteCounts {
                target_tool: 3,
                imapsync: 0,
                client_import: 1,
                nothing_on_server: 1,
            }
        );
        // 2048 MB: 2.0–8.0 h; 512 MB: 0.5–2.0 h; the POP mailbox's 100 MB is on the PC.
        assert_eq!(
            plan.estimate_hours,
            Some((Hours::from_tenths(25), Hours::from_tenths(100)))
        );
        assert_eq!(plan.mailboxes_without_size, 1);
        assert!(plan.assumption.en.contains("256 MB to 1024 MB per hour"));
        let limits: String = plan.limits.iter().map(|m| m.en.clone()).collect();
        assert!(limits.contains("larger than 25 MB"), "{limits}");
        assert!(
            limits.contains("daily upload limit is not known"),
            "{limits}"
        );
        assert_eq!(
            plan.batch_tools,
            vec![BatchTool::TargetTool, BatchTool::Imapsync]
        );
        let imap = &plan.source_servers[0];
        assert_eq!(imap.protocol, MailProtocol::Imap);
        assert_eq!(imap.host.as_deref(), Some("sv1234.xserver.jp"));
        assert_eq!(
            (imap.port, imap.security),
            (Some(993), Some(Security::SslTls))
        );
        assert!(!plan.source_notes.is_empty());
        assert_eq!(
            plan.target_servers[0].host.as_deref(),
            Some("imap.gmail.com")
        );
        // The page gets it as JSON.
        let json = serde_json::to_string(&plan).expect("serialises");
        let back: OldMailPlan = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, plan);
    }

    #[test]
    fn a_user_cap_splits_runs_and_a_custom_target_means_imapsync() {
        let mut many = AccountList::default();
        for at in 0..250 {
            many.accounts
                .push(user(&format!("u{at}@example.jp"), ReadVia::Imap, None));
        }
        let plan = old_mail_plan(&many, &domain(), "google-workspace", None, &[]);
        assert!(
            plan.limits
                .iter()
                .any(|m| m.en.contains("250 mailboxes: split them into 3 runs")),
            "{:?}",
            plan.limits
        );
        assert_eq!(plan.estimate_hours, None);
        assert!(
            plan.source_servers.is_empty(),
            "no provider, nothing pre-filled"
        );
        let custom = old_mail_plan(&list(), &domain(), "custom", Some("kagoya-mail"), &[]);
        assert_eq!(custom.counts.imapsync, 3);
        assert!(custom.batch_tools.is_empty());
        assert!(
            custom.source_servers.is_empty(),
            "no source for KAGOYA's settings"
        );
        assert!(custom.target_servers.is_empty());
    }
}
