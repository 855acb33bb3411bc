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

/// The issues that would be the planner flagging its own placement.
const SELF_FLAGGED: [&str; 5] = [
    "out-of-order",
    "mx-before-accounts",
    "mx-before-verification",
    "ttl-lead-too-short",
    "in-the-past",
];

proptest! {
    /// Whatever cutover moment in a year, TTL and busy periods, a schedule the planner
    /// placed by itself (no step set by hand) never flags its own steps.
    #[test]
    fn the_planner_never_flags_its_own_schedule(
        day in 0i64..366,
        hour in 0u8..24,
        ttl in 30u32..400_000,
        lowered in 0u32..100_000,
        busy in prop::collection::vec((0i64..400, 0i64..40), 0..3),
        zone in prop::sample::select(vec!["Asia/Tokyo", "UTC", "America/New_York", "Europe/London"]),
    ) {
        let start = Date::new(2027, 1, 1).unwrap();
        let domain = crate::DomainName::parse("example.jp").unwrap();
        let cutover = DateTime::new(start.add_days(day), hour, 0).unwrap();
        let mut plan = Plan::new(&domain, "google-workspace", cutover);
        plan.current_mx_ttl = Some(ttl);
        plan.time_zone = zone.to_owned();
        plan.options.lowered_ttl = lowered;
        plan.busy = busy
            .into_iter()
            .map(|(from, length)| BusyPeriod {
                start: start.add_days(from - 30),
                end: start.add_days(from - 30 + length),
                label: "busy".into(),
            })
            .collect();
        let schedule = schedule(&plan, None);
        let flagged: Vec<&str> = schedule
            .issues
            .iter()
            .map(|issue| issue.code)
            .filter(|code| SELF_FLAGGED.contains(code))
            .collect();
        prop_assert!(flagged.is_empty(), "{:?} for {:?}", flagged, plan);
    }
}
