use super::risk::{
    BusyPeriod, Risk, RiskLevel, assess, better_slots, default_cutover, is_business_day,
};
use super::{Date, DateTime};

fn at(s: &str) -> DateTime {
    s.parse().unwrap()
}

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn codes(risk: &Risk) -> Vec<&'static str> {
    risk.reasons.iter().map(|r| r.code).collect()
}

fn reason<'a>(risk: &'a Risk, code: &str) -> &'a super::RiskReason {
    risk.reasons
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(risk)))
}

/// The score is exactly the capped sum of the reasons, whatever the moment.
fn assert_consistent(risk: &Risk) {
    let sum: u32 = risk.reasons.iter().map(|r| u32::from(r.weight)).sum();
    assert_eq!(u32::from(risk.score), sum.min(100));
    assert_eq!(risk.level, RiskLevel::from_score(risk.score));
}

#[test]
fn public_holiday_is_high_and_names_the_holiday() {
    // 2026-11-03 (Tuesday) is 文化の日.
    let risk = assess(at("2026-11-03T19:00"), &[]);
    assert_consistent(&risk);
    assert_eq!(risk.level, RiskLevel::High);
    assert_eq!(codes(&risk), ["public-holiday"]);
    let message = &reason(&risk, "public-holiday").message;
    assert!(message.ja.contains("文化の日"), "{}", message.ja);
    assert!(message.en.contains("Culture Day"), "{}", message.en);
}

#[test]
fn year_end_closure_is_high() {
    let risk = assess(at("2026-12-30T10:00"), &[]);
    assert_consistent(&risk);
    assert_eq!(risk.level, RiskLevel::High);
    assert_eq!(codes(&risk), ["year-end", "before-long-weekend"]);
    // 12-30 .. 01-03 nobody works; 2027-01-04 is a Monday.
    assert!(
        reason(&risk, "before-long-weekend")
            .message
            .en
            .starts_with("5 days off")
    );
    // Not business hours: the offices are closed.
    assert!(!codes(&risk).contains(&"business-hours"));
    assert!(codes(&assess(at("2027-01-04T19:00"), &[])).contains(&"year-end"));
    assert!(!codes(&assess(at("2027-01-05T19:00"), &[])).contains(&"year-end"));
}

#[test]
fn golden_week_during_business_hours() {
    // Friday 2026-05-01 is a working day inside Golden Week, and five days off follow.
    let risk = assess(at("2026-05-01T10:00"), &[]);
    assert_consistent(&risk);
    let found = codes(&risk);
    assert!(found.contains(&"golden-week"), "{found:?}");
    assert!(found.contains(&"business-hours"), "{found:?}");
    assert!(found.contains(&"before-long-weekend"), "{found:?}");
    assert_eq!(risk.score, 100, "capped");
    assert_eq!(risk.level, RiskLevel::High);
}

#[test]
fn ordinary_weekday_evening_is_ideal() {
    let risk = assess(at("2026-06-16T19:00"), &[]);
    assert_eq!(risk.score, 0);
    assert_eq!(risk.level, RiskLevel::Low);
    assert!(risk.reasons.is_empty(), "{:?}", codes(&risk));
    // A normal Friday evening and Saturday morning are good too.
    assert!(assess(at("2026-06-19T19:00"), &[]).reasons.is_empty());
    assert!(assess(at("2026-06-20T09:00"), &[]).reasons.is_empty());
}

#[test]
fn time_of_day_rules() {
    let office = assess(at("2026-06-16T10:00"), &[]);
    assert_eq!(codes(&office), ["business-hours"]);
    assert_eq!(office.level, RiskLevel::Medium);
    assert_eq!(
        codes(&assess(at("2026-06-16T17:59"), &[])),
        ["business-hours"]
    );
    assert!(assess(at("2026-06-16T18:00"), &[]).reasons.is_empty());
    assert!(assess(at("2026-06-16T08:59"), &[]).reasons.is_empty());
    let night = assess(at("2026-06-16T02:00"), &[]);
    assert_eq!(codes(&night), ["late-night"]);
    assert_eq!(night.level, RiskLevel::Medium);
    assert!(assess(at("2026-06-16T06:00"), &[]).reasons.is_empty());
    // No "business hours" on a Saturday: little mail is flowing.
    assert!(!codes(&assess(at("2026-06-20T10:00"), &[])).contains(&"business-hours"));
}

