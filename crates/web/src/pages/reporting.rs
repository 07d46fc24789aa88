//! The reporting cycle as a school, a commune or a district sees it (`/bao-cao-dinh-ky`): its
//! periods with their deadlines, what it has sent and what came back, and the button that sends
//! the period's report — the figures as they stand, frozen into the submission.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::period::Period;
use domain::report::ReportKind;
use domain::{Action, Scope};
use serde::Deserialize;
use store::{NewSubmission, StoreError, Submitter};

use super::feedback::{Confirmed, Notice};
use super::{Chrome, Form, Link, check_csrf, render};
use crate::access::scope_unit;
use crate::audit;
use crate::auth::PageCaller;
use crate::failure::Msg;
use crate::failure::{Failure, PageFailure};
use crate::i18n::{Lang, Tr};
use crate::labels;
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
    ended_note: String,
    heirs: Vec<Link>,
    reviews: Vec<Link>,
    downloads: Vec<Link>,
    /// The confirmation of what was just done.
    notice: Option<&'static str>,
}

/// "Báo cáo kết quả phân luồng học sinh (XLSX), năm 2026".
fn download_label(lang: Lang, kind: ReportKind, format: &str, year: i32) -> String {
    let name = labels::report(lang, kind);
    let format = format.to_uppercase();
    match lang {
        Lang::Vi => format!("{name} ({format}), năm {year}"),
        Lang::En => format!("{name} ({format}), {year}"),
    }
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
    let (lang, tr) = (caller.lang, Tr(caller.lang));
    let mut periods = Vec::new();
    // An account of a unit that ended keeps its own periods and is told where the later ones went.
    let mut ended_note = String::new();
    let mut heirs = Vec::new();
    if let Some(reporter) = &own
        && let Some(end) = reporter.in_office.to
        && recent.iter().any(|p| !reporter.reports_for(p))
        && let Some(unit) = state.store.unit(reporter.unit_id).await?
    {
        let tr = Tr(caller.lang);
        ended_note = format!(
            "{} {} {}. {}",
            reporter.name,
            tr.t("review.ended_on"),
            interchange::dates::format_vi(end),
            tr.t("reporting.went_to")
        );
        heirs = super::heir_links(&state, &unit).await?;
    }
    if let Some(reporter @ Reporter { submitter, .. }) = &own {
        for period in recent.iter().filter(|p| reporter.reports_for(p)) {
            let sent = state.store.submission_of(&period.code(), submitter).await?;
            let (status, status_code, sent_on, late, comment, can_send) = match &sent {
                Some(s) => (
                    labels::submission_status(lang, s.status).to_string(),
                    s.status.code(),
                    interchange::dates::format_vi(day(s.first_submitted_at)),
                    period.days_late(day(s.first_submitted_at)),
                    s.review_comment.clone(),
                    s.status != store::SubmissionStatus::Approved,
                ),
                None => (
                    labels::not_sent(lang).to_string(),
                    "missing",
                    String::new(),
                    period.days_late(today),
                    String::new(),
                    true,
                ),
            };
            periods.push(PeriodRow {
                code: period.code(),
                label: labels::period(lang, period),
                due: interchange::dates::format_vi(period.due_on()),
                status,
                status_code,
                sent: sent_on,
                late: if late > 0 {
                    format!("{late} {}", tr.t("common.days"))
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
        // Pinned to a day of the unit's own version: code 80 was Long An and is Tây Ninh.
        let day = interchange::dates::format_vi(lookup::day_within(&unit));
        for period in &recent {
            reviews.push(Link {
                href: format!(
                    "/don-vi/{}/tong-hop/{}?ngay={day}",
                    unit.code,
                    period.code()
                ),
                label: format!("{} — {}", labels::period(lang, period), unit.name),
            });
        }
    }
    if caller.user.scope == Scope::Everywhere {
        reviews.push(Link {
            href: "/don-vi".into(),
            label: tr.t("reporting.choose_province").into(),
        });
    }
    if let Some(Reporter { submitter, .. }) = &own {
        let year = lookup::latest_cohort_for(&state, &caller.user.scope).await?;
        match submitter {
            Submitter::Unit(id) => {
                if let Some(unit) = state.store.unit(*id).await? {
                    let day = interchange::dates::format_vi(lookup::day_within(&unit));
                    for (kind, format) in [
                        (ReportKind::Streaming, "xlsx"),
                        (ReportKind::Streaming, "pdf"),
                        (ReportKind::NotContinuing, "xlsx"),
                    ] {
                        downloads.push(Link {
                            href: format!(
                                "/don-vi/{}/bao-cao/{}.{format}?nam={year}&ngay={day}",
                                unit.code,
                                kind.code()
                            ),
                            label: download_label(lang, kind, format, year),
                        });
                    }
                }
            }
            Submitter::Institution(code) => downloads.push(Link {
                href: format!("/co-so/{code}/bao-cao/not-continuing.xlsx?nam={year}"),
                label: download_label(lang, ReportKind::NotContinuing, "xlsx", year),
            }),
        }
    }
    let page = ReportingPage {
        tr: Tr(caller.lang),
        csrf: caller.csrf_token.clone(),
        submitter: own.map(|reporter| reporter.name),
        periods,
        ended_note,
        heirs,
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
    let period = Period::parse(&code).ok_or_else(|| {
        Failure::NotFound(Msg::new(
            format!("kỳ báo cáo “{code}”"),
            format!("the reporting period “{code}”"),
        ))
    })?;
    let (vi, en) = (period.label(), labels::period(Lang::En, &period));
    if !caller.user.role.reports_in(period.kind) {
        return Err(Failure::BadRequest(Msg::new(
            format!("Kỳ {vi} không thuộc chế độ báo cáo của tài khoản này."),
            format!("The period {en} is not one this account reports in."),
        ))
        .into());
    }
    if period.starts_on() > lookup::today() {
        return Err(Failure::BadRequest(Msg::new(
            format!("Kỳ {vi} chưa bắt đầu; chưa thể gửi báo cáo."),
            format!("The period {en} has not begun; its report cannot be sent yet."),
        ))
        .into());
    }
    let Some(reporter) = own_submitter(&state, &caller).await? else {
        crate::access::require_role(&state, &caller, Action::SubmitReport).await?;
        return Err(Failure::Forbidden.into());
    };
    if !reporter.reports_for(&period) {
        return Err(Failure::BadRequest(Msg::new(
            format!(
                "{} không còn hoạt động vào cuối kỳ {} nên không gửi báo cáo kỳ này; \
                 báo cáo do đơn vị kế nhiệm gửi.",
                reporter.name,
                period.label()
            ),
            format!(
                "{} was no longer in office at the end of {}, so it sends no report for it; \
                 its successor units do.",
                reporter.name,
                labels::period(caller.lang, &period)
            ),
        ))
        .into());
    }
    let Reporter {
        submitter,
        unit_id,
        province_code,
        ..
    } = reporter;
    let note = domain::text::clean(&form.note);
    domain::limits::SUBMISSION_NOTE.check(&note)?;
    let submission = NewSubmission {
        province_code,
        period: period.code(),
        cohort_year: period.cohort_year(),
        figures: figures_of(&state.analytics, &submitter, period.cohort_year()).await?,
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
