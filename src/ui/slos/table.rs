//! The SLO table: sortable headers over the whole list — group heads, SLOs, then definitions
//! still waiting for their source — as one list of keyed lines. Up to `WHOLE_UP_TO` lines it
//! is a plain table (the browser's find and printing see every row); longer, only the lines in
//! view are rendered (`virtual_rows`: 500 SLOs laid out at once were a 220 ms task), in fixed
//! columns so widths do not jump while scrolling. A line is keyed by what it is (a group, an
//! SLO, a waiting definition, by name) and reads its data from the list through memos of its
//! own: a row whose SLO's figures arrive is re-rendered in place, a row that only moved keeps
//! its DOM (its `aria-rowindex` follows). The table says how many SLO rows the list has and
//! how many have their answer (`data-rows`, `data-loaded`, `aria-rowcount`; `aria-busy` until
//! all have), whatever is rendered.

use std::collections::HashMap;

use leptos::prelude::*;

use super::listed::{Entry, Listed};
use super::rows::{group_row, pending_row, slo_row};
use crate::core::slo::BURN_WINDOWS;
use crate::ui::state::use_ws;
use crate::ui::virtual_rows::{whole, Spacer, Window, WHOLE_UP_TO};
use crate::ui::widgets::SortHeader;
use crate::workspace::slo_list::{grouped, Column, Group, Order};
use crate::workspace::{PendingSlo, SloEntry};

/// The height of a long table's scrolling card.
const VIEW_H: f64 = 600.0;

/// Columns of the table (the burns' count follows `BURN_WINDOWS`).
pub(super) const COLUMN_COUNT: usize = 10 + BURN_WINDOWS.len();

/// A column: its header, what it sorts by, numeric (right-aligned), its `<col>` class (widths
/// of the fixed layout, `style/slo_table.css`).
struct Col {
    label: String,
    sorts: Option<Column>,
    num: bool,
    class: &'static str,
}

fn columns() -> Vec<Col> {
    let col = |label: &str, sorts, num, class| Col {
        label: label.to_string(),
        sorts,
        num,
        class,
    };
    let mut cols = vec![
        col("SLO", Some(Column::Name), false, "c-name"),
        col("Service", Some(Column::Service), false, "c-text"),
        col("Team", Some(Column::Team), false, "c-text"),
        col("Objective", Some(Column::Objective), true, "c-num"),
        col("Window", Some(Column::Window), false, "c-num"),
        col("SLI", Some(Column::Sli), false, "c-num"),
        col("Attainment", Some(Column::Attainment), true, "c-num"),
        col("Budget left", Some(Column::Budget), true, "c-budget"),
    ];
    cols.extend(
        BURN_WINDOWS
            .iter()
            .enumerate()
            .map(|(i, (l, _))| col(&format!("Burn {l}"), Some(Column::Burn(i)), true, "c-burn")),
    );
    cols.push(col("Alert", None, false, "c-num"));
    cols.push(col("Status", Some(Column::Status), false, "c-status"));
    cols
}

/// What a line is, by name (`usize`: which of several definitions of one name).
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Group(String),
    Slo(String, usize),
    Pending(String, usize),
}

/// Where a line's data is: the group, or its place in the rows or the pending list.
#[derive(Clone, PartialEq)]
enum At {
    Group(Group),
    Slo(usize),
    Pending(usize),
}

/// The table's lines in order, where each one's data is, and the counts it shows.
#[derive(Default, PartialEq)]
struct Lines {
    keys: Vec<Key>,
    at: HashMap<Key, (usize, At)>,
    /// SLO rows (with their answer or waiting) and those with their answer.
    slos: usize,
    loaded: usize,
}

impl Lines {
    fn new(rows: &[&SloEntry], pending: &[PendingSlo], by: &str) -> Lines {
        let mut l = Lines {
            slos: rows.len() + pending.len(),
            loaded: rows.len(),
            ..Lines::default()
        };
        let mut seen: HashMap<(bool, &str), usize> = HashMap::new();
        let mut nth = |pending, name| {
            let n = seen.entry((pending, name)).or_default();
            *n += 1;
            *n - 1
        };
        for (head, members) in grouped(rows, by) {
            if let Some(g) = head {
                l.push(Key::Group(g.name.clone()), At::Group(g));
            }
            for i in members {
                if let Some(e) = rows.get(i) {
                    l.push(Key::Slo(e.name.clone(), nth(false, &e.name)), At::Slo(i));
                }
            }
        }
        for (j, p) in pending.iter().enumerate() {
            l.push(
                Key::Pending(p.name.clone(), nth(true, &p.name)),
                At::Pending(j),
            );
        }
        l
    }

    fn push(&mut self, key: Key, at: At) {
        self.at.insert(key.clone(), (self.keys.len(), at));
        self.keys.push(key);
    }
}

/// A line's data.
#[derive(Clone, PartialEq)]
enum Line {
    Group(Group),
    Slo(Entry),
    Pending(PendingSlo),
}

/// The table's reactive inputs, shared by its lines.
#[derive(Clone, Copy)]
struct Source {
    lines: Memo<Lines>,
    rows: Memo<Listed>,
    pending: Memo<Vec<PendingSlo>>,
    now: Memo<i64>,
}

