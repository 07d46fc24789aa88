//! The unit above's side of the cycle (`/don-vi/{code}/tong-hop/{period}`): which schools and
//! communes have sent the period's report, which were late and by how many days, which have not
//! sent it; approving (which locks the figures) or returning a report with a comment; and the
//! corrections asked for locked figures, approved (then applied) or refused.

use std::collections::HashMap;

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::period::Period;
use domain::{Action, Destination};
use serde::Deserialize;
use store::{Review, StoreError, Submitter};

use super::feedback::{Confirmed, Notice};
use super::{Chrome, Form, Link, check_csrf, render};
use crate::access::require_unit;
use crate::audit;
use crate::auth::{Caller, PageCaller};
use crate::failure::Msg;
use crate::failure::{Failure, PageFailure};
use crate::i18n::Tr;
use crate::labels;
use crate::lookup;
use crate::reporting::{
    Standing, decides_on, expected_submitters, graduates_in, heirs_of, may_review, refuse_locked,
    require_reviewer, standing,
};
use crate::state::AppState;

struct SubmitterRow {
    name: String,
    href: Option<String>,
    /// For a body of the period's tree that has ended since: where its work went.
    now_in: String,
    /// The unit of the period's tree the row reports to, when the page answers for several.
    group: String,
    kind: &'static str,
    status: String,
    status_code: &'static str,
    sent: String,
    late: String,
    overdue: bool,
    graduates: String,
    note: String,
    comment: String,
    /// The submission to decide on, when it waits and the caller may decide.
    decide: Option<i64>,
}

