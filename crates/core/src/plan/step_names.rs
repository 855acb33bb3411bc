//! A step's id as text (`cutover`, `create-accounts`): the same as its JSON name, for
//! the page's anchors (`#plan-step-cutover`), without a JSON writer to get it.

use super::StepId;

impl StepId {
    /// Every step, in the schedule's order.
    pub const ALL: [StepId; 14] = [
        StepId::AddDomain,
        StepId::Verify,
        StepId::PrepareRecords,
        StepId::LowerTtl,
        StepId::CreateAccounts,
        StepId::NotifyUsers,
        StepId::Cutover,
        StepId::TestMail,
        StepId::MoveOldMail,
        StepId::WatchOldInbox,
        StepId::FinalSync,
        StepId::RestoreTtl,
        StepId::TightenDmarc,
        StepId::CancelOldService,
    ];

    /// The id as its JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::AddDomain => "add-domain",
            StepId::Verify => "verify",
            StepId::PrepareRecords => "prepare-records",
            StepId::LowerTtl => "lower-ttl",
            StepId::CreateAccounts => "create-accounts",
            StepId::NotifyUsers => "notify-users",
            StepId::Cutover => "cutover",
            StepId::TestMail => "test-mail",
            StepId::MoveOldMail => "move-old-mail",
            StepId::WatchOldInbox => "watch-old-inbox",
            StepId::FinalSync => "final-sync",
            StepId::RestoreTtl => "restore-ttl",
            StepId::TightenDmarc => "tighten-dmarc",
            StepId::CancelOldService => "cancel-old-service",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_is_the_json_name() {
        for step in StepId::ALL {
            assert_eq!(
                serde_json::to_value(step).expect("serializes"),
                serde_json::Value::from(step.as_str())
            );
        }
    }

    #[test]
    fn each_step_is_listed_once() {
        let mut unique = StepId::ALL.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), StepId::ALL.len());
    }
}
