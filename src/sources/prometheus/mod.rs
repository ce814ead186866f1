//! Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics …).

pub mod api;
pub mod ksm;
mod members;
pub mod plan;
mod rules;
pub mod snapshot;

use std::collections::BTreeMap;

use serde::Deserialize;

use super::http::{form, get, join};
use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::inventory::{Entity, Health};
use crate::core::model::{Labels, Notice, Series};

pub struct Prometheus;

/// URLs longer than this send the query as a POST form body instead.
const MAX_GET_URL: usize = 2_000;

static INFO: AdapterInfo = AdapterInfo {
    kind: "prometheus",
    describe: "Prometheus-compatible HTTP API: queries, targets, alerts and rules",
    capabilities: Capabilities {
        metrics: true,
        promql: true,
        inventory: true,
        runs: false,
        incidents: false,
    },
};

impl Adapter for Prometheus {
    fn info(&self) -> &'static AdapterInfo {
        &INFO
    }
    fn load<'a>(
        &'a self,
        cx: &'a Context<'a>,
        req: &'a Request,
    ) -> LocalBoxFuture<'a, Result<Payload, SourceError>> {
        Box::pin(async move {
            match req {
                Request::Probe => probe(cx).await.map(Payload::Probe),
                Request::Range {
                    query,
                    start_ms,
                    end_ms,
                    step_ms,
                } => range(cx, query, *start_ms, *end_ms, *step_ms).await,
                Request::Instant { query, time_ms } => {
                    let (url, resp) = call(
                        cx,
                        "api/v1/query",
                        &[("query", query), ("time", &secs(*time_ms))],
                    )
                    .await?;
                    let (series, notices) = api::decode_query(&url, &resp)?;
                    Ok(Payload::Series { series, notices })
                }
                Request::Inventory => targets(cx).await,
                Request::Alerts => rules::alerts(cx).await.map(Payload::Alerts),
                Request::Rules => rules::rules(cx).await.map(Payload::Rules),
                Request::Labels => strings(cx, "api/v1/labels", &[]).await,
                Request::LabelValues { label } => {
                    strings(
                        cx,
                        &format!("api/v1/label/{}/values", crate::core::route::encode(label)),
                        &[],
                    )
                    .await
                }
                Request::SeriesMatch {
                    selector,
                    start_ms,
                    end_ms,
                } => series(cx, selector, *start_ms, *end_ms).await,
                Request::Runs | Request::Incidents => Err(req.unsupported(self.kind())),
            }
        })
    }
}

pub(super) async fn call(
    cx: &Context<'_>,
    path: &str,
    params: &[(&str, &str)],
) -> Result<(String, super::HttpResponse), SourceError> {
    let base = join(cx.base_url, &cx.source.url, path);
    let query = form(params);
    let url = if query.is_empty() {
        base.clone()
    } else {
        format!("{base}?{query}")
    };
    let mut req = get(cx.source, cx.secret, url.clone());
    if url.len() > MAX_GET_URL {
        req.method = "POST";
        req.url = base.clone();
        req.headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
        req.body = Some(query);
    }
    if cx.fetcher.page_is_https() && req.url.starts_with("http://") {
        return Err(SourceError::MixedContent { url: base });
    }
    // Shown URLs carry no query string: PromQL is long and may name things the user did not type.
    let resp = cx
        .fetcher
        .fetch(req)
        .await
        .map_err(|e| SourceError::from_fetch(&base, e))?;
    Ok((base, resp))
}

#[derive(Deserialize)]
struct BuildInfo {
    version: String,
}

#[derive(Deserialize)]
struct RuntimeInfo {
    #[serde(default, rename = "storageRetention")]
    storage_retention: Option<String>,
}

async fn probe(cx: &Context<'_>) -> Result<ProbeInfo, SourceError> {
    let (url, resp) = call(cx, "api/v1/status/buildinfo", &[]).await?;
    // Thanos and Mimir may not serve buildinfo: that is "unknown", not a failure, as long as
    // the query API itself answers.
    let version = match api::decode_envelope::<BuildInfo>(&url, &resp) {
        Ok((b, _)) => Some(b.version),
        Err(SourceError::NotFound { .. }) => {
            let (qurl, qresp) = call(cx, "api/v1/query", &[("query", "1")]).await?;
            api::decode_query(&qurl, &qresp)?;
            None
        }
        Err(e) => return Err(e),
    };
    let retention = match call(cx, "api/v1/status/runtimeinfo", &[]).await {
        Ok((u, r)) => api::decode_envelope::<RuntimeInfo>(&u, &r)
            .ok()
            .and_then(|(i, _)| i.storage_retention),
        Err(_) => None,
    };
    let summary = format!(
        "connected: Prometheus {}{}",
        version.as_deref().unwrap_or("(version unknown)"),
        retention
            .as_deref()
            .map(|r| format!(", retention {r}"))
            .unwrap_or_default()
    );
    Ok(ProbeInfo {
        summary,
        version,
        retention,
        now_ms: None,
    })
}