impl SubmitterRow {
    /// Rows needing the reader first: reports waiting for their decision, then missing reports
    /// past the deadline, returned ones, the rest; Vietnamese order within each.
    fn urgency(&self) -> u8 {
        match (self.decide.is_some(), self.status_code) {
            (true, _) => 0,
            (_, "missing") if self.overdue => 1,
            (_, "returned") => 2,
            (_, "missing") => 3,
            (_, "submitted") => 4,
            _ => 5,
        }
    }
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

/// The filters and order of the completeness page, from its query string.
#[derive(Deserialize, Default)]
pub struct CompletenessQuery {
    /// The day that names which version of the unit's code is meant (as on unit pages).
    ngay: Option<String>,
    #[serde(rename = "trang-thai", default)]
    status: String,
    #[serde(rename = "loai", default)]
    kind: String,
    #[serde(rename = "tim", default)]
    search: String,
    #[serde(rename = "sap-xep", default)]
    order: String,
}

/// A choice of a filter, with whether it is the one applied.
struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

fn choices(tr: Tr, options: &[(&'static str, &'static str)], current: &str) -> Vec<Choice> {
    options
        .iter()
        .map(|(value, key)| Choice {
            value,
            label: tr.t(key),
            selected: *value == current,
        })
        .collect()
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
    action: String,
    day: String,
    expected: usize,
    sent: usize,
    on_time: usize,
    late: usize,
    missing: usize,
    approved: usize,
    waiting_for_me: usize,
    shown: usize,
    rows: Vec<SubmitterRow>,
    corrections: Vec<CorrectionRow>,
    may_decide: bool,
    /// Said at the top when the unit is not the one that answers for this period today.
    standing_note: String,
    elsewhere: Vec<Link>,
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
    orders: Vec<Choice>,
    search: String,
    /// The confirmation of the decision just taken.
    notice: Option<&'static str>,
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((code, period_code)): Path<(String, String)>,
    Query(query): Query<CompletenessQuery>,
    confirmed: Confirmed,
) -> Result<Response, PageFailure> {
    let period = Period::parse(&period_code).ok_or_else(|| {
        Failure::NotFound(Msg::new(
            format!("kỳ báo cáo “{period_code}”"),
            format!("the reporting period “{period_code}”"),
        ))
    })?;
    let lang = caller.lang;
    let unit = match query.ngay.as_deref().filter(|d| !d.is_empty()) {
        Some(raw) => lookup::unit(&state, &code, Some(lookup::parse_day(raw)?)).await?,
        // Without a day, the version of the code in the period's own tree, else the latest.
        None => match lookup::unit(&state, &code, Some(period.ends_on())).await {
            Ok(unit) => unit,
            Err(_) => lookup::unit(&state, &code, None).await?,
        },
    };
    require_unit(&state, &caller, Action::ViewUnit, &unit).await?;
    let tr = Tr(caller.lang);
    let today = lookup::today();
    let day = interchange::dates::format_vi(lookup::day_within(&unit));
    let completeness_href = |u: &store::Unit| {
        format!(
            "/don-vi/{}/tong-hop/{}?ngay={}",
            u.code,
            period.code(),
            interchange::dates::format_vi(lookup::day_within(u))
        )
    };
    let heir_links = |heirs: &[store::Unit]| -> Vec<Link> {
        heirs
            .iter()
            .map(|h| Link {
                href: completeness_href(h),
                label: h.name.clone(),
            })
            .collect()
    };
    // Whom the page answers for: the unit itself, the units it succeeded (a period before it was
    // formed), or nobody (a period after it ended: the page says where the work went).
    let mut standing_note = String::new();
    let mut elsewhere = Vec::new();
    // The caller decides only while their own unit is in office (an administrator always).
    let caller_in_office = match crate::access::scope_unit(&state, &caller.user.scope).await? {
        Some(own) => decides_on(&own, today),
        None => caller.user.scope == domain::Scope::Everywhere,
    };
    let ended_note = |on: chrono::NaiveDate| {
        format!(
            "{} {} {}.",
            unit.name,
            tr.t("review.ended_on"),
            interchange::dates::format_vi(on)
        )
    };
    let answers_for: Vec<store::Unit> = match standing(&state, &unit, &period).await? {
        Standing::InOffice => {
            if let Some(end) = unit.validity.to.filter(|_| !decides_on(&unit, today)) {
                standing_note = ended_note(end);
                if !caller_in_office {
                    standing_note = format!("{standing_note} {}", tr.t("review.read_only"));
                    elsewhere = heir_links(&heirs_of(&state, &unit).await?);
                }
            }
            vec![unit.clone()]
        }
        Standing::Ended { on, heirs } => {
            standing_note = format!("{} {}", ended_note(on), tr.t("review.period_went"));
            elsewhere = heir_links(&heirs);
            Vec::new()
        }
        Standing::Heir { predecessors } => {
            if !predecessors.is_empty() {
                standing_note = format!(
                    "{} {} {}: {}.",
                    tr.t("review.answers_for"),
                    labels::period(lang, &period),
                    tr.t("review.of_units"),
                    predecessors
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            predecessors
        }
    };
    let submissions: HashMap<Submitter, store::Submission> = state
        .store
        .submissions(&period.code())
        .await?
        .into_iter()
        .map(|s| (s.submitter.clone(), s))
        .collect();
    let several = answers_for.len() > 1 || answers_for.first().is_some_and(|u| u.id != unit.id);
    let mut expected = Vec::new();
    for reviewer in &answers_for {
        for entry in expected_submitters(&state, reviewer).await? {
            expected.push((reviewer, entry));
        }
    }
    let (mut sent, mut on_time, mut late, mut approved) = (0, 0, 0, 0);
    let mut rows = Vec::with_capacity(expected.len());
    let mut decided_ids = Vec::new();
    for (reviewer, (submitter, name, _)) in &expected {
        let (kind, href, now_in) = match submitter {
            Submitter::Unit(id) => {
                let mut now_in = String::new();
                let mut href = None;
                if let Some(u) = state.store.unit(*id).await? {
                    href = Some(completeness_href(&u));
                    if !u.validity.contains(today) {
                        let heirs = heirs_of(&state, &u).await?;
                        now_in = heirs
                            .iter()
                            .take(4)
                            .map(|h| h.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ");
                        if heirs.len() > 4 {
                            now_in.push_str(", …");
                        }
                    }
                }
                ("don-vi", href, now_in)
            }
            Submitter::Institution(code) => {
                ("truong", Some(format!("/co-so/{code}")), String::new())
            }
        };
        let group = if several {
            reviewer.name.clone()
        } else {
            String::new()
        };
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
                    href,
                    now_in,
                    group,
                    kind,
                    status: labels::submission_status(lang, s.status).into(),
                    status_code: s.status.code(),
                    sent: interchange::dates::format_vi(s.first_submitted_at.date_naive()),
                    late: if days > 0 {
                        format!("{days} {}", tr.t("common.days"))
                    } else {
                        tr.t("review.on_time_short").into()
                    },
                    overdue: false,
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
                    href,
                    now_in,
                    group,
                    kind,
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
                    overdue: overdue > 0,
                    graduates: String::new(),
                    note: String::new(),
                    comment: String::new(),
                    decide: None,
                }
            }
        };
        rows.push(row);
    }
    let expected_count = rows.len();
    let waiting_for_me = rows.iter().filter(|r| r.decide.is_some()).count();
    let needle = domain::text::fold(&query.search);
    rows.retain(|row| {
        let status_ok = match query.status.as_str() {
            "" => true,
            "can-duyet" => row.decide.is_some(),
            "tre" => row.late.chars().next().is_some_and(|c| c.is_ascii_digit()) || row.overdue,
            code => row.status_code == code,
        };
        let kind_ok = query.kind.is_empty() || query.kind == row.kind;
        let name_ok = needle.is_empty()
            || domain::text::fold(&row.name).contains(&needle)
            || domain::text::fold(&row.group).contains(&needle);
        status_ok && kind_ok && name_ok
    });
    match query.order.as_str() {
        "ten" => {}
        "ngay-gui" => rows.sort_by(|a, b| {
            let key = |r: &SubmitterRow| {
                interchange::dates::parse_day_first(&r.sent).unwrap_or(chrono::NaiveDate::MAX)
            };
            key(a).cmp(&key(b))
        }),
        _ => rows.sort_by_key(SubmitterRow::urgency),
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
    let may_decide = caller.user.role.can(Action::ReviewReports) && caller_in_office;
    let action = format!("/don-vi/{}/tong-hop/{}", unit.code, period.code());
    let back = format!("{action}?ngay={day}");
    let page = CompletenessPage {
        csrf: caller.csrf_token.clone(),
        unit_name: unit.name.clone(),
        period_label: labels::period(lang, &period),
        due: interchange::dates::format_vi(period.due_on()),
        back,
        action,
        day,
        expected: expected_count,
        sent,
        on_time,
        late,
        missing: expected_count - sent,
        approved,
        waiting_for_me,
        shown: rows.len(),
        rows,
        corrections,
        may_decide,
        standing_note,
        elsewhere,
        statuses: choices(
            tr,
            &[
                ("", "review.filter_all"),
                ("can-duyet", "review.filter_mine"),
                ("submitted", "review.status_submitted"),
                ("missing", "review.status_missing"),
                ("tre", "review.filter_late"),
                ("returned", "review.status_returned"),
                ("approved", "review.status_approved"),
            ],
            &query.status,
        ),
        kinds: choices(
            tr,
            &[
                ("", "review.kind_all"),
                ("don-vi", "review.kind_units"),
                ("truong", "review.kind_schools"),
            ],
            &query.kind,
        ),
        orders: choices(
            tr,
            &[
                ("", "review.order_urgent"),
                ("ten", "review.order_name"),
                ("ngay-gui", "review.order_sent"),
            ],
            &query.order,
        ),
        search: query.search.clone(),
        notice: confirmed.text(caller.lang),
        chrome: Some(Chrome::of(&state, &caller).await),
        tr,
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
