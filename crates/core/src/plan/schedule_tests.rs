use super::*;
use crate::calendar::{BusyPeriod, Date, DateTime};
use crate::findings::Severity;

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn plan(cutover: &str, ttl: Option<u32>) -> Plan {
    let domain = crate::DomainName::parse("example.jp").unwrap();
    let mut plan = Plan::new(&domain, "google-workspace", at(cutover));
    plan.current_mx_ttl = ttl;
    plan
}

fn step(schedule: &Schedule, id: StepId) -> &PlanStep {
    schedule.steps.iter().find(|step| step.id == id).unwrap()
}

fn codes(schedule: &Schedule) -> Vec<&'static str> {
    schedule.issues.iter().map(|issue| issue.code).collect()
}

#[test]
fn an_ordinary_plan_is_dated_around_the_holidays() {
    // Tuesday evening; 2027-02-11 is 建国記念の日.
    let schedule = schedule(&plan("2027-02-16T19:00", Some(3600)), None);
    let when = |id| step(&schedule, id).at.to_string();
    assert_eq!(when(StepId::AddDomain), "2027-02-09T10:00");
    assert_eq!(when(StepId::Verify), "2027-02-09T10:30");
    assert_eq!(
        when(StepId::PrepareRecords),
        "2027-02-10T10:00",
        "not on the holiday"
    );
    assert_eq!(
        when(StepId::LowerTtl),
        "2027-02-16T10:00",
        "an hour's TTL: the same morning"
    );
    assert_eq!(
        when(StepId::CreateAccounts),
        "2027-02-12T10:00",
        "not on the weekend"
    );
    assert_eq!(when(StepId::Cutover), "2027-02-16T19:00");
    assert_eq!(when(StepId::TestMail), "2027-02-16T19:15");
    // Lowered in time: resolvers forget the old MX 300 s after the change, plus the
    // monitor's 24 h margin.
    assert_eq!(
        schedule.old_mx_possible_until.to_string(),
        "2027-02-16T19:05"
    );
    assert_eq!(schedule.safe_from.to_string(), "2027-02-17T19:05");
    assert_eq!(when(StepId::FinalSync), "2027-02-18T10:00");
    assert_eq!(when(StepId::RestoreTtl), "2027-02-18T10:30");
    assert_eq!(when(StepId::TightenDmarc), "2027-03-17T10:00");
    // At least 14 days after the cutover (longer than the 5 days senders retry).
    assert_eq!(when(StepId::CancelOldService), "2027-03-03T10:00");
    assert!(schedule.issues.is_empty(), "{:?}", schedule.issues);
    assert_eq!(schedule.risk.score, 0);
    // In time order, and every dependency before its step.
    let order: Vec<DateTime> = schedule.steps.iter().map(|step| step.at).collect();
    assert!(order.windows(2).all(|pair| pair[0] <= pair[1]));
    for step in &schedule.steps {
        for before in &step.depends_on {
            assert!(
                self::step(&schedule, *before).at <= step.at,
                "{before:?} before {:?}",
                step.id
            );
        }
    }
}

#[test]
fn a_day_long_ttl_is_lowered_the_business_day_before() {
    let schedule = schedule(&plan("2027-02-16T19:00", Some(86_400)), None);
    // 86,400 s + an hour before 19:00 on Tuesday is Monday 18:00: Monday 10:00.
    assert_eq!(
        step(&schedule, StepId::LowerTtl).at.to_string(),
        "2027-02-15T10:00"
    );
    assert!(!codes(&schedule).contains(&"ttl-lead-too-short"));
}

#[test]
fn an_unknown_ttl_is_assumed_long_and_said_so() {
    let schedule = schedule(&plan("2027-02-16T19:00", None), None);
    assert!(codes(&schedule).contains(&"ttl-unknown"));
    assert_eq!(
        step(&schedule, StepId::LowerTtl).at.to_string(),
        "2027-02-15T10:00"
    );
}

