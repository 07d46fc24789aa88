//! The figures as the product reads them: per-school and per-unit counts kept in the database
//! (`store::TallyStore`), moved in the transaction of every write. Nothing is loaded at start,
//! so every process (a server, a second server, the CLI) reads what the last commit left: a
//! unit's figures are a handful of indexed rows, never a scan of records. The snapshots of the
//! pages asked most are kept in memory with the figures' version they were read at, and used
//! only while the database's version is still that one (one small read per request).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use domain::{InstitutionKind, Level};
use store::{Store, StoreError, TallyCell};

use crate::tally::Facets;

/// How many schools of a level a unit holds, and how many carry each flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SchoolCounts {
    pub total: u32,
    pub with_programme: u32,
    pub with_counsellor: u32,
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

/// Snapshots kept at most; past it the cache starts again (a province's pages are a few dozen).
const SNAPSHOTS_KEPT: usize = 512;

type SnapshotKey = (Vec<i64>, i32);
/// (units, year) → the figures' version a snapshot was read at, and the snapshot.
type KeptSnapshots = HashMap<SnapshotKey, (i64, Arc<Snapshot>)>;

#[derive(Clone)]
pub struct Engine {
    store: Arc<dyn Store>,
    kept: Arc<Mutex<KeptSnapshots>>,
}

fn facets(cells: Vec<TallyCell>) -> Facets {
    let mut facets = Facets::default();
    for c in cells {
        facets.add_cell(c.minority, c.gender, c.destination, c.count);
    }
    facets
}

impl Engine {
    pub fn new(store: Arc<dyn Store>) -> Engine {
        Engine {
            store,
            kept: Arc::default(),
        }
    }

    /// A unit's counts for a year and level (any era's unit).
    pub async fn unit(&self, unit_id: i64, year: i32, level: Level) -> Result<Facets, StoreError> {
        Ok(self
            .snapshot(&[unit_id], year)
            .await?
            .unit(unit_id)
            .graduates(level))
    }

    pub async fn school(&self, code: &str, year: i32, level: Level) -> Result<Facets, StoreError> {
        Ok(facets(self.store.school_tally(code, year, level).await?))
    }

    /// Everything the indicators of several units need for a year, in two reads: the counts of
    /// both levels and the schools each unit contains (a page shows a unit and its subordinate
    /// units; asking unit by unit would be a read per unit, level and indicator).
    pub async fn snapshot(&self, unit_ids: &[i64], year: i32) -> Result<Arc<Snapshot>, StoreError> {
        // Read before the figures: a write landing in between makes the kept snapshot newer
        // than its version says, never older, so it is only ever read again too early, not stale.
        let version = self.store.figures_version().await?;
        let key = (unit_ids.to_vec(), year);
        if let Some((kept_at, snapshot)) = self.kept().get(&key)
            && *kept_at == version
        {
            return Ok(snapshot.clone());
        }
        let snapshot = Arc::new(self.read_snapshot(unit_ids, year).await?);
        let mut kept = self.kept();
        if kept.len() >= SNAPSHOTS_KEPT {
            kept.clear();
        }
        kept.insert(key, (version, snapshot.clone()));
        Ok(snapshot)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, KeptSnapshots> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn read_snapshot(&self, unit_ids: &[i64], year: i32) -> Result<Snapshot, StoreError> {
        let mut units: HashMap<i64, UnitFigures> = HashMap::new();
        for (unit, level, c) in self.store.units_tally(unit_ids, year).await? {
            units.entry(unit).or_default().graduates[level_index(level)].add_cell(
                c.minority,
                c.gender,
                c.destination,
                c.count,
            );
        }
        for (unit, school) in self.store.schools_contained_in(unit_ids).await? {
            let figures = units.entry(unit).or_default();
            for level in levels_of(school.kind) {
                let counts = &mut figures.schools[level_index(level)];
                counts.total += 1;
                counts.with_programme += u32::from(school.has_guidance_programme);
                counts.with_counsellor += u32::from(school.has_counsellor);
            }
        }
        Ok(Snapshot { units })
    }

    /// The years for which some graduate is counted, newest first.
    pub async fn years(&self) -> Result<Vec<i32>, StoreError> {
        self.store.tally_years().await
    }
}

fn level_index(level: Level) -> usize {
    match level {
        Level::Thcs => 0,
        Level::Thpt => 1,
    }
}

/// One unit's figures of a year, as read by [`Engine::snapshot`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitFigures {
    graduates: [Facets; 2],
    schools: [SchoolCounts; 2],
}

impl UnitFigures {
    pub fn graduates(&self, level: Level) -> Facets {
        self.graduates[level_index(level)]
    }

    /// The schools of a level the unit contains, with their flags, as they are now.
    pub fn schools(&self, level: Level) -> SchoolCounts {
        self.schools[level_index(level)]
    }
}

/// The figures of the units of one read; a unit not asked for, or without any, reads as zero.
#[derive(Debug, Default)]
pub struct Snapshot {
    units: HashMap<i64, UnitFigures>,
}

impl Snapshot {
    pub fn unit(&self, unit_id: i64) -> UnitFigures {
        self.units.get(&unit_id).copied().unwrap_or_default()
    }
}
