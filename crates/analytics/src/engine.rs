//! The engine: per-school and per-unit counts in memory, built once from the store and moved on
//! every write, so that any unit's figures are a lookup, never a scan of records.

use std::collections::{HashMap, HashSet};
use std::sync::RwLock;

use domain::{InstitutionKind, Level};
use store::{GraduateData, GraduatePlan, Institution, Store, StoreError, Succession, Unit};

use crate::tally::Facets;

/// How many schools of a level a unit holds, and how many carry each flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SchoolCounts {
    pub total: u32,
    pub with_programme: u32,
    pub with_counsellor: u32,
}

struct SchoolEntry {
    /// Every unit the school counts in, in every era.
    units: Vec<i64>,
}

#[derive(Default)]
struct State {
    schools: HashMap<String, SchoolEntry>,
    per_school: HashMap<(String, i32, Level), Facets>,
    per_unit: HashMap<(i64, i32, Level), Facets>,
    schools_per_unit: HashMap<(i64, Level), SchoolCounts>,
    years: HashSet<i32>,
}

pub struct Engine {
    state: RwLock<State>,
}

/// The levels whose graduates a school has.
pub fn levels_of(kind: InstitutionKind) -> Vec<Level> {
    match kind {
        InstitutionKind::Thcs | InstitutionKind::ThThcs => vec![Level::Thcs],
        InstitutionKind::Thpt => vec![Level::Thpt],
        InstitutionKind::ThcsThpt | InstitutionKind::Dtnt | InstitutionKind::GdnnGdtx => {
            vec![Level::Thcs, Level::Thpt]
        }
        _ => Vec::new(),
    }
}

/// The same containment as `store::place_containment`, computed in memory for every school at
/// once: upwards and forwards through the carrying successions, and for a place formed from
/// older units, what all of those have in common (not each of them: a school of a merged
/// commune is not counted in every old commune it might have been in).
struct Tree {
    parent: HashMap<i64, i64>,
    successors: HashMap<i64, Vec<i64>>,
    /// Every succession into a unit, whatever its kind.
    predecessors: HashMap<i64, Vec<i64>>,
}

impl Tree {
    fn new(units: &[Unit], successions: &[Succession]) -> Tree {
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

    fn containing(&self, id: i64) -> Vec<i64> {
        let mut found = self.upwards(id);
        let mut common: Option<Vec<i64>> = None;
        for old in self.predecessors.get(&id).into_iter().flatten() {
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
                if !found.contains(container) && found.len() < 256 {
                    found.push(*container);
                    frontier.push(*container);
                }
            }
        }
        found
    }
}

impl Engine {
    /// An engine holding no counts, for work that needs none (a report of targets or a list of
    /// persons), so that it does not pay for reading every record.
    pub fn empty() -> Engine {
        Engine {
            state: RwLock::new(State::default()),
        }
    }

    /// Builds the engine from the store: one grouped query over the graduates, not a row each.
    pub async fn load(store: &dyn Store) -> Result<Engine, StoreError> {
        let engine = Engine::empty();
        engine.reload_schools(store).await?;
        let tallies = store.graduate_tallies().await?;
        let mut state = engine.write();
        for row in tallies {
            let by = row.count;
            state.add(&row.school_code, row.year, row.level, |f| {
                f.add(&row.ethnicity, row.gender, row.destination, by)
            });
        }
        drop(state);
        Ok(engine)
    }

    /// Re-reads the schools, their places and flags (after an import of schools or a reform).
    pub async fn reload_schools(&self, store: &dyn Store) -> Result<(), StoreError> {
        let units = store.all_units().await?;
        let successions = store.all_successions().await?;
        let institutions: Vec<Institution> = store.all_institutions().await?;
        let flags: HashMap<String, (bool, bool)> = store
            .school_flags()
            .await?
            .into_iter()
            .map(|f| (f.code, (f.has_guidance_programme, f.has_counsellor)))
            .collect();
        let tree = Tree::new(&units, &successions);
        let mut state = self.write();
        let old_schools = std::mem::take(&mut state.schools);
        state.schools_per_unit.clear();
        for institution in institutions {
            let levels = levels_of(institution.kind);
            if levels.is_empty() {
                continue;
            }
            let units = tree.containing(institution.commune_unit_id);
            let (programme, counsellor) = flags.get(&institution.code).copied().unwrap_or_default();
            for unit in &units {
                for level in &levels {
                    let counts = state.schools_per_unit.entry((*unit, *level)).or_default();
                    counts.total += 1;
                    counts.with_programme += u32::from(programme);
                    counts.with_counsellor += u32::from(counsellor);
                }
            }
            state
                .schools
                .insert(institution.code.clone(), SchoolEntry { units });
        }
        // Counts already held move with their schools if a school changed place.
        if !old_schools.is_empty() {
            let per_school: Vec<((String, i32, Level), Facets)> = state
                .per_school
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            state.per_unit.clear();
            for ((code, year, level), facets) in per_school {
                if let Some(entry) = state.schools.get(&code) {
                    for unit in entry.units.clone() {
                        state
                            .per_unit
                            .entry((unit, year, level))
                            .or_default()
                            .merge(&facets, 1);
                    }
                }
            }
        }
        Ok(())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Moves the counts by a write that has just been stored.
    pub fn apply(&self, plan: &GraduatePlan) {
        let mut state = self.write();
        for g in &plan.inserts {
            state.record(g, 1);
        }
        for update in &plan.updates {
            state.record(&update.previous, -1);
            state.record(&update.data, 1);
        }
    }

    /// A unit's counts for a year and level (any era's unit).
    pub fn unit(&self, unit_id: i64, year: i32, level: Level) -> Facets {
        self.read()
            .per_unit
            .get(&(unit_id, year, level))
            .copied()
            .unwrap_or_default()
    }

    pub fn school(&self, code: &str, year: i32, level: Level) -> Facets {
        self.read()
            .per_school
            .get(&(code.to_string(), year, level))
            .copied()
            .unwrap_or_default()
    }

    pub fn schools_in(&self, unit_id: i64, level: Level) -> SchoolCounts {
        self.read()
            .schools_per_unit
            .get(&(unit_id, level))
            .copied()
            .unwrap_or_default()
    }

    /// Every unit's counts for a year and level: the full-hierarchy roll-up.
    pub fn all_units(&self, year: i32, level: Level) -> Vec<(i64, Facets)> {
        self.read()
            .per_unit
            .iter()
            .filter(|((_, y, l), _)| *y == year && *l == level)
            .map(|((unit, _, _), facets)| (*unit, *facets))
            .collect()
    }

    /// The years for which some graduate is counted, newest first.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.read().years.iter().copied().collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years
    }
}

impl State {
    fn add(&mut self, school: &str, year: i32, level: Level, change: impl Fn(&mut Facets)) {
        self.years.insert(year);
        change(
            self.per_school
                .entry((school.to_string(), year, level))
                .or_default(),
        );
        if let Some(entry) = self.schools.get(school) {
            for unit in &entry.units {
                change(self.per_unit.entry((*unit, year, level)).or_default());
            }
        }
    }

    fn record(&mut self, g: &GraduateData, by: i64) {
        self.add(&g.school_code, g.year, g.level, |f| {
            f.add(&g.ethnicity, g.gender, g.destination, by)
        });
    }
}
