//! PromQL for SLO slices: `sum(increase(x[S]))` evaluated with `step = S` at aligned times
//! gives non-overlapping, contiguous slices that the browser sums for any window.

use crate::core::config::SliConfig;
use crate::core::time::format_duration;

/// The two queries whose slices feed every SLO figure. Exactly one of `bad`/`good` is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliceQueries {
    pub bad: Option<String>,
    pub good: Option<String>,
    pub total: String,
}

/// `lt` → `<` …
pub fn op_symbol(op: &str) -> &'static str {
    match op {
        "lt" => "<",
        "lte" => "<=",
        "gt" => ">",
        _ => ">=",
    }
}

/// Threshold SLIs are evaluated at this step unless they say otherwise.
pub const DEFAULT_THRESHOLD_INTERVAL_MS: i64 = 60_000;

/// The same queries aggregated `by` the given labels: one series per group.
pub fn grouped_slice_queries(sli: &SliConfig, slice_ms: i64, by: &[String]) -> SliceQueries {
    let q = slice_queries(sli, slice_ms);
    if by.is_empty() || matches!(sli, SliConfig::Events { .. }) {
        return q;
    }
    let head = format!("sum by ({}) (", by.join(", "));
    let regroup = |x: String| {
        x.strip_prefix("sum(")
            .map(|rest| format!("{head}{rest}"))
            .unwrap_or(x)
    };
    SliceQueries {
        bad: q.bad.map(regroup),
        good: q.good.map(regroup),
        total: regroup(q.total),
    }
}

pub fn slice_queries(sli: &SliConfig, slice_ms: i64) -> SliceQueries {
    let s = format_duration(slice_ms);
    // Sample-counting functions see [t − S, t] inclusive in Prometheus 2: one millisecond less
    // keeps a sample on a slice boundary from being counted in two slices.
    let open = format_duration(slice_ms - 1);
    let inc = |sel: &str| format!("sum(increase({sel}[{s}]))");
    match sli {
        SliConfig::BoolGauge { metric } => SliceQueries {
            bad: None,
            good: Some(format!("sum(sum_over_time({}[{open}]))", metric.trim())),
            total: format!("sum(count_over_time({}[{open}]))", metric.trim()),
        },
        SliConfig::Threshold {
            metric,
            op,
            value,
            interval,
        } => {
            let step = interval
                .as_deref()
                .and_then(|i| crate::core::time::parse_duration(i).ok())
                .unwrap_or(DEFAULT_THRESHOLD_INTERVAL_MS);
            let i = format_duration(step);
            let m = metric.trim();
            SliceQueries {
                bad: None,
                good: Some(format!(
                    "sum(count_over_time(({m} {} {value})[{open}:{i}]))",
                    op_symbol(op)
                )),
                total: format!("sum(count_over_time(({m})[{open}:{i}]))"),
            }
        }
        SliConfig::Events { good, bad, total } => {
            let fill = |t: &str| {
                t.trim()
                    .replace("{{.window}}", &s)
                    .replace("$__window", &s)
                    .replace("$window", &s)
            };
            SliceQueries {
                bad: bad.as_deref().map(fill),
                good: good.as_deref().map(fill),
                total: fill(total),
            }
        }
        SliConfig::Ratio { errors, total } => SliceQueries {
            bad: Some(inc(errors.trim())),
            good: None,
            total: inc(total.trim()),
        },
        SliConfig::Latency {
            histogram,
            threshold,
        } => {
            let (good, total) = latency_selectors(histogram, *threshold);
            SliceQueries {
                bad: None,
                good: Some(inc(&good)),
                total: inc(&total),
            }
        }
    }
}

/// The `le` bucket and `_count` selectors of a latency SLI's histogram.
pub fn latency_selectors(histogram: &str, threshold: f64) -> (String, String) {
    let (name, matchers) = split_selector(histogram.trim());
    let with = |suffix: &str, extra: Option<String>| {
        let mut all: Vec<String> = matchers.clone();
        all.extend(extra);
        format!("{name}{suffix}{{{}}}", all.join(","))
    };
    (
        with("_bucket", Some(format!("le=\"{threshold}\""))),
        with("_count", None),
    )
}

