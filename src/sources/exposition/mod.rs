//! `/metrics` pages and exposition files (Prometheus text format, OpenMetrics).
//! Queries are plain selectors (`name` or `name{label="value",…}`) evaluated on the samples;
//! samples with timestamps become series; `*_build_info` gauges become inventory versions.

pub mod parse;

use std::collections::BTreeMap;

use super::memo::read_once;
use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::inventory::Entity;
use crate::core::model::{Labels, Notice, NoticeLevel, Sample, Series};
use crate::core::selector::Selector;

pub struct Exposition;

static INFO: AdapterInfo = AdapterInfo {
    kind: "exposition",
    describe: "A /metrics page or exposition file (Prometheus text format or OpenMetrics)",
    capabilities: Capabilities {
        metrics: true,
        promql: false,
        inventory: true,
        runs: false,
        incidents: false,
    },
};

impl Adapter for Exposition {
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
            let doc = read_once(cx, INFO.kind, || read(cx)).await?;
            let parsed = &doc.parsed;
            let notices = notices(parsed);
            match req {
                Request::Probe => Ok(Payload::Probe(ProbeInfo {
                    summary: format!(
                        "read {} samples in {} metric families ({})",
                        parsed.sample_count(),
                        parsed.families.len(),
                        if parsed.openmetrics {
                            "OpenMetrics"
                        } else {
                            "Prometheus text format"
                        }
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
                    Ok(Payload::Series {
                        series: select_paced(parsed, &sel, *start_ms, *end_ms, cx.pause).await,
                        notices,
                    })
                }
                Request::Inventory => Ok(Payload::Entities {
                    entities: build_info(parsed, &cx.source.name),
                    notices,
                }),
                other => Err(other.unsupported("exposition")),
            }
        })
    }
}

/// An exposition as read (kept in the load's memo).
struct Document {
    parsed: parse::Parsed,
}

/// Bytes read between two pauses (some tens of milliseconds of work in the browser).
const PIECE: usize = 1 << 19;

async fn read(cx: &Context<'_>) -> Result<Document, SourceError> {
    let (url, resp) = crate::sources::fetch_ok(cx, "").await?;
    let text = String::from_utf8_lossy(&resp.body);
    let om = resp
        .header("content-type")
        .map(|c| c.contains("openmetrics"));
    let parsed = read_paced(&text, om, cx.pause).await;
    if let (0, Some((line, msg))) = (parsed.sample_count(), parsed.errors.first()) {
        return Err(SourceError::Malformed {
            url,
            detail: format!("line {line}: {msg}"),
        });
    }
    Ok(Document { parsed })
}

/// Parses `text` half a megabyte of whole lines at a time, awaiting `pause` between pieces so the
/// page stays responsive while a large file is read.
pub async fn read_paced(
    text: &str,
    openmetrics: Option<bool>,
    pause: Option<&dyn Fn() -> LocalBoxFuture<'static, ()>>,
) -> parse::Parsed {
    let mut reader = parse::Reader::new(text, openmetrics);
    let mut rest = text;
    while !rest.is_empty() {
        // Cut after the first line end at or past PIECE bytes (a line end is one byte, so the
        // cut is always on a character boundary).
        let cut = rest
            .as_bytes()
            .get(PIECE..)
            .and_then(|tail| tail.iter().position(|&b| b == b'\n'))
            .map_or(rest.len(), |i| PIECE + i + 1);
        let (piece, tail) = rest.split_at_checked(cut).unwrap_or((rest, ""));
        reader.feed(piece);
        rest = tail;
        if let (false, Some(pause)) = (rest.is_empty(), pause) {
            pause().await;
        }
    }
    reader.finish()
}

fn notices(p: &parse::Parsed) -> Vec<Notice> {
    let mut n: Vec<Notice> = p
        .errors
        .iter()
        .take(5)
        .map(|(l, m)| Notice {
            level: NoticeLevel::Warning,
            text: format!("line {l} skipped: {m}"),
        })
        .collect();
    if p.errors.len() > 5 {
        n.push(Notice {
            level: NoticeLevel::Warning,
            text: format!("{} more lines skipped", p.errors.len() - 5),
        });
    }
    n
}

/// Series of the exposition matching `sel`, within `[start_ms, end_ms]`; samples without a
/// timestamp are taken as observed at `end_ms`.
pub fn select(p: &parse::Parsed, sel: &Selector, start_ms: i64, end_ms: i64) -> Vec<Series> {
    super::block_on(select_paced(p, sel, start_ms, end_ms, None))
}

