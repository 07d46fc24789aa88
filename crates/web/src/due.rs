//! What is due for a signed-in official, for the home page: the reports to send for the periods
//! under way (days left, or days late), the reports and corrections waiting for the caller's
//! decision, and the class lists expected from schools that have not imported their latest
//! cohort. Each item links to the one page where it is done.

use std::collections::HashMap;

use domain::period::Period;
use domain::{Action, Scope};
use interchange::dates::format_vi;
use store::{Institution, Submission, SubmissionStatus, Submitter};

use crate::auth::Caller;
use crate::failure::Failure;
use crate::i18n::Tr;
use crate::lookup;
use crate::reporting::{expected_submitters, may_review, own_submitter};
use crate::state::AppState;

/// One thing to do, with the page where it is done.
pub struct Due {
    pub title: String,
    pub detail: String,
    pub href: String,
    /// `late`, `soon` or `waiting`: the tone of the item.
    pub tone: &'static str,
}

/// How many days a period's report may still wait before the home page lists it: the report of
/// a period under way is announced this long before its closing day.
const ANNOUNCE_DAYS: i64 = 30;

pub async fn due_for(state: &AppState, caller: &Caller) -> Result<Vec<Due>, Failure> {
    let mut due = Vec::new();
    reports_to_send(state, caller, &mut due).await?;
    reports_to_review(state, caller, &mut due).await?;
    imports_expected(state, caller, &mut due).await?;
    // Late first, then what is waiting for a decision, then what is coming.
    due.sort_by_key(|d| match d.tone {
        "late" => 0,
        "waiting" => 1,
        _ => 2,
    });
    Ok(due)
}

fn recent_periods(caller: &Caller) -> Vec<Period> {
    let role = caller.user.role;
    Period::recent(
        lookup::today(),
        role.reports_in(domain::period::PeriodKind::Quarter(1)),
    )
    .into_iter()
    .filter(|p| role.reports_in(p.kind))
    .collect()
}

/// "hạn 14/07/2026 · còn 5 ngày" or "hạn 14/07/2026 · trễ 3 ngày".
fn deadline(tr: Tr, period: &Period) -> (String, bool) {
    let left = (period.due_on() - lookup::today()).num_days();
    let when = if left >= 0 {
        format!("{} {left} {}", tr.t("due.days_left"), tr.t("common.days"))
    } else {
        format!(
            "{} {} {}",
            tr.t("due.days_late"),
            -left,
            tr.t("common.days")
        )
    };
    (
        format!(
            "{} {} · {when}",
            tr.t("due.deadline"),
            format_vi(period.due_on())
        ),
        left < 0,
    )
}

async fn reports_to_send(
    state: &AppState,
    caller: &Caller,
    due: &mut Vec<Due>,
) -> Result<(), Failure> {
    let Some(reporter) = own_submitter(state, caller).await? else {
        return Ok(());
    };
    let tr = Tr(caller.lang);
    let today = lookup::today();
    for period in recent_periods(caller) {
        let announced = (period.ends_on() - today).num_days() <= ANNOUNCE_DAYS;
        if !reporter.reports_for(&period) || !announced {
            continue;
        }
        let sent = state
            .store
            .submission_of(&period.code(), &reporter.submitter)
            .await?;
        let returned = sent
            .as_ref()
            .is_some_and(|s| s.status == SubmissionStatus::Returned);
        if sent.is_some() && !returned {
            continue;
        }
        let (detail, late) = deadline(tr, &period);
        due.push(Due {
            title: format!(
                "{} {}",
                tr.t(if returned { "due.resend" } else { "due.send" }),
                crate::labels::period(caller.lang, &period)
            ),
            detail,
            href: "/bao-cao-dinh-ky".into(),
            tone: if late || returned { "late" } else { "soon" },
        });
    }
    Ok(())
}

