//! `import KIND FILE`: units and institutions from XLSX, XLS or CSV. Every row is checked first;
//! any invalid row means nothing is written, exit status 1, and `FILE.errors.csv` beside the file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use interchange::{ImportFailure, Table};

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Units,
    Schools,
    Students,
    Targets,
    Occupations,
    Programmes,
}

#[derive(Args)]
pub struct ImportArgs {
    kind: Kind,
    file: PathBuf,
    /// Năm tốt nghiệp của khóa (2024 = năm học 2023-2024).
    #[arg(long)]
    year: Option<i32>,
    /// Mã trường (khi nhập danh sách học sinh).
    #[arg(long)]
    school: Option<String>,
    /// Mã đơn vị giao chỉ tiêu (khi nhập chỉ tiêu): các dòng là đơn vị trực thuộc, dòng tổng là đơn vị này.
    #[arg(long)]
    unit: Option<String>,
    /// Cấp học (thcs, thpt) khi trường dạy nhiều cấp.
    #[arg(long)]
    level: Option<String>,
    /// Chỉ kiểm tra và cho biết sẽ ghi gì, không ghi.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(database: &str, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(database).await?;
    let outcome = match args.kind {
        Kind::Units => import_units(store.as_ref(), &args).await?,
        Kind::Schools => import_schools(store.as_ref(), &args).await?,
        Kind::Students => import_students(store.as_ref(), &args).await?,
        Kind::Targets => import_targets(store.as_ref(), &args).await?,
        Kind::Occupations | Kind::Programmes => {
            eprintln!("Loại dữ liệu này chưa được hỗ trợ trong phiên bản hiện tại.");
            return Ok(ExitCode::from(2));
        }
    };
    store.close().await;
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(failure) => {
            report(&failure, &args.file);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Prints the problems (the first 50) and writes the full report beside the file.
fn report(failure: &ImportFailure, file: &std::path::Path) {
    eprintln!(
        "Không nhập được: {} lỗi; không có dữ liệu nào được ghi.",
        failure.errors.len()
    );
    for line in failure.lines().iter().take(50) {
        eprintln!("  {line}");
    }
    match failure.write_report(file) {
        Ok(path) => eprintln!("Danh sách lỗi đầy đủ: {}", path.display()),
        Err(error) => eprintln!("Không ghi được tệp danh sách lỗi: {error}"),
    }
}

fn dry_run_note(dry_run: bool) -> &'static str {
    if dry_run {
        " (chạy thử: chưa ghi gì)"
    } else {
        ""
    }
}

fn print_unknown(columns: &[String]) {
    if !columns.is_empty() {
        println!("Các cột không dùng đến: {}", columns.join(", "));
    }
}

async fn import_units(
    store: &dyn store::Store,
    args: &ImportArgs,
) -> anyhow::Result<Result<(), ImportFailure>> {
    let table = match Table::read(&args.file, interchange::units::COLUMNS) {
        Ok(table) => table,
        Err(failure) => return Ok(Err(failure)),
    };
    let existing = store.all_units().await?;
    let (plan, summary) = match interchange::units::plan(&table, &existing) {
        Ok(planned) => planned,
        Err(failure) => return Ok(Err(failure)),
    };
    if !args.dry_run {
        store.apply_units(&plan).await?;
    }
    println!(
        "Đơn vị hành chính{}: {} thêm mới, {} sửa, {} không đổi, {} quan hệ kế thừa.",
        dry_run_note(args.dry_run),
        summary.added,
        summary.corrected,
        summary.unchanged,
        summary.successions
    );
    print_unknown(&summary.unknown_columns);
    Ok(Ok(()))
}

async fn import_schools(
    store: &dyn store::Store,
    args: &ImportArgs,
) -> anyhow::Result<Result<(), ImportFailure>> {
    let table = match Table::read(&args.file, interchange::institutions::COLUMNS) {
        Ok(table) => table,
        Err(failure) => return Ok(Err(failure)),
    };
    let units = store.all_units().await?;
    let codes = store.institution_codes().await?;
    let today = chrono::Utc::now().date_naive();
    let (rows, summary) = match interchange::institutions::plan(&table, &units, &codes, today) {
        Ok(planned) => planned,
        Err(failure) => return Ok(Err(failure)),
    };
    if !args.dry_run {
        store.upsert_institutions(&rows).await?;
    }
    println!(
        "Cơ sở{}: {} dòng, {} thêm mới, {} cập nhật.",
        dry_run_note(args.dry_run),
        summary.rows,
        summary.added,
        summary.updated
    );
    print_unknown(&summary.unknown_columns);
    Ok(Ok(()))
}

async fn import_students(
    store: &dyn store::Store,
    args: &ImportArgs,
) -> anyhow::Result<Result<(), ImportFailure>> {
    use interchange::students::{StudentImport, import};
    let (Some(school), Some(year)) = (args.school.as_deref(), args.year) else {
        anyhow::bail!("nhập danh sách học sinh cần --school MÃ_TRƯỜNG và --year NĂM_TỐT_NGHIỆP");
    };
    let level = match args.level.as_deref() {
        Some(raw) => Some(
            domain::Level::parse(raw)
                .ok_or_else(|| anyhow::anyhow!("cấp học “{raw}” không hợp lệ (thcs, thpt)"))?,
        ),
        None => None,
    };
    let request = StudentImport {
        path: &args.file,
        file_name: None,
        school_code: school,
        year,
        level,
        username: "dòng lệnh",
        dry_run: args.dry_run,
    };
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    // On a terminal the spinner shows the stage; in a log (no terminal) each stage is a line.
    let logged = !std::io::IsTerminal::is_terminal(&std::io::stderr());
    let on_stage = |stage: &str| {
        spinner.set_message(stage.to_string());
        if logged {
            eprintln!("{stage}…");
        }
    };
    let outcome = import(store, &request, &on_stage).await;
    spinner.finish_and_clear();
    let summary = match outcome? {
        Ok(summary) => summary,
        Err(failure) => return Ok(Err(failure)),
    };
    println!(
        "Học sinh{}: {} dòng, {} thêm mới, {} cập nhật, {} không đổi.",
        dry_run_note(args.dry_run),
        summary.rows,
        summary.added,
        summary.updated,
        summary.unchanged
    );
    for warning in &summary.warnings {
        println!("Lưu ý: {}", warning.vi);
    }
    print_unknown(&summary.unknown_columns);
    Ok(Ok(()))
}

async fn import_targets(
    store: &dyn store::Store,
    args: &ImportArgs,
) -> anyhow::Result<Result<(), ImportFailure>> {
    let (Some(code), Some(year)) = (args.unit.as_deref(), args.year) else {
        anyhow::bail!("nhập chỉ tiêu cần --unit MÃ_ĐƠN_VỊ_GIAO và --year NĂM");
    };
    // Targets are set on the tree in force during the school year (to 30 June).
    let day = chrono::NaiveDate::from_ymd_opt(year, 6, 30)
        .ok_or_else(|| anyhow::anyhow!("năm {year} không hợp lệ"))?;
    let Some(parent) = store.unit_on(code, day).await? else {
        anyhow::bail!("không có đơn vị mã {code} vào ngày 30/06/{year}");
    };
    let children = store.children(parent.id).await?;
    let indicators = domain::indicator::defaults();
    let (targets, summary) =
        match interchange::targets::read(&args.file, &parent, &children, &indicators, year) {
            Ok(read) => read,
            Err(failure) => return Ok(Err(failure)),
        };
    if !args.dry_run {
        store.upsert_targets(&targets, chrono::Utc::now()).await?;
    }
    let levels: Vec<&str> = summary.levels.iter().map(|l| l.label()).collect();
    println!(
        "Chỉ tiêu năm {year} của {}{}: {} chỉ tiêu cho {} đơn vị (cấp {}).",
        parent.name,
        dry_run_note(args.dry_run),
        summary.targets,
        summary.units,
        levels.join(", ")
    );
    Ok(Ok(()))
}
