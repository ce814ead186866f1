//! Range-query planning: Prometheus refuses more than 11,000 points per series, so a long or
//! fine range is split into step-aligned, non-overlapping chunks that merge seamlessly.

/// Prometheus' hard limit of points per series in one range query.
pub const MAX_POINTS: i64 = 11_000;

/// Inclusive `(start_ms, end_ms)` chunks covering the grid `start, start+step, … ≤ end`, each
/// holding at most [`MAX_POINTS`] grid points. Consecutive chunks share no point.
pub fn chunks(start_ms: i64, end_ms: i64, step_ms: i64) -> Vec<(i64, i64)> {
    assert!(step_ms > 0, "step must be positive");
    if end_ms < start_ms {
        return vec![];
    }
    let last_point = start_ms + (end_ms - start_ms) / step_ms * step_ms;
    let mut out = Vec::new();
    let mut s = start_ms;
    while s <= last_point {
        let e = (s + (MAX_POINTS - 1) * step_ms).min(last_point);
        out.push((s, e));
        s = e + step_ms;
    }
    out
}

/// The finest step (ms, whole seconds) that fits the range in one query; never below `min_ms`.
pub fn min_step(start_ms: i64, end_ms: i64, min_ms: i64) -> i64 {
    let span = (end_ms - start_ms).max(0);
    let need = (span + MAX_POINTS - 2) / (MAX_POINTS - 1); // ceil(span / (points − 1))
    let need_s = (need + 999) / 1000 * 1000;
    need_s.max(min_ms).max(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn exact_boundaries() {
        // 11,000 points fit in one chunk; 11,001 need two.
        assert_eq!(chunks(0, 10_999_000, 1000), vec![(0, 10_999_000)]);
        assert_eq!(
            chunks(0, 11_000_000, 1000),
            vec![(0, 10_999_000), (11_000_000, 11_000_000)]
        );
        assert_eq!(chunks(5, 4, 1), vec![]);
        assert_eq!(chunks(0, 0, 1000), vec![(0, 0)]);
    }

    #[test]
    fn chunks_cover_the_grid_once() {
        let (s, e, st) = (1_000, 90 * DAY + 17, 15_000);
        let cs = chunks(s, e, st);
        let mut points = 0;
        for w in cs.windows(2) {
            assert_eq!(w[1].0, w[0].1 + st);
        }
        for (a, b) in &cs {
            let n = (b - a) / st + 1;
            assert!(n <= MAX_POINTS);
            assert_eq!((a - s) % st, 0);
            points += n;
        }
        assert_eq!(points, (e - s) / st + 1);
    }

    #[test]
    fn min_steps_match_the_reference() {
        // shared/reference/prometheus-api.md: 7d → 55 s, 30d → 236 s, 90d → 707 s, 365d → 2868 s.
        assert_eq!(min_step(0, 7 * DAY, 0), 55_000);
        assert_eq!(min_step(0, 30 * DAY, 0), 236_000);
        assert_eq!(min_step(0, 90 * DAY, 0), 707_000);
        assert_eq!(min_step(0, 365 * DAY, 0), 2_868_000);
        assert_eq!(min_step(0, 60_000, 15_000), 15_000);
    }
}
