//! Graduate records, their follow-ups and their history: the records the store keeps, and the
//! `GraduateStore` part of the store that reads and writes them.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{Destination, Gender, Level, PersonName};
use serde::Serialize;

use crate::Result;

/// Everything known of one graduate of one year and level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraduateData {
    pub province_code: String,
    pub year: i32,
    pub level: Level,
    pub school_code: String,
    pub moet_id: Option<String>,
    pub name: PersonName,
    pub birth_date: NaiveDate,
    pub gender: Gender,
    /// 01-54, 55 foreigner, 00 unknown. Sensitive.
    pub ethnicity: String,
    pub residence_commune_id: Option<i64>,
    pub class_name: String,
    pub academic: Option<String>,
    pub conduct: Option<String>,
    pub exam_sat: Option<bool>,
    pub exam_passed: Option<bool>,
    pub wishes: String,
    pub destination: Destination,
    pub destination_institution: Option<String>,
    pub destination_date: Option<NaiveDate>,
    pub destination_source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graduate {
    pub id: i64,
    #[serde(flatten)]
    pub data: GraduateData,
}

/// One field that a write changes, kept in the record's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
}

/// A checked set of writes: new records and corrections of existing ones, applied together.
#[derive(Debug, Clone, Default)]
pub struct GraduatePlan {
    pub inserts: Vec<GraduateData>,
    pub updates: Vec<GraduateUpdate>,
    /// Who and what wrote it: the username and "import FILE" or "web".
    pub username: String,
    pub source: String,
    pub at: DateTime<Utc>,
}

/// Whether a write of records obeys the approval lock of their cohort. Only the approval of a
/// correction, which the unit above has just decided, writes into a locked cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Locks {
    Obey,
    CorrectionApproved,
}

#[derive(Debug, Clone)]
pub struct GraduateUpdate {
    pub id: i64,
    pub data: GraduateData,
    pub changes: Vec<FieldChange>,
    /// The record as it was when the plan was made: the update applies only if the record is
    /// still so (another writer's change in between refuses it), and the tallies move from it.
    pub previous: GraduateData,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub id: i64,
    pub graduate_id: i64,
    pub on_date: NaiveDate,
    pub status: Destination,
    pub note: String,
    pub username: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewFollowUp {
    pub province_code: String,
    pub graduate_id: i64,
    pub on_date: NaiveDate,
    pub status: Destination,
    pub note: String,
    pub username: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub source: String,
    pub username: String,
    pub at: DateTime<Utc>,
}

/// A record of the same year and level found elsewhere, for the "same student in two schools"
/// check of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct GraduateKey {
    pub id: i64,
    pub school_code: String,
    pub moet_id: Option<String>,
    pub name_folded: String,
    pub birth_date: NaiveDate,
}

#[async_trait]
pub trait GraduateStore: Send + Sync {
    /// The graduates of a school for a year and level (unordered; callers sort in Vietnamese order).
    async fn graduates_of(
        &self,
        school_code: &str,
        year: i32,
        level: Level,
    ) -> Result<Vec<Graduate>>;
    /// Records of the year and level at other schools with one of these MOET ids or folded
    /// full names (the caller compares dates of birth).
    async fn graduates_elsewhere(
        &self,
        school_code: &str,
        year: i32,
        level: Level,
        moet_ids: &[String],
        names_folded: &[String],
    ) -> Result<Vec<GraduateKey>>;
    /// Applies inserts and updates (with their history) in one transaction.
    async fn apply_graduates(&self, plan: &GraduatePlan) -> Result<()>;
    async fn graduate(&self, id: i64) -> Result<Option<Graduate>>;
    async fn graduate_count(&self) -> Result<i64>;
    async fn add_follow_up(&self, follow_up: &NewFollowUp) -> Result<i64>;
    async fn follow_ups(&self, graduate_id: i64) -> Result<Vec<FollowUp>>;
    async fn graduate_changes(&self, graduate_id: i64) -> Result<Vec<Change>>;
}

