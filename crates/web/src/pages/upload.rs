//! Importing a student list from the web: the upload form, and its post, which checks the
//! session, the permission and the CSRF token before the file is read, streams the file to the
//! job's directory under a size cap and starts the background job (`upload_job`).

use std::path::PathBuf;

use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Action, Level};
use serde::Deserialize;
use store::Institution;

use super::upload_form::{Part, UploadForm, malformed_form, refuse_announced_size};
use super::upload_job::{Accepted, run_in_background};
use super::{Chrome, check_csrf, render};
use crate::access::require_institution;
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, Msg, PageFailure};
use crate::i18n::Tr;
use crate::jobs::{ImportSlot, Job, JobState};
use crate::state::AppState;
use crate::{audit, lookup};

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    school_code: String,
    school_name: String,
    /// The year as typed (a number, unless a refused form gives back what was typed).
    year: String,
    level_code: &'static str,
    levels: Vec<(&'static str, &'static str)>,
    max_upload_mb: u64,
    dry_run: bool,
    /// What is wrong with the year typed, shown beside it.
    year_error: Option<String>,
}

#[derive(Deserialize)]
pub struct CohortQuery {
    nam: Option<i32>,
    cap: Option<String>,
}

pub(super) async fn school_for_import(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<Institution, Failure> {
    let school = lookup::institution(state, code).await?;
    require_institution(state, caller, Action::EditGraduate, &school).await?;
    Ok(school)
}

pub async fn form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    Query(query): Query<CohortQuery>,
) -> Result<Response, PageFailure> {
    let school = school_for_import(&state, &caller, &code).await?;
    let level = query
        .cap
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or_else(|| lookup::default_level(school.kind));
    let year = query.nam.unwrap_or_else(lookup::latest_cohort_year);
    let typed = Fields {
        year: year.to_string(),
        level: level.code().into(),
        dry_run: false,
    };
    Ok(upload_page(&state, &caller, &school, &typed, None).await)
}

/// The upload form; with `year_error`, the form refused, what was typed kept, status 400.
async fn upload_page(
    state: &AppState,
    caller: &Caller,
    school: &Institution,
    typed: &Fields,
    year_error: Option<String>,
) -> Response {
    let level = Level::parse(&typed.level).unwrap_or_else(|| lookup::default_level(school.kind));
    let page = UploadPage {
        tr: Tr(caller.lang),
        csrf: caller.csrf_token.clone(),
        school_code: school.code.clone(),
        school_name: school.name.clone(),
        year: typed.year.clone(),
        level_code: level.code(),
        levels: Level::ALL
            .iter()
            .map(|l| (l.code(), crate::labels::level(caller.lang, *l)))
            .collect(),
        max_upload_mb: state.jobs.limits().max_upload_bytes.div_ceil(1024 * 1024),
        dry_run: typed.dry_run,
        chrome: Some(Chrome::of(state, caller).await),
        year_error,
    };
    if page.year_error.is_some() {
        return (axum::http::StatusCode::BAD_REQUEST, render(&page)).into_response();
    }
    render(&page)
}

/// The small fields of the form, as far as they have been read.
#[derive(Default)]
struct Fields {
    year: String,
    level: String,
    dry_run: bool,
}

impl Fields {
    fn take(&mut self, name: &str, value: String) {
        match name {
            "nam" => self.year = value,
            "cap" => self.level = value,
            "chay_thu" => self.dry_run = true,
            _ => {}
        }
    }

    fn year(&self) -> Result<i32, Failure> {
        let typed = self.year.trim();
        typed
            .parse()
            .ok()
            .filter(|year| (1990..=2100).contains(year))
            .ok_or_else(|| {
                Failure::BadRequest(Msg::new(
                    format!("Năm tốt nghiệp “{typed}” không phải là một năm; ví dụ 2024."),
                    format!("The graduation year “{typed}” is not a year; for example 2024."),
                ))
            })
    }

    fn level(&self) -> Result<Level, Failure> {
        Level::parse(&self.level).ok_or_else(|| {
            Failure::BadRequest(Msg::new("Cấp học không hợp lệ.", "The level is not valid."))
        })
    }
}

fn no_file() -> Failure {
    Failure::BadRequest(Msg::new(
        "Tệp trống hoặc chưa chọn tệp.",
        "The file is empty, or no file was chosen.",
    ))
}

/// Only the extension of the user's file name is used on disk; the name itself is shown.
fn stored_name(file_name: &str) -> String {
    let extension = std::path::Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_default();
    format!("tep.{extension}")
}

