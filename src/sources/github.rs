//! GitHub Actions workflow runs (`/repos/{owner}/{repo}/actions/runs` JSON), also the generic
//! shape for CI runs from other systems (same fields).

use serde::Deserialize;

use super::{Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request, SourceError};
use crate::core::inventory::CiRun;

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

static INFO: AdapterInfo = AdapterInfo { kind: "github-actions", describe: "GitHub Actions workflow runs (the REST API's JSON)", capabilities: Capabilities { metrics: false, inventory: false, runs: true } };

impl Adapter for GithubActions {
    fn info(&self) -> &'static AdapterInfo {
        &INFO
    }
    fn load<'a>(&'a self, cx: &'a Context<'a>, req: &'a Request) -> LocalBoxFuture<'a, Result<Payload, SourceError>> {
        Box::pin(async move {
            let (url, resp) = crate::sources::fetch_ok(cx, "").await?;
            let runs = parse(&resp.body).map_err(|detail| SourceError::Malformed { url, detail })?;
            match req {
                Request::Probe => Ok(Payload::Probe(ProbeInfo { summary: format!("read {} workflow runs", runs.len()), ..Default::default() })),
                Request::Runs => Ok(Payload::Runs { runs, notices: vec![] }),
                other => Err(other.unsupported("github-actions")),
            }
        })
    }
}

pub fn parse(body: &[u8]) -> Result<Vec<CiRun>, String> {
    let runs: Runs = serde_json::from_slice(body).map_err(|e| format!("not a workflow-runs response: {e}"))?;
    runs.workflow_runs
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let at = |s: &str| parse_rfc3339(s).ok_or_else(|| format!("workflow_runs[{i}]: \"{s}\" is not an RFC 3339 time"));
            let created_ms = at(&r.created_at)?;
            Ok(CiRun {
                repo: r.repository.map(|x| x.full_name).unwrap_or_default(),
                workflow: r.name.unwrap_or_default(),
                branch: r.head_branch.unwrap_or_default(),
                event: r.event,
                status: r.status.unwrap_or_default(),
                conclusion: r.conclusion.unwrap_or_default(),
                created_ms,
                started_ms: r.run_started_at.as_deref().map(at).transpose()?.unwrap_or(created_ms),
                updated_ms: at(&r.updated_at)?,
                url: r.html_url,
                sha: r.head_sha,
            })
        })
        .collect()
}

/// `2026-10-31T12:34:56Z` or with an offset / fraction → Unix ms.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    let mut i = 19;
    let mut frac_ms = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &s[start..i];
        frac_ms = format!("{:0<3}", &digits[..digits.len().min(3)]).parse::<i64>().ok()?;
    }
    let offset_min = match s.get(i..)? {
        "Z" | "z" => 0,
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) => {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            sign * (tz[1..3].parse::<i64>().ok()? * 60 + tz[4..6].parse::<i64>().ok()?)
        }
        _ => return None,
    };
    let days = crate::core::time::days_from_civil(y, mo as u32, d as u32);
    Some(((days * 86_400 + h * 3600 + mi * 60 + se) - offset_min * 60) * 1000 + frac_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("2023-11-14T22:13:20Z"), Some(1_700_000_000_000));
        assert_eq!(parse_rfc3339("2023-11-14T23:13:20.5+01:00"), Some(1_700_000_000_500));
        assert_eq!(parse_rfc3339("2023-11-14"), None);
    }

    #[test]
    fn runs_with_durations() {
        let body = br#"{"total_count":1,"workflow_runs":[{"id":1,"name":"ci","head_branch":"main","event":"push","status":"completed","conclusion":"failure","created_at":"2023-11-14T22:13:20Z","run_started_at":"2023-11-14T22:14:20Z","updated_at":"2023-11-14T22:20:20Z","html_url":"h","repository":{"full_name":"acme/cart"}}]}"#;
        let r = parse(body).unwrap();
        assert_eq!((r[0].queue_ms(), r[0].duration_ms()), (60_000, 360_000));
        assert_eq!((r[0].repo.as_str(), r[0].conclusion.as_str()), ("acme/cart", "failure"));
        assert!(parse(br#"{"workflow_runs":[{"created_at":"x","updated_at":"y"}]}"#).unwrap_err().contains("workflow_runs[0]"));
    }
}
