//! The reliability report for any period, computed from loaded state: per SLO attainment
//! (with the SLO's own method and, for calendar SLOs, its own time zone), budget, the change
//! against the period before and the budget burn-down; roll-ups by team and by service
//! (event-weighted); incidents and alerts of the period; the inventory as loaded and DORA for
//! the period; a coverage note and a summary in words (`report_text`). Views and exports
//! (`report_export`) only render a [`Report`].

use super::fleet::{Inventory, Runs, Timeline};
use super::report_rollup::{alert_counts, rollup};
use super::slos::{applied, SloState};
use crate::core::config::DeliveryConfig;
use crate::core::delivery::{dora, Dora};
use crate::core::incidents::Incident;
use crate::core::report::{
    attainment, back_from, last_complete, parse_key, period_at, step, Period,
};
use crate::core::slo::exclusions::Exclusion;
use crate::core::slo::{Figures, Window};
use crate::core::tz::Zone;

/// Periods in the attainment grid.
pub const GRID_PERIODS: usize = 12;

/// What a report is asked for (all of it kept in the URL).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReportSpec {
    /// `week`, `month`, `quarter` or `custom`.
    pub kind: String,
    /// The period's key (`2026-09`, `2026-W36`, `2026-Q3`, `2026-09-01..2026-09-14`); none:
    /// the last complete period.
    pub key: Option<String>,
    /// IANA name or POSIX rule; none: UTC.
    pub timezone: Option<String>,
}

/// Why a report cannot be built as asked.
#[derive(Clone, Debug, PartialEq)]
pub enum ReportError {
    Zone { name: String, message: String },
    Period { kind: String, key: String },
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::Zone { name, message } => write!(f, "Time zone \"{name}\": {message}"),
            ReportError::Period { kind, key } => write!(
                f,
                "\"{key}\" is not a {kind} (expected e.g. 2026-09, 2026-W36, 2026-Q3 or 2026-09-01..2026-09-14)"
            ),
        }
    }
}

impl std::error::Error for ReportError {}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    pub slo: String,
    pub service: String,
    pub team: String,
    pub objective: f64,
    /// The zone the row's period is aligned to, when it is not the report's (calendar SLOs).
    pub own_zone: Option<String>,
    pub period: Period,
    pub current: Figures,
    pub previous: Figures,
    /// SLI per grid period, newest first (NaN: no data).
    pub grid: Vec<f64>,
    /// Budget remaining (1 = untouched) at each slice end with data in the period.
    pub burndown: Vec<(i64, f64)>,
    /// The first slice with data, when after the period's start.
    pub data_from_ms: Option<i64>,
}

impl ReportRow {
    pub fn met(&self) -> bool {
        self.current.sli >= self.objective
    }

    /// Attainment change against the period before, in percentage points (NaN without both).
    pub fn delta_pp(&self) -> f64 {
        (self.current.sli - self.previous.sli) * 100.0
    }
}

/// An event-weighted roll-up of several SLOs (a team's, a service's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rollup {
    pub name: String,
    pub bad: f64,
    pub total: f64,
    pub met: usize,
    pub slos: usize,
}

impl Rollup {
    pub fn sli(&self) -> f64 {
        if self.total > 0.0 {
            1.0 - self.bad / self.total
        } else {
            f64::NAN
        }
    }
}

/// One alert's firing in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertCount {
    pub alert: String,
    pub times: usize,
    pub total_ms: i64,
}

/// The inventory as loaded (it has no history): services, running versions, drift.
#[derive(Clone, Debug, PartialEq)]
pub struct InventorySummary {
    pub services: usize,
    pub versions: usize,
    pub drift: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub zone: String,
    pub kind: String,
    pub period: Period,
    pub previous: Period,
    /// Grid periods, newest first, from the report's period back to the first with data.
    pub grid: Vec<Period>,
    pub rows: Vec<ReportRow>,
    pub teams: Vec<Rollup>,
    pub services: Vec<Rollup>,
    /// Incidents overlapping the period, newest first.
    pub incidents: Vec<Incident>,
    pub alerts: Vec<AlertCount>,
    pub inventory: Option<InventorySummary>,
    /// DORA over the period, when CI runs are loaded.
    pub dora: Option<Dora>,
    /// The earliest first-data time over the SLOs, when after the period's start.
    pub data_from_ms: Option<i64>,
    /// Exclusion windows overlapping the period that applied to one of its SLOs (already
    /// removed from the figures).
    pub exclusions: Vec<Exclusion>,
    pub generated_ms: i64,
}

