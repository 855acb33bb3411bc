//! Sending services a domain authorises in SPF: newsletters, CRM, forms. The user keeps
//! their includes when SPF is rewritten for the new mail service.
//!
//! Facts from the research notes (`providers.md`) §3.4. Blastmail and Cuenote were not found.

use super::{DkimRecord, DkimScheme, HostPattern, SelectorChoice, Sender};
use crate::Text;

/// Every sending service.
pub static ALL: &[&Sender] = &[
    &SENDGRID,
    &MAILCHIMP,
    &MANDRILL,
    &AMAZON_SES,
    &MAILGUN,
    &SALESFORCE,
    &HUBSPOT,
    &ZENDESK,
    &MARKETO,
    &POSTMARK,
    &CONSTANT_CONTACT,
    &BENCHMARK_EMAIL,
    &ZOHO_CAMPAIGNS,
    &HAIHAI_MAIL,
    &ESPAR_FORM,
    &SUPEROFFICE,
    &GMO_SIMPLE_MAIL,
];

/// A sender known by its SPF includes only.
const fn spf_only(id: &'static str, name: Text, spf_includes: &'static [HostPattern]) -> Sender {
    Sender {
        id,
        name,
        spf_includes,
        dkim: None,
    }
}

/// A name that reads the same in both languages (product names).
const fn same_in_both(name: &'static str) -> Text {
    Text { ja: name, en: name }
}

// Source: https://github.com/sendgrid/docs (file content/docs/Glossary/spf.md), checked 2026-11-28 (H).
/// Twilio SendGrid.
pub static SENDGRID: Sender = Sender {
    id: "sendgrid",
    name: same_in_both("SendGrid"),
    spf_includes: &[HostPattern("sendgrid.net")],
    dkim: Some(DkimScheme {
        selectors: &["s1", "s2"],
        choice: SelectorChoice::Fixed,
        record: DkimRecord::Cname {
            // `…wl<NNN>.sendgrid.net`
            targets: &[HostPattern("*.sendgrid.net")],
        },
    }),
};

// Source: providers.md §3.4, third-party service lists in the code corpus (no URL), checked 2026-11-28 (M).
/// Mailchimp.
pub static MAILCHIMP: Sender = spf_only(
    "mailchimp",
    same_in_both("Mailchimp"),
    &[HostPattern("servers.mcsv.net")],
);

// Source: providers.md §3.4, real SPF records (no URL), checked 2026-11-28 (M).
/// Mandrill (Mailchimp Transactional).
pub static MANDRILL: Sender = spf_only(
    "mandrill",
    same_in_both("Mandrill"),
    &[HostPattern("spf.mandrillapp.com")],
);

// Source: https://gist.github.com/mxro/8e1032f41a33988c839cb5e4a394b6f3, checked 2026-11-28 (M).
/// Amazon SES.
pub static AMAZON_SES: Sender = spf_only(
    "amazon-ses",
    same_in_both("Amazon SES"),
    &[HostPattern("amazonses.com")],
);

// Source: https://github.com/SuperOfficeDocs/superoffice-docs (file docs/en/email/mailgun/spf/index.md), checked 2026-11-28 (H).
/// Mailgun.
pub static MAILGUN: Sender = spf_only(
    "mailgun",
    same_in_both("Mailgun"),
    &[
        HostPattern("mailgun.org"),
        HostPattern("_spf.mailgun.org"),
        HostPattern("_spf.eu.mailgun.org"),
    ],
);

// Source: providers.md §3.4, real SPF records (no URL), checked 2026-11-28 (M).
/// Salesforce.
pub static SALESFORCE: Sender = spf_only(
    "salesforce",
    same_in_both("Salesforce"),
    &[HostPattern("_spf.salesforce.com")],
);

// Source: providers.md §3.4, one real SPF record (no URL), checked 2026-11-28 (L: <portal-id>.spf<NN>.hubspotemail.net).
/// HubSpot.
pub static HUBSPOT: Sender = spf_only(
    "hubspot",
    same_in_both("HubSpot"),
    &[HostPattern("*.spf*.hubspotemail.net")],
);

// Source: providers.md §3.4, real SPF records and service lists (no URL), checked 2026-11-28 (M).
/// Zendesk.
pub static ZENDESK: Sender = spf_only(
    "zendesk",
    same_in_both("Zendesk"),
    &[HostPattern("mail.zendesk.com")],
);

// Source: providers.md §3.4, real SPF records (no URL), checked 2026-11-28 (M).
/// Marketo.
pub static MARKETO: Sender = spf_only(
    "marketo",
    same_in_both("Marketo"),
    &[HostPattern("mktomail.com")],
);

// Source: providers.md §3.4, a service list (no URL), checked 2026-11-28 (L).
/// Postmark.
pub static POSTMARK: Sender = spf_only(
    "postmark",
    same_in_both("Postmark"),
    &[HostPattern("spf.mtasv.net")],
);

// Source: providers.md §3.4, a service list (no URL), checked 2026-11-28 (L).
/// Constant Contact.
pub static CONSTANT_CONTACT: Sender = spf_only(
    "constant-contact",
    same_in_both("Constant Contact"),
    &[HostPattern("spf.constantcontact.com")],
);

// Source: https://gist.github.com/iamkingsleyf/f3af38c47a4cfc19e2e2c9f97973acee, checked 2026-11-28 (L).
/// Benchmark Email.
pub static BENCHMARK_EMAIL: Sender = spf_only(
    "benchmark-email",
    same_in_both("Benchmark Email"),
    &[HostPattern("bmsend.com")],
);

// Source: https://godmarc.freshdesk.com/support/solutions/articles/82000896445, checked 2026-11-28 (L).
/// Zoho Campaigns.
pub static ZOHO_CAMPAIGNS: Sender = spf_only(
    "zoho-campaigns",
    same_in_both("Zoho Campaigns"),
    &[HostPattern("zcsend.net")],
);

// Source: https://support.haihaimail.jp/arrivalimprovement/spfset/, checked 2026-11-28 (H).
/// 配配メール.
pub static HAIHAI_MAIL: Sender = spf_only(
    "haihai-mail",
    Text {
        ja: "配配メール",
        en: "Haihai Mail",
    },
    &[HostPattern("spf.haihaimail.jp")],
);

// Source: https://doc.feedtailor.jp/espar/form/config/02, checked 2026-11-28 (H).
/// espar form.
pub static ESPAR_FORM: Sender = spf_only(
    "espar-form",
    same_in_both("espar form"),
    &[HostPattern("spf.espar.biz")],
);

// Source: https://github.com/SuperOfficeDocs/superoffice-docs (file docs/en/email/mailgun/spf/index.md), checked 2026-11-28 (H).
/// SuperOffice CRM Online.
pub static SUPEROFFICE: Sender = spf_only(
    "superoffice",
    same_in_both("SuperOffice CRM Online"),
    &[HostPattern("_spf.online.superoffice.com")],
);

// Source: https://mail-saas.gmocloud.com/support/faq.html, checked 2026-11-28 (H).
/// GMO Simple mail (a relay).
pub static GMO_SIMPLE_MAIL: Sender = spf_only(
    "gmo-simple-mail",
    same_in_both("GMO Simple mail"),
    &[HostPattern("simplemail.jp")],
);
