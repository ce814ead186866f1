//! The answer cache's key for a request to a source: its fields as they are, one after the
//! other. (The key was the request's `Debug` text, which escapes a PromQL query character by
//! character: a cost paid on every request the page makes, in the browser.)

use std::fmt::Write;

use crate::sources::Request;

/// `source` and `req` as one string; equal exactly when both are. The source's name comes
/// with its length and free text (a query, a label, a selector) last, so no name or query,
/// whatever it holds, reads as another's.
pub(super) fn cache_key(source: &str, req: &Request) -> String {
    let mut k = String::with_capacity(source.len() + 48);
    let _ = write!(k, "{}:{source}\u{1}", source.len());
    let _ = match req {
        Request::Probe => write!(k, "probe"),
        Request::Range {
            query,
            start_ms,
            end_ms,
            step_ms,
        } => write!(
            k,
            "range\u{1}{start_ms}\u{1}{end_ms}\u{1}{step_ms}\u{1}{query}"
        ),
        Request::Instant { query, time_ms } => write!(k, "instant\u{1}{time_ms}\u{1}{query}"),
        Request::Inventory => write!(k, "inventory"),
        Request::Runs => write!(k, "runs"),
        Request::Alerts => write!(k, "alerts"),
        Request::Incidents => write!(k, "incidents"),
        Request::Rules => write!(k, "rules"),
        Request::Labels => write!(k, "labels"),
        Request::LabelValues { label } => write!(k, "label-values\u{1}{label}"),
        Request::SeriesMatch {
            selector,
            start_ms,
            end_ms,
        } => write!(k, "series\u{1}{start_ms}\u{1}{end_ms}\u{1}{selector}"),
    };
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(query: &str, step_ms: i64) -> Request {
        Request::Range {
            query: query.into(),
            start_ms: 0,
            end_ms: 3_600_000,
            step_ms,
        }
    }

    #[test]
    fn equal_exactly_when_the_source_and_request_are() {
        let reqs = [
            Request::Probe,
            Request::Inventory,
            Request::Runs,
            Request::Alerts,
            Request::Incidents,
            Request::Rules,
            Request::Labels,
            range("up", 60_000),
            range("up", 30_000),
            range("up ", 60_000),
            range("sum(rate(x{code=~\"5..\"}[5m]))", 60_000),
            Request::Instant {
                query: "up".into(),
                time_ms: 0,
            },
            Request::LabelValues { label: "up".into() },
            Request::SeriesMatch {
                selector: "up".into(),
                start_ms: 0,
                end_ms: 3_600_000,
            },
        ];
        // Names that would run into each other if the name were not measured.
        let sources = ["prom", "prom\u{1}probe", "a", "a\u{1}"];
        let mut keys = std::collections::HashMap::new();
        for s in sources {
            for r in &reqs {
                let again = cache_key(s, &r.clone());
                assert_eq!(cache_key(s, r), again, "{s:?} {r:?}");
                if let Some(other) = keys.insert(again, (s, r)) {
                    panic!("{s:?} {r:?} and {other:?} share a key");
                }
            }
        }
        assert_eq!(keys.len(), sources.len() * reqs.len());
    }

    #[test]
    fn a_query_is_kept_as_it_is() {
        let k = cache_key("prom", &range("a\u{1}b \"c\"\n", 1));
        assert!(k.ends_with("\u{1}a\u{1}b \"c\"\n"), "{k:?}");
        assert!(k.starts_with("4:prom\u{1}range\u{1}"), "{k:?}");
    }
}