/// The fields a user sees change, with their values as text, for the history.
pub fn diff(old: &GraduateData, new: &GraduateData) -> Vec<FieldChange> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let day = |v: Option<NaiveDate>| {
        v.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let flag = |v: Option<bool>| match v {
        Some(true) => "có".to_string(),
        Some(false) => "không".to_string(),
        None => String::new(),
    };
    let pairs: [(&str, String, String); 17] = [
        ("moet_id", opt(&old.moet_id), opt(&new.moet_id)),
        (
            "family_middle",
            old.name.family_middle.clone(),
            new.name.family_middle.clone(),
        ),
        ("given", old.name.given.clone(), new.name.given.clone()),
        (
            "birth_date",
            day(Some(old.birth_date)),
            day(Some(new.birth_date)),
        ),
        (
            "gender",
            old.gender.label().into(),
            new.gender.label().into(),
        ),
        ("ethnicity", old.ethnicity.clone(), new.ethnicity.clone()),
        (
            "residence_commune_id",
            old.residence_commune_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            new.residence_commune_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        ),
        ("class_name", old.class_name.clone(), new.class_name.clone()),
        ("academic", opt(&old.academic), opt(&new.academic)),
        ("conduct", opt(&old.conduct), opt(&new.conduct)),
        ("exam_sat", flag(old.exam_sat), flag(new.exam_sat)),
        ("exam_passed", flag(old.exam_passed), flag(new.exam_passed)),
        ("wishes", old.wishes.clone(), new.wishes.clone()),
        (
            "destination",
            old.destination.label().into(),
            new.destination.label().into(),
        ),
        (
            "destination_institution",
            opt(&old.destination_institution),
            opt(&new.destination_institution),
        ),
        (
            "destination_date",
            day(old.destination_date),
            day(new.destination_date),
        ),
        (
            "destination_source",
            old.destination_source.clone(),
            new.destination_source.clone(),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, old_value, new_value)| FieldChange {
            field: field.into(),
            old_value,
            new_value,
        })
        .collect()
}

// --- rows as the database returns them ---

#[derive(sqlx::FromRow)]
pub(crate) struct GraduateRow {
    pub id: i64,
    pub province_code: String,
    pub year: i32,
    pub level: String,
    pub school_code: String,
    pub moet_id: Option<String>,
    pub family_middle: String,
    pub given: String,
    pub birth_date: NaiveDate,
    pub gender: String,
    pub ethnicity: String,
    pub residence_commune_id: Option<i64>,
    pub class_name: String,
    pub academic: Option<String>,
    pub conduct: Option<String>,
    pub exam_sat: Option<bool>,
    pub exam_passed: Option<bool>,
    pub wishes: String,
    pub destination: String,
    pub destination_institution: Option<String>,
    pub destination_date: Option<NaiveDate>,
    pub destination_source: String,
}

pub(crate) const GRADUATE_COLUMNS: &str = "id, province_code, year, level, school_code, moet_id, \
     family_middle, given, birth_date, gender, ethnicity, residence_commune_id, class_name, academic, \
     conduct, exam_sat, exam_passed, wishes, destination, destination_institution, destination_date, \
     destination_source";

impl TryFrom<GraduateRow> for Graduate {
    type Error = crate::StoreError;
    fn try_from(row: GraduateRow) -> std::result::Result<Self, Self::Error> {
        let corrupt =
            |what: &str, value: &str| crate::StoreError::Corrupt(format!("{what} {value}"));
        let level = Level::parse(&row.level).ok_or_else(|| corrupt("cấp học", &row.level))?;
        let gender = Gender::parse(&row.gender).ok_or_else(|| corrupt("giới tính", &row.gender))?;
        let destination = Destination::parse(&row.destination)
            .ok_or_else(|| corrupt("hướng đi", &row.destination))?;
        Ok(Graduate {
            id: row.id,
            data: GraduateData {
                province_code: row.province_code,
                year: row.year,
                level,
                school_code: row.school_code,
                moet_id: row.moet_id,
                name: PersonName {
                    family_middle: row.family_middle,
                    given: row.given,
                },
                birth_date: row.birth_date,
                gender,
                ethnicity: row.ethnicity,
                residence_commune_id: row.residence_commune_id,
                class_name: row.class_name,
                academic: row.academic,
                conduct: row.conduct,
                exam_sat: row.exam_sat,
                exam_passed: row.exam_passed,
                wishes: row.wishes,
                destination,
                destination_institution: row.destination_institution,
                destination_date: row.destination_date,
                destination_source: row.destination_source,
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct GraduateKeyRow {
    pub id: i64,
    pub school_code: String,
    pub moet_id: Option<String>,
    pub name_folded: String,
    pub birth_date: NaiveDate,
}

#[derive(sqlx::FromRow)]
pub(crate) struct FollowUpRow {
    pub id: i64,
    pub graduate_id: i64,
    pub on_date: NaiveDate,
    pub status: String,
    pub note: String,
    pub username: String,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ChangeRow {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub source: String,
    pub username: String,
    pub created_at: DateTime<Utc>,
}