#[test]
fn weekends() {
    assert_eq!(codes(&assess(at("2026-06-20T15:00"), &[])), ["weekend"]);
    let sunday = assess(at("2026-06-21T19:00"), &[]);
    assert_eq!(codes(&sunday), ["weekend"]);
    assert_eq!(sunday.level, RiskLevel::Low);
}

#[test]
fn fiscal_year_end_and_month_end() {
    let last_day = assess(at("2027-03-31T19:00"), &[]);
    assert_consistent(&last_day);
    assert_eq!(
        codes(&last_day),
        ["fiscal-year-end"],
        "month-end is not counted twice"
    );
    let earlier = assess(at("2027-03-26T19:00"), &[]);
    assert_eq!(codes(&earlier), ["fiscal-year-end"]);
    assert!(
        reason(&last_day, "fiscal-year-end").weight > reason(&earlier, "fiscal-year-end").weight
    );
    assert!(assess(at("2027-03-24T19:00"), &[]).reasons.is_empty());

    // June 2026 ends on a Tuesday: the 29th and 30th are the last two business days.
    assert_eq!(codes(&assess(at("2026-06-30T19:00"), &[])), ["month-end"]);
    assert_eq!(codes(&assess(at("2026-06-29T19:00"), &[])), ["month-end"]);
    assert!(assess(at("2026-06-26T19:00"), &[]).reasons.is_empty());
    // May 2026 ends on a Sunday: the 28th and 29th are.
    assert_eq!(codes(&assess(at("2026-05-29T19:00"), &[])), ["month-end"]);
    assert_eq!(codes(&assess(at("2026-05-28T19:00"), &[])), ["month-end"]);
    assert!(assess(at("2026-05-27T19:00"), &[]).reasons.is_empty());
}

#[test]
fn seasonal_closures() {
    assert_eq!(codes(&assess(at("2026-08-14T19:00"), &[])), ["obon"]);
    assert!(assess(at("2026-08-18T19:00"), &[]).reasons.is_empty());
    assert!(codes(&assess(at("2026-04-30T19:00"), &[])).contains(&"golden-week"));
}

#[test]
fn before_a_long_weekend() {
    // Friday before 海の日 (Monday 2026-07-20): Saturday to Monday off.
    let friday = assess(at("2026-07-17T19:00"), &[]);
    assert_eq!(codes(&friday), ["before-long-weekend"]);
    assert!(friday.reasons[0].message.ja.contains("3日間"));
    // The Saturday of that weekend still has three days off ahead.
    assert!(codes(&assess(at("2026-07-18T09:00"), &[])).contains(&"before-long-weekend"));
    // The Thursday before has a working Friday in between.
    assert!(assess(at("2026-07-16T19:00"), &[]).reasons.is_empty());
}

#[test]
fn busy_periods_quote_the_users_label() {
    let busy = [
        BusyPeriod {
            start: day("2026-06-15"),
            end: day("2026-06-19"),
            label: "株主総会準備".into(),
        },
        BusyPeriod {
            start: day("2026-07-01"),
            end: day("2026-07-03"),
            label: "Trade show".into(),
        },
    ];
    let risk = assess(at("2026-06-16T19:00"), &busy);
    assert_eq!(codes(&risk), ["busy-period"]);
    assert_eq!(risk.level, RiskLevel::Medium);
    let message = &reason(&risk, "busy-period").message;
    assert!(message.ja.contains("株主総会準備"));
    assert!(message.en.contains("株主総会準備"));
    // Both ends are inclusive; outside the period nothing is added.
    assert_eq!(
        codes(&assess(at("2026-06-19T19:00"), &busy)),
        ["busy-period"]
    );
    assert!(assess(at("2026-06-22T19:00"), &busy).reasons.is_empty());
    assert!(
        assess(at("2026-07-03T19:00"), &busy).reasons[0]
            .message
            .en
            .contains("Trade show")
    );
    // A reversed period covers nothing.
    let reversed = [BusyPeriod {
        start: day("2026-06-19"),
        end: day("2026-06-15"),
        label: "x".into(),
    }];
    assert!(assess(at("2026-06-16T19:00"), &reversed).reasons.is_empty());
}

