//! The SLO list's rules: which entries a search and filters keep, the worst-first order, the
//! order by a column the user picked (`sort=[-]column` in the URL), and the groups.

use std::borrow::Borrow;
use std::cmp::Ordering;

use super::slos::{SloEntry, SloState};
use crate::core::slo::{Status, BURN_WINDOWS};

/// Search text (name, service, team, description), team, and a `key=value` label filter
/// (any SLO label, or `service`).
pub fn matches(e: &SloEntry, q: &str, team: &str, label: &str) -> bool {
    let Ok(slo) = &e.slo else {
        return q.is_empty() && team.is_empty() && label.is_empty();
    };
    let label_ok = match label.split_once('=') {
        Some((k, v)) => {
            let (k, v) = (k.trim(), v.trim());
            slo.labels.get(k).map(String::as_str) == Some(v) || (k == "service" && slo.service == v)
        }
        None => label.trim().is_empty(),
    };
    let q = q.to_lowercase();
    let text_ok = q.is_empty()
        || [&slo.name, &slo.service, &slo.team, &slo.description]
            .iter()
            .any(|f| f.to_lowercase().contains(&q));
    label_ok && (team.is_empty() || slo.team == team) && text_ok
}

/// Worst first: paging (a page tier fires), then breached, at risk, then by remaining
/// budget; failures at the end.
pub fn sort_worst_first<E: Borrow<SloEntry>>(rows: &mut [E]) {
    let key = |e: &E| {
        e.borrow()
            .summary
            .as_ref()
            .map(|s| (s.status, s.window.budget_remaining))
            .unwrap_or((Status::NoData, f64::INFINITY))
    };
    crate::core::order::sort_by(rows, |a, b| {
        let (a, b) = (key(a), key(b));
        a.0.cmp(&b.0).then(a.1.total_cmp(&b.1))
    });
}

/// A column the list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Name,
    Service,
    Team,
    Objective,
    Window,
    Sli,
    Attainment,
    Budget,
    /// The burn rate over `BURN_WINDOWS[i]`.
    Burn(usize),
    Status,
}

impl Column {
    /// Its name in the URL (`burn-1h` for the burn columns).
    pub fn key(self) -> String {
        let fixed = match self {
            Column::Name => "name",
            Column::Service => "service",
            Column::Team => "team",
            Column::Objective => "objective",
            Column::Window => "window",
            Column::Sli => "sli",
            Column::Attainment => "attainment",
            Column::Budget => "budget",
            Column::Status => "status",
            Column::Burn(i) => {
                let label = BURN_WINDOWS.get(i).map_or("", |(l, _)| *l);
                return format!("burn-{label}");
            }
        };
        fixed.to_string()
    }

    fn parse(key: &str) -> Option<Column> {
        const FIXED: [Column; 9] = [
            Column::Name,
            Column::Service,
            Column::Team,
            Column::Objective,
            Column::Window,
            Column::Sli,
            Column::Attainment,
            Column::Budget,
            Column::Status,
        ];
        let burns = (0..BURN_WINDOWS.len()).map(Column::Burn);
        FIXED.into_iter().chain(burns).find(|c| c.key() == key)
    }

    /// What the column shows for an entry, as it sorts; `None` (an invalid definition, no
    /// figures yet, no data) sorts last whichever the direction.
    fn value(self, e: &SloEntry, now_ms: i64) -> Option<Value> {
        let slo = e.slo.as_ref().ok()?;
        let text = |s: &str| Some(Value::Text(s.to_lowercase()));
        let num = |v: f64| (!v.is_nan()).then_some(Value::Num(v));
        let summary = e.summary.as_ref();
        match self {
            Column::Name => text(&slo.name),
            Column::Service => text(&slo.service),
            Column::Team => text(&slo.team),
            Column::Objective => num(slo.objective),
            Column::Window => num(slo.window.length_at(now_ms) as f64),
            Column::Sli => text(slo.sli_kind()),
            Column::Attainment => num(summary?.window.sli),
            Column::Budget => num(summary?.window.budget_remaining),
            Column::Burn(i) => num(*summary?.burns.get(i)?),
            Column::Status => num(summary?.status as u8 as f64),
        }
    }
}

#[derive(PartialEq, PartialOrd)]
enum Value {
    Text(String),
    Num(f64),
}

/// The order the user picked: a column, ascending or descending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    pub column: Column,
    pub descending: bool,
}

impl Order {
    /// Reads `[-]column` (the `sort` parameter); `None` for anything else (worst first).
    pub fn parse(param: &str) -> Option<Order> {
        let (descending, key) = match param.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, param),
        };
        Column::parse(key).map(|column| Order { column, descending })
    }

    /// The `sort` parameter for this order.
    pub fn param(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.column.key()
        )
    }

    /// The order after a click on `column`'s header: ascending, or descending when the list
    /// was sorted ascending by it.
    pub fn toggle(current: Option<Order>, column: Column) -> Order {
        let descending = current
            == Some(Order {
                column,
                descending: false,
            });
        Order { column, descending }
    }
}

