//! The reporting cycle's rules, shared by its pages, the record page and the upload: who submits
//! for what, who may review it, which submitters a unit expects, and the lock — an approved report
//! freezes the cohort's figures of the school or unit it covers.

use std::collections::BTreeMap;

use analytics::tally::{Filter, total};
use domain::period::Period;
use domain::{Action, Destination, Level, Scope, UnitLevel};
use store::{Institution, Submission, Submitter, Unit};

use crate::audit;
use crate::auth::Caller;
use crate::failure::{Failure, Msg};
use crate::state::AppState;

/// The approved report that locks a school's records of a cohort, if any (`cohort_lock`).
pub async fn lock_of(
    state: &AppState,
    school: &Institution,
    year: i32,
) -> Result<Option<Submission>, Failure> {
    Ok(state.store.cohort_lock(&school.code, year).await?)
}

/// Refuses a change to locked figures, saying which report locked them, and audits the attempt.
pub async fn refuse_locked(
    state: &AppState,
    caller: &Caller,
    lock: &Submission,
    subject_kind: &str,
    subject_id: &str,
) -> Failure {
    audit::record_user(
        state,
        &caller.user,
        "locked_refused",
        subject_kind,
        subject_id,
        &format!("kỳ {} (báo cáo #{})", lock.period, lock.id),
    )
    .await;
    let year = lock.cohort_year;
    let (vi, en) = (
        crate::labels::period_code(crate::i18n::Lang::Vi, &lock.period),
        crate::labels::period_code(crate::i18n::Lang::En, &lock.period),
    );
    Failure::Locked(Msg::new(
        format!(
            "Số liệu học sinh tốt nghiệp năm {year} đã được duyệt trong báo cáo kỳ {vi} và đã khóa. \
             Muốn thay đổi, hãy gửi đề nghị điều chỉnh (ghi lý do) để cấp trên duyệt"
        ),
        format!(
            "The figures of the {year} graduates were approved in the report of the period {en} \
             and are locked. To change them, ask a correction (with its reason) for the unit \
             above to approve"
        ),
    ))
}

/// The body a caller reports for.
pub struct Reporter {
    pub submitter: Submitter,
    pub name: String,
    /// The unit itself, or the school's commune.
    pub unit_id: i64,
    pub province_code: String,
}

/// What the caller reports for: their school, or their commune or district.
pub async fn own_submitter(state: &AppState, caller: &Caller) -> Result<Option<Reporter>, Failure> {
    if !caller.user.role.can(Action::SubmitReport) {
        return Ok(None);
    }
    Ok(match &caller.user.scope {
        Scope::Institution { code } => {
            state.store.institution(code).await?.map(|school| Reporter {
                submitter: Submitter::Institution(school.code.clone()),
                unit_id: school.commune_unit_id,
                province_code: school.province_code,
                name: school.name,
            })
        }
        // A province reports to nobody in this system (its reports go to the ministry).
        Scope::Unit { unit_id } => state
            .store
            .unit(*unit_id)
            .await?
            .filter(|unit| unit.level != UnitLevel::Province)
            .map(|unit| Reporter {
                submitter: Submitter::Unit(unit.id),
                unit_id: unit.id,
                province_code: unit.province_code,
                name: unit.name,
            }),
        Scope::Everywhere => None,
    })
}

/// Whether the caller may review a submission: a reviewing role whose scope holds the submitter
/// and is above it (nobody approves their own report).
pub async fn may_review(
    state: &AppState,
    caller: &Caller,
    submission: &Submission,
) -> Result<bool, Failure> {
    let kind = Period::parse(&submission.period).map(|p| p.kind);
    if !caller.user.role.can(Action::ReviewReports)
        || !kind.is_some_and(|k| caller.user.role.reports_in(k))
    {
        return Ok(false);
    }
    match &caller.user.scope {
        Scope::Everywhere => Ok(true),
        Scope::Institution { .. } => Ok(false),
        Scope::Unit { unit_id } => {
            if submission.submitter == Submitter::Unit(*unit_id) {
                return Ok(false);
            }
            let containing = state.store.containing_units(submission.unit_id).await?;
            Ok(containing.contains(unit_id))
        }
    }
}

/// Allows the caller to decide on a submission (or a correction of it), or refuses and audits.
pub async fn require_reviewer(
    state: &AppState,
    caller: &Caller,
    submission: &Submission,
    subject_kind: &str,
    id: i64,
) -> Result<(), Failure> {
    if may_review(state, caller, submission).await? {
        return Ok(());
    }
    audit::record_user(
        state,
        &caller.user,
        "access_denied",
        subject_kind,
        &id.to_string(),
        "ReviewReports",
    )
    .await;
    Err(Failure::Forbidden)
}

/// The figures a submission freezes: graduates per destination of each level, as counted now.
pub async fn figures_of(
    state: &AppState,
    submitter: &Submitter,
    year: i32,
) -> Result<String, store::StoreError> {
    let mut figures: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    for level in Level::ALL {
        let facets = match submitter {
            Submitter::Institution(code) => state.analytics.school(code, year, level).await?,
            Submitter::Unit(id) => state.analytics.unit(*id, year, level).await?,
        };
        let tally = facets.tally(Filter::default());
        if total(&tally) == 0 {
            continue;
        }
        figures.insert(
            level.code(),
            Destination::ALL
                .iter()
                .zip(tally.iter())
                .filter(|(_, n)| **n > 0)
                .map(|(d, n)| (d.code(), *n))
                .collect(),
        );
    }
    Ok(serde_json::to_string(&figures).unwrap_or_else(|_| "{}".into()))
}

/// The graduates a submission's figures count, for the review page.
pub fn graduates_in(figures: &str) -> u64 {
    serde_json::from_str::<BTreeMap<String, BTreeMap<String, u64>>>(figures)
        .map(|levels| levels.values().flat_map(|d| d.values()).sum())
        .unwrap_or(0)
}

/// Who is expected to report to `unit` for a period: its subordinate units (communes; the
/// districts of a province before 2025) and the schools it manages — a district its THCS schools,
/// a province its THPT schools, and after 2025, with no districts left, every school — each with
/// the unit its figures sit in, in Vietnamese order.
pub async fn expected_submitters(
    state: &AppState,
    unit: &Unit,
) -> Result<Vec<(Submitter, String, i64)>, Failure> {
    let mut children = state.store.children(unit.id).await?;
    domain::text::sort_by_vi(&mut children, |u| domain::text::strip_unit_type(&u.name));
    let has_districts = children.iter().any(|c| c.level == UnitLevel::District);
    let mut expected: Vec<(Submitter, String, i64)> = children
        .iter()
        .map(|c| (Submitter::Unit(c.id), c.name.clone(), c.id))
        .collect();
    let mut schools = state.store.institutions_in(unit.id, None).await?;
    schools.retain(|s| {
        !analytics::engine::levels_of(s.kind).is_empty()
            && (s.managing_unit_id == unit.id
                || (unit.level == UnitLevel::Province && !has_districts))
    });
    domain::text::sort_by_vi(&mut schools, |s| s.name.as_str());
    expected.extend(schools.into_iter().map(|school| {
        (
            Submitter::Institution(school.code.clone()),
            school.name,
            school.commune_unit_id,
        )
    }));
    Ok(expected)
}
