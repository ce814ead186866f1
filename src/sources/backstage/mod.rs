//! Backstage software catalog: entity files (multi-document `catalog-info.yaml`, JSON) and the
//! catalog API. From the API, `/entities/by-query` is followed page by page (`pageInfo.
//! nextCursor`) with progress reported to the caller, and `/entity-facets?facet=kind` gives the
//! counts: the connection test shows them without downloading entities, paging uses them as
//! the total when a page has no `totalItems`, and a load that ends with other counts says so.

mod entity;

use std::collections::BTreeMap;

use serde_json::Value;

pub use entity::{parse, ref_name};

use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::inventory::Entity;
use crate::core::model::{Notice, NoticeLevel};

pub struct Backstage;

static INFO: AdapterInfo = AdapterInfo {
    kind: "backstage",
    describe: "Backstage catalog entities (catalog-info YAML or the catalog API's JSON)",
    capabilities: Capabilities {
        metrics: false,
        promql: false,
        inventory: true,
        runs: false,
        incidents: false,
    },
};

impl Adapter for Backstage {
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
                Request::Probe => {
                    if let Some(Ok(counts)) = kind_counts(cx).await {
                        return Ok(Payload::Probe(ProbeInfo {
                            summary: format!(
                                "catalog API with {} entities: {}",
                                counts.values().sum::<usize>(),
                                describe_counts(&counts)
                            ),
                            ..Default::default()
                        }));
                    }
                    let (entities, _) = fetch_entities(cx).await?;
                    Ok(Payload::Probe(ProbeInfo {
                        summary: format!("read {} catalog entities", entities.len()),
                        ..Default::default()
                    }))
                }
                Request::Inventory => {
                    let (entities, notices) = fetch_entities(cx).await?;
                    Ok(Payload::Entities { entities, notices })
                }
                other => Err(other.unsupported("backstage")),
            }
        })
    }
}

