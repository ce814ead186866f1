//! Links people share. A view's time range is relative by default (`range=7d`, or
//! `from=now-30d&to=now`, as Grafana writes it): "lock the time range" turns it into absolute
//! times so the link shows the same data next week. And what never enters a link: any
//! parameter that looks like a credential is dropped before a link is made.

use super::route::Route;
use super::time::{parse_duration, parse_rfc3339};

/// Parameter names a link never carries (compared case-insensitively, `-`/`_` ignored).
const SECRET_NAMES: [&str; 9] = [
    "token",
    "accesstoken",
    "apikey",
    "password",
    "secret",
    "authorization",
    "bearer",
    "credential",
    "sessionid",
];

fn is_secret_name(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_NAMES.iter().any(|s| k.contains(s))
}

/// The route without credential-like parameters.
pub fn without_secrets(route: &Route) -> Route {
    let mut r = route.clone();
    r.params.retain(|k, _| !is_secret_name(k));
    r
}

/// `now`, `now-30d`, `now+1h`, Unix milliseconds or RFC 3339 → Unix milliseconds.
pub fn parse_time_expr(s: &str, now_ms: i64) -> Option<i64> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("now") {
        return match (rest.strip_prefix('-'), rest.strip_prefix('+')) {
            _ if rest.is_empty() => Some(now_ms),
            (Some(d), _) => parse_duration(d).ok().and_then(|d| now_ms.checked_sub(d)),
            (_, Some(d)) => parse_duration(d).ok().and_then(|d| now_ms.checked_add(d)),
            _ => None,
        };
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    parse_rfc3339(s)
}

/// Whether the route's time range moves with the clock.
pub fn is_relative(route: &Route) -> bool {
    let rel = |k: &str| {
        route
            .param(k)
            .is_some_and(|v| v.trim_start().starts_with("now"))
    };
    route
        .param("range")
        .is_some_and(|r| parse_duration(r).is_ok())
        || rel("from")
        || rel("to")
}

/// The same view with its time range as absolute `from`/`to` (Unix ms) at `now_ms`: a
/// `range=<duration>` preset or `now`-relative `from`/`to` become fixed times. Calendar
/// presets (`window`, `month`, `quarter`) and routes without a range are left as they are.
pub fn lock_time_range(route: &Route, now_ms: i64) -> Route {
    let mut r = without_secrets(route);
    let preset = r.param("range").and_then(|p| parse_duration(p).ok());
    let to = r
        .param("to")
        .and_then(|t| parse_time_expr(t, now_ms))
        .unwrap_or(now_ms);
    let from = match (preset, r.param("from")) {
        (_, Some(f)) => parse_time_expr(f, now_ms),
        (Some(d), None) => to.checked_sub(d),
        (None, None) => None,
    };
    if let Some(from) = from.filter(|f| *f < to) {
        r = r
            .with("range", "")
            .with("from", &from.to_string())
            .with("to", &to.to_string());
    }
    r
}

/// The absolute `[from, to]` a route asks for, if it names one.
pub fn absolute_range(route: &Route, now_ms: i64) -> Option<(i64, i64)> {
    let from = parse_time_expr(route.param("from")?, now_ms)?;
    let to = route
        .param("to")
        .and_then(|t| parse_time_expr(t, now_ms))
        .unwrap_or(now_ms);
    (from < to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::route::{parse_hash, to_hash, View};

    const NOW: i64 = 1_790_812_800_000;
    const DAY: i64 = 86_400_000;

    #[test]
    fn relative_ranges_lock_to_absolute_times() {
        let r = parse_hash("#/slos/checkout?range=7d&refresh=1m");
        assert!(is_relative(&r));
        let locked = lock_time_range(&r, NOW);
        assert_eq!(
            locked.param("from"),
            Some((NOW - 7 * DAY).to_string().as_str())
        );
        assert_eq!(locked.param("to"), Some(NOW.to_string().as_str()));
        assert_eq!(
            (locked.param("range"), locked.param("refresh")),
            (None, Some("1m"))
        );
        assert!(!is_relative(&locked));
        assert_eq!(
            absolute_range(&locked, NOW + DAY),
            Some((NOW - 7 * DAY, NOW)),
            "the same data a day later"
        );
        let g = lock_time_range(&parse_hash("#/explore?from=now-30d&to=now-1d&q=up"), NOW);
        assert_eq!(absolute_range(&g, 0), Some((NOW - 30 * DAY, NOW - DAY)));
        // A calendar preset and a view without a range are left alone.
        let w = parse_hash("#/slos/x?range=window");
        assert_eq!(lock_time_range(&w, NOW), w);
        assert_eq!(
            parse_time_expr("2026-10-01T00:00:00Z", NOW),
            Some(1_790_812_800_000)
        );
        assert_eq!(parse_time_expr("now+1h", NOW), Some(NOW + 3_600_000));
        for bad in ["", "now-", "now-x", "later", "now*2"] {
            assert_eq!(parse_time_expr(bad, NOW), None, "{bad}");
        }
    }

    /// xorshift: reproducible random text with every awkward character.
    fn text(seed: &mut u64, len: usize) -> String {
        const ALPHABET: &[char] = &[
            'a', 'Z', '0', ' ', '+', '%', '&', '=', '?', '#', '/', '\\', 'é', '💥', '"', '<', '~',
            ',', '.', '-',
        ];
        (0..len)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                ALPHABET[(*seed % ALPHABET.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn links_round_trip_and_never_carry_a_credential() {
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        for i in 0..2_000 {
            let name = text(&mut seed, 1 + i % 9);
            let view = match i % 4 {
                0 => View::Slo(name),
                1 => View::Service(name),
                2 => View::Slos,
                _ => View::Reports,
            };
            let mut r = Route::new(view);
            for j in 0..(i % 5) {
                r = r.with(
                    &format!("{}{j}", text(&mut seed, 3)),
                    &text(&mut seed, 1 + j * 3),
                );
            }
            let secret = format!("s3cret-{i}");
            let hostile = r
                .clone()
                .with("access_token", &secret)
                .with("X-Api-Key", &secret)
                .with("Password", &secret);
            let link = to_hash(&without_secrets(&hostile));
            assert!(!link.contains(&secret), "{link}");
            assert_eq!(parse_hash(&link), r, "{link}");
            assert!(!to_hash(&lock_time_range(&hostile, NOW)).contains(&secret));
        }
    }
}
