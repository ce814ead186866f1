//! The services table: one row per service joined across sources, virtualised, each row keyed
//! by its service (a scroll builds only the rows entering the view) and its SLO status
//! following the SLOs as they load without rebuilding the row.

use leptos::prelude::*;

use super::shown::Shown;
use crate::core::inventory::ServiceRow;
use crate::core::route::encode;
use crate::ui::state::use_ws;
use crate::ui::virtual_rows::{Spacer, Window};
use crate::ui::widgets::StatusBadge;
use crate::workspace::slo_list::worst_status;

/// The services table's height; longer lists scroll (only the rows in view are rendered).
const TABLE_H: f64 = 600.0;

/// What a conflict between sources says, for its badge's title.
fn conflict_text(r: &ServiceRow) -> Option<String> {
    (!r.conflicts.is_empty()).then(|| {
        r.conflicts
            .iter()
            .map(|c| {
                let values: Vec<String> = (c.values.iter())
                    .map(|(v, s)| format!("{v} ({})", s.join(", ")))
                    .collect();
                format!("{}: {}", c.field, values.join(" vs "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// One service's row; its SLO status follows the SLOs as they load.
fn service_row(r: &ServiceRow) -> impl IntoView {
    let ws = use_ws();
    let joined = |v: Vec<String>| v.join(", ");
    let clusters = joined(r.clusters.iter().cloned().collect());
    let versions = joined(
        crate::core::version::ordered(&r.versions)
            .into_iter()
            .map(|(v, _)| v.clone())
            .collect(),
    );
    let sources = joined(r.sources.iter().cloned().collect());
    let owner = r.owner.clone().unwrap_or_default();
    let service = r.service.clone();
    let status = move || {
        ws.slos
            .with(|s| s.as_ref().and_then(|s| worst_status(s, &service)))
    };
    view! {
        <tr class="vrow" data-service=r.service.clone()>
            <td title=r.service.clone()>
                <a href=format!("#/inventory/{}", encode(&r.service))>{r.service.clone()}</a>
            </td>
            <td title=owner.clone()>
                {owner.clone()}
                {conflict_text(r)
                    .map(|c| view! { <span class="badge warn" title=c>"conflict"</span> })}
            </td>
            <td>{r.system.clone().unwrap_or_default()}</td>
            <td>{r.lifecycle.clone().unwrap_or_default()}</td>
            <td title=clusters.clone()>
                <span class="cut">{clusters.clone()}</span>
            </td>
            <td title=versions.clone()>
                <span class="cut">{versions.clone()}</span>
            </td>
            <td class=format!(
                "num {}",
                if r.available < r.desired { "bad-text" } else { "" },
            )>{format!("{} / {}", r.available, r.desired)}</td>
            <td>{move || status().map(|s| view! { <StatusBadge status=s /> })}</td>
            <td class="muted" title=sources.clone()>
                <span class="cut">{sources.clone()}</span>
            </td>
        </tr>
    }
}

#[component]
pub(super) fn ServiceTable(rows: Memo<Shown>) -> impl IntoView {
    let ws = use_ws();
    let win = Window::new(TABLE_H);
    // try_*: these closures can run once more while the page is torn down.
    let len = Signal::derive(move || rows.try_with(Shown::len).unwrap_or(0));
    let range = win.rows(len);
    let visible = Memo::new(move |_| {
        let (start, end) = range.get();
        rows.try_with(|r| r.slice(start, end)).unwrap_or_default()
    });
    // Keyed by service within one list; another list (a filter, a reload) builds them anew.
    let body = move || {
        rows.track();
        view! {
            <For
                each=move || visible.get()
                key=|r| r.service.clone()
                children=|r| service_row(&r)
            />
        }
    };
    view! {
        <div class="card vtable" style:max-height=win.max_height() on:scroll=win.on_scroll()>
            <table class="table compact" id="inventory-table">
                <thead>
                    <tr>
                        <th>"Service"</th>
                        <th>"Owner"</th>
                        <th>"System"</th>
                        <th>"Lifecycle"</th>
                        <th>"Clusters"</th>
                        <th>"Versions"</th>
                        <th class="num">"Replicas"</th>
                        <th>"SLOs"</th>
                        <th>"Sources"</th>
                    </tr>
                </thead>
                <tbody>
                    <Spacer rows=Signal::derive(move || range.get().0) />
                    {body}
                    <Spacer rows=Signal::derive(move || len.get().saturating_sub(range.get().1)) />
                </tbody>
            </table>
            // Empty only once loaded: while loading, the page's progress line speaks.
            <Show when=move || {
                rows.try_with(Shown::is_empty).unwrap_or(false) && ws.inventory.with(Option::is_some)
            }>
                <p class="muted">
                    "No services match. Services come from Kubernetes, Backstage and Prometheus sources (see Sources)."
                </p>
            </Show>
        </div>
    }
}
