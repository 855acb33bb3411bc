//! Plans outside Japan: the schedule and the calendar across daylight-saving changes,
//! and every zone's VTIMEZONE read back against jiff's bundled tz database.

use super::*;
use crate::calendar::{Date, DateTime, Weekday};

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn new_york(cutover: &str) -> Plan {
    let domain = crate::DomainName::parse("example.com").unwrap();
    let mut plan = Plan::new(&domain, "google-workspace", at(cutover));
    plan.time_zone = "America/New_York".into();
    plan.current_mx_ttl = Some(7200);
    plan.options.lowered_ttl = 3600;
    plan.validate().unwrap();
    plan
}

fn step(schedule: &Schedule, id: StepId) -> &PlanStep {
    schedule.steps.iter().find(|step| step.id == id).unwrap()
}

fn jiff_unix(zone: &str, local: DateTime) -> i64 {
    let civil = jiff::civil::date(
        local.date.year as i16,
        local.date.month as i8,
        local.date.day as i8,
    )
    .at(local.hour as i8, local.minute as i8, 0, 0);
    jiff::tz::TimeZoneDatabase::bundled()
        .get(zone)
        .unwrap()
        .to_ambiguous_timestamp(civil)
        .compatible()
        .unwrap()
        .as_second()
}

#[test]
fn zone_names_start_with_tokyo_and_utc() {
    let names = time_zone_names();
    assert_eq!(names[..2], ["Asia/Tokyo", "UTC"]);
    assert!(names[2..].is_sorted());
    assert!(names.contains(&"America/New_York"));
    assert_eq!(names.len(), crate::calendar::Zone::names().count());
}

#[test]
fn ttls_run_in_real_time_across_spring_forward() {
    // 2027-03-14 02:00 EST: clocks jump to 03:00. An hour after 01:30 is 03:30.
    let plan = new_york("2027-03-14T01:30");
    let schedule = schedule(&plan, None);
    assert_eq!(schedule.old_mx_possible_until, at("2027-03-14T03:30"));
    assert_eq!(schedule.safe_from, at("2027-03-15T03:30"));
    assert_eq!(
        step(&schedule, StepId::MoveOldMail).at,
        at("2027-03-14T03:30")
    );
    assert_eq!(
        step(&schedule, StepId::TestMail).until,
        Some(at("2027-03-14T03:30"))
    );
    assert!(
        !schedule
            .issues
            .iter()
            .any(|i| i.code == "cutover-clock-change")
    );
    assert_eq!(plan.unix_seconds(plan.cutover), Some(1_805_005_800));
    assert_eq!(plan.local_time(1_805_005_800), Some(plan.cutover));
}

#[test]
fn a_cutover_clocks_skip_or_repeat_is_flagged() {
    let skipped = schedule(&new_york("2027-03-14T02:30"), None);
    let issue = skipped
        .issues
        .iter()
        .find(|issue| issue.code == "cutover-clock-change")
        .expect("flagged");
    assert!(
        issue.message.en.contains("taken as 2027-03-14T03:30"),
        "{}",
        issue.message.en
    );
    let twice = schedule(&new_york("2027-11-07T01:30"), None);
    assert!(
        twice
            .issues
            .iter()
            .any(|i| i.code == "cutover-clock-change")
    );
    assert_eq!(
        new_york("2027-11-07T01:30").unix_seconds(at("2027-11-07T01:30")),
        Some(1_825_565_400),
        "the first 01:30, still EDT"
    );
}

