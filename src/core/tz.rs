//! Time zones without a bundled database: POSIX TZ rules (`CET-1CEST,M3.5.0,M10.5.0/3`), and a
//! table mapping common IANA names to their current rules. Calendar SLO windows and report
//! periods start at local midnight in the chosen zone, DST included. Historical rule changes
//! are not modelled (dates are interpreted with today's rules).

use super::text::split_while;
use super::time::{civil_from_days, days_from_civil, DAY_MS, HOUR_MS, MINUTE_MS};

const ZONES: &[(&str, &str)] = &[
    ("UTC", "UTC0"),
    ("Etc/UTC", "UTC0"),
    ("Europe/London", "GMT0BST,M3.5.0/1,M10.5.0"),
    ("Europe/Dublin", "GMT0IST,M3.5.0/1,M10.5.0"),
    ("Europe/Lisbon", "WET0WEST,M3.5.0/1,M10.5.0"),
    ("Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Paris", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Amsterdam", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Brussels", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Madrid", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Rome", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Vienna", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Zurich", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Stockholm", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Oslo", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Copenhagen", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Prague", "CET-1CEST,M3.5.0,M10.5.0/3"),
    ("Europe/Helsinki", "EET-2EEST,M3.5.0/3,M10.5.0/4"),
    ("Europe/Athens", "EET-2EEST,M3.5.0/3,M10.5.0/4"),
    ("Europe/Kyiv", "EET-2EEST,M3.5.0/3,M10.5.0/4"),
    ("Europe/Istanbul", "<+03>-3"),
    ("Europe/Moscow", "MSK-3"),
    ("America/New_York", "EST5EDT,M3.2.0,M11.1.0"),
    ("America/Toronto", "EST5EDT,M3.2.0,M11.1.0"),
    ("America/Chicago", "CST6CDT,M3.2.0,M11.1.0"),
    ("America/Denver", "MST7MDT,M3.2.0,M11.1.0"),
    ("America/Phoenix", "MST7"),
    ("America/Los_Angeles", "PST8PDT,M3.2.0,M11.1.0"),
    ("America/Vancouver", "PST8PDT,M3.2.0,M11.1.0"),
    ("America/Mexico_City", "CST6"),
    ("America/Sao_Paulo", "<-03>3"),
    ("America/Argentina/Buenos_Aires", "<-03>3"),
    ("Asia/Dubai", "<+04>-4"),
    ("Asia/Kolkata", "IST-5:30"),
    ("Asia/Singapore", "<+08>-8"),
    ("Asia/Shanghai", "CST-8"),
    ("Asia/Hong_Kong", "HKT-8"),
    ("Asia/Seoul", "KST-9"),
    ("Asia/Tokyo", "JST-9"),
    ("Australia/Brisbane", "AEST-10"),
    ("Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3"),
    ("Australia/Melbourne", "AEST-10AEDT,M10.1.0,M4.1.0/3"),
    ("Pacific/Auckland", "NZST-12NZDT,M9.5.0,M4.1.0/3"),
];

/// A rule `Mm.w.d/time`: day d (0 = Sunday) of week w (5 = last) of month m, at local time.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rule {
    month: u32,
    week: u32,
    weekday: i64,
    at_ms: i64,
}

/// A zone: standard offset (ms east of UTC) and, if it observes DST, its offset and rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    pub name: String,
    std_ms: i64,
    dst: Option<(i64, Rule, Rule)>,
}

fn parse_offset(s: &str) -> Option<(i64, &str)> {
    // (An empty `s` has no hours: None below.)
    let (sign, rest) = match (s.strip_prefix('+'), s.strip_prefix('-')) {
        (Some(r), _) => (1, r),
        (_, Some(r)) => (-1, r),
        _ => (1, s),
    };
    let (digits, rest) = split_while(rest, |c| c.is_ascii_digit() || c == ':');
    let mut parts = digits.split(':').map(|p| p.parse::<i64>());
    let h = parts.next()?.ok()?;
    let m = parts.next().transpose().ok()?.unwrap_or(0);
    let sec = parts.next().transpose().ok()?.unwrap_or(0);
    // POSIX (RFC 8536) hours reach 167; larger ones are not offsets (and would overflow).
    let valid = (0..=167).contains(&h) && (0..60).contains(&m) && (0..60).contains(&sec);
    valid.then(|| (sign * (h * HOUR_MS + m * MINUTE_MS + sec * 1000), rest))
}

