//! The list of plans saved in this browser: switch to one, name it, download it, delete
//! it (after asking), or start a plan for another domain.

use leptos::prelude::*;
use mailmove_core::plan::Plan;

use crate::download::download;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;
use crate::saved_plans as saved;

/// The saved plans. `stored_as` is the domain the shown plan is saved under;
/// `list_version` changes whenever the list does.
#[component]
pub fn SavedPlans(
    plan: RwSignal<Plan>,
    stored_as: StoredValue<Option<String>>,
    list_version: RwSignal<u32>,
    switched: RwSignal<u32>,
) -> impl IntoView {
    let lang = CurrentLang::expect();
    let new_domain = RwSignal::new(String::new());
    let new_error = RwSignal::new(false);
    let open = move |domain: &str| {
        if let Some(saved) = saved::load(domain) {
            stored_as.set_value(Some(domain.to_owned()));
            plan.set(saved);
            list_version.update(|version| *version += 1);
            switched.update(|version| *version += 1);
        }
    };
    let start = move || {
        let Ok(domain) = super::planner_name(&new_domain.get_untracked()) else {
            new_error.set(true);
            return;
        };
        new_error.set(false);
        new_domain.set(String::new());
        if saved::exists(domain.as_str()) {
            open(domain.as_str());
            return;
        }
        let current = plan.get_untracked();
        let mut fresh = Plan::new(&domain, &current.target, current.cutover);
        fresh.time_zone = current.time_zone;
        stored_as.set_value(None);
        plan.set(fresh);
        switched.update(|version| *version += 1);
    };
    let rows = move || {
        list_version.track();
        let lang = lang.get();
        // The shown plan's domain, read without tracking: the list follows saves, not
        // keystrokes.
        let shown = stored_as.get_value();
        saved::domains()
            .into_iter()
            .filter_map(|domain| saved::load(&domain).map(|plan| (domain, plan)))
            .map(|(domain, saved_plan)| {
                let is_shown = shown.as_deref() == Some(domain.as_str());
                let title = saved_plan.label.clone().unwrap_or_else(|| domain.clone());
                let shown_domain = mailmove_core::DomainName::parse(&domain)
                    .map(|name| name.to_unicode())
                    .unwrap_or_else(|_| domain.clone());
                let target = saved_plan.target_name().get(lang);
                let cutover = saved_plan.cutover.human(lang, true);
                let (open_domain, rename_domain, export_domain, delete_domain) =
                    (domain.clone(), domain.clone(), domain.clone(), domain.clone());
                view! {
                    <tr data-domain=domain.clone() aria-current=is_shown.then_some("true")>
                        <th scope="row">
                            {title}
                            {saved_plan.label.is_some().then(|| view! { <span class="imported-name">{shown_domain}</span> })}
                            {is_shown.then(|| view! { <span class="badge">{i18n::PLAN_SHOWN.get(lang)}</span> })}
                        </th>
                        <td>{target}</td>
                        <td class="when">{cutover}</td>
                        <td class="row-actions">
                            <button type="button" class="plan-open" disabled=is_shown on:click=move |_| open(&open_domain)>
                                {i18n::PLAN_OPEN.get(lang)}
                            </button>
                            <button type="button" class="plan-rename" on:click=move |_| rename(&rename_domain, plan, stored_as, list_version, lang)>
                                {i18n::PLAN_RENAME.get(lang)}
                            </button>
                            <button type="button" class="plan-export" on:click=move |_| {
                                if let Some(saved) = saved::load(&export_domain) {
                                    download(&format!("mailmove-plan-{export_domain}.json"), &saved.to_json(), "application/json");
                                }
                            }>{i18n::PLAN_EXPORT.get(lang)}</button>
                            <button type="button" class="plan-delete" on:click=move |_| remove(&delete_domain, plan, stored_as, list_version, switched, lang)>
                                {i18n::PLAN_DELETE.get(lang)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let count = move || {
        list_version.track();
        saved::domains().len()
    };
    view! {
        <details id="plan-saved" class="plan-saved no-print">
            <summary>{move || format!("{} ({})", tr(i18n::PLAN_SAVED), count())}</summary>
            <div class="table-wrap">
                <table id="plan-saved-table">
                    <thead><tr>
                        <th scope="col">{move || tr(i18n::PLAN_SAVED_NAME)}</th>
                        <th scope="col">{move || tr(i18n::PLAN_TARGET)}</th>
                        <th scope="col">{move || tr(i18n::PLAN_SAVED_CUTOVER)}</th>
                        <th scope="col"><span class="visually-hidden">{move || tr(i18n::PLAN_SAVED_ACTIONS)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="new-plan" on:submit=move |event| {
                event.prevent_default();
                start();
            }>
                <label for="plan-new-domain">{move || tr(i18n::PLAN_NEW_FOR)}</label>
                <input id="plan-new-domain" type="text" autocomplete="off" spellcheck="false" autocapitalize="none"
                    placeholder=move || tr(i18n::DOMAIN_PLACEHOLDER) prop:value=new_domain
                    aria-invalid=move || new_error.get().then_some("true")
                    on:input=move |event| new_domain.set(event_target_value(&event)) />
                <button type="submit" id="plan-new">{move || tr(i18n::PLAN_NEW)}</button>
                <p class="field-error" hidden=move || !new_error.get()>{move || tr(i18n::PLAN_NEW_INVALID)}</p>
            </form>
        </details>
    }
}

/// Names the saved plan of `domain` (the shown one changes in place).
fn rename(
    domain: &str,
    plan: RwSignal<Plan>,
    stored_as: StoredValue<Option<String>>,
    list_version: RwSignal<u32>,
    lang: mailmove_core::Lang,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(mut saved_plan) = saved::load(domain) else {
        return;
    };
    let current = saved_plan.label.clone().unwrap_or_default();
    let Ok(Some(label)) =
        window.prompt_with_message_and_default(i18n::PLAN_RENAME_ASK.get(lang), &current)
    else {
        return;
    };
    let label = label.trim().chars().take(100).collect::<String>();
    let label = (!label.is_empty()).then_some(label);
    if stored_as.get_value().as_deref() == Some(domain) {
        plan.update(|plan| plan.label = label);
    } else {
        saved_plan.label = label;
        let _ = saved::save(&saved_plan);
    }
    list_version.update(|version| *version += 1);
}

/// Deletes the saved plan of `domain` after asking. Deleting the shown plan shows the
/// next saved one, or a new plan.
fn remove(
    domain: &str,
    plan: RwSignal<Plan>,
    stored_as: StoredValue<Option<String>>,
    list_version: RwSignal<u32>,
    switched: RwSignal<u32>,
    lang: mailmove_core::Lang,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let question = i18n::PLAN_DELETE_ASK.get(lang).replace("{domain}", domain);
    if window.confirm_with_message(&question) != Ok(true) {
        return;
    }
    saved::delete(domain);
    if stored_as.get_value().as_deref() == Some(domain) {
        match saved::domains().first().and_then(|next| saved::load(next)) {
            Some(next) => {
                stored_as.set_value(Some(next.domain.clone()));
                plan.set(next);
                switched.update(|version| *version += 1);
            }
            None => {
                // Nothing left: the shown plan stays on screen, unsaved until edited.
                stored_as.set_value(None);
            }
        }
    }
    list_version.update(|version| *version += 1);
}
