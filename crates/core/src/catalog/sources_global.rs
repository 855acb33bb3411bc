//! Global mailbox hosts Mailmove recognises but does not plan moves to.
//!
//! Facts from the research notes (`providers.md`) §1.2, §1.6 and §3.2.

use super::{HostPattern, MailProvider};
use crate::Text;

/// Every global source provider.
pub static ALL: &[&MailProvider] = &[
    &GMAIL,
    &OUTLOOK_COM,
    &MICROSOFT_365_GCC_HIGH,
    &YAHOO,
    &ICLOUD_MAIL,
    &GODADDY_EMAIL,
    &IONOS,
    &OVHCLOUD,
    &NAMECHEAP_PRIVATE_EMAIL,
    &NAMECHEAP_EMAIL_FORWARDING,
    &RACKSPACE,
    &HOSTINGER,
];

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (M: consumer Gmail exchangers).
/// Gmail (consumer), kept apart from Google Workspace.
pub static GMAIL: MailProvider = MailProvider {
    id: "gmail",
    name: Text {
        ja: "Gmail(個人向け)",
        en: "Gmail (consumer)",
    },
    mx: &[HostPattern("*.gmail-smtp-in.l.google.com")],
    ..MailProvider::BLANK
};

// Source: providers.md §3.2, third-party detector tests (no URL), checked 2026-11-28 (M).
/// Outlook.com (consumer), kept apart from Microsoft 365.
pub static OUTLOOK_COM: MailProvider = MailProvider {
    id: "outlook-com",
    name: Text {
        ja: "Outlook.com(個人向け)",
        en: "Outlook.com (consumer)",
    },
    mx: &[
        HostPattern("*.olc.protection.outlook.com"),
        HostPattern("pamx1.hotmail.com"),
    ],
    ..MailProvider::BLANK
};

// Source: providers.md §1.2, MicrosoftDocs localized "DNS records for GCC High/DoD" copies in the code corpus (no URL), checked 2026-11-28 (M).
/// Microsoft 365 GCC High / DoD (US government clouds): other hosts than commercial
/// Microsoft 365.
pub static MICROSOFT_365_GCC_HIGH: MailProvider = MailProvider {
    id: "microsoft-365-gcc-high",
    name: Text {
        ja: "Microsoft 365 GCC High / DoD",
        en: "Microsoft 365 GCC High / DoD",
    },
    mx: &[HostPattern("*.mail.protection.office365.us")],
    spf_includes: &[HostPattern("spf.protection.office365.us")],
    ..MailProvider::BLANK
};

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L: also business mx-biz.mail.am0.yahoodns.net).
/// Yahoo Mail (Yahoo Inc., including its business mail).
pub static YAHOO: MailProvider = MailProvider {
    id: "yahoo",
    name: Text {
        ja: "Yahoo Mail(米国 Yahoo)",
        en: "Yahoo Mail (Yahoo Inc.)",
    },
    mx: &[HostPattern("*.am0.yahoodns.net")],
    ..MailProvider::BLANK
};

// Source: https://github.com/Domain-Connect/Templates/blob/master/Templates/icloud.com.custom_email_domain.json, checked 2026-11-28 (H: template shape).
// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (M: *.mail.icloud.com, include:icloud.com per Apple).
/// iCloud Mail with a custom domain.
pub static ICLOUD_MAIL: MailProvider = MailProvider {
    id: "icloud-mail",
    name: Text {
        ja: "iCloud メール(カスタムドメイン)",
        en: "iCloud Mail (custom domain)",
    },
    mx: &[HostPattern("*.mail.icloud.com")],
    spf_includes: &[HostPattern("icloud.com")],
    ..MailProvider::BLANK
};

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (M).
/// GoDaddy email (secureserver.net).
pub static GODADDY_EMAIL: MailProvider = MailProvider {
    id: "godaddy-email",
    name: Text {
        ja: "GoDaddy メール",
        en: "GoDaddy email",
    },
    mx: &[
        HostPattern("mailstore1.secureserver.net"),
        HostPattern("smtp.secureserver.net"),
        HostPattern("mailstore1.europe.secureserver.net"),
        HostPattern("smtp.europe.secureserver.net"),
        HostPattern("mailstore1.asia.secureserver.net"),
        HostPattern("smtp.asia.secureserver.net"),
    ],
    ..MailProvider::BLANK
};

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L).
// Source: providers.md §3.2, third-party detectors (no URL), checked 2026-11-28 (L).
/// IONOS (1&1).
pub static IONOS: MailProvider = MailProvider {
    id: "ionos",
    name: Text {
        ja: "IONOS(1&1)",
        en: "IONOS (1&1)",
    },
    mx: &[
        HostPattern("*.ionos.com"),
        HostPattern("*.1and1.com"),
        HostPattern("*.1and1.co.uk"),
        HostPattern("*.1and1.fr"),
        HostPattern("*.kundenserver.de"),
        HostPattern("*.perfora.net"),
    ],
    ..MailProvider::BLANK
};

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L: mx1/mx2/mx3.ovh.net).
/// OVHcloud.
pub static OVHCLOUD: MailProvider = MailProvider {
    id: "ovhcloud",
    name: Text {
        ja: "OVHcloud",
        en: "OVHcloud",
    },
    mx: &[HostPattern("*.ovh.net")],
    ..MailProvider::BLANK
};

// Source: https://github.com/treythomas123/infra/blob/master/mail-dns.tf, checked 2026-11-28 (L).
/// Namecheap Private Email.
pub static NAMECHEAP_PRIVATE_EMAIL: MailProvider = MailProvider {
    id: "namecheap-private-email",
    name: Text {
        ja: "Namecheap Private Email",
        en: "Namecheap Private Email",
    },
    mx: &[
        HostPattern("mx1.privateemail.com"),
        HostPattern("mx2.privateemail.com"),
    ],
    spf_includes: &[HostPattern("spf.privateemail.com")],
    ..MailProvider::BLANK
};

// Source: providers.md §3.2, an unattributed zone (no URL), checked 2026-11-28 (L).
/// Namecheap's free e-mail forwarding: MX here means the mail is forwarded elsewhere.
pub static NAMECHEAP_EMAIL_FORWARDING: MailProvider = MailProvider {
    id: "namecheap-email-forwarding",
    name: Text {
        ja: "Namecheap メール転送",
        en: "Namecheap email forwarding",
    },
    mx: &[HostPattern("*.registrar-servers.com")],
    spf_includes: &[HostPattern("spf.efwd.registrar-servers.com")],
    ..MailProvider::BLANK
};

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L).
/// Rackspace Email.
pub static RACKSPACE: MailProvider = MailProvider {
    id: "rackspace",
    name: Text {
        ja: "Rackspace Email",
        en: "Rackspace Email",
    },
    mx: &[HostPattern("*.emailsrvr.com")],
    ..MailProvider::BLANK
};

// Source: providers.md §3.2, third-party code citing support.hostinger.com (no URL), checked 2026-11-28 (L).
/// Hostinger Email.
pub static HOSTINGER: MailProvider = MailProvider {
    id: "hostinger",
    name: Text {
        ja: "Hostinger メール",
        en: "Hostinger Email",
    },
    mx: &[
        HostPattern("*.hostinger.com"),
        HostPattern("*.hostinger.in"),
    ],
    spf_includes: &[HostPattern("_spf.mail.hostinger.com")],
    ..MailProvider::BLANK
};
