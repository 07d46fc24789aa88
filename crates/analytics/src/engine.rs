//! The figures as the product reads them: per-school and per-unit counts kept in the database
//! (`store::TallyStore`), moved in the transaction of every write. Nothing is loaded at start
//! and nothing is cached, so every process (a server, a second server, the CLI) reads what the
//! last commit left: a unit's figures are a handful of indexed rows, never a scan of records.

use std::sync::Arc;

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

#[derive(Clone)]
pub struct Engine {
    store: Arc<dyn Store>,
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
        Engine { store }
    }

    /// A unit's counts for a year and level (any era's unit).
    pub async fn unit(&self, unit_id: i64, year: i32, level: Level) -> Result<Facets, StoreError> {
        Ok(facets(self.store.unit_tally(unit_id, year, level).await?))
    }

    pub async fn school(&self, code: &str, year: i32, level: Level) -> Result<Facets, StoreError> {
        Ok(facets(self.store.school_tally(code, year, level).await?))
    }

    /// The schools of a level a unit contains, with their flags, as they are now.
    pub async fn schools_in(&self, unit_id: i64, level: Level) -> Result<SchoolCounts, StoreError> {
        let mut counts = SchoolCounts::default();
        for school in self.store.schools_contained(unit_id).await? {
            if levels_of(school.kind).contains(&level) {
                counts.total += 1;
                counts.with_programme += u32::from(school.has_guidance_programme);
                counts.with_counsellor += u32::from(school.has_counsellor);
            }
        }
        Ok(counts)
    }

    /// The years for which some graduate is counted, newest first.
    pub async fn years(&self) -> Result<Vec<i32>, StoreError> {
        self.store.tally_years().await
    }
}