async fn range(
    cx: &Context<'_>,
    query: &str,
    start_ms: i64,
    end_ms: i64,
    step_ms: i64,
) -> Result<Payload, SourceError> {
    let step = step_ms.max(1);
    let mut merged: BTreeMap<Labels, Series> = BTreeMap::new();
    let mut notices: Vec<Notice> = Vec::new();
    for (s, e) in plan::chunks(start_ms, end_ms, step) {
        let (start, end, st) = (secs(s), secs(e), secs(step));
        let (url, resp) = call(
            cx,
            "api/v1/query_range",
            &[
                ("query", query),
                ("start", &start),
                ("end", &end),
                ("step", &st),
            ],
        )
        .await?;
        let (series, n) = api::decode_query(&url, &resp)?;
        for sr in series {
            merged
                .entry(sr.labels.clone())
                .or_insert_with(|| Series {
                    labels: sr.labels.clone(),
                    samples: vec![],
                })
                .samples
                .extend(sr.samples);
        }
        for x in n {
            if !notices.contains(&x) {
                notices.push(x);
            }
        }
    }
    Ok(Payload::Series {
        series: merged.into_values().collect(),
        notices,
    })
}

async fn strings(
    cx: &Context<'_>,
    path: &str,
    params: &[(&str, &str)],
) -> Result<Payload, SourceError> {
    let (url, resp) = call(cx, path, params).await?;
    let (values, _) = api::decode_envelope::<Vec<String>>(&url, &resp)?;
    Ok(Payload::Strings(values))
}

async fn series(
    cx: &Context<'_>,
    selector: &str,
    start_ms: i64,
    end_ms: i64,
) -> Result<Payload, SourceError> {
    let (start, end) = (secs(start_ms), secs(end_ms));
    let (url, resp) = call(
        cx,
        "api/v1/series",
        &[("match[]", selector), ("start", &start), ("end", &end)],
    )
    .await?;
    let (sets, notices) = api::decode_envelope::<Vec<Labels>>(&url, &resp)?;
    Ok(Payload::Series {
        series: sets
            .into_iter()
            .map(|labels| Series {
                labels,
                samples: vec![],
            })
            .collect(),
        notices,
    })
}

fn secs(ms: i64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        format!("{:.3}", ms as f64 / 1000.0)
    }
}

#[derive(Deserialize)]
struct Targets {
    #[serde(default, rename = "activeTargets")]
    active: Vec<Target>,
}

#[derive(Deserialize)]
struct Target {
    #[serde(default)]
    labels: Labels,
    #[serde(default)]
    health: String,
    #[serde(default, rename = "scrapePool")]
    scrape_pool: String,
}

/// Workloads, pods and nodes from kube-state-metrics, if this server scrapes it.
async fn kube_state(cx: &Context<'_>, notices: &mut Vec<Notice>) -> Vec<Entity> {
    match call(cx, "api/v1/query", &[("query", &ksm::query())])
        .await
        .and_then(|(u, r)| api::decode_query(&u, &r))
    {
        Ok((series, _)) => {
            let (entities, n) = ksm::entities(&series, &cx.source.name);
            notices.extend(n);
            entities
        }
        Err(e) => {
            notices.push(Notice {
                level: crate::core::model::NoticeLevel::Warning,
                text: format!("kube-state-metrics series are unavailable: {e}"),
            });
            vec![]
        }
    }
}

/// Versions of everything exporting a `*_build_info` gauge, as `Build` entities.
const BUILD_INFO: &str = "count by (job, version) ({__name__=~\".+_build_info\"})";

async fn targets(cx: &Context<'_>) -> Result<Payload, SourceError> {
    let (url, resp) = call(cx, "api/v1/targets", &[("state", "active")]).await?;
    let (t, mut notices) = api::decode_envelope::<Targets>(&url, &resp)?;
    let builds = match call(cx, "api/v1/query", &[("query", BUILD_INFO)])
        .await
        .and_then(|(u, r)| api::decode_query(&u, &r))
    {
        Ok((series, n)) => {
            notices.extend(n);
            series
        }
        Err(e) => {
            notices.push(Notice {
                level: crate::core::model::NoticeLevel::Warning,
                text: format!("versions from *_build_info are unavailable: {e}"),
            });
            vec![]
        }
    };
    let build_entities = builds.into_iter().filter_map(|s| {
        let job = s.labels.get("job")?.clone();
        Some(Entity {
            kind: "Build".into(),
            name: job.clone(),
            service: Some(job),
            version: s.labels.get("version").cloned(),
            labels: s.labels,
            source: cx.source.name.clone(),
            ..Default::default()
        })
    });
    let ksm = kube_state(cx, &mut notices).await;
    let entities = t
        .active
        .into_iter()
        .map(|t| Entity {
            kind: "Target".into(),
            name: t.labels.get("instance").cloned().unwrap_or_default(),
            service: t.labels.get("job").cloned().or(Some(t.scrape_pool)),
            namespace: t.labels.get("namespace").cloned().unwrap_or_default(),
            health: match t.health.as_str() {
                "up" => Health::Healthy,
                "down" => Health::Down,
                _ => Health::Unknown,
            },
            labels: t.labels,
            source: cx.source.name.clone(),
            ..Default::default()
        })
        .chain(build_entities)
        .chain(ksm)
        .collect();
    Ok(Payload::Entities { entities, notices })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_keep_milliseconds() {
        assert_eq!(secs(1_700_000_000_000), "1700000000");
        assert_eq!(secs(1_700_000_000_250), "1700000000.250");
    }
}
