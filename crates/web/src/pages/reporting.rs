//! The reporting cycle as a school, a commune or a district sees it (`/bao-cao-dinh-ky`): its
//! periods with their deadlines, what it has sent and what came back, and the button that sends
//! the period's report — the figures as they stand, frozen into the submission.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::period::Period;
use domain::{Action, Scope};
use serde::Deserialize;
use store::{NewSubmission, StoreError, Submitter};

use super::feedback::{Confirmed, Notice};
use super::{Chrome, Form, Link, check_csrf, render};
use crate::access::scope_unit;
use crate::audit;
use crate::auth::PageCaller;
use crate::failure::{Failure, PageFailure};
use crate::i18n::Tr;
use crate::lookup;
use crate::reporting::{Reporter, figures_of, own_submitter, refuse_locked};
use crate::state::AppState;

struct PeriodRow {
    code: String,
    label: String,
    due: String,
    status: String,
    status_code: &'static str,
    sent: String,
    late: String,
    comment: String,
    can_send: bool,
}

#[derive(Template)]
#[template(path = "reporting.html")]
struct ReportingPage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    submitter: Option<String>,
    periods: Vec<PeriodRow>,
    reviews: Vec<Link>,
    downloads: Vec<Link>,
    /// The confirmation of what was just done.
    notice: Option<&'static str>,
}

fn day(at: chrono::DateTime<Utc>) -> chrono::NaiveDate {
    at.date_naive()
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    confirmed: Confirmed,
) -> Result<Response, PageFailure> {
    let today = lookup::today();
    let role = caller.user.role;
    let recent: Vec<Period> = Period::recent(
        today,
        role.reports_in(domain::period::PeriodKind::Quarter(1)),
    )
    .into_iter()
    .filter(|p| role.reports_in(p.kind))
    .collect();
    let own = own_submitter(&state, &caller).await?;
    let mut periods = Vec::new();
    if let Some(Reporter { submitter, .. }) = &own {
        for period in &recent {
            let sent = state.store.submission_of(&period.code(), submitter).await?;
            let (status, status_code, sent_on, late, comment, can_send) = match &sent {
                Some(s) => (
                    s.status.label().to_string(),
                    s.status.code(),
                    interchange::dates::format_vi(day(s.first_submitted_at)),
                    period.days_late(day(s.first_submitted_at)),
                    s.review_comment.clone(),
                    s.status != store::SubmissionStatus::Approved,
                ),
                None => (
                    "Chưa gửi".to_string(),
                    "missing",
                    String::new(),
                    period.days_late(today),
                    String::new(),
                    true,
                ),
            };
            periods.push(PeriodRow {
                code: period.code(),
                label: period.label(),
                due: interchange::dates::format_vi(period.due_on()),
                status,
                status_code,
                sent: sent_on,
                late: if late > 0 {
                    format!("{late} ngày")
                } else {
                    String::new()
                },
                comment,
                can_send,
            });
        }
    }
    let mut reviews = Vec::new();
    let mut downloads = Vec::new();
    if caller.user.role.can(Action::ReviewReports)
        && let Some(unit) = scope_unit(&state, &caller.user.scope).await?
    {
        for period in &recent {
            reviews.push(Link {
                href: format!("/don-vi/{}/tong-hop/{}", unit.code, period.code()),
                label: format!("{} — {}", period.label(), unit.name),
            });
        }
    }
    if caller.user.scope == Scope::Everywhere {
        reviews.push(Link {
            href: "/don-vi".into(),
            label: "Chọn tỉnh để xem tình hình nộp báo cáo".into(),
        });
    }
    if let Some(Reporter { submitter, .. }) = &own {
        let year = lookup::latest_cohort_year();
        match submitter {
            Submitter::Unit(id) => {
                if let Some(unit) = state.store.unit(*id).await? {
                    for (file, label) in [
                        ("streaming.xlsx", "Báo cáo kết quả phân luồng (XLSX)"),
                        ("streaming.pdf", "Báo cáo kết quả phân luồng (PDF)"),
                        ("not-continuing.xlsx", "Danh sách không tiếp tục học (XLSX)"),
                    ] {
                        downloads.push(Link {
                            href: format!("/don-vi/{}/bao-cao/{file}?nam={year}", unit.code),
                            label: format!("{label}, năm {year}"),
                        });
                    }
                }
            }
            Submitter::Institution(code) => downloads.push(Link {
                href: format!("/co-so/{code}/bao-cao/not-continuing.xlsx?nam={year}"),
                label: format!("Danh sách không tiếp tục học (XLSX), năm {year}"),
            }),
        }
    }
    let page = ReportingPage {
        tr: Tr(caller.lang),
        csrf: caller.csrf_token.clone(),
        submitter: own.map(|reporter| reporter.name),
        periods,
        reviews,
        downloads,
        notice: confirmed.text(caller.lang),
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct SubmitForm {
    csrf: String,
    #[serde(default)]
    note: String,
}

pub async fn submit(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    Form(form): Form<SubmitForm>,
) -> Result<Response, PageFailure> {
    check_csrf(&caller, &form.csrf)?;
    let period = Period::parse(&code)
        .ok_or_else(|| Failure::NotFound(format!("kỳ báo cáo “{code}”").into()))?;
    if !caller.user.role.reports_in(period.kind) {
        return Err(Failure::BadRequest(
            format!(
                "Kỳ {} không thuộc chế độ báo cáo của tài khoản này.",
                period.label()
            )
            .into(),
        )
        .into());
    }
    if period.starts_on() > lookup::today() {
        return Err(Failure::BadRequest(
            format!("Kỳ {} chưa bắt đầu; chưa thể gửi báo cáo.", period.label()).into(),
        )
        .into());
    }
    let Some(Reporter {
        submitter,
        unit_id,
        province_code,
        ..
    }) = own_submitter(&state, &caller).await?
    else {
        crate::access::require_role(&state, &caller, Action::SubmitReport).await?;
        return Err(Failure::Forbidden.into());
    };
    let note = domain::text::clean(&form.note);
    domain::limits::SUBMISSION_NOTE.check(&note)?;
    let submission = NewSubmission {
        province_code,
        period: period.code(),
        cohort_year: period.cohort_year(),
        figures: figures_of(&state, &submitter, period.cohort_year()).await?,
        submitter,
        unit_id,
        note,
        username: caller.user.username.clone(),
        at: Utc::now(),
    };
    match state.store.submit_report(&submission).await {
        Ok(saved) => {
            audit::record_user(
                &state,
                &caller.user,
                "submit_report",
                "report",
                &saved.id.to_string(),
                &saved.period,
            )
            .await;
            Ok(Redirect::to(&Notice::ReportSent.after("/bao-cao-dinh-ky")).into_response())
        }
        Err(StoreError::Locked(_)) => {
            let approved = state
                .store
                .submission_of(&submission.period, &submission.submitter)
                .await?
                .ok_or(Failure::Internal)?;
            Err(refuse_locked(
                &state,
                &caller,
                &approved,
                "report",
                &approved.id.to_string(),
            )
            .await
            .into())
        }
        Err(other) => Err(Failure::from(other).into()),
    }
}
