//! The unit above's side of the cycle (`/don-vi/{code}/tong-hop/{period}`): which schools and
//! communes have sent the period's report, which were late and by how many days, which have not
//! sent it; approving (which locks the figures) or returning a report with a comment; and the
//! corrections asked for locked figures, approved (then applied) or refused.

use std::collections::HashMap;

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::period::Period;
use domain::{Action, Destination};
use serde::Deserialize;
use store::{Review, StoreError, Submitter};

use super::feedback::{Confirmed, Notice};
use super::{Chrome, Form, check_csrf, render};
use crate::access::require_unit;
use crate::audit;
use crate::auth::{Caller, PageCaller};
use crate::failure::Msg;
use crate::failure::{Failure, PageFailure};
use crate::i18n::Tr;
use crate::labels;
use crate::lookup;
use crate::reporting::{
    expected_submitters, graduates_in, may_review, refuse_locked, require_reviewer,
};
use crate::state::AppState;

struct SubmitterRow {
    name: String,
    status: String,
    status_code: &'static str,
    sent: String,
    late: String,
    graduates: String,
    note: String,
    comment: String,
    /// The submission to decide on, when it waits and the caller may decide.
    decide: Option<i64>,
}

struct CorrectionRow {
    id: i64,
    graduate_href: String,
    change: String,
    reason: String,
    asked: String,
    status: &'static str,
    pending: bool,
}