/// The calendar of a New York plan that spans the March change reads back, in an
/// independent parser and zone database, as the moments the plan means.
#[test]
fn a_new_york_calendar_means_the_planned_instants() {
    use icalendar::parser::{Component, read_calendar, unfold};

    let plan = new_york("2027-03-14T01:30");
    let schedule = schedule(&plan, None);
    let ics = to_ics(&plan, &schedule, "20261128T090000Z", crate::Lang::En);
    assert!(ics.split("\r\n").all(|line| line.len() <= 75));
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).expect("parses");
    let value = |component: &Component<'_>, name: &str| {
        component
            .properties
            .iter()
            .find(|property| property.name.as_str() == name)
            .map(|property| property.val.as_str().to_owned())
            .unwrap_or_default()
    };
    let vtimezone = &calendar.components[0];
    assert_eq!(vtimezone.name.as_str(), "VTIMEZONE");
    assert_eq!(value(vtimezone, "TZID"), "America/New_York");
    let blocks: Vec<[String; 5]> = vtimezone
        .components
        .iter()
        .map(|block| {
            [
                block.name.as_str().to_owned(),
                value(block, "DTSTART"),
                value(block, "RRULE"),
                value(block, "TZOFFSETFROM"),
                value(block, "TZOFFSETTO"),
            ]
        })
        .collect();
    assert_eq!(
        blocks,
        [
            [
                "STANDARD",
                "19701101T020000",
                "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
                "-0400",
                "-0500"
            ],
            [
                "DAYLIGHT",
                "19700308T020000",
                "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                "-0500",
                "-0400"
            ],
        ]
        .map(|block| block.map(str::to_owned))
    );
    let mut seen = 0;
    for event in calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
    {
        let start = event
            .properties
            .iter()
            .find(|property| property.name.as_str() == "DTSTART")
            .unwrap();
        let tzid = start.params[0].val.as_ref().unwrap().as_str();
        assert_eq!(tzid, "America/New_York");
        let text = start.val.as_str();
        let local = DateTime::new(
            Date::new(
                text[..4].parse().unwrap(),
                text[4..6].parse().unwrap(),
                text[6..8].parse().unwrap(),
            )
            .unwrap(),
            text[9..11].parse().unwrap(),
            text[11..13].parse().unwrap(),
        )
        .unwrap();
        let planned = schedule
            .steps
            .iter()
            .find(|step| value(event, "UID").starts_with(&format!("{}@", id(step.id))))
            .unwrap();
        assert_eq!(local, planned.at);
        assert_eq!(
            Some(jiff_unix(tzid, local)),
            plan.unix_seconds(planned.at),
            "{text}"
        );
        seen += 1;
    }
    assert_eq!(seen, schedule.steps.len());
    // The steps after the jump: 01:30 EST (06:30Z) plus an hour is 07:30Z.
    assert!(ics.contains("DTSTART;TZID=America/New_York:20270314T013000\r\n"));
    assert!(ics.contains("DTSTART;TZID=America/New_York:20270314T033000\r\n"));
    assert_eq!(
        jiff_unix("America/New_York", at("2027-03-14T03:30")),
        1_805_009_400
    );
}

fn id(step: StepId) -> String {
    serde_json::to_value(step)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn tokyo_and_utc_calendars_keep_their_form() {
    let mut plan = new_york("2027-02-16T19:00");
    plan.time_zone = "Asia/Tokyo".into();
    let ics = to_ics(
        &plan,
        &schedule(&plan, None),
        "20261128T090000Z",
        crate::Lang::En,
    );
    let tokyo = "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    assert!(ics.contains(tokyo), "{ics}");
    assert!(ics.contains("DTSTART;TZID=Asia/Tokyo:20270216T190000\r\n"));
    plan.time_zone = "utc".into();
    let ics = to_ics(
        &plan,
        &schedule(&plan, None),
        "20261128T090000Z",
        crate::Lang::En,
    );
    assert!(!ics.contains("VTIMEZONE"));
    assert!(ics.contains("DTSTART:20270216T190000Z\r\n"));
}

/// One VTIMEZONE block: the local onsets it lists for `years`, with its offsets.
struct Block {
    onsets: Vec<DateTime>,
    from: i32,
    to: i32,
}

fn offset(text: &str) -> i32 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits = &text[1..];
    let part =
        |range: std::ops::Range<usize>| digits.get(range).map_or(0, |d| d.parse::<i32>().unwrap());
    sign * (part(0..2) * 3600 + part(2..4) * 60 + part(4..6))
}

fn local(text: &str) -> DateTime {
    let date = Date::new(
        text[..4].parse().unwrap(),
        text[4..6].parse().unwrap(),
        text[6..8].parse().unwrap(),
    )
    .unwrap();
    DateTime::new(
        date,
        text[9..11].parse().unwrap(),
        text[11..13].parse().unwrap(),
    )
    .unwrap()
}

