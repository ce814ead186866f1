//! GitHub: Actions workflow runs (`/repos/{owner}/{repo}/actions/runs`) and deployments
//! (`/repos/{owner}/{repo}/deployments` with their statuses), with paging, ETags and rate limits.

mod deployments;

use serde::Deserialize;

use super::http::{get, join, origin, HttpResponse};
use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::inventory::CiRun;
use crate::core::model::{Notice, NoticeLevel};
use crate::sources::error::check_status;

pub struct GithubActions;

#[derive(Deserialize)]
struct Runs {
    workflow_runs: Vec<RawRun>,
}

#[derive(Deserialize)]
struct RawRun {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    head_branch: Option<String>,
    #[serde(default)]
    head_sha: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    conclusion: Option<String>,
    created_at: String,
    #[serde(default)]
    run_started_at: Option<String>,
    updated_at: String,
    #[serde(default)]
    html_url: String,
    #[serde(default)]
    repository: Option<Repo>,
}

#[derive(Deserialize)]
struct Repo {
    full_name: String,
}

static INFO: AdapterInfo = AdapterInfo {
    kind: "github-actions",
    describe:
        "GitHub Actions workflow runs or deployments (the REST API, or its JSON saved as a file)",
    capabilities: Capabilities {
        metrics: false,
        promql: false,
        inventory: false,
        runs: true,
        incidents: false,
    },
};

impl Adapter for GithubActions {
    fn info(&self) -> &'static AdapterInfo {
        &INFO
    }
    fn load<'a>(
        &'a self,
        cx: &'a Context<'a>,
        req: &'a Request,
    ) -> LocalBoxFuture<'a, Result<Payload, SourceError>> {
        Box::pin(async move {
            let (runs, pages, limit) = fetch_all(cx).await?;
            let mut notices = Vec::new();
            if let Some(l) = &limit {
                if l.remaining * 10 < l.limit {
                    notices.push(Notice {
                        level: NoticeLevel::Warning,
                        text: format!(
                            "GitHub API rate limit nearly used: {} of {} requests left until {}",
                            l.remaining,
                            l.limit,
                            crate::core::time::format_datetime(l.reset_ms)
                        ),
                    });
                }
            }
            match req {
                Request::Probe => Ok(Payload::Probe(ProbeInfo {
                    summary: format!(
                        "read {} {} ({} page{}){}",
                        runs.len(),
                        if runs.iter().all(|r| r.deployment) && !runs.is_empty() {
                            "deployments"
                        } else {
                            "workflow runs"
                        },
                        pages,
                        if pages == 1 { "" } else { "s" },
                        limit
                            .map(|l| format!("; rate limit {} of {} left", l.remaining, l.limit))
                            .unwrap_or_default()
                    ),
                    ..Default::default()
                })),
                Request::Runs => Ok(Payload::Runs { runs, notices }),
                other => Err(other.unsupported("github-actions")),
            }
        })
    }
}

/// GitHub's rate-limit headers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
    pub reset_ms: i64,
}

fn rate_limit(resp: &HttpResponse) -> Option<RateLimit> {
    let h = |k: &str| resp.header(k).and_then(|v| v.trim().parse::<i64>().ok());
    Some(RateLimit {
        limit: h("x-ratelimit-limit")? as u64,
        remaining: h("x-ratelimit-remaining")? as u64,
        reset_ms: h("x-ratelimit-reset").unwrap_or(0) * 1000,
    })
}

/// The `rel="next"` URL of a `Link` header.
pub fn next_link(link: &str) -> Option<String> {
    link.split(',')
        .find(|part| part.contains("rel=\"next\""))
        .and_then(|part| {
            let (_, rest) = part.split_once('<')?;
            let (url, _) = rest.split_once('>')?;
            Some(url.trim().to_string())
        })
}

/// At most this many pages (GitHub returns at most 1,000 runs for filtered queries).
const MAX_PAGES: usize = 10;

/// (ETag, body, next-page link) of one fetched page.
type CachedPage = (String, Vec<u8>, Option<String>);

