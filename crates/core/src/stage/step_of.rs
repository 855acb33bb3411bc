//! The planner step a finding changes: the migration hazards each name the step of
//! the move they must be dealt with in, so the page can link the finding to it.
//! A stable mapping by code, beside the findings rather than in them, so that other
//! findings and their JSON stay as they are.

use crate::plan::StepId;

/// The hazard codes and the planner step each one changes.
pub const HAZARD_STEPS: [(&str, StepId); 8] = [
    ("dns-host-is-old-provider", StepId::CancelOldService),
    ("website-on-old-server", StepId::CancelOldService),
    ("mta-sts-enforce-without-target", StepId::PrepareRecords),
    ("dane-tlsa-on-old-mx", StepId::Cutover),
    ("dnssec-signed-dns-move", StepId::CancelOldService),
    ("dmarc-reports-to-old-mailbox", StepId::CreateAccounts),
    ("target-mx-without-spf", StepId::PrepareRecords),
    ("target-mx-without-dkim", StepId::PrepareRecords),
];

/// The planner step the finding with `code` changes, if it is a migration hazard.
pub fn step_of(code: &str) -> Option<StepId> {
    HAZARD_STEPS
        .iter()
        .find(|(hazard, _)| *hazard == code)
        .map(|(_, step)| *step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hazard_is_a_registered_rule() {
        for (code, _) in HAZARD_STEPS {
            assert!(
                crate::findings::rule(code).is_some(),
                "{code} is not in RULES"
            );
        }
        assert_eq!(step_of("spf-plus-all"), None);
        assert_eq!(
            step_of("website-on-old-server"),
            Some(StepId::CancelOldService)
        );
    }
}
