//! The IMAP and POP settings a mail client already uses for a provider, so the planner
//! can pre-fill the old server of a migration (the user confirms them).
//!
//! Every value carries its source, as the rest of the catalog does. What no source
//! gave is `None` ("unknown"), never a guess: port 993 is common, but a provider that
//! was not read stays unknown. Many rental servers give each customer their own host
//! (`sv1234.xserver.jp`, `<account>.sakura.ne.jp`): [`HostSpec`] says how the host is
//! found, and [`prefill`] derives it from the hosts a survey saw (MX, SPF `a:`) when
//! one matches, else leaves a placeholder for the user.
//!
//! Sources, checked 2026-12-07 (confidence as in `providers.md`):
//! - Thunderbird's ISP database, https://github.com/thunderbird/autoconfig (files
//!   `ispdb/googlemail.com.xml`, `office365.com.xml`, `outlook.com.xml`,
//!   `zoho.com.xml`, `zoho.jp.xml`, `yahoo.com.xml`, `me.com.xml`,
//!   `emailsrvr.com.xml`): M, curated by Mozilla, not the providers.
//! - Onamae: https://help.onamae.com/answer/9537 (H, the provider's help page; POP only
//!   in the copy read).
//! - Xserver: a copy of Xserver's mail-client manual at
//!   https://threedplus.co.jp/2025/05/26/xserver-メールソフト設定手順をまとめてみた!
//!   (L: third-party page quoting the manual; host "sv***.xserver.jp", ports table).
//! - Sakura, ConoHa WING, Lolipop ports: an unattributed third-party setup guide in the
//!   code corpus (L, no URL). Lolipop's host comes from providers.md §3.1 (observed
//!   `imap4.lolipop.jp`, M); that guide says `imap.lolipop.jp`: the user confirms.
//! - Muumuu Mail hosts: providers.md §3.1 (unattributed code, L); ports not found.

use serde::{Deserialize, Serialize};

use super::HostPattern;
use crate::Text;

/// How a mail client reaches the mailbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailProtocol {
    /// IMAP (RFC 9051): folders stay on the server.
    Imap,
    /// POP3 (RFC 1939): the client downloads the inbox.
    Pop,
}

/// How the connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, POP3S 995; RFC 8314 "implicit TLS").
    SslTls,
    /// A plain connection upgraded with STARTTLS (143, 110).
    StartTls,
}

impl Security {
    /// As mail clients label it.
    pub fn label(self) -> &'static str {
        match self {
            Security::SslTls => "SSL/TLS",
            Security::StartTls => "STARTTLS",
        }
    }
}

/// Where the server's host name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostSpec {
    /// The same host for every customer.
    Fixed(&'static str),
    /// A label in front of the customer's own domain (`pop.` → `pop.example.jp`).
    DomainWithPrefix(&'static str),
    /// A host of the customer's own that the provider assigns (the server number, the
    /// initial domain). A host the survey saw that matches `pattern` is it; otherwise
    /// the user types it, as `example` shows.
    Assigned {
        /// What the assigned host looks like.
        pattern: HostPattern,
        /// How to write it, with the part to fill in: `sv****.xserver.jp`.
        example: &'static str,
        /// Where the user finds it.
        where_to_find: Text,
    },
}

/// One incoming server as a mail client is set up for it. `None` means no source gave
/// the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerSetting {
    /// IMAP or POP.
    pub protocol: MailProtocol,
    /// The host.
    pub host: HostSpec,
    /// The port with [`ServerSetting::security`].
    pub port: Option<u16>,
    /// SSL/TLS or STARTTLS.
    pub security: Option<Security>,
    /// Where each value comes from (URL or document), with its confidence.
    pub source: &'static str,
}

/// What a provider's users type into their mail client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientSettings {
    /// The catalog id of the provider.
    pub provider: &'static str,
    /// The incoming servers, IMAP first.
    pub servers: &'static [ServerSetting],
    /// The user name the server expects.
    pub user_name: UserName,
    /// Things to know before connecting (IMAP must be turned on, OAuth …).
    pub notes: &'static [Text],
}

/// The log-in name a server expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserName {
    /// The whole address.
    Address,
    /// The part before `@` (Thunderbird's `%EMAILLOCALPART%`).
    LocalPart,
    /// No source says.
    Unknown,
}

const ISPDB: &str =
    "https://github.com/thunderbird/autoconfig (Thunderbird ISP database), checked 2026-12-07 (M)";

const fn imaps(host: &'static str, source: &'static str) -> ServerSetting {
    ServerSetting {
        protocol: MailProtocol::Imap,
        host: HostSpec::Fixed(host),
        port: Some(993),
        security: Some(Security::SslTls),
        source,
    }
}

