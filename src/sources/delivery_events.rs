//! Deployments and incidents from any system, as CSV or JSON, for teams not on GitHub Actions
//! or Prometheus alerts. One row per event:
//! `type` (`deployment` or `incident`), `service`, optional `repo`, `environment`, `commit`,
//! `commit_time`, `started_at`, `finished_at`, `status` (`success`/`failure`), `severity`.
//! Times are RFC 3339 or Unix seconds/ms. JSON is an array of objects with the same keys.

use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::incidents::Incident;
use crate::core::inventory::CiRun;
use crate::core::model::{Notice, NoticeLevel};

pub struct DeliveryEvents;

static INFO: AdapterInfo = AdapterInfo {
    kind: "delivery",
    describe: "Deployments and incidents from any system (CSV or JSON rows)",
    capabilities: Capabilities {
        metrics: false,
        promql: false,
        inventory: false,
        runs: true,
        incidents: true,
    },
};

impl Adapter for DeliveryEvents {
    fn info(&self) -> &'static AdapterInfo {
        &INFO
    }
    fn load<'a>(
        &'a self,
        cx: &'a Context<'a>,
        req: &'a Request,
    ) -> LocalBoxFuture<'a, Result<Payload, SourceError>> {
        Box::pin(async move {
            // Runs and incidents come from one file: read and parsed once per load.
            let doc = super::memo::read_once(cx, INFO.kind, || async {
                let (url, resp) = super::fetch_ok(cx, "").await?;
                parse(&String::from_utf8_lossy(&resp.body))
                    .map_err(|detail| SourceError::Malformed { url, detail })
            })
            .await?;
            let (runs, incidents, problems) = (doc.0.clone(), doc.1.clone(), &doc.2);
            let notices = problems
                .iter()
                .map(|text| Notice {
                    level: NoticeLevel::Warning,
                    text: format!("skipped {text}"),
                })
                .collect();
            match req {
                Request::Probe => Ok(Payload::Probe(ProbeInfo {
                    summary: format!(
                        "read {} deployments and {} incidents",
                        runs.len(),
                        incidents.len()
                    ),
                    ..Default::default()
                })),
                Request::Runs => Ok(Payload::Runs { runs, notices }),
                Request::Incidents => Ok(Payload::Incidents(incidents)),
                other => Err(other.unsupported("delivery")),
            }
        })
    }
}

/// Rows as maps of column → text, from CSV (header row) or a JSON array of objects.
fn rows(text: &str) -> Result<Vec<std::collections::BTreeMap<String, String>>, String> {
    if text.trim_start().starts_with('[') {
        let v: Vec<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
        return Ok(v
            .into_iter()
            .map(|o| {
                o.into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            v.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| v.to_string()),
                        )
                    })
                    .collect()
            })
            .collect());
    }
    let table = crate::core::csv::parse(text);
    let (head, body) = table.split_first().ok_or("the file is empty")?;
    Ok(body
        .iter()
        .filter(|r| !crate::core::csv::is_blank(r))
        .map(|r| {
            head.iter()
                .map(|h| h.trim().to_string())
                .zip(r.iter().map(|x| x.trim().to_string()))
                .collect()
        })
        .collect())
}

/// Deployments, incidents, and the rows that could not be read (as messages).
pub type Parsed = (Vec<CiRun>, Vec<Incident>, Vec<String>);

/// Deployments, incidents, and the rows that could not be read (row number and reason: the
/// good rows are kept). Only a text that is neither CSV nor a JSON array fails as a whole.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let (mut runs, mut incidents, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    let rows = rows(text)?;
    let total = rows.len();
    for (i, r) in rows.into_iter().enumerate() {
        match event(i, &r) {
            Ok(Event::Deployment(run)) => runs.push(run),
            Ok(Event::Incident(inc)) => incidents.push(inc),
            Err(why) => problems.push(why),
        }
    }
    if total > 0 && problems.len() == total {
        return Err(format!("no row could be read; {}", problems.join("; ")));
    }
    Ok((runs, incidents, problems))
}

enum Event {
    Deployment(CiRun),
    Incident(Incident),
}

