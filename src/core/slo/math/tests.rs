//! Slices from samples in any order, gaps, good-to-bad counts, each budgeting method and the
//! rolling budget against direct figures.

use super::*;

const H: i64 = 3_600_000;

fn samples(vals: &[f64], t0: i64) -> Vec<Sample> {
    vals.iter()
        .enumerate()
        .filter(|(_, v)| !v.is_nan())
        .map(|(i, &v)| Sample {
            t_ms: t0 + i as i64 * H,
            v,
        })
        .collect()
}

#[test]
fn samples_in_any_order_give_the_same_slices() {
    let h = 3_600_000;
    let asc: Vec<Sample> = (1..=5)
        .map(|i| Sample {
            t_ms: i * h,
            v: i as f64 * 10.0,
        })
        .collect();
    let bad: Vec<Sample> = (1..=5)
        .map(|i| Sample {
            t_ms: i * h,
            v: 1.0,
        })
        .collect();
    let want = Slices::from_series(Some(&bad), None, &asc, h);
    let desc: Vec<Sample> = asc.iter().rev().cloned().collect();
    let bad_desc: Vec<Sample> = bad.iter().rev().cloned().collect();
    assert_eq!(Slices::from_series(Some(&bad_desc), None, &desc, h), want);
    // A repeated time: the last sample given wins.
    let mut dup = asc.clone();
    dup.push(Sample {
        t_ms: 3 * h,
        v: 99.0,
    });
    assert_eq!(
        Slices::from_series(Some(&bad), None, &dup, h).total[2],
        99.0
    );
    // Times decades apart: bounded, no panic, the latest slices kept.
    let far = [
        Sample { t_ms: 0, v: 1.0 },
        Sample {
            t_ms: 50 * 365 * 24 * h,
            v: 2.0,
        },
    ];
    let s = Slices::from_series(None, None, &far, 60_000);
    assert_eq!(s.total.len() as i64, MAX_SLICES);
    assert_eq!(s.total.last(), Some(&2.0));
    assert!(Slices::from_series(None, None, &far, 0).total.is_empty());
}

#[test]
fn sums_whole_slices_and_keeps_gaps_absent() {
    let total = samples(&[100.0, 100.0, f64::NAN, 200.0], 10 * H);
    let bad = samples(&[1.0, 0.0, f64::NAN, 3.0], 10 * H);
    let s = Slices::from_series(Some(&bad), None, &total, H);
    assert_eq!(s.total.len(), 4);
    assert!(s.total[2].is_nan());
    let f = figures(&s, 9 * H, 13 * H, 0.99);
    assert_eq!(
        (f.bad, f.total, f.slices_with_data, f.slices),
        (4.0, 400.0, 3, 4)
    );
    assert!((f.sli - 0.99).abs() < 1e-12);
    assert!(f.budget_remaining.abs() < 1e-9);
    // A window holding only the gap has no data, not 100%.
    let f = figures(&s, 11 * H, 12 * H, 0.99);
    assert!(f.sli.is_nan() && f.budget_remaining.is_nan());
}

#[test]
fn good_counts_become_bad_and_missing_bad_means_zero() {
    let total = samples(&[10.0, 10.0], 0);
    let good = samples(&[9.0, 10.5], 0);
    let s = Slices::from_series(None, Some(&good), &total, H);
    assert_eq!(s.bad, vec![1.0, 0.0]);
    let s = Slices::from_series(Some(&[]), None, &total, H);
    assert_eq!(s.bad, vec![0.0, 0.0]);
}

#[test]
fn budget_goes_negative_when_breached() {
    let total = samples(&[1000.0; 4], 0);
    let bad = samples(&[5.0; 4], 0);
    let s = Slices::from_series(Some(&bad), None, &total, H);
    let f = figures(&s, -H, 3 * H, 0.999);
    assert!((f.budget_consumed - 5.0).abs() < 1e-9);
    assert!((f.budget_remaining + 4.0).abs() < 1e-9);
    assert!((burn_rate(&s, 3 * H, H, 0.999) - 5.0).abs() < 1e-9);
}

#[test]
fn slice_methods_weigh_slices_not_events() {
    // A quiet bad hour (50% of 10 requests) and a busy good hour (0 of 990 failing).
    let total = samples(&[10.0, 990.0], 0);
    let bad = samples(&[5.0, 0.0], 0);
    let s = Slices::from_series(Some(&bad), None, &total, H);
    let occ = Method::Occurrences.figures(&s, -H, H, 0.99);
    assert!((occ.sli - 0.995).abs() < 1e-12);
    let ts = Method::Timeslices { target: 0.99 }.figures(&s, -H, H, 0.99);
    assert_eq!((ts.good, ts.total, ts.sli), (1.0, 2.0, 0.5));
    assert!((ts.budget_consumed - 50.0).abs() < 1e-9);
    let rts = Method::RatioTimeslices.figures(&s, -H, H, 0.99);
    assert!((rts.sli - 0.75).abs() < 1e-12);
    assert_eq!(rts.total, 1000.0);
    // No data stays no data for every method.
    for m in [
        Method::Occurrences,
        Method::Timeslices { target: 0.9 },
        Method::RatioTimeslices,
    ] {
        assert!(m.figures(&s, 5 * H, 6 * H, 0.99).sli.is_nan());
    }
}

#[test]
fn rolling_budget_matches_direct_figures() {
    let vals: Vec<f64> = (0..50).map(|i| 1000.0 + i as f64).collect();
    let bads: Vec<f64> = (0..50).map(|i| (i % 7) as f64 * 0.1).collect();
    let s = Slices::from_series(Some(&samples(&bads, 0)), None, &samples(&vals, 0), H);
    let r = rolling_budget(&s, 24 * H, 0.999);
    assert_eq!(r.len(), 50 - 23);
    for p in &r {
        let f = figures(&s, p.t_ms - 24 * H, p.t_ms, 0.999);
        assert!((p.v - f.budget_remaining).abs() < 1e-9);
    }
}
