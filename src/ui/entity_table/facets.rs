//! The entity table's facets: the filter list beside the table (each value with its count and
//! a checkbox) and the bar charts above it. Each facet and each chart is a memo of its own
//! values, so a click re-renders only the facets whose counts changed, and a chart's SVG is
//! drawn again only when its bars did; within a facet, values are keyed (`<For/>`). The list
//! follows the counts once the frame with the new count and rows is on screen (`Wait::Paint`),
//! the charts once they settle (`Wait::Settle`), so neither delays the table and a word typed
//! draws the charts once.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use super::{shown, Table};
use crate::core::chart::BarChart;
use crate::core::entity_table::{Selection, FACETS};

/// How long the counts stay unchanged before the charts draw them.
const CHART_DELAY: Duration = Duration::from_millis(150);

/// Values listed per facet (the most frequent; chosen ones are always listed too).
const SHOWN: usize = 12;

/// The facets charted above the table, with their titles.
const CHARTS: [(&str, &str); 4] = [
    ("kind", "Entities by kind (filtered)"),
    ("owner", "Entities by owner (filtered)"),
    ("lifecycle", "Entities by lifecycle (filtered)"),
    (
        "health",
        "Entities by health (filtered; scrape targets up/down)",
    ),
];

/// `col`'s most frequent values with their counts.
fn top(s: &Option<Arc<Selection>>, col: &str, n: usize) -> Vec<(String, usize)> {
    (s.iter().flat_map(|s| s.counts.get(col)).flatten())
        .take(n)
        .cloned()
        .collect()
}

/// What a chart of `col` shows: the rows the filters select, all of them. The list's counts
/// for a filtered column ignore that column's own filter (so its other values stay offered);
/// among the selected rows only the chosen values occur, with those same counts.
fn charted(settled: ReadSignal<Settled>, col: &str) -> Vec<(String, usize)> {
    settled.with(|(s, filters)| match filters.get(col) {
        Some(chosen) => top(s, col, usize::MAX)
            .into_iter()
            .filter(|(v, _)| chosen.contains(v))
            .take(SHOWN)
            .collect(),
        None => top(s, col, SHOWN),
    })
}

/// The counts with the filters they were counted under.
type Settled = (Option<Arc<Selection>>, BTreeMap<String, Vec<String>>);

/// When the facets follow the table's counts.
#[derive(Clone, Copy)]
enum Wait {
    /// Once the frame that shows the new count and rows is on screen
    /// (`web::history::after_shown`): the list's lines laid out again cost a 10,000-row
    /// keystroke about 2.5 ms before its result could paint.
    Paint,
    /// Once the counts have not changed for `CHART_DELAY`.
    Settle,
}

/// The table's selection and filters as the facets show them, `wait` after they changed (the
/// first at once): the filters too, so a click redraws its column from the counts made with it.
/// With it, whether a newer selection waits to be shown (`Wait::Paint` only): the list is
/// `aria-busy` meanwhile, so a script clicking on knows when its lines stopped moving.
fn settled(t: Table, wait: Wait) -> (ReadSignal<Settled>, ReadSignal<bool>) {
    let (settled, set) = signal(Settled::default());
    let (behind, set_behind) = signal(false);
    let latest = StoredValue::new(None::<Settled>);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let s = (t.selection.get(), t.filters.get());
        if settled.with_untracked(|(s, _)| s.is_none()) {
            set.set(s);
            return;
        }
        match wait {
            // Changes within one frame are shown together, by one task after it.
            Wait::Paint => {
                if latest.with_value(Option::is_none) {
                    set_behind.set(true);
                    leptos::task::spawn_local(async move {
                        crate::web::history::after_shown().await;
                        if let Some(s) = latest.try_update_value(Option::take).flatten() {
                            set.try_set(s);
                            set_behind.try_set(false);
                        }
                    });
                }
                latest.set_value(Some(s));
            }
            Wait::Settle => {
                if let Some(h) = pending.get_value() {
                    h.clear();
                }
                let later = move || {
                    set.try_set(s);
                };
                pending.set_value(set_timeout_with_handle(later, CHART_DELAY).ok());
            }
        }
    });
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    });
    (settled, behind)
}

#[component]
pub(super) fn FacetCharts(t: Table) -> impl IntoView {
    let (counts, _) = settled(t, Wait::Settle);
    view! {
        <div class="grid-halves">
            {CHARTS
                .iter()
                .map(|&(facet, title)| {
                    let chart = Memo::new(move |_| BarChart {
                        bars: charted(counts, facet)
                            .into_iter()
                            .map(|(k, n)| (shown(&k), vec![(0, n as f64)]))
                            .collect(),
                        width: 560,
                        theme: t.ws.theme.get(),
                    });
                    view! { <super::super::chart::BarChartView chart=chart title=title /> }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub(super) fn FacetList(t: Table) -> impl IntoView {
    // Alphabetical, as the counts are kept.
    let mut cols = FACETS;
    cols.sort_unstable();
    let (counts, behind) = settled(t, Wait::Paint);
    view! {
        <aside
            class="facets card"
            aria-label="Filters"
            aria-busy=move || behind.get().then_some("true")
        >
            {cols.into_iter().map(|col| view! { <Facet t=t counts=counts col=col /> }).collect_view()}
        </aside>
    }
}

/// One facet: its values (value, count, chosen), each in a line of its own that stays: a new
/// count or order changes the lines' text, and no element is built or removed (nor the one
/// just clicked, which keeps the focus).
#[component]
fn Facet(t: Table, counts: ReadSignal<Settled>, col: &'static str) -> impl IntoView {
    let values = Memo::new(move |_| {
        let (list, chosen) = counts.with(|(s, f)| (top(s, col, usize::MAX), f.get(col).cloned()));
        let chosen = chosen.unwrap_or_default();
        let mut values: Vec<(String, usize, bool)> = list
            .into_iter()
            .enumerate()
            .filter(|(i, (v, _))| *i < SHOWN || chosen.contains(v))
            .map(|(_, (v, n))| {
                let on = chosen.contains(&v);
                (v, n, on)
            })
            .collect();
        // A chosen value no row has any more stays listed, so it can be unchosen.
        for v in chosen {
            if !values.iter().any(|(x, _, _)| *x == v) {
                values.push((v, 0, true));
            }
        }
        values
    });
    let line = move |i: usize| {
        let at = move |f: fn(&(String, usize, bool)) -> String| {
            values.with(|vs| vs.get(i).map(f).unwrap_or_default())
        };
        let on = move || values.with(|vs| vs.get(i).is_some_and(|v| v.2));
        let toggle = move |_| {
            if let Some(v) = values.with_untracked(|vs| vs.get(i).map(|v| v.0.clone())) {
                t.toggle(col, &v);
            }
        };
        view! {
            <label class="facet-value">
                <input type="checkbox" prop:checked=on on:change=toggle />
                <span>{move || at(|v| shown(&v.0))}</span>
                <span class="muted">{move || at(|v| v.1.to_string())}</span>
            </label>
        }
    };
    view! {
        <div class="facet" data-facet=col>
            <h3>{col}</h3>
            <For each=move || 0..values.with(Vec::len) key=|i| *i children=line />
        </div>
    }
}