#[test]
fn levels_and_business_days() {
    assert_eq!(RiskLevel::from_score(0), RiskLevel::Low);
    assert_eq!(RiskLevel::from_score(29), RiskLevel::Low);
    assert_eq!(RiskLevel::from_score(30), RiskLevel::Medium);
    assert_eq!(RiskLevel::from_score(59), RiskLevel::Medium);
    assert_eq!(RiskLevel::from_score(60), RiskLevel::High);
    assert_eq!(RiskLevel::from_score(100), RiskLevel::High);
    assert_eq!(RiskLevel::High.label().ja, "高");
    assert!(is_business_day(day("2026-06-16")));
    assert!(is_business_day(day("2026-12-28")));
    assert!(!is_business_day(day("2026-12-29")));
    assert!(!is_business_day(day("2027-01-03")));
    assert!(is_business_day(day("2027-01-04")));
    assert!(!is_business_day(day("2026-06-20")));
    assert!(!is_business_day(day("2026-09-22")), "国民の休日");
}

#[test]
fn extreme_dates_do_not_panic() {
    let last = DateTime::new(Date::MAX, 19, 0).unwrap();
    assert_consistent(&assess(last, &[]));
    let first = DateTime::new(Date::MIN, 19, 0).unwrap();
    assert_consistent(&assess(first, &[]));
    assert!(better_slots(last, &[], 3).len() <= 3);
}

