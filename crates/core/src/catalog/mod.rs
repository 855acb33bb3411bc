//! The provider catalog: what Mailmove knows about mail services, gateways, sending
//! services and DNS hosts, as typed static data, and the pure functions that recognise
//! them in a domain's DNS.
//!
//! Every entry carries `// Source: <URL>, checked <date>` comments taken from the
//! project's research notes (`providers.md`). A fact the notes give no source for is
//! not in the catalog. Where the notes name a source without a URL (patterns observed
//! in published zones), the comment says so. Confidence marks (H/M/L) from the notes
//! are repeated, because a low-confidence pattern deserves a second look before a
//! finding leans on it.
//!
//! **Invariant:** no runtime loading. The catalog is compiled in, so the WASM page and
//! the server recognise the same providers by construction.
//!
//! **Invariant:** detection only reports what it observed. Each [`Detection`] lists its
//! [`Evidence`]: which observation matched which catalog pattern. Japanese rental servers
//! often use the customer's own name as MX, so a provider may be found through SPF, the
//! exchanger's name or address, or the name servers instead of the MX name.

mod detect;
mod pattern;
mod setup;

pub mod client_settings;
pub mod dns_hosts;
pub mod dns_hosts_japan;
pub mod gateways;
pub mod senders;
pub mod sources_global;
pub mod sources_japan;
pub mod target_choices;
pub mod targets;
pub mod targets_other;

#[cfg(test)]
mod detect_mail_tests;
#[cfg(test)]
mod detect_other_tests;
#[cfg(test)]
mod dns_hosts_tests;
#[cfg(test)]
mod tests;

pub use detect::{
    Detection, Evidence, Observed, ObservedTxt, Signal, detect_client_config_host,
    detect_dns_hosts, detect_gateways, detect_mail_providers, detect_senders, detect_verifications,
};
pub use pattern::{AddressRange, HostPattern};
pub(crate) use pattern::{glob_matches, normalize_host};
pub use setup::{
    HostTemplate, MigrationSource, MigrationTool, MxRecord, SetupData, SetupRecord, SourceProtocol,
    SpfSetup, TargetSetup,
};

use crate::Text;

/// What every catalog entry has: a stable id and a name in both languages.
pub trait CatalogEntry: Sized + 'static {
    /// Every entry of this kind, in catalog order.
    fn all() -> impl Iterator<Item = &'static Self>;

    /// The stable kebab-case id (`google-workspace`): reports and URLs carry this.
    fn id(&self) -> &'static str;

    /// The name users know the service by.
    fn name(&self) -> Text;

    /// The entry with this id.
    fn find(id: &str) -> Option<&'static Self> {
        Self::all().find(|entry| entry.id() == id)
    }
}

/// A service that holds mailboxes: a migration target (it has a [`TargetSetup`]) or a
/// service mail is moved away from (a Japanese rental server, an ISP, a global host).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailProvider {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Display name.
    pub name: Text,
    /// Exchangers the domain's MX may name when mail is delivered here.
    pub mx: &'static [HostPattern],
    /// Other names of the provider's mail servers (SMTP, IMAP, POP hosts). Together with
    /// [`MailProvider::mx`] they are matched against SPF `a:`/`mx:` hosts and against the
    /// names of an own-name exchanger's addresses.
    pub servers: &'static [HostPattern],
    /// Domains the provider's customers `include:` in SPF.
    pub spf_includes: &'static [HostPattern],
    /// The DNS service that comes with the provider's hosting. Its name servers are weak
    /// evidence: a domain may keep the host's DNS after its mail has moved.
    pub dns_host: Option<&'static DnsHost>,
    /// Networks the provider's exchangers live in.
    pub exchanger_ranges: &'static [AddressRange],
    /// How the provider publishes DKIM keys.
    pub dkim: Option<DkimScheme>,
    /// How the provider checks that a customer owns a domain.
    pub verification: &'static [VerificationMethod],
    /// What the domain needs to receive mail here; `None` for providers Mailmove only
    /// recognises.
    pub setup: Option<&'static TargetSetup>,
    /// What a user moving mail to or from this provider should know.
    pub notes: &'static [Text],
}

impl MailProvider {
    /// Every field empty: a data entry sets what providers.md knows and takes the rest
    /// from here. The catalog tests reject an empty id or name, so neither can be
    /// forgotten.
    const BLANK: MailProvider = MailProvider {
        id: "",
        name: Text { ja: "", en: "" },
        mx: &[],
        servers: &[],
        spf_includes: &[],
        dns_host: None,
        exchanger_ranges: &[],
        dkim: None,
        verification: &[],
        setup: None,
        notes: &[],
    };

    /// Whether Mailmove can plan a move to this provider.
    pub fn is_target(&self) -> bool {
        self.setup.is_some()
    }
}

/// Every mail provider Mailmove can plan a move to, in catalog order.
pub fn targets() -> impl Iterator<Item = &'static MailProvider> {
    MailProvider::all().filter(|provider| provider.is_target())
}