/// One row (`i` from 0) as an event, or why it is not one.
fn event(i: usize, r: &std::collections::BTreeMap<String, String>) -> Result<Event, String> {
    let at = |k: &str| format!("row {}: {k}", i + 1);
    let get = |k: &str| r.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let service = get("service")
        .ok_or_else(|| format!("{} is missing", at("service")))?
        .to_string();
    let t = |k: &str| {
        get(k)
            .map(|v| {
                crate::core::time::parse_time(v)
                    .ok_or_else(|| format!("{} \"{v}\" is not a time", at(k)))
            })
            .transpose()
    };
    match get("type") {
        Some("deployment") => {
            let finished =
                t("finished_at")?.ok_or_else(|| format!("{} is missing", at("finished_at")))?;
            let started = t("started_at")?.unwrap_or(finished);
            Ok(Event::Deployment(CiRun {
                repo: get("repo").unwrap_or(&service).to_string(),
                workflow: "deployment".into(),
                branch: get("environment").unwrap_or("production").to_string(),
                event: "deployment".into(),
                status: "completed".into(),
                conclusion: get("status").unwrap_or("success").to_string(),
                created_ms: started,
                started_ms: started,
                updated_ms: finished,
                url: String::new(),
                sha: get("commit").unwrap_or("").to_string(),
                deployment: true,
                commit_ms: t("commit_time")?,
            }))
        }
        Some("incident") => {
            let start =
                t("started_at")?.ok_or_else(|| format!("{} is missing", at("started_at")))?;
            let end = t("finished_at")?.or(t("resolved_at")?).ok_or_else(|| {
                format!(
                    "{} is missing (finished_at or resolved_at)",
                    at("resolved_at")
                )
            })?;
            Ok(Event::Incident(Incident {
                alert: get("title").unwrap_or("incident").to_string(),
                service,
                severity: get("severity").unwrap_or("").to_string(),
                start_ms: start,
                end_ms: end,
            }))
        }
        other => Err(format!(
            "{}: \"{}\" is not deployment or incident",
            at("type"),
            other.unwrap_or("")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::delivery::{dora, DoraSettings};
    use crate::core::time::{DAY_MS, HOUR_MS};

    #[test]
    fn csv_rows_feed_dora() {
        let csv = "type,service,commit,commit_time,started_at,finished_at,status,severity\n\
                   deployment,cart,a1,0,7200,10800,success,\n\
                   deployment,cart,b2,36000,43200,46800,success,\n\
                   deployment,cart,c3,50000,50000,54000,failure,\n\
                   incident,cart,,,50400,61200,,page\n";
        let (runs, incidents, skipped) = parse(csv).unwrap();
        assert!(skipped.is_empty());
        assert_eq!((runs.len(), incidents.len()), (3, 1));
        let settings = DoraSettings {
            failure_window_ms: 2 * HOUR_MS,
            ..Default::default()
        };
        let d = dora(&runs, &incidents, &["cart"], 0, 7 * DAY_MS, &settings);
        assert_eq!(d.deployments, 2, "the failed one is not a deployment");
        // Lead times 3h (0 → 10800 s) and 3h (36000 → 46800 s).
        assert_eq!(d.lead_time_ms, Some(3.0 * HOUR_MS as f64));
        // The incident started 1h after the second deployment (11h after the first, outside
        // the 2h window): 1 of 2 failed.
        assert_eq!(d.change_failure_rate, Some(0.5));
        assert_eq!(d.time_to_restore_ms, Some(3.0 * HOUR_MS as f64));
        let json = r#"[{"type":"incident","service":"cart","started_at":"2026-01-01T00:00:00Z","resolved_at":"2026-01-01T01:30:00Z"}]"#;
        assert_eq!(parse(json).unwrap().1[0].duration_ms(), 90 * 60_000);
        assert_eq!(
            parse("type,service\nrelease,cart\n").unwrap_err(),
            "no row could be read; row 1: type: \"release\" is not deployment or incident"
        );
        assert!(
            parse("type,service,finished_at\ndeployment,cart,yesterday\n")
                .unwrap_err()
                .contains("\"yesterday\" is not a time")
        );
    }

    #[test]
    fn bad_rows_are_skipped_with_their_reason_and_the_rest_kept() {
        // Excel's BOM, then a NaN, an infinite and a far-future time among good rows.
        let csv = "\u{feff}type,service,finished_at\ndeployment,cart,1700000000\ndeployment,cart,NaN\ndeployment,cart,inf\ndeployment,cart,1e300\ndeployment,web,2023-11-14T22:13:20Z\n";
        let (runs, _, skipped) = parse(csv).unwrap();
        assert_eq!(
            runs.iter().map(|r| r.updated_ms).collect::<Vec<_>>(),
            [1_700_000_000_000, 1_700_000_000_000]
        );
        assert_eq!(
            skipped,
            [
                "row 2: finished_at \"NaN\" is not a time",
                "row 3: finished_at \"inf\" is not a time",
                "row 4: finished_at \"1e300\" is not a time"
            ]
        );
    }
}
