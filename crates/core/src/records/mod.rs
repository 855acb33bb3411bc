//! The record generator: the exact records a migration target needs for one domain,
//! which step of the move each belongs to, and how they differ from what the domain
//! publishes today.
//!
//! **Order is the point.** Verification records go in first and never touch mail.
//! The target's SPF include and DKIM go in before the cutover (the new service may
//! send from the first day). MX changes only at the cutover, all at once, with every
//! old exchanger deleted in the same edit. The old provider's SPF entries stay until
//! the old service is cancelled (it may still send: web forms, forwarding), and DMARC
//! starts at `p=none` with reports and is tightened later.

mod against_today;
#[cfg(test)]
mod custom_tests;
mod cutover;
mod dkim;
mod generate;
mod instructions;
mod mx_ttl;
mod reporting;
mod request;
mod snapshot;
mod spf_merge;
mod spf_records;
mod target;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod unknown_tests;
mod verification;
#[cfg(test)]
mod verification_tests;
mod zone;

use serde::{Deserialize, Serialize};

use crate::Text;
use crate::dns::RecordType;

pub use dkim::DkimInput;
pub use generate::generate;
pub use instructions::{Entry, HostGuide, host_guide};
pub use request::{Current, RecordRequest};
pub use snapshot::Snapshot;
pub use spf_merge::{FlattenChoice, MergedSpf, SPF_LOOKUP_LIMIT};
pub use target::{CUSTOM_TARGET, CustomMx, CustomTarget, is_target_id, target_ids};
pub use verification::{VERIFICATION_MX_PREFERENCE, VerificationChoice, offered_methods};
pub use zone::{split_txt, zone_fragment};

/// When in the move a record change is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Now: proves ownership; changes nothing about mail.
    Verification,
    /// Before the cutover: SPF include, DKIM, DMARC reports, client settings that do
    /// not move mail.
    BeforeCutover,
    /// A whole old TTL before the cutover: today's MX with a short TTL, so resolvers
    /// drop it soon after the change.
    LowerTtl,
    /// The cutover: the MX set, in one edit.
    Cutover,
    /// Once no resolver can hold the old MX: the new MX's TTL back to normal.
    RestoreTtl,
    /// Once the old service is cancelled: its SPF entries go.
    AfterOldService,
    /// Weeks later, once DMARC reports show only legitimate senders: tighten DMARC.
    Tighten,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 7] = [
        Step::Verification,
        Step::BeforeCutover,
        Step::LowerTtl,
        Step::Cutover,
        Step::RestoreTtl,
        Step::AfterOldService,
        Step::Tighten,
    ];

    /// For people.
    pub fn label(self) -> Text {
        let (ja, en) = match self {
            Step::Verification => (
                "1. 所有権の確認(今すぐ。メールには影響しません)",
                "1. Verify ownership (now; mail is not affected)",
            ),
            Step::BeforeCutover => ("2. 切り替え前の準備", "2. Before the cutover"),
            Step::LowerTtl => (
                "3. MX の TTL を下げる(切り替えの前に)",
                "3. Lower the MX TTL (before the cutover)",
            ),
            Step::Cutover => ("4. 切り替え(MX の変更)", "4. Cutover (the MX change)"),
            Step::RestoreTtl => (
                "5. MX の TTL を元に戻す(古い MX が消えてから)",
                "5. Restore the MX TTL (once the old MX is gone)",
            ),
            Step::AfterOldService => (
                "6. 旧サービスの解約後",
                "6. After the old service is cancelled",
            ),
            Step::Tighten => (
                "7. DMARC の強化(レポートを確認してから)",
                "7. Tighten DMARC (after reading the reports)",
            ),
        };
        Text { ja, en }
    }
}

/// One record the domain should publish from `step` on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRecord {
    /// Fully qualified owner name, lower case, no trailing dot.
    pub name: String,
    /// Record type.
    pub rtype: RecordType,
    /// Record data in presentation form without quoting (`10 smtp.google.com.` for MX,
    /// the whole TXT value as one string).
    pub data: String,
    /// TTL in seconds.
    pub ttl: u32,
    /// When it is made.
    pub step: Step,
    /// Why.
    pub purpose: crate::Message,
}

/// What to do to one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Publish a record that is not there.
    Add,
    /// Replace the record of the same name and kind (`old` says what is there).
    Change,
    /// Delete it.
    Delete,
    /// Already published exactly so: nothing to do.
    Keep,
    /// Today's records are unknown and the domain can hold only one record of this
    /// kind (SPF, DMARC, TLS-RPT, MTA-STS, the MX set): change the existing one to
    /// this value, or add it if there is none. Never a second record beside it.
    Set,
}

/// One line of the difference between today's DNS and the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What to do.
    pub action: Action,
    /// The record as it should be (for `Delete`, the record to delete).
    pub record: PlannedRecord,
    /// What is published today, for `Change` and `Delete`.
    pub old: Option<String>,
    /// What the line means when the action alone does not say it: for `Set`, "change
    /// the existing SPF record to this, or add it if there is none"; for a deletion
    /// without today's records, which MX to delete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<crate::Message>,
}

/// A warning about the generated records, keyed by a stable code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable kebab-case code.
    pub code: String,
    /// For people.
    pub message: crate::Message,
}

/// Everything the generator produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    /// The domain.
    pub domain: String,
    /// The target's catalog id.
    pub target: String,
    /// Every change, in step order.
    pub changes: Vec<Change>,
    /// The merged SPF record before and after the old service ends.
    pub spf: Vec<MergedSpf>,
    /// What needs attention.
    pub warnings: Vec<Warning>,
}

impl Generated {
    /// The records to publish (added, changed or kept), in step order.
    pub fn records(&self) -> impl Iterator<Item = &PlannedRecord> {
        self.changes
            .iter()
            .filter(|change| change.action != Action::Delete)
            .map(|change| &change.record)
    }
}
