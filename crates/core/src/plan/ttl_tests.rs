//! The MX TTL says the same everywhere: the schedule's steps, the records by step, the
//! zone fragment and the calendar.

use super::*;
use crate::dns::{Record, RecordData};
use crate::records::{Action, Current, Step as RecordStep, generate, zone_fragment};

fn plan() -> Plan {
    let domain = crate::DomainName::parse("example.jp").unwrap();
    let mut plan = Plan::new(
        &domain,
        "google-workspace",
        "2027-02-16T19:00".parse().unwrap(),
    );
    plan.current_mx_ttl = Some(3600);
    plan.options.lowered_ttl = 300;
    plan.options.restored_ttl = 3600;
    plan
}

fn today() -> Vec<Record> {
    vec![Record {
        name: "example.jp".into(),
        ttl: 3600,
        data: RecordData::Mx {
            preference: 10,
            exchange: "sv1234.xserver.jp".into(),
        },
    }]
}

#[test]
fn the_lowered_and_restored_ttl_agree_across_steps_records_zone_and_calendar() {
    let plan = plan();
    let domain = crate::DomainName::parse("example.jp").unwrap();
    let records = today();
    let generated = generate(
        &domain,
        &plan.record_request(),
        Current::read(&records, None),
    );
    let mx = |step: RecordStep| -> Vec<(Action, u32, String)> {
        generated
            .changes
            .iter()
            .filter(|change| {
                change.record.step == step && change.record.rtype == crate::dns::RecordType::Mx
            })
            .map(|change| (change.action, change.record.ttl, change.record.data.clone()))
            .collect()
    };
    // Lowering is a record line of its own: today's MX, value kept, TTL 300.
    assert_eq!(
        mx(RecordStep::LowerTtl),
        [(Action::Change, 300, "10 sv1234.xserver.jp.".to_owned())]
    );
    // The cutover's new MX carries the lowered TTL; the old MX goes in the same edit.
    let cutover = mx(RecordStep::Cutover);
    assert!(
        cutover.contains(&(Action::Add, 300, "1 smtp.google.com.".to_owned())),
        "{cutover:?}"
    );
    assert!(
        cutover
            .iter()
            .any(|(action, _, data)| *action == Action::Delete && data.contains("xserver"))
    );
    // Restoring names the records and the TTL.
    assert_eq!(
        mx(RecordStep::RestoreTtl),
        [(Action::Change, 3600, "1 smtp.google.com.".to_owned())]
    );

    // The schedule's steps point at those lines and say the same numbers.
    let schedule = schedule(&plan, None);
    let step = |id: StepId| schedule.steps.iter().find(|step| step.id == id).unwrap();
    assert_eq!(step(StepId::LowerTtl).records, Some(RecordStep::LowerTtl));
    assert_eq!(
        step(StepId::RestoreTtl).records,
        Some(RecordStep::RestoreTtl)
    );
    assert!(step(StepId::LowerTtl).details[0].ja.contains("300 秒"));
    assert!(step(StepId::RestoreTtl).details[0].ja.contains("3600 秒"));

    // The zone fragment's active state is right after the cutover: the new MX at 300;
    // the old MX with its lowered TTL and the restored line are comments.
    let zone = zone_fragment(&generated);
    assert!(
        zone.contains("\n@\t300\tIN\tMX\t1 smtp.google.com.\n"),
        "{zone}"
    );
    assert!(
        zone.contains(
            "; 置き換え / replaces the record above: @\t3600\tIN\tMX\t1 smtp.google.com."
        ),
        "{zone}"
    );
    assert!(
        zone.contains(
            "; 切り替え時に削除 / removed at the cutover: @\t300\tIN\tMX\t10 sv1234.xserver.jp."
        ),
        "{zone}"
    );
    assert!(!zone.contains("\n@\t3600\tIN\tMX"), "{zone}");

    // The calendar's events say the same TTLs.
    let ics = to_ics(&plan, &schedule, "20261128T000000Z", crate::Lang::Ja).replace("\r\n ", "");
    assert!(ics.contains("300 秒"), "{ics}");
    assert!(ics.contains("3600 秒"), "{ics}");
}

#[test]
fn without_todays_records_the_lowering_is_said_in_words() {
    let plan = plan();
    let domain = crate::DomainName::parse("example.jp").unwrap();
    let generated = generate(&domain, &plan.record_request(), Current::unknown());
    let lower: Vec<_> = generated
        .changes
        .iter()
        .filter(|change| change.record.step == RecordStep::LowerTtl)
        .collect();
    assert_eq!(lower.len(), 1);
    assert!(
        lower[0]
            .note
            .as_ref()
            .unwrap()
            .ja
            .contains("すべての TTL を 300 秒")
    );
    let zone = zone_fragment(&generated);
    assert!(
        zone.contains("; 今ある MX レコードすべての TTL を 300 秒に変更します"),
        "{zone}"
    );
    assert!(!zone.contains("\tMX\t\n"), "no empty MX line: {zone}");
}