/// A file received into its job's directory; the directory is removed unless the job starts.
struct Received {
    job_id: String,
    dir: PathBuf,
    path: PathBuf,
    file_name: String,
    year: i32,
    level: Level,
    slot: Option<ImportSlot>,
}

impl Drop for Received {
    fn drop(&mut self) {
        if self.slot.is_some() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The post of the upload form. Everything that can refuse it is asked before the file is read:
/// the session (cookie) and the permission on the school, then the size the request announces,
/// then the CSRF token (the form's first field), the year and level (which come before the file)
/// and a free import slot of the user and of the server. Only then is the file streamed to disk.
pub async fn start(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, PageFailure> {
    let school = school_for_import(&state, &caller, &code).await?;
    let max_bytes = state.jobs.limits().max_upload_bytes;
    refuse_announced_size(&headers, max_bytes)?;
    let mut form = UploadForm::new(&headers, body)?;
    let csrf = form.first_small("csrf").await?;
    check_csrf(&caller, &csrf)?;
    let mut fields = Fields::default();
    let mut received: Option<Received> = None;
    while let Some(part) = form.next().await? {
        let file = match part {
            Part::Small { name, value } => {
                fields.take(&name, value);
                continue;
            }
            Part::File(_) if received.is_some() => return Err(malformed_form().into()),
            Part::File(file) => file,
        };
        // A year that is not one is said beside its field, on the form itself; the file is not
        // read.
        let year = match fields.year() {
            Ok(year) => year,
            Err(failure) => {
                let said = failure.message_in(caller.lang);
                return Ok(upload_page(&state, &caller, &school, &fields, Some(said)).await);
            }
        };
        let level = fields.level()?;
        // The cohort's records are decided in the tree of its period; the file is not read yet.
        crate::access::require_records(&state, &caller, Action::EditGraduate, &school, year)
            .await?;
        let slot = state.jobs.admit(caller.user.id)?;
        let (job_id, dir) = state.jobs.new_dir().map_err(|error| {
            tracing::error!(error = %error, "không tạo được thư mục cho lượt nhập");
            Failure::Internal
        })?;
        let file_name = file.file_name();
        let path = dir.join(stored_name(&file_name));
        // Held from here, so that the directory goes whatever refuses the form below.
        let guard = Received {
            job_id,
            dir,
            path,
            file_name,
            year,
            level,
            slot: Some(slot),
        };
        if file.save(&guard.path, max_bytes).await? == 0 {
            return Err(no_file().into());
        }
        received = Some(guard);
    }
    let Some(mut received) = received else {
        return Err(no_file().into());
    };
    let (year, level) = (received.year, received.level);
    refuse_if_locked(&state, &caller, &school, year, fields.dry_run).await?;
    state.jobs.start(
        &received.job_id,
        &received.dir,
        Job {
            owner: caller.user.id,
            school_code: school.code.clone(),
            file: received.file_name.clone(),
            dry_run: fields.dry_run,
            state: JobState::Running {
                stage: "Đang chuẩn bị".into(),
            },
        },
    );
    audit::record_user(
        &state,
        &caller.user,
        "import_students",
        "institution",
        &school.code,
        &format!("{year}/{}", level.code()),
    )
    .await;
    let slot = received.slot.take().ok_or(Failure::Internal)?;
    let job_id = received.job_id.clone();
    run_in_background(
        state.clone(),
        Accepted {
            job_id: job_id.clone(),
            path: received.path.clone(),
            file_name: received.file_name.clone(),
            school_code: school.code.clone(),
            year,
            level,
            username: caller.user.username.clone(),
            dry_run: fields.dry_run,
        },
        slot,
    );
    Ok(Redirect::to(&format!("/co-so/{code}/nhap/{job_id}")).into_response())
}

/// An approved report froze this cohort's figures: a list would change them (a dry run, which
/// writes nothing, is still allowed).
async fn refuse_if_locked(
    state: &AppState,
    caller: &Caller,
    school: &Institution,
    year: i32,
    dry_run: bool,
) -> Result<(), Failure> {
    if dry_run {
        return Ok(());
    }
    match crate::reporting::lock_of(state, school, year).await? {
        Some(lock) => {
            Err(
                crate::reporting::refuse_locked(state, caller, &lock, "institution", &school.code)
                    .await,
            )
        }
        None => Ok(()),
    }
}
