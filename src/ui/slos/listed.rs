//! The SLOs the list shows, as positions in the published state: filtering and ordering 500
//! SLOs copies none of them (each SLO holds months of slices, and the state is published every
//! 120 ms while it loads). The table, the chart and the export read the entries through it.

use std::borrow::Borrow;
use std::sync::Arc;

use crate::ui::state::SloData;
use crate::workspace::slo_list::{matches, sort_by, Order};
use crate::workspace::SloEntry;

/// The budget chart's bars at most: beyond, the SLOs that consumed the most budget.
pub(super) const CHART_MAX: usize = 50;

/// The state's entries the filters keep, in the list's order.
#[derive(Clone, Default)]
pub(super) struct Listed {
    state: SloData,
    at: Vec<usize>,
}

/// Equal when it is the same publication listed the same way (a new publication is a new
/// list: its entries may have changed).
impl PartialEq for Listed {
    fn eq(&self, other: &Listed) -> bool {
        Arc::ptr_eq(&self.state, &other.state) && self.at == other.at
    }
}

/// An entry and its position in the state, ordered as the entry.
struct Pos<'a>(usize, &'a SloEntry);

impl Borrow<SloEntry> for Pos<'_> {
    fn borrow(&self) -> &SloEntry {
        self.1
    }
}

impl Listed {
    /// The entries of `state` matching the search (`q`), team and label filters, in `order`.
    pub(super) fn new(state: SloData, filters: [&str; 3], order: Option<Order>) -> Listed {
        let [q, team, label] = filters;
        let at = {
            let mut keep: Vec<Pos> = (state.entries.iter().enumerate())
                .filter(|(_, e)| matches(e, q, team, label))
                .map(|(k, e)| Pos(k, e))
                .collect();
            sort_by(&mut keep, order, state.now_ms);
            keep.into_iter().map(|p| p.0).collect()
        };
        Listed { state, at }
    }

    /// The `i`th listed entry, as a handle that compares by the entry.
    pub(super) fn entry(&self, i: usize) -> Option<Entry> {
        let k = *self.at.get(i)?;
        Some(Entry(self.state.clone(), k))
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &SloEntry> {
        self.at
            .iter()
            .filter_map(|&k| self.state.entries.get(k).map(|e| &**e))
    }

    /// The chart's bars: (name, budget consumed) in list order, at most `CHART_MAX` of them
    /// (those that consumed the most).
    pub(super) fn consumed(&self) -> Vec<(String, f64)> {
        let mut bars: Vec<(usize, &SloEntry, f64)> = (self.iter().enumerate())
            .filter_map(|(i, e)| Some((i, e, e.summary.as_ref()?.window.budget_consumed)))
            .collect();
        if bars.len() > CHART_MAX {
            let most = |c: f64| if c.is_nan() { f64::NEG_INFINITY } else { c };
            crate::core::order::sort_by(&mut bars, |a, b| most(b.2).total_cmp(&most(a.2)));
            bars.truncate(CHART_MAX);
            crate::core::order::sort_by_key(&mut bars, |b| b.0);
        }
        bars.into_iter()
            .map(|(_, e, c)| (e.name.clone(), c))
            .collect()
    }
}

/// One entry of a publication; equal when the entries are.
#[derive(Clone)]
pub(super) struct Entry(SloData, usize);

impl Entry {
    pub(super) fn get(&self) -> Option<&SloEntry> {
        self.0.entries.get(self.1).map(|e| &**e)
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        (Arc::ptr_eq(&self.0, &other.0) && self.1 == other.1) || self.get() == other.get()
    }
}