#[test]
fn a_too_short_ttl_lead_is_an_error_and_the_watch_is_longer() {
    let mut plan = plan("2027-02-16T19:00", Some(86_400));
    plan.overrides
        .insert(StepId::LowerTtl, at("2027-02-16T18:00"));
    let schedule = schedule(&plan, None);
    let issue = schedule
        .issues
        .iter()
        .find(|issue| issue.code == "ttl-lead-too-short")
        .unwrap();
    assert_eq!(issue.severity, Severity::Error);
    assert!(
        issue.message.ja.contains("2月15日(月) 18:00"),
        "{}",
        issue.message.ja
    );
    // The old TTL rules: a whole day after the cutover.
    assert_eq!(
        schedule.old_mx_possible_until.to_string(),
        "2027-02-17T19:00"
    );
    assert!(step(&schedule, StepId::LowerTtl).overridden);
}

#[test]
fn mx_before_accounts_or_verification_is_flagged() {
    let mut plan = plan("2027-02-16T19:00", Some(3600));
    plan.overrides
        .insert(StepId::CreateAccounts, at("2027-02-17T10:00"));
    plan.overrides
        .insert(StepId::Verify, at("2027-02-16T20:00"));
    let schedule = schedule(&plan, None);
    let found = codes(&schedule);
    assert!(found.contains(&"mx-before-accounts"), "{found:?}");
    assert!(found.contains(&"mx-before-verification"), "{found:?}");
}

#[test]
fn a_cutover_on_a_holiday_is_risky_with_better_slots() {
    // 2026-11-23 is 勤労感謝の日.
    let schedule = schedule(&plan("2026-11-23T10:00", Some(3600)), None);
    let issue = schedule
        .issues
        .iter()
        .find(|issue| issue.code == "cutover-risk")
        .unwrap();
    assert_eq!(issue.severity, Severity::Error);
    assert!(
        schedule
            .risk
            .reasons
            .iter()
            .any(|reason| reason.code == "public-holiday")
    );
    assert!(!schedule.better_slots.is_empty());
    assert!(
        schedule
            .better_slots
            .iter()
            .all(|(_, risk)| risk.score < schedule.risk.score)
    );
}

#[test]
fn busy_periods_count() {
    let mut plan = plan("2027-02-16T19:00", Some(3600));
    plan.busy.push(BusyPeriod {
        start: Date::new(2027, 2, 15).unwrap(),
        end: Date::new(2027, 2, 19).unwrap(),
        label: "決算準備".into(),
    });
    let schedule = schedule(&plan, None);
    assert!(
        schedule
            .risk
            .reasons
            .iter()
            .any(|reason| reason.message.ja.contains("決算準備"))
    );
}

#[test]
fn steps_in_the_past_are_flagged() {
    let schedule = schedule(
        &plan("2027-02-16T19:00", Some(3600)),
        Some(at("2027-02-12T12:00")),
    );
    // Add domain, verify, prepare records, create accounts and notify users were due
    // before Friday noon: the planner placed them, so it is one error about the cutover
    // being too close, naming the earliest one that leaves the lead time, not five
    // warnings about its own steps.
    let codes: Vec<&str> = schedule.issues.iter().map(|issue| issue.code).collect();
    assert!(!codes.contains(&"in-the-past"), "{codes:?}");
    let too_close = schedule
        .issues
        .iter()
        .find(|issue| issue.code == "cutover-too-close")
        .expect("too close");
    assert_eq!(too_close.severity, Severity::Error);
    let earliest = schedule.earliest_safe_cutover.expect("an earliest cutover");
    assert!(
        too_close
            .message
            .ja
            .contains(&earliest.human(crate::Lang::Ja, false)),
        "{}",
        too_close.message.ja
    );
    assert!(too_close.message.ja.contains("移行先にドメインを追加する"));
    // Moved there, the schedule has time for every step.
    let moved = schedule_of(
        &plan("2027-02-16T19:00", Some(3600)),
        earliest,
        at("2027-02-12T12:00"),
    );
    assert!(
        moved
            .issues
            .iter()
            .all(|issue| issue.code != "cutover-too-close"),
        "{:?}",
        moved.issues
    );
    assert!(
        moved
            .steps
            .iter()
            .all(|step| step.at >= at("2027-02-12T12:00"))
    );
}

fn schedule_of(plan: &Plan, cutover: DateTime, now: DateTime) -> Schedule {
    let mut plan = plan.clone();
    plan.cutover = cutover;
    schedule(&plan, Some(now))
}

