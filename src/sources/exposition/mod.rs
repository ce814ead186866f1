//! `/metrics` pages and exposition files (Prometheus text format, OpenMetrics).
//! Queries are plain selectors (`name` or `name{label="value",…}`) evaluated on the samples;
//! samples with timestamps become series; `*_build_info` gauges become inventory versions.

pub mod parse;
mod select;

use super::memo::read_once;
use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::inventory::Entity;
use crate::core::model::{Notice, NoticeLevel};
use crate::core::selector::Selector;
pub use select::{select, select_paced};

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
                    entities: build_info(parsed, &cx.source.name, cx.pause).await,
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

/// Work done between two pauses (about a byte of a line; see [`parse::Reader::step`]):
/// some tens of milliseconds in the browser.
const PIECE: usize = 1 << 20;

async fn read(cx: &Context<'_>) -> Result<Document, SourceError> {
    let (url, resp) = crate::sources::fetch_ok(cx, "").await?;
    let om = resp
        .header("content-type")
        .map(|c| c.contains("openmetrics"));
    // The body moves into the reader: the document is held once, and series keys are spans
    // of it.
    let parsed = read_paced(resp.body, om, cx.pause).await;
    if let (0, Some((line, msg))) = (parsed.sample_count(), parsed.errors.first()) {
        return Err(SourceError::Malformed {
            url,
            detail: format!("line {line}: {msg}"),
        });
    }
    Ok(Document { parsed })
}

/// Parses `body` a piece of whole lines at a time, awaiting `pause` between pieces so the page
/// stays responsive while a large file is read.
pub async fn read_paced(
    body: Vec<u8>,
    openmetrics: Option<bool>,
    pause: Option<&dyn Fn() -> LocalBoxFuture<'static, ()>>,
) -> parse::Parsed {
    let mut reader = parse::Reader::new(body, openmetrics);
    while reader.step(PIECE) {
        if let Some(pause) = pause {
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

/// `*_build_info{job|service|app=…, version=…} 1` → one entity per service and version,
/// pausing as often as a selection does.
async fn build_info(
    p: &parse::Parsed,
    source: &str,
    pause: Option<&dyn Fn() -> LocalBoxFuture<'static, ()>>,
) -> Vec<Entity> {
    if let Some(pause) = pause {
        pause().await; // a task of its own, as a selection
    }
    let info = |f: &&parse::Family| {
        let names = f.samples.names().iter();
        names
            .map(|&n| p.name(n))
            .any(|n| n.ends_with("_build_info"))
    };
    // Room for every sample that may be one, reserved once: grown by doubling, 60,000
    // entities left as much memory again behind them.
    let most = p.families.iter().filter(info).map(|f| f.samples.len());
    let (mut out, mut work) = (Vec::with_capacity(most.sum()), 0);
    for (id, v, _) in p
        .families
        .iter()
        .filter(info)
        .flat_map(|f| f.samples.iter())
    {
        work += 1;
        if let (true, Some(pause)) = (work >= select::WORK_PER_PIECE, pause) {
            work = 0;
            pause().await;
        }
        let name = p.series_name(id);
        if !name.ends_with("_build_info") || v.is_nan() || v <= 0.0 {
            continue;
        }
        work += select::SERIES_COST;
        let labels = p.series_labels(id);
        let Some(service) = ["service", "job", "app"]
            .iter()
            .find_map(|k| labels.get(*k))
            .cloned()
        else {
            continue;
        };
        out.push(Entity {
            kind: "Build".into(),
            name: name.to_string(),
            service: Some(service),
            version: labels.get("version").cloned(),
            labels,
            source: source.to_string(),
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let body = text.clone().into_bytes();
        let paced = crate::sources::block_on(read_paced(body, None, Some(&pause)));
        // Every key is new, so a piece is half of PIECE bytes, give or take a line.
        let pieces = text.len() * parse::NEW_KEY_COST / PIECE;
        assert!(
            (pieces - 1..=pieces + 1).contains(&pauses.get()),
            "{}",
            pauses.get()
        );
        assert_eq!(paced, parse::parse(&text, None));
        assert_eq!(paced.sample_count(), 80_000);
        assert_eq!(paced.families.len(), 40_001);
        assert!(paced.errors.is_empty());
    }

    #[test]
    fn build_info_entities() {
        let p = parse::parse("app_build_info{service=\"cart\",version=\"1.2.0\"} 1\nother_build_info{version=\"x\"} 1\n", None);
        let e = crate::sources::block_on(build_info(&p, "m", None));
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].service.as_deref(), e[0].version.as_deref()),
            (Some("cart"), Some("1.2.0"))
        );
    }
}