/// Matching samples gathered between two pauses: a selector matching 80,000 series of a
/// large file is gathered in pieces, not in one long task.
const MATCHES_PER_PIECE: usize = 10_000;

/// [`select`], pausing after every [`MATCHES_PER_PIECE`] matching samples.
pub async fn select_paced(
    p: &parse::Parsed,
    sel: &Selector,
    start_ms: i64,
    end_ms: i64,
    pause: Option<&dyn Fn() -> LocalBoxFuture<'static, ()>>,
) -> Vec<Series> {
    let mut by: BTreeMap<Labels, Vec<Sample>> = BTreeMap::new();
    let mut since_pause = 0;
    for s in p.families.iter().flat_map(|f| &f.samples) {
        if !sel.matches(&s.name, &s.labels) {
            continue;
        }
        let t = s.timestamp_ms.unwrap_or(end_ms);
        if t >= start_ms && t <= end_ms {
            let mut labels = s.labels.clone();
            labels.insert("__name__".into(), s.name.clone());
            by.entry(labels).or_default().push(Sample {
                t_ms: t,
                v: s.value,
            });
            since_pause += 1;
            if let (true, Some(pause)) = (since_pause >= MATCHES_PER_PIECE, pause) {
                since_pause = 0;
                pause().await;
            }
        }
    }
    by.into_iter()
        .map(|(labels, mut samples)| {
            samples.sort_by_key(|s| s.t_ms);
            Series { labels, samples }
        })
        .collect()
}

/// `*_build_info{job|service|app=…, version=…} 1` → one entity per service and version.
fn build_info(p: &parse::Parsed, source: &str) -> Vec<Entity> {
    p.families
        .iter()
        .flat_map(|f| &f.samples)
        .filter(|s| s.name.ends_with("_build_info") && s.value > 0.0)
        .filter_map(|s| {
            let service = ["service", "job", "app"]
                .iter()
                .find_map(|k| s.labels.get(*k))
                .cloned()?;
            Some(Entity {
                kind: "Build".into(),
                name: s.name.clone(),
                service: Some(service),
                version: s.labels.get("version").cloned(),
                labels: s.labels.clone(),
                source: source.to_string(),
                ..Default::default()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_with_matchers() {
        let sel = Selector::parse("x_total{a=~\"1|3\"}").unwrap();
        let p = parse::parse(
            "x_total{a=\"1\"} 5 2000\nx_total{a=\"1\"} 3 1000\nx_total{a=\"2\"} 9 1000\n",
            None,
        );
        let s = select(&p, &sel, 0, 10_000);
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].samples,
            vec![Sample { t_ms: 1000, v: 3.0 }, Sample { t_ms: 2000, v: 5.0 }]
        );
        assert_eq!(s[0].labels["__name__"], "x_total");
    }

    #[test]
    fn a_large_file_read_in_pieces_equals_one_read() {
        // 3 MB of lines with multi-byte label values, so pieces end near multi-byte characters.
        let mut text = String::from("# HELP a_total Requests é\n# TYPE a_total counter\n");
        for i in 0..40_000 {
            text.push_str(&format!(
                "a_total{{path=\"/é/{i}/ééééééééééééééééééééé\"}} {i} {}\n",
                1000 + i
            ));
            text.push_str(&format!("m{i}_seconds{{x=\"{}\"}} 1\n", "ü".repeat(i % 7)));
        }
        let pauses = std::cell::Cell::new(0);
        let pause = || -> LocalBoxFuture<'static, ()> {
            pauses.set(pauses.get() + 1);
            Box::pin(async {})
        };
        let paced = crate::sources::block_on(read_paced(&text, None, Some(&pause)));
        assert!(text.len() > 3 * PIECE, "{} bytes", text.len());
        assert_eq!(pauses.get(), text.len() / PIECE);
        assert_eq!(paced, parse::parse(&text, None));
        assert_eq!(paced.sample_count(), 80_000);
        assert_eq!(paced.families.len(), 40_001);
        assert!(paced.errors.is_empty());
    }

    #[test]
    fn build_info_entities() {
        let p = parse::parse("app_build_info{service=\"cart\",version=\"1.2.0\"} 1\nother_build_info{version=\"x\"} 1\n", None);
        let e = build_info(&p, "m");
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].service.as_deref(), e[0].version.as_deref()),
            (Some("cart"), Some("1.2.0"))
        );
    }
}
