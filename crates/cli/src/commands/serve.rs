//! `serve`: the web UI and API, with the demo data set on an empty database when asked.

use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

#[derive(Args)]
pub struct ServeArgs {
    /// Địa chỉ lắng nghe.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Nạp dữ liệu mẫu khi cơ sở dữ liệu chưa có cơ sở giáo dục nào.
    #[arg(long)]
    demo: bool,
    /// Hạt giống của dữ liệu mẫu.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Đặt cờ Secure cho cookie (khi chạy sau HTTPS).
    #[arg(long)]
    secure_cookies: bool,
    /// Tin tiêu đề X-Forwarded-Proto của proxy ngược phía trước: cookie có cờ Secure khi
    /// trình duyệt truy cập qua HTTPS. Chỉ bật khi proxy luôn đặt (ghi đè) tiêu đề này.
    #[arg(long, env = "HN_TRUST_PROXY", value_parser = clap::builder::BoolishValueParser::new())]
    trust_proxy: bool,
    /// Cỡ tối đa của tệp tải lên để nhập (MB).
    #[arg(long, env = "HN_MAX_UPLOAD_MB", default_value_t = 50)]
    max_upload_mb: u64,
}

pub async fn run(database: &str, args: ServeArgs) -> anyhow::Result<ExitCode> {
    web::memory::tune_for_server();
    let store = super::open_store(database).await?;
    if args.demo {
        if store.institution_count().await? == 0 {
            let summary = crate::demo::load(&store, args.seed).await?;
            super::demo::print_sign_in(&summary);
        } else {
            eprintln!("Cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu mẫu.");
        }
    }
    let analytics = analytics::Engine::new(store.clone());
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("không mở được địa chỉ {}", args.addr))?;
    let local = listener.local_addr()?;
    eprintln!(
        "Huongnghiep đang chạy tại http://{local}/ (cơ sở dữ liệu: {})",
        super::redact(database)
    );
    let state = web::AppState {
        store,
        secure_cookies: args.secure_cookies,
        trust_proxy: args.trust_proxy,
        jobs: web::jobs::Jobs::new(web::jobs::ImportLimits {
            max_upload_bytes: args.max_upload_mb.max(1) * 1024 * 1024,
            ..Default::default()
        }),
        analytics: std::sync::Arc::new(analytics),
    };
    web::serve(state, listener).await?;
    eprintln!("Đã dừng Huongnghiep; cơ sở dữ liệu đã được đóng.");
    Ok(ExitCode::SUCCESS)
}
