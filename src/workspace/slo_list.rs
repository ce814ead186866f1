//! The SLO list's rules: which entries a search and filters keep, and the worst-first order.

use super::slos::{SloEntry, SloState};
use crate::core::slo::Status;

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
pub fn sort_worst_first(rows: &mut [SloEntry]) {
    let key = |e: &SloEntry| {
        e.summary
            .as_ref()
            .map(|s| (s.status, s.window.budget_remaining))
            .unwrap_or((Status::NoData, f64::INFINITY))
    };
    rows.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        a.0.cmp(&b.0).then(a.1.total_cmp(&b.1))
    });
}

/// A group of the SLO list: event-weighted SLI over all its SLOs' events, and how many met.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub name: String,
    pub sli: f64,
    pub met: usize,
    pub count: usize,
}

/// Groups rows by "team" or "service" (any other `by`: one group without a head).
pub fn grouped(rows: Vec<SloEntry>, by: &str) -> Vec<(Option<Group>, Vec<SloEntry>)> {
    if by != "team" && by != "service" {
        return vec![(None, rows)];
    }
    let mut groups: std::collections::BTreeMap<String, Vec<SloEntry>> = Default::default();
    for e in rows {
        let key = e
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
            .push(e);
    }
    groups
        .into_iter()
        .map(|(name, entries)| {
            let (bad, total) = entries.iter().filter_map(|e| e.summary.as_ref()).fold((0.0, 0.0), |a, s| (a.0 + s.window.bad, a.1 + s.window.total));
            let met = entries.iter().filter(|e| matches!((&e.slo, &e.summary), (Ok(slo), Some(s)) if s.window.sli >= slo.objective)).count();
            let g = Group { name, sli: if total > 0.0 { 1.0 - bad / total } else { f64::NAN }, met, count: entries.len() };
            (Some(g), entries)
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
