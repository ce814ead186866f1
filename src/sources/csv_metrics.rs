//! Metric samples in CSV, for data exported from other systems: a header row, a `timestamp`
//! column (Unix seconds, Unix ms, or RFC 3339), a `value` column, optionally `__name__` (or
//! `metric`), and every other column a label. Queries are plain selectors, as for exposition
//! files, and SLO figures use the same raw-sample math.

use std::collections::BTreeMap;

use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::model::{Labels, Sample, Series};
use crate::core::selector::Selector;

pub struct CsvMetrics;

static INFO: AdapterInfo = AdapterInfo {
    kind: "csv",
    describe: "Metric samples in CSV (timestamp, value, metric name and label columns)",
    capabilities: Capabilities {
        metrics: true,
        promql: false,
        inventory: false,
        runs: false,
        incidents: false,
    },
};

impl Adapter for CsvMetrics {
    fn info(&self) -> &'static AdapterInfo {
        &INFO
    }
    fn load<'a>(
        &'a self,
        cx: &'a Context<'a>,
        req: &'a Request,
    ) -> LocalBoxFuture<'a, Result<Payload, SourceError>> {
        Box::pin(async move {
            // Read once per load however many requests select from it.
            let series = super::memo::read_once(cx, INFO.kind, || async {
                let (url, resp) = super::fetch_ok(cx, "").await?;
                parse(&String::from_utf8_lossy(&resp.body))
                    .map_err(|detail| SourceError::Malformed { url, detail })
            })
            .await?;
            match req {
                Request::Probe => Ok(Payload::Probe(ProbeInfo {
                    summary: format!(
                        "read {} samples in {} series",
                        series.iter().map(|s| s.samples.len()).sum::<usize>(),
                        series.len()
                    ),
                    ..Default::default()
                })),
                Request::Range {
                    query,
                    start_ms,
                    end_ms,
                    ..
                } => {
                    let sel = Selector::parse(query).map_err(|e| SourceError::Api {
                        error_type: "bad_data".into(),
                        error: e,
                    })?;
                    let picked = series
                        .iter()
                        .filter(|s| {
                            sel.matches(
                                s.labels.get("__name__").map(String::as_str).unwrap_or(""),
                                &s.labels,
                            )
                        })
                        .map(|s| Series {
                            labels: s.labels.clone(),
                            samples: s
                                .samples
                                .iter()
                                .filter(|x| x.t_ms >= *start_ms && x.t_ms <= *end_ms)
                                .copied()
                                .collect(),
                        })
                        .collect();
                    Ok(Payload::Series {
                        series: picked,
                        notices: vec![],
                    })
                }
                other => Err(other.unsupported("csv")),
            }
        })
    }
}

/// Parses the CSV into series (sorted samples), naming the line of the first bad row.
pub fn parse(text: &str) -> Result<Vec<Series>, String> {
    let rows = crate::core::csv::parse(text);
    let (header, body) = rows.split_first().ok_or("the file is empty")?;
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.trim()));
    let t_col =
        col(&["timestamp", "time", "ts"]).ok_or("no timestamp column (timestamp, time or ts)")?;
    let v_col = col(&["value"]).ok_or("no value column")?;
    let n_col = col(&["__name__", "metric", "name"]);
    let mut by: BTreeMap<Labels, Vec<Sample>> = BTreeMap::new();
    for (i, r) in body
        .iter()
        .enumerate()
        .filter(|(_, r)| !crate::core::csv::is_blank(r))
    {
        let line = i + 2;
        let get = |c: usize| {
            r.get(c).map(String::as_str).ok_or_else(|| {
                format!(
                    "line {line}: {} columns, the header has {}",
                    r.len(),
                    header.len()
                )
            })
        };
        let t_text = get(t_col)?;
        let t = crate::core::time::parse_time(t_text.trim())
            .ok_or_else(|| format!("line {line}: \"{t_text}\" is not a timestamp"))?;
        let v = crate::core::model::parse_value(get(v_col)?.trim())
            .map_err(|e| format!("line {line}: {e}"))?;
        let mut labels = Labels::new();
        for (c, h) in header.iter().enumerate() {
            if c == t_col || c == v_col {
                continue;
            }
            let key = if Some(c) == n_col {
                "__name__".to_string()
            } else {
                h.trim().to_string()
            };
            let val = get(c)?.trim().to_string();
            if !val.is_empty() {
                labels.insert(key, val);
            }
        }
        by.entry(labels).or_default().push(Sample { t_ms: t, v });
    }
    Ok(by
        .into_iter()
        .map(|(labels, mut samples)| {
            crate::core::samples::by_time(&mut samples);
            Series { labels, samples }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_samples_and_names_bad_lines() {
        let s = parse("timestamp,metric,service,value\n1700000000,up,api,1\n1700000060,up,api,0\n2023-11-14T22:13:20Z,up,web,NaN\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].labels["__name__"], "up");
        assert_eq!(
            s[0].samples,
            vec![
                Sample {
                    t_ms: 1_700_000_000_000,
                    v: 1.0
                },
                Sample {
                    t_ms: 1_700_000_060_000,
                    v: 0.0
                }
            ]
        );
        assert!(s[1].samples[0].v.is_nan());
        assert_eq!(
            parse("ts,value\n1700000000000,2\n").unwrap()[0].samples[0].t_ms,
            1_700_000_000_000
        );
        assert_eq!(
            parse("timestamp,value\nnope,1\n").unwrap_err(),
            "line 2: \"nope\" is not a timestamp"
        );
        assert!(parse("value\n1\n")
            .unwrap_err()
            .contains("no timestamp column"));
    }
}
