//! The SLO load: every definition of the workspace (config, definition files, this tab,
//! discovered in recording rules), each SLO's slices through its source (PromQL or raw
//! samples), and the summaries and data-quality flags computed from them. Failures stay with
//! the SLO they belong to.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::definitions::Definition;
use super::error::LoadError;
use super::job::Job;
use super::slo_groups::Batch;
use crate::core::model::{Labels, Notice, NoticeLevel, Sample, Series};
use crate::core::slo::exclusions::{self, Exclusion};
use crate::core::slo::formats::Imported;
use crate::core::slo::{
    grouped_slice_queries, latency_quantile_queries, quality, raw, summarize, SliceQueries, Slices,
    Slo, Summary, HISTORY_MS, SLICE_MS,
};
use crate::core::time::DAY_MS;
use crate::sources::{registry, Payload, Request};

#[derive(Clone, Debug, PartialEq)]
pub struct SloEntry {
    pub name: String,
    pub slo: Result<Slo, LoadError>,
    pub slices: Result<Slices, LoadError>,
    pub notices: Vec<Notice>,
    pub summary: Option<Summary>,
    /// Where the definition came from: the config file, a definitions file, this tab.
    pub origin: String,
    /// Data-quality flags (`core::slo::quality`).
    pub flags: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SloState {
    /// The workspace's "now", at an hour boundary.
    pub now_ms: i64,
    /// Shared with the load and the earlier states: publishing 500 SLOs' state copied every
    /// SLO's slices each time.
    pub entries: Vec<Arc<SloEntry>>,
    /// Definitions whose source has not answered yet (`super::slo_feed`).
    pub pending: Vec<super::slo_feed::PendingSlo>,
    /// Prometheus sources whose recording rules are still being searched for SLOs.
    pub discovering: Vec<String>,
    /// The definitions are known (false only before the load got that far).
    pub started: bool,
    /// Exclusion windows in force (the config's and the page's `exclude=`), already removed
    /// from every entry's slices and figures.
    pub exclusions: Vec<Exclusion>,
}

impl SloState {
    /// The exclusion windows that applied to this entry's SLO within its loaded slices.
    pub fn exclusions_for(&self, e: &SloEntry) -> Vec<&Exclusion> {
        applied(&self.exclusions, e)
    }

    /// Every definition has its answer.
    pub fn complete(&self) -> bool {
        self.started && self.pending.is_empty() && self.discovering.is_empty()
    }
}

/// The windows of `all` that applied to the entry's SLO within its loaded slices.
pub fn applied<'a>(all: &'a [Exclusion], e: &SloEntry) -> Vec<&'a Exclusion> {
    let (Ok(slo), Ok(s)) = (&e.slo, &e.slices) else {
        return vec![];
    };
    let Some(last) = s.last_end_ms() else {
        return vec![];
    };
    let first = s.first_end_ms - s.slice_ms;
    all.iter()
        .filter(|x| x.applies_to(slo) && x.overlaps(first, last))
        .collect()
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

type Groups = Vec<(Labels, Slices)>;

/// Splits series by the values of `by` (one group with no labels when `by` is empty).
fn by_group(series: Vec<Series>, by: &[String]) -> BTreeMap<Labels, Vec<Series>> {
    let mut out: BTreeMap<Labels, Vec<Series>> = BTreeMap::new();
    for s in series {
        let key: Labels = by
            .iter()
            .filter_map(|k| s.labels.get(k).map(|v| (k.clone(), v.clone())))
            .collect();
        out.entry(key).or_default().push(s);
    }
    out
}

/// The one series a `sum(...)` query returns (none means no events at all).
fn single(series: Vec<Series>) -> Vec<Sample> {
    series
        .into_iter()
        .next()
        .map(|s| s.samples)
        .unwrap_or_default()
}

fn to_slices(part: &[Sample], total: &[Sample], is_bad: bool, slice_ms: i64) -> Slices {
    if is_bad {
        Slices::from_series(Some(part), None, total, slice_ms)
    } else {
        Slices::from_series(None, Some(part), total, slice_ms)
    }
}

/// Whether the SLO's source evaluates PromQL (else its slices come from raw samples).
pub(super) fn raw_path(job: &Job<'_>, s: &Slo) -> bool {
    job.cfg
        .sources
        .iter()
        .find(|x| x.name == s.source)
        .and_then(|x| registry::get(&x.kind))
        .is_some_and(|a| !a.capabilities().promql)
}