/// p50/p90/p99 of a latency SLO's histogram per slice, for the detail page.
pub fn latency_quantile_queries(histogram: &str, slice_ms: i64) -> Vec<(&'static str, String)> {
    let (name, matchers) = split_selector(histogram.trim());
    let sel = format!("{name}_bucket{{{}}}", matchers.join(","));
    let s = format_duration(slice_ms);
    [("p50", "0.5"), ("p90", "0.9"), ("p99", "0.99")]
        .into_iter()
        .map(|(l, q)| {
            (
                l,
                format!("histogram_quantile({q}, sum by (le) (increase({sel}[{s}])))"),
            )
        })
        .collect()
}

/// `name{a="1",b=~"x"}` → (`name`, [`a="1"`, `b=~"x"`]). Commas inside quoted values survive.
fn split_selector(sel: &str) -> (String, Vec<String>) {
    let Some((name, body)) = sel.split_once('{') else {
        return (sel.to_string(), vec![]);
    };
    let name = name.trim().to_string();
    let body = body.trim_end().trim_end_matches('}');
    let mut parts = Vec::new();
    let (mut cur, mut quoted, mut escaped) = (String::new(), false, false);
    for c in body.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                if !cur.trim().is_empty() {
                    parts.push(cur.trim().to_string());
                }
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        parts.push(cur.trim().to_string());
    }
    (name, parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::HOUR_MS;

    #[test]
    fn gauge_and_event_queries() {
        let q = slice_queries(
            &SliConfig::BoolGauge {
                metric: "probe_success{job=\"x\"}".into(),
            },
            HOUR_MS,
        );
        assert_eq!(
            q.good.as_deref(),
            Some("sum(sum_over_time(probe_success{job=\"x\"}[59m59s999ms]))")
        );
        assert_eq!(
            q.total,
            "sum(count_over_time(probe_success{job=\"x\"}[59m59s999ms]))"
        );
        let q = slice_queries(
            &SliConfig::Threshold {
                metric: "p99".into(),
                op: "lt".into(),
                value: 0.5,
                interval: Some("2m".into()),
            },
            HOUR_MS,
        );
        assert_eq!(
            q.good.as_deref(),
            Some("sum(count_over_time((p99 < 0.5)[59m59s999ms:2m]))")
        );
        assert_eq!(q.total, "sum(count_over_time((p99)[59m59s999ms:2m]))");
        let q = slice_queries(
            &SliConfig::Events {
                good: None,
                bad: Some("sum(increase(e[{{.window}}]))".into()),
                total: "sum(increase(t[$__window]))".into(),
            },
            5 * 60_000,
        );
        assert_eq!(q.bad.as_deref(), Some("sum(increase(e[5m]))"));
        assert_eq!(q.total, "sum(increase(t[5m]))");
    }

    #[test]
    fn grouped_queries() {
        let q = grouped_slice_queries(
            &SliConfig::Ratio {
                errors: "e".into(),
                total: "t".into(),
            },
            HOUR_MS,
            &["route".into(), "code".into()],
        );
        assert_eq!(
            q.bad.as_deref(),
            Some("sum by (route, code) (increase(e[1h]))")
        );
        assert_eq!(q.total, "sum by (route, code) (increase(t[1h]))");
    }

    #[test]
    fn ratio_queries() {
        let q = slice_queries(
            &SliConfig::Ratio {
                errors: "http_requests_total{code=~\"5..\"}".into(),
                total: "http_requests_total".into(),
            },
            HOUR_MS,
        );
        assert_eq!(
            q.bad.as_deref(),
            Some("sum(increase(http_requests_total{code=~\"5..\"}[1h]))")
        );
        assert_eq!(q.total, "sum(increase(http_requests_total[1h]))");
        assert_eq!(q.good, None);
    }

    #[test]
    fn latency_queries_add_le_and_keep_quoted_commas() {
        let q = slice_queries(
            &SliConfig::Latency {
                histogram: "http_request_duration_seconds{service=\"a,b\", path=~\"/x\"}".into(),
                threshold: 0.3,
            },
            5 * 60_000,
        );
        assert_eq!(q.good.as_deref(), Some("sum(increase(http_request_duration_seconds_bucket{service=\"a,b\",path=~\"/x\",le=\"0.3\"}[5m]))"));
        assert_eq!(
            q.total,
            "sum(increase(http_request_duration_seconds_count{service=\"a,b\",path=~\"/x\"}[5m]))"
        );
        let q = slice_queries(
            &SliConfig::Latency {
                histogram: "h".into(),
                threshold: 1.0,
            },
            HOUR_MS,
        );
        assert_eq!(
            q.good.as_deref(),
            Some("sum(increase(h_bucket{le=\"1\"}[1h]))")
        );
    }
}
