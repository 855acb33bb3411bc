//! What the records are generated from: the user's request, and what the domain
//! publishes today.

use serde::{Deserialize, Serialize};

use super::dkim::DkimInput;
use super::target::CustomTarget;
use super::verification::VerificationChoice;
use crate::api::SpfNodeJson;
use crate::dns::{Record, RecordType};

/// What the user asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// Every field has a default, so a request saved by an older version still loads.
#[serde(default)]
pub struct RecordRequest {
    /// The target's catalog id (`google-workspace`, `microsoft-365`, `zoho-mail` …),
    /// or [`CUSTOM_TARGET`](super::CUSTOM_TARGET) for the service in `custom`.
    pub target: String,
    /// The service outside the catalog, when `target` is `custom`.
    #[serde(default)]
    pub custom: Option<CustomTarget>,
    /// The region, for targets whose hosts name one (Amazon WorkMail).
    pub region: Option<String>,
    /// The verification value the target's console issued (the whole TXT value, or
    /// just the token).
    pub verification_token: Option<String>,
    /// Which of the target's methods to verify with (default: the first it offers,
    /// TXT for every catalog target that verifies in advance).
    #[serde(default)]
    pub verification_method: Option<VerificationChoice>,
    /// SPF terms to keep (`include:` domains or whole terms); `None` keeps every term
    /// of today's record that is not the old provider's.
    pub keep_spf: Option<Vec<String>>,
    /// DKIM as the console shows it.
    pub dkim: Option<DkimInput>,
    /// Where DMARC aggregate reports go (`dmarc@example.jp`), for a new DMARC record.
    pub dmarc_rua: Option<String>,
    /// Where TLS reports go (RFC 8460), for an optional TLS-RPT record.
    pub tls_rpt_rua: Option<String>,
    /// Also the target's optional records (Teams, device management …).
    pub include_optional: bool,
    /// TTL for every record (default: the target's recommendation, else 3600).
    pub ttl: Option<u32>,
    /// The MX TTL lowered before the cutover (the planner's): today's MX get it a whole
    /// old TTL before the change (`Step::LowerTtl`), and the new MX are written with it
    /// at the cutover, so resolvers pick up a correction quickly.
    pub lowered_mx_ttl: Option<u32>,
    /// The MX TTL once the old MX is gone (`Step::RestoreTtl`); only with
    /// `lowered_mx_ttl`.
    pub restored_mx_ttl: Option<u32>,
    /// The service mail moves away from (a catalog id, as the check detected it), if
    /// known. Without today's records it names the old MX to delete and the SPF entry
    /// to keep until the old service ends.
    pub source: Option<String>,
}

/// What the domain publishes today, from a survey, or that nobody knows.
///
/// There is no `Default` on purpose: "nothing was read" ([`Current::unknown`]) and
/// "nothing is published" ([`Current::empty`]) lead to different advice, so each
/// caller says which it means.
#[derive(Clone, Copy, Debug)]
pub struct Current<'a> {
    /// Every record the survey read.
    pub records: &'a [Record],
    /// The SPF include tree, for lookup counts.
    pub spf_tree: Option<&'a SpfNodeJson>,
    /// Whether `records` is what the domain publishes today. When it is not (no check
    /// was run), a record the domain can hold only one of (the SPF at the apex, DMARC,
    /// TLS-RPT, MTA-STS, the MX set) is never [`Action::Add`] but [`Action::Set`],
    /// "change the existing one, or add it if there is none", and the cutover deletes
    /// every other MX.
    pub known: bool,
}

impl<'a> Current<'a> {
    /// Today's records are not known (no check of the domain): the safe advice.
    pub fn unknown() -> Current<'a> {
        Current {
            records: &[],
            spf_tree: None,
            known: false,
        }
    }

    /// The domain is known to publish nothing relevant (tests, a brand-new domain).
    pub fn empty() -> Current<'a> {
        Current {
            records: &[],
            spf_tree: None,
            known: true,
        }
    }

    /// Today's records as read.
    pub fn read(records: &'a [Record], spf_tree: Option<&'a SpfNodeJson>) -> Current<'a> {
        Current {
            records,
            spf_tree,
            known: true,
        }
    }

    /// Today's records from a survey report.
    pub fn from_survey(survey: &'a crate::api::SurveyJson) -> Current<'a> {
        Current::read(&survey.records, Some(&survey.facts.spf.tree))
    }

    pub(super) fn at(&self, name: &str, rtype: RecordType) -> Vec<&'a Record> {
        self.records
            .iter()
            .filter(|record| {
                record.name.eq_ignore_ascii_case(name) && record.data.record_type() == rtype
            })
            .collect()
    }
}
