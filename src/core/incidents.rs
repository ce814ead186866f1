//! Incidents from alert history: contiguous runs of `ALERTS{alertstate="firing"}` samples.

use crate::core::model::Series;

/// The alert history query: one series per firing alert, 1 while firing.
pub const ALERTS_QUERY: &str = "ALERTS{alertstate=\"firing\"}";

#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    pub alert: String,
    pub service: String,
    pub severity: String,
    pub start_ms: i64,
    /// Last sample seen firing plus one step.
    pub end_ms: i64,
}

impl Incident {
    pub fn duration_ms(&self) -> i64 {
        self.end_ms - self.start_ms
    }
}

/// Splits each series into incidents wherever samples are more than `step_ms` apart.
pub fn from_alerts(series: &[Series], step_ms: i64) -> Vec<Incident> {
    let mut out = Vec::new();
    for s in series {
        let label = |k: &str| s.labels.get(k).cloned().unwrap_or_default();
        let mut run: Option<(i64, i64)> = None;
        for x in s.samples.iter().filter(|x| x.v > 0.0) {
            run = match run {
                Some((a, b)) if x.t_ms - b <= step_ms => Some((a, x.t_ms)),
                Some((a, b)) => {
                    out.push(Incident {
                        alert: label("alertname"),
                        service: label("service"),
                        severity: label("severity"),
                        start_ms: a,
                        end_ms: b + step_ms,
                    });
                    Some((x.t_ms, x.t_ms))
                }
                None => Some((x.t_ms, x.t_ms)),
            };
        }
        if let Some((a, b)) = run {
            out.push(Incident {
                alert: label("alertname"),
                service: label("service"),
                severity: label("severity"),
                start_ms: a,
                end_ms: b + step_ms,
            });
        }
    }
    crate::core::order::sort_by_key(&mut out, |i| std::cmp::Reverse(i.start_ms));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{Labels, Sample};

    #[test]
    fn runs_split_at_gaps() {
        let labels: Labels = [
            ("alertname".to_string(), "HighErrorRate".to_string()),
            ("service".to_string(), "cart".to_string()),
        ]
        .into();
        let samples = [0, 10, 20, 50, 60]
            .iter()
            .map(|&t| Sample { t_ms: t, v: 1.0 })
            .collect();
        let inc = from_alerts(&[Series { labels, samples }], 10);
        assert_eq!(inc.len(), 2);
        assert_eq!((inc[0].start_ms, inc[0].end_ms), (50, 70));
        assert_eq!((inc[1].start_ms, inc[1].duration_ms()), (0, 30));
        assert_eq!(inc[1].service, "cart");
    }
}
