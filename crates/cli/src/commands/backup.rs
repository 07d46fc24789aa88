//! `backup PATH` and `restore PATH [--force]`: a consistent copy of the whole database, taken
//! while the server runs, and its restore, which refuses a database holding data unless forced.
//! The work is `store::backup`'s; this module adapts it to the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use store::backup::{RestoreOptions, Summary};

#[derive(Args)]
pub struct BackupArgs {
    /// Tệp sao lưu sẽ tạo (không ghi đè tệp đã có).
    path: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// Tệp sao lưu do lệnh `backup` tạo.
    path: PathBuf,
    /// Thay toàn bộ cả khi cơ sở dữ liệu đích đang có dữ liệu.
    #[arg(long)]
    force: bool,
}

pub async fn backup(database: &str, args: BackupArgs) -> anyhow::Result<ExitCode> {
    eprintln!("Đang sao lưu {}…", super::redact(database));
    let summary = store::backup::backup(database, &args.path)
        .await
        .with_context(|| {
            format!(
                "không sao lưu được {} vào {}",
                super::redact(database),
                args.path.display()
            )
        })?;
    println!("Đã sao lưu vào {}.", summary.file.display());
    print_summary(&summary);
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(database: &str, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let reference = interchange::reference::national_plan(1).map_err(anyhow::Error::msg)?;
    let options = RestoreOptions {
        force: args.force,
        reference_catalogue: (
            reference.units.len() as i64,
            reference.successions.len() as i64,
        ),
    };
    eprintln!(
        "Đang khôi phục {} vào {}…",
        args.path.display(),
        super::redact(database)
    );
    let summary = store::backup::restore(database, &args.path, options)
        .await
        .with_context(|| {
            format!(
                "không khôi phục được {} vào {}; cơ sở dữ liệu đích giữ nguyên như trước",
                args.path.display(),
                super::redact(database)
            )
        })?;
    println!(
        "Đã khôi phục {} vào {}.",
        summary.file.display(),
        super::redact(database)
    );
    print_summary(&summary);
    eprintln!("Nếu máy chủ đang chạy trên cơ sở dữ liệu này, hãy khởi động lại nó.");
    Ok(ExitCode::SUCCESS)
}

fn print_summary(summary: &Summary) {
    let backend = match summary.backend {
        store::Backend::Sqlite => "SQLite",
        store::Backend::Postgres => "PostgreSQL",
    };
    println!(
        "Tệp {backend}: {}; {} bảng, {} dòng.",
        human_size(summary.bytes),
        summary.tables.len(),
        summary.total_rows()
    );
    for table in summary.tables.iter().filter(|t| t.rows > 0) {
        println!("  {}: {} dòng", table.table, table.rows);
    }
}

/// A size in the units a person reads (decimal comma, as Vietnamese writes it).
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["byte", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} byte")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_with_a_decimal_comma() {
        assert_eq!(human_size(512), "512 byte");
        assert_eq!(human_size(1536), "1,5 KB");
        assert_eq!(human_size(3 * 1024 * 1024 * 1024), "3,0 GB");
    }
}
