//! `demo`: writes the deterministic demo data set.

use std::process::ExitCode;

use clap::Args;

use crate::demo::DemoSummary;

#[derive(Args)]
pub struct DemoArgs {
    /// Hạt giống: cùng hạt giống cho cùng dữ liệu.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub async fn run(database: &str, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(database).await?;
    if store.institution_count().await? > 0 {
        eprintln!("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ ghi vào cơ sở dữ liệu trống.");
        return Ok(ExitCode::FAILURE);
    }
    let summary = crate::demo::load(&store, args.seed).await;
    store.close().await;
    print_sign_in(&summary?);
    Ok(ExitCode::SUCCESS)
}

/// Tells the operator how to sign in to the demo.
pub fn print_sign_in(summary: &DemoSummary) {
    println!(
        "Đã nạp dữ liệu mẫu: {} cơ sở giáo dục và doanh nghiệp của tỉnh Long An (năm 2023).",
        summary.institutions
    );
    println!(
        "Đã nạp {} hồ sơ học sinh tốt nghiệp THCS, THPT các năm 2021-2025.",
        summary.graduates
    );
    println!(
        "Đã nạp {} chỉ tiêu năm 2023 theo Phụ lục Kế hoạch 568/KH-UBND của UBND tỉnh Long An.",
        summary.targets
    );
    println!(
        "Đã nạp {} báo cáo định kỳ gửi trước và sau ngày 01/07/2025 (một số đang chờ duyệt).",
        summary.reports
    );
    println!("Tài khoản mẫu (tên đăng nhập / mật khẩu — vai trò, phạm vi):");
    for user in &summary.users {
        let role = web::i18n::role_label(web::i18n::Lang::Vi, user.role);
        println!(
            "  {:<18} {:<24} {role}, {}",
            user.username, user.password, user.scope_label
        );
    }
}
