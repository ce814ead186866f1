//! SLO loading: every definition of the workspace (config, definition files, this tab,
//! discovered rules), each SLO's slices through its source (PromQL or raw samples), and the
//! summaries and data-quality flags computed from them. Failures stay with their SLO.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::join_all;

use super::data::{fetch_text, request, resolve_now, series_of};
use crate::core::config::Config;
use crate::core::model::{Labels, Notice, Sample, Series};
use crate::core::slo::formats::{self, Imported};
use crate::core::slo::{discover, grouped_slice_queries, quality, raw, summarize, Slices, Slo, Summary, HISTORY_MS, SLICE_MS};
use crate::core::time::DAY_MS;
use crate::sources::{registry, Payload, Request};

#[derive(Clone, Debug, PartialEq)]
pub struct SloEntry {
    pub name: String,
    pub slo: Result<Slo, String>,
    pub slices: Result<Slices, String>,
    pub notices: Vec<Notice>,
    pub summary: Option<Summary>,
    /// Where the definition came from: the config file, a definitions file, this tab.
    pub origin: String,
    /// Data-quality flags (`core::slo::quality`).
    pub flags: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct SloState {
    pub now_ms: i64,
    pub entries: Vec<SloEntry>,
}

pub type SloData = Arc<SloState>;

/// The one series a `sum(...)` query returns (none means no events at all).
fn single(series: Vec<Series>) -> Vec<crate::core::model::Sample> {
    series.into_iter().next().map(|s| s.samples).unwrap_or_default()
}

/// How far back an SLO's slices are loaded: 91 days at hourly or coarser slices; with finer
/// slices, the window plus a day (at least a week), to bound the number of points.
pub fn history_ms(slo: &Slo, now_ms: i64) -> i64 {
    if slo.slice_ms >= SLICE_MS {
        HISTORY_MS
    } else {
        (slo.window_ms(now_ms) + DAY_MS).max(7 * DAY_MS)
    }
}


thread_local! {
    /// SLO definitions opened or written in this tab (files dropped, the editor).
    static EXTRA_SLOS: RefCell<Vec<Imported>> = const { RefCell::new(Vec::new()) };
}

pub fn add_tab_slos(slos: Vec<Imported>) {
    EXTRA_SLOS.with(|e| {
        let mut e = e.borrow_mut();
        e.retain(|x| !slos.iter().any(|n| n.name == x.name));
        e.extend(slos);
    });
}

/// Every SLO definition of the workspace: the config's, the files it names, and this tab's.
async fn definitions(cfg: &Config) -> Vec<(Imported, String)> {
    let mut out: Vec<(Imported, String)> = cfg.slos.iter().map(|c| (Imported { name: c.name.clone(), result: Ok(c.clone()), notes: vec![] }, "config file".to_string())).collect();
    let base = crate::web::base_url();
    for f in &cfg.slo_files {
        let url = crate::sources::http::join(&base, &f.url, "");
        match fetch_text(&url).await.and_then(|t| t.ok_or_else(|| format!("HTTP 404: no file at {url}"))).and_then(|t| formats::import(&t, &f.source)) {
            Ok(list) => out.extend(list.into_iter().map(|i| (i, f.url.clone()))),
            Err(e) => out.push((Imported { name: f.url.clone(), result: Err(e), notes: vec![] }, f.url.clone())),
        }
    }
    EXTRA_SLOS.with(|e| out.extend(e.borrow().iter().cloned().map(|i| (i, "opened in this tab".to_string()))));
    // SLOs Sloth or Pyrra already defined, found in each Prometheus' recording rules.
    for src in cfg.sources.iter().filter(|s| s.kind == "prometheus") {
        if let Ok(Payload::Rules(groups)) = request(cfg, &src.name, &Request::Rules).await {
            for found in discover::discover(&groups, &src.name) {
                if !out.iter().any(|(i, _)| i.name == found.name) {
                    out.push((found, format!("discovered in the recording rules of {}", src.name)));
                }
            }
        }
    }
    out
}

type Groups = Vec<(Labels, Slices)>;

/// Splits series by the values of `by` (one group with no labels when `by` is empty).
fn by_group(series: Vec<Series>, by: &[String]) -> BTreeMap<Labels, Vec<Series>> {
    let mut out: BTreeMap<Labels, Vec<Series>> = BTreeMap::new();
    for s in series {
        let key: Labels = by.iter().filter_map(|k| s.labels.get(k).map(|v| (k.clone(), v.clone()))).collect();
        out.entry(key).or_default().push(s);
    }
    out
}

fn to_slices(part: &[Sample], total: &[Sample], is_bad: bool, slice_ms: i64) -> Slices {
    if is_bad {
        Slices::from_series(Some(part), None, total, slice_ms)
    } else {
        Slices::from_series(None, Some(part), total, slice_ms)
    }
}

/// Loads the slices of one SLO (one set per group when it has `group_by`): PromQL for query
/// APIs, raw samples for exposition files.
async fn load_slices(cfg: &Config, s: &Slo, end: i64) -> Result<(Groups, Vec<Notice>), String> {
    let start = end - history_ms(s, end);
    let raw_path = cfg.sources.iter().find(|x| x.name == s.source).and_then(|x| registry::get(&x.kind)).is_some_and(|a| !a.capabilities().promql);
    if raw_path {
        let (sel_part, sel_total) = raw::selectors_for(&s.sli)?;
        let fetch_from = start - s.slice_ms - raw::LOOKBACK_MS;
        let req = |q: String| Request::Range { query: q, start_ms: fetch_from, end_ms: end, step_ms: s.slice_ms };
        let (rp, rt) = (req(sel_part), req(sel_total));
        let (a, b) = futures::join!(request(cfg, &s.source, &rp), request(cfg, &s.source, &rt));
        let (part, n1) = series_of(a)?;
        let (total, n2) = series_of(b)?;
        let (mut parts, totals) = (by_group(part, &s.group_by), by_group(total, &s.group_by));
        let groups = totals
            .into_iter()
            .map(|(key, t)| {
                let p = parts.remove(&key).unwrap_or_default();
                let (p, t, is_bad) = raw::compute(&s.sli, &p, &t, start, end, s.slice_ms);
                (key, to_slices(&p, &t, is_bad, s.slice_ms))
            })
            .collect();
        let mut notices = [n1, n2].concat();
        notices.push(Notice { level: crate::core::model::NoticeLevel::Info, text: "Computed in the browser from raw samples, with Prometheus' increase() semantics (counter resets and edge extrapolation).".into() });
        return Ok((groups, notices));
    }
    let q = grouped_slice_queries(&s.sli, s.slice_ms, &s.group_by);
    let range = |query: String| Request::Range { query, start_ms: start, end_ms: end, step_ms: s.slice_ms };
    let part = q.bad.clone().or(q.good.clone()).unwrap_or_default();
    let (part_req, total_req) = (range(part), range(q.total.clone()));
    let (a, b) = futures::join!(request(cfg, &s.source, &part_req), request(cfg, &s.source, &total_req));
    let (part, n1) = series_of(a)?;
    let (total, n2) = series_of(b)?;
    let (mut parts, totals) = (by_group(part, &s.group_by), by_group(total, &s.group_by));
    let mut groups: Groups = totals.into_iter().map(|(key, t)| {
        let p = parts.remove(&key).map(single).unwrap_or_default();
        (key, to_slices(&p, &single(t), q.bad.is_some(), s.slice_ms))
    }).collect();
    if groups.is_empty() {
        // No series at all: one empty group, so the SLO shows "no data".
        groups.push((Labels::new(), Slices::default()));
    }
    Ok((groups, [n1, n2].concat()))
}

/// The slices of one SLO, for the editor's live preview.
pub async fn load_slices_for_editor(cfg: &Config, s: &Slo, end: i64) -> Result<Slices, String> {
    load_slices(cfg, s, end).await.map(|(g, _)| g.into_iter().next().map(|x| x.1).unwrap_or_default())
}

/// The source's storage retention from its probe (Prometheus runtimeinfo), if it says.
async fn retention_ms(cfg: &Config, source: &str) -> Option<i64> {
    match request(cfg, source, &Request::Probe).await {
        Ok(Payload::Probe(p)) => p.retention.and_then(|r| crate::core::time::parse_duration(&r).ok()),
        _ => None,
    }
}

pub async fn load_slos(cfg: &Config) -> SloData {
    let now_ms = resolve_now(cfg).await;
    let defs = definitions(cfg).await;
    let jobs = defs.into_iter().map(|(imp, origin)| async move {
        let notices: Vec<Notice> = imp.notes.iter().map(|n| Notice { level: crate::core::model::NoticeLevel::Info, text: n.clone() }).collect();
        let slo = imp.result.and_then(|c| Slo::from_config(&c).map_err(|(field, m)| format!("{field}: {m}")));
        let Ok(s) = &slo else {
            return vec![SloEntry { name: imp.name, slo: slo.clone(), slices: Err("invalid definition".into()), notices, summary: None, origin, flags: vec![] }];
        };
        let end = now_ms.div_euclid(s.slice_ms) * s.slice_ms;
        match load_slices(cfg, s, end).await {
            Ok((groups, n)) => {
                let retention = retention_ms(cfg, &s.source).await;
                let notices = [notices, n].concat();
                groups
                    .into_iter()
                    .map(|(key, slices)| {
                        // A grouped definition becomes one SLO per label value.
                        let mut slo_g = s.clone();
                        if !key.is_empty() {
                            slo_g.name = format!("{}{{{}}}", s.name, key.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect::<Vec<_>>().join(","));
                            slo_g.labels.extend(key.clone());
                        }
                        let sum = summarize(&slo_g, &slices, end);
                        let flags = quality::flags(&slo_g, &slices, &sum, retention, end).into_iter().map(String::from).collect();
                        SloEntry { name: slo_g.name.clone(), slo: Ok(slo_g), slices: Ok(slices), notices: notices.clone(), summary: Some(sum), origin: origin.clone(), flags }
                    })
                    .collect::<Vec<_>>()
            }
            Err(e) => vec![SloEntry { name: imp.name, slo: slo.clone(), slices: Err(e), notices, summary: None, origin, flags: vec!["load_error".into()] }],
        }
    });
    let now_ms = now_ms.div_euclid(SLICE_MS) * SLICE_MS;
    Arc::new(SloState { now_ms, entries: join_all(jobs).await.into_iter().flatten().collect() })
}
