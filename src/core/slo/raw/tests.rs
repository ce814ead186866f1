//! The raw-sample path against hand-computed windows and the slice-by-slice sums.

use super::*;

/// The slice-by-slice sum the faster `sum_slices` replaced: every slice asks every series.
fn naive(series: &[Series], start: i64, end: i64, slice: i64, count: Option<bool>) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut t = start;
    while t <= end {
        let mut sum = None;
        for x in series {
            let v = match count {
                None => increase(between(&x.samples, t - slice, t), t - slice, t),
                Some(c) => {
                    let w = between(&x.samples, t - slice + 1, t);
                    (!w.is_empty()).then(|| {
                        if c {
                            w.len() as f64
                        } else {
                            w.iter().map(|x| x.v).sum()
                        }
                    })
                }
            };
            if let Some(v) = v {
                sum = Some(sum.unwrap_or(0.0) + v);
            }
        }
        if let Some(v) = sum {
            out.push(Sample { t_ms: t, v });
        }
        t += slice;
    }
    out
}

#[test]
fn per_series_slices_equal_slice_by_slice_sums_to_the_bit() {
    // Series that start before the range, end inside it, have gaps, resets, single samples
    // and samples exactly on slice edges; xorshift for reproducible values.
    let mut r = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        r
    };
    let slice = 3_600_000;
    let (start, end) = (10 * slice, 40 * slice);
    let series: Vec<Series> = (0..60)
        .map(|i| {
            let mut t = (i % 13) * slice - (next() % 7_200_000) as i64;
            let mut v = 0.0;
            let mut samples = Vec::new();
            for _ in 0..(next() % 40) {
                t += if next() % 5 == 0 {
                    slice * 3
                } else {
                    (next() % 1_800_000) as i64 + 1
                };
                if next() % 4 == 0 {
                    t -= t.rem_euclid(slice); // exactly on a slice edge
                }
                v = if next() % 17 == 0 {
                    1.0
                } else {
                    v + (next() % 1000) as f64 / 7.0
                };
                samples.push(Sample { t_ms: t, v });
            }
            samples.sort_by_key(|x| x.t_ms);
            samples.dedup_by_key(|x| x.t_ms);
            Series {
                labels: Default::default(),
                samples,
            }
        })
        .collect();
    let fast = increase_slices(&series, start, end, slice);
    assert!(fast.len() > 20, "{} slices with data", fast.len());
    let bits = |v: &[Sample]| {
        v.iter()
            .map(|x| (x.t_ms, x.v.to_bits()))
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&fast), bits(&naive(&series, start, end, slice, None)));
    for c in [false, true] {
        assert_eq!(
            bits(&over_time_slices(&series, start, end, slice, c)),
            bits(&naive(&series, start, end, slice, Some(c)))
        );
    }
}

fn s(points: &[(i64, f64)]) -> Vec<Sample> {
    points
        .iter()
        .map(|&(t, v)| Sample { t_ms: t * 1000, v })
        .collect()
}

#[test]
fn increase_extrapolates_like_prometheus() {
    // Samples every 10 s from 5 s to 55 s over [0, 60]: extrapolated by 5 s at each end.
    let x = s(&[
        (5, 10.0),
        (15, 20.0),
        (25, 30.0),
        (35, 40.0),
        (45, 50.0),
        (55, 60.0),
    ]);
    let v = increase(&x, 0, 60_000).unwrap();
    assert!((v - 60.0).abs() < 1e-12, "{v}");
    // A reset counts the value before it.
    let r = s(&[(0, 5.0), (10, 8.0), (20, 2.0), (30, 4.0)]);
    assert!((increase(&r, 0, 30_000).unwrap() - 7.0).abs() < 1e-12);
    // Extrapolation never goes below zero: a counter starting at 0 is not extended back.
    let z = s(&[(30, 0.0), (40, 10.0), (50, 20.0)]);
    assert!((increase(&z, 0, 50_000).unwrap() - 20.0).abs() < 1e-12);
    assert_eq!(increase(&s(&[(1, 1.0)]), 0, 10_000), None);
}

#[test]
fn over_time_windows_are_left_open() {
    let x = Series {
        labels: Default::default(),
        samples: s(&[(0, 1.0), (60, 0.0), (120, 1.0)]),
    };
    let c = over_time_slices(std::slice::from_ref(&x), 60_000, 120_000, 60_000, true);
    assert_eq!(
        c,
        vec![
            Sample {
                t_ms: 60_000,
                v: 1.0
            },
            Sample {
                t_ms: 120_000,
                v: 1.0
            }
        ]
    );
    let g = over_time_slices(&[x], 120_000, 120_000, 120_000, false);
    assert_eq!(
        g,
        vec![Sample {
            t_ms: 120_000,
            v: 1.0
        }]
    );
}
