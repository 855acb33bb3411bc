//! POSIX rules and the zone table: the parser on real footers and on nonsense, and
//! every zone's offsets and local-time readings against jiff's own bundled tz database.

use proptest::prelude::*;

use super::posix_tz::{PosixDst, PosixTz, RuleDay, TransitionRule};
use super::zone::{LocalResult, Zone};
use super::zone_table::ZONES;
use super::{Date, DateTime};

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn mwd(month: u8, week: u8, weekday: u8, time: i32) -> TransitionRule {
    TransitionRule {
        day: RuleDay::MonthWeekDay {
            month,
            week,
            weekday,
        },
        time,
    }
}

fn dst(name: &str, offset: i32, start: TransitionRule, end: TransitionRule) -> Option<PosixDst> {
    Some(PosixDst {
        name: name.into(),
        offset,
        start,
        end,
    })
}

const H: i32 = 3600;

#[test]
fn real_footers_parse() {
    let cases = [
        ("JST-9", "JST", 9 * H, None),
        ("UTC0", "UTC", 0, None),
        ("<+0530>-5:30", "+0530", 5 * H + 1800, None),
        ("<-03>3", "-03", -3 * H, None),
        (
            "EST5EDT,M3.2.0,M11.1.0",
            "EST",
            -5 * H,
            dst("EDT", -4 * H, mwd(3, 2, 0, 2 * H), mwd(11, 1, 0, 2 * H)),
        ),
        (
            "GMT0BST,M3.5.0/1,M10.5.0",
            "GMT",
            0,
            dst("BST", H, mwd(3, 5, 0, H), mwd(10, 5, 0, 2 * H)),
        ),
        (
            "AEST-10AEDT,M10.1.0,M4.1.0/3",
            "AEST",
            10 * H,
            dst("AEDT", 11 * H, mwd(10, 1, 0, 2 * H), mwd(4, 1, 0, 3 * H)),
        ),
        // Negative daylight saving time: Irish Standard Time in summer.
        (
            "IST-1GMT0,M10.5.0,M3.5.0/1",
            "IST",
            H,
            dst("GMT", 0, mwd(10, 5, 0, 2 * H), mwd(3, 5, 0, H)),
        ),
        // Greenland: a negative time, the day before.
        (
            "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
            "-02",
            -2 * H,
            dst("-01", -H, mwd(3, 5, 0, -H), mwd(10, 5, 0, 0)),
        ),
        // Palestine: 50 hours after a Thursday.
        (
            "EET-2EEST,M3.4.4/50,M10.4.4/50",
            "EET",
            2 * H,
            dst("EEST", 3 * H, mwd(3, 4, 4, 50 * H), mwd(10, 4, 4, 50 * H)),
        ),
        // Lord Howe: a half-hour change, explicit offsets.
        (
            "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
            "+1030",
            10 * H + 1800,
            dst("+11", 11 * H, mwd(10, 1, 0, 2 * H), mwd(4, 1, 0, 2 * H)),
        ),
        (
            "EST5EDT,J60/2:30:15,300/-167",
            "EST",
            -5 * H,
            dst(
                "EDT",
                -4 * H,
                TransitionRule {
                    day: RuleDay::Julian1(60),
                    time: 2 * H + 1815,
                },
                TransitionRule {
                    day: RuleDay::Julian0(300),
                    time: -167 * H,
                },
            ),
        ),
    ];
    for (text, std_name, std_offset, dst) in cases {
        let expected = PosixTz {
            std_name: std_name.into(),
            std_offset,
            dst,
        };
        assert_eq!(PosixTz::parse(text), Ok(expected), "{text}");
    }
}

