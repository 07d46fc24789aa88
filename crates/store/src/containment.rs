//! Which units contain a place, in every era: upwards through the parents and forwards through
//! the successions that carry figures; for a place formed from older units, what all of those
//! have in common (a school of a merged commune is not counted in every old commune it might
//! have been in). The same rule as [`crate::place_containment`], computed in memory for every
//! school at once, so that the `school_containment` table can be rebuilt in one transaction.

use std::collections::HashMap;

use crate::{Succession, Unit};

pub(crate) struct Tree {
    parent: HashMap<i64, i64>,
    successors: HashMap<i64, Vec<i64>>,
    /// Every succession into a unit, whatever its kind.
    predecessors: HashMap<i64, Vec<i64>>,
}

/// A bound on a walk, against a cycle in damaged data.
const MAX_CONTAINING: usize = 256;

impl Tree {
    pub(crate) fn new(units: &[Unit], successions: &[Succession]) -> Tree {
        let mut tree = Tree {
            parent: units
                .iter()
                .filter_map(|u| u.parent_id.map(|p| (u.id, p)))
                .collect(),
            successors: HashMap::new(),
            predecessors: HashMap::new(),
        };
        for s in successions {
            if s.kind.carries_figures() {
                tree.successors
                    .entry(s.old_unit_id)
                    .or_default()
                    .push(s.new_unit_id);
            }
            tree.predecessors
                .entry(s.new_unit_id)
                .or_default()
                .push(s.old_unit_id);
        }
        tree
    }

    /// Every unit containing `place`, sorted.
    pub(crate) fn containing(&self, place: i64) -> Vec<i64> {
        let mut found = self.upwards(place);
        let mut common: Option<Vec<i64>> = None;
        for old in self.predecessors.get(&place).into_iter().flatten() {
            let theirs = self.upwards(*old);
            common = Some(match common {
                None => theirs,
                Some(so_far) => so_far.into_iter().filter(|u| theirs.contains(u)).collect(),
            });
        }
        for unit in common.unwrap_or_default() {
            if !found.contains(&unit) {
                found.push(unit);
            }
        }
        found.sort_unstable();
        found
    }

    /// As `Store::containing_units`: the unit, its parents, and forwards in time.
    fn upwards(&self, id: i64) -> Vec<i64> {
        let mut found = vec![id];
        let mut frontier = found.clone();
        while let Some(current) = frontier.pop() {
            let next = self
                .parent
                .get(&current)
                .into_iter()
                .chain(self.successors.get(&current).into_iter().flatten());
            for container in next {
                if !found.contains(container) && found.len() < MAX_CONTAINING {
                    found.push(*container);
                    frontier.push(*container);
                }
            }
        }
        found
    }
}
