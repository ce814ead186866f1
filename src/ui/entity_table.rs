//! The entity table: every entity from every inventory source, 10,000+ rows kept smooth by
//! rendering only the visible rows; facets with counts, free text, chosen columns (any label),
//! sorting, grouping, and CSV/JSON export of exactly the filtered rows. All state is in the URL.
//!
//! Each step is a memo of its own inputs, so a change recomputes only what depends on it: the
//! search (`hits`) only when the text changes, the filters and facet counts (`selection`) when
//! the hits or filters do, the order (`rows`) when those or the sort do — never the facet
//! counts on a sort. All of it runs over `core::entity_table::EntityIndex`, built once per
//! load; facets, charts and rows re-render only the parts whose values changed.

mod facets;
mod rows;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use leptos::prelude::*;

use super::state::{use_ws, Workspace};
use crate::core::entity_table::{
    to_csv, to_json, EntityIndex, IndexBuilder, Query, Selection, COLUMNS, FACETS,
};
use crate::core::inventory::Entity;
use crate::workspace::Inventory;

/// Rows indexed at a time, and how long (ms) indexing runs before the page may paint and take
/// input: the index of 10,000 entities was built in the task that then drew the table, one
/// task of 125-145 ms on a slow machine.
const INDEX_PIECE: usize = 1_000;
const INDEX_TASK_MS: i64 = 8;
const DEFAULT_COLS: &str = "kind,name,namespace,service,owner,cluster,version,replicas,health";

/// The loaded entities with their index; equal only to itself (a reload is another list).
#[derive(Clone)]
struct Loaded {
    inv: Arc<Inventory>,
    index: Arc<EntityIndex>,
}

thread_local! {
    /// The last list indexed, so a page built again for the same inventory (coming back to
    /// it; today also every change of the route's parameters, `ui/app.rs`) finds its index.
    static LAST: RefCell<Option<Loaded>> = const { RefCell::new(None) };
}

impl Loaded {
    fn entities(&self) -> &[Entity] {
        &self.inv.entities
    }

    /// The kept index of `inv`, if it was indexed last.
    fn kept(inv: &Arc<Inventory>) -> Option<Loaded> {
        LAST.with_borrow(|l| l.as_ref().filter(|l| Arc::ptr_eq(&l.inv, inv)).cloned())
    }
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Loaded) -> bool {
        Arc::ptr_eq(&self.inv, &other.inv)
    }
}

/// The rows a search found, with what it looked for in which index.
#[derive(Clone)]
struct Found {
    needle: String,
    index: Arc<EntityIndex>,
    hits: Arc<Vec<bool>>,
}

/// Equal when the same rows were found (another needle finding them changes nothing after).
impl PartialEq for Found {
    fn eq(&self, other: &Found) -> bool {
        Arc::ptr_eq(&self.index, &other.index) && self.hits == other.hits
    }
}

/// How an empty value reads.
fn shown(v: &str) -> String {
    if v.is_empty() {
        "(none)".to_string()
    } else {
        v.to_string()
    }
}

/// Always "changed": for memos whose value is rebuilt only when an input changed.
fn rebuilt<T>(_: Option<&T>, _: Option<&T>) -> bool {
    true
}

/// The table's state, shared by its parts (all memos, so `Copy`).
#[derive(Clone, Copy)]
struct Table {
    loaded: Memo<Option<Loaded>>,
    filters: Memo<BTreeMap<String, Vec<String>>>,
    selection: Memo<Option<Arc<Selection>>>,
    /// Shown rows (entity indices) in display order.
    rows: Memo<Arc<Vec<usize>>>,
    cols: Memo<Vec<String>>,
    /// (column, descending)
    sort: Memo<Option<(String, bool)>>,
    group: Memo<String>,
    ws: Workspace,
}

