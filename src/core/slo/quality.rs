//! Data-quality flags: reasons not to trust a figure at face value.

use super::math::Slices;
use super::{Slo, Summary};

/// Flags for one SLO at `now_ms`, in a stable order:
/// `no_data` (no events in the window), `stale` (the newest slice with data is more than two
/// slices old), `gaps` (slices without data inside the window), `too_few_events`
/// (budget × events < 1: a single bad event breaches), `retention_short` (the source keeps
/// less history than the window).
pub fn flags(
    slo: &Slo,
    s: &Slices,
    sum: &Summary,
    retention_ms: Option<i64>,
    now_ms: i64,
) -> Vec<&'static str> {
    let mut f = Vec::new();
    let w = &sum.window;
    if w.total <= 0.0 || w.sli.is_nan() {
        f.push("no_data");
    }
    let newest = s
        .total
        .iter()
        .rposition(|t| t.is_finite())
        .map(|i| s.end_of(i));
    if newest.is_none_or(|t| now_ms - t > 2 * s.slice_ms) {
        f.push("stale");
    }
    if w.slices_with_data < w.slices && w.slices_with_data > 0 {
        f.push("gaps");
    }
    if w.total > 0.0
        && slo.budget() * w.total < 1.0
        && matches!(slo.method, super::Method::Occurrences)
    {
        f.push("too_few_events");
    }
    if retention_ms.is_some_and(|r| r < slo.window_ms(now_ms)) {
        f.push("retention_short");
    }
    f
}

/// What a flag means, for tooltips and the detail page.
pub fn explain(flag: &str) -> &'static str {
    match flag {
        "no_data" => "No events in the window: nothing to compute (not 100%).",
        "stale" => "The newest data is more than two slices old: the series may be absent or the scrape broken.",
        "gaps" => "Some slices in the window have no data (scrape gaps); figures cover the rest.",
        "too_few_events" => "Fewer events than one budget's worth: a single bad event breaches the SLO.",
        "retention_short" => "The source keeps less history than the SLO window: the oldest part of the window is missing.",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::{SliConfig, SloConfig};
    use crate::core::model::Sample;
    use crate::core::slo::summarize;

    const H: i64 = 3_600_000;

    #[test]
    fn flags_for_gaps_staleness_low_traffic_and_retention() {
        let c = SloConfig {
            name: "a".into(),
            service: "s".into(),
            team: None,
            description: None,
            objective: 0.99,
            window: "1d".into(),
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels: Default::default(),
            group_by: vec![],
            source: "p".into(),
            sli: SliConfig::Ratio {
                errors: "e".into(),
                total: "t".into(),
            },
        };
        let slo = Slo::from_config(&c).unwrap();
        // 20 events over a day with one hour missing, newest slice 3 hours old.
        let total: Vec<Sample> = (0..21)
            .filter(|i| *i != 10)
            .map(|i| Sample {
                t_ms: i * H,
                v: 1.0,
            })
            .collect();
        let s = Slices::from_series(Some(&[]), None, &total, H);
        let now = 23 * H;
        let sum = summarize(&slo, &s, now);
        assert_eq!(
            flags(&slo, &s, &sum, Some(12 * H), now),
            vec!["stale", "gaps", "too_few_events", "retention_short"]
        );
        let empty = Slices::default();
        let sum = summarize(&slo, &empty, now);
        assert_eq!(
            flags(&slo, &empty, &sum, None, now),
            vec!["no_data", "stale"]
        );
        assert!(explain("gaps").contains("scrape gaps"));
    }
}
