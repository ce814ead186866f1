//! The SLO load as it happens. Every definition gets a slot the moment it is known; its
//! entries fill the slot as soon as its own source answers. One hanging source therefore
//! holds back only its own SLOs (listed as pending, with the source they wait for) and the
//! recording rules it was asked for; everything else is shown while it waits.
//!
//! The caller owns the [`SloLoad`] and is told after every change; it decides how often to
//! turn it into an [`SloState`] (the app: at most every few frames).

use std::cell::RefCell;
use std::sync::Arc;

use futures::future::{join, join_all};

use super::definitions::{self, Definition};
use super::job::Job;
use super::slo_groups::Batch;
use super::slos::{entries, SloEntry, SloState};
use crate::core::slo::exclusions::Exclusion;
use crate::core::slo::SLICE_MS;

/// A definition whose source has not answered yet.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingSlo {
    pub name: String,
    /// The source it waits for (empty for a definition that names none).
    pub source: String,
    pub origin: String,
}

/// One definition's place in the load. `rank` orders slots as definitions were always
/// ordered: the config's, files and tab first (0, i), then each Prometheus' discovered ones
/// (1 + source index, i), whatever order the answers arrive in.
struct Slot {
    rank: (usize, usize),
    pending: PendingSlo,
    entries: Option<Vec<Arc<SloEntry>>>,
}

/// Everything loaded so far.
#[derive(Default)]
pub struct SloLoad {
    now_ms: i64,
    started: bool,
    slots: Vec<Slot>,
    /// Prometheus sources whose recording rules are still being read.
    discovering: Vec<String>,
    /// Exclusion windows beyond the config's (the page's `exclude=`).
    extra: Vec<Exclusion>,
    /// Every window in force: the config's, then `extra`.
    exclusions: Vec<Exclusion>,
}

impl SloLoad {
    /// A load that also removes these windows (besides the config's) from every SLO.
    pub fn excluding(extra: Vec<Exclusion>) -> SloLoad {
        SloLoad {
            extra,
            ..SloLoad::default()
        }
    }

    /// The state to show: the entries of every answered definition in definition order,
    /// the definitions still waiting, and the sources still being searched for SLOs.
    pub fn state(&self) -> SloState {
        let mut slots: Vec<&Slot> = self.slots.iter().collect();
        crate::core::order::sort_by_key(&mut slots, |s| s.rank);
        SloState {
            now_ms: self.now_ms.div_euclid(SLICE_MS) * SLICE_MS,
            entries: slots
                .iter()
                .filter_map(|s| s.entries.as_ref())
                .flatten()
                .cloned()
                .collect(),
            pending: slots
                .iter()
                .filter(|s| s.entries.is_none())
                .map(|s| s.pending.clone())
                .collect(),
            discovering: self.discovering.clone(),
            started: self.started,
            exclusions: self.exclusions.clone(),
        }
    }

    /// How many definitions have their answer.
    pub fn answered(&self) -> usize {
        self.slots.iter().filter(|s| s.entries.is_some()).count()
    }

    fn add(&mut self, rank: (usize, usize), d: &Definition) {
        let source = d
            .result
            .as_ref()
            .map(|c| c.source.clone())
            .unwrap_or_default();
        self.slots.push(Slot {
            rank,
            pending: PendingSlo {
                name: d.name.clone(),
                source,
                origin: d.origin.clone(),
            },
            entries: None,
        });
    }

    /// A discovered definition is kept unless a definition ranked before it has its name;
    /// one ranked after it with the same name gives way (whichever answered first).
    fn admit(&mut self, rank: (usize, usize), d: &Definition) -> bool {
        if self
            .slots
            .iter()
            .any(|s| s.rank < rank && s.pending.name == d.name)
        {
            return false;
        }
        self.slots
            .retain(|s| !(s.rank > rank && s.pending.name == d.name));
        self.add(rank, d);
        true
    }

    fn fill(&mut self, rank: (usize, usize), entries: Vec<SloEntry>) {
        if let Some(slot) = self.slots.iter_mut().find(|s| s.rank == rank) {
            slot.entries = Some(entries.into_iter().map(Arc::new).collect());
        }
    }
}

