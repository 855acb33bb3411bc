//! Migration targets besides Google and Microsoft: Zoho Mail (global and Japan data
//! centres), Amazon WorkMail, Fastmail and Proton Mail.
//!
//! Facts from the research notes (`providers.md`) §1.3–§1.6.

use super::target_choices;
use super::{
    DkimRecord, DkimScheme, HostPattern, HostTemplate, MailProvider, MigrationSource,
    MigrationTool, MxRecord, SelectorChoice, SetupData, SetupRecord, SourceProtocol, SpfSetup,
    TargetSetup, VerificationMethod, dns_hosts,
};
use crate::Text;

/// Zoho's own mail-import tool, the same in every data centre.
const ZOHO_MIGRATION: MigrationTool = MigrationTool {
    name: Text {
        ja: "データ移行(POP / IMAP)",
        en: "Data Migration (POP / IMAP)",
    },
    sources: &[
        MigrationSource {
            protocol: SourceProtocol::Imap,
            max_users: None,
        },
        MigrationSource {
            protocol: SourceProtocol::Pop,
            max_users: None,
        },
    ],
    max_message_mb: None,
    max_items_per_mailbox: None,
    notes: &[
        Text {
            ja: "管理コンソールの「データ移行」から実行します。ポートはIMAP 143/993、POP 110/995で、信頼された証明書が必要です(自己署名は不可)。",
            en: "Admin Console → Data Migration. Ports IMAP 143/993, POP 110/995; only trusted certificates (no self-signed).",
        },
        Text {
            ja: "「最大接続数」は同時に移行するユーザー数です。フォルダの除外とパスのプレフィックスを指定できます。移行先のユーザーを先に作成しておきます。",
            en: "\"Maximum Connection Limit\" is the number of users migrated in parallel. Folders can be excluded and a path prefix set. Target users must exist first.",
        },
        Text {
            ja: "IMAPではフォルダと既読状態が保たれます。POPではすべて受信箱に入ります。",
            en: "IMAP keeps folders and read state; POP puts everything in the Inbox.",
        },
        Text {
            ja: "ほかに Exchange 移行ウィザード(Exchange / PST / EML)、G Suite と Office 365 からの移行があります。",
            en: "Other tools: the Exchange Migration Wizard (Exchange/PST/EML), and G Suite and Office 365 migrations.",
        },
    ],
};

/// What Zoho says about every data centre.
const ZOHO_NOTES: &[Text] = &[
    Text {
        ja: "MXはZohoのものだけを残します。MXを切り替える前にユーザー(とキャッチオール)を作成してください。",
        en: "Only Zoho's MX records should remain. Create users (and a catch-all) before switching MX.",
    },
    Text {
        ja: "データセンター(地域)は登録時に決まり、メールボックスはその地域にしかありません。",
        en: "The data centre is fixed at sign-up; mailboxes exist only in that region.",
    },
    Text {
        ja: "SPFのincludeは資料によって異なります(zohomail.com、zoho.com、spf.zoho.com など)。管理コンソールに表示される値を使ってください。",
        en: "Sources disagree on the SPF include (zohomail.com, zoho.com, spf.zoho.com…): use the value Zoho's admin console shows.",
    },
    Text {
        ja: "DKIMはTXTレコードで、セレクターは管理コンソールで選ぶか生成します(「zmail」が一般的)。鍵長は1024または2048ビットです。",
        en: "DKIM is a TXT record; the selector is chosen or generated in the admin console (\"zmail\" is common). 1024 or 2048-bit keys.",
    },
];

/// Zoho DKIM: the admin picks the selector.
const ZOHO_DKIM: DkimScheme = DkimScheme {
    selectors: &["zmail", "zoho"],
    choice: SelectorChoice::ChosenByAdmin,
    record: DkimRecord::TxtKey,
};