impl Report {
    /// "Excluded from the figures: db migration (2026-10-03 02:00 UTC – …); …", if any.
    pub fn exclusions_note(&self) -> Option<String> {
        let list: Vec<String> = self.exclusions.iter().map(Exclusion::label).collect();
        (!list.is_empty()).then(|| format!("Excluded from the figures: {}", list.join("; ")))
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

    pub fn longest_incident(&self) -> Option<&Incident> {
        self.incidents.iter().max_by_key(|i| i.duration_ms())
    }

    /// Mean time to restore (mean incident duration); `None` without incidents.
    pub fn mttr_ms(&self) -> Option<f64> {
        (!self.incidents.is_empty())
            .then(|| self.incident_total_ms() as f64 / self.incidents.len() as f64)
    }
}

/// Everything a report reads.
pub struct ReportInput<'a> {
    pub title: &'a str,
    pub state: &'a SloState,
    pub timeline: &'a Timeline,
    pub inventory: Option<&'a Inventory>,
    pub runs: Option<&'a Runs>,
    pub delivery: &'a DeliveryConfig,
    pub generated_ms: i64,
}

/// The period the spec names in `zone` (the last complete one when it names none).
pub fn choose_period(spec: &ReportSpec, zone: &Zone, now_ms: i64) -> Result<Period, ReportError> {
    match &spec.key {
        Some(key) => parse_key(&spec.kind, zone, key).ok_or_else(|| ReportError::Period {
            kind: spec.kind.clone(),
            key: key.clone(),
        }),
        None if spec.kind == "custom" => Ok(last_complete("month", zone, now_ms)),
        None => Ok(last_complete(&spec.kind, zone, now_ms)),
    }
}

pub fn zone_of(spec: &ReportSpec) -> Result<Zone, ReportError> {
    let name = spec.timezone.as_deref().unwrap_or("UTC");
    Zone::parse(name).map_err(|message| ReportError::Zone {
        name: name.to_string(),
        message,
    })
}

/// The grid's kind: the report's, or for a custom range weeks (up to ~2 months) or months.
fn grid_kind(spec: &ReportSpec, p: &Period) -> String {
    match spec.kind.as_str() {
        "custom" if p.end_ms - p.start_ms <= 62 * crate::core::time::DAY_MS => "week".into(),
        "custom" => "month".into(),
        k => k.to_string(),
    }
}

