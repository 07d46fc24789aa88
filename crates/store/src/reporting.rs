//! The reporting cycle as kept: submissions of a period's report by a school or a unit, their
//! review by the unit above, and the corrections asked after approval. Approval locks: the store
//! refuses to change an approved submission, whoever asks.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Result;

/// Who submits: a unit (commune, district) or an institution (school).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum Submitter {
    Unit(i64),
    Institution(String),
}

impl Submitter {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Submitter::Unit(_) => "unit",
            Submitter::Institution(_) => "institution",
        }
    }

    pub(crate) fn key(&self) -> String {
        match self {
            Submitter::Unit(id) => id.to_string(),
            Submitter::Institution(code) => code.clone(),
        }
    }

    pub(crate) fn from_parts(kind: &str, key: String) -> Result<Submitter> {
        match kind {
            "unit" => key
                .parse()
                .map(Submitter::Unit)
                .map_err(|_| crate::StoreError::Corrupt(format!("đơn vị nộp báo cáo {key}"))),
            _ => Ok(Submitter::Institution(key)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    Submitted,
    Returned,
    Approved,
}

impl SubmissionStatus {
    pub fn code(self) -> &'static str {
        match self {
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Returned => "returned",
            SubmissionStatus::Approved => "approved",
        }
    }

    pub(crate) fn parse(code: &str) -> SubmissionStatus {
        match code {
            "approved" => SubmissionStatus::Approved,
            "returned" => SubmissionStatus::Returned,
            _ => SubmissionStatus::Submitted,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SubmissionStatus::Submitted => "Đã gửi, chờ duyệt",
            SubmissionStatus::Returned => "Bị trả lại",
            SubmissionStatus::Approved => "Đã duyệt (đã khóa số liệu)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    pub id: i64,
    pub province_code: String,
    pub period: String,
    pub cohort_year: i32,
    pub submitter: Submitter,
    /// The unit submitting, or the school's commune.
    pub unit_id: i64,
    pub status: SubmissionStatus,
    /// The figures as submitted (JSON), kept as they were when approved.
    pub figures: String,
    pub note: String,
    pub first_submitted_at: DateTime<Utc>,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by: String,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub review_comment: String,
}

#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub province_code: String,
    pub period: String,
    pub cohort_year: i32,
    pub submitter: Submitter,
    pub unit_id: i64,
    pub figures: String,
    pub note: String,
    pub username: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionStatus {
    Pending,
    Approved,
    Rejected,
}

impl CorrectionStatus {
    pub fn code(self) -> &'static str {
        match self {
            CorrectionStatus::Pending => "pending",
            CorrectionStatus::Approved => "approved",
            CorrectionStatus::Rejected => "rejected",
        }
    }

    pub(crate) fn parse(code: &str) -> CorrectionStatus {
        match code {
            "approved" => CorrectionStatus::Approved,
            "rejected" => CorrectionStatus::Rejected,
            _ => CorrectionStatus::Pending,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CorrectionStatus::Pending => "Chờ duyệt",
            CorrectionStatus::Approved => "Đã duyệt",
            CorrectionStatus::Rejected => "Không duyệt",
        }
    }
}

/// A change asked for a record whose figures are locked; applied only when approved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    pub id: i64,
    pub submission_id: i64,
    pub graduate_id: i64,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub status: CorrectionStatus,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: String,
}

#[derive(Debug, Clone)]
pub struct NewCorrection {
    pub province_code: String,
    pub submission_id: i64,
    pub graduate_id: i64,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub username: String,
    pub at: DateTime<Utc>,
}

/// A reviewer's decision.
#[derive(Debug, Clone)]
pub struct Review {
    pub approve: bool,
    pub username: String,
    pub comment: String,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Records a submission, or a new submission of a returned one. Refused with `Locked` when
    /// the period's report of that submitter is already approved.
    async fn submit_report(&self, submission: &NewSubmission) -> Result<Submission>;
    async fn submission(&self, id: i64) -> Result<Option<Submission>>;
    async fn submission_of(
        &self,
        period: &str,
        submitter: &Submitter,
    ) -> Result<Option<Submission>>;
    /// Every submission of a period (the caller keeps those inside its unit).
    async fn submissions(&self, period: &str) -> Result<Vec<Submission>>;
    /// Approves or returns a submission waiting for review; `Locked` if it is approved already,
    /// `NotFound` if it is not waiting.
    async fn review_submission(&self, id: i64, review: &Review) -> Result<Submission>;
    /// The approved submissions of a cohort: what locks its records.
    async fn approved_submissions(&self, cohort_year: i32) -> Result<Vec<Submission>>;
    /// The approved report that locks a school's records of a cohort, if any: the school's own,
    /// or that of a unit containing the school in the cohort's tree (a later unit carrying it
    /// included, one that had ended before it not). The same rule every write asks again inside
    /// its own transaction; callers ask it first to say which report locks the figures.
    async fn cohort_lock(&self, school_code: &str, cohort_year: i32) -> Result<Option<Submission>>;

    async fn ask_correction(&self, correction: &NewCorrection) -> Result<Correction>;
    async fn correction(&self, id: i64) -> Result<Option<Correction>>;
    /// The corrections asked against these submissions, newest first.
    async fn corrections_of(&self, submission_ids: &[i64]) -> Result<Vec<Correction>>;
    async fn corrections_for(&self, graduate_id: i64) -> Result<Vec<Correction>>;
    /// Decides a pending correction; `NotFound` if it is not pending.
    async fn review_correction(&self, id: i64, review: &Review) -> Result<Correction>;
    /// Approves a pending correction and writes the change it asks for, in one transaction:
    /// the decision is conditional on the request still pending, so a second approval (a
    /// double click, two reviewers at once) finds it decided (`NotFound`) and writes nothing.
    async fn approve_correction(
        &self,
        id: i64,
        review: &Review,
        change: &crate::GraduatePlan,
    ) -> Result<Correction>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct SubmissionRow {
    id: i64,
    province_code: String,
    period: String,
    cohort_year: i32,
    submitter_kind: String,
    submitter_key: String,
    unit_id: i64,
    status: String,
    figures: String,
    note: String,
    first_submitted_at: DateTime<Utc>,
    submitted_at: DateTime<Utc>,
    submitted_by: String,
    reviewed_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    review_comment: String,
}

pub(crate) const SUBMISSION_COLUMNS: &str = "id, province_code, period, cohort_year, \
    submitter_kind, submitter_key, unit_id, status, figures, note, first_submitted_at, \
    submitted_at, submitted_by, reviewed_at, reviewed_by, review_comment";

impl TryFrom<SubmissionRow> for Submission {
    type Error = crate::StoreError;

    fn try_from(r: SubmissionRow) -> Result<Submission> {
        Ok(Submission {
            id: r.id,
            province_code: r.province_code,
            period: r.period,
            cohort_year: r.cohort_year,
            submitter: Submitter::from_parts(&r.submitter_kind, r.submitter_key)?,
            unit_id: r.unit_id,
            status: SubmissionStatus::parse(&r.status),
            figures: r.figures,
            note: r.note,
            first_submitted_at: r.first_submitted_at,
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by,
            reviewed_at: r.reviewed_at,
            reviewed_by: r.reviewed_by,
            review_comment: r.review_comment,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CorrectionRow {
    id: i64,
    submission_id: i64,
    graduate_id: i64,
    field: String,
    old_value: String,
    new_value: String,
    reason: String,
    status: String,
    requested_by: String,
    requested_at: DateTime<Utc>,
    reviewed_by: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    review_comment: String,
}

pub(crate) const CORRECTION_COLUMNS: &str = "id, submission_id, graduate_id, field, old_value, \
    new_value, reason, status, requested_by, requested_at, reviewed_by, reviewed_at, review_comment";

impl TryFrom<CorrectionRow> for Correction {
    type Error = crate::StoreError;

    fn try_from(r: CorrectionRow) -> Result<Correction> {
        Ok(Correction {
            id: r.id,
            submission_id: r.submission_id,
            graduate_id: r.graduate_id,
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
            reason: r.reason,
            status: CorrectionStatus::parse(&r.status),
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            review_comment: r.review_comment,
        })
    }
}
