//! Migration targets: Google Workspace and Microsoft 365. The other targets are in
//! [`super::targets_other`].
//!
//! Facts from the research notes (`providers.md`) §1.1 and §1.2, mostly the vendors' own pages.

use super::target_choices;
use super::targets_other::{AMAZON_WORKMAIL, FASTMAIL, PROTON_MAIL, ZOHO_MAIL, ZOHO_MAIL_JP};
use super::{
    DkimRecord, DkimScheme, HostPattern, HostTemplate, MailProvider, MigrationSource,
    MigrationTool, MxRecord, SelectorChoice, SetupData, SetupRecord, SourceProtocol, SpfSetup,
    TargetSetup, VerificationMethod,
};
use crate::Text;

/// Every migration target, in the order the product lists them.
pub static ALL: &[&MailProvider] = &[
    &GOOGLE_WORKSPACE,
    &MICROSOFT_365,
    &ZOHO_MAIL,
    &ZOHO_MAIL_JP,
    &AMAZON_WORKMAIL,
    &FASTMAIL,
    &PROTON_MAIL,
];

// Source: https://support.google.com/a/answer/2716802 (verbatim copy at southkorea-trade.blogspot.com/2021/06/…), checked 2026-11-28 (H: TXT verification, SPF).
// Source: https://cloud.google.com/identity/docs/verify-domain, checked 2026-11-28 (H: TXT verification).
// Source: https://support.google.com/a/answer/112038 (copy at google-support.mirrorblogs.com/a/answer/112038), checked 2026-11-28 (H: CNAME verification).
// Source: providers.md §1.1, an unattributed Cloudflare zone table (no URL), checked 2026-11-28 (L: accept any *.googlehosted.com target).
// Source: https://support.google.com/a/topic/9196, checked 2026-11-28 (H: HTML file).
// Source: https://support.google.com/a/answer/174125 (quoted by intodns.ai/citations/google-workspace-mx-records), checked 2026-11-28 (H: MX smtp.google.com).
// Source: https://onmark.io/knowledge-base/google-workspace-mx-record-values/, checked 2026-11-28 (H copy: legacy MX set, TTL 3600 → 86400).
// Source: https://fastycloud.com/tutorials/?p=624, checked 2026-11-28 (legacy MX set).
// Source: https://gist.github.com/luk-/152195, checked 2026-11-28 (M: googlemail.com sets).
// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (M: googlemail.com, psmtp.com).
// Source: https://support.google.com/a/answer/10685031, checked 2026-11-28 (SPF).
// Source: https://support.google.com/a/answer/11611356, checked 2026-11-28 (H: DKIM prefix `google`).
// Source: https://support.google.com/a/answer/174124, checked 2026-11-28 (H: DKIM key length).
// Source: https://support.google.com/a/answer/9276511, checked 2026-11-28 (H: MTA-STS).
// Source: https://support.google.com/a/answer/7514107, checked 2026-11-28 (H: 48–72 h).
// Source: https://support.google.com/a/answer/45679 (copy at google-support.mirrorblogs.com), checked 2026-11-28 (H: MX 48 h, users first).
// Source: https://support.google.com/a/answer/15315754 (copy at googlesupport.serverhump.com/a/answer/15315754), checked 2026-11-28 (H: data migration service).
// Source: https://support.google.com/a/answer/7032598, checked 2026-11-28 (H: data migration FAQ).
// Source: https://support.google.com/workspacemigrate/answer/9991417, checked 2026-11-28 (H: Google Workspace Migrate).
/// Google Workspace.
pub static GOOGLE_WORKSPACE: MailProvider = MailProvider {
    id: target_choices::GOOGLE_WORKSPACE.id,
    name: target_choices::GOOGLE_WORKSPACE.name,
    mx: &[
        HostPattern("smtp.google.com"),
        HostPattern("aspmx.l.google.com"),
        HostPattern("*.aspmx.l.google.com"),
        HostPattern("*.googlemail.com"),
        // Postini, before Google retired it: still seen in old zones.
        HostPattern("*.psmtp.com"),
    ],
    servers: &[],
    spf_includes: &[HostPattern("_spf.google.com")],
    dns_host: None,
    exchanger_ranges: &[],
    dkim: Some(DkimScheme {
        selectors: &["google"],
        choice: SelectorChoice::Default,
        record: DkimRecord::TxtKey,
    }),
    verification: &[
        VerificationMethod::Txt {
            owner: "@",
            value: "google-site-verification=*",
        },
        VerificationMethod::Cname {
            owner: "*",
            target: HostPattern("*.googlehosted.com"),
        },
        VerificationMethod::HtmlFile,
    ],
    setup: Some(&TargetSetup {
        mx: &[MxRecord {
            preference: 1,
            host: HostTemplate::Fixed("smtp.google.com"),
        }],
        legacy_mx: &[
            MxRecord {
                preference: 1,
                host: HostTemplate::Fixed("aspmx.l.google.com"),
            },
            MxRecord {
                preference: 5,
                host: HostTemplate::Fixed("alt1.aspmx.l.google.com"),
            },
            MxRecord {
                preference: 5,
                host: HostTemplate::Fixed("alt2.aspmx.l.google.com"),
            },
            MxRecord {
                preference: 10,
                host: HostTemplate::Fixed("alt3.aspmx.l.google.com"),
            },
            MxRecord {
                preference: 10,
                host: HostTemplate::Fixed("alt4.aspmx.l.google.com"),
            },
        ],
        spf: Some(SpfSetup {
            include: "_spf.google.com",
            vendor_record: Some("v=spf1 include:_spf.google.com ~all"),
        }),
        records: &[],
        recommended_ttl: Some(3600),
        migration: &[MigrationTool {
            name: Text {
                ja: "データ移行サービス",
                en: "Data migration service",
            },
            sources: &[
                MigrationSource {
                    protocol: SourceProtocol::Imap,
                    max_users: Some(100),
                },
                MigrationSource {
                    protocol: SourceProtocol::GoogleWorkspace,
                    max_users: Some(1000),
                },
                MigrationSource {
                    protocol: SourceProtocol::ExchangeOnline,
                    max_users: Some(100),
                },
                MigrationSource {
                    protocol: SourceProtocol::GoogleAccount,
                    max_users: Some(1),
                },
            ],
            max_message_mb: Some(25),
            max_items_per_mailbox: None,
            notes: &[
                Text {
                    ja: "IMAPからはメール(下書き・送信済みを含む)、既読・未読、フォルダとサブフォルダを移行します。",
                    en: "From IMAP it moves messages (drafts and sent included), read/unread state, and folders and subfolders.",
                },
                Text {
                    ja: "本文と添付ファイルの合計が25 MBを超えるメールと、ブロック対象の種類のファイルは移行されません。メールはRFC 2822に準拠している必要があります。",
                    en: "A message whose body plus attachments exceeds 25 MB is not moved, nor are blocked file types. Messages must be RFC 2822-compliant.",
                },
                Text {
                    ja: "100ユーザー以下のグループに分けると最もうまく動きます。複数の移行元を同時に1つの移行先へ移すことはできません(2回目の実行で1回目が取り消されます)。",
                    en: "Works best with groups of 100 users or fewer. Several sources cannot be moved into one target at the same time (a second run cancels the first).",
                },
                Text {
                    ja: "ドメインを追加してから実行します。大規模・複雑な移行には、別途インストールする Google Workspace Migrate があります。",
                    en: "Run it after adding the domain. For large or complex moves Google offers Google Workspace Migrate, a separate installable product.",
                },
            ],
        }],
        notes: &[
            Text {
                ja: "MXを変更する前に、すべてのユーザー(とキャッチオール)を作成してください。変更はメールの少ない時間帯に行います。",
                en: "Create every user (and a catch-all) before changing MX, and change it when mail volume is low.",
            },
            Text {
                ja: "DNSの変更は通常48時間以内に反映されますが、最大72時間かかることがあります。MXの反映には最大48時間かかります。",
                en: "DNS changes are generally processed within 48 hours, but can take up to 72 hours; MX changes can take up to 48 hours.",
            },
            Text {
                ja: "設定中はMXのTTLを3600にし、正しく動いたら86400に変更することが推奨されています。",
                en: "Use TTL 3600 for MX while setting up; once it is correct, Google recommends changing it to 86400.",
            },
            Text {
                ja: "旧来のMX(ASPMX.L.GOOGLE.COMほか4件)も引き続き使えます。その場合ASPMX.Lを最優先にし、MXを1件しか登録できないDNSではASPMX.Lだけを登録します。",
                en: "The legacy MX set (ASPMX.L.GOOGLE.COM and four others) is still supported: ASPMX.L must have the top priority, and where the host allows only one MX, use ASPMX.L alone.",
            },
            Text {
                ja: "DKIMの既定のプレフィックスは「google」です。既に「google」の鍵がある場合は別のプレフィックスを選びます。2048ビット鍵が推奨で、長い鍵を登録できないDNSの場合のみ1024ビットにします。",
                en: "The default DKIM prefix is \"google\"; if a \"google\" key exists already, pick another. A 2048-bit key is recommended; use 1024-bit only if the DNS host cannot hold the longer key.",
            },
            Text {
                ja: "MTA-STSに対応しています。mta-sts.txtは64 KB以下で、まず2週間「testing」にしてから「enforce」にすることが勧められています。",
                en: "MTA-STS is supported: host one mta-sts.txt (at most 64 KB); Google suggests \"testing\" mode for 2 weeks, then \"enforce\".",
            },
        ],
    }),
    notes: &[],
};

