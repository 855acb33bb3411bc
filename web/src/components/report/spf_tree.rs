//! The SPF include tree: each branch with its own lookups and its subtree's total, and
//! the whole tree's count against the limit of 10 (RFC 7208 §4.6.4).

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::{SpfNodeJson, SurveyJson};

use crate::i18n;

pub(super) fn spf_tree(report: &SurveyJson, lang: Lang) -> AnyView {
    let spf = &report.facts.spf;
    if spf.records.is_empty() && spf.tree.children.is_empty() {
        return ().into_any();
    }
    let over = spf.lookup_count > 10;
    view! {
        <section id="spf-tree" class="spf-tree">
            <h2>{i18n::SPF_TREE.get(lang)}</h2>
            <p id="spf-total" class=if over { "total over" } else { "total" }>
                {i18n::LOOKUPS.get(lang)}": "<strong>{spf.lookup_count}{spf.lookup_count_is_minimum.then_some("+")}</strong>" / 10 "{i18n::OF_TEN.get(lang)}
                {over.then_some(" ✖")}
            </p>
            <ul class="tree">{node(&spf.tree)}</ul>
        </section>
    }
    .into_any()
}

fn node(node: &SpfNodeJson) -> AnyView {
    let children = (!node.children.is_empty()).then(|| {
        let items = node.children.iter().map(node_item).collect_view();
        view! { <ul>{items}</ul> }
    });
    view! {
        <li>
            <span class="via">{node.via.clone()}</span>" "
            <code>{node.domain.clone()}</code>
            " ("{node.lookups}" / "{node.total_lookups}")"
            {node.problem.clone().map(|problem| view! { " " <span class="problem">"⚠ "{problem}</span> })}
            {node.record.clone().map(|record| view! { <div class="spf-record"><code>{record}</code></div> })}
            {children}
        </li>
    }
    .into_any()
}

fn node_item(child: &SpfNodeJson) -> AnyView {
    node(child)
}
