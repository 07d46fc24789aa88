//! The store: one `Store` trait, implemented over SQLite (embedded default) and PostgreSQL
//! (provincial and national installations), each with its own migrations folder.

pub mod backup;
pub mod busy;
mod containment;
mod error;
mod figure_queries;
mod figures;
mod graduate_queries;
mod graduates;
mod model;
mod postgres;
mod queries;
mod reporting;
mod reporting_queries;
mod sqlite;
mod tallies;
mod tally_queries;
mod token_queries;
mod tokens;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{InstitutionKind, Scope};

pub use error::StoreError;
pub use figures::{FigureStore, SchoolFlags, TallyRow, Target};
pub use graduates::{
    Change, FieldChange, FollowUp, Graduate, GraduateData, GraduateKey, GraduatePlan,
    GraduateStore, GraduateUpdate, NewFollowUp, diff,
};
pub use model::*;
pub use postgres::PgStore;
pub use reporting::{
    Correction, CorrectionStatus, NewCorrection, NewSubmission, ReportStore, Review, Submission,
    SubmissionStatus, Submitter,
};
pub use sqlite::SqliteStore;
pub use tallies::{
    Cell, ContainedSchool, FigureDifference, FiguresStep, FiguresSummary, TallyCell, TallyStore,
};
pub use tokens::{NewToken, TokenInfo, TokenStore};

pub type Result<T> = std::result::Result<T, StoreError>;

/// Statements over a second are logged at debug level only: a recount or a large import runs
/// them on purpose, and the operator's terminal is no place for sqlx's English warning.
pub(crate) const SLOW_STATEMENT: std::time::Duration = std::time::Duration::from_secs(1);
pub(crate) const SLOW_STATEMENTS_LEVEL: log::LevelFilter = log::LevelFilter::Debug;