#[derive(Template)]
#[template(path = "completeness.html")]
struct CompletenessPage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    unit_name: String,
    period_label: String,
    due: String,
    back: String,
    expected: usize,
    sent: usize,
    on_time: usize,
    late: usize,
    missing: usize,
    approved: usize,
    rows: Vec<SubmitterRow>,
    corrections: Vec<CorrectionRow>,
    may_decide: bool,
    /// The confirmation of the decision just taken.
    notice: Option<&'static str>,
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((code, period_code)): Path<(String, String)>,
    confirmed: Confirmed,
) -> Result<Response, PageFailure> {
    let period = Period::parse(&period_code).ok_or_else(|| {
        Failure::NotFound(Msg::new(
            format!("kỳ báo cáo “{period_code}”"),
            format!("the reporting period “{period_code}”"),
        ))
    })?;
    let (lang, tr) = (caller.lang, Tr(caller.lang));
    let unit = lookup::unit(&state, &code, Some(period.ends_on())).await?;
    require_unit(&state, &caller, Action::ViewUnit, &unit).await?;
    let today = lookup::today();
    let submissions: HashMap<Submitter, store::Submission> = state
        .store
        .submissions(&period.code())
        .await?
        .into_iter()
        .map(|s| (s.submitter.clone(), s))
        .collect();
    let expected = expected_submitters(&state, &unit).await?;
    let (mut sent, mut on_time, mut late, mut approved) = (0, 0, 0, 0);
    let mut rows = Vec::with_capacity(expected.len());
    let mut decided_ids = Vec::new();
    for (submitter, name, _) in &expected {
        let row = match submissions.get(submitter) {
            Some(s) => {
                sent += 1;
                let days = period.days_late(s.first_submitted_at.date_naive());
                if days > 0 {
                    late += 1;
                } else {
                    on_time += 1;
                }
                if s.status == store::SubmissionStatus::Approved {
                    approved += 1;
                    decided_ids.push(s.id);
                }
                let waiting = s.status == store::SubmissionStatus::Submitted;
                SubmitterRow {
                    name: name.clone(),
                    status: labels::submission_status(lang, s.status).into(),
                    status_code: s.status.code(),
                    sent: interchange::dates::format_vi(s.first_submitted_at.date_naive()),
                    late: if days > 0 {
                        format!("{days} {}", tr.t("common.days"))
                    } else {
                        tr.t("review.on_time_short").into()
                    },
                    graduates: domain::report::format_count(graduates_in(&s.figures)),
                    note: s.note.clone(),
                    comment: s.review_comment.clone(),
                    decide: (waiting && may_review(&state, &caller, s).await?).then_some(s.id),
                }
            }
            None => {
                let overdue = period.days_late(today);
                SubmitterRow {
                    name: name.clone(),
                    status: labels::not_sent(lang).into(),
                    status_code: "missing",
                    sent: String::new(),
                    late: if overdue > 0 {
                        format!(
                            "{} {overdue} {}",
                            tr.t("review.overdue"),
                            tr.t("common.days")
                        )
                    } else {
                        String::new()
                    },
                    graduates: String::new(),
                    note: String::new(),
                    comment: String::new(),
                    decide: None,
                }
            }
        };
        rows.push(row);
    }
    let mut corrections = Vec::new();
    for c in state.store.corrections_of(&decided_ids).await? {
        corrections.push(CorrectionRow {
            id: c.id,
            graduate_href: format!("/hoc-sinh/{}", c.graduate_id),
            change: format!(
                "{}: {} → {}",
                tr.t("graduates.destination"),
                Destination::parse(&c.old_value)
                    .map_or(c.old_value.as_str(), |d| labels::destination(lang, d)),
                Destination::parse(&c.new_value)
                    .map_or(c.new_value.as_str(), |d| labels::destination(lang, d))
            ),
            reason: c.reason.clone(),
            asked: format!(
                "{} ({})",
                c.requested_by,
                interchange::dates::format_vi(c.requested_at.date_naive())
            ),
            status: labels::correction_status(lang, c.status),
            pending: c.status == store::CorrectionStatus::Pending,
        });
    }
    let may_decide = caller.user.role.can(Action::ReviewReports);
    let page = CompletenessPage {
        tr: Tr(caller.lang),
        csrf: caller.csrf_token.clone(),
        unit_name: unit.name.clone(),
        period_label: labels::period(lang, &period),
        due: interchange::dates::format_vi(period.due_on()),
        back: format!("/don-vi/{}/tong-hop/{}", unit.code, period.code()),
        expected: expected.len(),
        sent,
        on_time,
        late,
        missing: expected.len() - sent,
        approved,
        rows,
        corrections,
        may_decide,
        notice: confirmed.text(caller.lang),
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    #[serde(default)]
    comment: String,
    /// The page to return to (one of ours).
    #[serde(default)]
    back: String,
}

/// The page the decision was taken on, with its confirmation.
fn back_to(form: &DecisionForm, notice: Notice) -> Redirect {
    Redirect::to(&notice.after(super::local_path(&form.back, "/bao-cao-dinh-ky")))
}

async fn decide_submission(
    state: &AppState,
    caller: &Caller,
    id: i64,
    form: &DecisionForm,
    approve: bool,
) -> Result<Response, PageFailure> {
    check_csrf(caller, &form.csrf)?;
    let submission = state.store.submission(id).await?.ok_or_else(|| {
        Failure::NotFound(Msg::new(
            format!("báo cáo #{id}"),
            format!("the report #{id}"),
        ))
    })?;
    if submission.status == store::SubmissionStatus::Approved {
        return Err(
            refuse_locked(state, caller, &submission, "report", &id.to_string())
                .await
                .into(),
        );
    }
    require_reviewer(state, caller, &submission, "report", id).await?;
    let comment = domain::text::clean(&form.comment);
    domain::limits::REVIEW_COMMENT.check(&comment)?;
    if !approve && comment.is_empty() {
        return Err(Failure::BadRequest(Msg::new(
            "Trả lại báo cáo cần ghi rõ lý do (ý kiến) để đơn vị sửa.",
            "Returning a report needs its reason (a comment), for the unit to correct it.",
        ))
        .into());
    }
    let review = Review {
        approve,
        username: caller.user.username.clone(),
        comment,
        at: Utc::now(),
    };
    match state.store.review_submission(id, &review).await {
        Ok(_) => {}
        Err(StoreError::Locked(_)) => {
            return Err(
                refuse_locked(state, caller, &submission, "report", &id.to_string())
                    .await
                    .into(),
            );
        }
        Err(other) => return Err(Failure::from(other).into()),
    }
    audit::record_user(
        state,
        &caller.user,
        if approve {
            "approve_report"
        } else {
            "return_report"
        },
        "report",
        &id.to_string(),
        &submission.period,
    )
    .await;
    let notice = if approve {
        Notice::ReportApproved
    } else {
        Notice::ReportReturned
    };
    Ok(back_to(form, notice).into_response())
}

pub async fn approve(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageFailure> {
    decide_submission(&state, &caller, id, &form, true).await
}

pub async fn send_back(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageFailure> {
    decide_submission(&state, &caller, id, &form, false).await
}

async fn decide_correction(
    state: &AppState,
    caller: &Caller,
    id: i64,
    form: &DecisionForm,
    approve: bool,
) -> Result<Response, PageFailure> {
    check_csrf(caller, &form.csrf)?;
    let correction = state.store.correction(id).await?.ok_or_else(|| {
        Failure::NotFound(Msg::new(
            format!("đề nghị điều chỉnh #{id}"),
            format!("the correction #{id}"),
        ))
    })?;
    let submission = state
        .store
        .submission(correction.submission_id)
        .await?
        .ok_or(Failure::Internal)?;
    require_reviewer(state, caller, &submission, "correction", id).await?;
    let graduate = state
        .store
        .graduate(correction.graduate_id)
        .await?
        .ok_or_else(|| {
            Failure::NotFound(Msg::new(
                format!("hồ sơ học sinh #{}", correction.graduate_id),
                format!("the student record #{}", correction.graduate_id),
            ))
        })?;
    if correction.status != store::CorrectionStatus::Pending {
        return Err(already_decided(id).into());
    }
    domain::limits::REVIEW_COMMENT.check(&domain::text::clean(&form.comment))?;
    let review = Review {
        approve,
        username: caller.user.username.clone(),
        comment: domain::text::clean(&form.comment),
        at: Utc::now(),
    };
    if approve {
        let destination = Destination::parse(&correction.new_value).ok_or(Failure::Internal)?;
        let mut data = graduate.data.clone();
        data.destination = destination;
        data.destination_source = format!(
            "điều chỉnh #{id} (đề nghị của {}, duyệt bởi {})",
            correction.requested_by, caller.user.username
        );
        let plan = super::graduates::edit_plan(
            &caller.user.username,
            &graduate,
            data,
            &format!("điều chỉnh #{id}"),
        );
        let empty = store::GraduatePlan {
            inserts: Vec::new(),
            updates: Vec::new(),
            username: caller.user.username.clone(),
            source: String::new(),
            at: review.at,
        };
        // The decision and the change are one transaction: a second approval of the same
        // request (a double click) finds it decided and writes nothing.
        match state
            .store
            .approve_correction(id, &review, plan.as_ref().unwrap_or(&empty))
            .await
        {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => {
                return Err(already_decided(id).into());
            }
            Err(other) => return Err(Failure::from(other).into()),
        }
    } else {
        match state.store.review_correction(id, &review).await {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => {
                return Err(already_decided(id).into());
            }
            Err(other) => return Err(Failure::from(other).into()),
        }
    }
    audit::record_user(
        state,
        &caller.user,
        if approve {
            "approve_correction"
        } else {
            "reject_correction"
        },
        "graduate",
        &graduate.id.to_string(),
        &format!("đề nghị #{id}"),
    )
    .await;
    let notice = if approve {
        Notice::CorrectionApproved
    } else {
        Notice::CorrectionRejected
    };
    Ok(back_to(form, notice).into_response())
}

pub async fn approve_correction(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageFailure> {
    decide_correction(&state, &caller, id, &form, true).await
}

pub async fn reject_correction(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageFailure> {
    decide_correction(&state, &caller, id, &form, false).await
}

/// A correction decided already (by another reviewer, or by a double click).
fn already_decided(id: i64) -> Failure {
    Failure::Conflict(Msg::new(
        format!("Đề nghị điều chỉnh #{id} đã được quyết định."),
        format!("The correction #{id} has been decided already."),
    ))
}
