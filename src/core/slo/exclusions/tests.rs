//! Exclusions on slices equal the same samples with the excluded ones removed, for every
//! method, window, burn rate, rolling budget and burn-down; the URL form round-trips; globs.

use super::*;
use crate::core::config::{SliConfig, SloConfig};
use crate::core::model::Sample;
use crate::core::slo::{burndown, rolling_budget, summarize, Method, BURN_WINDOWS};

const H: i64 = 3_600_000;
const N: i64 = 24 * 40;

fn slo(method: &str) -> Slo {
    Slo::from_config(&SloConfig {
        name: "checkout{route=\"/pay\"}".into(),
        service: "checkout".into(),
        team: None,
        description: None,
        objective: 0.99,
        window: "30d".into(),
        timezone: None,
        method: Some(method.into()),
        timeslice_target: None,
        slice: None,
        labels: Default::default(),
        group_by: vec![],
        source: "p".into(),
        sli: SliConfig::Ratio {
            errors: "e".into(),
            total: "t".into(),
        },
    })
    .unwrap()
}

/// Hourly slice samples ending at 1h … N h: a steady 0.5% error rate, an incident of 30%
/// errors from hour 500 to 510, and a 5% patch later.
fn data() -> (Vec<Sample>, Vec<Sample>) {
    let total: Vec<Sample> = (1..=N)
        .map(|i| Sample {
            t_ms: i * H,
            v: 1000.0 + (i % 7) as f64,
        })
        .collect();
    let bad = total
        .iter()
        .map(|s| {
            let i = s.t_ms / H;
            let r = match i {
                501..=510 => 0.3,
                800..=803 => 0.05,
                _ => 0.005,
            };
            Sample {
                t_ms: s.t_ms,
                v: (s.v * r).round(),
            }
        })
        .collect();
    (bad, total)
}

/// The same samples without those of the slices `(end − H, end]` meeting a span.
fn removed(samples: &[Sample], spans: &[(i64, i64)]) -> Vec<Sample> {
    samples
        .iter()
        .filter(|s| !spans.iter().any(|&(f, t)| f < s.t_ms && t > s.t_ms - H))
        .copied()
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-12
}

fn check(spans: &[(i64, i64)]) {
    let (bad, total) = data();
    let excluded = Slices::from_series(Some(&bad), None, &total, H).without(spans);
    let (b2, t2) = (removed(&bad, spans), removed(&total, spans));
    let reference = Slices::from_series(Some(&b2), None, &t2, H);
    let now = N * H;
    for m in ["occurrences", "timeslices", "ratio_timeslices"] {
        let slo = slo(m);
        let (a, b) = (
            summarize(&slo, &excluded, now),
            summarize(&slo, &reference, now),
        );
        let (wa, wb) = (a.window, b.window);
        for (x, y) in [
            (wa.sli, wb.sli),
            (wa.good, wb.good),
            (wa.total, wb.total),
            (wa.budget_remaining, wb.budget_remaining),
        ] {
            assert!(close(x, y), "{m} {spans:?}: {wa:?} vs {wb:?}");
        }
        assert_eq!(wa.slices_with_data, wb.slices_with_data, "{m}");
        for (k, (name, _)) in BURN_WINDOWS.iter().enumerate() {
            assert!(close(a.burns[k], b.burns[k]), "{m} burn {name}");
        }
        // Burn rates at every hour of the history, not only now.
        for end in (24..=N).step_by(13).map(|i| i * H) {
            for (_, l) in BURN_WINDOWS {
                let (x, y) = (
                    slo.method.burn_rate(&excluded, end, l, 0.99),
                    slo.method.burn_rate(&reference, end, l, 0.99),
                );
                assert!(close(x, y), "{m} burn at {end} over {l}");
            }
        }
    }
    // Burn-down and the rolling budget at every slice both share.
    let (from, _) = slo("occurrences").window.bounds(now);
    let (d1, d2) = (
        burndown(Method::Occurrences, &excluded, from, now, 0.99),
        burndown(Method::Occurrences, &reference, from, now, 0.99),
    );
    // Slices removed at the end shorten the reference; the excluded ones hold the value.
    assert!(d1.len() >= d2.len() && !d2.is_empty());
    assert!(d1
        .iter()
        .zip(&d2)
        .all(|(a, b)| a.t_ms == b.t_ms && close(a.v, b.v)));
    let last = d2.last().map_or(f64::NAN, |s| s.v);
    assert!(d1.iter().skip(d2.len()).all(|a| close(a.v, last)));
    let r2 = rolling_budget(&reference, 7 * 24 * H, 0.99);
    let r1 = rolling_budget(&excluded, 7 * 24 * H, 0.99);
    for s in &r2 {
        if let Some(o) = r1.iter().find(|o| o.t_ms == s.t_ms) {
            assert!(close(o.v, s.v), "rolling at {}", s.t_ms);
        }
    }
    // Occurrences computed by hand from the remaining samples.
    let in_window = |s: &&Sample| s.t_ms > now - 30 * 24 * H && s.t_ms <= now;
    let b: f64 = b2.iter().filter(in_window).map(|s| s.v).sum();
    let t: f64 = t2.iter().filter(in_window).map(|s| s.v).sum();
    let occ = summarize(&slo("occurrences"), &excluded, now).window.sli;
    assert!((occ - (1.0 - b / t)).abs() < 1e-12);
}

