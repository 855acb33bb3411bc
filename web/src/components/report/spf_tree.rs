//! The SPF include tree: each branch with its own lookups and its subtree's total, the
//! `a`, `mx` and `exists` targets that found nothing (dead hosts) or could not be
//! checked, and the whole tree's counts against the limits of 10 lookups and 2 void
//! lookups (RFC 7208 §4.6.4).

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::{SpfNodeJson, SurveyJson};
use mailmove_core::survey::SpfVia;

use crate::i18n;

pub(super) fn spf_tree(report: &SurveyJson, lang: Lang) -> AnyView {
    let spf = &report.facts.spf;
    if spf.records.is_empty() && spf.tree.children.is_empty() {
        return ().into_any();
    }
    let over = spf.lookup_count > 10;
    let void_over = spf.void_lookup_count > 2;
    view! {
        <section id="spf-tree" class="spf-tree">
            <h2>{i18n::SPF_TREE.get(lang)}</h2>
            <p id="spf-total" class=if over { "total over" } else { "total" }>
                {i18n::LOOKUPS.get(lang)}": "<strong>{spf.lookup_count}{spf.lookup_count_is_minimum.then_some("+")}</strong>" / 10 "{i18n::OF_TEN.get(lang)}
                {over.then_some(" ✖")}
            </p>
            <p id="spf-void" class=if void_over { "total over" } else { "total" }>
                {i18n::VOID_LOOKUPS.get(lang)}": "<strong>{spf.void_lookup_count}</strong>" / 2 "{i18n::OF_TWO.get(lang)}
                {void_over.then_some(" ✖")}
            </p>
            <ul class="tree">{node(&spf.tree, lang)}</ul>
        </section>
    }
    .into_any()
}

fn node(node: &SpfNodeJson, lang: Lang) -> AnyView {
    // Targets that found what they should are in the record text; the others (dead
    // hosts, and those not known) are listed in record order, before the includes.
    let targets: Vec<AnyView> = node
        .targets
        .iter()
        .filter_map(|target| {
            let label = i18n::spf_target_label(target.status.name())?;
            let class = if target.is_dead() {
                "spf-target dead"
            } else {
                "spf-target"
            };
            Some(
                view! {
                    <li class=class data-status=target.status.name()>
                        <span class="via">{target.mechanism.name()}</span>" "
                        <code>{target.domain.clone()}</code>" "
                        <span class="problem">"⚠ "{label.get(lang)}</span>
                    </li>
                }
                .into_any(),
            )
        })
        .collect();
    let below = (!targets.is_empty() || !node.children.is_empty()).then(|| {
        let children = node
            .children
            .iter()
            .map(|child| self::node(child, lang))
            .collect_view();
        view! { <ul>{targets}{children}</ul> }
    });
    view! {
        <li>
            // The top of the tree is the domain itself: no mechanism led there.
            {(node.via != SpfVia::Root).then(|| view! { <span class="via">{node.via.name()}</span>" " })}
            <code>{node.domain.clone()}</code>
            " ("{node.lookups}" / "{node.total_lookups}")"
            {node.problem.map(|problem| {
                let words = i18n::spf_problem_label(problem.name())
                    .map_or(problem.name(), |text| text.get(lang));
                view! { " " <span class="problem">"⚠ "{words}</span> }
            })}
            {node.record.clone().map(|record| view! { <div class="spf-record"><code>{record}</code></div> })}
            {below}
        </li>
    }
    .into_any()
}
