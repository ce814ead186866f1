//! Inventory: one row per service joined across Kubernetes, Backstage and Prometheus, with
//! its SLO status; facet and text filters kept in the URL; CSV/JSON export of what is shown.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::chart::BarChartView;
use super::inventory_history::{InventoryHistory, PagingProgress};
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading, PageHeader, Tile};
use crate::core::chart::BarChart;
use crate::core::inventory::{service_matches, services_csv, services_json, ServiceRow};
use crate::workspace::SourceIssue;

mod services;
mod shown;
use services::ServiceTable;
use shown::Shown;

/// Palette slots of the replica chart: versions in these colours, missing replicas in orange.
const VERSION_COLORS: [usize; 4] = [0, 2, 3, 5];
const MISSING_COLOR: usize = 1;
/// Bars in the replica chart: the services missing most replicas, then the largest.
const MAX_REPLICA_BARS: usize = 40;

#[component]
fn Issues(issues: Vec<SourceIssue>) -> impl IntoView {
    issues
        .into_iter()
        .map(|i| {
            view! {
                <ErrorBox
                    title=format!("Source {} failed; the rest is shown", i.source)
                    message=i.error.to_string()
                />
            }
        })
        .collect_view()
}

#[component]
pub fn InventoryPage() -> impl IntoView {
    let ws = use_ws();
    // Memos: the entity table's parameters change the route too, and must not refilter services.
    let param = move |k: &'static str| {
        Memo::new(move |_| {
            ws.route
                .with(|r| r.param(k).unwrap_or_default().to_string())
        })
    };
    let (q, owner) = (param("q"), param("owner"));
    let entities_mode = Memo::new(move |_| ws.route.with(|r| r.param("mode") == Some("entities")));
    let set_param =
        move |k: &'static str, v: String| ws.replace(ws.route.get_untracked().with(k, &v));
    // The services shown (and charted): the entity table's search is its own, not theirs.
    let rows = Memo::new(move |_| {
        let (q, owner) = if entities_mode.get() {
            Default::default()
        } else {
            (q.get(), owner.get())
        };
        ws.inventory
            .get()
            .map(|inv| Shown::of(inv, |r| service_matches(r, &q, &owner)))
            .unwrap_or_default()
    });
    let owners = Memo::new(move |_| {
        let inv = ws.inventory.get().unwrap_or_default();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in inv.services.iter() {
            *counts
                .entry(r.owner.as_deref().unwrap_or("(none)"))
                .or_default() += 1;
        }
        (counts.into_iter())
            .map(|(o, n)| (o.to_string(), n))
            .collect::<Vec<_>>()
    });
    let versions = Signal::derive(move || {
        // Available replicas per running version (blue, green, purple …), then the missing ones.
        let rows = rows.read();
        // The first 40 in (most missing, most desired, list order), without sorting them all.
        let mut chosen: Vec<(usize, &ServiceRow)> = rows.iter().enumerate().collect();
        let key = |&(i, r): &(usize, &ServiceRow)| {
            let missing = r.desired.saturating_sub(r.available);
            (std::cmp::Reverse(missing), std::cmp::Reverse(r.desired), i)
        };
        if chosen.len() > MAX_REPLICA_BARS {
            chosen.select_nth_unstable_by_key(MAX_REPLICA_BARS, key);
            chosen.truncate(MAX_REPLICA_BARS);
        }
        crate::core::order::sort_by_key(&mut chosen, key);
        let bars = chosen
            .into_iter()
            .map(|(_, r)| {
                // Oldest version first (0.9.1 before 0.10.0), so colours follow the rollout.
                let mut parts: Vec<(usize, f64)> = crate::core::version::ordered(&r.versions)
                    .into_iter()
                    .enumerate()
                    .map(|(i, (_, n))| (VERSION_COLORS[i % VERSION_COLORS.len()], *n as f64))
                    .collect();
                parts.push((MISSING_COLOR, r.desired.saturating_sub(r.available) as f64));
                (r.service.clone(), parts)
            })
            .collect();
        BarChart {
            bars,
            width: 560,
            theme: ws.theme.get(),
        }
    });
    let skew = Signal::derive(move || {
        let inv = ws.inventory.get().unwrap_or_default();
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for n in inv.entities.iter().filter(|e| e.kind == "Node") {
            if let Some(v) = &n.version {
                counts.entry(format!("kubelet {v}")).or_default().0 += 1;
            }
            if let Some(r) = n.labels.get("runtime") {
                counts.entry(format!("runtime {r}")).or_default().1 += 1;
            }
        }
        let bars = counts
            .into_iter()
            .map(|(k, (a, b))| (k, vec![(if a > 0 { 0 } else { 3 }, (a + b) as f64)]))
            .collect();
        BarChart {
            bars,
            width: 560,
            theme: ws.theme.get(),
        }
    });
    let ci = Signal::derive(move || {
        let runs = ws.runs.get().unwrap_or_default();
        let mut per: BTreeMap<&str, Vec<&crate::core::inventory::CiRun>> = BTreeMap::new();
        for r in &runs.runs {
            per.entry(r.repo.as_str()).or_default().push(r);
        }
        let bars = per
            .into_iter()
            .filter_map(|(repo, rs)| {
                let (ok, n) = crate::core::delivery::outcomes(rs);
                (n > 0).then(|| {
                    (
                        repo.to_string(),
                        vec![(
                            if (ok as f64) < 0.9 * n as f64 { 1 } else { 2 },
                            100.0 * ok as f64 / n as f64,
                        )],
                    )
                })
            })
            .collect();
        BarChart {
            bars,
            width: 560,
            theme: ws.theme.get(),
        }
    });
    let export = move |json: bool| {
        let rs = rows.with_untracked(Shown::to_vec);
        if json {
            let _ = crate::web::download::download(
                "headroom-inventory.json",
                "application/json",
                &services_json(&rs),
            );
        } else {
            let _ = crate::web::download::download(
                "headroom-inventory.csv",
                "text/csv",
                &services_csv(&rs),
            );
        }
    };
    view! {
        <PageHeader
            title="Inventory"
            subtitle="Services joined across Kubernetes, Backstage and Prometheus, with their SLO status"
        >
            <super::widgets::ExportButtons what="services" export=export />
        </PageHeader>
        <Suspense fallback=|| {
            view! {
                <Loading what="inventory" />
                <PagingProgress />
            }
        }>
            {move || Suspend::new(async move {
                let inv = ws.inventory.await;
                let c = &inv.counts;
                let (kubelets, drift) = (&c.kubelet_versions, c.drifting);
                view! {
                    <Issues issues=inv.issues.clone() />
                    <div class="tiles">
                        <Tile
                            label="Services"
                            value=inv.services.len().to_string()
                            sub=format!("{} entities from all sources", inv.entities.len())
                        />
                        <Tile
                            label="Clusters"
                            value=c.clusters.to_string()
                            sub=format!("{} nodes", c.nodes)
                        />
                        <Tile
                            label="Kubelet versions"
                            value=kubelets.len().to_string()
                            sub=kubelets.join(", ")
                            tone={if kubelets.len() > 1 { "warn" } else { "" }}
                        />
                        <Tile
                            label="Version drift"
                            value=drift.to_string()
                            sub="services running several versions within an environment"
                            tone={if drift > 0 { "warn" } else { "" }}
                        />
                    </div>
                }
            })}
        </Suspense>
        <div class="mode-switch toolbar" role="tablist">
            <a class="button" class:active=move || !entities_mode.get() href="#/inventory">
                "Services"
            </a>
            <a class="button" class:active=move || entities_mode.get() href="#/inventory?mode=entities">
                "All entities"
            </a>
        </div>
        <Show when=move || entities_mode.get()>
            <super::entity_table::EntityTable />
        </Show>
        <Show when=move || !entities_mode.get()>
            <div class="toolbar">
                <input
                    type="search"
                    placeholder="Search services, owners, systems"
                    aria-label="Search inventory"
                    prop:value=q
                    on:input=move |ev| set_param("q", event_target_value(&ev))
                />
                <select
                    aria-label="Owner"
                    prop:value=owner
                    on:change=move |ev| set_param("owner", event_target_value(&ev))
                >
                    <option value="">"All owners"</option>
                    {move || {
                        owners
                            .get()
                            .into_iter()
                            .map(|(o, n)| {
                                let chosen = owner.with(|w| *w == o);
                                view! { <option value=o.clone() selected=chosen>{format!("{o} ({n})")}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <span class="muted">
                    {move || format!("{} services shown", rows.try_with(Shown::len).unwrap_or(0))}
                </span>
            </div>
            <ServiceTable rows=rows />
        </Show>
        <super::widgets::Later>
            <div class="grid-halves">
                <BarChartView
                    chart=skew
                    title="Fleet skew: nodes per kubelet and container-runtime version"
                    loading=Signal::derive(move || ws.inventory.with(Option::is_none))
                />
                <BarChartView
                    chart=versions
                    loading=Signal::derive(move || ws.inventory.with(Option::is_none))
                    title="Replicas per service: available per running version, and missing (up to 40 services, most missing first)"
                    legend=vec![
                        (VERSION_COLORS[0], "oldest running version".to_string()),
                        (VERSION_COLORS[1], "next".to_string()),
                        (VERSION_COLORS[2], "third".to_string()),
                        (VERSION_COLORS[3], "fourth and later".to_string()),
                        (MISSING_COLOR, "missing (desired − available)".to_string()),
                    ]
                />
                <BarChartView
                    chart=ci
                    title="CI success rate per repository (%)"
                    loading=Signal::derive(move || ws.runs.with(Option::is_none))
                    legend=vec![(2, "≥ 90%".to_string()), (1, "< 90%".to_string())]
                />
            </div>
            <InventoryHistory />
            <p class="muted">
                "DORA and CI health per team and repository are on the "
                <a href="#/delivery">"Delivery"</a>" page."
            </p>
        </super::widgets::Later>
    }
}
