//! The period report, computed from loaded state: per SLO attainment in the last complete
//! period against the previous one, a 12-period grid, team roll-ups (event-weighted) and the
//! period's incidents; and its CSV. The view only renders a [`Report`].

use std::collections::BTreeMap;

use super::fleet::Timeline;
use super::slos::SloState;
use crate::core::csv;
use crate::core::incidents::Incident;
use crate::core::report::{attainment, periods, Period};
use crate::core::slo::{figures, Figures};

/// Periods in the attainment grid.
pub const GRID_PERIODS: usize = 12;

#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    pub slo: String,
    pub team: String,
    pub objective: f64,
    /// Figures over the report's period.
    pub current: Figures,
    /// SLI in the period before.
    pub previous_sli: f64,
    /// SLI per grid period, newest first.
    pub grid: Vec<f64>,
}

impl ReportRow {
    pub fn met(&self) -> bool {
        self.current.sli >= self.objective
    }
}

/// A team's event-weighted roll-up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamRollup {
    pub bad: f64,
    pub total: f64,
    pub met: usize,
    pub slos: usize,
}

impl TeamRollup {
    pub fn sli(&self) -> f64 {
        if self.total > 0.0 {
            1.0 - self.bad / self.total
        } else {
            f64::NAN
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Newest first: `periods[0]` is the report's period.
    pub periods: Vec<Period>,
    pub rows: Vec<ReportRow>,
    pub teams: BTreeMap<String, TeamRollup>,
    /// Incidents overlapping the period, newest first.
    pub incidents: Vec<Incident>,
}

impl Report {
    pub fn period(&self) -> &Period {
        &self.periods[0]
    }

    pub fn met(&self) -> usize {
        self.rows.iter().filter(|r| r.met()).count()
    }

    pub fn with_data(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.current.sli.is_finite())
            .count()
    }

    pub fn incident_total_ms(&self) -> i64 {
        self.incidents.iter().map(Incident::duration_ms).sum()
    }

    pub fn longest_incident_ms(&self) -> i64 {
        self.incidents
            .iter()
            .map(Incident::duration_ms)
            .max()
            .unwrap_or(0)
    }

    /// Mean time to restore (mean incident duration); `None` without incidents.
    pub fn mttr_ms(&self) -> Option<f64> {
        (!self.incidents.is_empty())
            .then(|| self.incident_total_ms() as f64 / self.incidents.len() as f64)
    }
}

/// The report for the last complete `kind` period ("week", "month", "quarter") before the
/// workspace's now.
pub fn build(kind: &str, state: &SloState, timeline: &Timeline) -> Report {
    let ps = periods(kind, state.now_ms, GRID_PERIODS);
    let (current, previous) = (&ps[0], &ps[1]);
    let rows: Vec<ReportRow> = state
        .entries
        .iter()
        .filter_map(|e| {
            let (slo, s) = (e.slo.as_ref().ok()?, e.slices.as_ref().ok()?);
            Some(ReportRow {
                slo: slo.name.clone(),
                team: slo.team.clone(),
                objective: slo.objective,
                current: figures(s, current.start_ms, current.end_ms, slo.objective),
                previous_sli: figures(s, previous.start_ms, previous.end_ms, slo.objective).sli,
                grid: attainment(s, slo.objective, &ps),
            })
        })
        .collect();
    let mut teams: BTreeMap<String, TeamRollup> = BTreeMap::new();
    for r in &rows {
        let t = teams
            .entry(if r.team.is_empty() {
                "(no team)".into()
            } else {
                r.team.clone()
            })
            .or_default();
        t.bad += r.current.bad;
        t.total += r.current.total;
        t.met += usize::from(r.met());
        t.slos += 1;
    }
    let incidents = timeline
        .incidents
        .iter()
        .filter(|i| i.start_ms < current.end_ms && i.end_ms > current.start_ms)
        .cloned()
        .collect();
    Report {
        periods: ps,
        rows,
        teams,
        incidents,
    }
}

pub const REPORT_CSV_COLUMNS: [&str; 10] = [
    "period",
    "slo",
    "team",
    "objective",
    "good_events",
    "total_events",
    "sli",
    "budget_consumed",
    "met",
    "previous_sli",
];

/// One row per SLO with the period's raw figures.
pub fn report_csv(r: &Report) -> String {
    let label = &r.period().label;
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            let c = &row.current;
            vec![
                label.clone(),
                row.slo.clone(),
                row.team.clone(),
                csv::num(row.objective),
                csv::num(c.good),
                csv::num(c.total),
                csv::num(c.sli),
                csv::num(c.budget_consumed),
                row.met().to_string(),
                csv::num(row.previous_sli),
            ]
        })
        .collect();
    csv::write(&REPORT_CSV_COLUMNS, &body)
}
