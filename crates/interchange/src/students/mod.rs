//! `import students`: the class lists and graduate lists schools really have (XLSX, XLS, CSV),
//! checked row by row, matched with what is stored, and written in one transaction.

pub mod columns;
pub mod plan;
pub mod rows;

use std::path::Path;

use chrono::Utc;
use domain::{InstitutionKind, Level};
use store::{Store, StoreError};

pub use plan::StudentSummary;
pub use rows::Cohort;

use crate::errors::{ImportFailure, Said};
use crate::table::Table;

/// What to import and who imports it.
pub struct StudentImport<'a> {
    pub path: &'a Path,
    /// The name the user knows the file by, when it is stored under another (an upload).
    pub file_name: Option<&'a str>,
    pub school_code: &'a str,
    pub year: i32,
    /// Needed only for schools that teach both levels.
    pub level: Option<Level>,
    pub username: &'a str,
    pub dry_run: bool,
}

/// The level a school's graduates are, when the school teaches only one.
pub fn level_of(kind: InstitutionKind) -> Option<Level> {
    match kind {
        InstitutionKind::Thcs | InstitutionKind::ThThcs => Some(Level::Thcs),
        InstitutionKind::Thpt => Some(Level::Thpt),
        _ => None,
    }
}

/// Reads, checks, matches and (unless a dry run) writes a student list. The outer error is a
/// failure of the database; the inner one a refusal of the file, with every problem in it.
pub async fn import(
    store: &dyn Store,
    request: &StudentImport<'_>,
    on_stage: &(dyn Fn(&str) + Sync),
) -> Result<Result<StudentSummary, ImportFailure>, StoreError> {
    let file = file_label(request);
    let refuse = |said: Said| Ok(Err(ImportFailure::whole_file(&file, said)));
    let Some(school) = store.institution(request.school_code).await? else {
        let code = request.school_code;
        return refuse(Said::new(
            format!("không có cơ sở mã {code}"),
            format!("there is no institution with the code {code}"),
        ));
    };
    let Some(level) = request.level.or_else(|| level_of(school.kind)) else {
        return refuse(Said::new(
            format!(
                "{} dạy nhiều cấp học; hãy chọn cấp THCS hoặc THPT",
                school.name
            ),
            format!(
                "{} teaches more than one level; choose THCS or THPT",
                school.name
            ),
        ));
    };
    if !(2000..=2100).contains(&request.year) {
        let year = request.year;
        return refuse(Said::new(
            format!("năm tốt nghiệp {year} không hợp lệ"),
            format!("the graduation year {year} is not valid"),
        ));
    }
    on_stage("Đang đọc tệp");
    let table = match Table::read(request.path, columns::ALL) {
        Ok(mut table) => {
            table.file = file.clone();
            table
        }
        Err(mut failure) => {
            failure.file = file;
            return Ok(Err(failure));
        }
    };
    on_stage("Đang kiểm tra từng dòng");
    let units = store.all_units().await?;
    let source = format!("nhập tệp {file}");
    let cohort = Cohort::new(&school, request.year, level, &units, source.clone());
    let parsed = match rows::parse_rows(&table, &cohort) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(Err(ImportFailure { file, errors })),
    };
    let map = columns::ColumnMap::of(&table);
    let header = |column: Option<usize>, fallback: &str| {
        column
            .and_then(|i| table.headers.get(i))
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    };
    let duplicates = plan::duplicates_in_file(
        &parsed,
        &header(map.moet_id, columns::MOET_ID[0]),
        &header(map.full_name.or(map.given), columns::FULL_NAME[0]),
    );
    if !duplicates.is_empty() {
        return Ok(Err(ImportFailure {
            file,
            errors: duplicates,
        }));
    }
    on_stage("Đang đối chiếu với dữ liệu đã có");
    let stored = store
        .graduates_of(&school.code, request.year, level)
        .await?;
    let moet_ids: Vec<String> = parsed
        .iter()
        .filter_map(|r| r.data.moet_id.clone())
        .collect();
    let names: Vec<String> = parsed
        .iter()
        .filter(|r| r.data.moet_id.is_none())
        .map(|r| domain::text::fold(&r.data.name.full()))
        .collect();
    let elsewhere = store
        .graduates_elsewhere(&school.code, request.year, level, &moet_ids, &names)
        .await?;
    let (plan, mut summary) = plan::plan(
        parsed,
        &stored,
        &elsewhere,
        request.username,
        &source,
        Utc::now(),
    );
    summary.unknown_columns = table.unknown_columns(columns::ALL);
    // A "Ghi chú" column is expected but not stored: say so, so nobody counts on its content.
    if let Some(note) = table
        .column(columns::NOTE)
        .and_then(|i| table.headers.get(i))
    {
        summary.unknown_columns.push(note.clone());
    }
    if let Some(encoding) = &table.legacy_encoding {
        summary.warnings.insert(
            0,
            Said::new(
                format!("tệp viết bằng bảng mã {encoding}; đã chuyển sang Unicode"),
                format!(
                    "the file was written in the {encoding} encoding; it was converted to Unicode"
                ),
            ),
        );
    }
    let writes = !plan.inserts.is_empty() || !plan.updates.is_empty();
    if !request.dry_run
        && writes
        && let Some(lock) = store.cohort_lock(&school.code, request.year).await?
    {
        return refuse_locked(store, request, &school.code, &lock.period).await;
    }
    if !request.dry_run {
        on_stage("Đang ghi");
        // Another writer may hold the database a while (SQLite has one writer): a transaction
        // refused for that wrote nothing and is tried again.
        match store::busy::retry("apply_graduates", || store.apply_graduates(&plan)).await {
            Ok(()) => {}
            // Approved while the file was being checked: the write asked the lock again in its
            // own transaction and wrote nothing.
            Err(StoreError::Locked(why)) => {
                let period = store
                    .cohort_lock(&school.code, request.year)
                    .await?
                    .map(|lock| lock.period)
                    .unwrap_or(why);
                return refuse_locked(store, request, &school.code, &period).await;
            }
            Err(StoreError::Stale(what)) => {
                return refuse(Said::new(
                    format!(
                        "{what} vừa được người khác sửa trong lúc kiểm tra tệp; không ghi gì, hãy nhập lại tệp"
                    ),
                    // The store names the record in Vietnamese ("hồ sơ #12").
                    format!(
                        "{} was changed by someone else while the file was checked; nothing was written, import the file again",
                        what.replace("hồ sơ", "the record")
                    ),
                ));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(Ok(summary))
}

/// The name the user knows the file by.
fn file_label(request: &StudentImport<'_>) -> String {
    match request.file_name {
        Some(name) => name.to_string(),
        None => request
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// Refuses a write into figures an approved report holds, and records the refusal.
async fn refuse_locked(
    store: &dyn Store,
    request: &StudentImport<'_>,
    school_code: &str,
    period: &str,
) -> Result<Result<StudentSummary, ImportFailure>, StoreError> {
    store
        .audit(&store::NewAuditEvent {
            at: Utc::now(),
            user_id: None,
            username: request.username.to_string(),
            action: "locked_refused".into(),
            subject_kind: "institution".into(),
            subject_id: school_code.to_string(),
            detail: format!("kỳ {period}"),
        })
        .await?;
    Ok(Err(ImportFailure::whole_file(
        &file_label(request),
        Said::new(
            format!(
                "số liệu học sinh tốt nghiệp năm {} của trường đã được duyệt trong báo cáo kỳ {period} và đã khóa; \
                 không ghi gì. Muốn thay đổi, hãy gửi đề nghị điều chỉnh để cấp trên duyệt",
                request.year
            ),
            format!(
                "the figures of the school's graduates of {} were approved in the report of the period {period} and are locked; \
                 nothing was written. To change them, send a request for a correction for the level above to approve",
                request.year
            ),
        ),
    )))
}