/// One keyed line: its place and its data are memos, so the row is rebuilt only when its
/// data changed, and only its `aria-rowindex` follows when it moved.
fn line(src: Source, key: Key) -> impl IntoView {
    let found = Memo::new(move |_| src.lines.try_with(|l| l.at.get(&key).cloned()).flatten());
    let at = Memo::new(move |_| found.get().map(|(i, _)| i));
    let data = Memo::new(move |_| match found.get()?.1 {
        At::Group(g) => Some(Line::Group(g)),
        At::Slo(i) => src.rows.try_with(|r| r.entry(i))?.map(Line::Slo),
        At::Pending(j) => src
            .pending
            .try_with(|p| p.get(j).cloned())?
            .map(Line::Pending),
    });
    move || {
        data.try_get().flatten().and_then(|d| match d {
            Line::Group(g) => Some(group_row(g, at)),
            Line::Slo(e) => Some(slo_row(e.get()?.clone(), at, src.now.get_untracked())),
            Line::Pending(p) => Some(pending_row(p, at)),
        })
    }
}

/// The header row: each sortable header a `SortHeader` (▲ ascending, ▼ descending).
fn head(order: Memo<Option<Order>>) -> impl IntoView {
    let ws = use_ws();
    let cells = columns().into_iter().map(move |c| {
        let class = if c.num { "num" } else { "" };
        let Some(column) = c.sorts else {
            return view! { <th class=class>{c.label}</th> }.into_any();
        };
        let sorted = Signal::derive(move || {
            order
                .try_get()
                .flatten()
                .filter(|o| o.column == column)
                .map(|o| o.descending)
        });
        let sort = move || {
            let next = Order::toggle(order.get_untracked(), column);
            ws.replace(ws.route.get_untracked().with("sort", &next.param()));
        };
        view! { <SortHeader label=c.label sorted=sorted class=class on_sort=sort /> }.into_any()
    });
    view! { <tr aria-rowindex="1">{cells.collect_view()}</tr> }
}

#[component]
pub(super) fn SloTable(
    rows: Memo<Listed>,
    pending: Memo<Vec<PendingSlo>>,
    group: Signal<String>,
    order: Memo<Option<Order>>,
) -> impl IntoView {
    let ws = use_ws();
    // try_with: these can run once more while the page is torn down.
    let lines = Memo::new(move |_| {
        let by = group.try_get().unwrap_or_default();
        rows.try_with(|r| {
            let r: Vec<&SloEntry> = r.iter().collect();
            pending.try_with(|p| Lines::new(&r, p, &by))
        })
        .flatten()
        .unwrap_or_default()
    });
    let now = Memo::new(move |_| ws.slos.with(|d| d.as_ref().map_or(0, |d| d.now_ms)));
    let src = Source {
        lines,
        rows,
        pending,
        now,
    };
    let len = Signal::derive(move || lines.with(|l| l.keys.len()));
    let windowed = Memo::new(move |_| len.get() > WHOLE_UP_TO);
    let count = move |f: fn(&Lines) -> usize| move || lines.with(f);
    // A list crossing WHOLE_UP_TO builds the table anew (a fresh scroll position).
    move || {
        let win = windowed.get().then(|| Window::new(VIEW_H));
        let range = win.map_or_else(|| whole(len), |w| w.rows(len));
        let visible = Memo::new(move |_| {
            let (start, end) = range.get();
            lines.with(|l| l.keys.get(start..end).unwrap_or_default().to_vec())
        });
        let spacer = move |rows: Signal<usize>| win.map(|_| view! { <Spacer rows=rows /> });
        view! {
            <div
                class="card table-wrap slo-table-wrap"
                class:vtable=win.is_some()
                style:max-height=win.map(|w| w.max_height())
                on:scroll=move |ev| {
                    if let Some(w) = win {
                        w.on_scroll()(ev)
                    }
                }
            >
                <table
                    class="table"
                    class:fixed=win.is_some()
                    id="slo-table"
                    aria-rowcount=move || len.get() + 1
                    data-rows=count(|l| l.slos)
                    data-loaded=count(|l| l.loaded)
                    aria-busy=move || lines.with(|l| (l.loaded < l.slos).then_some("true"))
                >
                    <colgroup>
                        {columns().into_iter().map(|c| view! { <col class=c.class /> }).collect_view()}
                    </colgroup>
                    <thead>{head(order)}</thead>
                    <tbody>
                        {spacer(Signal::derive(move || range.get().0))}
                        <For
                            each=move || visible.get()
                            key=|k| k.clone()
                            children=move |k| line(src, k)
                        />
                        {spacer(Signal::derive(move || len.get().saturating_sub(range.get().1)))}
                    </tbody>
                </table>
                {win
                    .map(|_| {
                        view! {
                            <p class="muted print-note">
                                "A long list prints the rows in view only: Export CSV holds every SLO."
                            </p>
                        }
                    })}
                <Show when=move || len.try_get() == Some(0)>
                    <p class="muted">"No SLO matches the filters."</p>
                </Show>
            </div>
        }
    }
}
