//! Recorded Prometheus: a folder of `query_range` answers (exactly as the API returned them)
//! with an `index.json` naming which query each file answers. Powers the bundled demo, and
//! lets a team ship an offline snapshot of their data (e.g. for a report) with no server.
//!
//! `index.json`: `{"captured_at": <unix ms>, "version": "2.53.0", "retention": "90d",
//! "queries": {"<PromQL>": "<file>.json", …}}`. A file may also be a bundle of answers:
//! `"<file>.json#<key>"` names the answer under `<key>` in `{"<key>": <answer>, …}`, fetched
//! once per load for every query it answers (the demo: 34 of its 40 SLO answers in four).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use super::api::decode_query;
use crate::sources::http::HttpResponse;
use crate::sources::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};

pub struct Snapshot;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub captured_at: i64,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub retention: Option<String>,
    pub queries: BTreeMap<String, String>,
}

static INFO: AdapterInfo = AdapterInfo {
    kind: "prometheus-snapshot",
    describe: "Recorded Prometheus API answers in a folder (offline snapshots, the demo)",
    capabilities: Capabilities {
        metrics: true,
        promql: true,
        inventory: false,
        runs: false,
        incidents: false,
    },
};

impl Adapter for Snapshot {
    fn info(&self) -> &'static AdapterInfo {
        &INFO
    }
    fn recorded(&self) -> bool {
        true
    }
    fn load<'a>(
        &'a self,
        cx: &'a Context<'a>,
        req: &'a Request,
    ) -> LocalBoxFuture<'a, Result<Payload, SourceError>> {
        Box::pin(async move {
            // One read of the index per load, shared by every query (the demo asks ~50).
            let index = crate::sources::memo::read_once(cx, INFO.kind, || load_index(cx)).await?;
            match req {
                Request::Probe => Ok(Payload::Probe(ProbeInfo {
                    summary: format!(
                        "snapshot of Prometheus {} captured {}, {} recorded queries",
                        index.version.as_deref().unwrap_or("(unknown version)"),
                        crate::core::time::format_datetime(index.captured_at),
                        index.queries.len()
                    ),
                    version: index.version.clone(),
                    retention: index.retention.clone(),
                    now_ms: Some(index.captured_at),
                })),
                Request::Range {
                    query,
                    start_ms,
                    end_ms,
                    ..
                } => {
                    let file = index.queries.get(query.trim()).ok_or_else(|| {
                        SourceError::NotRecorded {
                            query: query.clone(),
                            recorded: index.queries.len(),
                        }
                    })?;
                    let (url, resp) = match file.split_once('#') {
                        Some((file, key)) => answer_in_bundle(cx, file, key).await?,
                        None => crate::sources::fetch_ok(cx, file).await?,
                    };
                    let (mut series, notices) = decode_query(&url, &resp)?;
                    for s in &mut series {
                        s.samples
                            .retain(|x| x.t_ms >= *start_ms && x.t_ms <= *end_ms);
                    }
                    Ok(Payload::Series { series, notices })
                }
                other => Err(other.unsupported(self.kind())),
            }
        })
    }
}

async fn load_index(cx: &Context<'_>) -> Result<Index, SourceError> {
    let (url, resp) = crate::sources::fetch_ok(cx, "index.json").await?;
    serde_json::from_slice(&resp.body).map_err(|e| SourceError::Malformed {
        url,
        detail: format!("index.json: {e}"),
    })
}

/// A file of many recorded answers, read once per load; each is decoded when it is asked for.
struct Bundle {
    url: String,
    body: Vec<u8>,
    /// Where each key's answer lies in `body`.
    answers: BTreeMap<String, Range<usize>>,
}

async fn load_bundle(cx: &Context<'_>, file: &str) -> Result<Bundle, SourceError> {
    let (url, resp) = crate::sources::fetch_ok(cx, file).await?;
    // Each answer's place only: it is decoded when its query is asked for.
    let answers = super::members::members(&resp.body).map_err(|e| SourceError::Malformed {
        url: url.clone(),
        detail: format!("{file}: {e}"),
    })?;
    Ok(Bundle {
        url,
        body: resp.body,
        answers,
    })
}

/// The answer under `key` in the bundle `file`, as if it had been fetched on its own.
async fn answer_in_bundle(
    cx: &Context<'_>,
    file: &str,
    key: &str,
) -> Result<(String, HttpResponse), SourceError> {
    let memo_key = format!("{}#{file}", INFO.kind);
    let bundle = crate::sources::memo::read_once(cx, &memo_key, || load_bundle(cx, file)).await?;
    let body = bundle
        .answers
        .get(key)
        .and_then(|at| bundle.body.get(at.clone()))
        .ok_or_else(|| SourceError::Malformed {
            url: bundle.url.clone(),
            detail: format!("the index names \"{key}\", which {file} does not hold"),
        })?;
    let resp = HttpResponse {
        status: 200,
        headers: vec![],
        body: body.to_vec(),
    };
    Ok((format!("{}#{key}", bundle.url), resp))
}