#[test]
fn excluded_slices_equal_the_samples_removed() {
    // The incident, partly overlapping slices at both ends (01:30 to 10:15 of its hours).
    check(&[(500 * H + H / 2, 510 * H + H / 4)]);
    // Two windows overlapping each other, and one over the newest slices.
    check(&[
        (790 * H, 802 * H),
        (795 * H, 805 * H),
        ((N - 3) * H, (N + 5) * H),
    ]);
    // Exactly aligned to slices: the hours ending at 501 … 510.
    check(&[(500 * H, 510 * H)]);
}

#[test]
fn the_incident_excluded_raises_attainment_and_a_window_outside_changes_nothing() {
    let (bad, total) = data();
    let s = Slices::from_series(Some(&bad), None, &total, H);
    let now = N * H;
    let before = summarize(&slo("occurrences"), &s, now).window.sli;
    let after = summarize(&slo("occurrences"), &s.without(&[(500 * H, 510 * H)]), now);
    assert!(after.window.sli > before);
    // Outside the data (before, after, or touching the first slice's start only).
    let outside = [(-50 * H, -10 * H), ((N + 1) * H, (N + 9) * H), (-H, 0)];
    assert_eq!(s.without(&outside), s);
    let x = Exclusion::parse("later", "2099-01-01T00:00:00Z", "2099-01-02T00:00:00Z").unwrap();
    let (same, hits) = apply(&[x], &slo("occurrences"), &s);
    assert_eq!((same, hits.len()), (s, 0));
}

#[test]
fn windows_apply_by_slo_name_glob_and_service() {
    let mut x = Exclusion::parse("m", "2026-10-03T02:00Z", "2026-10-03T05:00Z").unwrap();
    let s = slo("occurrences");
    assert!(x.applies_to(&s));
    x.slos = vec!["checkout".into()]; // the definition's name matches its groups
    assert!(x.applies_to(&s));
    x.slos = vec!["check*".into()];
    assert!(x.applies_to(&s));
    x.slos = vec!["search-*".into(), "?heckout".into()];
    assert!(x.applies_to(&s));
    x.slos = vec!["search-*".into()];
    assert!(!x.applies_to(&s));
    x.slos = vec![];
    x.services = vec!["pay*".into()];
    assert!(!x.applies_to(&s));
    assert!(glob("a**b*", "axxbyy") && !glob("a?c", "ac") && glob("*", ""));
}

#[test]
fn url_form_round_trips_and_reports_bad_entries() {
    let a = Exclusion::parse(
        "db migration, part ~1 (100%)",
        "2026-10-03T02:00Z",
        "2026-10-03T05:00:30Z",
    )
    .unwrap();
    let b = Exclusion::parse("x", "2026-10-04T00:00", "2026-10-04T02:00+01:00").unwrap();
    assert_eq!(b.to_ms - b.from_ms, H); // 02:00+01:00 is 01:00 UTC
    let c = Exclusion::parse("y", "20261004T0000Z", "2026-10-04T06:00:00.000Z").unwrap();
    let text = encode_param(&[a.clone(), c.clone()]);
    assert_eq!(
        text,
        "20261003T0200Z~20261003T050030Z~db migration%2C part %7E1 (100%25),20261004T0000Z~20261004T0600Z~y"
    );
    let back: Vec<Exclusion> = decode_param(&text)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(back, vec![a, c]);
    let got =
        decode_param("nonsense,20261004T0600Z~20261004T0000Z~z,20261004T06Z~20261005T0000Z~w,~~");
    assert!(matches!(got[0], Err(ExclusionError::Malformed { .. })));
    assert!(matches!(got[1], Err(ExclusionError::NotAfter { .. })));
    assert!(matches!(
        got[2],
        Err(ExclusionError::BadTime { field: "from", .. })
    ));
    assert_eq!(got[3], Err(ExclusionError::EmptyName));
    assert_eq!(got[1].clone().unwrap_err().field(), "to");
    assert_eq!(parse_instant("2026-13-01T00:00"), None);
    assert_eq!(
        format_instant(parse_instant("2026-10-03T02:00:07.9Z").unwrap()),
        "20261003T020007Z"
    );
}