/// Both queries of one SLO at once: (part, total) series with their notices (cut from
/// their groups' answers where `batch` fetches them together with other SLOs').
async fn both(
    job: &Job<'_>,
    batch: &Batch,
    s: &Slo,
    part: Request,
    total: Request,
) -> Result<(Vec<Series>, Vec<Series>, Vec<Notice>), LoadError> {
    let (a, b) = futures::future::join(
        batch.series(job, &s.source, &part),
        batch.series(job, &s.source, &total),
    )
    .await;
    let ((part, n1), (total, n2)) = (a?, b?);
    Ok((part, total, [n1, n2].concat()))
}

/// No series at all (none in the range, or none matching): one empty group, so the SLO is
/// listed with "no data" rather than missing.
fn no_series_no_data(groups: &mut Groups) {
    if groups.is_empty() {
        groups.push((Labels::new(), Slices::default()));
    }
}

/// The end of the SLO's last slice at `now_ms`.
pub(super) fn slice_end(s: &Slo, now_ms: i64) -> i64 {
    now_ms.div_euclid(s.slice_ms) * s.slice_ms
}

/// The SLO's PromQL and its two range requests (part: bad or good; total) ending at `end`.
pub(super) fn promql_requests(s: &Slo, end: i64) -> (SliceQueries, Request, Request) {
    let q = grouped_slice_queries(&s.sli, s.slice_ms, &s.group_by);
    let range = |query: String| Request::Range {
        query,
        start_ms: end - history_ms(s, end),
        end_ms: end,
        step_ms: s.slice_ms,
    };
    let part = range(q.bad.clone().or(q.good.clone()).unwrap_or_default());
    let total = range(q.total.clone());
    (q, part, total)
}

/// The slices of one SLO (one set per group when it has `group_by`): PromQL for query APIs
/// (fetched with other SLOs' where `batch` groups them), raw samples for exposition files.
pub async fn load_slices(
    job: &Job<'_>,
    batch: &Batch,
    s: &Slo,
    end: i64,
) -> Result<(Groups, Vec<Notice>), LoadError> {
    let start = end - history_ms(s, end);
    if raw_path(job, s) {
        let (sel_part, sel_total) =
            raw::selectors_for(&s.sli).map_err(|message| LoadError::RawSelector { message })?;
        let fetch_from = start - s.slice_ms - raw::LOOKBACK_MS;
        let req = |query: String| Request::Range {
            query,
            start_ms: fetch_from,
            end_ms: end,
            step_ms: s.slice_ms,
        };
        let (part, total, mut notices) = both(job, batch, s, req(sel_part), req(sel_total)).await?;
        // Copied out of the cache in one task; grouped and computed in the next.
        job.loader.runtime.pause().await;
        let (mut parts, totals) = (by_group(part, &s.group_by), by_group(total, &s.group_by));
        let (mut groups, mut spent): (Groups, Vec<Vec<Series>>) = (vec![], vec![]);
        for (key, t) in totals {
            let p = parts.remove(&key).unwrap_or_default();
            let (pc, tc, is_bad) = raw::compute(&s.sli, &p, &t, start, end, s.slice_ms);
            groups.push((key, to_slices(&pc, &tc, is_bad, s.slice_ms)));
            spent.extend([p, t]);
        }
        spent.extend(parts.into_values());
        super::release::in_pieces(job, spent).await;
        no_series_no_data(&mut groups);
        notices.push(Notice { level: NoticeLevel::Info, text: "Computed in the browser from raw samples, with Prometheus' increase() semantics (counter resets and edge extrapolation).".into() });
        return Ok((groups, notices));
    }
    let (q, part, total) = promql_requests(s, end);
    let (part, total, notices) = both(job, batch, s, part, total).await?;
    let (mut parts, totals) = (by_group(part, &s.group_by), by_group(total, &s.group_by));
    let mut groups: Groups = totals
        .into_iter()
        .map(|(key, t)| {
            let p = parts.remove(&key).map(single).unwrap_or_default();
            (key, to_slices(&p, &single(t), q.bad.is_some(), s.slice_ms))
        })
        .collect();
    no_series_no_data(&mut groups);
    Ok((groups, notices))
}

/// The editor's live preview: each definition summarised at "now" against its source.
pub async fn preview(
    job: &Job<'_>,
    list: Vec<Imported>,
) -> Vec<(String, Result<Summary, LoadError>)> {
    let now = job.now_ms().await;
    let mut rows = Vec::new();
    for imp in list {
        let def = Definition::imported(imp, "the editor");
        let result = match def
            .result
            .and_then(|c| Slo::from_config(&c).map_err(LoadError::from_field))
        {
            Err(e) => Err(e),
            Ok(slo) => {
                let end = slice_end(&slo, now);
                load_slices(job, &Batch::none(), &slo, end)
                    .await
                    .map(|(g, _)| {
                        summarize(
                            &slo,
                            &g.into_iter().next().map(|x| x.1).unwrap_or_default(),
                            end,
                        )
                    })
            }
        };
        rows.push((def.name, result));
    }
    rows
}

