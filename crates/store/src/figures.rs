//! What the figures are built from besides the tallies: the records grouped per school, year,
//! level, destination, gender and ethnicity (for a recount); school flags; targets.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{Destination, Gender, Level};

use crate::Result;

/// How many graduates of one school, year and level share a destination, gender and ethnicity.
#[derive(Debug, Clone, PartialEq)]
pub struct TallyRow {
    pub school_code: String,
    pub year: i32,
    pub level: Level,
    pub destination: Destination,
    pub gender: Gender,
    pub ethnicity: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SchoolFlags {
    pub code: String,
    pub has_guidance_programme: bool,
    pub has_counsellor: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub indicator_code: String,
    pub unit_id: i64,
    pub year: i32,
    /// The level the target is set for; `None` for THCS and THPT together.
    pub level: Option<Level>,
    /// A percentage, 0-100.
    pub value: f64,
    /// The row of the registered table, so that reports list units in the plan's order.
    pub position: i32,
}

#[async_trait]
pub trait FigureStore: Send + Sync {
    async fn school_flags(&self) -> Result<Vec<SchoolFlags>>;
    async fn set_school_flags(&self, flags: &[SchoolFlags]) -> Result<()>;
    async fn all_successions(&self) -> Result<Vec<crate::Succession>>;
    async fn all_institutions(&self) -> Result<Vec<crate::Institution>>;
    /// Inserts or replaces targets, in one transaction.
    async fn upsert_targets(&self, targets: &[Target], at: DateTime<Utc>) -> Result<()>;
    async fn targets(&self, year: i32) -> Result<Vec<Target>>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct TallyDbRow {
    pub school_code: String,
    pub year: i32,
    pub level: String,
    pub destination: String,
    pub gender: String,
    pub ethnicity: String,
    pub count: i64,
}

impl TryFrom<TallyDbRow> for TallyRow {
    type Error = crate::StoreError;
    fn try_from(row: TallyDbRow) -> std::result::Result<Self, Self::Error> {
        let corrupt =
            |what: &str, value: &str| crate::StoreError::Corrupt(format!("{what} {value}"));
        Ok(TallyRow {
            level: Level::parse(&row.level).ok_or_else(|| corrupt("cấp học", &row.level))?,
            destination: Destination::parse(&row.destination)
                .ok_or_else(|| corrupt("hướng đi", &row.destination))?,
            gender: Gender::parse(&row.gender).ok_or_else(|| corrupt("giới tính", &row.gender))?,
            school_code: row.school_code,
            year: row.year,
            ethnicity: row.ethnicity,
            count: row.count,
        })
    }
}
