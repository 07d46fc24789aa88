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
    /// When the body reports at all: a unit from its first to its last day (a school always).
    pub in_office: domain::unit::Validity,
}

impl Reporter {
    /// Whether the body reports for a period: it was in office on the period's last day. A unit
    /// that ended still sends the reports of its own last periods, late, to its reviewer's heirs.
    pub fn reports_for(&self, period: &Period) -> bool {
        self.in_office.contains(period.ends_on())
    }
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
                in_office: domain::unit::Validity {
                    from: None,
                    to: None,
                },
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
                in_office: unit.validity,
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
            let (Some(reviewer), Some(place)) = (
                state.store.unit(*unit_id).await?,
                state.store.unit(submission.unit_id).await?,
            ) else {
                return Ok(false);
            };
            let containing = state.store.containing_units(submission.unit_id).await?;
            Ok(unit_may_review(
                &reviewer,
                &submission.submitter,
                place.level,
                &containing,
                crate::lookup::today(),
            ))
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
    analytics: &analytics::Engine,
    submitter: &Submitter,
    year: i32,
) -> Result<String, store::StoreError> {
    let mut figures: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    for level in Level::ALL {
        let facets = match submitter {
            Submitter::Institution(code) => analytics.school(code, year, level).await?,
            Submitter::Unit(id) => analytics.unit(*id, year, level).await?,
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

/// How a unit stands to a reporting period. The tree of the period decides who reports and who
/// reviews: a unit in office on the period's last day does so itself; a unit that had ended by
/// then (a district after 30/06/2025) keeps reading its own periods and hands the rest to its
/// heirs; a unit formed after the period (a province or commune of 01/07/2025) answers for the
/// units it succeeded.
pub enum Standing {
    InOffice,
    Ended {
        on: chrono::NaiveDate,
        heirs: Vec<Unit>,
    },
    Heir {
        predecessors: Vec<Unit>,
    },
}

pub async fn standing(state: &AppState, unit: &Unit, period: &Period) -> Result<Standing, Failure> {
    let last_day = period.ends_on();
    if let Some(end) = unit.validity.to
        && end < last_day
    {
        return Ok(Standing::Ended {
            on: end,
            heirs: heirs_of(state, unit).await?,
        });
    }
    if let Some(start) = unit.validity.from
        && last_day < start
    {
        let mut predecessors = Vec::new();
        for succession in state.store.successions_to(unit.id).await? {
            if let Some(old) = state.store.unit(succession.old_unit_id).await?
                && old.validity.contains(last_day)
            {
                predecessors.push(old);
            }
        }
        domain::text::sort_by_vi(&mut predecessors, |u| {
            domain::text::strip_unit_type(&u.name)
        });
        return Ok(Standing::Heir { predecessors });
    }
    Ok(Standing::InOffice)
}

/// Where an ended unit's work went: the units that succeeded it, or, for a unit abolished without
/// a successor (a district), the units its communes went into, with their province first.
pub async fn heirs_of(state: &AppState, unit: &Unit) -> Result<Vec<Unit>, Failure> {
    let mut ids: Vec<i64> = state
        .store
        .successions_from(unit.id)
        .await?
        .iter()
        .map(|s| s.new_unit_id)
        .collect();
    if ids.is_empty() {
        for child in state.store.children(unit.id).await? {
            ids.extend(
                state
                    .store
                    .successions_from(child.id)
                    .await?
                    .iter()
                    .map(|s| s.new_unit_id),
            );
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut heirs = Vec::new();
    let mut parents = Vec::new();
    for id in ids {
        if let Some(heir) = state.store.unit(id).await? {
            if let Some(parent) = heir.parent_id
                && !parents.contains(&parent)
                && heir.level != UnitLevel::Province
            {
                parents.push(parent);
            }
            heirs.push(heir);
        }
    }
    domain::text::sort_by_vi(&mut heirs, |u| domain::text::strip_unit_type(&u.name));
    let mut above = Vec::new();
    for id in parents {
        if let Some(parent) = state.store.unit(id).await?
            && !heirs.iter().any(|h| h.id == parent.id)
        {
            above.push(parent);
        }
    }
    above.extend(heirs);
    Ok(above)
}

/// Whether a reviewer's unit may decide today: only a unit still in office decides; an account of
/// a unit that has ended keeps reading what it reviewed and decides nothing more, its pending
/// reports passing to the units that carry it now.
pub fn decides_on(reviewer: &Unit, today: chrono::NaiveDate) -> bool {
    reviewer.validity.contains(today)
}

/// The rank of a unit level, the province highest: a unit reviews only reports of units below it
/// (the commune that succeeded an old commune does not approve its predecessor's report).
fn rank(level: UnitLevel) -> u8 {
    match level {
        UnitLevel::Province => 3,
        UnitLevel::District => 2,
        UnitLevel::Commune => 1,
    }
}

/// The rule of `may_review` for a unit account, without the store: the reviewer's unit is in office
/// on `today`, holds the submitter (in the period's tree or through the succession since), is not
/// the submitter, and, for a unit's report, stands above it.
pub fn unit_may_review(
    reviewer: &Unit,
    submitter: &Submitter,
    submitter_level: UnitLevel,
    containing: &[i64],
    today: chrono::NaiveDate,
) -> bool {
    if !decides_on(reviewer, today) || !containing.contains(&reviewer.id) {
        return false;
    }
    match submitter {
        Submitter::Unit(id) => *id != reviewer.id && rank(reviewer.level) > rank(submitter_level),
        Submitter::Institution(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use domain::unit::Validity;

    fn unit(id: i64, level: UnitLevel, validity: Validity) -> Unit {
        Unit {
            id,
            code: id.to_string(),
            level,
            name: format!("đơn vị {id}"),
            kind: String::new(),
            province_code: "80".into(),
            parent_id: None,
            validity,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_district_decides_on_its_communes_reports_until_it_ends_and_its_heir_after() {
        let district = unit(2, UnitLevel::District, Validity::legacy());
        let heir = unit(9, UnitLevel::Province, Validity::reformed());
        let commune_report = Submitter::Unit(3);
        // The commune lies in the district and, through the succession, in the new province.
        let containing = [3, 2, 1, 9];
        let before = day(2025, 6, 20);
        let after = day(2025, 7, 8);
        let decides = |reviewer: &Unit, on| {
            unit_may_review(
                reviewer,
                &commune_report,
                UnitLevel::Commune,
                &containing,
                on,
            )
        };
        assert!(decides(&district, before));
        assert!(!decides(&district, after), "ended on 30/06/2025");
        assert!(!decides(&heir, before), "not yet formed");
        assert!(decides(&heir, after));
        // A commune does not decide on a commune's report, even one it succeeded.
        let new_commune = unit(3, UnitLevel::Commune, Validity::reformed());
        assert!(!decides(&new_commune, after));
    }
}
