//! Small shared pieces of UI: tiles, status badges, error and notice boxes, loading state,
//! sorting table headers.

use leptos::prelude::*;

use crate::core::model::{Notice, NoticeLevel};
use crate::core::slo::Status;

#[component]
pub fn Tile(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(into, optional)] sub: String,
    #[prop(into, optional)] tone: String,
) -> impl IntoView {
    view! {
        <div class=format!("tile {tone}")>
            <div class="tile-label">{label}</div>
            <div class="tile-value">{value}</div>
            <div class="tile-sub">{sub}</div>
        </div>
    }
}

pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Paging | Status::Breached => "bad",
        Status::AtRisk => "warn",
        Status::Healthy => "good",
        Status::NoData => "muted",
    }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! { <span class=format!("badge {}", status_class(status))>{status.label()}</span> }
}

/// Shown where data would have been, with what went wrong.
#[component]
pub fn ErrorBox(#[prop(into)] title: String, #[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <strong>{title}</strong>
            <p>{message}</p>
        </div>
    }
}

#[component]
pub fn Notices(notices: Vec<Notice>) -> impl IntoView {
    (!notices.is_empty()).then(|| {
        view! {
            <ul class="notices">
                {notices
                    .into_iter()
                    .map(|n| {
                        let cls = if n.level == NoticeLevel::Warning { "warn" } else { "info" };
                        view! { <li class=cls>{n.text}</li> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn Loading(#[prop(into, optional)] what: String) -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true">
            {format!("Loading {what}…")}
        </div>
    }
}

#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(into, optional)] subtitle: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="page-header">
            <div>
                <h1>{title}</h1>
                <p class="subtitle">{subtitle}</p>
            </div>
            <div class="page-actions">{children.map(|c| c())}</div>
        </div>
    }
}

/// "Export CSV" and "Export JSON" buttons (`#export-{what}-csv`, `#export-{what}-json`),
/// disabled until the inventory has loaded; `export(json)` writes the file.
#[component]
pub fn ExportButtons(
    what: &'static str,
    export: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ws = super::state::use_ws();
    let loading = move || ws.inventory.with(Option::is_none);
    view! {
        <button class="button" id=format!("export-{what}-csv") on:click=move |_| export(false) disabled=loading>
            "Export CSV"
        </button>
        <button class="button" id=format!("export-{what}-json") on:click=move |_| export(true) disabled=loading>
            "Export JSON"
        </button>
    }
}

/// Builds its children a task after what surrounds them: the page after the top bar, what
/// lies below the fold after the page above it, so a long page is not one long task (its
/// build is mostly Wasm compiled on first call).
/// `fallback` is shown until then (nothing by default).
#[component]
pub fn Later(children: ChildrenFn, #[prop(optional, into)] fallback: ViewFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::web::fetch::sleep(0).await;
        ready.try_set(true);
    });
    view! { <Show when=move || ready.get() fallback=fallback>{children()}</Show> }
}

/// A table's sorting header cell (the SLO and entity tables): a button, so the keyboard and a
/// screen reader reach it, inside a cell that takes the click anywhere (the button's bubbles to
/// it); `aria-sort` and ▲/▼ on the column the table sorts by (`sorted`: descending or not).
#[component]
pub fn SortHeader(
    #[prop(into)] label: String,
    #[prop(into)] sorted: Signal<Option<bool>>,
    #[prop(optional)] class: &'static str,
    on_sort: impl Fn() + 'static,
) -> impl IntoView {
    // try_get: a header can be drawn once more while its table is torn down.
    let dir = move || sorted.try_get().flatten();
    let aria = move || dir().map(|d| if d { "descending" } else { "ascending" });
    let arrow = move || dir().map(|d| if d { " ▼" } else { " ▲" });
    view! {
        <th class=format!("{class} sortable") aria-sort=aria on:click=move |_| on_sort()>
            <button type="button" class="sort">
                {label}
                {arrow}
            </button>
        </th>
    }
}
