//! Importing a student list from the web: the upload form, the background job and its page,
//! which refreshes itself until the import has finished, then shows the summary or every error.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Action, Level};
use interchange::students::{StudentImport, import};
use serde::Deserialize;
use store::Institution;

use super::{Chrome, check_csrf, render};
use crate::access::require_institution;
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, PageFailure};
use crate::i18n::Tr;
use crate::jobs::{Job, JobState};
use crate::state::AppState;
use crate::{audit, lookup};

/// Uploads above this size are refused (a 100,000-row XLSX is about 5 MB).
pub const MAX_UPLOAD_BYTES: usize = 256 * 1024 * 1024;

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    school_code: String,
    school_name: String,
    year: i32,
    level_code: &'static str,
    levels: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize)]
pub struct CohortQuery {
    nam: Option<i32>,
    cap: Option<String>,
}

async fn school_for_import(
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
    let page = UploadPage {
        tr: Tr(caller.lang),
        csrf: caller.csrf_token.clone(),
        school_code: school.code.clone(),
        school_name: school.name.clone(),
        year: query.nam.unwrap_or_else(lookup::latest_cohort_year),
        level_code: level.code(),
        levels: Level::ALL.iter().map(|l| (l.code(), l.label())).collect(),
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}

/// The fields of the upload form.
#[derive(Default)]
struct Upload {
    csrf: String,
    year: String,
    level: String,
    dry_run: bool,
    file_name: String,
    bytes: Vec<u8>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, Failure> {
    let mut upload = Upload::default();
    let unreadable =
        |_| Failure::BadRequest("Không nhận được tệp tải lên; vui lòng thử lại.".into());
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "csrf" => upload.csrf = field.text().await.map_err(unreadable)?,
            "nam" => upload.year = field.text().await.map_err(unreadable)?,
            "cap" => upload.level = field.text().await.map_err(unreadable)?,
            "chay_thu" => upload.dry_run = true,
            "tep" => {
                upload.file_name = domain::text::clean(field.file_name().unwrap_or("tep"));
                upload.bytes = field.bytes().await.map_err(unreadable)?.to_vec();
            }
            _ => {}
        }
    }
    Ok(upload)
}

