//! Time without a time-zone database: UTC civil dates, Prometheus-style durations, and the
//! labels charts and tables print. (Calendar windows in other zones arrive with the SLO work.)

use crate::core::text::split_while;

pub const SECOND_MS: i64 = 1_000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// (year, month 1-12, day 1-31) for days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 for a civil date (inverse of [`civil_from_days`]).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026-11-01 14:05 UTC`
pub fn format_datetime(t_ms: i64) -> String {
    let (y, m, d) = civil_from_days(t_ms.div_euclid(DAY_MS));
    let ms = t_ms.rem_euclid(DAY_MS);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        ms / HOUR_MS,
        (ms % HOUR_MS) / MINUTE_MS
    )
}

/// `2026-11-01`
pub fn format_date(t_ms: i64) -> String {
    let (y, m, d) = civil_from_days(t_ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

/// A compact axis label whose detail depends on the visible span: `14:00`, `Nov 3`, `Nov 2026`.
pub fn format_axis(t_ms: i64, span_ms: i64) -> String {
    let (y, m, d) = civil_from_days(t_ms.div_euclid(DAY_MS));
    let ms = t_ms.rem_euclid(DAY_MS);
    // `m` is 1-12, so the fallback is never used.
    let mon = MONTHS.get((m - 1) as usize).copied().unwrap_or_default();
    if span_ms <= 2 * DAY_MS {
        format!("{:02}:{:02}", ms / HOUR_MS, (ms % HOUR_MS) / MINUTE_MS)
    } else if span_ms <= 400 * DAY_MS {
        format!("{mon} {d}")
    } else {
        format!("{mon} {y}")
    }
}

/// Parses a Prometheus duration: `90s`, `5m`, `1h30m`, `30d`, `2w`, `1y`, `250ms`.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("empty duration".into());
    }
    let (mut rest, mut total) = (s, 0i64);
    while !rest.is_empty() {
        let (digits, after) = split_while(rest, |c| c.is_ascii_digit());
        if digits.is_empty() {
            return Err(format!(
                "\"{s}\" is not a duration (expected e.g. 30d, 1h30m, 5m)"
            ));
        }
        let n: i64 = digits
            .parse()
            .map_err(|_| format!("\"{s}\": number too large"))?;
        let (unit, after) = split_while(after, |c| c.is_ascii_alphabetic());
        rest = after;
        let unit = match unit {
            "ms" => 1,
            "s" => SECOND_MS,
            "m" => MINUTE_MS,
            "h" => HOUR_MS,
            "d" => DAY_MS,
            "w" => 7 * DAY_MS,
            "y" => 365 * DAY_MS,
            "" => return Err(format!("\"{s}\" lacks a unit (ms, s, m, h, d, w, y)")),
            u => {
                return Err(format!(
                    "\"{s}\" has an unknown unit \"{u}\" (ms, s, m, h, d, w, y)"
                ))
            }
        };
        total = n
            .checked_mul(unit)
            .and_then(|x| x.checked_add(total))
            .ok_or_else(|| format!("\"{s}\" is too long"))?;
    }
    if total == 0 {
        return Err(format!("\"{s}\" is a zero duration"));
    }
    Ok(total)
}

/// The shortest exact Prometheus form of a duration: `30d`, `1h30m`, `43m12s`.
pub fn format_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut rest = ms.abs();
    let mut out = String::from(if ms < 0 { "-" } else { "" });
    for (unit, name) in [
        (DAY_MS, "d"),
        (HOUR_MS, "h"),
        (MINUTE_MS, "m"),
        (SECOND_MS, "s"),
        (1, "ms"),
    ] {
        if rest >= unit {
            out.push_str(&format!("{}{name}", rest / unit));
            rest %= unit;
        }
    }
    out
}

/// The smallest "round" step giving at most `points` points over `range_ms` (15s … 1d).
pub fn nice_step(range_ms: i64, points: i64) -> i64 {
    const STEPS: [i64; 14] = [
        15_000,
        30_000,
        MINUTE_MS,
        2 * MINUTE_MS,
        5 * MINUTE_MS,
        10 * MINUTE_MS,
        15 * MINUTE_MS,
        30 * MINUTE_MS,
        HOUR_MS,
        2 * HOUR_MS,
        3 * HOUR_MS,
        6 * HOUR_MS,
        12 * HOUR_MS,
        DAY_MS,
    ];
    let want = range_ms / points.max(1);
    STEPS.iter().copied().find(|s| *s >= want).unwrap_or(DAY_MS)
}

