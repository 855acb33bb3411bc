//! The hold rule (issue 20): a refused address holds the MX switch, accepted ones
//! do not, "could not tell" warns, and a result for other target settings counts
//! for nothing.

use super::*;
use crate::accounts::{Account, Destination};
use crate::smtp::{AddressResult, Reply, Unknown, Verdict};

fn reply(text: &str) -> Reply {
    match crate::smtp::parse_reply(format!("{text}\r\n").as_bytes()) {
        Ok(crate::smtp::Parsed::Reply(reply, _)) => reply,
        other => panic!("not a whole reply: {other:?}"),
    }
}

fn accepted() -> Verdict {
    Verdict::Accepted {
        reply: reply("250 2.1.5 Ok"),
    }
}

fn refused() -> Verdict {
    Verdict::Refused {
        reply: reply(
            "550 5.1.1 <ghost@example.jp>: Recipient address rejected: User unknown in virtual mailbox table",
        ),
    }
}

fn greylisted() -> Verdict {
    Verdict::CouldNotTell {
        why: Unknown::Temporary {
            reply: reply("450 4.7.1 Greylisted, try again later"),
        },
    }
}

/// A plan to Google Workspace with info (mailbox), sales (alias), ghost (group) and
/// old (retired), and a saved result with `verdicts` for them in that order.
fn plan(verdicts: [Verdict; 4]) -> Plan {
    let domain = crate::DomainName::parse("example.jp").unwrap();
    let mut plan = Plan::new(
        &domain,
        "google-workspace",
        "2027-02-16T19:00".parse().unwrap(),
    );
    plan.current_mx_ttl = Some(3600);
    let mut info = Account::unassigned("info@example.jp");
    info.destination = info.as_mailbox();
    let mut sales = Account::unassigned("sales@example.jp");
    sales.destination = Destination::Alias {
        user: "info@example.jp".into(),
    };
    let mut ghost = Account::unassigned("ghost@example.jp");
    ghost.destination = Destination::Group {
        members: vec!["info@example.jp".into()],
    };
    let mut old = Account::unassigned("old@example.jp");
    old.destination = Destination::Retire {
        reason: "退職".into(),
    };
    plan.accounts.accounts = vec![info, sales, ghost, old];
    let addresses = ["info", "sales", "ghost", "old"].map(|local| format!("{local}@example.jp"));
    plan.acceptance = Some(answered(&plan, &addresses, Vec::from(verdicts)));
    plan
}

/// The plan's result as the page makes it: the probe's JSON answer (`api::probe_json`
/// of one exchanger's `verdicts` for `addresses`) read by `Acceptance::from_answer`.
fn answered(plan: &Plan, addresses: &[String], verdicts: Vec<Verdict>) -> Acceptance {
    let mut report =
        crate::smtp::ExchangerReport::unreachable("mx.example.net", &[], &Unknown::UnusableAddress);
    report.failure = None;
    report.addresses = addresses
        .iter()
        .zip(verdicts)
        .map(|(address, verdict)| AddressResult {
            address: address.clone(),
            verdict,
        })
        .collect();
    let answer = crate::api::probe_json(
        "example.jp",
        addresses,
        &[report],
        crate::smtp::PolicyState::NotPublished,
    );
    let text = serde_json::to_string(&answer).unwrap();
    Acceptance::from_answer(&acceptance_request(plan), &text).unwrap()
}

fn cutover(schedule: &Schedule) -> &PlanStep {
    schedule
        .steps
        .iter()
        .find(|step| step.id == StepId::Cutover)
        .unwrap()
}

fn issue<'a>(schedule: &'a Schedule, code: &str) -> Option<&'a ScheduleIssue> {
    schedule.issues.iter().find(|issue| issue.code == code)
}

#[test]
fn a_refused_address_holds_the_mx_switch_and_is_named() {
    let plan = plan([accepted(), accepted(), refused(), accepted()]);
    let schedule = schedule(&plan, None);
    assert!(cutover(&schedule).held);
    // Only the MX switch waits.
    assert_eq!(schedule.steps.iter().filter(|step| step.held).count(), 1);
    let held = issue(&schedule, "mx-held-address-refused").expect("the hold is an issue");
    assert_eq!(held.severity, crate::findings::Severity::Error);
    assert!(
        held.message.ja.contains("ghost@example.jp"),
        "{}",
        held.message.ja
    );
    assert!(held.message.ja.contains("保留"), "{}", held.message.ja);
    assert!(held.message.en.contains("ghost@example.jp"));
    assert!(
        !held.message.ja.contains("info@"),
        "accepted ones are not named"
    );
    // The checklist says so at the step.
    let markdown = to_markdown(&plan, &schedule, crate::Lang::Ja);
    assert!(markdown.contains(STEP_HELD.ja), "{markdown}");
}