#[test]
fn bad_rules_say_where_and_what() {
    let cases = [
        ("", 0, "a zone abbreviation of at least 3 characters"),
        ("JS-9", 0, "a zone abbreviation of at least 3 characters"),
        ("<+9>-9", 0, "a zone abbreviation of at least 3 characters"),
        ("<+09-9", 6, "'>' closing the abbreviation"),
        ("JST", 3, "the standard offset"),
        ("JST-25", 4, "hours 0-24"),
        ("JST-9:60", 6, "minutes or seconds 0-59"),
        ("JST-9x", 5, "a zone abbreviation of at least 3 characters"),
        ("EST5EDT", 7, "',' and the daylight saving rules"),
        ("EST5EDT,M3.2.0", 14, "',' and the end rule"),
        ("EST5EDT,M13.2.0,M11.1.0", 9, "a month 1-12 after 'M'"),
        ("EST5EDT,M3.6.0,M11.1.0", 11, "a week 1-5"),
        ("EST5EDT,M3.2.7,M11.1.0", 13, "a weekday 0-6 (0 = Sunday)"),
        ("EST5EDT,J0,J365", 9, "a day 1-365 after 'J'"),
        ("EST5EDT,366,1", 8, "a day 0-365"),
        ("EST5EDT,M3.2.0/168,M11.1.0", 15, "hours -167 to 167"),
        ("EST5EDT,M3.2.0,M11.1.0,", 22, "the end of the rule"),
        ("EST5EDT,x,1", 8, "a rule date: Jn, n or Mm.w.d"),
    ];
    for (text, at, expected) in cases {
        let error = PosixTz::parse(text).unwrap_err();
        assert_eq!((error.at, error.expected), (at, expected), "{text}");
    }
    assert_eq!(
        PosixTz::parse("JST-25").unwrap_err().to_string(),
        "not a POSIX TZ rule: expected hours 0-24 at byte 4"
    );
}

#[test]
fn the_table_is_sound() {
    let names: Vec<&str> = Zone::names().collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a zone listed twice");
    assert!(names.len() > 300, "{}", names.len());
    for (rule, zones) in ZONES {
        let parsed = PosixTz::parse(rule).unwrap_or_else(|error| panic!("{rule}: {error}"));
        let offsets = [Some(parsed.std_offset), parsed.dst.map(|dst| dst.offset)];
        assert!(
            offsets.iter().flatten().all(|offset| offset % 60 == 0),
            "{rule} is not in whole minutes"
        );
        assert!(!zones.is_empty() && !zones.contains("  "), "{rule}");
    }
    for name in ["Asia/Tokyo", "UTC", "America/New_York", "Europe/London"] {
        assert_eq!(Zone::find(name).unwrap().name(), name);
    }
    assert_eq!(
        Zone::find("america/new_york").unwrap().name(),
        "America/New_York"
    );
    assert_eq!(Zone::find("Mars/Olympus_Mons"), None);
    assert_eq!(Zone::find(""), None);
    assert_eq!(Zone::find("Asia/Tokyo ").map(|zone| zone.name()), None);
}

/// RFC 8536 §3.3.1's "daylight saving time all year" rule, and the two Julian forms
/// around 29 February.
#[test]
fn rule_days_and_all_year_dst() {
    let all_year = PosixTz::parse("EST5EDT,0/0,J365/25").unwrap();
    for unix in [1_798_761_600, 1_798_779_600, 1_814_400_000, 1_830_297_599] {
        assert_eq!(all_year.offset_at(unix), -4 * H, "{unix}");
    }
    let day = |rule: RuleDay, year| Date::from_days_since_epoch(rule.days_since_epoch(year));
    assert_eq!(day(RuleDay::Julian1(60), 2028), Date::new(2028, 3, 1));
    assert_eq!(day(RuleDay::Julian1(59), 2028), Date::new(2028, 2, 28));
    assert_eq!(day(RuleDay::Julian0(59), 2028), Date::new(2028, 2, 29));
    assert_eq!(day(RuleDay::Julian0(59), 2027), Date::new(2027, 3, 1));
    let last_sunday = RuleDay::MonthWeekDay {
        month: 3,
        week: 5,
        weekday: 0,
    };
    assert_eq!(day(last_sunday, 2027), Date::new(2027, 3, 28));
}