/// Loads every SLO of the workspace into `out`, calling `changed` after each step: the
/// definitions known, each definition answered, each source's recording rules read.
pub async fn load_into(job: &Job<'_>, out: &RefCell<SloLoad>, changed: &dyn Fn()) {
    let now_ms = job.now_ms().await;
    let known = definitions::known(job).await;
    let rule_sources = definitions::rule_sources(job);
    let excluded = {
        let mut o = out.borrow_mut();
        o.exclusions = [job.cfg.exclusion_windows(), o.extra.clone()].concat();
        o.exclusions.clone()
    };
    let excluded = &excluded;
    {
        let mut o = out.borrow_mut();
        o.now_ms = now_ms;
        o.started = true;
        o.discovering = rule_sources.iter().map(|s| s.to_string()).collect();
        for (i, d) in known.iter().enumerate() {
            o.add((0, i), d);
        }
    }
    changed();
    // The definitions are listed (waiting); grouping 500 SLOs' queries and starting each
    // one's load are tasks of their own, not one long task with the start-up.
    job.loader.runtime.pause().await;
    let feed = Feed {
        job,
        out,
        changed,
        now_ms,
        excluded,
    };
    let feed = &feed;
    // The definitions known now are fetched together (SLOs on one metric share a query); so
    // are those each source's recording rules define.
    let batch = Batch::of(job, &known, now_ms).await;
    let configured = join_all(
        known
            .into_iter()
            .enumerate()
            .map(|(i, d)| feed.one(&batch, (0, i), d)),
    );
    let discovered = join_all(
        rule_sources
            .into_iter()
            .enumerate()
            .map(|(si, src)| async move {
                let found = definitions::discovered(job, src).await;
                let admitted: Vec<((usize, usize), Definition)> = {
                    let mut o = out.borrow_mut();
                    o.discovering.retain(|s| s != src);
                    found
                        .into_iter()
                        .enumerate()
                        .map(|(i, d)| ((si + 1, i), d))
                        .filter(|(rank, d)| o.admit(*rank, d))
                        .collect()
                };
                changed();
                let defs: Vec<&Definition> = admitted.iter().map(|(_, d)| d).collect();
                let batch = Batch::of(job, defs, now_ms).await;
                join_all(
                    admitted
                        .into_iter()
                        .map(|(rank, d)| feed.one(&batch, rank, d)),
                )
                .await;
            }),
    );
    join(configured, discovered).await;
}

/// What every definition's load fills.
struct Feed<'a, 'j> {
    job: &'a Job<'j>,
    out: &'a RefCell<SloLoad>,
    changed: &'a dyn Fn(),
    now_ms: i64,
    excluded: &'a [Exclusion],
}

impl Feed<'_, '_> {
    /// Loads one definition's entries into its slot, starting in a task of its own.
    async fn one(&self, batch: &Batch, rank: (usize, usize), d: Definition) {
        self.job.loader.runtime.pause().await;
        let e = entries(self.job, batch, d, self.now_ms, self.excluded).await;
        self.out.borrow_mut().fill(rank, e);
        (self.changed)();
    }
}

/// Every SLO of the workspace, loaded and summarised (the whole load, for tests and tools).
pub async fn load_slos(job: &Job<'_>) -> SloState {
    let out = RefCell::new(SloLoad::default());
    load_into(job, &out, &|| {}).await;
    out.into_inner().state()
}

/// What a partial load still waits for, in words: "12 of 14 SLOs loaded; waiting for
/// prom-b (2 SLOs); reading the recording rules of prom-b". `None` once complete.
pub fn waiting_text(state: &SloState) -> Option<String> {
    if state.complete() {
        return None;
    }
    if !state.started {
        return Some("Reading the SLO definitions…".into());
    }
    let mut per: Vec<(&str, usize)> = Vec::new();
    for p in &state.pending {
        match per.iter_mut().find(|(s, _)| *s == p.source) {
            Some((_, n)) => *n += 1,
            None => per.push((&p.source, 1)),
        }
    }
    let loaded = state.entries.len();
    let mut parts = vec![format!(
        "{loaded} of {} SLOs loaded",
        loaded + state.pending.len()
    )];
    if !per.is_empty() {
        let list: Vec<String> = per
            .iter()
            .map(|(s, n)| format!("{s} ({n} SLO{})", if *n == 1 { "" } else { "s" }))
            .collect();
        parts.push(format!("waiting for {}", list.join(", ")));
    }
    if !state.discovering.is_empty() {
        parts.push(format!(
            "reading the recording rules of {}",
            state.discovering.join(", ")
        ));
    }
    Some(parts.join("; "))
}