const fn pops(host: &'static str, source: &'static str) -> ServerSetting {
    ServerSetting {
        protocol: MailProtocol::Pop,
        host: HostSpec::Fixed(host),
        port: Some(995),
        security: Some(Security::SslTls),
        source,
    }
}

const XSERVER_HOST: HostSpec = HostSpec::Assigned {
    pattern: HostPattern("sv*.xserver.jp"),
    example: "sv****.xserver.jp",
    where_to_find: Text {
        ja: "サーバーパネルの「サーバー情報」のホスト名(設定完了通知メールの「メールサーバー名」)",
        en: "the host name under “Server information” in the server panel (the “mail server name” in the set-up e-mail)",
    },
};
const XSERVER_SOURCE: &str = "threedplus.co.jp copy of Xserver's mail-client manual (https://threedplus.co.jp/2025/05/26/xserver-%e3%83%a1%e3%83%bc%e3%83%ab%e3%82%bd%e3%83%95%e3%83%88%e8%a8%ad%e5%ae%9a%e6%89%8b%e9%a0%86%e3%82%92%e3%81%be%e3%81%a8%e3%82%81%e3%81%a6%e3%81%bf%e3%81%9f%ef%bc%81), checked 2026-12-07 (L)";
const UNATTRIBUTED_GUIDE: &str = "unattributed third-party mail set-up guide in the code corpus (no URL), checked 2026-12-07 (L)";

const SAKURA_HOST: HostSpec = HostSpec::Assigned {
    pattern: HostPattern("*.sakura.ne.jp"),
    example: "<初期ドメイン / initial domain>.sakura.ne.jp",
    where_to_find: Text {
        ja: "コントロールパネルに表示される初期ドメイン(〇〇.sakura.ne.jp)",
        en: "the initial domain shown in the control panel (<account>.sakura.ne.jp)",
    },
};

