//! The report's roll-ups: SLOs by team or by service (event-weighted, met counted), and the
//! alerts of the period by how long they fired.

use super::report::{AlertCount, ReportRow, Rollup};
use crate::core::incidents::Incident;

/// `rows` grouped by `key` (`none` names rows without one), in name order.
pub(super) fn rollup(
    rows: &[ReportRow],
    key: impl Fn(&ReportRow) -> &String,
    none: &str,
) -> Vec<Rollup> {
    let mut out: Vec<Rollup> = Vec::new();
    for r in rows {
        let name = Some(key(r))
            .filter(|k| !k.is_empty())
            .map_or(none, String::as_str);
        let i = match out.iter().position(|x| x.name == name) {
            Some(i) => i,
            None => {
                out.push(Rollup {
                    name: name.to_string(),
                    ..Default::default()
                });
                out.len() - 1
            }
        };
        if let Some(g) = out.get_mut(i) {
            if r.current.total.is_finite() {
                g.bad += r.current.bad;
                g.total += r.current.total;
            }
            g.met += usize::from(r.met());
            g.slos += 1;
        }
    }
    crate::core::order::sort_by(&mut out, |a, b| a.name.cmp(&b.name));
    out
}

/// Each alert's firings and their total time, longest first.
pub(super) fn alert_counts(incidents: &[Incident]) -> Vec<AlertCount> {
    let mut out: Vec<AlertCount> = Vec::new();
    for i in incidents {
        match out.iter_mut().find(|a| a.alert == i.alert) {
            Some(a) => {
                a.times += 1;
                a.total_ms += i.duration_ms();
            }
            None => out.push(AlertCount {
                alert: i.alert.clone(),
                times: 1,
                total_ms: i.duration_ms(),
            }),
        }
    }
    crate::core::order::sort_by(&mut out, |a, b| {
        b.total_ms.cmp(&a.total_ms).then(a.alert.cmp(&b.alert))
    });
    out
}