#[test]
fn new_york_springs_forward_and_falls_back() {
    let zone = Zone::find("America/New_York").unwrap();
    // 2027-03-14 02:00 EST (07:00Z) becomes 03:00 EDT; 2027-11-07 02:00 EDT (06:00Z)
    // becomes 01:00 EST.
    let spring = 1_805_007_600;
    let fall = 1_825_567_200;
    assert_eq!(zone.offset_at_utc(spring - 1), -300);
    assert_eq!(zone.offset_at_utc(spring), -240);
    assert_eq!(zone.offset_at_utc(fall - 1), -240);
    assert_eq!(zone.offset_at_utc(fall), -300);
    assert_eq!(zone.to_local(spring - 60), Some(at("2027-03-14T01:59")));
    assert_eq!(zone.to_local(spring), Some(at("2027-03-14T03:00")));
    assert_eq!(
        zone.local_to_unix(at("2027-03-14T01:59")),
        LocalResult::Unique(spring - 60)
    );
    assert_eq!(
        zone.local_to_unix(at("2027-03-14T02:30")),
        LocalResult::Gap {
            unix: spring + 30 * 60,
            skipped_minutes: 60
        }
    );
    assert_eq!(
        zone.local_to_unix(at("2027-03-14T03:00")),
        LocalResult::Unique(spring)
    );
    assert_eq!(
        zone.local_to_unix(at("2027-11-07T01:30")),
        LocalResult::Fold {
            earlier: fall - 30 * 60,
            later: fall + 30 * 60
        }
    );
    assert_eq!(
        zone.local_to_unix(at("2027-11-07T01:30")).unix(),
        fall - 1800
    );
    assert_eq!(
        zone.local_to_unix(at("2027-11-07T02:00")),
        LocalResult::Unique(fall + 3600)
    );
}

#[test]
fn london_and_sydney_change_on_their_own_days() {
    let london = Zone::find("Europe/London").unwrap();
    // 2027-03-28 01:00 GMT → 02:00 BST; 2027-10-31 02:00 BST → 01:00 GMT (01:00Z).
    assert_eq!(
        london.local_to_unix(at("2027-03-28T01:15")),
        LocalResult::Gap {
            unix: 1_806_196_500,
            skipped_minutes: 60
        }
    );
    assert_eq!(
        london.local_to_unix(at("2027-03-28T01:15")).unix(),
        london.local_to_unix(at("2027-03-28T02:15")).unix(),
    );
    assert_eq!(
        london.local_to_unix(at("2027-10-31T01:15")),
        LocalResult::Fold {
            earlier: 1_824_945_300 - 3600,
            later: 1_824_945_300
        }
    );
    assert_eq!(london.offset_at_utc(1_780_000_000), 60);
    assert_eq!(london.offset_at_utc(1_800_000_000), 0);
    // Southern hemisphere: summer time across the new year.
    let sydney = Zone::find("Australia/Sydney").unwrap();
    assert_eq!(sydney.offset_at_utc(1_798_761_600), 11 * 60); // 2027-01-01T00:00Z
    assert_eq!(sydney.offset_at_utc(1_814_400_000), 10 * 60); // 2027-07-01
    let tokyo = Zone::find("Asia/Tokyo").unwrap();
    assert_eq!(
        tokyo.local_to_unix(at("2027-02-16T19:00")),
        LocalResult::Unique(1_802_772_000)
    );
}

/// Every quarter hour of two years, read back, is the same local moment (or, in a gap,
/// the moment the jump leads to).
#[test]
fn local_times_round_trip() {
    for name in ["America/New_York", "Europe/London", "Australia/Lord_Howe"] {
        let zone = Zone::find(name).unwrap();
        let mut local = at("2026-01-01T00:00");
        while local < at("2028-01-01T00:00") {
            let back = zone.to_local(zone.local_to_unix(local).unix()).unwrap();
            match zone.local_to_unix(local) {
                LocalResult::Gap {
                    skipped_minutes, ..
                } => assert_eq!(
                    back,
                    local.add_minutes(i64::from(skipped_minutes)),
                    "{name} {local}"
                ),
                _ => assert_eq!(back, local, "{name} {local}"),
            }
            local = local.add_minutes(15);
        }
    }
}

