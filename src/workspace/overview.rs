//! The Overview's fleet figures from the loaded SLOs: traffic per service and the fleet-wide
//! error ratio per hour, both from the availability (ratio) SLOs' slices.

use std::collections::BTreeMap;

use super::slos::SloState;
use crate::core::chart::ChartSeries;
use crate::core::config::SliConfig;
use crate::core::model::Sample;

/// Requests per second per service from the availability SLOs' total slices: the busiest
/// seven services and the rest summed as "other".
pub fn traffic_series(data: &SloState) -> Vec<ChartSeries> {
    let mut by_service: BTreeMap<String, Vec<Sample>> = BTreeMap::new();
    for e in &data.entries {
        if let (Ok(slo), Ok(s)) = (&e.slo, &e.slices) {
            if matches!(slo.sli, SliConfig::Ratio { .. }) && !by_service.contains_key(&slo.service)
            {
                by_service.insert(slo.service.clone(), s.rate_series(false));
            }
        }
    }
    let mut ranked: Vec<(String, Vec<Sample>)> = by_service.into_iter().collect();
    crate::core::order::sort_by(&mut ranked, |a, b| {
        b.1.iter()
            .map(|x| x.v)
            .sum::<f64>()
            .total_cmp(&a.1.iter().map(|x| x.v).sum::<f64>())
    });
    let mut out: Vec<ChartSeries> = Vec::new();
    let mut other: BTreeMap<i64, f64> = BTreeMap::new();
    for (i, (name, samples)) in ranked.into_iter().enumerate() {
        if i < 7 {
            out.push(ChartSeries {
                name,
                samples,
                color: i,
            });
        } else {
            for s in samples {
                *other.entry(s.t_ms).or_default() += s.v;
            }
        }
    }
    if !other.is_empty() {
        out.push(ChartSeries {
            name: "other".into(),
            samples: other
                .into_iter()
                .map(|(t_ms, v)| Sample { t_ms, v })
                .collect(),
            color: 7,
        });
    }
    out
}

/// Fleet-wide error ratio per hour: Σbad / Σtotal over the availability SLOs.
pub fn fleet_errors(data: &SloState) -> Vec<Sample> {
    let mut sums: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for e in &data.entries {
        if let (Ok(slo), Ok(s)) = (&e.slo, &e.slices) {
            if matches!(slo.sli, SliConfig::Ratio { .. }) {
                for i in 0..s.total.len() {
                    if s.total[i].is_finite() {
                        let v = sums.entry(s.end_of(i)).or_default();
                        v.0 += s.bad[i];
                        v.1 += s.total[i];
                    }
                }
            }
        }
    }
    sums.into_iter()
        .filter(|(_, (_, t))| *t > 0.0)
        .map(|(t_ms, (b, t))| Sample { t_ms, v: b / t })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::SloConfig;
    use crate::core::slo::{Slices, Slo};
    use crate::workspace::slos::SloEntry;

    const H: i64 = 3_600_000;

    fn entry(service: &str, ratio: bool, bad: &[f64], total: &[f64]) -> std::sync::Arc<SloEntry> {
        let sli = if ratio {
            SliConfig::Ratio {
                errors: "e".into(),
                total: "t".into(),
            }
        } else {
            SliConfig::BoolGauge {
                metric: "up".into(),
            }
        };
        let c = SloConfig {
            name: format!("{service}-{ratio}"),
            service: service.into(),
            team: None,
            description: None,
            objective: 99.0,
            window: "30d".into(),
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels: Default::default(),
            group_by: vec![],
            source: "p".into(),
            sli,
        };
        let slices = Slices {
            first_end_ms: H,
            slice_ms: H,
            bad: bad.to_vec(),
            total: total.to_vec(),
        };
        std::sync::Arc::new(SloEntry {
            name: c.name.clone(),
            slo: Ok(Slo::from_config(&c).unwrap()),
            slices: Ok(slices),
            notices: vec![],
            summary: None,
            origin: String::new(),
            flags: vec![],
        })
    }

    #[test]
    fn fleet_error_ratio_sums_events_across_ratio_slos() {
        let state = SloState {
            now_ms: 3 * H,
            entries: vec![
                entry("a", true, &[1.0, 0.0, 5.0], &[100.0, 100.0, 100.0]),
                entry("b", true, &[3.0, 0.0, 0.0], &[500.0, f64::NAN, 0.0]),
                // Not a ratio SLO: its events are not requests.
                entry("c", false, &[50.0, 50.0, 50.0], &[50.0, 50.0, 50.0]),
            ],
            ..Default::default()
        };
        let e = fleet_errors(&state);
        assert_eq!(
            e,
            vec![
                Sample {
                    t_ms: H,
                    v: 4.0 / 600.0
                },
                Sample {
                    t_ms: 2 * H,
                    v: 0.0
                },
                Sample {
                    t_ms: 3 * H,
                    v: 5.0 / 100.0
                }
            ]
        );
        let t = traffic_series(&state);
        assert_eq!(
            t.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["b", "a"],
            "busiest first, ratio SLOs only"
        );
    }
}