impl Table {
    fn new() -> Table {
        let ws = use_ws();
        let param = move |k: &'static str| {
            Memo::new(move |_| {
                ws.route
                    .with(|r| r.param(k).unwrap_or_default().to_string())
            })
        };
        let (text, group, cols_param) = (param("q"), param("group"), param("cols"));
        let filters = Memo::new(move |_| ws.route.with(|r| Query::from_params(&r.params).filters));
        let sort = Memo::new(move |_| ws.route.with(|r| Query::from_params(&r.params).sort));
        let cols = Memo::new(move |_| -> Vec<String> {
            cols_param.with(|c| {
                let c = if c.is_empty() { DEFAULT_COLS } else { c };
                c.split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect()
            })
        });
        // Indexed a piece at a time: 100,000 entities must not hold the page for long. The
        // facets and the columns shown are interned as it goes (a shown column interned later
        // was one 130 ms task at 100,000 entities, its values all distinct).
        let indexed = LocalResource::new(move || {
            let inv = ws.inventory.get();
            async move {
                let inv = inv?;
                if let Some(l) = Loaded::kept(&inv) {
                    return Some(l);
                }
                let shown = cols.get_untracked();
                let mut interned = FACETS.to_vec();
                for c in &shown {
                    if !interned.contains(&c.as_str()) {
                        interned.push(c);
                    }
                }
                let mut b = IndexBuilder::new(inv.entities.len(), &interned);
                let mut since = crate::web::now_ms();
                for piece in inv.entities.chunks(INDEX_PIECE) {
                    b.add(piece);
                    // Also after the last piece: the table is drawn in a task of its own.
                    if crate::web::now_ms() - since >= INDEX_TASK_MS {
                        crate::web::fetch::sleep(0).await;
                        since = crate::web::now_ms();
                    }
                }
                let l = Loaded {
                    inv,
                    index: Arc::new(b.finish()),
                };
                LAST.set(Some(l.clone()));
                Some(l)
            }
        });
        // A kept index is there at once (the resource answers a moment later).
        let loaded = Memo::new(move |_| {
            (indexed.get().flatten())
                .or_else(|| ws.inventory.get().and_then(|inv| Loaded::kept(&inv)))
        });
        let hits = Memo::new(move |prev: Option<&Option<Found>>| {
            let needle = text.get().to_lowercase();
            let l = loaded.get()?;
            // Typing on narrows the last answer (its rows are the only candidates).
            let narrowed = prev
                .cloned()
                .flatten()
                .filter(|p| Arc::ptr_eq(&p.index, &l.index) && needle.contains(p.needle.as_str()));
            let hits = match narrowed {
                Some(p) => l.index.narrow(l.entities(), &needle, &p.hits),
                None => l.index.search(l.entities(), &needle),
            };
            Some(Found {
                needle,
                index: l.index,
                hits: Arc::new(hits),
            })
        });
        let selection = Memo::new_with_compare(
            move |_| {
                let hits = hits.get()?.hits;
                let l = loaded.get()?;
                let s = filters.with(|f| l.index.select(l.entities(), &hits, f, &FACETS));
                Some(Arc::new(s))
            },
            rebuilt,
        );
        let rows = Memo::new_with_compare(
            move |_| {
                let (Some(l), Some(s)) = (loaded.get(), selection.get()) else {
                    return Arc::default();
                };
                let rows = sort.with(|by| l.index.ordered(l.entities(), &s.pass, by.as_ref()));
                Arc::new(rows)
            },
            rebuilt,
        );
        Table {
            loaded,
            filters,
            selection,
            rows,
            cols,
            sort,
            group,
            ws,
        }
    }

    /// Sets one URL parameter (the route is the table's state).
    fn set(&self, k: &str, v: String) {
        let ws = self.ws;
        ws.replace(ws.route.get_untracked().with(k, &v));
    }

    /// Sorts by `col`, or the other way round when it already sorts by it.
    fn sort_by(&self, col: &str) {
        let same = self
            .sort
            .with_untracked(|s| s.as_ref().is_some_and(|(c, desc)| c == col && !desc));
        self.set(
            "sort",
            if same {
                format!("-{col}")
            } else {
                col.to_string()
            },
        );
    }

    /// Adds or removes `value` from the filter on `col`.
    fn toggle(&self, col: &str, value: &str) {
        let mut vals = self
            .filters
            .with_untracked(|f| f.get(col).cloned().unwrap_or_default());
        match vals.iter().position(|v| v == value) {
            Some(p) => {
                vals.remove(p);
            }
            None => vals.push(value.to_string()),
        }
        self.set(&format!("f.{col}"), vals.join(","));
    }
}

#[component]
pub fn EntityTable() -> impl IntoView {
    let ws = use_ws();
    let t = Table::new();
    // A shown column sorts at once on its first click: each one's values are interned and
    // ordered ahead, a task per column once the table is painted. On the click, that work and
    // the sort's Wasm compiled on first call made it the page's slowest (first sort 45 ms at
    // 100,000 rows, then 15).
    Effect::new(move |_| {
        let (Some(l), cols) = (t.loaded.get(), t.cols.get()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            for c in cols {
                crate::web::history::after_paint().await;
                l.index.column(l.entities(), &c).order();
            }
        });
    });
    // The columns list offers every label key: gathered when the field is first used.
    let keys_wanted = RwSignal::new(false);
    let label_keys = Memo::new(move |_| {
        if !keys_wanted.get() {
            return BTreeSet::new();
        }
        t.loaded.with(|l| {
            (l.iter().flat_map(|l| l.entities()))
                .flat_map(|e| e.labels.keys().cloned())
                .collect::<BTreeSet<_>>()
        })
    });
    let export = move |json: bool| {
        let (Some(l), rows, cols) = (
            t.loaded.get_untracked(),
            t.rows.get_untracked(),
            t.cols.get_untracked(),
        ) else {
            return;
        };
        let (text, name, mime) = if json {
            (
                to_json(l.entities(), &rows, &cols),
                "headroom-entities.json",
                "application/json",
            )
        } else {
            (
                to_csv(l.entities(), &rows, &cols),
                "headroom-entities.csv",
                "text/csv",
            )
        };
        let _ = crate::web::download::download(name, mime, &text);
    };
    let count = move || {
        let total = t
            .loaded
            .with(|l| l.as_ref().map_or(0, |l| l.entities().len()));
        format!("{} of {total} entities", t.rows.with(|r| r.len()))
    };
    view! {
        <div class="toolbar">
            <input
                type="search"
                placeholder="Search every field and label"
                aria-label="Search entities"
                prop:value=move || ws.route.with(|r| r.param("q").unwrap_or_default().to_string())
                on:input=move |ev| t.set("q", event_target_value(&ev))
            />
            <input
                aria-label="Columns"
                list="entity-columns"
                class="cols-input"
                title="Comma-separated columns; label:<key> shows any label"
                prop:value=move || t.cols.get().join(",")
                on:focus=move |_| keys_wanted.set(true)
                on:change=move |ev| t.set("cols", event_target_value(&ev))
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
                prop:value=move || t.group.get()
                on:change=move |ev| t.set("group", event_target_value(&ev))
            >
                <option value="">"No grouping"</option>
                {FACETS
                    .iter()
                    .map(|c| view! { <option value=*c>{format!("Group by {c}")}</option> })
                    .collect_view()}
            </select>
            <span class="muted" id="entity-count">
                {count}
            </span>
            <super::widgets::ExportButtons what="entities" export=export />
        </div>
        <facets::FacetCharts t=t />
        <super::widgets::Later>
            <div class="entity-layout">
                <facets::FacetList t=t />
                <rows::Rows t=t />
            </div>
        </super::widgets::Later>
    }
}