// Source: https://www.zoho.com/jp/mail/help/adminconsole/cloudflare.html, checked 2026-11-28 (H: CNAME verification, HTML file).
// Source: https://gist.github.com/h3nr1ke/cc0465b1a417c7331076695b1391c2d5, checked 2026-11-28 (L: CNAME verification).
// Source: providers.md §1.3, unattributed real zones (no URL), checked 2026-11-28 (M: TXT zoho-verification=zb….zmverify.zoho.com).
// Source: https://www.zoho.com/jp/mail/help/faq/, checked 2026-11-28 (H: MX 10/20/50).
// Source: https://www.zoho.com/jp/mail/help/adminconsole/print/network-solutions-mx.html, checked 2026-11-28 (H: MX).
// Source: https://www.zoho.com/mail/help/adminconsole/configure-email-delivery.html, checked 2026-11-28 (H: MX, users first).
// Source: https://mxrecordchecker.com/resources/zoho-mx-records, checked 2026-11-28 (M: regional data centres).
// Source: https://gist.github.com/biagidp/83f8df90761d1821ab54, checked 2026-11-28 (L: legacy zohomail.com MX).
// Source: https://pastebin.com/tJcrpkBC, checked 2026-11-28 (L: legacy zohomail.com MX).
// Source: https://spfwise.com/en/article/zoho-mail-spf-dkim-dmarc-setup, checked 2026-11-28 (L–M: SPF includes disagree).
// Source: https://mxtoolbox.com/t/outbound-email-provider/?name=zoho, checked 2026-11-28 (SPF zoho.com).
// Source: https://mxio.io/providers/zoho-mail, checked 2026-11-28 (SPF spf.zoho.*, DKIM).
// Source: https://spfcreator.com/resources/spf-record-for-zoho, checked 2026-11-28 (SPF).
// Source: https://domainsecurityscanner.com/guides/zoho-mail, checked 2026-11-28 (M: DKIM zmail/zoho).
// Source: https://www.zoho.com/mail/help/pop-imap-migration.html, checked 2026-11-28 (H: migration).
// Source: https://prezohoweb.zoho.com/mail/help/adminconsole/pop-imap-migration.html, checked 2026-11-28 (H: migration).
/// Zoho Mail, global (.com) data centre; other regions except Japan are recognised here too.
pub static ZOHO_MAIL: MailProvider = MailProvider {
    id: target_choices::ZOHO_MAIL.id,
    name: target_choices::ZOHO_MAIL.name,
    mx: &[
        HostPattern("mx*.zoho.com"),
        HostPattern("mx*.zoho.eu"),
        HostPattern("mx*.zoho.in"),
        HostPattern("mx*.zoho.com.au"),
        HostPattern("mx*.zoho.sa"),
        HostPattern("mx*.zoho.com.cn"),
        HostPattern("mx*.zohocloud.ca"),
        HostPattern("*.zohomail.com"),
    ],
    servers: &[],
    spf_includes: &[
        HostPattern("zohomail.com"),
        HostPattern("zoho.com"),
        HostPattern("zoho.eu"),
        HostPattern("zohomail.eu"),
        HostPattern("zoho.in"),
        HostPattern("spf.zoho.com"),
        HostPattern("spf.zoho.eu"),
        HostPattern("spf.zoho.in"),
        HostPattern("spf.zoho.com.au"),
        HostPattern("spf.zoho.com.cn"),
    ],
    dns_host: None,
    exchanger_ranges: &[],
    dkim: Some(ZOHO_DKIM),
    verification: &[
        VerificationMethod::Txt {
            owner: "@",
            value: "zoho-verification=zb*.zmverify.zoho.com",
        },
        VerificationMethod::Cname {
            owner: "zb*",
            target: HostPattern("zmverify.zoho.com"),
        },
        VerificationMethod::HtmlFile,
    ],
    setup: Some(&TargetSetup {
        mx: &[
            MxRecord {
                preference: 10,
                host: HostTemplate::Fixed("mx.zoho.com"),
            },
            MxRecord {
                preference: 20,
                host: HostTemplate::Fixed("mx2.zoho.com"),
            },
            MxRecord {
                preference: 50,
                host: HostTemplate::Fixed("mx3.zoho.com"),
            },
        ],
        legacy_mx: &[],
        spf: None,
        records: &[],
        recommended_ttl: None,
        migration: &[ZOHO_MIGRATION],
        notes: ZOHO_NOTES,
    }),
    notes: &[],
};