/// `2026-10-31T12:34:56Z` or with an offset / fraction → Unix ms.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    // `yyyy-mm-ddThh:mm:ss` and at least one byte more.
    let shape = matches!(
        s.as_bytes(),
        [
            _,
            _,
            _,
            _,
            b'-',
            _,
            _,
            b'-',
            _,
            _,
            b'T' | b't' | b' ',
            _,
            _,
            b':',
            _,
            _,
            b':',
            _,
            _,
            _,
            ..
        ]
    );
    if !shape {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    // Fields out of range (or signed: `--3`) are not a time, and a negative month overflowed.
    let in_range = (1..=12).contains(&mo)
        && (1..=31).contains(&d)
        && (0..=23).contains(&h)
        && (0..=59).contains(&mi)
        && (0..=60).contains(&se);
    if !in_range {
        return None;
    }
    let mut rest = s.get(19..)?;
    let mut frac_ms = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let (digits, after) = split_while(fraction, |c| c.is_ascii_digit());
        let ms: String = digits.chars().take(3).collect();
        frac_ms = format!("{ms:0<3}").parse::<i64>().ok()?;
        rest = after;
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        // `±hh:mm`, read by character ranges that cannot split a multi-byte character.
        tz if tz.len() == 6
            && (tz.starts_with('+') || tz.starts_with('-'))
            && tz.get(3..4) == Some(":") =>
        {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let part = |r: std::ops::Range<usize>| tz.get(r)?.parse::<i64>().ok();
            sign * (part(1..3)? * 60 + part(4..6)?)
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    Some(((days * 86_400 + h * 3600 + mi * 60 + se) - offset_min * 60) * 1000 + frac_ms)
}

/// 9999-12-31T23:59:59.999Z: later (or earlier than −9999) is not a time any source means.
pub const MAX_TIME_MS: i64 = 253_402_300_799_999;

/// A time as sources write it: Unix seconds (int or float), Unix milliseconds (values beyond
/// the year 5138 in seconds), or RFC 3339.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        let ms = if n.abs() < 1e11 { n * 1000.0 } else { n };
        // NaN, infinities and times past the year 9999 are not times.
        return (ms.is_finite() && ms.abs() <= MAX_TIME_MS as f64).then(|| ms.round() as i64);
    }
    parse_rfc3339(s)
}

/// A rounded human duration for read-outs: `43m 12s`, `7h 12m`, `2.5 days`.
pub fn humanize_duration(ms: f64) -> String {
    if !ms.is_finite() {
        return "∞".into();
    }
    let s = ms / 1000.0;
    if s.abs() < 59.95 {
        return format!("{s:.1}s");
    }
    // Rounded first, then split, so 3599.6 s reads "1h", not "59m 60s"; zero parts are left
    // out ("3h", not "3h 0m").
    let pair = |big: i64, unit: &str, small: i64, small_unit: &str| {
        if small == 0 {
            format!("{big}{unit}")
        } else {
            format!("{big}{unit} {small}{small_unit}")
        }
    };
    let secs = s.round() as i64;
    if secs.abs() < 3600 {
        return pair(secs / 60, "m", secs % 60, "s");
    }
    let mins = (s / 60.0).round() as i64;
    if mins.abs() < 1440 {
        return pair(mins / 60, "h", mins % 60, "m");
    }
    format!("{:.1} days", s / 86_400.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_including_leap_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(19_783), (2024, 3, 1));
        for d in (-800_000..800_000).step_by(997) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    #[test]
    fn formats_dates() {
        assert_eq!(format_datetime(1_700_000_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(format_date(-DAY_MS), "1969-12-31");
        assert_eq!(format_axis(1_700_000_000_000, HOUR_MS), "22:13");
        assert_eq!(format_axis(1_700_000_000_000, 30 * DAY_MS), "Nov 14");
        assert_eq!(format_axis(1_700_000_000_000, 800 * DAY_MS), "Nov 2023");
    }

    #[test]
    fn parses_prometheus_durations() {
        assert_eq!(parse_duration("30d"), Ok(30 * DAY_MS));
        assert_eq!(parse_duration("1h30m"), Ok(90 * MINUTE_MS));
        assert_eq!(parse_duration("250ms"), Ok(250));
        assert_eq!(parse_duration("2w"), Ok(14 * DAY_MS));
        assert!(parse_duration("30").unwrap_err().contains("lacks a unit"));
        assert!(parse_duration("3x").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("h").is_err());
    }

    #[test]
    fn rfc3339_fields_out_of_range_are_refused() {
        // Found by `tests/fuzz.rs`: the month `-3` overflowed.
        assert_eq!(parse_rfc3339("2026--3--1T12:34:56.123456+05:30"), None);
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-01-01T24:00:00Z"), None);
        assert_eq!(
            parse_rfc3339("2016-12-31T23:59:60Z"),
            Some(1_483_228_800_000)
        );
    }

    #[test]
    fn source_times() {
        assert_eq!(parse_time("1700000000"), Some(1_700_000_000_000));
        assert_eq!(parse_time("1700000000000"), Some(1_700_000_000_000));
        assert_eq!(parse_time("2023-11-14T22:13:20Z"), Some(1_700_000_000_000));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(HOUR_MS, 300), 15_000);
        assert_eq!(nice_step(7 * DAY_MS, 300), HOUR_MS);
        assert_eq!(nice_step(30 * DAY_MS, 300), 3 * HOUR_MS);
        assert_eq!(nice_step(3650 * DAY_MS, 300), DAY_MS);
    }

    #[test]
    fn formats_durations_exactly_and_humanly() {
        assert_eq!(format_duration(30 * DAY_MS), "30d");
        assert_eq!(format_duration(43 * MINUTE_MS + 12 * SECOND_MS), "43m12s");
        assert_eq!(format_duration(-HOUR_MS), "-1h");
        assert_eq!(
            humanize_duration((43 * MINUTE_MS + 12 * SECOND_MS) as f64),
            "43m 12s"
        );
        assert_eq!(
            humanize_duration((7 * HOUR_MS + 12 * MINUTE_MS) as f64),
            "7h 12m"
        );
        assert_eq!(humanize_duration(f64::INFINITY), "∞");
        assert_eq!(humanize_duration((3 * HOUR_MS) as f64), "3h");
        assert_eq!(humanize_duration((45 * MINUTE_MS) as f64), "45m");
        assert_eq!(humanize_duration(3_599_600.0), "1h");
        assert_eq!(humanize_duration(59_970.0), "1m");
        assert_eq!(humanize_duration(12_500.0), "12.5s");
        assert_eq!(
            humanize_duration((23 * HOUR_MS + 59 * MINUTE_MS + 50 * SECOND_MS) as f64),
            "1.0 days"
        );
    }
}