pub fn build(spec: &ReportSpec, input: &ReportInput<'_>) -> Result<Report, ReportError> {
    let zone = zone_of(spec)?;
    let period = choose_period(spec, &zone, input.state.now_ms)?;
    let previous = Period {
        key: String::new(),
        label: String::new(),
        start_ms: 2 * period.start_ms - period.end_ms,
        end_ms: period.start_ms,
    };
    let previous = match spec.kind.as_str() {
        "custom" => previous,
        k => step(k, &zone, &period, -1),
    };
    let gk = grid_kind(spec, &period);
    let grid_all = back_from(
        &gk,
        &zone,
        &period_at(&gk, &zone, period.end_ms - 1),
        GRID_PERIODS,
    );
    let rows: Vec<ReportRow> = input
        .state
        .entries
        .iter()
        .filter_map(|e| {
            Some(row(
                e.slo.as_ref().ok()?,
                e.slices.as_ref().ok()?,
                spec,
                &zone,
                &period,
                &previous,
                &grid_all,
            ))
        })
        .collect();
    // Periods before any SLO had data are left out of the grid.
    let first_data = rows
        .iter()
        .filter_map(|r| r.grid.iter().rposition(|v| v.is_finite()))
        .max()
        .map_or(1, |i| i + 1);
    let grid: Vec<Period> = grid_all.into_iter().take(first_data).collect();
    let rows = rows
        .into_iter()
        .map(|mut r| {
            r.grid.truncate(grid.len());
            r
        })
        .collect::<Vec<_>>();
    let incidents: Vec<Incident> = input
        .timeline
        .incidents
        .iter()
        .filter(|i| i.start_ms < period.end_ms && i.end_ms > period.start_ms)
        .cloned()
        .collect();
    let data_from_ms = rows.iter().filter_map(|r| r.data_from_ms).min();
    let state = input.state;
    let exclusions = (state.exclusions.iter())
        .filter(|x| x.overlaps(period.start_ms, period.end_ms))
        .filter(|x| {
            state
                .entries
                .iter()
                .any(|e| !applied(&[(*x).clone()], e).is_empty())
        })
        .cloned()
        .collect();
    Ok(Report {
        exclusions,
        title: input.title.to_string(),
        zone: zone.name.clone(),
        kind: spec.kind.clone(),
        teams: rollup(&rows, |r| &r.team, "(no team)"),
        services: rollup(&rows, |r| &r.service, "(no service)"),
        alerts: alert_counts(&incidents),
        inventory: input
            .inventory
            .filter(|i| !i.services.is_empty())
            .map(|inv| InventorySummary {
                services: inv.services.len(),
                versions: inv.services.iter().map(|s| s.versions.len()).sum(),
                drift: inv.counts.drifting,
            }),
        dora: input.runs.filter(|r| !r.runs.is_empty()).map(|runs| {
            let mut repos: Vec<&str> = runs.runs.iter().map(|r| r.repo.as_str()).collect();
            repos.sort_unstable();
            repos.dedup();
            dora(
                &runs.runs,
                &input.timeline.incidents,
                &repos,
                period.start_ms,
                period.end_ms,
                &input.delivery.settings(),
            )
        }),
        incidents,
        data_from_ms,
        generated_ms: input.generated_ms,
        period,
        previous,
        grid,
        rows,
    })
}

fn row(
    slo: &crate::core::slo::Slo,
    s: &crate::core::slo::Slices,
    spec: &ReportSpec,
    zone: &Zone,
    period: &Period,
    previous: &Period,
    grid: &[Period],
) -> ReportRow {
    // A calendar SLO is judged over its own calendar, in its own zone.
    let own = match (&slo.window, spec.kind.as_str()) {
        (Window::Calendar { zone: z, .. }, "week" | "month" | "quarter") if z != zone => Some(z),
        _ => None,
    };
    let (p, prev, grid) = match own {
        Some(z) => {
            let p = period_at(
                &spec.kind,
                z,
                period.start_ms + (period.end_ms - period.start_ms) / 2,
            );
            let prev = step(&spec.kind, z, &p, -1);
            let g = back_from(&spec.kind, z, &p, grid.len());
            (p, prev, g)
        }
        None => (period.clone(), previous.clone(), grid.to_vec()),
    };
    let current = slo.method.figures(s, p.start_ms, p.end_ms, slo.objective);
    let budget = 1.0 - slo.objective;
    let (mut bad, mut total) = (0.0, 0.0);
    let mut burndown = Vec::new();
    let mut first = None;
    for (end, b, t) in s
        .iter()
        .filter(|(end, _, _)| *end > p.start_ms && *end <= p.end_ms)
    {
        if t.is_finite() && t > 0.0 {
            first.get_or_insert(end - s.slice_ms);
            bad += b;
            total += t;
            burndown.push((end, 1.0 - (bad / total) / budget));
        }
    }
    ReportRow {
        slo: slo.name.clone(),
        service: slo.service.clone(),
        team: slo.team.clone(),
        objective: slo.objective,
        own_zone: own.map(|z| z.name.clone()),
        previous: slo
            .method
            .figures(s, prev.start_ms, prev.end_ms, slo.objective),
        grid: attainment(s, &slo.method, slo.objective, &grid),
        data_from_ms: first.filter(|f| *f > p.start_ms),
        burndown,
        current,
        period: p,
    }
}
