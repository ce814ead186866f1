//! M4 decimation: with more than a few samples per pixel column, keep each column's first,
//! min, max and last sample. The drawn line is the same; the work is bounded by the width.

use super::model::Sample;

/// Reduces `samples` (sorted by time) to at most four per column of `columns` equal columns
/// over `[start_ms, end_ms]`. NaN samples are kept as they are (they mark gaps). Returns the
/// input unchanged when it is already small enough.
pub fn m4(samples: &[Sample], start_ms: i64, end_ms: i64, columns: usize) -> Vec<Sample> {
    if columns == 0 || samples.len() <= columns * 4 || end_ms <= start_ms {
        return samples.to_vec();
    }
    m4_columns(samples, start_ms, end_ms, columns)
}

/// [`m4`] without the small-input shortcut: for one run of a series that, as a whole, is
/// large enough to decimate.
pub fn m4_columns(samples: &[Sample], start_ms: i64, end_ms: i64, columns: usize) -> Vec<Sample> {
    if columns == 0 || end_ms <= start_ms {
        return samples.to_vec();
    }
    let span = (end_ms - start_ms) as f64;
    let column_of = |t: i64| -> usize {
        let c = ((t - start_ms) as f64 / span * columns as f64).floor();
        c.clamp(0.0, (columns - 1) as f64) as usize
    };
    let mut out = Vec::with_capacity(columns * 4);
    for col in samples.chunk_by(|a, b| column_of(a.t_ms) == column_of(b.t_ms)) {
        push_column(col, &mut out);
    }
    out
}

fn push_column(col: &[Sample], out: &mut Vec<Sample>) {
    let Some(first) = col.first() else {
        return;
    };
    if col.iter().any(|s| s.v.is_nan()) || col.len() <= 4 {
        // Gaps inside a column are rare and must survive; keep such columns whole.
        out.extend_from_slice(col);
        return;
    }
    // The first lowest and first highest sample.
    let (mut lo, mut hi) = ((0, first.v), (0, first.v));
    for (k, s) in col.iter().enumerate() {
        if s.v < lo.1 {
            lo = (k, s.v);
        }
        if s.v > hi.1 {
            hi = (k, s.v);
        }
    }
    // First, lowest, highest and last, each once, in time order.
    let keep = [0, lo.0, hi.0, col.len() - 1];
    let kept = col.iter().enumerate().filter(|(k, _)| keep.contains(k));
    out.extend(kept.map(|(_, s)| *s));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(n: i64) -> Vec<Sample> {
        (0..n)
            .map(|i| Sample {
                t_ms: i,
                v: ((i * 7919) % 1000) as f64,
            })
            .collect()
    }

    #[test]
    fn keeps_small_inputs_untouched() {
        let s = wave(40);
        assert_eq!(m4(&s, 0, 39, 10), s);
    }

    #[test]
    fn keeps_first_min_max_last_of_every_column() {
        let s = wave(100_000);
        let out = m4(&s, 0, 99_999, 100);
        assert!(out.len() <= 400, "{} samples", out.len());
        for c in 0..100i64 {
            let lo_t = c * 1000;
            let col: Vec<&Sample> = s
                .iter()
                .filter(|x| x.t_ms >= lo_t && x.t_ms < lo_t + 1000)
                .collect();
            let kept: Vec<&Sample> = out
                .iter()
                .filter(|x| x.t_ms >= lo_t && x.t_ms < lo_t + 1000)
                .collect();
            let max = col.iter().map(|x| x.v).fold(f64::MIN, f64::max);
            let min = col.iter().map(|x| x.v).fold(f64::MAX, f64::min);
            assert_eq!(kept.first().unwrap().t_ms, col.first().unwrap().t_ms);
            assert_eq!(kept.last().unwrap().t_ms, col.last().unwrap().t_ms);
            assert!(kept.iter().any(|x| x.v == max) && kept.iter().any(|x| x.v == min));
        }
        assert!(out.windows(2).all(|w| w[0].t_ms < w[1].t_ms));
    }

    #[test]
    fn preserves_gap_markers() {
        let mut s = wave(10_000);
        s[5_000].v = f64::NAN;
        let out = m4(&s, 0, 9_999, 50);
        assert!(out.iter().any(|x| x.v.is_nan() && x.t_ms == 5_000));
    }
}