// Source: https://mxrecordchecker.com/resources/zoho-mx-records, checked 2026-11-28 (M: mx/mx2/mx3.zoho.jp at 10/20/50; one real zone used 30).
// Source: providers.md §1.3, unattributed real zones (no URL), checked 2026-11-28 (M: zmverify.zoho.jp token, SPF zohomail.jp / zoho.jp).
// Source: https://www.zoho.com/mail/help/pop-imap-migration.html, checked 2026-11-28 (H: migration).
/// Zoho Mail, Japan data centre (`zoho.jp`).
pub static ZOHO_MAIL_JP: MailProvider = MailProvider {
    id: target_choices::ZOHO_MAIL_JP.id,
    name: target_choices::ZOHO_MAIL_JP.name,
    mx: &[HostPattern("mx*.zoho.jp")],
    servers: &[],
    spf_includes: &[HostPattern("zohomail.jp"), HostPattern("zoho.jp")],
    dns_host: None,
    exchanger_ranges: &[],
    dkim: Some(ZOHO_DKIM),
    verification: &[
        VerificationMethod::Txt {
            owner: "@",
            value: "zoho-verification=zb*.zmverify.zoho.jp",
        },
        VerificationMethod::HtmlFile,
    ],
    setup: Some(&TargetSetup {
        mx: &[
            MxRecord {
                preference: 10,
                host: HostTemplate::Fixed("mx.zoho.jp"),
            },
            MxRecord {
                preference: 20,
                host: HostTemplate::Fixed("mx2.zoho.jp"),
            },
            MxRecord {
                preference: 50,
                host: HostTemplate::Fixed("mx3.zoho.jp"),
            },
        ],
        legacy_mx: &[],
        spf: None,
        records: &[],
        recommended_ttl: None,
        migration: &[ZOHO_MIGRATION],
        notes: ZOHO_NOTES,
    }),
    notes: &[],
};

// Source: https://docs.aws.amazon.com/ses/latest/dg/receiving-email-mx-record.html, checked 2026-11-28 (H: MX inbound-smtp.<region>.amazonaws.com).
// Source: https://gist.github.com/mxro/8e1032f41a33988c839cb5e4a394b6f3, checked 2026-11-28 (M: _amazonses TXT, DKIM, SPF).
// Source: https://gist.github.com/clodal/fbb300efb8bdc79ba6f34ab6d18fc195, checked 2026-11-28 (M: _amazonses TXT, DKIM, SPF).
// Source: https://github.com/Domain-Connect/Templates/blob/master/tinkerhost.net.tinkermail.json, checked 2026-11-28 (M: DKIM CNAMEs).
// Source: providers.md §1.4, several Terraform zones (no URL), checked 2026-11-28 (M: autodiscover).
// Source: https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/workmail/aws.sdk.kotlin.services.workmail.model/-get-mail-domain-response/records.html, checked 2026-11-28 (H: GetMailDomain).
/// Amazon WorkMail (receiving through Amazon SES).
pub static AMAZON_WORKMAIL: MailProvider = MailProvider {
    id: target_choices::AMAZON_WORKMAIL.id,
    name: target_choices::AMAZON_WORKMAIL.name,
    mx: &[HostPattern("inbound-smtp.*.amazonaws.com")],
    servers: &[],
    spf_includes: &[HostPattern("amazonses.com")],
    dns_host: None,
    exchanger_ranges: &[],
    dkim: Some(DkimScheme {
        selectors: &[],
        choice: SelectorChoice::Issued,
        record: DkimRecord::Cname {
            targets: &[HostPattern("*.dkim.amazonses.com")],
        },
    }),
    verification: &[VerificationMethod::Txt {
        owner: "_amazonses",
        value: "*",
    }],
    setup: Some(&TargetSetup {
        mx: &[MxRecord {
            preference: 10,
            host: HostTemplate::Region {
                prefix: "inbound-smtp",
                suffix: "amazonaws.com",
            },
        }],
        legacy_mx: &[],
        spf: Some(SpfSetup {
            include: "amazonses.com",
            vendor_record: None,
        }),
        records: &[SetupRecord {
            owner: "autodiscover",
            data: SetupData::Cname(HostTemplate::Region {
                prefix: "autodiscover.mail",
                suffix: "awsapps.com",
            }),
            optional: false,
            purpose: Text {
                ja: "メールクライアントの自動設定",
                en: "Mail client autodiscover",
            },
        }],
        recommended_ttl: None,
        migration: &[],
        notes: &[
            Text {
                ja: "MXの inbound-smtp.<リージョン>.amazonaws.com はSESの受信口で、IMAP/POPサーバーではありません。",
                en: "The MX host inbound-smtp.<region>.amazonaws.com is the SES receiving endpoint, not an IMAP/POP server.",
            },
            Text {
                ja: "DKIMは3つのCNAME(<トークン>._domainkey → <トークン>.dkim.amazonses.com)です。推奨レコードの一覧は GetMailDomain で取得できます。",
                en: "DKIM is three CNAMEs (<token>._domainkey → <token>.dkim.amazonses.com). GetMailDomain returns the records WorkMail recommends.",
            },
        ],
    }),
    notes: &[],
};

