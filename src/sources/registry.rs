//! The registered source kinds. One line per adapter.

use super::Adapter;

static ADAPTERS: &[&(dyn Adapter + Sync)] = &[
    &super::prometheus::Prometheus,
    &super::snapshot::Snapshot,
    &super::exposition::Exposition,
    &super::kubernetes::Kubernetes,
    &super::backstage::Backstage,
    &super::github::GithubActions,
];

pub fn all() -> &'static [&'static (dyn Adapter + Sync)] {
    ADAPTERS
}

pub fn get(kind: &str) -> Option<&'static (dyn Adapter + Sync)> {
    ADAPTERS.iter().copied().find(|a| a.kind() == kind)
}

pub fn kinds() -> Vec<&'static str> {
    ADAPTERS.iter().map(|a| a.kind()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn kinds_are_unique() {
        let mut k = super::kinds();
        let n = k.len();
        k.sort();
        k.dedup();
        assert_eq!(k.len(), n);
    }
}
