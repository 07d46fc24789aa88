//! The background import of an uploaded list and its page, which refreshes itself until the
//! import has finished, then shows the summary or the first errors with a link to all of them.
//!
//! The import (reading the file, checking every row, writing) runs on a blocking thread of its
//! own, never on the async workers: a 100,000-row file takes seconds of a core, during which the
//! other requests must keep answering. How many run at once is bounded by the import slots of
//! `jobs` (one per user, a few in all), held until the job ends.

use std::path::PathBuf;

use crate::extract::Path;
use askama::Template;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::Level;
use interchange::students::{StudentImport, import};

use super::{Chrome, render};
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, Msg, PageFailure};
use crate::i18n::{Lang, Tr};
use crate::jobs::{ImportSlot, Job, JobState};
use crate::lookup;
use crate::state::AppState;

/// An upload accepted and saved, ready to be imported.
pub struct Accepted {
    pub job_id: String,
    pub path: PathBuf,
    /// The user's name of the file, for messages and the records' history.
    pub file_name: String,
    pub school_code: String,
    pub year: i32,
    pub level: Level,
    pub username: String,
    pub dry_run: bool,
}

/// Runs the import on a blocking thread, keeping the slot until it ends; the uploaded file is
/// removed at the end (the job's directory keeps only the error report).
pub fn run_in_background(state: AppState, accepted: Accepted, slot: ImportSlot) {
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        runtime.block_on(run(state, accepted));
        drop(slot);
    });
}

async fn run(state: AppState, accepted: Accepted) {
    let jobs = state.jobs.clone();
    let job_id = accepted.job_id.clone();
    let on_stage = move |stage: &str| jobs.set_stage(&job_id, stage);
    let request = StudentImport {
        path: &accepted.path,
        file_name: Some(&accepted.file_name),
        school_code: &accepted.school_code,
        year: accepted.year,
        level: Some(accepted.level),
        username: &accepted.username,
        dry_run: accepted.dry_run,
    };
    let outcome = import(state.store.as_ref(), &request, &on_stage).await;
    // The list is personal data: it is not kept once read.
    let _ = std::fs::remove_file(&accepted.path);
    state.jobs.finish(&accepted.job_id, outcome).await;
    // The parsed file is freed by now: give its pages back rather than keep them.
    crate::memory::give_back();
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
    more_warnings: usize,
    /// Each error keeps both languages; the template shows `english`'s.
    errors: Vec<interchange::ImportError>,
    english: bool,
    error_count: usize,
    report: bool,
    busy: bool,
    failed: bool,
}

fn own_job(state: &AppState, caller: &Caller, code: &str, id: &str) -> Result<Job, Failure> {
    state
        .jobs
        .get(id)
        .filter(|job| job.owner == caller.user.id && job.school_code == code)
        .ok_or_else(|| {
            Failure::NotFound(Msg::new(
                "lượt nhập này (có thể máy chủ đã khởi động lại)",
                "this import (the server may have restarted)",
            ))
        })
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
        more_warnings: 0,
        errors: Vec::new(),
        english: caller.lang == Lang::En,
        error_count: 0,
        report: false,
        busy: false,
        failed: false,
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    match job.state {
        JobState::Running { stage } => {
            page.running = true;
            page.stage = stage_in(caller.lang, &stage);
        }
        JobState::Done {
            summary,
            warning_count,
        } => {
            page.summary = Some(summary_in(caller.lang, job.dry_run, &summary));
            page.more_warnings = warning_count.saturating_sub(summary.warnings.len());
            let english = caller.lang == Lang::En;
            page.warnings = summary
                .warnings
                .iter()
                .map(|warning| warning.in_english(english).to_string())
                .collect();
            if !summary.unknown_columns.is_empty() {
                page.warnings.push(format!(
                    "{}: {}",
                    Tr(caller.lang).t("import.unused_columns"),
                    summary.unknown_columns.join(", ")
                ));
            }
        }
        JobState::Refused {
            error_count,
            first,
            report,
        } => {
            page.error_count = error_count;
            page.errors = first;
            page.report = report;
        }
        JobState::Busy => page.busy = true,
        JobState::Failed => page.failed = true,
    }
    Ok(render(&page))
}

/// Every error of a refused import, as CSV, streamed from the job's directory.
pub async fn errors_csv(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    own_job(&state, &caller, &code, &id)?;
    let missing = || Failure::NotFound(Msg::new("danh sách lỗi", "the list of errors"));
    let path = state.jobs.report_path(&id).ok_or_else(missing)?;
    let file = tokio::fs::File::open(&path).await.map_err(|_| missing())?;
    let name = format!("attachment; filename=\"loi-nhap-{code}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(chunks_of(file)),
    )
        .into_response())
}

/// A file as a stream of chunks, read as the client takes them.
fn chunks_of(
    file: tokio::fs::File,
) -> impl futures_util::Stream<Item = std::io::Result<Vec<u8>>> + Send {
    use tokio::io::AsyncReadExt;
    futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buffer = vec![0u8; 64 * 1024];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(read) => {
                buffer.truncate(read);
                Some((Ok(buffer), Some(file)))
            }
            Err(error) => Some((Err(error), None)),
        }
    })
}

/// The stage of a running import (`interchange::students` names it in Vietnamese).
fn stage_in(lang: Lang, stage: &str) -> String {
    if lang == Lang::Vi {
        return stage.to_string();
    }
    match stage {
        "Đang chuẩn bị" => "Preparing",
        "Đang đọc tệp" => "Reading the file",
        "Đang kiểm tra từng dòng" => "Checking every row",
        "Đang đối chiếu với dữ liệu đã có" => "Comparing with the records kept",
        "Đang ghi" => "Writing",
        _ => "Working",
    }
    .to_string()
}

/// "Đã nhập: 2 dòng, 2 thêm mới, 0 cập nhật, 0 không đổi."
fn summary_in(
    lang: Lang,
    dry_run: bool,
    summary: &interchange::students::StudentSummary,
) -> String {
    let (rows, added, updated, unchanged) = (
        summary.rows,
        summary.added,
        summary.updated,
        summary.unchanged,
    );
    match (lang, dry_run) {
        (Lang::Vi, false) => format!(
            "Đã nhập: {rows} dòng, {added} thêm mới, {updated} cập nhật, {unchanged} không đổi."
        ),
        (Lang::Vi, true) => format!(
            "Đã nhập (chạy thử: chưa ghi gì): {rows} dòng, {added} thêm mới, {updated} cập nhật, {unchanged} không đổi."
        ),
        (Lang::En, false) => format!(
            "Imported: {rows} rows, {added} added, {updated} updated, {unchanged} unchanged."
        ),
        (Lang::En, true) => format!(
            "Dry run (nothing written): {rows} rows, {added} would be added, {updated} updated, {unchanged} unchanged."
        ),
    }
}