/// Every provider whose client settings a source gave, catalog ids.
pub static ALL: &[ClientSettings] = &[
    ClientSettings {
        provider: "xserver",
        servers: &[
            ServerSetting {
                protocol: MailProtocol::Imap,
                host: XSERVER_HOST,
                port: Some(993),
                security: Some(Security::SslTls),
                source: XSERVER_SOURCE,
            },
            ServerSetting {
                protocol: MailProtocol::Pop,
                host: XSERVER_HOST,
                port: Some(995),
                security: Some(Security::SslTls),
                source: XSERVER_SOURCE,
            },
        ],
        user_name: UserName::Address,
        notes: &[Text {
            ja: "エックスサーバーはSTARTTLSならIMAP 143、POP 110 も案内しています。POPとIMAPの併用は推奨されていません。",
            en: "Xserver also lists IMAP 143 and POP 110 with STARTTLS. It advises against mixing POP and IMAP on one mailbox.",
        }],
    },
    ClientSettings {
        provider: "sakura",
        servers: &[ServerSetting {
            protocol: MailProtocol::Imap,
            host: SAKURA_HOST,
            port: Some(993),
            security: Some(Security::SslTls),
            source: UNATTRIBUTED_GUIDE,
        }],
        user_name: UserName::Unknown,
        notes: &[],
    },
    ClientSettings {
        provider: "lolipop",
        servers: &[ServerSetting {
            protocol: MailProtocol::Imap,
            host: HostSpec::Fixed("imap4.lolipop.jp"),
            port: Some(993),
            security: Some(Security::SslTls),
            source: "host: providers.md §3.1, published zones (M); port and security: unattributed third-party guide in the code corpus, which names imap.lolipop.jp instead (L); checked 2026-12-07",
        }],
        user_name: UserName::Unknown,
        notes: &[Text {
            ja: "IMAPサーバー名は資料によって imap4.lolipop.jp と imap.lolipop.jp があります。ロリポップ!のユーザー専用ページで確認してください。",
            en: "Sources disagree on the IMAP host (imap4.lolipop.jp or imap.lolipop.jp): check it in Lolipop's user page.",
        }],
    },
    ClientSettings {
        provider: "conoha-wing",
        servers: &[ServerSetting {
            protocol: MailProtocol::Imap,
            host: HostSpec::DomainWithPrefix("mail."),
            port: Some(993),
            security: Some(Security::SslTls),
            source: UNATTRIBUTED_GUIDE,
        }],
        user_name: UserName::Unknown,
        notes: &[],
    },
    ClientSettings {
        provider: "onamae-mail",
        servers: &[ServerSetting {
            protocol: MailProtocol::Pop,
            host: HostSpec::DomainWithPrefix("pop."),
            port: Some(995),
            security: Some(Security::SslTls),
            source: "https://help.onamae.com/answer/9537, checked 2026-12-07 (H: pop.<domain>, 110 or 995 with SSL)",
        }],
        user_name: UserName::Address,
        notes: &[Text {
            ja: "お名前.com の証明書はお客様のドメイン名と一致しないため、メールソフトが警告を表示することがあります(お名前.com のヘルプより)。IMAPの設定は確認できていません。",
            en: "Onamae's certificate does not carry the customer's domain, so mail clients may warn (Onamae's help page). Its IMAP settings were not found.",
        }],
    },
    ClientSettings {
        provider: "muumuu-mail",
        servers: &[
            ServerSetting {
                protocol: MailProtocol::Imap,
                host: HostSpec::Fixed("imap4.muumuu-mail.com"),
                port: None,
                security: None,
                source: "providers.md §3.1, unattributed code (L); port and security not found",
            },
            ServerSetting {
                protocol: MailProtocol::Pop,
                host: HostSpec::Fixed("pop3.muumuu-mail.com"),
                port: None,
                security: None,
                source: "providers.md §3.1, unattributed code (L); port and security not found",
            },
        ],
        user_name: UserName::Unknown,
        notes: &[],
    },
    ClientSettings {
        provider: "gmail",
        servers: &[imaps("imap.gmail.com", ISPDB), pops("pop.gmail.com", ISPDB)],
        user_name: UserName::Address,
        notes: &[GOOGLE_OAUTH],
    },
    ClientSettings {
        provider: "google-workspace",
        servers: &[imaps("imap.gmail.com", ISPDB), pops("pop.gmail.com", ISPDB)],
        user_name: UserName::Address,
        notes: &[GOOGLE_OAUTH],
    },
    ClientSettings {
        provider: "microsoft-365",
        servers: &[
            imaps("outlook.office365.com", ISPDB),
            pops("outlook.office365.com", ISPDB),
        ],
        user_name: UserName::Address,
        notes: &[MICROSOFT_OAUTH],
    },
    ClientSettings {
        provider: "outlook-com",
        servers: &[
            imaps("outlook.office365.com", ISPDB),
            pops("outlook.office365.com", ISPDB),
        ],
        user_name: UserName::Address,
        notes: &[],
    },
    ClientSettings {
        provider: "zoho-mail",
        servers: &[imaps("imap.zoho.com", ISPDB), pops("pop.zoho.com", ISPDB)],
        user_name: UserName::Address,
        notes: &[ZOHO_TURN_ON],
    },
    ClientSettings {
        provider: "zoho-mail-jp",
        servers: &[imaps("imap.zoho.jp", ISPDB), pops("pop.zoho.jp", ISPDB)],
        user_name: UserName::Address,
        notes: &[ZOHO_TURN_ON],
    },
    ClientSettings {
        provider: "yahoo",
        servers: &[
            imaps("imap.mail.yahoo.com", ISPDB),
            pops("pop.mail.yahoo.com", ISPDB),
        ],
        user_name: UserName::Address,
        notes: &[],
    },
    ClientSettings {
        provider: "icloud-mail",
        servers: &[imaps("imap.mail.me.com", ISPDB)],
        user_name: UserName::LocalPart,
        notes: &[],
    },
    ClientSettings {
        provider: "rackspace",
        servers: &[imaps("secure.emailsrvr.com", ISPDB)],
        user_name: UserName::Address,
        notes: &[],
    },
];

const GOOGLE_OAUTH: Text = Text {
    ja: "Thunderbird のISPデータベースでは、このサーバーの認証はOAuth2が先に挙がっています。パスワードが通らない場合は、OAuth2に対応したツールを使ってください。",
    en: "Thunderbird's ISP database lists OAuth2 first for this server: if a password is refused, use a tool that signs in with OAuth2.",
};
const MICROSOFT_OAUTH: Text = Text {
    ja: "Thunderbird のISPデータベースでは、Microsoft 365 のIMAP・POPの認証はOAuth2だけです。パスワードでは接続できないと考えてください(imapsync なら --oauthaccesstoken1/2)。",
    en: "Thunderbird's ISP database lists only OAuth2 for Microsoft 365's IMAP and POP: expect a password log-in to fail (imapsync: --oauthaccesstoken1/2).",
};
const ZOHO_TURN_ON: Text = Text {
    ja: "Zoho Mail では、メールソフトで接続する前にアカウントのIMAP(POP)アクセスを有効にする必要があります。",
    en: "Zoho Mail: turn on IMAP (or POP) access for the account before a client connects.",
};

/// The settings a source gave for provider `id`.
pub fn client_settings(id: &str) -> Option<&'static ClientSettings> {
    ALL.iter().find(|settings| settings.provider == id)
}