thread_local! {
    /// ETag and body per URL: conditional requests answered 304 cost no rate limit.
    static ETAGS: std::cell::RefCell<std::collections::HashMap<String, CachedPage>> = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// GETs `url` and its `Link: rel="next"` pages (at most `max_pages`), revalidating cached
/// pages with their ETags; returns the bodies and the last rate-limit status seen.
pub(super) async fn get_pages(
    cx: &Context<'_>,
    start_url: String,
    max_pages: usize,
) -> Result<(Vec<Vec<u8>>, Option<RateLimit>), SourceError> {
    let mut url = start_url;
    let mut bodies = Vec::new();
    let mut limit = None;
    let home = origin(&join(cx.base_url, &cx.source.url, ""));
    loop {
        if cx.fetcher.page_is_https() && url.starts_with("http://") {
            return Err(SourceError::MixedContent { url });
        }
        // Next-page links and status URLs come from the answer: never to another origin.
        if origin(&url) != home {
            return Err(SourceError::OtherOrigin { url });
        }
        let mut req = get(cx.source, cx.secret, url.clone());
        let cached = ETAGS.with(|e| e.borrow().get(&url).cloned());
        if let Some((etag, _, _)) = &cached {
            req.headers.push(("If-None-Match".into(), etag.clone()));
        }
        let resp = cx
            .fetcher
            .fetch(req)
            .await
            .map_err(|e| SourceError::from_fetch(&url, e))?;
        limit = rate_limit(&resp).or(limit);
        if let Some(l) = limit.filter(|l| matches!(resp.status, 403 | 429) && l.remaining == 0) {
            let hint = if cx.secret.0.is_some() {
                ""
            } else {
                " Add a token (bearer auth) for 5,000 requests an hour instead of 60."
            };
            return Err(SourceError::Http {
                url,
                status: resp.status,
                excerpt: format!(
                    "GitHub API rate limit of {} requests used up; it resets at {}.{hint}",
                    l.limit,
                    crate::core::time::format_datetime(l.reset_ms)
                ),
            });
        }
        let (body, next) = if resp.status == 304 {
            let (_, b, n) = cached.ok_or_else(|| SourceError::Malformed {
                url: url.clone(),
                detail: "HTTP 304 without a cached copy".into(),
            })?;
            (b, n)
        } else {
            check_status(&url, &resp)?;
            let next = resp.header("link").and_then(next_link);
            if let Some(etag) = resp.header("etag") {
                let entry = (etag.to_string(), resp.body.clone(), next.clone());
                ETAGS.with(|m| m.borrow_mut().insert(url.clone(), entry));
            }
            (resp.body.clone(), next)
        };
        bodies.push(body);
        match next {
            Some(n) if bodies.len() < max_pages => url = n,
            _ => break,
        }
    }
    Ok((bodies, limit))
}

async fn fetch_all(
    cx: &Context<'_>,
) -> Result<(Vec<CiRun>, usize, Option<RateLimit>), SourceError> {
    let url = join(cx.base_url, &cx.source.url, "");
    if deployments::is_deployments_url(&url) {
        return deployments::fetch(cx, url).await;
    }
    let (bodies, limit) = get_pages(cx, url.clone(), MAX_PAGES).await?;
    let mut runs = Vec::new();
    for b in &bodies {
        runs.extend(parse(b).map_err(|detail| SourceError::Malformed {
            url: url.clone(),
            detail,
        })?);
    }
    Ok((runs, bodies.len(), limit))
}

pub fn parse(body: &[u8]) -> Result<Vec<CiRun>, String> {
    let runs: Runs =
        serde_json::from_slice(body).map_err(|e| format!("not a workflow-runs response: {e}"))?;
    runs.workflow_runs
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let at = |s: &str| {
                parse_rfc3339(s)
                    .ok_or_else(|| format!("workflow_runs[{i}]: \"{s}\" is not an RFC 3339 time"))
            };
            let created_ms = at(&r.created_at)?;
            Ok(CiRun {
                repo: r.repository.map(|x| x.full_name).unwrap_or_default(),
                workflow: r.name.unwrap_or_default(),
                branch: r.head_branch.unwrap_or_default(),
                event: r.event,
                status: r.status.unwrap_or_default(),
                conclusion: r.conclusion.unwrap_or_default(),
                created_ms,
                started_ms: r
                    .run_started_at
                    .as_deref()
                    .map(at)
                    .transpose()?
                    .unwrap_or(created_ms),
                updated_ms: at(&r.updated_at)?,
                url: r.html_url,
                sha: r.head_sha,
                deployment: false,
                commit_ms: None,
            })
        })
        .collect()
}

use crate::core::time::parse_rfc3339;

#[cfg(test)]
mod tests;
