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

/// [`m4`] of a series no longer needed whole, ahead of a chart that draws `[start_ms, end_ms]`
/// on the pixel columns `pixel` gives (`core::chart::Columns::at`): on the cells where those
/// and `columns` equal columns overlap, so each cell lies in one pixel column and the chart,
/// decimating again, keeps what it would have kept of the whole series; `columns` may be finer
/// (narrower than a gap, or enough for a wider chart).
pub fn m4_owned_within(
    samples: Vec<Sample>,
    (start_ms, end_ms): (i64, i64),
    columns: usize,
    pixel: impl Fn(i64) -> i32,
) -> Vec<Sample> {
    if columns == 0 || samples.len() <= columns * 4 || end_ms <= start_ms {
        return samples;
    }
    let column = even(start_ms, end_ms, columns);
    m4_by(&samples, columns * 4, |t| (pixel(t), column(t)))
}

/// Columns to reduce a series to ahead of a chart that splits it at gaps longer than `gap_ms`:
/// at least `min`, and each narrower than the gap. Then every jump longer than the gap lies
/// between two columns, whose last and first samples M4 keeps, and no kept pair inside a column
/// is far enough apart to look like a gap: M4 neither invents gaps nor hides one.
pub fn columns_within_gap(start_ms: i64, end_ms: i64, gap_ms: i64, min: usize) -> usize {
    let span = end_ms.saturating_sub(start_ms).max(0) as u64;
    let within = span / gap_ms.max(1) as u64 + 1;
    usize::try_from(within).unwrap_or(usize::MAX).max(min)
}

/// [`m4`] without the small-input shortcut: for one run of a series that, as a whole, is
/// large enough to decimate.
pub fn m4_columns(samples: &[Sample], start_ms: i64, end_ms: i64, columns: usize) -> Vec<Sample> {
    if columns == 0 || end_ms <= start_ms {
        return samples.to_vec();
    }
    m4_by(samples, columns * 4, even(start_ms, end_ms, columns))
}

/// The column of `columns` equal ones over `[start_ms, end_ms]` a time is in (`columns` > 0,
/// `end_ms` > `start_ms`; times outside in the first or last).
fn even(start_ms: i64, end_ms: i64, columns: usize) -> impl Fn(i64) -> usize {
    let (span, last) = ((end_ms - start_ms) as f64, (columns - 1) as f64);
    move |t| {
        let c = ((t - start_ms) as f64 / span * columns as f64).floor();
        c.clamp(0.0, last) as usize
    }
}

/// M4 on the columns `column_of` puts times in (the same for a run of times, then another:
/// non-decreasing, or any key that changes only between columns), about `room` samples
/// expected. A chart passes its pixel columns (`core::chart::Columns`), so the line drawn is
/// the full line pixel for pixel. A column's end is found by galloping over the (sorted) times,
/// so the column arithmetic runs a few times per column, not once per sample.
pub fn m4_by<K: PartialEq>(
    samples: &[Sample],
    room: usize,
    column_of: impl Fn(i64) -> K,
) -> Vec<Sample> {
    let mut out = Vec::with_capacity(room.min(samples.len()));
    let mut rest = samples;
    while let Some(first) = rest.first() {
        let c = column_of(first.t_ms);
        let n = column_end(rest, |s| column_of(s.t_ms) == c);
        let (col, tail) = rest.split_at_checked(n).unwrap_or((rest, &[]));
        push_column(col, &mut out);
        rest = tail;
    }
    out
}

/// How many leading samples satisfy `inside` (true for a prefix, then false; the first is).
fn column_end(samples: &[Sample], inside: impl Fn(&Sample) -> bool) -> usize {
    let mut bound = 1;
    while samples.get(bound).is_some_and(&inside) {
        bound *= 2;
    }
    let from = bound / 2 + 1;
    let window = samples
        .get(from..bound.min(samples.len()))
        .unwrap_or_default();
    from + window.partition_point(inside)
}