// Source: https://learn.microsoft.com/en-us/microsoft-365/admin/get-help-with-domains/create-dns-records-at-any-dns-hosting-provider, checked 2026-11-28 (H: TXT/MX verification, MX, SPF, autodiscover, optional records, TTL, 15 min).
// Source: https://github.com/MicrosoftDocs/microsoft-365-docs/blob/public/microsoft-365/admin/get-help-with-domains/information-for-dns-records.md, checked 2026-11-28 (H).
// Source: https://github.com/Domain-Connect/Templates/blob/master/microsoft.com.o365.json, checked 2026-11-28 (H: MX priority 0, TTL 3600).
// Source: providers.md §1.2, checkdmarc test suite seen without a repository name (no URL), checked 2026-11-28 (M: ms<digits>.msv1.invalid).
// Source: https://learn.microsoft.com/powershell/module/exchange/Get-DnssecStatusForVerifiedDomain, checked 2026-11-28 (H: <x>-v1.mx.microsoft).
// Source: Microsoft Learn "Configure Multi-Geo In-Region Routing" (URL not confirmed in providers.md), checked 2026-11-28 (H: DNSSEC MX steps, legacy MX hosts).
// Source: https://learn.microsoft.com/en-us/defender-office-365/email-authentication-dkim-configure (via https://github.com/merill/defender-docs-mirror), checked 2026-11-28 (H: DKIM CNAMEs).
// Source: https://github.com/MicrosoftDocs/defender-docs (file defender-office-365/email-authentication-dkim-configure.md), checked 2026-11-28 (H: older DKIM form).
// Source: https://github.com/jklotzsche-msft/PS.MTA-STS, checked 2026-11-28 (M: MTA-STS mx lines).
// Source: https://github.com/MicrosoftDocs/microsoft-365-docs/blob/public/microsoft-365/admin/dns/create-dns-records-at-namecheap.md, checked 2026-11-28 (H: hosts without SRV/TXT/CNAME).
// Source: https://learn.microsoft.com/en-us/exchange/mailbox-migration/migrating-imap-mailboxes/migrating-imap-mailboxes, checked 2026-11-28 (H: IMAP migration).
// Source: https://learn.microsoft.com/en-us/exchange/mailbox-migration/migrate-google-mail-automated-overview, checked 2026-11-28 (H: Google Workspace migration).
// Source: providers.md §3.2, third-party detector tests (no URL), checked 2026-11-28 (M: legacy MX for detection).
/// Microsoft 365 (Exchange Online).
pub static MICROSOFT_365: MailProvider = MailProvider {
    id: target_choices::MICROSOFT_365.id,
    name: target_choices::MICROSOFT_365.name,
    mx: &[
        HostPattern("*.mail.protection.outlook.com"),
        HostPattern("*.*-v1.mx.microsoft"),
        HostPattern("*.mail.eo.outlook.com"),
        // Microsoft Cloud Deutschland, retired: detect only.
        HostPattern("*.mail.protection.outlook.de"),
    ],
    servers: &[],
    spf_includes: &[HostPattern("spf.protection.outlook.com")],
    dns_host: None,
    exchanger_ranges: &[],
    dkim: Some(DkimScheme {
        selectors: &["selector1", "selector2"],
        choice: SelectorChoice::Fixed,
        record: DkimRecord::Cname {
            // Domains added since May 2025, then the older tenant form.
            targets: &[
                HostPattern("*.*-v1.dkim.mail.microsoft"),
                HostPattern("*.onmicrosoft.com"),
            ],
        },
    }),
    verification: &[
        VerificationMethod::Txt {
            owner: "@",
            value: "MS=ms*",
        },
        VerificationMethod::Mx {
            exchanger: HostPattern("ms*.msv1.invalid"),
        },
    ],
    setup: Some(&TargetSetup {
        mx: &[MxRecord {
            preference: 0,
            host: HostTemplate::DomainWithDashes {
                suffix: "mail.protection.outlook.com",
            },
        }],
        legacy_mx: &[],
        spf: Some(SpfSetup {
            include: "spf.protection.outlook.com",
            vendor_record: Some("v=spf1 include:spf.protection.outlook.com -all"),
        }),
        records: &MICROSOFT_365_RECORDS,
        recommended_ttl: Some(3600),
        migration: &[
            MigrationTool {
                name: Text {
                    ja: "IMAP移行",
                    en: "IMAP migration",
                },
                sources: &[MigrationSource {
                    protocol: SourceProtocol::Imap,
                    max_users: None,
                }],
                max_message_mb: Some(35),
                max_items_per_mailbox: Some(500_000),
                notes: &[
                    Text {
                        ja: "メールフォルダ内のアイテムだけを移行します(連絡先・予定表・タスクは対象外)。新しいものから古いものへ順に移行します。",
                        en: "Moves only items in mail folders: no contacts, calendar or tasks. Items move newest to oldest.",
                    },
                    Text {
                        ja: "ユーザーと承認済みドメインを先に作成しておきます。移行元サーバーの同時接続数の上限を上げると速くなります。",
                        en: "Users and the accepted domain must exist first. Raising the source server's connection limits speeds it up.",
                    },
                ],
            },
            MigrationTool {
                name: Text {
                    ja: "Google Workspace の移行(バッチ移行)",
                    en: "Google Workspace migration (batch)",
                },
                sources: &[MigrationSource {
                    protocol: SourceProtocol::GoogleWorkspace,
                    max_users: None,
                }],
                max_message_mb: Some(35),
                max_items_per_mailbox: None,
                notes: &[Text {
                    ja: "メール・ルール・予定表・連絡先を移行します。メールサイズの上限は既定で35 MB、最大150 MBまで設定できます。GCC High / DoD では使えません。",
                    en: "Moves mail, rules, calendars and contacts. The message size limit is 35 MB by default, configurable up to 150 MB. Not available for GCC High/DoD.",
                }],
            },
        ],
        notes: &[
            Text {
                ja: "TXTのホスト名は「@」・空欄・ドメイン名のいずれかで、DNSサービスによって異なります。",
                en: "The TXT host is \"@\", blank, or the domain name, depending on the DNS host.",
            },
            Text {
                ja: "MXの値は管理センターに表示されるものを使ってください(実際のテナントではドメインのドットをハイフンに変えた形です)。MXは優先度0で登録し、他のMXはすべて削除します。",
                en: "Copy the MX value from the admin center (live tenants show the domain with dots turned to dashes). Use priority 0 and delete every other MX.",
            },
            Text {
                ja: "DNSの変更は通常15分ほどで反映されますが、もっと長くかかることもあります。",
                en: "DNS changes typically take effect in about 15 minutes, but occasionally take longer.",
            },
            Text {
                ja: "DKIMのCNAMEの値は Get-DkimSigningConfig で確認します。新旧の形式は同じセレクターで共存できません。公開後の検出には数分から最大4日かかります。",
                en: "Get the DKIM CNAME values with Get-DkimSigningConfig. The old and new formats cannot coexist for one selector. Detection after publishing takes a few minutes to 4 days.",
            },
            Text {
                ja: "DNSSEC対応のMX(<ドメイン>.<x>-v1.mx.microsoft)へ移るときは、既存MXのTTLを下げ(30秒未満にはしない)、古いTTLが切れるのを待ち、新しいMXを優先度20で追加して確認し、優先度を入れ替えてから旧MXを削除し、TTLを3600に戻します。",
                en: "To move to the DNSSEC MX (<domain>.<x>-v1.mx.microsoft): lower the MX TTL (not below 30 s) and wait out the old TTL, add the new MX at priority 20, test, swap the priorities, delete the legacy MX, then set the TTL to 3600.",
            },
            Text {
                ja: "MTA-STSポリシーのmxには「*.mx.microsoft」ではなく、完全なホスト名か「*.<x>-v1.mx.microsoft」を書きます(旧来のMXでは「*.mail.protection.outlook.com」)。",
                en: "In an MTA-STS policy, do not use *.mx.microsoft as mx: use the full host or *.<x>-v1.mx.microsoft (legacy policies use *.mail.protection.outlook.com).",
            },
            Text {
                ja: "SRV・TXT・CNAMEを登録できないDNSサービスでは一部の機能が使えません。Microsoftはドメインの移管を勧めています。",
                en: "Some DNS hosts cannot create SRV, TXT or CNAME records, which limits the service; Microsoft recommends moving the domain.",
            },
        ],
    }),
    notes: &[],
};