/// One server with its host worked out for a domain, for the user to confirm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefilledServer {
    /// IMAP or POP.
    pub protocol: MailProtocol,
    /// The host, when it could be worked out (fixed, from the domain, or a host the
    /// survey saw); `None` when the user must type it.
    pub host: Option<String>,
    /// What to type when [`PrefilledServer::host`] is `None`: `sv****.xserver.jp`.
    pub host_example: Option<String>,
    /// Where the user finds the host, when it is their own.
    pub where_to_find: Option<crate::Message>,
    /// The port; `None` when no source gave it.
    pub port: Option<u16>,
    /// The security; `None` when no source gave it.
    pub security: Option<Security>,
    /// Where the values come from.
    pub source: String,
}

/// The provider's servers for `domain`, the hosts filled in where they can be:
/// `observed_hosts` are host names the survey saw for the domain (MX exchangers, SPF
/// `a:`/`mx:` hosts); one that matches an assigned host's pattern is taken as it.
pub fn prefill(id: &str, domain: &str, observed_hosts: &[String]) -> Vec<PrefilledServer> {
    let Some(settings) = client_settings(id) else {
        return Vec::new();
    };
    settings
        .servers
        .iter()
        .map(|server| {
            let (host, host_example, where_to_find) = match server.host {
                HostSpec::Fixed(host) => (Some(host.to_owned()), None, None),
                HostSpec::DomainWithPrefix(prefix) => {
                    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
                    (Some(format!("{prefix}{domain}")), None, None)
                }
                HostSpec::Assigned {
                    pattern,
                    example,
                    where_to_find,
                } => {
                    let seen = observed_hosts
                        .iter()
                        .map(|host| host.trim().trim_end_matches('.').to_ascii_lowercase())
                        .find(|host| pattern.matches(host));
                    (seen, Some(example.to_owned()), Some(where_to_find.into()))
                }
            };
            PrefilledServer {
                protocol: server.protocol,
                host,
                host_example,
                where_to_find,
                port: server.port,
                security: server.security,
                source: server.source.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{CatalogEntry, MailProvider};

    #[test]
    fn every_entry_is_a_catalog_provider_with_a_sourced_server() {
        let mut seen = std::collections::BTreeSet::new();
        for settings in ALL {
            assert!(
                MailProvider::find(settings.provider).is_some(),
                "{} is not in the catalog",
                settings.provider
            );
            assert!(
                seen.insert(settings.provider),
                "{} twice",
                settings.provider
            );
            assert!(!settings.servers.is_empty(), "{}", settings.provider);
            for server in settings.servers {
                assert!(!server.source.trim().is_empty(), "{}", settings.provider);
                // A port without its security (or the reverse) would pre-fill half a
                // connection: both are known or both unknown.
                assert_eq!(server.port.is_some(), server.security.is_some());
                if let HostSpec::Fixed(host) = server.host {
                    assert_eq!(host, host.to_ascii_lowercase());
                    assert!(!host.ends_with('.'));
                }
            }
        }
    }

    #[test]
    fn an_assigned_host_comes_from_what_the_survey_saw() {
        let observed = vec!["example.jp.".to_owned(), "SV1234.xserver.jp.".to_owned()];
        let servers = prefill("xserver", "example.jp", &observed);
        assert_eq!(servers[0].protocol, MailProtocol::Imap);
        assert_eq!(servers[0].host.as_deref(), Some("sv1234.xserver.jp"));
        assert_eq!(servers[0].port, Some(993));
        assert_eq!(servers[0].security, Some(Security::SslTls));
        // Nothing seen: no guess, a placeholder and where to find it.
        let servers = prefill("xserver", "example.jp", &[]);
        assert_eq!(servers[0].host, None);
        assert_eq!(
            servers[0].host_example.as_deref(),
            Some("sv****.xserver.jp")
        );
        assert!(servers[0].where_to_find.is_some());
    }

    #[test]
    fn prefixed_fixed_and_unknown_values() {
        let onamae = prefill("onamae-mail", "Example.JP.", &[]);
        assert_eq!(onamae[0].protocol, MailProtocol::Pop);
        assert_eq!(onamae[0].host.as_deref(), Some("pop.example.jp"));
        let muumuu = prefill("muumuu-mail", "example.jp", &[]);
        assert_eq!(muumuu[0].host.as_deref(), Some("imap4.muumuu-mail.com"));
        assert_eq!((muumuu[0].port, muumuu[0].security), (None, None));
        // A provider no source covers gets nothing rather than a common default.
        assert!(prefill("kagoya-mail", "example.jp", &[]).is_empty());
        assert!(prefill("no-such-provider", "example.jp", &[]).is_empty());
    }
}
