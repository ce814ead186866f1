//! GitHub deployments: `/repos/{owner}/{repo}/deployments`, each resolved through its
//! `statuses_url` to when (and whether) it finished. They feed the DORA keys as deployments
//! marked as such, whatever workflow made them.

use serde::Deserialize;

use super::{get_pages, RateLimit};
use crate::core::inventory::CiRun;
use crate::core::time::parse_rfc3339;
use crate::sources::{Context, SourceError};

/// At most this many deployments are resolved (one statuses request each).
const MAX_DEPLOYMENTS: usize = 100;

#[derive(Deserialize)]
struct Deployment {
    #[serde(default)]
    sha: String,
    #[serde(default)]
    environment: String,
    created_at: String,
    statuses_url: String,
}

#[derive(Deserialize)]
struct Status {
    state: String,
    created_at: String,
}

pub fn is_deployments_url(url: &str) -> bool {
    url.split('?')
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .ends_with("/deployments")
}

/// `owner/repo` from `…/repos/owner/repo/deployments`.
fn repo_of(url: &str) -> String {
    let path = url.split('?').next().unwrap_or("");
    let parts: Vec<&str> = path.split('/').collect();
    parts
        .iter()
        .position(|p| *p == "repos")
        .and_then(|i| Some(format!("{}/{}", parts.get(i + 1)?, parts.get(i + 2)?)))
        .unwrap_or_default()
}

pub async fn fetch(
    cx: &Context<'_>,
    url: String,
) -> Result<(Vec<CiRun>, usize, Option<RateLimit>), SourceError> {
    let (bodies, mut limit) = get_pages(cx, url.clone(), 3).await?;
    let mut list: Vec<Deployment> = Vec::new();
    for b in &bodies {
        list.extend(serde_json::from_slice::<Vec<Deployment>>(b).map_err(|e| {
            SourceError::Malformed {
                url: url.clone(),
                detail: format!("not a deployments list: {e}"),
            }
        })?);
    }
    let repo = repo_of(&url);
    let mut runs = Vec::new();
    for d in list.into_iter().take(MAX_DEPLOYMENTS) {
        let (sb, l) = get_pages(cx, d.statuses_url.clone(), 1).await?;
        limit = l.or(limit);
        let statuses: Vec<Status> = sb
            .first()
            .map(|b| serde_json::from_slice(b))
            .transpose()
            .map_err(|e| SourceError::Malformed {
                url: d.statuses_url.clone(),
                detail: format!("not a statuses list: {e}"),
            })?
            .unwrap_or_default();
        // Statuses come newest first; the first final one says how it ended.
        let Some(fin) = statuses
            .iter()
            .find(|s| matches!(s.state.as_str(), "success" | "failure" | "error"))
        else {
            continue;
        };
        let created = parse_rfc3339(&d.created_at).ok_or_else(|| SourceError::Malformed {
            url: url.clone(),
            detail: format!("\"{}\" is not a time", d.created_at),
        })?;
        let finished = parse_rfc3339(&fin.created_at).unwrap_or(created);
        runs.push(CiRun {
            repo: repo.clone(),
            workflow: "deployment".into(),
            branch: d.environment,
            event: "deployment".into(),
            status: "completed".into(),
            conclusion: if fin.state == "success" {
                "success".into()
            } else {
                "failure".into()
            },
            created_ms: created,
            started_ms: created,
            updated_ms: finished,
            url: d.statuses_url,
            sha: d.sha,
            deployment: true,
            commit_ms: None,
        });
    }
    Ok((runs, bodies.len(), limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_deployments_url(
            "https://api.github.com/repos/acme/shop/deployments?environment=production"
        ));
        assert!(!is_deployments_url(
            "https://api.github.com/repos/acme/shop/actions/runs"
        ));
        assert_eq!(
            repo_of("https://api.github.com/repos/acme/shop/deployments?per_page=100"),
            "acme/shop"
        );
    }
}
