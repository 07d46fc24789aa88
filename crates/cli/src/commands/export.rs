//! `export report NAME --unit CODE --year Y --format xlsx|pdf|csv --output PATH`: an official
//! report written to a file, from the same figures as the dashboards. `--unit` takes the code of
//! a unit (of the tree valid in the report's year) or of a school (for `not-continuing`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use analytics::Engine;
use analytics::reports::{ReportError, ReportInput, Subject, build};
use anyhow::Context;
use chrono::Utc;
use clap::{Args, Subcommand};
use domain::report::{ReportFormat, ReportKind};
use store::{NewAuditEvent, Store};

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Xuất báo cáo: targets, streaming, not-continuing.
    Report(ReportArgs),
}

#[derive(Args)]
pub struct ReportArgs {
    /// targets (bảng chỉ tiêu), streaming (kết quả phân luồng), not-continuing (danh sách không tiếp tục học).
    name: String,
    /// Mã đơn vị hành chính (hoặc mã trường với not-continuing).
    #[arg(long)]
    unit: String,
    /// Năm tốt nghiệp (2024 = năm học 2023-2024).
    #[arg(long)]
    year: i32,
    /// xlsx, pdf hoặc csv.
    #[arg(long, default_value = "xlsx")]
    format: String,
    #[arg(long)]
    output: PathBuf,
    /// Ngày ghi trên báo cáo, dd/mm/yyyy (mặc định hôm nay).
    #[arg(long)]
    date: Option<String>,
}

pub async fn run(database: &str, command: ExportCommand) -> anyhow::Result<ExitCode> {
    let ExportCommand::Report(args) = command;
    let Some(kind) = ReportKind::parse(&args.name) else {
        eprintln!(
            "Không có báo cáo “{}”. Các báo cáo: targets, streaming, not-continuing.",
            args.name
        );
        return Ok(ExitCode::from(2));
    };
    let Some(format) = ReportFormat::parse(&args.format) else {
        eprintln!(
            "Định dạng “{}” không hỗ trợ: dùng xlsx, pdf hoặc csv.",
            args.format
        );
        return Ok(ExitCode::from(2));
    };
    let today = match &args.date {
        Some(raw) => interchange::dates::parse_day_first(raw)
            .with_context(|| format!("ngày “{raw}” không hợp lệ (dd/mm/yyyy)"))?,
        None => Utc::now().date_naive(),
    };
    let store = super::open_store(database).await?;
    let Some(subject) = subject(store.as_ref(), &args.unit, args.year).await? else {
        eprintln!(
            "Không có đơn vị hay trường mã {} (đơn vị tra theo cây hành chính ngày 14/12/{}).",
            args.unit, args.year
        );
        store.close().await;
        return Ok(ExitCode::FAILURE);
    };
    // The figures are read from the tallies kept in the database: nothing to load first.
    let engine = Engine::new(store.clone());
    let input = ReportInput {
        engine: &engine,
        store: store.as_ref(),
        subject: &subject,
        year: args.year,
        today,
    };
    let built = Instant::now();
    let document = match build(kind, &input).await {
        Ok(document) => document,
        Err(ReportError::Store(error)) => return Err(error.into()),
        Err(refusal) => {
            eprintln!("{refusal}");
            store.close().await;
            return Ok(ExitCode::FAILURE);
        }
    };
    let bytes = interchange::export::render(&document, format)?;
    let elapsed = built.elapsed();
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("không ghi được {}", args.output.display()))?;
    if kind.holds_personal_data() {
        let user = std::env::var("USER").unwrap_or_default();
        store
            .audit(&NewAuditEvent {
                at: Utc::now(),
                user_id: None,
                username: format!("dòng lệnh ({user})"),
                action: "export_report".into(),
                subject_kind: "report".into(),
                subject_id: format!("{}/{}/{}", kind.code(), args.unit, args.year),
                detail: format!(
                    "{} dòng, {}",
                    document.tables.iter().map(|t| t.rows.len()).sum::<usize>(),
                    format.extension()
                ),
            })
            .await?;
    }
    store.close().await;
    println!(
        "Đã xuất {} — {} năm {} ({}) vào {} ({} KB; lập báo cáo {} ms).",
        kind.label(),
        subject.name(),
        args.year,
        format.extension(),
        args.output.display(),
        bytes.len().div_ceil(1024),
        elapsed.as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

/// The unit with this code in the tree of the year's report (the closing day of the yearly
/// period, 14/12: the 2023 report shows the 2023 districts, the 2025 report the merged province
/// and its communes), else the school with this code.
async fn subject(store: &dyn Store, code: &str, year: i32) -> anyhow::Result<Option<Subject>> {
    let day = domain::period::Period::year(year).ends_on();
    if let Some(unit) = store.unit_on(code, day).await? {
        return Ok(Some(Subject::Unit(unit)));
    }
    Ok(store.institution(code).await?.map(Subject::School))
}