#[test]
fn a_step_set_by_hand_in_the_past_is_flagged() {
    let mut plan = plan("2027-02-16T19:00", Some(3600));
    plan.overrides
        .insert(StepId::NotifyUsers, at("2027-02-01T10:00"));
    let schedule = schedule(&plan, Some(at("2027-02-03T12:00")));
    let past: Vec<&ScheduleIssue> = schedule
        .issues
        .iter()
        .filter(|issue| issue.code == "in-the-past")
        .collect();
    assert_eq!(past.len(), 1, "{past:?}");
    assert!(
        past[0].message.ja.contains("2月1日(月) 10:00"),
        "{}",
        past[0].message.ja
    );
}

/// Every step the planner places before the cutover, and the ones after it that are
/// office work, fall on days the company works, at 10:00 or later: no weekend, public
/// holiday, 12/29–1/3 or busy period.
#[test]
fn planned_work_falls_on_open_days_only() {
    let office_work = [
        StepId::AddDomain,
        StepId::Verify,
        StepId::PrepareRecords,
        StepId::LowerTtl,
        StepId::CreateAccounts,
        StepId::NotifyUsers,
        StepId::FinalSync,
        StepId::RestoreTtl,
        StepId::TightenDmarc,
        StepId::CancelOldService,
    ];
    let busy = BusyPeriod {
        start: Date::new(2027, 3, 1).unwrap(),
        end: Date::new(2027, 3, 12).unwrap(),
        label: "決算".into(),
    };
    let mut day = Date::new(2027, 1, 1).unwrap();
    for _ in 0..365 {
        for ttl in [300, 3600, 86_400, 172_800] {
            let mut plan = plan("2027-01-01T19:00", Some(ttl));
            plan.cutover = DateTime::new(day, 19, 0).unwrap();
            plan.busy = vec![busy.clone()];
            let schedule = schedule(&plan, None);
            for step in schedule
                .steps
                .iter()
                .filter(|step| office_work.contains(&step.id))
            {
                let date = step.at.date;
                assert!(
                    crate::calendar::is_business_day(date)
                        && !(busy.start <= date && date <= busy.end),
                    "{:?} on {} for a cutover on {day} (TTL {ttl})",
                    step.id,
                    step.at
                );
                assert!(
                    step.at.hour >= 10 && step.at.hour < 18,
                    "{:?} at {}",
                    step.id,
                    step.at
                );
            }
        }
        day = day.add_days(1);
    }
}