impl CatalogEntry for MailProvider {
    fn all() -> impl Iterator<Item = &'static Self> {
        targets::ALL
            .iter()
            .chain(sources_japan::ALL)
            .chain(sources_global::ALL)
            .copied()
    }
    fn id(&self) -> &'static str {
        self.id
    }
    fn name(&self) -> Text {
        self.name
    }
}

/// How a provider publishes DKIM keys (RFC 6376 §3.6.2.1: `<selector>._domainkey.<domain>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DkimScheme {
    /// Selectors worth querying. Empty when every customer gets random selectors.
    pub selectors: &'static [&'static str],
    /// Whether those selectors are the only ones to expect.
    pub choice: SelectorChoice,
    /// What is published at the selector.
    pub record: DkimRecord,
}

/// Where a provider's DKIM selectors come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectorChoice {
    /// The provider always uses these selectors.
    Fixed,
    /// The provider suggests these; the admin may choose another.
    Default,
    /// The admin chooses a selector in the console; these are common choices.
    ChosenByAdmin,
    /// The provider issues a random token per domain.
    Issued,
    /// Seen in customers' zones; the provider's own documentation was not found.
    Observed,
}

/// What a provider publishes at a DKIM selector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DkimRecord {
    /// The key itself, as TXT (`v=DKIM1; k=rsa; p=…`).
    TxtKey,
    /// A CNAME to a key the provider hosts (and can rotate); the target matches one of
    /// these patterns.
    Cname {
        /// Patterns the CNAME target matches.
        targets: &'static [HostPattern],
    },
}

/// How a target checks that a customer owns a domain. The check never needs MX to
/// change, except where [`VerificationMethod::ActivatesOnMx`] says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerificationMethod {
    /// A TXT record at `owner` whose value matches `value`.
    Txt {
        /// Owner relative to the domain; `@` is the domain itself.
        owner: &'static str,
        /// The value, with `*` for the token the service issues
        /// (`google-site-verification=*`).
        value: &'static str,
    },
    /// A CNAME from a host the service names to a target it names.
    Cname {
        /// The owner label, with `*` for the issued part (`zb*`).
        owner: &'static str,
        /// The target.
        target: HostPattern,
    },
    /// An MX record at a lower priority than the real ones, naming a host that cannot
    /// receive mail.
    Mx {
        /// The exchanger the service issues.
        exchanger: HostPattern,
    },
    /// A file the service issues, uploaded to the domain's website.
    HtmlFile,
    /// No separate proof: the service activates the domain once MX points at it, so the
    /// domain cannot be prepared before the cutover.
    ActivatesOnMx,
}

/// A secure mail gateway: when MX names one, the real mailbox is somewhere behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gateway {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Display name.
    pub name: Text,
    /// Exchangers the domain's MX names when mail passes the gateway.
    pub mx: &'static [HostPattern],
    /// Domains customers `include:` in SPF for the gateway's outbound relay.
    pub spf_includes: &'static [HostPattern],
}

impl CatalogEntry for Gateway {
    fn all() -> impl Iterator<Item = &'static Self> {
        gateways::ALL.iter().copied()
    }
    fn id(&self) -> &'static str {
        self.id
    }
    fn name(&self) -> Text {
        self.name
    }
}

/// A service that sends mail in the domain's name (newsletters, CRM, forms). Its SPF
/// include must survive the move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sender {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Display name.
    pub name: Text,
    /// Domains customers `include:` in SPF.
    pub spf_includes: &'static [HostPattern],
    /// How the service publishes DKIM keys, where known.
    pub dkim: Option<DkimScheme>,
}

impl CatalogEntry for Sender {
    fn all() -> impl Iterator<Item = &'static Self> {
        senders::ALL.iter().copied()
    }
    fn id(&self) -> &'static str {
        self.id
    }
    fn name(&self) -> Text {
        self.name
    }
}

/// Where the user edits the domain's records, recognised by its name servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DnsHost {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Display name.
    pub name: Text,
    /// The host's name servers.
    pub name_servers: &'static [HostPattern],
    /// The TTLs the host's panel accepts, where documented.
    pub ttl_limits: Option<TtlLimits>,
    /// Quirks of the host's panel that change how records are entered.
    pub notes: &'static [Text],
}

impl CatalogEntry for DnsHost {
    fn all() -> impl Iterator<Item = &'static Self> {
        dns_hosts_japan::ALL.iter().chain(dns_hosts::ALL).copied()
    }
    fn id(&self) -> &'static str {
        self.id
    }
    fn name(&self) -> Text {
        self.name
    }
}

/// The TTL range a DNS host accepts, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TtlLimits {
    /// The lowest TTL the panel accepts.
    pub min_seconds: u32,
    /// The highest TTL the panel accepts.
    pub max_seconds: u32,
}
