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

pub fn slice_queries(sli: &SliConfig, slice_ms: i64) -> SliceQueries {
    let s = format_duration(slice_ms);
    let inc = |sel: &str| format!("sum(increase({sel}[{s}]))");
    match sli {
        SliConfig::Ratio { errors, total } => SliceQueries { bad: Some(inc(errors.trim())), good: None, total: inc(total.trim()) },
        SliConfig::Latency { histogram, threshold } => {
            let (name, matchers) = split_selector(histogram.trim());
            let with = |suffix: &str, extra: Option<String>| {
                let mut all: Vec<String> = matchers.clone();
                all.extend(extra);
                format!("{name}{suffix}{{{}}}", all.join(","))
            };
            SliceQueries {
                bad: None,
                good: Some(inc(&with("_bucket", Some(format!("le=\"{threshold}\""))))),
                total: inc(&with("_count", None)),
            }
        }
    }
}

/// `name{a="1",b=~"x"}` → (`name`, [`a="1"`, `b=~"x"`]). Commas inside quoted values survive.
fn split_selector(sel: &str) -> (String, Vec<String>) {
    let Some(open) = sel.find('{') else {
        return (sel.to_string(), vec![]);
    };
    let name = sel[..open].trim().to_string();
    let body = sel[open + 1..].trim_end().trim_end_matches('}');
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
    fn ratio_queries() {
        let q = slice_queries(&SliConfig::Ratio { errors: "http_requests_total{code=~\"5..\"}".into(), total: "http_requests_total".into() }, HOUR_MS);
        assert_eq!(q.bad.as_deref(), Some("sum(increase(http_requests_total{code=~\"5..\"}[1h]))"));
        assert_eq!(q.total, "sum(increase(http_requests_total[1h]))");
        assert_eq!(q.good, None);
    }

    #[test]
    fn latency_queries_add_le_and_keep_quoted_commas() {
        let q = slice_queries(&SliConfig::Latency { histogram: "http_request_duration_seconds{service=\"a,b\", path=~\"/x\"}".into(), threshold: 0.3 }, 5 * 60_000);
        assert_eq!(q.good.as_deref(), Some("sum(increase(http_request_duration_seconds_bucket{service=\"a,b\",path=~\"/x\",le=\"0.3\"}[5m]))"));
        assert_eq!(q.total, "sum(increase(http_request_duration_seconds_count{service=\"a,b\",path=~\"/x\"}[5m]))");
        let q = slice_queries(&SliConfig::Latency { histogram: "h".into(), threshold: 1.0 }, HOUR_MS);
        assert_eq!(q.good.as_deref(), Some("sum(increase(h_bucket{le=\"1\"}[1h]))"));
    }
}
