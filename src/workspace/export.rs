//! Exports built from loaded workspace state, as pure functions: the SLO list CSV (with each
//! SLO's alert state). Exports over core types live beside them in `core` (inventory,
//! entities, DORA, CI health); the report's in [`super::report`].

use super::fleet::Timeline;
use std::borrow::Borrow;

use super::slos::{applied, SloEntry};
use crate::core::csv;
use crate::core::model::Labels;
use crate::core::slo::exclusions::Exclusion;
use crate::core::slo::Figures;

/// The exported columns, in order (documented in the README). New columns go last, so
/// existing column indices stay valid.
pub const SLO_CSV_COLUMNS: [&str; 18] = [
    "slo",
    "service",
    "team",
    "objective",
    "window",
    "method",
    "good_events",
    "total_events",
    "sli",
    "budget_remaining",
    "budget_consumed",
    "burn_1h",
    "burn_6h",
    "burn_1d",
    "burn_3d",
    "alert_state",
    "flags",
    "excluded",
];

/// The SLO's alert state: "firing"/"pending" from live alerts naming it (Pyrra's `slo`,
/// Sloth's `sloth_id`/`sloth_slo`, or its service), else from the ALERTS history at now;
/// "inactive" when alerts are known and none match; empty when nothing is known.
pub fn alert_state(e: &SloEntry, t: &Timeline, now_ms: i64) -> &'static str {
    let Ok(slo) = &e.slo else { return "" };
    if !t.loaded {
        return "";
    }
    let names_it = |l: &Labels| {
        ["slo", "sloth_id", "sloth_slo"]
            .iter()
            .any(|k| l.get(*k) == Some(&slo.name))
            || l.get("service") == Some(&slo.service)
    };
    let live: Vec<&str> = t
        .live
        .iter()
        .filter(|a| names_it(&a.labels))
        .map(|a| a.state.as_str())
        .collect();
    let open_incident = t
        .incidents
        .iter()
        .any(|i| (i.service == slo.service || i.alert.contains(&slo.name)) && i.end_ms > now_ms);
    if live.contains(&"firing") || open_incident {
        "firing"
    } else if live.contains(&"pending") {
        "pending"
    } else {
        "inactive"
    }
}

/// One CSV row per SLO whose definition is valid, in the order given; `excluded` names the
/// windows of `exclusions` (the state's) that were removed from each SLO's figures.
pub fn slo_csv<E: Borrow<SloEntry>>(
    rows: &[E],
    t: &Timeline,
    now_ms: i64,
    exclusions: &[Exclusion],
) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(Borrow::borrow)
        .filter_map(|e: &SloEntry| {
            let slo = e.slo.as_ref().ok()?;
            let w = e.summary.as_ref().map(|s| s.window);
            let burns = e.summary.as_ref().map_or([f64::NAN; 4], |s| s.burns);
            let n = |f: fn(&Figures) -> f64| w.as_ref().map(|w| csv::num(f(w))).unwrap_or_default();
            let mut r = vec![
                slo.name.clone(),
                slo.service.clone(),
                slo.team.clone(),
                csv::num(slo.objective),
                slo.window.label(),
                slo.method.key().into(),
            ];
            r.extend([
                n(|w| w.good),
                n(|w| w.total),
                n(|w| w.sli),
                n(|w| w.budget_remaining),
                n(|w| w.budget_consumed),
            ]);
            r.extend(burns.iter().map(|b| csv::num(*b)));
            r.push(alert_state(e, t, now_ms).to_string());
            r.push(e.flags.join(";"));
            let names: Vec<&str> = applied(exclusions, e)
                .iter()
                .map(|x| x.name.as_str())
                .collect();
            r.push(names.join(";"));
            Some(r)
        })
        .collect();
    csv::write(&SLO_CSV_COLUMNS, &body)
}