#[test]
fn serialises_for_the_page() {
    let json = serde_json::to_value(assess(at("2026-11-03T19:00"), &[])).unwrap();
    assert_eq!(json["score"], 60);
    assert_eq!(json["level"], "high");
    assert_eq!(json["reasons"][0]["code"], "public-holiday");
    assert_eq!(json["reasons"][0]["weight"], 60);
    assert!(
        json["reasons"][0]["message"]["ja"]
            .as_str()
            .unwrap()
            .contains("文化の日")
    );
    let period: BusyPeriod =
        serde_json::from_str(r#"{"start":"2026-06-15","end":"2026-06-19","label":"決算"}"#)
            .unwrap();
    assert_eq!(period.end, day("2026-06-19"));
}

#[test]
fn better_slots_for_a_bad_moment() {
    let moment = at("2026-12-30T10:00");
    let current = assess(moment, &[]).score;
    let slots = better_slots(moment, &[], 5);
    assert_eq!(slots.len(), 5);
    let origin = moment.minutes_since_epoch();
    let distance = |slot: DateTime| (slot.minutes_since_epoch() - origin).abs();
    for (slot, risk) in &slots {
        assert!(risk.score < current, "{slot}: {}", risk.score);
        assert!(distance(*slot) <= 14 * 24 * 60, "{slot}");
        assert_eq!(*risk, assess(*slot, &[]));
    }
    assert!(
        slots
            .windows(2)
            .all(|w| { (w[0].1.score, distance(w[0].0)) <= (w[1].1.score, distance(w[1].0)) }),
        "sorted by score then closeness"
    );
    // The nearest ideal slot: Saturday morning before the closure (12-28 is a working
    // Monday, so only two days off follow), then Thursday 12-24 evening.
    assert_eq!(slots[0].0, at("2026-12-26T09:00"));
    assert_eq!(slots[0].1.score, 0);
    assert_eq!(slots[1].0, at("2026-12-24T20:00"));
}

#[test]
fn better_slots_respects_busy_periods_and_count() {
    let busy = [BusyPeriod {
        start: day("2026-12-14"),
        end: day("2026-12-27"),
        label: "繁忙期".into(),
    }];
    let slots = better_slots(at("2026-12-30T10:00"), &busy, 3);
    assert_eq!(slots.len(), 3);
    assert!(slots.iter().all(|(slot, _)| slot.date > day("2026-12-27")));
    assert!(better_slots(at("2026-12-30T10:00"), &busy, 0).is_empty());
}

#[test]
fn better_slots_for_a_good_moment() {
    // Nothing beats a score of 0.
    assert!(better_slots(at("2026-06-16T19:00"), &[], 5).is_empty());
    // A Sunday evening (minor risk) only gets strictly better suggestions.
    let moment = at("2026-06-21T19:00");
    let current = assess(moment, &[]).score;
    let slots = better_slots(moment, &[], 10);
    assert!(!slots.is_empty());
    assert!(slots.iter().all(|(_, risk)| risk.score < current));
    assert!(slots.iter().all(|(slot, _)| *slot != moment));
}

#[test]
fn the_default_cutover_is_a_clean_midweek_evening_a_week_away() {
    // An ordinary Sunday night: the Tuesday after next week starts.
    assert_eq!(
        default_cutover(at("2026-12-06T23:00"), &[]),
        at("2026-12-15T19:00")
    );
    // Exactly a week before a Tuesday 19:00 is early enough; a minute later is not.
    assert_eq!(
        default_cutover(at("2026-12-08T19:00"), &[]),
        at("2026-12-15T19:00")
    );
    assert_eq!(
        default_cutover(at("2026-12-08T19:01"), &[]),
        at("2026-12-16T19:00")
    );
    // Just before New Year: nothing in the year-end season (12-28..01-04).
    assert_eq!(
        default_cutover(at("2026-12-22T10:00"), &[]),
        at("2027-01-05T19:00")
    );
    assert_eq!(
        default_cutover(at("2026-12-31T23:59"), &[]),
        at("2027-01-12T19:00")
    );
    // Before Golden Week: 04-28 is a month end on the eve of Shōwa Day, then the
    // holidays and the season until 05-06.
    assert_eq!(
        default_cutover(at("2027-04-21T09:00"), &[]),
        at("2027-05-11T19:00")
    );
    // Before Obon: 08-10 is the eve of Mountain Day, 08-11 is it, 08-12 the eve of Obon.
    assert_eq!(
        default_cutover(at("2027-08-03T12:00"), &[]),
        at("2027-08-17T19:00")
    );
    // A busy period moves it on.
    let busy = [BusyPeriod {
        start: day("2026-12-14"),
        end: day("2026-12-18"),
        label: "決算".into(),
    }];
    assert_eq!(
        default_cutover(at("2026-12-06T23:00"), &busy),
        at("2026-12-22T19:00")
    );
}

#[test]
fn every_default_cutover_is_low_risk_and_far_enough() {
    let mut now = at("2026-01-01T08:00");
    while now < at("2029-01-01T00:00") {
        let cutover = default_cutover(now, &[]);
        let risk = assess(cutover, &[]);
        assert_eq!(risk.score, 0, "{now} -> {cutover}: {:?}", codes(&risk));
        assert!(cutover.minutes_since_epoch() - now.minutes_since_epoch() >= 7 * 24 * 60);
        assert!(cutover.minutes_since_epoch() - now.minutes_since_epoch() < 60 * 24 * 60);
        assert!(is_business_day(cutover.date.add_days(1)), "{cutover}");
        now = now.add_minutes(24 * 60 + 7 * 60);
    }
}

#[test]
fn risk_levels_in_words() {
    use crate::Lang;
    assert_eq!(RiskLevel::Low.in_words().get(Lang::Ja), "リスク低");
    assert_eq!(RiskLevel::Low.in_words().get(Lang::En), "Low risk");
    assert_eq!(RiskLevel::High.in_words().get(Lang::Ja), "リスク高");
    assert_eq!(RiskLevel::Medium.in_words().get(Lang::En), "Medium risk");
}
