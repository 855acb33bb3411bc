//! Writes `zone_table.rs` from the machine's tz database. Run it when tzdata changes:
//!
//! ```text
//! cargo test -p mailmove-core regenerate_zone_table -- --ignored
//! ```
//!
//! The zones are those of `zone.tab` (one or more per country; it includes the
//! capitals that are links in the main data, such as Europe/Amsterdam) plus UTC. Each
//! gets its TZif file's footer (RFC 8536 §3.3: the text between the last two
//! newlines). A zone whose file lists changes after [`SINCE`] that the footer does not
//! describe (Morocco's and Palestine's Ramadan changes, say) is left out and named in
//! the table's header, because a footer alone would get those dates wrong.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::posix_tz::PosixTz;

/// Transitions from here on must agree with the footer: the start of the month the
/// table was generated in (2026-11-01T00:00:00Z), since plans are made for dates
/// after that. Move it forward when regenerating; the table carries it as `VALID_FROM`
/// and the tests check from there.
const SINCE: i64 = 1_793_491_200;
const ZONEINFO: &str = "/usr/share/zoneinfo";

fn be32(bytes: &[u8], at: usize) -> Option<usize> {
    let word: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    usize::try_from(u32::from_be_bytes(word)).ok()
}

/// The footer and the 64-bit transitions (instant, UTC offset after it) of a TZif v2+
/// file, with the offset before the first transition first.
fn read_tzif(bytes: &[u8]) -> Option<(String, Vec<(i64, i32)>)> {
    // Header (44 bytes): magic, version, 15 unused, then six counts.
    let counts = |at: usize| -> Option<[usize; 6]> {
        (bytes.get(at..at + 4)? == b"TZif").then_some(())?;
        let mut counts = [0; 6];
        for (i, count) in counts.iter_mut().enumerate() {
            *count = be32(bytes, at + 20 + 4 * i)?;
        }
        Some(counts)
    };
    let [isut, isstd, leap, time, types, chars] = counts(0)?;
    let v2 = 44 + time * 5 + types * 6 + chars + leap * 8 + isstd + isut;
    let [_, _, _, time, types, _] = counts(v2)?;
    let data = v2 + 44;
    let type_at = |index: usize| -> Option<i32> {
        let at = data + time * 9 + index * 6;
        Some(i32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    let mut transitions = vec![(i64::MIN, type_at(0)?)];
    for i in 0..time {
        let at = data + i * 8;
        let instant = i64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?);
        let index = usize::from(*bytes.get(data + time * 8 + i)?);
        (index < types).then_some(())?;
        transitions.push((instant, type_at(index)?));
    }
    // The footer sits between the file's last two newlines.
    let end = bytes.len().checked_sub(1)?;
    (bytes[end] == b'\n').then_some(())?;
    let start = bytes[..end].iter().rposition(|&b| b == b'\n')? + 1;
    let footer = String::from_utf8(bytes[start..end].to_vec()).ok()?;
    Some((footer, transitions))
}

/// Why `footer` cannot stand for the file from [`SINCE`] on, if it cannot: the changes
/// the file lists from then on must be exactly the ones the footer makes (a skipped
/// autumn, as Cuba's in 2026, is as wrong as an extra change).
fn disagreement(footer: &str, transitions: &[(i64, i32)]) -> Option<String> {
    let rule = match PosixTz::parse(footer) {
        Ok(rule) => rule,
        Err(error) => return Some(error.to_string()),
    };
    let last = transitions.last().map_or(i64::MIN, |(at, _)| *at);
    if last < SINCE {
        // The footer governs everything after the last listed change.
        return None;
    }
    let listed: Vec<(i64, i32)> = transitions
        .windows(2)
        .filter(|pair| pair[1].0 >= SINCE && pair[0].1 != pair[1].1)
        .map(|pair| pair[1])
        .collect();
    let year = |unix: i64| 1970 + i32::try_from(unix / 31_556_952).unwrap_or(0);
    let mut made: Vec<(i64, i32)> = (year(SINCE) - 1..=year(last) + 1)
        .filter_map(|y| rule.transitions_in(y))
        .flat_map(|(start, end)| [start, end])
        .filter(|at| (SINCE..=last).contains(at) && rule.offset_at(at - 1) != rule.offset_at(*at))
        .map(|at| (at, rule.offset_at(at)))
        .collect();
    made.sort_unstable();
    let in_force = transitions
        .iter()
        .rev()
        .find(|(at, _)| *at <= SINCE)
        .map(|(_, offset)| *offset);
    if in_force != Some(rule.offset_at(SINCE)) {
        return Some(format!("{footer} is not in force at {SINCE}"));
    }
    let first_difference = listed
        .iter()
        .zip(&made)
        .find(|(a, b)| a != b)
        .map(|(a, b)| a.0.min(b.0))
        .or_else(|| (listed.len() != made.len()).then_some(last));
    first_difference.map(|at| format!("its changes from {at} on are not those of {footer}"))
}

#[test]
#[ignore = "reads /usr/share/zoneinfo and rewrites src/calendar/zone_table.rs"]
fn regenerate_zone_table() {
    let read = |path: &str| std::fs::read(format!("{ZONEINFO}/{path}")).unwrap();
    let version = String::from_utf8(read("tzdata.zi"))
        .unwrap()
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("# version "))
        .unwrap()
        .to_owned();
    let zone_tab = String::from_utf8(read("zone.tab")).unwrap();
    let mut names: Vec<&str> = zone_tab
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split('\t').nth(2))
        .collect();
    names.push("UTC");
    names.sort_unstable();
    names.dedup();
    let mut by_rule: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut left_out = Vec::new();
    for name in names {
        let (footer, transitions) = read_tzif(&read(name)).unwrap();
        match disagreement(&footer, &transitions) {
            None => by_rule.entry(footer).or_default().push(name),
            Some(why) => left_out.push(format!("{name} ({why})")),
        }
    }
    let count: usize = by_rule.values().map(Vec::len).sum();
    let mut out = format!(
        "//! Generated by `regenerate_zone_table` (zone_table_gen.rs) from tzdata {version}: the\n\
         //! zones of zone.tab plus UTC, {count} in all, each with its TZif footer, the POSIX\n\
         //! rule for dates after its last listed change. Do not edit; regenerate.\n"
    );
    for zone in &left_out {
        writeln!(out, "//! Left out: {zone}.").unwrap();
    }
    writeln!(
        out,
        "\n/// From this Unix second on, every zone below agrees with tzdata {version}.\n\
         pub(super) const VALID_FROM: i64 = {SINCE};"
    )
    .unwrap();
    out.push_str(
        "\n/// (POSIX TZ rule, the zones that keep it, space-separated), sorted by rule.\n\
         #[rustfmt::skip]\n\
         pub(super) const ZONES: &[(&str, &str)] = &[\n",
    );
    for (rule, zones) in &by_rule {
        // Continuation lines (`\` at the end) keep lines short without changing the text.
        let mut line = format!("    ({rule:?}, \"");
        for (i, zone) in zones.iter().enumerate() {
            let piece = if i == 0 {
                zone.to_string()
            } else {
                format!(" {zone}")
            };
            if i > 0 && line.len() + piece.len() > 96 {
                writeln!(out, "{line} \\").unwrap();
                line = format!("        {}", piece.trim_start());
            } else {
                line.push_str(&piece);
            }
        }
        writeln!(out, "{line}\"),").unwrap();
    }
    out.push_str("];\n");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/calendar/zone_table.rs");
    std::fs::write(path, out).unwrap();
}
