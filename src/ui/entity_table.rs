//! The entity table: every entity from every inventory source, 10,000+ rows kept smooth by
//! rendering only the visible rows; facets with counts, free text, chosen columns (any label),
//! sorting, grouping, and CSV/JSON export of exactly the filtered rows. All state is in the URL.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::state::use_ws;
use super::virtual_rows::{Spacer, Window};
use crate::core::entity_table::{
    apply, cell, facets, group, to_csv, to_json, Query, COLUMNS, FACETS,
};

const VIEW_H: f64 = 560.0;
const DEFAULT_COLS: &str = "kind,name,namespace,service,owner,cluster,version,replicas,health";

/// A row of the flattened (possibly grouped) table.
#[derive(Clone, PartialEq)]
enum Item {
    Header(String, usize),
    Row(usize),
}

/// A facet's counts as bars (top 12).
/// The facets charted under the table, with their titles.
const FACET_CHARTS: [(&str, &str); 4] = [
    ("kind", "Entities by kind (filtered)"),
    ("owner", "Entities by owner (filtered)"),
    ("lifecycle", "Entities by lifecycle (filtered)"),
    (
        "health",
        "Entities by health (filtered; scrape targets up/down)",
    ),
];

fn facet_chart(
    f: &std::collections::BTreeMap<String, Vec<(String, usize)>>,
    col: &str,
    theme: crate::core::chart::Theme,
) -> crate::core::chart::BarChart {
    let bars = f
        .get(col)
        .map(|v| {
            v.iter()
                .take(12)
                .map(|(k, n)| {
                    (
                        if k.is_empty() {
                            "(none)".to_string()
                        } else {
                            k.clone()
                        },
                        vec![(0, *n as f64)],
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    crate::core::chart::BarChart {
        bars,
        width: 560,
        theme,
    }
}

#[component]
pub fn EntityTable() -> impl IntoView {
    let ws = use_ws();
    let param = move |k: &str| ws.route.with(|r| r.param(k).map(str::to_string));
    let set = move |k: &str, v: String| ws.replace(ws.route.get_untracked().with(k, &v));
    let cols = Memo::new(move |_| {
        param("cols")
            .unwrap_or_else(|| DEFAULT_COLS.into())
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    let query = Memo::new(move |_| ws.route.with(|r| Query::from_params(&r.params)));
    let entities = Memo::new(move |_| {
        ws.inventory
            .get()
            .map(|i| i.entities.clone())
            .unwrap_or_default()
    });
    let rows = Memo::new(move |_| entities.with(|es| apply(es, &query.get())));
    let items = Memo::new(move |_| {
        let by = param("group").unwrap_or_default();
        entities.with(|es| {
            let rs = rows.get();
            if by.is_empty() {
                rs.into_iter().map(Item::Row).collect::<Vec<_>>()
            } else {
                group(es, &rs, &by)
                    .into_iter()
                    .flat_map(|(v, idx)| {
                        std::iter::once(Item::Header(v, idx.len()))
                            .chain(idx.into_iter().map(Item::Row))
                    })
                    .collect()
            }
        })
    });
    let facet_counts = Memo::new(move |_| entities.with(|es| facets(es, &query.get(), &FACETS)));
    let label_keys = Memo::new(move |_| {
        entities.with(|es| {
            es.iter()
                .flat_map(|e| e.labels.keys().cloned())
                .collect::<BTreeSet<_>>()
        })
    });
    let win = Window::new(VIEW_H);
    let toggle = move |col: String, value: String| {
        let mut q = query.get_untracked();
        let vals = q.filters.entry(col.clone()).or_default();
        if let Some(p) = vals.iter().position(|v| *v == value) {
            vals.remove(p);
        } else {
            vals.push(value);
        }
        set(&format!("f.{col}"), vals.join(","));
    };
    let sort_by = move |col: String| {
        let cur = param("sort").unwrap_or_default();
        set("sort", if cur == col { format!("-{col}") } else { col });
    };
    let export = move |json: bool| {
        let (rs, cs) = (rows.get_untracked(), cols.get_untracked());
        let text = entities.with_untracked(|es| {
            if json {
                to_json(es, &rs, &cs)
            } else {
                to_csv(es, &rs, &cs)
            }
        });
        let (name, mime) = if json {
            ("headroom-entities.json", "application/json")
        } else {
            ("headroom-entities.csv", "text/csv")
        };
        let _ = crate::web::download::download(name, mime, &text);
    };
    view! {
        <div class="toolbar">
            <input
                type="search"
                placeholder="Search every field and label"
                aria-label="Search entities"
                prop:value=move || param("q").unwrap_or_default()
                on:input=move |ev| set("q", event_target_value(&ev))
            />
            <input
                aria-label="Columns"
                list="entity-columns"
                class="cols-input"
                title="Comma-separated columns; label:<key> shows any label"
                prop:value=move || cols.get().join(",")
                on:change=move |ev| set("cols", event_target_value(&ev))
            />
            <datalist id="entity-columns">
                {COLUMNS.iter().map(|c| view! { <option value=*c></option> }).collect_view()}
                {move || {
                    label_keys
                        .get()
                        .into_iter()
                        .map(|k| view! { <option value=format!("label:{k}")></option> })
                        .collect_view()
                }}
            </datalist>
            <select
                aria-label="Group entities by"
                prop:value=move || param("group").unwrap_or_default()
                on:change=move |ev| set("group", event_target_value(&ev))
            >
                <option value="">"No grouping"</option>
                {FACETS
                    .iter()
                    .map(|c| view! { <option value=*c>{format!("Group by {c}")}</option> })
                    .collect_view()}
            </select>
            <span class="muted" id="entity-count">
                {move || format!("{} of {} entities", rows.get().len(), entities.with(|e| e.len()))}
            </span>
            <super::widgets::ExportButtons what="entities" export=export />
        </div>
        <div class="grid-halves">
            {FACET_CHARTS
                .iter()
                .map(|(facet, title)| {
                    view! {
                        <super::chart::BarChartView
                            chart=Signal::derive(move || facet_chart(&facet_counts.get(), facet, ws.theme.get()))
                            title=*title
                        />
                    }
                })
                .collect_view()}
        </div>
        <div class="entity-layout">
            <aside class="facets card" aria-label="Filters">
                {move || {
                    facet_counts
                        .get()
                        .into_iter()
                        .map(|(col, values)| {
                            let chosen = query.get().filters.get(&col).cloned().unwrap_or_default();
                            view! {
                                <div class="facet" data-facet=col.clone()>
                                    <h3>{col.clone()}</h3>
                                    {values
                                        .into_iter()
                                        .take(12)
                                        .map(|(v, n)| {
                                            let on = chosen.contains(&v);
                                            let (c, val) = (col.clone(), v.clone());
                                            view! {
                                                <label class="facet-value">
                                                    <input
                                                        type="checkbox"
                                                        prop:checked=on
                                                        on:change=move |_| toggle(c.clone(), val.clone())
                                                    />
                                                    <span>
                                                        {if v.is_empty() {
                                                            "(none)".to_string()
                                                        } else {
                                                            v.clone()
                                                        }}
                                                    </span>
                                                    <span class="muted">{n}</span>
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </aside>
            <div
                class="card vtable"
                style:max-height=win.max_height()
                on:scroll=win.on_scroll()
            >
                <table class="table compact" id="entity-table">
                    <thead>
                        <tr>
                            {move || {
                                cols
                                    .get()
                                    .into_iter()
                                    .map(|c| {
                                        let name = c.clone();
                                        let arrow = move || match param("sort") {
                                            Some(s) if s == name => " ▲",
                                            Some(s) if s == format!("-{name}") => " ▼",
                                            _ => "",
                                        };
                                        view! {
                                            <th class="sortable" on:click=move |_| sort_by(c.clone())>
                                                {c.clone()}
                                                {arrow}
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let n = items.with(Vec::len);
                            let (start, end) = win.range(n);
                            let cs = cols.get();
                            let span = cs.len();
                            let visible = items.with(|it| it.get(start..end).unwrap_or_default().to_vec());
                            let body = entities
                                .with(|es| {
                                    visible
                                        .into_iter()
                                        .map(|item| match item {
                                            Item::Header(v, count) => {
                                                view! {
                                                    <tr class="group-row vrow">
                                                        <td colspan=span>
                                                            <b>{if v.is_empty() { "(none)".to_string() } else { v }}</b>
                                                            " · "
                                                            {count}
                                                        </td>
                                                    </tr>
                                                }
                                                    .into_any()
                                            }
                                            Item::Row(i) => {
                                                view! {
                                                    <tr class="entity-row vrow">
                                                        {es
                                                            .get(i)
                                                            .map(|e| {
                                                                cs
                                                                    .iter()
                                                                    .map(|c| {
                                                                        let text = cell(e, c);
                                                                        let title = text.clone();
                                                                        view! {
                                                                            <td title=title>
                                                                                <span class="cut">{text}</span>
                                                                            </td>
                                                                        }
                                                                    })
                                                                    .collect_view()
                                                            })}
                                                    </tr>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()
                                });
                            view! {
                                <Spacer rows=start />
                                {body}
                                <Spacer rows=n - end />
                            }
                        }}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