pub async fn start(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageFailure> {
    let upload = read_upload(multipart).await?;
    check_csrf(&caller, &upload.csrf)?;
    let school = school_for_import(&state, &caller, &code).await?;
    let year: i32 =
        upload.year.trim().parse().map_err(|_| {
            Failure::BadRequest("Năm tốt nghiệp phải là một số, ví dụ 2024.".into())
        })?;
    let level = Level::parse(&upload.level)
        .ok_or_else(|| Failure::BadRequest("Cấp học không hợp lệ.".into()))?;
    crate::access::require_records(&state, &caller, Action::EditGraduate, &school, year).await?;
    if upload.bytes.is_empty() {
        return Err(Failure::BadRequest("Tệp trống hoặc chưa chọn tệp.".into()).into());
    }
    // An approved report froze this cohort's figures: a list would change them (a dry run, which
    // writes nothing, is still allowed).
    if !upload.dry_run
        && let Some(lock) = crate::reporting::lock_of(&state, &school, year).await?
    {
        return Err(crate::reporting::refuse_locked(
            &state,
            &caller,
            &lock,
            "institution",
            &school.code,
        )
        .await
        .into());
    }
    // Only the extension of the user's file name is used on disk; the name itself is shown.
    let extension = std::path::Path::new(&upload.file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_default();
    let job_id = crate::auth::secrets::new_token()[..24].to_string();
    let dir = std::env::temp_dir().join(format!("huongnghiep-nhap-{job_id}"));
    let path = dir.join(format!("tep.{extension}"));
    std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&path, &upload.bytes))
        .map_err(|error| {
            tracing::error!(error = %error, "không lưu được tệp tải lên");
            Failure::Internal
        })?;
    state.jobs.start(
        &job_id,
        Job {
            owner: caller.user.id,
            school_code: school.code.clone(),
            file: upload.file_name.clone(),
            dry_run: upload.dry_run,
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
    let task_state = state.clone();
    let task_job = job_id.clone();
    let username = caller.user.username.clone();
    let file_name = upload.file_name.clone();
    tokio::spawn(async move {
        let jobs = task_state.jobs.clone();
        let stage_job = task_job.clone();
        let on_stage = move |stage: &str| {
            jobs.set(
                &stage_job,
                JobState::Running {
                    stage: stage.to_string(),
                },
            )
        };
        let engine = task_state.analytics.clone();
        let on_written = move |plan: &store::GraduatePlan| engine.apply(plan);
        // The file is stored under a name of ours; messages and history carry the user's.
        let request = StudentImport {
            path: &path,
            file_name: Some(&file_name),
            school_code: &school.code,
            year,
            level: Some(level),
            username: &username,
            dry_run: upload.dry_run,
            on_written: Some(&on_written),
        };
        let outcome = import(task_state.store.as_ref(), &request, &on_stage).await;
        let state_after = match outcome {
            Ok(Ok(summary)) => JobState::Done(summary),
            Ok(Err(failure)) => JobState::Refused(failure),
            Err(error) => {
                tracing::error!(error = ?error, "nhập danh sách học sinh thất bại");
                JobState::Failed
            }
        };
        task_state.jobs.set(&task_job, state_after);
        let _ = std::fs::remove_dir_all(&dir);
    });
    Ok(Redirect::to(&format!("/co-so/{code}/nhap/{job_id}")).into_response())
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    tr: Tr,
    chrome: Option<Chrome>,
    job: String,
    school_code: String,
    school_name: String,
    file: String,
    running: bool,
    stage: String,
    summary: Option<String>,
    warnings: Vec<String>,
    errors: Vec<interchange::ImportError>,
    error_count: usize,
    failed: bool,
}

fn own_job(state: &AppState, caller: &Caller, code: &str, id: &str) -> Result<Job, Failure> {
    state
        .jobs
        .get(id)
        .filter(|job| job.owner == caller.user.id && job.school_code == code)
        .ok_or_else(|| Failure::NotFound("lượt nhập này (có thể máy chủ đã khởi động lại)".into()))
}

pub async fn status(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    let job = own_job(&state, &caller, &code, &id)?;
    let school = lookup::institution(&state, &code).await?;
    let mut page = JobPage {
        tr: Tr(caller.lang),
        job: id,
        school_code: school.code.clone(),
        school_name: school.name.clone(),
        file: job.file.clone(),
        running: false,
        stage: String::new(),
        summary: None,
        warnings: Vec::new(),
        errors: Vec::new(),
        error_count: 0,
        failed: false,
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    match job.state {
        JobState::Running { stage } => {
            page.running = true;
            page.stage = stage;
        }
        JobState::Done(summary) => {
            let note = if job.dry_run {
                " (chạy thử: chưa ghi gì)"
            } else {
                ""
            };
            page.summary = Some(format!(
                "Đã nhập{note}: {} dòng, {} thêm mới, {} cập nhật, {} không đổi.",
                summary.rows, summary.added, summary.updated, summary.unchanged
            ));
            page.warnings = summary.warnings;
            if !summary.unknown_columns.is_empty() {
                page.warnings.push(format!(
                    "Các cột không dùng đến: {}",
                    summary.unknown_columns.join(", ")
                ));
            }
        }
        JobState::Refused(failure) => {
            page.error_count = failure.errors.len();
            page.errors = failure.errors.into_iter().take(500).collect();
        }
        JobState::Failed => page.failed = true,
    }
    Ok(render(&page))
}

pub async fn errors_csv(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    let job = own_job(&state, &caller, &code, &id)?;
    let JobState::Refused(failure) = job.state else {
        return Err(Failure::NotFound("danh sách lỗi".into()).into());
    };
    let body = failure.report_bytes().map_err(|_| Failure::Internal)?;
    let name = format!("attachment; filename=\"loi-nhap-{code}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}
