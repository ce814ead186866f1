//! Inventory change over time: the counting queries of `core::inventory_history` asked of
//! every PromQL source over the SLO history range. Sources without such history (no
//! kube-state-metrics, a snapshot that did not record the queries) are left out quietly;
//! failures are kept per source and query.

use futures::future::join_all;

use super::error::LoadError;
use super::job::Job;
use crate::core::inventory_history::QUERIES;
use crate::core::model::Sample;
use crate::core::slo::{HISTORY_MS, SLICE_MS};
use crate::sources::{registry, Request};

#[derive(Clone, Debug, PartialEq)]
pub struct SourceHistory {
    pub source: String,
    /// (count label, hourly samples) per query that answered with data.
    pub series: Vec<(String, Vec<Sample>)>,
    /// (count label, error) per failed query.
    pub errors: Vec<(&'static str, LoadError)>,
}

/// The history range's end (an hour boundary) and each source's counts.
pub async fn load_history(job: &Job<'_>) -> (i64, Vec<SourceHistory>) {
    let end = job.now_ms().await.div_euclid(SLICE_MS) * SLICE_MS;
    let mut out = Vec::new();
    for src in registry::sources_that(&job.cfg.sources, |c| c.promql) {
        let mut h = SourceHistory {
            source: src.name.clone(),
            series: vec![],
            errors: vec![],
        };
        let answers = join_all(QUERIES.iter().map(|q| async move {
            let req = Request::Range {
                query: q.query.to_string(),
                start_ms: end - HISTORY_MS,
                end_ms: end,
                step_ms: SLICE_MS,
            };
            (q.label, job.series(&src.name, &req).await)
        }))
        .await;
        for (label, answer) in answers {
            match answer {
                Ok((series, _)) => {
                    if let Some(s) = series.into_iter().next().filter(|s| !s.samples.is_empty()) {
                        h.series.push((label.to_string(), s.samples));
                    }
                }
                // Snapshots answer only what they recorded.
                Err(e) if e.is_not_recorded() => {}
                Err(e) => h.errors.push((label, e)),
            }
        }
        if !h.series.is_empty() || !h.errors.is_empty() {
            out.push(h);
        }
    }
    (end, out)
}
