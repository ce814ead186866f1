//! What needs attention first: the SLOs whose alert tiers fire, paging before ticketing, then
//! the fastest burn, then the least budget — the order an on-call engineer triages in. SLOs
//! that fire nothing and are within budget and not at risk are left out.

use super::slos::{SloEntry, SloState};
use crate::core::slo::{alert_tiers, Status};

#[derive(Clone, Debug, PartialEq)]
pub struct Attention {
    pub slo: String,
    /// Firing tiers as `page 1h/5m`, paging first.
    pub firing: Vec<String>,
    pub pages: usize,
    /// Burn over the shortest window (1h), as a multiple of the sustainable rate.
    pub burn: f64,
    pub budget_remaining: f64,
    pub status: Status,
}

impl Attention {
    /// What to call it: paging beats every status.
    pub fn label(&self) -> &'static str {
        match self.status {
            Status::Paging => "paging",
            Status::Breached => "breached",
            _ if !self.firing.is_empty() => "ticket",
            _ => "at risk",
        }
    }
}

fn window_label(ms: i64) -> String {
    crate::core::time::format_duration(ms)
}

/// The alert tiers one row of the SLO list crosses: for each burn window (1h, 6h, 1d, 3d)
/// the tier its burn crosses (`page`, `ticket`, with the tier's factor). Whether a tier fires
/// (both its windows over the factor) is the row's status.
pub fn tier_marks(e: &SloEntry, now_ms: i64) -> [Option<(&'static str, f64)>; 4] {
    let mut crossed = [None; 4];
    let (Ok(slo), Ok(slices)) = (&e.slo, &e.slices) else {
        return crossed;
    };
    let tiers = alert_tiers(slo, slices, now_ms);
    if let Some(sum) = &e.summary {
        for ((slot, tier), burn) in crossed.iter_mut().zip(&tiers).zip(sum.burns) {
            if burn >= tier.factor {
                *slot = Some((tier.severity, tier.factor));
            }
        }
    }
    crossed
}

/// The SLOs that need attention, most urgent first.
pub fn needs_attention(state: &SloState) -> Vec<Attention> {
    let mut out: Vec<Attention> = state
        .entries
        .iter()
        .filter_map(|e| {
            let (slo, slices, sum) = (
                e.slo.as_ref().ok()?,
                e.slices.as_ref().ok()?,
                e.summary.as_ref()?,
            );
            let tiers = alert_tiers(slo, slices, state.now_ms);
            let firing: Vec<_> = tiers.iter().filter(|t| t.firing).collect();
            let urgent =
                !firing.is_empty() || matches!(sum.status, Status::Breached | Status::AtRisk);
            urgent.then(|| Attention {
                slo: e.name.clone(),
                pages: firing.iter().filter(|t| t.severity == "page").count(),
                firing: firing
                    .iter()
                    .map(|t| {
                        format!(
                            "{} {}/{}",
                            t.severity,
                            window_label(t.long_ms),
                            window_label(t.short_ms)
                        )
                    })
                    .collect(),
                burn: sum.burns.first().copied().unwrap_or(f64::NAN),
                budget_remaining: sum.window.budget_remaining,
                status: sum.status,
            })
        })
        .collect();
    let key = |a: &Attention| (a.pages, a.firing.len());
    // No data is the slowest burn, not the fastest.
    let burn = |a: &Attention| {
        if a.burn.is_nan() {
            f64::NEG_INFINITY
        } else {
            a.burn
        }
    };
    crate::core::order::sort_by(&mut out, |a, b| {
        key(b)
            .cmp(&key(a))
            .then(burn(b).total_cmp(&burn(a)))
            .then(a.budget_remaining.total_cmp(&b.budget_remaining))
            .then(a.slo.cmp(&b.slo))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::{SliConfig, SloConfig};
    use crate::core::slo::{summarize, Slices, Slo};
    use crate::workspace::SloEntry;

    const H: i64 = 3_600_000;
    const HOURS: usize = 30 * 24;

    fn entry(name: &str, bad: impl Fn(usize) -> f64) -> std::sync::Arc<SloEntry> {
        let c = SloConfig {
            name: name.into(),
            service: name.into(),
            team: None,
            description: None,
            objective: 99.9,
            window: "30d".into(),
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels: Default::default(),
            group_by: vec![],
            source: "p".into(),
            sli: SliConfig::Ratio {
                errors: "e".into(),
                total: "t".into(),
            },
        };
        let slo = Slo::from_config(&c).unwrap();
        let slices = Slices {
            first_end_ms: H,
            slice_ms: H,
            bad: (0..HOURS).map(bad).collect(),
            total: vec![10_000.0; HOURS],
        };
        let now = HOURS as i64 * H;
        let summary = Some(summarize(&slo, &slices, now));
        std::sync::Arc::new(SloEntry {
            name: name.into(),
            slo: Ok(slo),
            slices: Ok(slices),
            notices: vec![],
            summary,
            origin: String::new(),
            flags: vec![],
        })
    }

    #[test]
    fn paging_comes_before_a_breach_and_quiet_slos_are_left_out() {
        let state = SloState {
            now_ms: HOURS as i64 * H,
            entries: vec![
                // 0.2% errors all month: twice the budget spent, burning 2×.
                entry("slow-breach", |_| 20.0),
                entry("quiet", |_| 0.0),
                // Fine all month, then 10% errors in the last hour: 100× burn.
                entry("pager", |h| if h == HOURS - 1 { 1_000.0 } else { 0.0 }),
            ],
            ..Default::default()
        };
        let list = needs_attention(&state);
        let names: Vec<&str> = list.iter().map(|a| a.slo.as_str()).collect();
        assert_eq!(names, ["pager", "slow-breach"]);
        let pager = &list[0];
        assert_eq!((pager.label(), pager.pages), ("paging", 2));
        assert_eq!(pager.firing[0], "page 1h/5m");
        assert!((pager.burn - 100.0).abs() < 1e-9, "{}", pager.burn);
        // Burning 2× fires the 3-day ticket tier (factor 1 for a 30-day window), not a page.
        assert_eq!(
            (list[1].label(), list[1].firing.clone()),
            ("breached", vec!["ticket 3d/6h".to_string()])
        );
        assert!((list[1].budget_remaining - -1.0).abs() < 1e-9);
        // The list's burn cells: the pager crosses both page tiers (1h, 6h); the slow breach
        // only the 3-day ticket tier (2× against a factor of 1).
        let now = state.now_ms;
        let crossed = |i: usize| tier_marks(&state.entries[i], now).map(|c| c.map(|(s, _)| s));
        assert_eq!(
            crossed(2),
            [Some("page"), Some("page"), Some("ticket"), Some("ticket")]
        );
        assert_eq!(crossed(0), [None, None, None, Some("ticket")]);
        assert_eq!(crossed(1), [None; 4]);
        let status = |i: usize| state.entries[i].summary.as_ref().map(|s| s.status);
        assert_eq!(status(2), Some(Status::Paging));
        assert_eq!(status(0), Some(Status::Breached));
        // The SLO list puts what pages before a breach that does not.
        let mut rows = state.entries.clone();
        crate::workspace::slo_list::sort_worst_first(&mut rows);
        let order: Vec<&str> = rows.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(order, ["pager", "slow-breach", "quiet"]);
    }
}
