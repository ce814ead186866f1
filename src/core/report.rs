//! Report periods (calendar weeks, months, quarters in UTC) and attainment grids.

use super::slo::{figures, Slices};
use super::time::{civil_from_days, days_from_civil, DAY_MS};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// The last complete period of the given kind before `now_ms`, and `back` periods before it.
pub fn periods(kind: &str, now_ms: i64, back: usize) -> Vec<Period> {
    let mut out = Vec::new();
    let mut end = current_start(kind, now_ms);
    for _ in 0..back {
        let start = current_start(kind, end - 1);
        out.push(Period {
            label: label(kind, start),
            start_ms: start,
            end_ms: end,
        });
        end = start;
    }
    out
}

/// Start of the period containing `t_ms` (ISO weeks start on Monday).
pub fn current_start(kind: &str, t_ms: i64) -> i64 {
    let days = t_ms.div_euclid(DAY_MS);
    let (y, m, _) = civil_from_days(days);
    match kind {
        "week" => (days - (days + 3).rem_euclid(7)) * DAY_MS,
        "quarter" => days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) * DAY_MS,
        _ => days_from_civil(y, m, 1) * DAY_MS,
    }
}

fn label(kind: &str, start_ms: i64) -> String {
    let (y, m, d) = civil_from_days(start_ms.div_euclid(DAY_MS));
    match kind {
        "week" => format!("week of {y}-{m:02}-{d:02}"),
        "quarter" => format!("{y} Q{}", (m - 1) / 3 + 1),
        _ => format!("{y}-{m:02}"),
    }
}

/// SLI per period (NaN where there was no data).
pub fn attainment(s: &Slices, objective: f64, periods: &[Period]) -> Vec<f64> {
    periods
        .iter()
        .map(|p| figures(s, p.start_ms, p.end_ms, objective).sli)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_periods() {
        let now = days_from_civil(2024, 3, 15) * DAY_MS + 5;
        let m = periods("month", now, 2);
        assert_eq!(
            m[0],
            Period {
                label: "2024-02".into(),
                start_ms: days_from_civil(2024, 2, 1) * DAY_MS,
                end_ms: days_from_civil(2024, 3, 1) * DAY_MS
            }
        );
        assert_eq!((m[0].end_ms - m[0].start_ms) / DAY_MS, 29); // leap year
        assert_eq!(m[1].label, "2024-01");
        let w = periods("week", now, 1);
        // 2024-03-15 is a Friday; the last complete ISO week ran Mon 03-04 .. Mon 03-11.
        assert_eq!(w[0].start_ms, days_from_civil(2024, 3, 4) * DAY_MS);
        assert_eq!(w[0].end_ms, days_from_civil(2024, 3, 11) * DAY_MS);
        let q = periods("quarter", now, 1);
        assert_eq!(q[0].label, "2023 Q4");
        assert_eq!(q[0].start_ms, days_from_civil(2023, 10, 1) * DAY_MS);
    }
}