/// The yearly RRULEs `vtimezone` writes, evaluated independently of the POSIX code:
/// BYMONTH with BYDAY=nDD, or BYDAY=DD with BYMONTHDAY.
fn rrule_onset(rrule: &str, dtstart: DateTime, year: i32) -> DateTime {
    const DAYS: [(&str, Weekday); 7] = [
        ("MO", Weekday::Monday),
        ("TU", Weekday::Tuesday),
        ("WE", Weekday::Wednesday),
        ("TH", Weekday::Thursday),
        ("FR", Weekday::Friday),
        ("SA", Weekday::Saturday),
        ("SU", Weekday::Sunday),
    ];
    let parts: BTreeMap<&str, &str> = rrule
        .split(';')
        .map(|part| part.split_once('=').unwrap())
        .collect();
    assert_eq!(parts["FREQ"], "YEARLY");
    let month: u8 = parts["BYMONTH"].parse().unwrap();
    let by_day = parts["BYDAY"];
    let (nth, day) = by_day.split_at(by_day.len() - 2);
    let weekday = DAYS.iter().find(|(name, _)| *name == day).unwrap().1;
    let length = i32::from(crate::calendar::days_in_month(year, month).unwrap());
    let matching: Vec<Date> = (1..=length)
        .map(|d| Date::new(year, month, d as u8).unwrap())
        .filter(|date| date.weekday() == weekday)
        .filter(|date| {
            parts.get("BYMONTHDAY").is_none_or(|days| {
                days.split(',').any(|d| {
                    let d: i32 = d.parse().unwrap();
                    let day = i32::from(date.day);
                    d == day || d == day - length - 1
                })
            })
        })
        .collect();
    let date = match nth {
        "" => {
            assert_eq!(matching.len(), 1, "{rrule} in {year}");
            matching[0]
        }
        "-1" => *matching.last().unwrap(),
        n => matching[n.parse::<usize>().unwrap() - 1],
    };
    DateTime { date, ..dtstart }
}

fn blocks(lines: &[String], years: std::ops::RangeInclusive<i32>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut dtstart = None;
    let (mut rrule, mut rdates, mut from, mut to) = (None, Vec::new(), 0, 0);
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        match name {
            "DTSTART" => dtstart = Some(local(value)),
            "RRULE" => rrule = Some(value.to_owned()),
            "RDATE" => rdates = value.split(',').map(local).collect(),
            "TZOFFSETFROM" => from = offset(value),
            "TZOFFSETTO" => to = offset(value),
            "END" if value != "VTIMEZONE" => {
                let start = dtstart.take().unwrap();
                let onsets = match rrule.take() {
                    Some(rule) => years
                        .clone()
                        .map(|y| rrule_onset(&rule, start, y))
                        .collect(),
                    None => std::iter::once(start).chain(rdates.drain(..)).collect(),
                };
                blocks.push(Block { onsets, from, to });
            }
            _ => {}
        }
    }
    blocks
}

/// For every zone with daylight saving time, the changes its VTIMEZONE describes from
/// [`crate::calendar::RULES_FROM`] (late 2026) to 2045 are exactly jiff's.
#[test]
fn every_vtimezone_lists_the_changes_jiff_knows() {
    const FROM: i64 = crate::calendar::RULES_FROM;
    const UNTIL: i64 = 2_398_377_600; // 2046-01-01T00:00:00Z
    let mut zones = 0;
    for name in crate::calendar::Zone::names() {
        let zone = crate::calendar::Zone::find(name).unwrap();
        if zone.rule().dst.is_none() {
            continue;
        }
        zones += 1;
        let lines = super::vtimezone::vtimezone(&zone, (2026, 2045));
        let mut ours: Vec<(i64, i32)> = blocks(&lines, 2026..=2045)
            .into_iter()
            .flat_map(|block| {
                block.onsets.into_iter().map(move |onset| {
                    (
                        onset.minutes_since_epoch() * 60 - i64::from(block.from),
                        block.to,
                    )
                })
            })
            .filter(|(unix, _)| (FROM..UNTIL).contains(unix))
            .collect();
        ours.sort_unstable();
        let oracle = jiff::tz::TimeZoneDatabase::bundled().get(name).unwrap();
        let theirs: Vec<(i64, i32)> = oracle
            .following(jiff::Timestamp::from_second(FROM).unwrap())
            .map(|t| (t.timestamp().as_second(), t.offset().seconds()))
            .take_while(|(unix, _)| *unix < UNTIL)
            .collect();
        assert_eq!(ours, theirs, "{name}:\n{}", lines.join("\n"));
    }
    assert!(zones > 100, "{zones}");
}

/// A change at 23:00 the day before the last Sunday, or at 24:00 after the last
/// Thursday, is not "the nth weekday of the month".
#[test]
fn changes_off_midnight_keep_their_day() {
    let lines = |name: &str| {
        let zone = crate::calendar::Zone::find(name).unwrap();
        super::vtimezone::vtimezone(&zone, (2026, 2028)).join("\n")
    };
    // Greenland: M3.5.0/-1.
    assert!(lines("America/Nuuk").contains(
        "DTSTART:19700328T230000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SA;BYMONTHDAY=-8,-7,-6,-5,-4,-3,-2\n"
    ));
    // Egypt: M10.5.4/24 can be 1 November, which no RRULE of October says.
    assert!(
        lines("Africa/Cairo")
            .contains("DTSTART:20261030T000000\nRDATE:20271029T000000,20281027T000000\n")
    );
}