/// The source's storage retention from its probe (Prometheus runtimeinfo), if it says.
async fn retention_ms(job: &Job<'_>, source: &str) -> Option<i64> {
    match job.request(source, &Request::Probe).await {
        Ok(Payload::Probe(p)) => p
            .retention
            .and_then(|r| crate::core::time::parse_duration(&r).ok()),
        _ => None,
    }
}

/// A grouped definition becomes one SLO per label value: `name{k="v",…}`.
fn for_group(s: &Slo, key: &Labels) -> Slo {
    let mut slo = s.clone();
    if !key.is_empty() {
        let labels: Vec<String> = key.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        slo.name = format!("{}{{{}}}", s.name, labels.join(","));
        slo.labels.extend(key.clone());
    }
    slo
}

/// One group's slices without the exclusion windows that apply, its summary and flags. A
/// "gaps" flag only the exclusions caused is dropped (the SLO is labelled as excluded instead).
fn summarize_excluding(
    slo: &Slo,
    loaded: Slices,
    excluded: &[Exclusion],
    retention: Option<i64>,
    end: i64,
) -> (Slices, Summary, Vec<String>) {
    let (slices, hits) = exclusions::apply(excluded, slo, &loaded);
    let sum = summarize(slo, &slices, end);
    let mut flags = quality::flags(slo, &slices, &sum, retention, end);
    if !hits.is_empty() {
        let (from, to) = slo.window.bounds(end);
        let f = crate::core::slo::figures(&loaded, from, to, slo.objective);
        if f.slices_with_data == f.slices || f.slices_with_data == 0 {
            flags.retain(|f| *f != "gaps");
        }
    }
    (slices, sum, flags.into_iter().map(String::from).collect())
}

/// One definition's entries (one per group), loaded and summarised at `now_ms`, with the
/// `excluded` windows that apply to each removed from its slices.
pub(super) async fn entries(
    job: &Job<'_>,
    batch: &Batch,
    def: Definition,
    now_ms: i64,
    excluded: &[Exclusion],
) -> Vec<SloEntry> {
    let Definition {
        name,
        result,
        notes,
        origin,
    } = def;
    let notices: Vec<Notice> = notes
        .into_iter()
        .map(|text| Notice {
            level: NoticeLevel::Info,
            text,
        })
        .collect();
    let slo = result.and_then(|c| Slo::from_config(&c).map_err(LoadError::from_field));
    let s = match &slo {
        Ok(s) => s.clone(),
        Err(_) => {
            return vec![SloEntry {
                name: name.clone(),
                slo,
                slices: Err(LoadError::DefinitionInvalid),
                notices,
                summary: None,
                origin,
                flags: vec![],
            }]
        }
    };
    let end = slice_end(&s, now_ms);
    let (groups, n) = match load_slices(job, batch, &s, end).await {
        Ok(x) => x,
        Err(e) => {
            return vec![SloEntry {
                name: name.clone(),
                slo: slo.clone(),
                slices: Err(e),
                notices,
                summary: None,
                origin,
                flags: vec!["load_error".into()],
            }]
        }
    };
    let retention = retention_ms(job, &s.source).await;
    let notices = [notices, n].concat();
    groups
        .into_iter()
        .map(|(key, slices)| {
            let slo_g = for_group(&s, &key);
            let (slices, sum, flags) =
                summarize_excluding(&slo_g, slices, excluded, retention, end);
            SloEntry {
                name: slo_g.name.clone(),
                slo: Ok(slo_g),
                slices: Ok(slices),
                notices: notices.clone(),
                summary: Some(sum),
                origin: origin.clone(),
                flags,
            }
        })
        .collect()
}

/// p50/p90/p99 of a latency SLO's histogram over `[start, end]` at its slice.
pub async fn latency_percentiles(
    job: &Job<'_>,
    slo: &Slo,
    histogram: &str,
    start: i64,
    end: i64,
) -> Result<Vec<(String, Vec<Sample>)>, LoadError> {
    let mut out = Vec::new();
    for (label, q) in latency_quantile_queries(histogram, slo.slice_ms) {
        let (series, _) = job
            .series(
                &slo.source,
                &Request::Range {
                    query: q,
                    start_ms: start,
                    end_ms: end,
                    step_ms: slo.slice_ms,
                },
            )
            .await?;
        out.push((label.to_string(), single(series)));
    }
    Ok(out)
}