fn jiff_zone(name: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZoneDatabase::bundled()
        .get(name)
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// From when the table is right, to 2046-01-01T00:00:00Z.
const FROM: i64 = super::RULES_FROM;
const UNTIL: i64 = 2_398_377_600;

/// The oracle: for every zone in the table, jiff (with its own bundled tzdb, full
/// history and all) gives the same offset every 6 hours from [`FROM`] (late 2026) to
/// 2045 and a second either side of every change, both jiff's changes and ours.
#[test]
fn every_zone_agrees_with_jiff_from_2026_to_2045() {
    let mut changes = 0;
    for name in Zone::names() {
        let zone = Zone::find(name).unwrap();
        let oracle = jiff_zone(name);
        let jiff_minutes = |unix: i64| {
            let at = jiff::Timestamp::from_second(unix).unwrap();
            oracle.to_offset(at).seconds() / 60
        };
        let mut instants: Vec<i64> = (FROM..UNTIL).step_by(6 * 3600).collect();
        for transition in oracle.following(jiff::Timestamp::from_second(FROM).unwrap()) {
            let unix = transition.timestamp().as_second();
            if unix >= UNTIL {
                break;
            }
            instants.extend([unix - 1, unix, unix + 1]);
            changes += 1;
        }
        for year in 2026..2046 {
            if let Some((start, end)) = zone.rule().transitions_in(year) {
                let around = [start - 1, start, start + 1, end - 1, end, end + 1];
                instants.extend(around.into_iter().filter(|unix| *unix >= FROM));
            }
        }
        for unix in instants {
            assert_eq!(
                zone.offset_at_utc(unix),
                jiff_minutes(unix),
                "{name} at {unix}"
            );
        }
    }
    assert!(changes > 3000, "{changes} changes compared");
}

/// Local moments around every change, read the way jiff's `compatible` reads them
/// (the earlier of a fold, past a gap), and classified the same.
#[test]
fn every_zone_reads_local_times_as_jiff_does() {
    use jiff::tz::AmbiguousOffset;

    for name in Zone::names() {
        let zone = Zone::find(name).unwrap();
        let oracle = jiff_zone(name);
        for year in 2026..2046 {
            let Some((start, end)) = zone.rule().transitions_in(year) else {
                continue;
            };
            for change in [start, end]
                .into_iter()
                .filter(|change| *change > FROM + 86_400)
            {
                let mut local = zone.to_local(change).unwrap().add_minutes(-150);
                for _ in 0..20 {
                    let civil = jiff::civil::date(
                        local.date.year as i16,
                        local.date.month as i8,
                        local.date.day as i8,
                    )
                    .at(local.hour as i8, local.minute as i8, 0, 0);
                    let ambiguous = oracle.to_ambiguous_timestamp(civil);
                    let kind = match ambiguous.offset() {
                        AmbiguousOffset::Unambiguous { .. } => "unique",
                        AmbiguousOffset::Gap { .. } => "gap",
                        AmbiguousOffset::Fold { .. } => "fold",
                    };
                    let ours = zone.local_to_unix(local);
                    let our_kind = match ours {
                        LocalResult::Unique(_) => "unique",
                        LocalResult::Gap { .. } => "gap",
                        LocalResult::Fold { .. } => "fold",
                    };
                    let expected = ambiguous.compatible().unwrap().as_second();
                    assert_eq!((our_kind, ours.unix()), (kind, expected), "{name} {local}");
                    local = local.add_minutes(15);
                }
            }
        }
    }
}

proptest! {
    #[test]
    fn any_string_parses_or_errs_without_panicking(text in "\\PC{0,40}") {
        let _ = PosixTz::parse(&text);
        let _ = Zone::find(&text);
    }

    /// Strings from the rule alphabet reach deep into the parser; whatever parses
    /// evaluates at any instant and any local time without a panic.
    #[test]
    fn rule_like_strings_never_panic(
        text in "[A-Z<>+0-9,./:J-]{0,40}",
        unix in any::<i64>(),
    ) {
        if let Ok(rule) = PosixTz::parse(&text) {
            let _ = rule.offset_at(unix);
            let _ = rule.transitions_in((unix % 20_000) as i32);
        }
    }

    #[test]
    fn table_zones_evaluate_anywhere(
        index in 0usize..400,
        unix in any::<i64>(),
        days in 0i64..3_652_424,
        minute in 0i64..1440,
    ) {
        let names: Vec<&str> = Zone::names().collect();
        let zone = Zone::find(names[index % names.len()]).unwrap();
        let _ = zone.offset_at_utc(unix);
        let _ = zone.to_local(unix);
        let date = Date::MIN.add_days(days);
        let local = DateTime::new(date, (minute / 60) as u8, (minute % 60) as u8).unwrap();
        let _ = zone.local_to_unix(local);
    }
}
