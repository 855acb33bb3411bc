//! The stages, from reports built by hand: one test per stage, and the words a user
//! must see before the switch.

use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::survey::report::empty;
use crate::survey::{DkimFact, DmarcFact, MxHost, Readiness, SpfNode, SpfVia};

/// A report of `example.jp` whose MX names `hosts` (preference in list order), each
/// resolving to its own loopback address.
pub(crate) fn report(hosts: &[&str]) -> Report {
    let mut report = empty("example.jp");
    for (idx, host) in hosts.iter().enumerate() {
        report.mx.push(MxHost {
            preference: 10 * (idx as u16 + 1),
            host: (*host).into(),
            addresses: vec![IpAddr::V4(Ipv4Addr::new(127, 0, 0, 25 + idx as u8))],
            addresses_known: true,
            cname: None,
        });
    }
    // As the survey builds a report: its providers detected from its facts.
    report.detect_providers();
    report
}

/// `report` with `target` chosen (no readiness items: the stage does not need them).
pub(crate) fn with_target(mut report: Report, target: &str) -> Report {
    report.readiness = Some(Readiness {
        target: target.into(),
        items: Vec::new(),
    });
    report
}

/// `report` whose SPF record includes `includes`.
pub(crate) fn with_spf_includes(mut report: Report, includes: &[&str]) -> Report {
    let record = format!(
        "v=spf1 {} ~all",
        includes
            .iter()
            .map(|include| format!("include:{include}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    report.spf_records = vec![record.clone()];
    report.spf_tree.record = Some(record);
    report.spf_tree.problem = None;
    report.spf_tree.children = includes
        .iter()
        .map(|include| SpfNode {
            record: Some("v=spf1 -all".into()),
            ..SpfNode::new(*include, SpfVia::Include)
        })
        .collect();
    report.detect_providers();
    report
}

fn with_dmarc(mut report: Report, policy: &str) -> Report {
    report.dmarc = Some(DmarcFact {
        found_at: "_dmarc.example.jp".into(),
        record: format!("v=DMARC1; p={policy}; rua=mailto:dmarc@example.jp"),
        inherited: false,
    });
    report
}

fn with_dkim(mut report: Report, selector: &str) -> Report {
    report.dkim.push(DkimFact {
        selector: selector.into(),
        record: "v=DKIM1; k=rsa; p=AAAA".into(),
        bits: Some(2048),
    });
    report
}

fn google_ready(report: Report) -> Report {
    let mut report = with_dkim(
        with_dmarc(with_spf_includes(report, &["_spf.google.com"]), "none"),
        "google",
    );
    report.txt.push("google-site-verification=token".into());
    report
}

#[test]
fn without_a_target_the_move_has_not_started_and_mx_must_wait() {
    let stage = stage_of(&report(&["mail.example.jp"]));
    assert_eq!(stage.id, StageId::NotStarted);
    assert!(stage.target.is_none());
    let next = stage.next_step.expect("a next step");
    assert_eq!(next.step, StepId::AddDomain);
    let hold = stage.hold_mx.expect("MX must wait");
    assert!(
        hold.get(Lang::Ja)
            .starts_with("MX はまだ変えないでください")
    );
    assert!(hold.get(Lang::En).starts_with("Do not change MX yet"));
    assert!(hold.get(Lang::En).contains("account"), "says why");
    let target = &stage.verdicts[2];
    assert_eq!(target.id, "target");
    assert_eq!(target.status, VerdictStatus::Unknown);
}

#[test]
fn a_published_token_is_the_verified_stage() {
    let mut report = with_target(report(&["mail.example.jp"]), "google-workspace");
    report.txt.push("google-site-verification=token".into());
    let stage = stage_of(&report);
    assert_eq!(stage.id, StageId::TargetVerified);
    let next = stage.next_step.expect("a next step");
    assert_eq!(next.step, StepId::PrepareRecords);
    assert!(
        next.message
            .get(Lang::En)
            .contains("include:_spf.google.com")
    );
    assert!(stage.hold_mx.is_some());
}

#[test]
fn a_target_with_spf_dkim_and_dmarc_is_ready_and_mx_still_waits() {
    let stage = stage_of(&google_ready(with_target(
        report(&["mail.example.jp"]),
        "google-workspace",
    )));
    assert_eq!(stage.id, StageId::RecordsReady);
    assert_eq!(
        stage.next_step.map(|next| next.step),
        Some(StepId::CreateAccounts)
    );
    assert!(stage.hold_mx.is_some());
}

#[test]
fn a_long_mx_ttl_makes_lowering_it_the_next_step() {
    let mut report = google_ready(with_target(
        report(&["mail.example.jp"]),
        "google-workspace",
    ));
    report.mx_ttl = Some(86_400);
    assert_eq!(
        stage_of(&report).next_step.map(|next| next.step),
        Some(StepId::LowerTtl)
    );
}

#[test]
fn the_target_and_an_old_exchanger_together_are_the_switch_in_progress() {
    let stage = stage_of(&with_target(
        report(&["smtp.google.com", "mx01.lolipop.jp"]),
        "google-workspace",
    ));
    assert_eq!(stage.id, StageId::Switching);
    let next = stage.next_step.expect("a next step");
    assert_eq!(next.step, StepId::Cutover);
    assert!(next.message.get(Lang::En).contains("mx01.lolipop.jp"));
    assert!(stage.hold_mx.is_none());
    assert_eq!(stage.verdicts[2].status, VerdictStatus::Problem);
}

#[test]
fn an_old_include_left_in_spf_is_a_remnant() {
    let report = with_spf_includes(
        with_target(report(&["smtp.google.com"]), "google-workspace"),
        &["_spf.google.com", "_spf.lolipop.jp"],
    );
    let stage = stage_of(&report);
    assert_eq!(stage.id, StageId::DoneWithRemnants);
    assert_eq!(stage.remnants.len(), 1);
    assert_eq!(stage.remnants[0].kind, "spf");
    assert_eq!(stage.remnants[0].value, "_spf.lolipop.jp");
    assert_eq!(stage.remnants[0].provider, "lolipop");
    assert_eq!(
        stage.next_step.map(|next| next.step),
        Some(StepId::CancelOldService)
    );
}

#[test]
fn without_a_choice_an_mx_at_a_target_is_done() {
    let report = with_dmarc(
        with_spf_includes(report(&["smtp.google.com"]), &["_spf.google.com"]),
        "reject",
    );
    let stage = stage_of(&report);
    assert_eq!(stage.id, StageId::Done);
    assert_eq!(
        stage.target.map(|target| target.id),
        Some("google-workspace")
    );
    assert!(!stage.target_chosen);
    assert!(stage.next_step.is_none(), "p=reject: nothing left");
    assert!(stage.verdicts.iter().all(|v| v.status == VerdictStatus::Ok));
}

#[test]
fn done_with_dmarc_none_leads_to_tightening_it() {
    let report = with_dmarc(
        with_spf_includes(report(&["smtp.google.com"]), &["_spf.google.com"]),
        "none",
    );
    assert_eq!(
        stage_of(&report).next_step.map(|next| next.step),
        Some(StepId::TightenDmarc)
    );
}

#[test]
fn a_domain_that_does_not_exist_cannot_be_placed() {
    let mut report = report(&[]);
    report.state = DomainState::NotFound;
    let stage = stage_of(&report);
    assert_eq!(stage.id, StageId::CannotTell);
    assert!(stage.next_step.is_none());
    assert!(stage.hold_mx.is_none());
    assert_eq!(stage.verdicts[0].status, VerdictStatus::Problem);
}

#[test]
fn a_null_mx_receives_no_mail() {
    let mut report = report(&[""]);
    report.null_mx = true;
    let stage = stage_of(&report);
    assert_eq!(stage.id, StageId::NoMail);
    assert_eq!(stage.verdicts[0].status, VerdictStatus::Problem);
}

#[test]
fn missing_spf_and_dmarc_is_an_authentication_problem() {
    let stage = stage_of(&report(&["mail.example.jp"]));
    assert_eq!(stage.verdicts[0].status, VerdictStatus::Ok);
    assert_eq!(stage.verdicts[1].id, "authentication");
    assert_eq!(stage.verdicts[1].status, VerdictStatus::Problem);
}

#[test]
fn stage_ids_are_stable_kebab_case() {
    for (id, text) in [
        (StageId::CannotTell, "cannot-tell"),
        (StageId::NoMail, "no-mail"),
        (StageId::NotStarted, "not-started"),
        (StageId::TargetVerified, "target-verified"),
        (StageId::RecordsReady, "records-ready"),
        (StageId::Switching, "switching"),
        (StageId::DoneWithRemnants, "done-with-remnants"),
        (StageId::Done, "done"),
    ] {
        assert_eq!(id.as_str(), text);
        assert_eq!(
            serde_json::to_value(id).expect("serialisable"),
            serde_json::json!(text)
        );
    }
}

/// The stage of a report, its providers detected and reviewed as the survey and the
/// API do it.
fn stage_of(report: &Report) -> super::Stage {
    let mut report = report.clone();
    report.detect_providers();
    super::stage(&crate::findings::review(report))
}
