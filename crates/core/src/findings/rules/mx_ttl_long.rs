// Rule: mx-ttl-long
//
// Resolvers keep the old MX for up to its TTL after a change, so a long TTL stretches
// the cutover: for that long some senders still deliver to the old provider. Lowering
// the TTL to 300 s in advance — at least one old TTL before the switch, so the long
// value has expired everywhere — makes the switch take minutes. The TTL seen may be a
// cache's remaining time, so the real one can only be longer.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::text::duration;

/// Above this, the wait is worth planning for.
const LONG_TTL: u32 = 3600;

pub(super) static RULE: Rule = Rule {
    code: "mx-ttl-long",
    severity: Severity::Info,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 1035 §3.2.1"),
    text: RuleText {
        title: Text {
            ja: "MXのTTLが{ttl}秒({wait_ja})と長めです",
            en: "The MX TTL is {ttl} s ({wait_en})",
        },
        why: Text {
            ja: "MXを変更しても、DNSサーバーはTTLの間は古いMXを使い続けます。切り替え後も最大{wait_ja}、一部のメールが旧サービスに届きます。",
            en: "After an MX change, resolvers keep using the old MX for up to the TTL: for as long as {wait_en} after the cutover, some mail still goes to the old provider.",
        },
        fix: Text {
            ja: "切り替えの少なくとも{wait_ja}前に、MXのTTLを300秒に下げてください。{example_ja}切り替えが終わったら、TTLを元に戻せます。",
            en: "Lower the MX TTL to 300 s at least {wait_en} before the cutover. {example_en} Once the cutover is done, you can raise it again.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    // A null MX takes no mail: there is nothing to cut over, whatever its TTL.
    if report.null_mx {
        return;
    }
    let Some(ttl) = report.mx_ttl.filter(|ttl| *ttl > LONG_TTL) else {
        return;
    };
    let (wait_ja, wait_en) = duration(ttl);
    let (example_ja, example_en) = example(ttl);
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("ttl", ttl)
            .param("wait_ja", wait_ja)
            .param("wait_en", wait_en)
            .param("example_ja", example_ja)
            .param("example_en", example_en),
    );
}

/// The date arithmetic on an example: a cutover on Friday at 18:00, minus the TTL.
fn example(ttl: u32) -> (String, String) {
    const WEEKDAYS: [(&str, &str); 7] = [
        ("月曜", "Monday"),
        ("火曜", "Tuesday"),
        ("水曜", "Wednesday"),
        ("木曜", "Thursday"),
        ("金曜", "Friday"),
        ("土曜", "Saturday"),
        ("日曜", "Sunday"),
    ];
    const WEEK: u32 = 7 * 24 * 60;
    let minutes = ttl.div_ceil(60);
    if minutes >= WEEK {
        // Beyond a week a weekday reads as a trick question; the duration says it all.
        let days = minutes.div_ceil(24 * 60);
        return (
            format!("例えば金曜18:00に切り替えるなら、その{days}日以上前に下げておきます。"),
            format!(
                "For example, for a cutover on a Friday at 18:00, lower it {days} days or more before."
            ),
        );
    }
    // Minutes since Monday 00:00 of the cutover's week.
    let cutover = 4 * 24 * 60 + 18 * 60;
    let deadline = (cutover + WEEK - minutes) % WEEK;
    let (ja_day, en_day) = WEEKDAYS[(deadline / (24 * 60)) as usize];
    let earlier = if deadline > cutover {
        ("前週の", "the previous ")
    } else {
        ("", "")
    };
    let time = format!("{:02}:{:02}", deadline / 60 % 24, deadline % 60);
    (
        format!(
            "例えば金曜18:00に切り替えるなら、{}{ja_day}{time}までに下げておきます。",
            earlier.0
        ),
        format!(
            "For example, for a cutover on Friday at 18:00, lower it by {}{en_day} {time}.",
            earlier.1
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::{RULE, example};
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::text::duration;

    #[test]
    fn a_day_long_ttl_means_lowering_it_the_day_before() {
        let mut report = empty("example.jp");
        report.mx_ttl = Some(86400);
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        let fix = findings[0].how_to_fix(crate::Lang::En);
        assert!(fix.contains("at least 24 hours (1 day) before"), "{fix}");
        assert!(fix.contains("by Thursday 18:00"), "{fix}");
        let fix = findings[0].how_to_fix(crate::Lang::Ja);
        assert!(fix.contains("24時間(1日)前"), "{fix}");
        assert!(fix.contains("木曜18:00までに"), "{fix}");
    }

    #[test]
    fn silent_up_to_an_hour_or_without_mx() {
        for ttl in [None, Some(300), Some(3600)] {
            let mut report = empty("example.jp");
            report.mx_ttl = ttl;
            assert!(check_report(&RULE, &report).is_empty(), "{ttl:?}");
        }
    }

    #[test]
    fn durations_and_deadlines_in_words() {
        assert_eq!(
            duration(5400),
            ("1時間30分".to_owned(), "1 hour 30 minutes".to_owned())
        );
        assert_eq!(
            duration(172_800),
            ("48時間(2日)".to_owned(), "48 hours (2 days)".to_owned())
        );
        assert_eq!(duration(3601).1, "1 hour 1 minute");
        assert!(example(14_400).1.ends_with("by Friday 14:00."));
        // Five days back from Friday evening crosses into the previous week.
        assert!(
            example(5 * 86_400)
                .1
                .ends_with("by the previous Sunday 18:00.")
        );
        assert!(example(30 * 86_400).1.contains("30 days or more"));
    }
}
