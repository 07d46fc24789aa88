//! `figures check` and `figures rebuild`: the operator's tools for the tallies kept in the
//! database (data loaded by other means, a reform applied outside the product, a doubt).

use std::process::ExitCode;

use clap::Subcommand;
use domain::report::format_count;
use store::FiguresStep;

#[derive(Subcommand)]
pub enum FiguresCommand {
    /// Đếm lại từ hồ sơ và so với số liệu tổng hợp đang lưu; mã thoát 1 và nêu các chỗ lệch nếu có.
    Check,
    /// Đếm lại từ hồ sơ và thay toàn bộ số liệu tổng hợp, trong một giao dịch.
    Rebuild,
}

/// Differences printed before "and N more".
const SHOWN: usize = 20;

pub async fn run(database: &str, command: FiguresCommand) -> anyhow::Result<ExitCode> {
    let store = super::open_store(database).await?;
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    let progress = |step: FiguresStep| {
        spinner.set_message(match step {
            FiguresStep::Tree => "Đang đọc cây đơn vị hành chính và các trường".to_string(),
            FiguresStep::Records => "Đang đếm lại hồ sơ học sinh tốt nghiệp".to_string(),
            FiguresStep::Rows(n) => format!("Đã xử lý {n} dòng số liệu tổng hợp"),
        })
    };
    let started = std::time::Instant::now();
    let code = match command {
        FiguresCommand::Check => {
            let differences = store.check_figures(&progress).await?;
            spinner.finish_and_clear();
            if differences.is_empty() {
                println!(
                    "Số liệu tổng hợp khớp với hồ sơ ({} ms).",
                    format_count(started.elapsed().as_millis() as u64)
                );
                ExitCode::SUCCESS
            } else {
                println!(
                    "Số liệu tổng hợp lệch với hồ sơ ở {} chỗ:",
                    differences.len()
                );
                for difference in differences.iter().take(SHOWN) {
                    println!("- {difference}");
                }
                if differences.len() > SHOWN {
                    println!(
                        "… và {} chỗ khác.",
                        format_count((differences.len() - SHOWN) as u64)
                    );
                }
                println!("Sửa bằng: huongnghiep figures rebuild");
                ExitCode::FAILURE
            }
        }
        FiguresCommand::Rebuild => {
            let summary = store.rebuild_figures(&progress).await?;
            spinner.finish_and_clear();
            println!(
                "Đã đếm lại số liệu tổng hợp: {} học sinh tốt nghiệp của {} cơ sở; {} dòng theo trường, \
                 {} dòng theo đơn vị, {} dòng trường–đơn vị ({} ms).",
                format_count(summary.graduates),
                format_count(summary.schools),
                format_count(summary.school_rows),
                format_count(summary.unit_rows),
                format_count(summary.containment_rows),
                format_count(started.elapsed().as_millis() as u64)
            );
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(code)
}