#[test]
fn saved_plans_round_trip_and_old_ones_load() {
    let mut plan = plan("2027-02-16T19:00", Some(3600));
    plan.busy.push(BusyPeriod {
        start: Date::new(2027, 2, 1).unwrap(),
        end: Date::new(2027, 2, 3).unwrap(),
        label: "展示会".into(),
    });
    plan.overrides
        .insert(StepId::LowerTtl, at("2027-02-15T09:00"));
    plan.records.verification_token = Some("abc".into());
    let text = plan.to_json();
    assert_eq!(Plan::from_json(&text).unwrap(), plan);
    // Version 1 with only the required fields: defaults fill the rest.
    let minimal = r#"{"format":1,"domain":"example.jp","target":"zoho-mail","cutover":"2027-02-16T19:00","some_future_field":true}"#;
    let loaded = Plan::from_json(minimal).unwrap();
    assert_eq!(loaded.time_zone, "Asia/Tokyo");
    assert_eq!(loaded.options, PlanOptions::default());
    assert!(matches!(
        Plan::from_json(r#"{"format":2}"#),
        Err(PlanError::TooNew(2))
    ));
    assert!(matches!(
        Plan::from_json("not json"),
        Err(PlanError::Unreadable(_))
    ));
    let other_zone = minimal.replace(
        "\"format\":1",
        "\"format\":1,\"time_zone\":\"Mars/Olympus_Mons\"",
    );
    assert!(matches!(
        Plan::from_json(&other_zone),
        Err(PlanError::TimeZone(_))
    ));
    let far = minimal.replace("2027-02-16T19:00", "9999-12-31T23:59");
    assert!(matches!(
        Plan::from_json(&far),
        Err(PlanError::OutOfRange(_))
    ));
    // The cutover as the monitor's `changed_at`: 19:00 in Japan is 10:00 UTC.
    assert_eq!(
        plan.unix_seconds(at("2027-02-16T19:00")),
        Some(1_802_772_000)
    );
}

#[test]
fn markdown_checklist_has_a_box_per_step() {
    let plan = plan("2027-02-16T19:00", Some(3600));
    let schedule = schedule(&plan, None);
    let markdown = to_markdown(&plan, &schedule, crate::Lang::Ja);
    assert_eq!(markdown.matches("- [ ] ").count(), schedule.steps.len());
    assert!(
        markdown.contains("- [ ] **2027-02-16T19:00** MX を切り替える"),
        "{markdown}"
    );
    // The target by the name people know, the risk in words.
    let title = markdown.lines().next().unwrap_or_default();
    assert!(title.ends_with("→ Google Workspace"), "{title}");
    assert!(!markdown.contains("google-workspace"), "{markdown}");
    assert!(markdown.contains("切り替え日時のリスク: 低"), "{markdown}");
}

#[test]
fn the_calendar_reads_back_in_an_independent_parser() {
    use icalendar::parser::{read_calendar, unfold};

    let mut plan = plan("2027-02-16T19:00", Some(3600));
    // Text that needs escaping, in a Japanese summary.
    plan.options.restored_ttl = 3600;
    let schedule = schedule(&plan, None);
    let ics = to_ics(&plan, &schedule, "20261128T090000Z", crate::Lang::Ja);
    // RFC 5545 §3.1: CRLF, and no line longer than 75 octets.
    assert!(ics.ends_with("\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    assert!(
        ics.split("\r\n").all(|line| line.len() <= 75),
        "unfolded line"
    );
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).expect("parses");
    let names: Vec<&str> = calendar
        .components
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names[0], "VTIMEZONE");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len(), schedule.steps.len());
    fn property<'a>(
        event: &icalendar::parser::Component<'a>,
        name: &str,
    ) -> icalendar::parser::Property<'a> {
        event
            .properties
            .iter()
            .find(|property| property.name.as_str() == name)
            .cloned()
            .unwrap()
    }
    let cutover = events
        .iter()
        .find(|event| property(event, "UID").val.as_str().starts_with("cutover@"))
        .expect("the cutover event");
    let start = property(cutover, "DTSTART");
    assert_eq!(start.val.as_str(), "20270216T190000");
    assert_eq!(start.params[0].key.as_str(), "TZID");
    assert_eq!(start.params[0].val.as_ref().unwrap().as_str(), "Asia/Tokyo");
    assert_eq!(
        property(cutover, "SUMMARY").val.unescape_text().as_str(),
        "MX を切り替える"
    );
    let description = property(cutover, "DESCRIPTION").val.unescape_text();
    assert!(
        description.as_str().contains("旧 MX は同じ編集で削除"),
        "{}",
        description.as_str()
    );
    assert!(
        description.as_str().contains('\n'),
        "newlines survive escaping"
    );
    // UIDs are unique, so re-importing replaces rather than duplicates.
    let mut uids: Vec<String> = events
        .iter()
        .map(|e| property(e, "UID").val.as_str().to_owned())
        .collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len());
}

#[test]
fn a_forgotten_address_is_an_error_before_the_cutover() {
    let mut plan = plan("2027-02-16T19:00", Some(3600));
    let domain = crate::DomainName::parse("example.jp").unwrap();
    let imported = crate::accounts::import("tanaka@example.jp\nsuzuki\ninfo@example.jp", &domain);
    plan.accounts.accounts = imported.accounts;
    for account in &mut plan.accounts.accounts {
        if account.address != "info@example.jp" {
            account.destination = crate::accounts::Destination::User {
                first_name: "太郎".into(),
                last_name: "田中".into(),
                display_name: "田中 太郎".into(),
            };
        }
    }
    let first = schedule(&plan, None);
    let issue = first
        .issues
        .iter()
        .find(|issue| issue.code == "accounts-undecided")
        .expect("flagged");
    assert_eq!(issue.severity, Severity::Error);
    assert!(
        issue.message.en.starts_with("1 addresses") && issue.message.en.contains("info@example.jp"),
        "{}",
        issue.message.en
    );
    // Decided: no issue, and the plan still saves and loads.
    plan.accounts.accounts[2].destination = crate::accounts::Destination::Alias {
        user: "tanaka@example.jp".into(),
    };
    let schedule = schedule(&plan, None);
    assert!(
        !codes(&schedule).contains(&"accounts-undecided"),
        "{:?}",
        schedule.issues
    );
    assert_eq!(Plan::from_json(&plan.to_json()).unwrap(), plan);
}