// Source: https://mailermonk.com/guides/spf/fastmail, checked 2026-11-28 (M: MX 10/20).
// Source: https://mailflowauthority.com/email-authentication/fastmail-email-auth, checked 2026-11-28 (M: SPF, full DNS).
// Source: https://www.fastmail.help/hc/en-us/articles/360060591153, checked 2026-11-28 (H: DKIM fm1–fm3).
// Source: https://fastmail.help/hc/en-us/articles/360058753374, checked 2026-11-28 (H: no separate verification).
// Source: fastmail.com/blog/dkim-signing-outgoing-email-with-from-address-domain, checked 2026-11-28 (M: full DNS).
/// Fastmail.
pub static FASTMAIL: MailProvider = MailProvider {
    id: target_choices::FASTMAIL.id,
    name: target_choices::FASTMAIL.name,
    mx: &[HostPattern("*.messagingengine.com")],
    servers: &[],
    spf_includes: &[HostPattern("spf.messagingengine.com")],
    dns_host: Some(&dns_hosts::FASTMAIL),
    exchanger_ranges: &[],
    dkim: Some(DkimScheme {
        selectors: &["fm1", "fm2", "fm3"],
        choice: SelectorChoice::Fixed,
        record: DkimRecord::Cname {
            // `fm1.<domain>.dkim.fmhosted.com`, the domain written with its dots.
            targets: &[HostPattern("*.dkim.fmhosted.com")],
        },
    }),
    verification: &[VerificationMethod::ActivatesOnMx],
    setup: Some(&TargetSetup {
        mx: &[
            MxRecord {
                preference: 10,
                host: HostTemplate::Fixed("in1-smtp.messagingengine.com"),
            },
            MxRecord {
                preference: 20,
                host: HostTemplate::Fixed("in2-smtp.messagingengine.com"),
            },
        ],
        legacy_mx: &[],
        spf: Some(SpfSetup {
            include: "spf.messagingengine.com",
            vendor_record: None,
        }),
        records: &[],
        recommended_ttl: None,
        migration: &[],
        notes: &[
            Text {
                ja: "所有権確認の専用レコードはありません。DNSがFastmailを指すまでドメインは「Inactive」と表示されます。",
                en: "There is no separate verification token: the domain shows \"Inactive\" until DNS points at Fastmail.",
            },
            Text {
                ja: "ネームサーバーを ns1/ns2.messagingengine.com にすると、MX・SPF・DKIMはFastmailが設定します。",
                en: "With name servers ns1/ns2.messagingengine.com, Fastmail sets MX, SPF and DKIM itself.",
            },
        ],
    }),
    notes: &[],
};

// Source: providers.md §1.6, many real zones in the code corpus and a DKIM zone list in third-party code (no URL), checked 2026-11-28 (M).
/// Proton Mail.
pub static PROTON_MAIL: MailProvider = MailProvider {
    id: target_choices::PROTON_MAIL.id,
    name: target_choices::PROTON_MAIL.name,
    mx: &[
        HostPattern("mail.protonmail.ch"),
        HostPattern("mailsec.protonmail.ch"),
    ],
    servers: &[],
    spf_includes: &[HostPattern("_spf.protonmail.ch")],
    dns_host: None,
    exchanger_ranges: &[],
    dkim: Some(DkimScheme {
        selectors: &["protonmail", "protonmail2", "protonmail3"],
        choice: SelectorChoice::Fixed,
        record: DkimRecord::Cname {
            targets: &[HostPattern("*.domains.proton.ch")],
        },
    }),
    verification: &[VerificationMethod::Txt {
        owner: "@",
        value: "protonmail-verification=*",
    }],
    setup: Some(&TargetSetup {
        mx: &[
            MxRecord {
                preference: 10,
                host: HostTemplate::Fixed("mail.protonmail.ch"),
            },
            MxRecord {
                preference: 20,
                host: HostTemplate::Fixed("mailsec.protonmail.ch"),
            },
        ],
        legacy_mx: &[],
        spf: Some(SpfSetup {
            include: "_spf.protonmail.ch",
            vendor_record: None,
        }),
        records: &[],
        recommended_ttl: None,
        migration: &[],
        notes: &[Text {
            ja: "Proton Bridge を使わない限りIMAPでは読めません。",
            en: "No IMAP access without Proton Bridge.",
        }],
    }),
    notes: &[],
};
