//! The services a filter shows, as positions in the loaded inventory: the page's memo of them
//! used to clone every matching row (60,000 from a 30 MB file), compare the whole list with
//! the previous one and drop it, on each load and each keystroke — 40% of a 523 ms task.
//! Only the rows in view, and an export, are copied.

use std::sync::Arc;

use crate::core::inventory::ServiceRow;
use crate::workspace::Inventory;

/// Rows of one inventory, by position, in its order.
#[derive(Clone, Default)]
pub struct Shown {
    inventory: Option<Arc<Inventory>>,
    at: Vec<u32>,
}

impl PartialEq for Shown {
    /// The same positions of the same load (not equal rows of another load: a reload redraws).
    fn eq(&self, other: &Shown) -> bool {
        let same = match (&self.inventory, &other.inventory) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same && self.at == other.at
    }
}

impl Shown {
    /// The rows of `inventory` for which `keep` holds.
    pub fn of(inventory: Arc<Inventory>, keep: impl Fn(&ServiceRow) -> bool) -> Shown {
        let at = (inventory.services.iter().enumerate())
            .filter(|(_, r)| keep(r))
            .filter_map(|(i, _)| u32::try_from(i).ok())
            .collect();
        Shown {
            inventory: Some(inventory),
            at,
        }
    }

    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &ServiceRow> {
        self.rows(&self.at)
    }

    /// Copies of the rows `start..end` (those in view).
    pub fn slice(&self, start: usize, end: usize) -> Vec<ServiceRow> {
        let end = end.min(self.len());
        let at = self.at.get(start.min(end)..end).unwrap_or_default();
        self.rows(at).cloned().collect()
    }

    fn rows<'a>(&'a self, at: &'a [u32]) -> impl Iterator<Item = &'a ServiceRow> {
        let services = self.inventory.as_deref().map_or(&[][..], |i| &i.services);
        at.iter().filter_map(|&i| services.get(i as usize))
    }

    /// Copies of every row (exports).
    pub fn to_vec(&self) -> Vec<ServiceRow> {
        self.iter().cloned().collect()
    }
}