fn parse_name(s: &str) -> Option<&str> {
    if let Some(r) = s.strip_prefix('<') {
        return r.split_once('>').map(|(_, rest)| rest);
    }
    let (name, rest) = split_while(s, |c| c.is_ascii_alphabetic());
    (name.len() >= 3).then_some(rest)
}

fn parse_rule(s: &str) -> Option<Rule> {
    let (date, time) = s.split_once('/').map_or((s, None), |(d, t)| (d, Some(t)));
    let mut p = date
        .strip_prefix('M')?
        .split('.')
        .map(|x| x.parse::<u32>().ok());
    let (month, week, weekday) = (p.next()??, p.next()??, p.next()?? as i64);
    let at_ms = match time {
        Some(t) => parse_offset(t)?.0,
        None => 2 * HOUR_MS,
    };
    ((1..=12).contains(&month) && (1..=5).contains(&week) && weekday <= 6).then_some(Rule {
        month,
        week,
        weekday,
        at_ms,
    })
}

impl Zone {
    /// An IANA name from the built-in table, or a POSIX TZ string.
    pub fn parse(name: &str) -> Result<Zone, String> {
        let posix = ZONES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(name, |(_, p)| *p);
        let err = || {
            format!("unknown time zone \"{name}\": use an IANA name Headroom knows ({} …) or a POSIX TZ rule such as CET-1CEST,M3.5.0,M10.5.0/3", ZONES.iter().take(4).map(|z| z.0).collect::<Vec<_>>().join(", "))
        };
        let rest = parse_name(posix).ok_or_else(err)?;
        let (std_west, rest) = parse_offset(rest).ok_or_else(err)?;
        if rest.is_empty() {
            return Ok(Zone {
                name: name.into(),
                std_ms: -std_west,
                dst: None,
            });
        }
        let rest = parse_name(rest).ok_or_else(err)?;
        let (dst_ms, rest) = if rest.starts_with(',') {
            (-std_west + HOUR_MS, rest)
        } else {
            parse_offset(rest).map(|(o, r)| (-o, r)).ok_or_else(err)?
        };
        let mut rules = rest.strip_prefix(',').ok_or_else(err)?.split(',');
        let start = rules.next().and_then(parse_rule).ok_or_else(err)?;
        let end = rules.next().and_then(parse_rule).ok_or_else(err)?;
        Ok(Zone {
            name: name.into(),
            std_ms: -std_west,
            dst: Some((dst_ms, start, end)),
        })
    }

    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            std_ms: 0,
            dst: None,
        }
    }

    /// Local civil day (days since epoch) of rule `r` in `year`.
    fn rule_day(r: &Rule, year: i64) -> i64 {
        let first = days_from_civil(year, r.month, 1);
        let first_wd = (first + 4).rem_euclid(7); // 1970-01-01 was a Thursday
        let mut day = first + (r.weekday - first_wd).rem_euclid(7) + 7 * (r.week as i64 - 1);
        let next_month = if r.month == 12 {
            days_from_civil(year + 1, 1, 1)
        } else {
            days_from_civil(year, r.month + 1, 1)
        };
        while day >= next_month {
            day -= 7;
        }
        day
    }

    /// Offset from UTC (ms, east positive) in force at the instant `utc_ms`.
    pub fn offset_at(&self, utc_ms: i64) -> i64 {
        let Some((dst_ms, start, end)) = &self.dst else {
            return self.std_ms;
        };
        let (year, _, _) = civil_from_days((utc_ms + self.std_ms).div_euclid(DAY_MS));
        // Transitions are given in the local time in force before them.
        let on = Self::rule_day(start, year) * DAY_MS + start.at_ms - self.std_ms;
        let off = Self::rule_day(end, year) * DAY_MS + end.at_ms - dst_ms;
        let in_dst = if on < off {
            utc_ms >= on && utc_ms < off
        } else {
            utc_ms >= on || utc_ms < off
        };
        if in_dst {
            *dst_ms
        } else {
            self.std_ms
        }
    }

    /// The UTC instant of local midnight starting local day `day` (days since epoch).
    pub fn midnight(&self, day: i64) -> i64 {
        let local = day * DAY_MS;
        let guess = local - self.offset_at(local - self.std_ms);
        local - self.offset_at(guess)
    }

    /// The local civil day (days since epoch) containing `utc_ms`.
    pub fn local_day(&self, utc_ms: i64) -> i64 {
        (utc_ms + self.offset_at(utc_ms)).div_euclid(DAY_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i64, m: u32, d: u32, h: i64, min: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS + h * HOUR_MS + min * MINUTE_MS
    }

    #[test]
    fn berlin_switches_on_the_last_sundays_of_march_and_october() {
        let z = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(z.offset_at(at(2026, 3, 29, 0, 59)), HOUR_MS);
        assert_eq!(z.offset_at(at(2026, 3, 29, 1, 0)), 2 * HOUR_MS);
        assert_eq!(z.offset_at(at(2026, 10, 25, 0, 59)), 2 * HOUR_MS);
        assert_eq!(z.offset_at(at(2026, 10, 25, 1, 0)), HOUR_MS);
        // Local midnight of 2026-03-29 is still winter time: 23:00 UTC the day before.
        assert_eq!(
            z.midnight(days_from_civil(2026, 3, 29)),
            at(2026, 3, 28, 23, 0)
        );
        assert_eq!(
            z.midnight(days_from_civil(2026, 3, 30)),
            at(2026, 3, 29, 22, 0)
        );
    }

    #[test]
    fn new_york_and_southern_hemisphere() {
        let ny = Zone::parse("America/New_York").unwrap();
        assert_eq!(ny.offset_at(at(2026, 3, 8, 6, 59)), -5 * HOUR_MS);
        assert_eq!(ny.offset_at(at(2026, 3, 8, 7, 0)), -4 * HOUR_MS);
        assert_eq!(ny.offset_at(at(2026, 11, 1, 5, 59)), -4 * HOUR_MS);
        assert_eq!(ny.offset_at(at(2026, 11, 1, 6, 0)), -5 * HOUR_MS);
        let syd = Zone::parse("Australia/Sydney").unwrap();
        assert_eq!(syd.offset_at(at(2026, 1, 15, 0, 0)), 11 * HOUR_MS);
        assert_eq!(syd.offset_at(at(2026, 6, 15, 0, 0)), 10 * HOUR_MS);
        let kol = Zone::parse("Asia/Kolkata").unwrap();
        assert_eq!(kol.offset_at(0), 5 * HOUR_MS + 30 * MINUTE_MS);
        assert_eq!(
            Zone::parse("<+0545>-5:45").unwrap().offset_at(0),
            5 * HOUR_MS + 45 * MINUTE_MS
        );
        assert!(Zone::parse("Mars/Olympus")
            .unwrap_err()
            .contains("unknown time zone"));
    }

    #[test]
    fn offsets_out_of_range_are_refused() {
        // Found by `tests/fuzz.rs`: the hours overflowed i64 milliseconds.
        assert!(Zone::parse("<268-11-19 05:50:61.1808>2818552148148+00:00").is_err());
        assert!(Zone::parse("ABC168").is_err());
        assert!(Zone::parse("ABC-1:60").is_err());
        assert!(Zone::parse("ABC-167DEF,M3.5.0/167,M10.5.0/3").is_ok());
    }

    #[test]
    fn local_days() {
        let ny = Zone::parse("America/New_York").unwrap();
        assert_eq!(
            ny.local_day(at(2026, 1, 1, 3, 0)),
            days_from_civil(2025, 12, 31)
        );
        assert_eq!(
            Zone::utc().local_day(at(2026, 1, 1, 3, 0)),
            days_from_civil(2026, 1, 1)
        );
    }
}
