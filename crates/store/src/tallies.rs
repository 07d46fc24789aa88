//! The figures kept in the database: graduates counted per (school or unit, year, level,
//! destination, gender, ethnic minority), moved in the transaction of every write of a record,
//! and which units contain each school. `TallyStore` reads them, recounts them from the records
//! (`rebuild_figures`) and compares them with a recount (`check_figures`).

use std::collections::BTreeMap;

use async_trait::async_trait;
use domain::{Destination, Gender, InstitutionKind, Level};

use crate::{GraduateData, GraduatePlan, Result};

/// What one count is of, within a school or a unit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    pub year: i32,
    pub level: String,
    pub destination: String,
    pub gender: String,
    pub minority: bool,
}

impl Cell {
    pub(crate) fn of(g: &GraduateData) -> Cell {
        Cell {
            year: g.year,
            level: g.level.code().to_string(),
            destination: g.destination.code().to_string(),
            gender: g.gender.code().to_string(),
            minority: domain::ethnicity::is_minority(&g.ethnicity),
        }
    }
}

/// One count of a school's or a unit's graduates of a year and level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TallyCell {
    pub destination: Destination,
    pub gender: Gender,
    pub minority: bool,
    pub count: i64,
}

/// A school a unit contains, with what the school-based indicators count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainedSchool {
    pub code: String,
    pub kind: InstitutionKind,
    pub has_guidance_programme: bool,
    pub has_counsellor: bool,
}

/// How the counts of schools move: +1 for a record written, -1 for the record it replaces.
/// Sorted, so that concurrent writers take the rows of the tallies in one order.
pub(crate) type SchoolDeltas = BTreeMap<(String, Cell), i64>;

pub(crate) fn deltas_of(plan: &GraduatePlan) -> SchoolDeltas {
    let mut deltas = SchoolDeltas::new();
    let mut add = |g: &GraduateData, by: i64| {
        *deltas
            .entry((g.school_code.clone(), Cell::of(g)))
            .or_default() += by;
    };
    for g in &plan.inserts {
        add(g, 1);
    }
    for update in &plan.updates {
        add(&update.previous, -1);
        add(&update.data, 1);
    }
    deltas.retain(|_, by| *by != 0);
    deltas
}

/// Where the kept figures differ from a recount of the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureDifference {
    /// A school counted in a unit it does not lie in, or missing from one it does.
    Containment {
        school_code: String,
        unit_id: i64,
        kept: bool,
    },
    School {
        school_code: String,
        cell: Cell,
        kept: i64,
        counted: i64,
    },
    Unit {
        unit_id: i64,
        cell: Cell,
        kept: i64,
        counted: i64,
    },
}

impl std::fmt::Display for FigureDifference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The labels people read in reports, the stored code where one is unknown.
        let cell = |c: &Cell| {
            let level = Level::parse(&c.level).map_or(c.level.as_str(), |l| l.label());
            let destination =
                Destination::parse(&c.destination).map_or(c.destination.as_str(), |d| d.label());
            let gender = Gender::parse(&c.gender).map_or(c.gender.as_str(), |g| g.label());
            format!(
                "năm {}, {level}, hướng đi “{destination}”, {}{}",
                c.year,
                gender.to_lowercase(),
                if c.minority {
                    ", dân tộc thiểu số"
                } else {
                    ""
                }
            )
        };
        match self {
            FigureDifference::Containment {
                school_code,
                unit_id,
                kept: true,
            } => write!(
                f,
                "trường {school_code} được tính trong đơn vị #{unit_id} nhưng không thuộc đơn vị đó"
            ),
            FigureDifference::Containment {
                school_code,
                unit_id,
                kept: false,
            } => write!(
                f,
                "trường {school_code} thuộc đơn vị #{unit_id} nhưng không được tính trong đó"
            ),
            FigureDifference::School {
                school_code,
                cell: c,
                kept,
                counted,
            } => write!(
                f,
                "trường {school_code}, {}: lưu {kept}, đếm lại {counted}",
                cell(c)
            ),
            FigureDifference::Unit {
                unit_id,
                cell: c,
                kept,
                counted,
            } => write!(
                f,
                "đơn vị #{unit_id}, {}: lưu {kept}, đếm lại {counted}",
                cell(c)
            ),
        }
    }
}

/// The steps of a recount, for a progress display on a large database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiguresStep {
    /// Reading the tree and the schools.
    Tree,
    /// Counting the records (one grouped query).
    Records,
    /// Comparing, or writing, this many rows of tallies and containment.
    Rows(u64),
}

/// What a rebuild wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FiguresSummary {
    pub schools: u64,
    pub containment_rows: u64,
    pub school_rows: u64,
    pub unit_rows: u64,
    pub graduates: u64,
}

