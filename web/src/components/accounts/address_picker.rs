//! A list of addresses to edit: group members or forward targets. Addresses of the
//! plan are chosen from a list (no typing mistakes); an outside address is typed.

use leptos::prelude::*;

use crate::i18n::{self, tr};

/// Edits `chosen`, offering `choices` (the plan's addresses) and a field for others.
/// `id` prefixes the controls' ids; `label` names the list for screen readers.
#[component]
pub fn AddressPicker(
    id: String,
    label: mailmove_core::Text,
    #[prop(into)] chosen: Signal<Vec<String>>,
    #[prop(into)] choices: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let add = move |new: Vec<String>| {
        let mut list = chosen.get_untracked();
        for address in new {
            let address = address.trim().to_ascii_lowercase();
            if !address.is_empty() && !list.contains(&address) {
                list.push(address);
            }
        }
        on_change.run(list);
    };
    let add_typed = move || {
        let text = typed.get_untracked();
        add(text
            .split(|ch: char| matches!(ch, ',' | ';' | '、') || ch.is_whitespace())
            .map(str::to_owned)
            .collect());
        typed.set(String::new());
    };
    let list_id = format!("{id}-list");
    let select_id = format!("{id}-choose");
    // The last use takes `id` itself.
    let mut input_id = id;
    input_id.push_str("-type");
    let chosen_view = move || {
        chosen
            .get()
            .into_iter()
            .map(|address| {
                let remove = address.clone();
                let remove_label = format!("{address} {}", tr(i18n::REMOVE));
                view! {
                    <li>
                        <span class="mono">{address}</span>
                        <button type="button" class="remove" aria-label=remove_label
                            on:click=move |_| {
                                let list = chosen.get_untracked().into_iter().filter(|a| *a != remove).collect();
                                on_change.run(list);
                            }>"×"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="address-picker" role="group" aria-label=move || tr(label)>
            <ul id=list_id class="chosen">{chosen_view}</ul>
            <select id=select_id aria-label=move || tr(i18n::ADD_FROM_LIST) prop:value=""
                on:change=move |event| {
                    let value = event_target_value(&event);
                    if !value.is_empty() {
                        add(vec![value]);
                    }
                }>
                <option value="">{move || tr(i18n::ADD_FROM_LIST)}</option>
                {move || {
                    let taken = chosen.get();
                    choices.get().into_iter().filter(|address| !taken.contains(address))
                        .map(|address| view! { <option value=address.clone()>{address.clone()}</option> })
                        .collect_view()
                }}
            </select>
            <span class="type-address">
                <input id=input_id.clone() type="email" inputmode="email" autocomplete="off"
                    aria-label=move || tr(i18n::TYPE_ADDRESS) placeholder=move || tr(i18n::TYPE_ADDRESS)
                    prop:value=typed on:input=move |event| typed.set(event_target_value(&event))
                    on:keydown=move |event| {
                        if event.key() == "Enter" {
                            event.prevent_default();
                            add_typed();
                        }
                    } />
                <button type="button" id=format!("{input_id}-add") on:click=move |_| add_typed()>{move || tr(i18n::ADD)}</button>
            </span>
        </div>
    }
}
