//! Where the workspace's SLO definitions come from: the config, the definition files it
//! names (OpenSLO, Sloth, Pyrra), those opened in this tab, and those discovered in the
//! recording rules Sloth or Pyrra generated.

use super::error::LoadError;
use super::job::Job;
use crate::core::config::SloConfig;
use crate::core::slo::discover;
use crate::core::slo::formats::{self, Imported};
use crate::sources::{Payload, Request};

/// One SLO definition, read or not, and where it came from.
pub struct Definition {
    pub name: String,
    pub result: Result<SloConfig, LoadError>,
    pub notes: Vec<String>,
    pub origin: String,
}

impl Definition {
    pub fn imported(i: Imported, origin: &str) -> Definition {
        let result = i.result.map_err(|message| LoadError::Import {
            file: origin.to_string(),
            message,
        });
        Definition {
            name: i.name,
            result,
            notes: i.notes,
            origin: origin.to_string(),
        }
    }
}

/// The definitions known without asking a metrics source: the config's, the files it names
/// and this tab's.
pub async fn known(job: &Job<'_>) -> Vec<Definition> {
    let cfg = job.cfg;
    let mut out: Vec<Definition> = cfg
        .slos
        .iter()
        .map(|c| Definition {
            name: c.name.clone(),
            result: Ok(c.clone()),
            notes: vec![],
            origin: "config file".into(),
        })
        .collect();
    for f in &cfg.slo_files {
        let read = match job.loader.fetch_text(&f.url).await {
            Ok(Some(text)) => {
                formats::import(&text, &f.source).map_err(|message| LoadError::Import {
                    file: f.url.clone(),
                    message,
                })
            }
            Ok(None) => Err(LoadError::FileNotFound {
                url: crate::sources::http::join(job.loader.base_url(), &f.url, ""),
            }),
            Err(e) => Err(e),
        };
        match read {
            Ok(list) => out.extend(list.into_iter().map(|i| Definition::imported(i, &f.url))),
            Err(e) => out.push(Definition {
                name: f.url.clone(),
                result: Err(e),
                notes: vec![],
                origin: f.url.clone(),
            }),
        }
    }
    out.extend(
        job.loader
            .tab_slos()
            .into_iter()
            .map(|i| Definition::imported(i, "opened in this tab")),
    );
    out
}

/// The Prometheus sources whose recording rules may hold SLOs Sloth or Pyrra defined.
pub fn rule_sources<'c>(job: &Job<'c>) -> Vec<&'c str> {
    job.cfg
        .sources
        .iter()
        .filter(|s| s.kind == "prometheus")
        .map(|s| s.name.as_str())
        .collect()
}

/// The SLOs Sloth or Pyrra defined, found in one source's recording rules (none when the
/// rules cannot be read: discovery is a bonus, not a failure).
pub async fn discovered(job: &Job<'_>, source: &str) -> Vec<Definition> {
    match job.request(source, &Request::Rules).await {
        Ok(Payload::Rules(groups)) => discover::discover(&groups, source)
            .into_iter()
            .map(|found| {
                Definition::imported(
                    found,
                    &format!("discovered in the recording rules of {source}"),
                )
            })
            .collect(),
        _ => vec![],
    }
}
