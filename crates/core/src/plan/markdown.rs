//! The schedule as a Markdown checklist: one box per step, with its moment, what to do,
//! and the plan's issues first.

use super::{Plan, Schedule};
use crate::Lang;

/// The checklist for `plan`'s `schedule` in `lang`.
pub fn to_markdown(plan: &Plan, schedule: &Schedule, lang: Lang) -> String {
    let (title, zone_label, issues_label, risk_label) = match lang {
        Lang::Ja => (
            "メール引っ越しの計画",
            "タイムゾーン",
            "要確認",
            "切り替え日時のリスク",
        ),
        Lang::En => (
            "Mail move plan",
            "Time zone",
            "Check first",
            "Risk of the cutover moment",
        ),
    };
    let mut out = format!(
        "# {title}: {} → {}\n\n",
        plan.domain,
        plan.target_name().get(lang)
    );
    out.push_str(&format!("{zone_label}: {}\n\n", plan.time_zone));
    // The risk in words: a score means nothing to the people this goes to.
    out.push_str(&format!(
        "{risk_label}: {}\n\n",
        schedule.risk.level.label().get(lang)
    ));
    if !schedule.issues.is_empty() {
        out.push_str(&format!("## {issues_label}\n\n"));
        for issue in &schedule.issues {
            out.push_str(&format!("- {}\n", issue.message.get(lang)));
        }
        out.push('\n');
    }
    for step in &schedule.steps {
        let when = match step.until {
            Some(until) => format!("{} – {}", step.at, until),
            None => step.at.to_string(),
        };
        out.push_str(&format!("- [ ] **{when}** {}\n", step.title.get(lang)));
        if step.held {
            out.push_str(&format!("  - **{}**\n", super::STEP_HELD.get(lang)));
        }
        for detail in &step.details {
            out.push_str(&format!("  - {}\n", detail.get(lang)));
        }
        if let Some(records) = step.records {
            out.push_str(&format!("  - {}\n", records.label().get(lang)));
        }
    }
    out
}
