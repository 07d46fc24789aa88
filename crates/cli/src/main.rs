//! `huongnghiep`: the one binary of the career-guidance and streaming information system.
//! It wires the store, the import and the web application behind the commands of DESIGN §2.

mod commands;
mod demo;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "huongnghiep",
    version,
    about = "Hệ thống thông tin hướng nghiệp – phân luồng học sinh"
)]
struct Cli {
    /// Cơ sở dữ liệu: sqlite://ĐƯỜNG_DẪN (mặc định) hoặc postgres://…
    #[arg(
        long,
        global = true,
        env = "HN_DATABASE_URL",
        default_value = "sqlite://huongnghiep.db"
    )]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Chạy giao diện web và API.
    Serve(commands::serve::ServeArgs),
    /// Ghi bộ dữ liệu mẫu (tỉnh Long An năm 2023) vào cơ sở dữ liệu trống.
    Demo(commands::demo::DemoArgs),
    /// Quản lý người dùng.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// Nhập dữ liệu từ tệp XLSX, XLS hoặc CSV.
    Import(commands::import::ImportArgs),
    /// Xuất báo cáo chính thức (XLSX, PDF, CSV).
    #[command(subcommand)]
    Export(commands::export::ExportCommand),
    /// Kiểm tra hoặc đếm lại số liệu tổng hợp từ hồ sơ.
    #[command(subcommand)]
    Figures(commands::figures::FiguresCommand),
    /// Sao lưu toàn bộ cơ sở dữ liệu vào một tệp (được cả khi máy chủ đang chạy).
    Backup(commands::backup::BackupArgs),
    /// Khôi phục cơ sở dữ liệu từ tệp sao lưu (từ chối khi cơ sở dữ liệu đích đang có dữ liệu, trừ khi có --force).
    Restore(commands::backup::RestoreArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Serve(args) => commands::serve::run(&cli.database, args).await,
        Command::Demo(args) => commands::demo::run(&cli.database, args).await,
        Command::User(command) => commands::user::run(&cli.database, command).await,
        Command::Import(args) => commands::import::run(&cli.database, args).await,
        Command::Export(command) => commands::export::run(&cli.database, command).await,
        Command::Figures(command) => commands::figures::run(&cli.database, command).await,
        Command::Backup(args) => commands::backup::backup(&cli.database, args).await,
        Command::Restore(args) => commands::backup::restore(&cli.database, args).await,
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("Lỗi: {error:#}");
            ExitCode::FAILURE
        }
    }
}