/// The list in `order`, or worst first without one. Ties keep the worst-first order; entries
/// without the column's value (failed, still without figures, no data) come last either way.
/// Entries or references to them (`E`), so a list can be ordered without copying its SLOs.
pub fn sort_by<E: Borrow<SloEntry>>(rows: &mut Vec<E>, order: Option<Order>, now_ms: i64) {
    sort_worst_first(rows);
    let Some(Order { column, descending }) = order else {
        return;
    };
    let mut keyed: Vec<(Option<Value>, E)> = std::mem::take(rows)
        .into_iter()
        .map(|e| (column.value(e.borrow(), now_ms), e))
        .collect();
    crate::core::order::sort_by(&mut keyed, |(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(b).unwrap_or(Ordering::Equal);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    rows.extend(keyed.into_iter().map(|(_, e)| e));
}

/// A group of the SLO list: event-weighted SLI over all its SLOs' events, and how many met.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub name: String,
    pub sli: f64,
    pub met: usize,
    pub count: usize,
}

/// Groups rows by "team" or "service", by name, each with the positions of its rows in `rows`
/// (in their order); any other `by`: one group without a head.
pub fn grouped<E: Borrow<SloEntry>>(rows: &[E], by: &str) -> Vec<(Option<Group>, Vec<usize>)> {
    if by != "team" && by != "service" {
        return vec![(None, (0..rows.len()).collect())];
    }
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, e) in rows.iter().enumerate() {
        let key = e
            .borrow()
            .slo
            .as_ref()
            .map(|s| {
                if by == "team" {
                    s.team.clone()
                } else {
                    s.service.clone()
                }
            })
            .unwrap_or_default();
        groups
            .entry(if key.is_empty() { "(none)".into() } else { key })
            .or_default()
            .push(i);
    }
    groups
        .into_iter()
        .map(|(name, at)| {
            let entries = || at.iter().filter_map(|&i| rows.get(i).map(Borrow::borrow));
            let (bad, total) = entries().filter_map(|e| e.summary.as_ref()).fold((0.0, 0.0), |a, s| (a.0 + s.window.bad, a.1 + s.window.total));
            let met = entries().filter(|e| matches!((&e.slo, &e.summary), (Ok(slo), Some(s)) if s.window.sli >= slo.objective)).count();
            let g = Group { name, sli: if total > 0.0 { 1.0 - bad / total } else { f64::NAN }, met, count: at.len() };
            (Some(g), at)
        })
        .collect()
}

/// The worst status among a service's SLOs (for the inventory's SLO column).
pub fn worst_status(state: &SloState, service: &str) -> Option<Status> {
    state
        .entries
        .iter()
        .filter(|e| e.slo.as_ref().is_ok_and(|s| s.service == service))
        .filter_map(|e| e.summary.as_ref().map(|s| s.status))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::pure_tests::{now, state};

    /// The names in the order `param` sorts `pure_tests::state`'s entries: api (99%, objective
    /// 99.5%, team platform), web (99.93%, 99.9%, platform), db (100%, 99%, no team), and an
    /// invalid definition.
    fn sorted(param: &str) -> Vec<String> {
        let mut rows = state().entries;
        sort_by(&mut rows, Order::parse(param), now());
        rows.iter().map(|e| e.name.clone()).collect()
    }

    #[test]
    fn sorts_by_a_column_either_way_with_failures_last() {
        assert_eq!(sorted(""), ["api", "web", "db", "bad"], "worst first");
        assert_eq!(sorted("attainment"), ["api", "web", "db", "bad"]);
        assert_eq!(sorted("-attainment"), ["db", "web", "api", "bad"]);
        assert_eq!(sorted("-objective"), ["web", "api", "db", "bad"]);
        assert_eq!(sorted("-name"), ["web", "db", "api", "bad"]);
        // Ties keep the worst-first order.
        assert_eq!(sorted("team"), ["db", "api", "web", "bad"]);
        assert_eq!(sorted("-team"), ["api", "web", "db", "bad"]);
        assert_eq!(sorted("nonsense"), sorted(""));
    }

    #[test]
    fn orders_read_write_and_toggle() {
        let burn = Order::parse("-burn-1h").unwrap();
        assert_eq!((burn.column, burn.descending), (Column::Burn(0), true));
        assert_eq!(burn.param(), "-burn-1h");
        assert_eq!(Order::parse("burn-3d").unwrap().column, Column::Burn(3));
        assert_eq!(Order::parse("burn-2h"), None);
        let asc = Order::toggle(None, Column::Budget);
        assert_eq!(asc.param(), "budget");
        assert_eq!(Order::toggle(Some(asc), Column::Budget).param(), "-budget");
        assert_eq!(Order::toggle(Some(burn), Column::Budget).param(), "budget");
    }
}