const fn microsoft_cname(
    owner: &'static str,
    target: &'static str,
    optional: bool,
    purpose: Text,
) -> SetupRecord {
    SetupRecord {
        owner,
        data: SetupData::Cname(HostTemplate::Fixed(target)),
        optional,
        purpose,
    }
}

/// Microsoft 365's records besides MX, SPF, DKIM and verification.
static MICROSOFT_365_RECORDS: [SetupRecord; 7] = [
    microsoft_cname(
        "autodiscover",
        "autodiscover.outlook.com",
        false,
        Text {
            ja: "Outlookの自動設定(ハイブリッド構成では不要)",
            en: "Outlook autodiscover (not for hybrid deployments)",
        },
    ),
    microsoft_cname(
        "sip",
        "sipdir.online.lync.com",
        true,
        Text {
            ja: "Skype for Business / Teams(旧来)",
            en: "Skype for Business / Teams (legacy)",
        },
    ),
    microsoft_cname(
        "lyncdiscover",
        "webdir.online.lync.com",
        true,
        Text {
            ja: "Skype for Business / Teams(旧来)",
            en: "Skype for Business / Teams (legacy)",
        },
    ),
    SetupRecord {
        owner: "_sip._tls",
        data: SetupData::Srv {
            priority: 100,
            weight: 1,
            port: 443,
            target: "sipdir.online.lync.com",
        },
        optional: true,
        purpose: Text {
            ja: "Skype for Business / Teams(旧来)",
            en: "Skype for Business / Teams (legacy)",
        },
    },
    SetupRecord {
        owner: "_sipfederationtls._tcp",
        data: SetupData::Srv {
            priority: 100,
            weight: 1,
            port: 5061,
            target: "sipfed.online.lync.com",
        },
        optional: true,
        purpose: Text {
            ja: "Skype for Business / Teams のフェデレーション(旧来)",
            en: "Skype for Business / Teams federation (legacy)",
        },
    },
    microsoft_cname(
        "enterpriseregistration",
        "enterpriseregistration.windows.net",
        true,
        Text {
            ja: "デバイス管理(MDM)",
            en: "Device management (MDM)",
        },
    ),
    microsoft_cname(
        "enterpriseenrollment",
        "enterpriseenrollment.manage.microsoft.com",
        true,
        Text {
            ja: "デバイス管理(MDM)",
            en: "Device management (MDM)",
        },
    ),
];