#[test]
fn every_address_accepted_holds_nothing() {
    // The retired address is meant to bounce: its refusal holds nothing either.
    let plan = plan([accepted(), accepted(), accepted(), refused()]);
    let schedule = schedule(&plan, None);
    assert!(!cutover(&schedule).held);
    assert!(
        schedule
            .issues
            .iter()
            .all(|issue| !issue.code.contains("acceptance") && !issue.code.contains("held")),
        "{:?}",
        schedule.issues
    );
    assert!(!to_markdown(&plan, &schedule, crate::Lang::En).contains(STEP_HELD.en));
}

#[test]
fn could_not_tell_is_a_warning_not_a_hold() {
    let plan = plan([accepted(), greylisted(), accepted(), accepted()]);
    let schedule = schedule(&plan, None);
    assert!(!cutover(&schedule).held);
    assert!(issue(&schedule, "mx-held-address-refused").is_none());
    let warning = issue(&schedule, "address-acceptance-unknown").expect("a warning");
    assert_eq!(warning.severity, crate::findings::Severity::Warning);
    assert!(warning.message.ja.contains("sales@example.jp"));
    assert!(warning.message.en.contains("sales@example.jp"));
}

#[test]
fn a_result_for_other_target_settings_says_check_again_and_holds_nothing() {
    let mut plan = plan([refused(), refused(), refused(), refused()]);
    plan.target = "microsoft-365".into();
    let schedule = schedule(&plan, None);
    assert!(!cutover(&schedule).held);
    assert!(issue(&schedule, "address-acceptance-outdated").is_some());
    assert!(plan.acceptance_verdicts().is_empty());
    // Back on the target it was taken against, it counts again.
    plan.target = "google-workspace".into();
    assert!(cutover(&super::schedule(&plan, None)).held);
    assert_eq!(
        plan.acceptance_verdicts()["info@example.jp"].verdict,
        AcceptanceVerdict::Refused
    );
}

#[test]
fn the_request_asks_every_address_but_the_retired_and_the_custom_mx() {
    let mut plan = plan([accepted(), accepted(), accepted(), accepted()]);
    plan.accounts
        .accounts
        .push(Account::unassigned("someone@elsewhere.example"));
    plan.accounts
        .accounts
        .push(Account::unassigned("new@example.jp"));
    assert_eq!(
        addresses_to_probe(&plan),
        [
            "info@example.jp",
            "sales@example.jp",
            "ghost@example.jp",
            "new@example.jp"
        ]
    );
    plan.target = crate::records::CUSTOM_TARGET.into();
    plan.records.custom = Some(crate::records::CustomTarget {
        mx: vec![crate::records::CustomMx {
            preference: 10,
            host: "mx.example.net".into(),
        }],
        ..crate::records::CustomTarget::default()
    });
    let request = acceptance_request(&plan);
    assert_eq!(request.target.as_deref(), Some("custom"));
    assert_eq!(request.mx[0].host, "mx.example.net");
    assert!(!request.current_mx);
    // A result for that MX set, then the MX set edited: outdated.
    plan.acceptance = Some(Acceptance::from_answer(&request, r#"{"addresses": []}"#).unwrap());
    assert!(plan.acceptance.as_ref().unwrap().applies_to(&plan));
    plan.records.custom.as_mut().unwrap().mx[0].host = "mx2.example.net".into();
    assert!(!plan.acceptance.as_ref().unwrap().applies_to(&plan));
}

#[test]
fn the_answer_keeps_the_words_and_is_saved_with_the_plan() {
    let plan = plan([accepted(), greylisted(), refused(), accepted()]);
    let verdicts = plan.acceptance_verdicts();
    let ghost = &verdicts["ghost@example.jp"];
    assert_eq!(ghost.verdict, AcceptanceVerdict::Refused);
    // The server's own words, without its codes; what to do in both languages.
    assert_eq!(
        ghost.words.as_deref(),
        Some(
            "<ghost@example.jp>: Recipient address rejected: User unknown in virtual mailbox table"
        )
    );
    assert!(
        ghost
            .message
            .ja
            .contains("アカウントかエイリアスを作ってください")
    );
    let sales = &verdicts["sales@example.jp"];
    assert_eq!(sales.verdict, AcceptanceVerdict::CouldNotTell);
    assert!(
        sales.message.ja.contains("グレイリスティング"),
        "{}",
        sales.message.ja
    );
    assert_eq!(sales.words, None);
    assert_eq!(
        verdicts["info@example.jp"].verdict,
        AcceptanceVerdict::Accepted
    );
    // Saved and loaded with the plan; a plan saved before it existed loads without.
    let loaded = Plan::from_json(&plan.to_json()).unwrap();
    assert_eq!(loaded, plan);
    let mut plain = plan.clone();
    plain.acceptance = None;
    assert!(!plain.to_json().contains("acceptance"));
    assert_eq!(Plan::from_json(&plain.to_json()).unwrap().acceptance, None);
}
