//! Report periods: calendar weeks (ISO, from Monday), months and quarters, or a custom range of
//! days — each aligned to local midnight in a time zone, so a Berlin month starts at 00:00
//! Berlin time in winter and in summer. A period is named two ways: a `key` for links and
//! CSV (`2026-09`, `2026-W36`, `2026-Q3`, `2026-09-01..2026-09-14`) and a `label` for people
//! (`September 2026`). Also the attainment grid over periods.

use super::slo::{period_start, Method, Slices};
use super::time::{civil_from_days, days_from_civil, DAY_MS, HOUR_MS};
use super::tz::Zone;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// For links and CSV: `2026-09`, `2026-W36`, `2026-Q3`, `2026-09-01..2026-09-14`.
    pub key: String,
    /// For people: `September 2026`, `Week 36, 2026 (31 Aug – 6 Sep)`, `Q3 2026`.
    pub label: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// The calendar kinds a report steps through.
pub const KINDS: [&str; 3] = ["week", "month", "quarter"];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(m: u32) -> &'static str {
    MONTHS
        .get(usize::try_from(m.saturating_sub(1)).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

/// The `kind` period containing `t_ms` in `zone` (anything but week or quarter is a month).
pub fn period_at(kind: &str, zone: &Zone, t_ms: i64) -> Period {
    let start = period_start(kind, zone, t_ms);
    // Longer than any period of the kind, shorter than two: lands in the next one.
    let ahead = match kind {
        "week" => 7 * DAY_MS + 12 * HOUR_MS,
        "quarter" => 93 * DAY_MS,
        _ => 32 * DAY_MS,
    };
    let end = period_start(kind, zone, start + ahead);
    named(kind, zone, start, end)
}

/// The last complete `kind` period before `now_ms`.
pub fn last_complete(kind: &str, zone: &Zone, now_ms: i64) -> Period {
    let current = period_start(kind, zone, now_ms);
    period_at(kind, zone, current - 1)
}

/// The period `n` periods after `p` (before, for negative `n`).
pub fn step(kind: &str, zone: &Zone, p: &Period, n: i64) -> Period {
    let mut out = p.clone();
    for _ in 0..n.unsigned_abs() {
        out = if n > 0 {
            period_at(kind, zone, out.end_ms)
        } else {
            period_at(kind, zone, out.start_ms - 1)
        };
    }
    out
}

/// `n` periods ending with `p`, newest first.
pub fn back_from(kind: &str, zone: &Zone, p: &Period, n: usize) -> Vec<Period> {
    let mut out = Vec::with_capacity(n);
    let mut cur = p.clone();
    for _ in 0..n {
        let prev = period_at(kind, zone, cur.start_ms - 1);
        out.push(cur);
        cur = prev;
    }
    out
}

/// The days `from..=to` (local dates in `zone`) as one period.
pub fn custom(zone: &Zone, from: (i64, u32, u32), to: (i64, u32, u32)) -> Option<Period> {
    let (a, b) = (
        days_from_civil(from.0, from.1, from.2),
        days_from_civil(to.0, to.1, to.2),
    );
    (b >= a).then(|| {
        let (start, end) = (zone.midnight(a), zone.midnight(b + 1));
        Period {
            key: format!("{}..{}", iso_day(a), iso_day(b)),
            label: format!("{} – {}", human_day(a, true), human_day(b, true)),
            start_ms: start,
            end_ms: end,
        }
    })
}

/// A period chosen by its `key`, or `None` when the key names no period of that kind.
pub fn parse_key(kind: &str, zone: &Zone, key: &str) -> Option<Period> {
    let date = |s: &str| -> Option<(i64, u32, u32)> {
        let mut it = s.splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next().map_or(Some(1), |d| d.parse().ok())?;
        ((1..=12).contains(&m) && (1..=31).contains(&d) && (1970..=9999).contains(&y))
            .then_some((y, m, d))
    };
    let noon = |(y, m, d): (i64, u32, u32)| zone.midnight(days_from_civil(y, m, d)) + 12 * HOUR_MS;
    match kind {
        "custom" => {
            let (a, b) = key.split_once("..")?;
            custom(zone, date(a)?, date(b)?)
        }
        "week" => {
            let (y, w) = key.split_once("-W")?;
            let (y, w): (i64, i64) = (y.parse().ok()?, w.parse().ok()?);
            // ISO week 1 holds January 4th.
            let jan4 = days_from_civil(y, 1, 4);
            let monday = jan4 - (jan4 + 3).rem_euclid(7) + (w - 1) * 7;
            (1..=53)
                .contains(&w)
                .then(|| period_at("week", zone, zone.midnight(monday) + 12 * HOUR_MS))
        }
        "quarter" => {
            let (y, q) = key.split_once("-Q")?;
            let (y, q): (i64, u32) = (y.parse().ok()?, q.parse().ok()?);
            (1..=4)
                .contains(&q)
                .then(|| period_at("quarter", zone, noon((y, q * 3 - 2, 1))))
        }
        _ => Some(period_at("month", zone, noon(date(key)?))),
    }
}

fn named(kind: &str, zone: &Zone, start: i64, end: i64) -> Period {
    let first = zone.local_day(start);
    let last = zone.local_day(end - 1);
    let (y, m, _) = civil_from_days(first);
    let (key, label) = match kind {
        "week" => {
            // The ISO year is the year of the week's Thursday.
            let thursday = first + 3;
            let (iy, _, _) = civil_from_days(thursday);
            let week = (thursday - days_from_civil(iy, 1, 1)) / 7 + 1;
            (
                format!("{iy}-W{week:02}"),
                format!(
                    "Week {week}, {iy} ({} – {})",
                    human_day(first, false),
                    human_day(last, false)
                ),
            )
        }
        "quarter" => {
            let q = (m - 1) / 3 + 1;
            (format!("{y}-Q{q}"), format!("Q{q} {y}"))
        }
        _ => (format!("{y}-{m:02}"), format!("{} {y}", month_name(m))),
    };
    Period {
        key,
        label,
        start_ms: start,
        end_ms: end,
    }
}

fn iso_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y}-{m:02}-{d:02}")
}

