//! SLO windows: rolling durations, or calendar weeks (ISO, from Monday), months and quarters
//! starting at local midnight in a time zone.

use crate::core::time::{civil_from_days, days_from_civil, parse_duration};
use crate::core::tz::Zone;

#[derive(Clone, Debug, PartialEq)]
pub enum Window {
    Rolling(i64),
    Calendar { unit: String, zone: Zone },
}

impl Window {
    pub fn parse(text: &str, timezone: Option<&str>) -> Result<Window, String> {
        match text {
            "week" | "month" | "quarter" => Ok(Window::Calendar {
                unit: text.into(),
                zone: Zone::parse(timezone.unwrap_or("UTC"))?,
            }),
            _ => parse_duration(text)
                .map(Window::Rolling)
                .map_err(|e| format!("{e}; or a calendar period: week, month, quarter")),
        }
    }

    /// The window ending at `now_ms`: (start, now].
    pub fn bounds(&self, now_ms: i64) -> (i64, i64) {
        match self {
            Window::Rolling(w) => (now_ms - w, now_ms),
            Window::Calendar { unit, zone } => (period_start(unit, zone, now_ms), now_ms),
        }
    }

    /// Length used for budgets and alert factors: the rolling length, or the whole period.
    pub fn length_at(&self, now_ms: i64) -> i64 {
        match self {
            Window::Rolling(w) => *w,
            Window::Calendar { unit, zone } => {
                let start = period_start(unit, zone, now_ms);
                let next = period_start(unit, zone, next_period_probe(unit, zone, start));
                next - start
            }
        }
    }

    pub fn label(&self) -> String {
        match self {
            Window::Rolling(w) => crate::core::time::format_duration(*w),
            Window::Calendar { unit, zone } if zone.name == "UTC" => format!("calendar {unit}"),
            Window::Calendar { unit, zone } => format!("calendar {unit} ({})", zone.name),
        }
    }
}

/// A moment safely inside the period after the one starting at `start`.
fn next_period_probe(unit: &str, zone: &Zone, start: i64) -> i64 {
    let day = zone.local_day(start + 3_600_000 * 3);
    let (y, m, _) = civil_from_days(day);
    let next_day = match unit {
        "week" => day + 7,
        "quarter" => {
            let q0 = (m - 1) / 3 * 3 + 1;
            if q0 + 3 > 12 {
                days_from_civil(y + 1, q0 + 3 - 12, 1)
            } else {
                days_from_civil(y, q0 + 3, 1)
            }
        }
        _ => {
            if m == 12 {
                days_from_civil(y + 1, 1, 1)
            } else {
                days_from_civil(y, m + 1, 1)
            }
        }
    };
    zone.midnight(next_day) + 3_600_000 * 3
}

/// Start (UTC ms) of the calendar period containing `t_ms`, at local midnight in `zone`.
pub fn period_start(unit: &str, zone: &Zone, t_ms: i64) -> i64 {
    let day = zone.local_day(t_ms);
    let (y, m, _) = civil_from_days(day);
    let first = match unit {
        "week" => day - (day + 3).rem_euclid(7), // ISO weeks start on Monday
        "quarter" => days_from_civil(y, (m - 1) / 3 * 3 + 1, 1),
        _ => days_from_civil(y, m, 1),
    };
    zone.midnight(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::{DAY_MS, HOUR_MS};

    fn at(y: i64, m: u32, d: u32, h: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS + h * HOUR_MS
    }

    #[test]
    fn month_lengths_and_leap_day() {
        let w = Window::parse("month", None).unwrap();
        assert_eq!(w.length_at(at(2024, 2, 10, 5)), 29 * DAY_MS);
        assert_eq!(w.length_at(at(2023, 2, 10, 5)), 28 * DAY_MS);
        assert_eq!(w.length_at(at(2026, 1, 31, 23)), 31 * DAY_MS);
        assert_eq!(w.length_at(at(2026, 4, 30, 23)), 30 * DAY_MS);
        assert_eq!(
            w.bounds(at(2024, 2, 29, 12)),
            (at(2024, 2, 1, 0), at(2024, 2, 29, 12))
        );
        let q = Window::parse("quarter", None).unwrap();
        assert_eq!(q.bounds(at(2026, 12, 31, 1)).0, at(2026, 10, 1, 0));
        assert_eq!(q.length_at(at(2026, 11, 5, 0)), 92 * DAY_MS);
    }

    #[test]
    fn calendar_periods_in_a_dst_zone() {
        // Berlin: March 2026 has 31 days minus the hour lost on the 29th.
        let w = Window::parse("month", Some("Europe/Berlin")).unwrap();
        assert_eq!(w.bounds(at(2026, 3, 15, 12)).0, at(2026, 2, 28, 23));
        assert_eq!(w.length_at(at(2026, 3, 15, 12)), 31 * DAY_MS - HOUR_MS);
        assert_eq!(w.length_at(at(2026, 10, 15, 12)), 31 * DAY_MS + HOUR_MS);
        // A week containing the spring change.
        let wk = Window::parse("week", Some("Europe/Berlin")).unwrap();
        assert_eq!(wk.bounds(at(2026, 3, 29, 12)).0, at(2026, 3, 22, 23));
        assert_eq!(wk.length_at(at(2026, 3, 29, 12)), 7 * DAY_MS - HOUR_MS);
        // Just after local midnight in New York is still the previous UTC day.
        let ny = Window::parse("month", Some("America/New_York")).unwrap();
        assert_eq!(ny.bounds(at(2026, 7, 1, 3)).0, at(2026, 6, 1, 4));
        assert!(Window::parse("fortnight", None)
            .unwrap_err()
            .contains("calendar period"));
    }
}
