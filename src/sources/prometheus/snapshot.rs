//! Recorded Prometheus: a folder of `query_range` answers (exactly as the API returned them)
//! with an `index.json` naming which query each file answers. Powers the bundled demo, and
//! lets a team ship an offline snapshot of their data (e.g. for a report) with no server.
//!
//! `index.json`: `{"captured_at": <unix ms>, "version": "2.53.0", "retention": "90d",
//! "queries": {"<PromQL>": "<file>.json", …}}`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::api::decode_query;
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
                    let (url, resp) = crate::sources::fetch_ok(cx, file).await?;
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