/// Everything the product keeps. Every write that changes several rows is one transaction: it
/// lands whole or not at all.
#[async_trait]
pub trait Store:
    GraduateStore + FigureStore + ReportStore + TokenStore + TallyStore + Send + Sync
{
    /// Which backend this is, for the start-up message and the health page.
    fn backend(&self) -> Backend;

    /// Closes every connection; SQLite then folds its write-ahead log back into the database
    /// file, so that the file alone is a complete copy.
    async fn close(&self);

    // --- administrative units ---
    /// All unit versions, for planning an import against what is stored.
    async fn all_units(&self) -> Result<Vec<Unit>>;
    /// Applies a planned unit import (new versions, corrections, successions) in one transaction.
    async fn apply_units(&self, plan: &UnitPlan) -> Result<()>;
    async fn unit_count(&self) -> Result<i64>;
    /// The version of `code` valid on `day`.
    async fn unit_on(&self, code: &str, day: NaiveDate) -> Result<Option<Unit>>;
    async fn unit(&self, id: i64) -> Result<Option<Unit>>;
    async fn children(&self, id: i64) -> Result<Vec<Unit>>;
    /// The unit and its parents up to the province, nearest first.
    async fn ancestors(&self, id: i64) -> Result<Vec<Unit>>;
    /// Every unit that contains this one, now or later: the unit, its parents, and going up and
    /// forwards in time, the successors that carry their figures and their parents (so the new
    /// Tây Ninh contains the old Huyện Bến Lức). Never backwards: an old unit does not contain
    /// the new one it was merged into. The scope check of a unit uses it; the check of a record
    /// uses [`containing_units_on`], which also knows the record's period.
    async fn containing_units(&self, id: i64) -> Result<Vec<i64>>;
    async fn successions_from(&self, id: i64) -> Result<Vec<Succession>>;
    async fn successions_to(&self, id: i64) -> Result<Vec<Succession>>;

    // --- institutions ---
    /// Inserts or updates institutions by code, in one transaction.
    async fn upsert_institutions(&self, rows: &[NewInstitution]) -> Result<()>;
    async fn institution(&self, code: &str) -> Result<Option<Institution>>;
    /// The institutions located anywhere in the unit's subtree, in any era.
    async fn institutions_in(
        &self,
        unit_id: i64,
        kind: Option<InstitutionKind>,
    ) -> Result<Vec<Institution>>;
    async fn institution_codes(&self) -> Result<Vec<String>>;
    async fn institution_count(&self) -> Result<i64>;

    // --- users, sessions, sign-in throttling ---
    async fn create_user(&self, user: &NewUser) -> Result<i64>;
    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>>;
    async fn user(&self, id: i64) -> Result<Option<UserRecord>>;
    async fn users(&self) -> Result<Vec<UserRecord>>;
    /// Moves a unit account to another unit (the successor of one that ended), with the role of
    /// that unit's level; refused (`Stale`) when the account is no longer at `from_unit_id`.
    async fn move_user(
        &self,
        user_id: i64,
        from_unit_id: i64,
        to_unit_id: i64,
        role: domain::Role,
    ) -> Result<()>;
    async fn create_session(&self, session: &NewSession) -> Result<()>;
    /// The live session of a token hash, with its user.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionRecord>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64>;
    /// Counts a sign-in attempt, atomically, before its password is checked; returns the
    /// attempts counted since `window_start` including this one (the count restarts at one when
    /// the last attempt is older). The caller refuses when the number is over its limit, so
    /// parallel attempts cannot all pass a check made before any of them was counted.
    async fn count_sign_in_attempt(
        &self,
        key: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<i64>;
    /// Forgets the attempts of a key (after a successful sign-in).
    async fn clear_sign_in_attempts(&self, key: &str) -> Result<()>;

    // --- audit ---
    async fn audit(&self, event: &NewAuditEvent) -> Result<()>;
    /// Counts an event that may repeat (a refusal): one row per (username, action, subject,
    /// detail, minute of `event.at`) carries how often it happened, so a flood adds no rows.
    async fn audit_repeated(&self, event: &NewAuditEvent) -> Result<()>;
    async fn audit_events(&self, limit: i64) -> Result<Vec<AuditEvent>>;
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where a database URL points: `sqlite://PATH` (or `sqlite:PATH`) or `postgres://…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location<'a> {
    Sqlite(&'a str),
    Postgres(&'a str),
}

impl<'a> Location<'a> {
    pub fn parse(url: &'a str) -> Result<Location<'a>> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Location::Postgres(url))
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            Ok(Location::Sqlite(path))
        } else {
            Err(StoreError::BadUrl(url.to_string()))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Opens (creating and migrating when needed) the store a URL names:
/// `sqlite://PATH` or `postgres://…`.
pub async fn open(url: &str) -> Result<Arc<dyn Store>> {
    Ok(match Location::parse(url)? {
        Location::Postgres(url) => Arc::new(PgStore::connect(url).await?),
        Location::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
    })
}

/// Whether a scope reaches a given unit (the unit is inside the scope's subtree in some era).
pub async fn scope_covers_unit(store: &dyn Store, scope: &Scope, unit_id: i64) -> Result<bool> {
    Ok(match scope {
        Scope::Everywhere => true,
        Scope::Unit {
            unit_id: scope_unit,
        } => store.containing_units(unit_id).await?.contains(scope_unit),
        Scope::Institution { .. } => false,
    })
}

/// The units whose officers may see a record kept at a place (a school's commune) for a period
/// that falls on `day` — the tree of the record's own period decides:
/// - the units that contained the place on that day, and the later units carrying them (the new
///   Tây Ninh sees what the old Long An held);
/// - not a unit that had ended before `day` (the old commune's officer does not see what its
///   schools recorded after the reform), nor one merged with the place only later (the old
///   Xã Lương Hòa does not see the schools of Xã Tân Bửu, merged with it in 2025).
///
/// A place registered under a new unit formed from several old ones lay, in the old tree, only
/// in what all of those have in common (their district and province, not one of the old
/// communes): which one it was in is not known, so none of them is given it.
pub async fn containing_units_on(
    store: &dyn Store,
    place_id: i64,
    day: NaiveDate,
) -> Result<Vec<i64>> {
    let found = place_containment(store, place_id).await?;
    let mut still_there = Vec::with_capacity(found.len());
    for id in found {
        let ended_before = match store.unit(id).await? {
            Some(unit) => unit.validity.to.is_some_and(|to| to < day),
            None => true,
        };
        if !ended_before {
            still_there.push(id);
        }
    }
    Ok(still_there)
}

/// Every unit that contains a place (a school's commune) in some era: the units containing the
/// place itself ([`Store::containing_units`]) and, when the place was formed from older units,
/// what all of those have in common. The figures count a school in each of these units.
pub async fn place_containment(store: &dyn Store, place_id: i64) -> Result<Vec<i64>> {
    let mut found = store.containing_units(place_id).await?;
    // One step back: the 2025 reform is the only succession in the reference data.
    let predecessors = store.successions_to(place_id).await?;
    let mut common: Option<Vec<i64>> = None;
    for succession in &predecessors {
        let theirs = store.containing_units(succession.old_unit_id).await?;
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
    Ok(found)
}
