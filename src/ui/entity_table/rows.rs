//! The entity table itself: sortable headers (`widgets::SortHeader`, as in the SLO table) and
//! the rows in view (virtualised), under group
//! header rows when grouping is on. Rows are keyed by entity (or group) and written as markup
//! (`web::rows`): a scroll adds and removes only the rows entering or leaving the view, a
//! filter parses the rows it brings in at once, and a change that leaves the rows in view as
//! they were touches none of them.

use std::sync::Arc;

use leptos::html::Tr;
use leptos::prelude::*;

use super::{rebuilt, shown, Loaded, Table};
use crate::core::entity_table::{push_group_row_html, push_row_html};
use crate::ui::virtual_rows::{Spacer, Window};
use crate::ui::widgets::SortHeader;
use crate::web::rows::KeyedRows;

const VIEW_H: f64 = 560.0;

/// A line of the (possibly grouped) table.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Item {
    /// A group's value and its number of rows.
    Header(String, usize),
    /// An entity's index.
    Row(usize),
}

/// Appends `item`'s row to `out`.
fn line(l: &Loaded, cols: &[String], item: &Item, out: &mut String) {
    match item {
        Item::Header(v, count) => push_group_row_html(out, &shown(v), *count, cols.len()),
        Item::Row(i) => {
            if let Some(e) = l.entities().get(*i) {
                push_row_html(out, e, cols);
            }
        }
    }
}

#[component]
pub(super) fn Rows(t: Table) -> impl IntoView {
    // Grouped: group headers and rows as one list, built when the rows or the grouping change.
    let grouped = Memo::new_with_compare(
        move |_| {
            let by = t.group.get();
            if by.is_empty() {
                return None;
            }
            let l = t.loaded.get()?;
            let groups = t.rows.with(|rows| l.index.group(l.entities(), rows, &by));
            let items = groups.into_iter().flat_map(|(v, rows)| {
                std::iter::once(Item::Header(v, rows.len())).chain(rows.into_iter().map(Item::Row))
            });
            Some(Arc::new(items.collect::<Vec<_>>()))
        },
        rebuilt,
    );
    let len = Signal::derive(move || {
        grouped
            .with(|g| g.as_ref().map(|g| g.len()))
            .unwrap_or_else(|| t.rows.with(|r| r.len()))
    });
    // Counts the lists drawn: another filter, search, sort or grouping is another list.
    let list = Memo::new(move |last: Option<&u64>| {
        t.rows.track();
        grouped.track();
        last.map_or(0, |v| v + 1)
    });
    let win = Window::new(VIEW_H);
    let range = win.rows_settling(len, list);
    let visible = Memo::new(move |_| {
        let (start, end) = range.get();
        grouped.with(|g| match g {
            Some(items) => items.get(start..end).unwrap_or_default().to_vec(),
            None => t.rows.with(|r| {
                let rows = r.get(start..end).unwrap_or_default();
                rows.iter().map(|&i| Item::Row(i)).collect()
            }),
        })
    });
    let head = move || {
        t.cols
            .get()
            .into_iter()
            .map(|c| {
                let name = c.clone();
                // Whether the table sorts by this column, and descending.
                let sorted = Memo::new(move |_| {
                    t.sort
                        .with(|s| s.as_ref().filter(|(col, _)| *col == name).map(|s| s.1))
                });
                let label = c.clone();
                view! { <SortHeader label=label sorted=sorted on_sort=move || t.sort_by(&c) /> }
            })
            .collect_view()
    };
    // Another list (a reload) or other columns build the rows anew; otherwise they are keyed.
    let (top, bottom) = (NodeRef::<Tr>::new(), NodeRef::<Tr>::new());
    let shown_rows = StoredValue::new_local(KeyedRows::<Item>::default());
    Effect::new(move |drawn: Option<Option<(Loaded, Vec<String>)>>| {
        let (l, cols) = (t.loaded.get()?, t.cols.get());
        let (after, before) = (top.get()?, bottom.get()?);
        let same = drawn
            .flatten()
            .is_some_and(|(dl, dc)| dl == l && dc == cols);
        shown_rows.update_value(|rows| {
            if !same {
                rows.clear();
            }
            visible.with(|items| {
                rows.show(&after, &before, items, |item, out| {
                    line(&l, &cols, item, out)
                })
            });
        });
        win.settle(list.get_untracked());
        Some((l, cols))
    });
    // Empty only once indexed: while loading, the page's progress line speaks.
    let empty = move || {
        let none = t
            .loaded
            .with(|l| l.as_ref().map(|l| l.entities().is_empty()))?;
        (len.get() == 0).then_some(if none {
            "No entities yet: they come from Kubernetes, Backstage and Prometheus sources (see Sources)."
        } else {
            "No entities match the search and filters."
        })
    };
    view! {
        <div class="card vtable" style:max-height=win.max_height() on:scroll=win.on_scroll()>
            <table class="table compact" id="entity-table">
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>
                    <Spacer node=top rows=Signal::derive(move || range.get().0) />
                    <Spacer
                        node=bottom
                        rows=Signal::derive(move || len.get().saturating_sub(range.get().1))
                    />
                </tbody>
            </table>
            {move || empty().map(|m| view! { <p class="muted" id="entity-empty">{m}</p> })}
        </div>
    }
}
