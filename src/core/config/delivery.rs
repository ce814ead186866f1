//! The `delivery` section: which runs count as deployments, when an incident fails one, and
//! the DORA band limits (2019 State of DevOps by default).

use serde::{Deserialize, Serialize};

use crate::core::time::parse_duration;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryConfig {
    #[serde(default = "default_deploy_workflows")]
    pub deploy_workflows: Vec<String>,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// An incident of the service starting this soon after a deployment fails it.
    #[serde(default = "default_failure_window")]
    pub failure_window: String,
    /// Band limits: elite, high, medium (2019 State of DevOps by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<BandsConfig>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandsConfig {
    pub deploys_per_day: [f64; 3],
    pub lead_time: [String; 3],
    pub time_to_restore: [String; 3],
    pub change_failure_rate: f64,
}

fn default_deploy_workflows() -> Vec<String> {
    vec!["deploy".into()]
}
fn default_branch() -> String {
    "main".into()
}
fn default_failure_window() -> String {
    "24h".into()
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            deploy_workflows: default_deploy_workflows(),
            branch: default_branch(),
            failure_window: default_failure_window(),
            bands: None,
        }
    }
}

impl DeliveryConfig {
    pub fn settings(&self) -> crate::core::delivery::DoraSettings {
        crate::core::delivery::DoraSettings {
            deploy_workflows: self.deploy_workflows.clone(),
            branch: self.branch.clone(),
            failure_window_ms: parse_duration(&self.failure_window).unwrap_or(24 * 3_600_000),
        }
    }

    pub fn bands(&self) -> crate::core::delivery::Bands {
        let Some(b) = &self.bands else {
            return Default::default();
        };
        let d = |x: &[String; 3]| x.clone().map(|s| parse_duration(&s).unwrap_or(0) as f64);
        crate::core::delivery::Bands {
            deploys_per_day: b.deploys_per_day,
            lead_time_ms: d(&b.lead_time),
            restore_ms: d(&b.time_to_restore),
            change_failure_rate: b.change_failure_rate,
        }
    }
}
