//! What a migration target needs: its MX set, SPF include, other records, and its own
//! tools for moving old mail.

use crate::{DomainName, Text};

/// The DNS records and tools a migration target needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetSetup {
    /// The MX set the target wants, and nothing else beside it.
    pub mx: &'static [MxRecord],
    /// An older MX set the target still accepts (accounts created before a change).
    pub legacy_mx: &'static [MxRecord],
    /// What to merge into SPF. `None` when the sources disagree and the user must copy
    /// the value the service's admin console shows.
    pub spf: Option<SpfSetup>,
    /// Other records: autodiscover, SRV, device management.
    pub records: &'static [SetupRecord],
    /// The TTL in seconds the vendor recommends for these records, if it names one.
    pub recommended_ttl: Option<u32>,
    /// The target's own tools for moving old mail.
    pub migration: &'static [MigrationTool],
    /// What the vendor says about timing, order and pitfalls.
    pub notes: &'static [Text],
}

/// One MX record: `preference` and the exchanger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MxRecord {
    /// RFC 1035 §3.3.9: "A 16 bit integer which specifies the preference given to this RR
    /// among others at the same owner. Lower values are preferred."
    pub preference: u16,
    /// The exchanger.
    pub host: HostTemplate,
}

/// A host name that may depend on the customer's domain or region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostTemplate {
    /// The same name for every customer.
    Fixed(&'static str),
    /// The customer's domain with dots turned to dashes, then `suffix`:
    /// `contoso.com` → `contoso-com.mail.protection.outlook.com`.
    DomainWithDashes {
        /// What follows the dashed domain.
        suffix: &'static str,
    },
    /// `<prefix>.<region>.<suffix>`, with the region the customer chose.
    Region {
        /// What comes before the region label.
        prefix: &'static str,
        /// What follows the region label.
        suffix: &'static str,
    },
}

impl HostTemplate {
    /// The host for `domain` (and `region`, for regional hosts). `None` when the
    /// template needs a region and none was given.
    pub fn render(&self, domain: &DomainName, region: Option<&str>) -> Option<String> {
        match *self {
            HostTemplate::Fixed(host) => Some(host.to_owned()),
            HostTemplate::DomainWithDashes { suffix } => {
                Some(format!("{}.{suffix}", domain.as_str().replace('.', "-")))
            }
            HostTemplate::Region { prefix, suffix } => {
                region.map(|region| format!("{prefix}.{}.{suffix}", region.to_ascii_lowercase()))
            }
        }
    }
}

impl HostTemplate {
    /// Whether `host` (any case, with or without the trailing dot) is what this
    /// template renders to for some domain or region.
    pub fn matches(&self, host: &str) -> bool {
        let Some(host) = super::pattern::normalize_host(host) else {
            return false;
        };
        // The part a template leaves open is exactly one label.
        let one_label =
            |label: Option<&str>| label.is_some_and(|l| !l.is_empty() && !l.contains('.'));
        match *self {
            HostTemplate::Fixed(fixed) => host == fixed,
            HostTemplate::DomainWithDashes { suffix } => one_label(
                host.strip_suffix(suffix)
                    .and_then(|rest| rest.strip_suffix('.')),
            ),
            HostTemplate::Region { prefix, suffix } => one_label(
                host.strip_prefix(prefix)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .and_then(|rest| rest.strip_suffix(suffix))
                    .and_then(|rest| rest.strip_suffix('.')),
            ),
        }
    }

    /// The template as a pattern for evidence: `autodiscover.mail.*.awsapps.com`.
    pub fn describe(&self) -> String {
        match *self {
            HostTemplate::Fixed(fixed) => fixed.to_owned(),
            HostTemplate::DomainWithDashes { suffix } => format!("*.{suffix}"),
            HostTemplate::Region { prefix, suffix } => format!("{prefix}.*.{suffix}"),
        }
    }
}

/// What a target wants in SPF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpfSetup {
    /// The domain to `include:`.
    pub include: &'static str,
    /// The whole record the vendor shows for a domain that sends through it alone,
    /// where the vendor's page was read.
    pub vendor_record: Option<&'static str>,
}

/// A record other than MX, SPF, DKIM and verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetupRecord {
    /// Owner name relative to the domain (`autodiscover`, `_sip._tls`).
    pub owner: &'static str,
    /// The record's data.
    pub data: SetupData,
    /// Whether the vendor marks it optional (Teams, device management and the like).
    pub optional: bool,
    /// What it is for.
    pub purpose: Text,
}

/// The data of a [`SetupRecord`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupData {
    /// An alias to this host.
    Cname(HostTemplate),
    /// RFC 2782 service location.
    Srv {
        /// Lower is tried first.
        priority: u16,
        /// Share among records of the same priority.
        weight: u16,
        /// TCP or UDP port.
        port: u16,
        /// The host that offers the service.
        target: &'static str,
    },
}

/// A target's own tool for moving old mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MigrationTool {
    /// The tool's name as the vendor writes it.
    pub name: Text,
    /// What it can read from, with the vendor's user cap for each.
    pub sources: &'static [MigrationSource],
    /// Messages larger than this many megabytes (the vendor's unit) are left behind.
    pub max_message_mb: Option<u32>,
    /// Items per mailbox the tool moves at most.
    pub max_items_per_mailbox: Option<u32>,
    /// What it moves, what it leaves behind, and what must exist first.
    pub notes: &'static [Text],
}

/// One kind of source a [`MigrationTool`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MigrationSource {
    /// How the tool reaches the old mail.
    pub protocol: SourceProtocol,
    /// Users per migration the vendor allows or recommends, if it names a number.
    pub max_users: Option<u32>,
}

/// How a migration tool reaches the old mailboxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceProtocol {
    /// IMAP: folders and read state survive.
    Imap,
    /// POP: everything lands in one folder.
    Pop,
    /// Another Google Workspace account.
    GoogleWorkspace,
    /// Microsoft 365 / Exchange Online.
    ExchangeOnline,
    /// A personal Google (Gmail) account.
    GoogleAccount,
}