/// "Component 20, API 4, Group 3" — largest first.
fn describe_counts(counts: &BTreeMap<String, usize>) -> String {
    let mut v: Vec<_> = counts.iter().collect();
    crate::core::order::sort_by(&mut v, |a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `entity-facets` URL for a catalog API URL, keeping its `filter` parameters; None for files.
pub fn facets_url(url: &str) -> Option<String> {
    let (prefix, rest) = url.split_once("/api/catalog/")?;
    let filters: Vec<&str> = rest
        .split_once('?')
        .map(|(_, q)| q.split('&').filter(|p| p.starts_with("filter=")).collect())
        .unwrap_or_default();
    let mut out = format!("{prefix}/api/catalog/entity-facets?facet=kind");
    for f in filters {
        out.push('&');
        out.push_str(f);
    }
    Some(out)
}

/// Entity counts per kind from `{"facets":{"kind":[{"value":"Component","count":3}, …]}}`.
pub fn parse_facets(body: &[u8]) -> Result<BTreeMap<String, usize>, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let list = v
        .pointer("/facets/kind")
        .and_then(Value::as_array)
        .ok_or("no facets.kind array")?;
    list.iter()
        .map(|f| {
            Some((
                f.get("value")?.as_str()?.to_string(),
                f.get("count")?.as_u64()? as usize,
            ))
        })
        .collect::<Option<_>>()
        .ok_or_else(|| "a facet lacks value or count".to_string())
}

/// Counts per kind from the catalog API; None for files.
async fn kind_counts(cx: &Context<'_>) -> Option<Result<BTreeMap<String, usize>, SourceError>> {
    let url = facets_url(&super::http::join(cx.base_url, &cx.source.url, ""))?;
    Some(
        async {
            let resp = cx
                .fetcher
                .fetch(super::http::get(cx.source, cx.secret, url.clone()))
                .await
                .map_err(|e| SourceError::from_fetch(&url, e))?;
            super::error::check_status(&url, &resp)?;
            parse_facets(&resp.body).map_err(|detail| SourceError::Malformed {
                url: url.clone(),
                detail,
            })
        }
        .await,
    )
}

/// The URL of the page after `cursor`: the cursor plus the first request's `limit` and
/// `fields` (Backstage reads those beside the cursor; without them pages shrink to 200).
pub fn next_page_url(first_url: &str, cursor: &str) -> String {
    let (base, query) = first_url.split_once('?').unwrap_or((first_url, ""));
    let mut out = format!("{base}?cursor={}", crate::core::route::encode(cursor));
    for p in query
        .split('&')
        .filter(|p| p.starts_with("limit=") || p.starts_with("fields="))
    {
        out.push('&');
        out.push_str(p);
    }
    out
}

/// At most this many pages of the catalog API (500 entities each by default).
const MAX_PAGES: usize = 200;

/// A file, or the catalog API's `/entities/by-query`, following `pageInfo.nextCursor`.
async fn fetch_entities(cx: &Context<'_>) -> Result<(Vec<Entity>, Vec<Notice>), SourceError> {
    let (mut entities, mut notices) = (Vec::new(), Vec::new());
    let counts = match kind_counts(cx).await {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!("entity counts (entity-facets) are unavailable: {e}"),
            });
            None
        }
        None => None,
    };
    let (mut url, resp) = crate::sources::fetch_ok(cx, "").await?;
    let first_url = url.clone();
    let mut body = resp.body;
    for page in 1.. {
        let text = String::from_utf8_lossy(&body);
        let (e, n) = parse(&text, &cx.source.name).map_err(|detail| SourceError::Malformed {
            url: url.clone(),
            detail,
        })?;
        entities.extend(e);
        notices.extend(n);
        let json = serde_json::from_slice::<Value>(&body).ok();
        let total = json
            .as_ref()
            .and_then(|v| v.get("totalItems"))
            .and_then(Value::as_u64)
            .map(|t| t as usize)
            .or_else(|| counts.as_ref().map(|c| c.values().sum()));
        cx.report(entities.len(), total);
        let cursor = json.as_ref().and_then(|v| {
            v.pointer("/pageInfo/nextCursor")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        let Some(cursor) = cursor else { break };
        if page >= MAX_PAGES {
            notices.push(Notice { level: NoticeLevel::Warning, text: format!("stopped after {MAX_PAGES} pages of the catalog API; narrow the query with filter=…") });
            break;
        }
        // A cursor carries the filter and order, but not the page size or the field selection.
        url = next_page_url(&first_url, &cursor);
        let req = crate::sources::http::get(cx.source, cx.secret, url.clone());
        let resp = cx
            .fetcher
            .fetch(req)
            .await
            .map_err(|e| SourceError::from_fetch(&url, e))?;
        crate::sources::error::check_status(&url, &resp)?;
        body = resp.body;
    }
    if let Some(counts) = counts {
        let mut loaded: BTreeMap<String, usize> = BTreeMap::new();
        for e in &entities {
            *loaded.entry(e.kind.clone()).or_default() += 1;
        }
        let differ: Vec<String> = counts
            .iter()
            .filter(|(k, n)| loaded.get(*k).copied().unwrap_or(0) != **n)
            .map(|(k, n)| format!("{k}: {} of {n}", loaded.get(k).copied().unwrap_or(0)))
            .collect();
        if !differ.is_empty() {
            notices.push(Notice { level: NoticeLevel::Warning, text: format!("loaded entity counts differ from the catalog's own (entity-facets) — {}; the catalog changed while paging, or paging stopped early", differ.join(", ")) });
        }
    }
    Ok((entities, notices))
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::sources::{HttpRequest, HttpResponse, Progress};

    /// The catalog API as Backstage serves it: by-query pages keyed by cursor, and facets.
    struct Catalog {
        /// Kind counts the facets endpoint reports (None: a 404, as from an old backend).
        facets: Option<&'static str>,
        seen: RefCell<Vec<String>>,
    }

    impl crate::sources::Fetcher for Catalog {
        fn fetch<'a>(
            &'a self,
            req: HttpRequest,
        ) -> crate::sources::LocalBoxFuture<
            'a,
            Result<HttpResponse, crate::sources::http::FetchError>,
        > {
            self.seen.borrow_mut().push(req.url.clone());
            let page = |names: &[&str], next: Option<&str>| {
                let items: Vec<String> = names.iter().map(|n| format!("{{\"kind\":\"Component\",\"metadata\":{{\"name\":\"{n}\"}},\"spec\":{{\"owner\":\"team\"}}}}")).collect();
                let next = next
                    .map(|c| format!("\"nextCursor\":\"{c}\""))
                    .unwrap_or_default();
                format!(
                    "{{\"items\":[{}],\"pageInfo\":{{{next}}}}}",
                    items.join(",")
                )
            };
            let (status, body) = if req.url.contains("/entity-facets?") {
                self.facets.map_or(
                    (404, "{\"error\":{\"name\":\"NotFoundError\"}}".to_string()),
                    |f| (200, format!("{{\"facets\":{{\"kind\":{f}}}}}")),
                )
            } else if req.url.contains("cursor=c%3D2") {
                (200, page(&["c", "d"], Some("c=3")))
            } else if req.url.contains("cursor=c%3D3") {
                (200, page(&["e"], None))
            } else {
                (200, page(&["a", "b"], Some("c=2")))
            };
            Box::pin(async move {
                Ok(HttpResponse {
                    status,
                    headers: vec![],
                    body: body.into_bytes(),
                })
            })
        }
    }

    fn run(
        facets: Option<&'static str>,
        req: Request,
    ) -> (Result<Payload, SourceError>, Vec<Progress>, Vec<String>) {
        let src = crate::core::config::SourceConfig { name: "bs".into(), kind: "backstage".into(), url: "https://backstage.example/api/catalog/entities/by-query?filter=kind=component&limit=2".into(), auth: Default::default(), headers: Default::default(), timeout: None };
        let secret = crate::sources::Secret::default();
        let fetcher = Catalog {
            facets,
            seen: RefCell::new(vec![]),
        };
        let heard = RefCell::new(Vec::new());
        let progress = |p: Progress| heard.borrow_mut().push(p);
        let cx = Context {
            progress: Some(&progress),
            ..Context::new(&src, &secret, &fetcher, "")
        };
        let r = crate::sources::block_on(Backstage.load(&cx, &req));
        (r, heard.into_inner(), fetcher.seen.into_inner())
    }

    #[test]
    fn catalog_api_pages_are_followed_with_progress_out_of_the_facet_total() {
        let (r, heard, seen) = run(
            Some(r#"[{"value":"Component","count":5}]"#),
            Request::Inventory,
        );
        let Payload::Entities { entities, notices } = r.unwrap() else {
            panic!()
        };
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e"]);
        assert_eq!(
            heard.iter().map(|p| (p.done, p.total)).collect::<Vec<_>>(),
            [(2, Some(5)), (4, Some(5)), (5, Some(5))]
        );
        assert_eq!(
            seen[0],
            "https://backstage.example/api/catalog/entity-facets?facet=kind&filter=kind=component"
        );
        assert_eq!(
            seen[2], "https://backstage.example/api/catalog/entities/by-query?cursor=c%3D2&limit=2",
            "the page size goes with the cursor"
        );
        assert_eq!(next_page_url("https://b/api/catalog/entities/by-query?filter=kind=api&fields=metadata.name,kind&limit=50", "x y"), "https://b/api/catalog/entities/by-query?cursor=x%20y&fields=metadata.name,kind&limit=50");
        assert!(notices.is_empty(), "{notices:?}");
    }

    #[test]
    fn differing_counts_and_missing_facets_are_reported() {
        let (r, _, _) = run(
            Some(r#"[{"value":"Component","count":7},{"value":"API","count":1}]"#),
            Request::Inventory,
        );
        let Payload::Entities { notices, .. } = r.unwrap() else {
            panic!()
        };
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0]
                .text
                .contains("— API: 0 of 1, Component: 5 of 7;"),
            "{}",
            notices[0].text
        );
        let (r, heard, _) = run(None, Request::Inventory);
        let Payload::Entities { entities, notices } = r.unwrap() else {
            panic!()
        };
        assert_eq!(entities.len(), 5);
        assert!(
            notices[0]
                .text
                .starts_with("entity counts (entity-facets) are unavailable: HTTP 404"),
            "{notices:?}"
        );
        assert_eq!(heard.last().map(|p| (p.done, p.total)), Some((5, None)));
    }

    #[test]
    fn the_connection_test_counts_without_downloading_entities() {
        let (r, _, seen) = run(
            Some(
                r#"[{"value":"API","count":4},{"value":"Component","count":20},{"value":"Group","count":4}]"#,
            ),
            Request::Probe,
        );
        let Payload::Probe(p) = r.unwrap() else {
            panic!()
        };
        assert_eq!(
            p.summary,
            "catalog API with 28 entities: Component 20, API 4, Group 4"
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(facets_url("catalog-info.yaml"), None);
        assert_eq!(
            parse_facets(br#"{"facets":{"kind":[{"value":"A"}]}}"#).unwrap_err(),
            "a facet lacks value or count"
        );
    }
}