#[async_trait]
pub trait TallyStore: Send + Sync {
    async fn school_tally(
        &self,
        school_code: &str,
        year: i32,
        level: Level,
    ) -> Result<Vec<TallyCell>>;
    /// The counts of several units for a year, both levels, in one read (a page or an answer
    /// that shows a unit and its subordinate units): (unit, level, cell).
    async fn units_tally(
        &self,
        unit_ids: &[i64],
        year: i32,
    ) -> Result<Vec<(i64, Level, TallyCell)>>;
    /// The schools each of several units contains: (unit, school).
    async fn schools_contained_in(&self, unit_ids: &[i64]) -> Result<Vec<(i64, ContainedSchool)>>;
    /// The years for which some graduate is counted, newest first.
    async fn tally_years(&self) -> Result<Vec<i32>>;
    /// A number every change of figures moves (records, schools, units, flags), read per
    /// request by a process that keeps figures in memory.
    async fn figures_version(&self) -> Result<i64>;
    /// Recounts containment and tallies from the tree and the records, and replaces them, in one
    /// transaction.
    async fn rebuild_figures(
        &self,
        progress: &(dyn Fn(FiguresStep) + Send + Sync),
    ) -> Result<FiguresSummary>;
    /// Recounts in one snapshot and returns where the kept figures differ (empty when right).
    async fn check_figures(
        &self,
        progress: &(dyn Fn(FiguresStep) + Send + Sync),
    ) -> Result<Vec<FigureDifference>>;
}

/// Containment and tallies as a recount gives them, sorted for comparison.
#[derive(Debug, Default)]
pub(crate) struct Recount {
    pub containment: BTreeMap<String, Vec<i64>>,
    pub schools: BTreeMap<(String, Cell), i64>,
    pub units: BTreeMap<(i64, Cell), i64>,
    pub graduates: u64,
}

impl Recount {
    /// Counts from the grouped records and the containment of each school.
    pub(crate) fn new(
        containment: BTreeMap<String, Vec<i64>>,
        grouped: Vec<crate::TallyRow>,
    ) -> Recount {
        let mut recount = Recount {
            containment,
            ..Recount::default()
        };
        for row in grouped {
            let cell = Cell {
                year: row.year,
                level: row.level.code().to_string(),
                destination: row.destination.code().to_string(),
                gender: row.gender.code().to_string(),
                minority: domain::ethnicity::is_minority(&row.ethnicity),
            };
            recount.graduates += u64::try_from(row.count).unwrap_or(0);
            *recount.schools.entry((row.school_code, cell)).or_default() += row.count;
        }
        for ((school, cell), count) in &recount.schools {
            for unit in recount.containment.get(school).into_iter().flatten() {
                *recount.units.entry((*unit, cell.clone())).or_default() += count;
            }
        }
        recount
    }
}

/// The differences between two sorted maps of counts, zero counts being absent.
pub(crate) fn count_differences<K: Ord + Clone>(
    kept: &BTreeMap<K, i64>,
    counted: &BTreeMap<K, i64>,
    mut report: impl FnMut(K, i64, i64),
) {
    for (key, kept_count) in kept {
        let counted_count = counted.get(key).copied().unwrap_or(0);
        if *kept_count != counted_count {
            report(key.clone(), *kept_count, counted_count);
        }
    }
    for (key, counted_count) in counted {
        if *counted_count != 0 && !kept.contains_key(key) {
            report(key.clone(), 0, *counted_count);
        }
    }
}

/// Cells read from a tally table: (destination, gender, minority, count).
pub(crate) fn cells(rows: Vec<(String, String, bool, i64)>) -> Result<Vec<TallyCell>> {
    rows.into_iter()
        .map(|(destination, gender, minority, count)| {
            Ok(TallyCell {
                destination: Destination::parse(&destination)
                    .ok_or_else(|| crate::StoreError::Corrupt(format!("hướng đi {destination}")))?,
                gender: Gender::parse(&gender)
                    .ok_or_else(|| crate::StoreError::Corrupt(format!("giới tính {gender}")))?,
                minority,
                count,
            })
        })
        .collect()
}

/// A count that would go below zero means the kept figures no longer match the records: the
/// write is refused whole, and the operator is told how to recount.
pub(crate) fn below_zero(error: sqlx::Error) -> crate::StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_check_violation() => crate::StoreError::Corrupt(
            "số liệu tổng hợp không khớp với hồ sơ (đếm âm); kiểm tra bằng `huongnghiep figures check`"
                .into(),
        ),
        _ => crate::StoreError::from(error),
    }
}