fn push_column(col: &[Sample], out: &mut Vec<Sample>) {
    let (Some(first), true) = (col.first(), col.len() > 4) else {
        out.extend_from_slice(col);
        return;
    };
    // The first lowest and first highest sample; a gap (NaN) inside a column is rare and
    // must survive, so such a column is kept whole.
    let (mut lo, mut hi) = ((0, first.v), (0, first.v));
    for (k, s) in col.iter().enumerate() {
        if s.v.is_nan() {
            out.extend_from_slice(col);
            return;
        }
        if s.v < lo.1 {
            lo = (k, s.v);
        }
        if s.v > hi.1 {
            hi = (k, s.v);
        }
    }
    // First, lowest, highest and last, each once, in time order.
    let mut keep = [0, lo.0, hi.0, col.len() - 1];
    keep.sort_unstable();
    let mut prev = None;
    for k in keep {
        if prev != Some(k) {
            out.extend(col.get(k).copied());
            prev = Some(k);
        }
    }
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
    fn columns_narrower_than_the_gap_keep_gaps_as_they_were() {
        // Every 10 ms, with holes of 500 ms (gaps at 300 ms) and of 260 ms (not gaps).
        let s: Vec<Sample> = (0..200_000i64)
            .filter(|i| !(5000..5050).contains(&(i % 10_000)) && !(100..125).contains(&(i % 7000)))
            .map(|i| Sample {
                t_ms: i * 10,
                v: ((i * 7919) % 1000) as f64,
            })
            .collect();
        let (end, gap) = (2_000_000, 300);
        let cols = columns_within_gap(0, end, gap, 100);
        assert!(cols as i64 * gap > end, "{cols}");
        let gaps = |x: &[Sample]| {
            x.windows(2)
                .filter(|w| w[1].t_ms - w[0].t_ms > gap)
                .map(|w| (w[0].t_ms, w[1].t_ms))
                .collect::<Vec<_>>()
        };
        let out = m4(&s, 0, end, cols);
        assert!(out.len() < s.len() / 5, "{} of {}", out.len(), s.len());
        assert_eq!(gaps(&out), gaps(&s));
        assert_eq!(gaps(&s).len(), 20);
        assert_eq!(m4(&s[..10], 0, end, cols), s[..10]);
    }

    /// M4 as first written: a column per run of equal column numbers, its first, lowest,
    /// highest and last sample kept (the whole column when it holds a NaN).
    fn reference(samples: &[Sample], start: i64, end: i64, columns: usize) -> Vec<Sample> {
        let span = (end - start) as f64;
        let col = |t: i64| {
            ((t - start) as f64 / span * columns as f64)
                .floor()
                .clamp(0.0, (columns - 1) as f64) as usize
        };
        let mut out = vec![];
        for c in samples.chunk_by(|a, b| col(a.t_ms) == col(b.t_ms)) {
            if c.len() <= 4 || c.iter().any(|s| s.v.is_nan()) {
                out.extend_from_slice(c);
                continue;
            }
            let lo = (0..c.len()).fold(0, |m, k| if c[k].v < c[m].v { k } else { m });
            let hi = (0..c.len()).fold(0, |m, k| if c[k].v > c[m].v { k } else { m });
            let keep = [0, lo, hi, c.len() - 1];
            out.extend((0..c.len()).filter(|k| keep.contains(k)).map(|k| c[k]));
        }
        out
    }

    #[test]
    fn equals_the_column_by_column_reference() {
        let mut r: u64 = 3;
        let mut t = -500;
        let s: Vec<Sample> = (0..60_000)
            .map(|i| {
                r = r.wrapping_mul(6364136223846793005).wrapping_add(1);
                t += ((r >> 40) % 40) as i64; // irregular, repeated times too
                let v = if i % 9973 == 0 {
                    f64::NAN
                } else {
                    ((r >> 20) % 100) as f64
                };
                Sample { t_ms: t, v }
            })
            .collect();
        for columns in [1, 7, 300, 1000, 5000, 100_000] {
            let got = m4_columns(&s, 0, t - 700, columns);
            let want = reference(&s, 0, t - 700, columns);
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{columns} columns");
        }
    }

    #[test]
    fn preserves_gap_markers() {
        let mut s = wave(10_000);
        s[5_000].v = f64::NAN;
        let out = m4(&s, 0, 9_999, 50);
        assert!(out.iter().any(|x| x.v.is_nan() && x.t_ms == 5_000));
    }
}