/// `3 Sep` or `3 Sep 2026`.
pub fn human_day(day: i64, with_year: bool) -> String {
    let (y, m, d) = civil_from_days(day);
    let mon = month_name(m).get(..3).unwrap_or("");
    if with_year {
        format!("{d} {mon} {y}")
    } else {
        format!("{d} {mon}")
    }
}

/// SLI per period with the SLO's method (NaN where there was no data).
pub fn attainment(s: &Slices, method: &Method, objective: f64, periods: &[Period]) -> Vec<f64> {
    periods
        .iter()
        .map(|p| method.figures(s, p.start_ms, p.end_ms, objective).sli)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> Zone {
        Zone::utc()
    }

    #[test]
    fn calendar_periods_in_utc() {
        let now = days_from_civil(2024, 3, 15) * DAY_MS + 5;
        let m = last_complete("month", &utc(), now);
        assert_eq!(
            m,
            Period {
                key: "2024-02".into(),
                label: "February 2024".into(),
                start_ms: days_from_civil(2024, 2, 1) * DAY_MS,
                end_ms: days_from_civil(2024, 3, 1) * DAY_MS
            }
        );
        assert_eq!((m.end_ms - m.start_ms) / DAY_MS, 29); // leap year
        assert_eq!(step("month", &utc(), &m, -1).key, "2024-01");
        assert_eq!(step("month", &utc(), &m, 11).key, "2025-01");
        // 2024-03-15 is a Friday; the last complete ISO week ran Mon 03-04 .. Mon 03-11.
        let w = last_complete("week", &utc(), now);
        assert_eq!(w.start_ms, days_from_civil(2024, 3, 4) * DAY_MS);
        assert_eq!(w.end_ms, days_from_civil(2024, 3, 11) * DAY_MS);
        assert_eq!(
            (w.key.as_str(), w.label.as_str()),
            ("2024-W10", "Week 10, 2024 (4 Mar – 10 Mar)")
        );
        let q = last_complete("quarter", &utc(), now);
        assert_eq!((q.key.as_str(), q.label.as_str()), ("2023-Q4", "Q4 2023"));
        assert_eq!(q.start_ms, days_from_civil(2023, 10, 1) * DAY_MS);
        let grid = back_from("month", &utc(), &m, 12);
        assert_eq!(grid.len(), 12);
        assert_eq!(grid[11].key, "2023-03");
        assert!(
            grid.windows(2).all(|w| w[1].end_ms == w[0].start_ms),
            "contiguous, newest first"
        );
    }

    #[test]
    fn periods_follow_local_midnight_across_daylight_saving() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        // March 2026 in Berlin: from 1 Mar 00:00 CET (UTC+1) to 1 Apr 00:00 CEST (UTC+2).
        let march = parse_key("month", &berlin, "2026-03").unwrap();
        assert_eq!(
            march.start_ms,
            days_from_civil(2026, 3, 1) * DAY_MS - HOUR_MS
        );
        assert_eq!(
            march.end_ms,
            days_from_civil(2026, 4, 1) * DAY_MS - 2 * HOUR_MS
        );
        assert_eq!(
            march.end_ms - march.start_ms,
            31 * DAY_MS - HOUR_MS,
            "one hour short"
        );
        // The week the clocks go back in New York (1 Nov 2026) has an hour more.
        let ny = Zone::parse("America/New_York").unwrap();
        let w = parse_key("week", &ny, "2026-W44").unwrap();
        assert_eq!(w.label, "Week 44, 2026 (26 Oct – 1 Nov)");
        assert_eq!(w.end_ms - w.start_ms, 7 * DAY_MS + HOUR_MS);
        assert_eq!(step("week", &ny, &w, 1).start_ms, w.end_ms);
    }

    #[test]
    fn keys_round_trip_and_refuse_nonsense() {
        let z = Zone::parse("Asia/Kolkata").unwrap();
        for kind in KINDS {
            let mut p = last_complete(kind, &z, 1_790_812_800_000);
            for _ in 0..60 {
                assert_eq!(
                    parse_key(kind, &z, &p.key).as_ref(),
                    Some(&p),
                    "{kind} {}",
                    p.key
                );
                p = step(kind, &z, &p, -1);
            }
        }
        let c = parse_key("custom", &z, "2026-09-01..2026-09-14").unwrap();
        assert_eq!(c.label, "1 Sep 2026 – 14 Sep 2026");
        assert_eq!(c.end_ms - c.start_ms, 14 * DAY_MS);
        assert_eq!(parse_key("custom", &z, &c.key), Some(c));
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-W60",
            "2026-Q5",
            "x-W1",
            "2026-09-14..2026-09-01",
            "99999-01",
        ] {
            let kind = if bad.contains('W') {
                "week"
            } else if bad.contains('Q') {
                "quarter"
            } else if bad.contains("..") {
                "custom"
            } else {
                "month"
            };
            assert_eq!(parse_key(kind, &z, bad), None, "{bad}");
        }
    }
}
