//! What the store keeps and gives back: plain records, no behaviour beyond conversions.

use chrono::{DateTime, NaiveDate, Utc};
use domain::{InstitutionKind, Ownership, Role, Scope, SuccessionKind, UnitLevel, Validity};
use serde::Serialize;

/// One version of an administrative unit: its code, valid over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub level: UnitLevel,
    pub name: String,
    /// The type word of the unit: Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn…
    pub kind: String,
    pub province_code: String,
    pub parent_id: Option<i64>,
    pub validity: Validity,
}

/// An old unit that went, wholly or in part, into a new one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Succession {
    pub old_unit_id: i64,
    pub new_unit_id: i64,
    pub kind: SuccessionKind,
}

/// A checked unit import: versions with ids already assigned (parents before children) and the
/// successions between them.
#[derive(Debug, Clone, Default)]
pub struct UnitPlan {
    pub units: Vec<Unit>,
    pub successions: Vec<Succession>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewInstitution {
    pub code: String,
    pub kind: InstitutionKind,
    pub ownership: Ownership,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub province_code: String,
    pub commune_unit_id: i64,
    pub managing_unit_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Institution {
    pub code: String,
    pub kind: InstitutionKind,
    pub ownership: Ownership,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub province_code: String,
    pub commune_unit_id: i64,
    pub managing_unit_id: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub scope: Scope,
}

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub scope: Scope,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Browser,
    Api,
}

impl SessionKind {
    pub fn code(self) -> &'static str {
        match self {
            SessionKind::Browser => "browser",
            SessionKind::Api => "api",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub kind: SessionKind,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    /// The session's public number (lists and revocation use it, never the hash).
    pub id: i64,
    pub user: UserRecord,
    pub csrf_token: String,
    pub kind: SessionKind,
    pub expires_at: DateTime<Utc>,
}

/// One line of the audit trail: who did what to which subject. Never holds the personal data
/// itself, only the subject's kind and identifier.
#[derive(Debug, Clone)]
pub struct NewAuditEvent {
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub detail: String,
    /// How many times the event happened within its minute (repeated refusals are merged).
    pub occurrences: i64,
}

// --- rows as the database returns them, converted with a check ---

#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    pub id: i64,
    pub code: String,
    pub level: String,
    pub name: String,
    pub kind: String,
    pub province_code: String,
    pub parent_id: Option<i64>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl TryFrom<UnitRow> for Unit {
    type Error = crate::StoreError;
    fn try_from(row: UnitRow) -> Result<Self, Self::Error> {
        let level = UnitLevel::parse(&row.level)
            .ok_or_else(|| crate::StoreError::Corrupt(format!("cấp đơn vị {}", row.level)))?;
        Ok(Unit {
            id: row.id,
            code: row.code,
            level,
            name: row.name,
            kind: row.kind,
            province_code: row.province_code,
            parent_id: row.parent_id,
            validity: Validity {
                from: row.valid_from,
                to: row.valid_to,
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SuccessionRow {
    pub old_unit_id: i64,
    pub new_unit_id: i64,
    pub kind: String,
}

impl TryFrom<SuccessionRow> for Succession {
    type Error = crate::StoreError;
    fn try_from(row: SuccessionRow) -> Result<Self, Self::Error> {
        let kind = SuccessionKind::parse(&row.kind)
            .ok_or_else(|| crate::StoreError::Corrupt(format!("kiểu kế thừa {}", row.kind)))?;
        Ok(Succession {
            old_unit_id: row.old_unit_id,
            new_unit_id: row.new_unit_id,
            kind,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct InstitutionRow {
    pub code: String,
    pub kind: String,
    pub ownership: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub province_code: String,
    pub commune_unit_id: i64,
    pub managing_unit_id: i64,
}

impl TryFrom<InstitutionRow> for Institution {
    type Error = crate::StoreError;
    fn try_from(row: InstitutionRow) -> Result<Self, Self::Error> {
        let kind = InstitutionKind::parse(&row.kind)
            .ok_or_else(|| crate::StoreError::Corrupt(format!("loại cơ sở {}", row.kind)))?;
        let ownership = Ownership::parse(&row.ownership)
            .ok_or_else(|| crate::StoreError::Corrupt(format!("loại hình {}", row.ownership)))?;
        Ok(Institution {
            code: row.code,
            kind,
            ownership,
            name: row.name,
            address: row.address,
            phone: row.phone,
            email: row.email,
            province_code: row.province_code,
            commune_unit_id: row.commune_unit_id,
            managing_unit_id: row.managing_unit_id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub scope_unit_id: Option<i64>,
    pub scope_institution_code: Option<String>,
    pub active: bool,
}

impl TryFrom<UserRow> for UserRecord {
    type Error = crate::StoreError;
    fn try_from(row: UserRow) -> Result<Self, Self::Error> {
        let role = Role::parse(&row.role)
            .ok_or_else(|| crate::StoreError::Corrupt(format!("vai trò {}", row.role)))?;
        let scope = match (row.scope_unit_id, row.scope_institution_code) {
            (_, Some(code)) => Scope::Institution { code },
            (Some(unit_id), None) => Scope::Unit { unit_id },
            (None, None) => Scope::Everywhere,
        };
        Ok(UserRecord {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            password_hash: row.password_hash,
            role,
            scope,
            active: row.active,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub session_id: i64,
    #[sqlx(flatten)]
    pub user: UserRow,
    pub csrf_token: String,
    pub kind: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub detail: String,
    pub occurrences: i64,
}

impl From<AuditRow> for AuditEvent {
    fn from(row: AuditRow) -> Self {
        AuditEvent {
            id: row.id,
            at: row.created_at,
            user_id: row.user_id,
            username: row.username,
            action: row.action,
            subject_kind: row.subject_kind,
            subject_id: row.subject_id,
            detail: row.detail,
            occurrences: row.occurrences,
        }
    }
}

/// Converts a batch of rows, failing on the first that does not make sense.
pub(crate) fn convert_all<R, T>(rows: Vec<R>) -> Result<Vec<T>, crate::StoreError>
where
    T: TryFrom<R, Error = crate::StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}
