//! Any plan survives save → load unchanged, and any plan gets a schedule without a
//! panic.

use proptest::prelude::*;

use super::*;
use crate::calendar::{BusyPeriod, Date, DateTime};

fn date() -> impl Strategy<Value = Date> {
    (2000i32..2099, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn moment() -> impl Strategy<Value = DateTime> {
    (date(), 0u8..24, 0u8..60)
        .prop_map(|(date, hour, minute)| DateTime::new(date, hour, minute).unwrap())
}

const STEPS: [StepId; 6] = [
    StepId::AddDomain,
    StepId::Verify,
    StepId::LowerTtl,
    StepId::CreateAccounts,
    StepId::Cutover,
    StepId::CancelOldService,
];

prop_compose! {
    fn any_plan()(
        domain in prop::sample::select(vec!["example.jp", "xn--wgv71a119e.jp", "mail.example.co.jp"]),
        target in prop::sample::select(vec!["google-workspace", "microsoft-365", "zoho-mail", "zoho-mail-jp"]),
        cutover in moment(),
        ttl in prop::option::of(1u32..200_000),
        busy in prop::collection::vec((date(), date(), "\\PC{0,12}"), 0..3),
        overrides in prop::collection::vec((prop::sample::select(STEPS.to_vec()), moment()), 0..4),
        lowered in 0u32..100_000,
        weeks in 0u32..60,
        keep in 0u32..400,
        token in prop::option::of("[ -~]{0,30}"),
        keep_spf in prop::option::of(prop::collection::vec("[a-z0-9.:_-]{1,20}", 0..4)),
        zone in prop::sample::select(vec!["Asia/Tokyo", "UTC", "America/New_York", "Europe/London", "Australia/Sydney", "America/Nuuk", "Africa/Cairo"]),
    ) -> Plan {
        let domain = crate::DomainName::parse(domain).unwrap();
        let mut plan = Plan::new(&domain, target, cutover);
        plan.current_mx_ttl = ttl;
        plan.time_zone = zone.to_owned();
        plan.busy = busy.into_iter().map(|(start, end, label)| BusyPeriod { start, end, label }).collect();
        plan.overrides = overrides.into_iter().collect();
        plan.options = PlanOptions { lowered_ttl: lowered, restored_ttl: 3600, dmarc_weeks: weeks, keep_old_days: keep };
        plan.records.verification_token = token;
        plan.records.keep_spf = keep_spf;
        plan
    }
}

proptest! {
    #[test]
    fn save_then_load_is_lossless(plan in any_plan()) {
        prop_assert_eq!(Plan::from_json(&plan.to_json()).unwrap(), plan);
    }

    #[test]
    fn every_plan_gets_a_schedule_and_exports(plan in any_plan(), now in prop::option::of(moment())) {
        let schedule = schedule(&plan, now);
        prop_assert!(schedule.steps.iter().any(|step| step.id == StepId::Cutover));
        prop_assert!(schedule.safe_from >= schedule.old_mx_possible_until);
        let ics = to_ics(&plan, &schedule, "20261128T000000Z", crate::Lang::En);
        prop_assert!(ics.split("\r\n").all(|line| line.len() <= 75));
        let markdown = to_markdown(&plan, &schedule, crate::Lang::Ja);
        prop_assert_eq!(markdown.matches("- [ ] ").count(), schedule.steps.len());
    }
}
