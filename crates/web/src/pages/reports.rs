//! Downloads of the official reports (XLSX, PDF, CSV) of a unit or a school, built from the
//! live figures on request: `/don-vi/{code}/bao-cao/streaming.xlsx?nam=2023`. A report that
//! lists persons is personal data: only for those who may see it, and every export is audited.

use crate::extract::{Path, Query};
use analytics::reports::{ReportError, ReportInput, Subject, build};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::Action;
use domain::report::{ReportFormat, ReportKind};
use serde::Deserialize;

use crate::access::{require_records, require_unit};
use crate::audit;
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, Msg, PageFailure};
use crate::lookup;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ReportQuery {
    nam: Option<i32>,
    /// The day whose administrative tree the unit code is read in (default the closing day of
    /// the year's report, 14/12).
    ngay: Option<String>,
}

/// "streaming.xlsx" → the report and the format.
fn parse_file(file: &str) -> Result<(ReportKind, ReportFormat), Failure> {
    let unknown = || {
        Failure::NotFound(Msg::new(
            format!("báo cáo “{file}”"),
            format!("the report “{file}”"),
        ))
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(unknown)?;
    Ok((
        ReportKind::parse(name).ok_or_else(unknown)?,
        ReportFormat::parse(extension).ok_or_else(unknown)?,
    ))
}

async fn year_of(state: &AppState, caller: &Caller, query: &ReportQuery) -> Result<i32, Failure> {
    match query.nam {
        Some(year) => Ok(year),
        None => lookup::latest_cohort_for(state, &caller.user.scope).await,
    }
}

pub async fn of_unit(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((code, file)): Path<(String, String)>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageFailure> {
    let (kind, format) = parse_file(&file)?;
    let year = year_of(&state, &caller, &query).await?;
    let day = match query.ngay.as_deref().filter(|d| !d.is_empty()) {
        Some(raw) => lookup::parse_day(raw)?,
        None => domain::period::Period::year(year).ends_on(),
    };
    let unit = lookup::unit(&state, &code, Some(day)).await?;
    let action = if kind.holds_personal_data() {
        Action::ViewPersons
    } else {
        Action::ViewUnit
    };
    require_unit(&state, &caller, action, &unit).await?;
    let subject = Subject::Unit(unit);
    Ok(deliver(&state, &caller, kind, format, &subject, &code, year).await?)
}

pub async fn of_school(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((code, file)): Path<(String, String)>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageFailure> {
    let (kind, format) = parse_file(&file)?;
    let year = year_of(&state, &caller, &query).await?;
    let school = lookup::institution(&state, &code).await?;
    // The list spans the year's cohort and the two before it; the newest decides (an officer
    // who may see it may see the older ones too, whichever tree they were in).
    require_records(&state, &caller, Action::ViewPersons, &school, year).await?;
    let subject = Subject::School(school);
    Ok(deliver(&state, &caller, kind, format, &subject, &code, year).await?)
}

async fn deliver(
    state: &AppState,
    caller: &Caller,
    kind: ReportKind,
    format: ReportFormat,
    subject: &Subject,
    code: &str,
    year: i32,
) -> Result<Response, Failure> {
    let input = ReportInput {
        engine: &state.analytics,
        store: state.store.as_ref(),
        subject,
        year,
        today: lookup::today(),
    };
    let document = build(kind, &input).await.map_err(|error| match error {
        ReportError::Store(error) => Failure::from(error),
        refusal => Failure::BadRequest(refusal.to_string().into()),
    })?;
    // Typesetting a PDF takes a core for a while: off the async workers, under the CPU bound.
    let (document, rendered) = crate::cpu::run(move || {
        let rendered = interchange::export::render(&document, format);
        (document, rendered)
    })
    .await?;
    let bytes = rendered.map_err(|error| {
        tracing::error!(error = %error, report = kind.code(), "không xuất được báo cáo");
        Failure::Internal
    })?;
    if kind.holds_personal_data() {
        let rows: usize = document.tables.iter().map(|t| t.rows.len()).sum();
        audit::record_user(
            state,
            &caller.user,
            "export_report",
            "report",
            &format!("{}/{code}/{year}", kind.code()),
            &format!("{rows} dòng, {}", format.extension()),
        )
        .await;
    }
    let file_name = format!("{}.{}", document.file_stem(code, year), format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            // Figures change with every write; a report is always built afresh.
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