async fn reports_to_review(
    state: &AppState,
    caller: &Caller,
    due: &mut Vec<Due>,
) -> Result<(), Failure> {
    if !caller.user.role.can(Action::ReviewReports) {
        return Ok(());
    }
    let Some(unit) = crate::access::scope_unit(state, &caller.user.scope).await? else {
        return Ok(());
    };
    let tr = Tr(caller.lang);
    let day = format_vi(lookup::day_within(&unit));
    let completeness = |period: &str, filter: &str| {
        format!("/don-vi/{}/tong-hop/{period}?ngay={day}{filter}", unit.code)
    };
    let mut waiting_by_period: Vec<(Period, usize)> = Vec::new();
    for period in recent_periods(caller) {
        let mut waiting = 0;
        for submission in state.store.submissions(&period.code()).await? {
            if submission.status == SubmissionStatus::Submitted
                && may_review(state, caller, &submission).await?
            {
                waiting += 1;
            }
        }
        if waiting > 0 {
            waiting_by_period.push((period, waiting));
        }
    }
    for (period, waiting) in waiting_by_period {
        due.push(Due {
            title: format!(
                "{} {}",
                tr.t("due.review"),
                crate::labels::period(caller.lang, &period)
            ),
            detail: format!("{waiting} {}", tr.t("due.reports_waiting")),
            href: completeness(&period.code(), "&trang-thai=can-duyet"),
            tone: "waiting",
        });
    }
    // Corrections asked of approved reports of the last two cohorts.
    let latest = lookup::latest_cohort_for(state, &caller.user.scope).await?;
    let mut approved: HashMap<i64, Submission> = HashMap::new();
    for year in [latest, latest - 1] {
        for submission in state.store.approved_submissions(year).await? {
            approved.insert(submission.id, submission);
        }
    }
    let ids: Vec<i64> = approved.keys().copied().collect();
    let mut pending_by_period: HashMap<String, usize> = HashMap::new();
    for correction in state.store.corrections_of(&ids).await? {
        if correction.status != store::CorrectionStatus::Pending {
            continue;
        }
        if let Some(submission) = approved.get(&correction.submission_id)
            && may_review(state, caller, submission).await?
        {
            *pending_by_period
                .entry(submission.period.clone())
                .or_default() += 1;
        }
    }
    let mut pending: Vec<_> = pending_by_period.into_iter().collect();
    pending.sort();
    for (period_code, count) in pending {
        let label = crate::labels::period_code(caller.lang, &period_code);
        due.push(Due {
            title: format!("{} {label}", tr.t("due.corrections")),
            detail: format!("{count} {}", tr.t("due.corrections_waiting")),
            href: completeness(&period_code, ""),
            tone: "waiting",
        });
    }
    Ok(())
}

/// Whether a school has recorded any graduate of a cohort, at any of its levels.
async fn has_graduates(state: &AppState, school: &Institution, year: i32) -> Result<bool, Failure> {
    for level in analytics::engine::levels_of(school.kind) {
        let facets = state.analytics.school(&school.code, year, level).await?;
        if analytics::tally::total(&facets.tally(analytics::tally::Filter::default())) > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn imports_expected(
    state: &AppState,
    caller: &Caller,
    due: &mut Vec<Due>,
) -> Result<(), Failure> {
    let tr = Tr(caller.lang);
    let year = lookup::latest_cohort_for(state, &caller.user.scope).await?;
    match &caller.user.scope {
        Scope::Institution { code } if caller.user.role.can(Action::EditGraduate) => {
            if let Some(school) = state.store.institution(code).await?
                && !analytics::engine::levels_of(school.kind).is_empty()
                && !has_graduates(state, &school, year).await?
            {
                due.push(Due {
                    title: format!("{} {year}", tr.t("due.import_own")),
                    detail: school.name.clone(),
                    href: format!("/co-so/{}/nhap", school.code),
                    tone: "soon",
                });
            }
        }
        Scope::Unit { .. } if caller.user.role.can(Action::ViewPersons) => {
            let Some(unit) = crate::access::scope_unit(state, &caller.user.scope).await? else {
                return Ok(());
            };
            if !unit.validity.contains(lookup::today()) {
                return Ok(());
            }
            let mut missing = Vec::new();
            for (submitter, name, _) in expected_submitters(state, &unit).await? {
                let Submitter::Institution(code) = submitter else {
                    continue;
                };
                let Some(school) = state.store.institution(&code).await? else {
                    continue;
                };
                if !has_graduates(state, &school, year).await? {
                    missing.push((code, name));
                }
            }
            // A few schools one by one; many in one line that opens the unit's list of schools.
            if missing.len() <= 5 {
                for (code, name) in missing {
                    due.push(Due {
                        title: format!("{} {year}", tr.t("due.import_school")),
                        detail: name,
                        href: format!("/co-so/{code}"),
                        tone: "soon",
                    });
                }
            } else {
                let first: Vec<&str> = missing.iter().take(3).map(|(_, n)| n.as_str()).collect();
                due.push(Due {
                    title: format!(
                        "{} {} {year}",
                        missing.len(),
                        tr.t("due.schools_without_list")
                    ),
                    detail: format!("{}, …", first.join(", ")),
                    href: crate::pages::unit_href(&unit),
                    tone: "soon",
                });
            }
        }
        _ => {}
    }
    Ok(())
}