#[test]
fn unix_moments_read_as_local_time_and_back() {
    let mut plan = plan("2027-02-16T19:00", Some(3600));
    assert_eq!(plan.local_time(1_802_772_000), Some(at("2027-02-16T19:00")));
    assert_eq!(
        plan.unix_seconds(at("2027-02-16T19:00")),
        Some(1_802_772_000)
    );
    plan.time_zone = "UTC".into();
    assert_eq!(plan.local_time(1_802_772_059), Some(at("2027-02-16T10:00")));
    assert_eq!(plan.local_time(-60), Some(at("1969-12-31T23:59")));
    assert_eq!(ics_stamp(1_795_854_086), "20261128T082126Z");
}

#[test]
fn dates_for_people_carry_the_year_only_when_it_is_needed() {
    use crate::Lang;
    let june = plan("2027-06-15T19:00", Some(3600));
    // Planned in the same year: no year anywhere.
    let this_year = schedule(&june, Some(at("2027-05-20T10:00")));
    assert!(!this_year.years_shown);
    let cutover = step(&this_year, StepId::Cutover);
    assert_eq!(this_year.step_when(cutover, Lang::Ja), "6月15日(火) 19:00");
    assert_eq!(this_year.step_when(cutover, Lang::En), "Tue 15 Jun 19:00");
    // Planned the year before: every date says which year.
    let last_year = schedule(&june, Some(at("2026-12-06T10:00")));
    assert!(last_year.years_shown);
    assert_eq!(
        last_year.when(june.cutover, Lang::Ja),
        "2027年6月15日(火) 19:00"
    );
    // A schedule across New Year shows the year on every date, now known or not.
    let january = plan("2027-01-07T19:00", Some(3600));
    for now in [
        None,
        Some(at("2026-12-01T10:00")),
        Some(at("2027-01-02T10:00")),
    ] {
        let across = schedule(&january, now);
        assert!(
            across.steps.iter().any(|step| step.at.date.year == 2026),
            "the preparation starts in 2026"
        );
        assert!(across.years_shown, "{now:?}");
        let spans: Vec<String> = across
            .steps
            .iter()
            .map(|step| across.step_when(step, Lang::En))
            .collect();
        assert!(
            spans
                .iter()
                .all(|when| when.contains(" 2026 ") || when.contains(" 2027 ")),
            "{spans:?}"
        );
    }
}

#[test]
fn better_moments_are_never_already_past() {
    // 勤労感謝の日, looked at the next evening: 11-24 18:00, the nearest clean moment,
    // has just passed.
    let holiday = plan("2026-11-23T10:00", Some(3600));
    let now = at("2026-11-24T18:30");
    let offered = schedule(&holiday, Some(now)).better_slots;
    assert_eq!(offered.len(), 3);
    assert!(offered.iter().all(|(at, _)| *at > now), "{offered:?}");
    let unbounded = schedule(&holiday, None).better_slots;
    assert!(unbounded.iter().any(|(at, _)| *at < now), "{unbounded:?}");
}

#[test]
fn an_issue_severity_has_the_findings_wire_form() {
    let issue = ScheduleIssue {
        code: "ttl-unknown",
        severity: Severity::Warning,
        message: crate::Message {
            ja: String::new(),
            en: String::new(),
        },
    };
    let json = serde_json::to_value(&issue).expect("serialisable");
    assert_eq!(json["severity"], "warning");
    assert_eq!(
        json["severity"],
        Severity::Warning.tag(),
        "the page's CSS class"
    );
    let json = serde_json::to_value(ScheduleIssue {
        severity: Severity::Error,
        ..issue
    })
    .expect("serialisable");
    assert_eq!(json["severity"], "error");
}
