//! `user add`: creates an account from the command line.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::bail;
use clap::{Args, Subcommand};
use domain::Role;
use web::accounts::{AccountRequest, create};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Tạo người dùng.
    Add(AddArgs),
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    username: String,
    /// admin, province_officer, district_officer, commune_officer, labour_officer, school_staff,
    /// vocational_school, enterprise, student, parent
    #[arg(long)]
    role: String,
    /// Mã đơn vị hành chính (vai trò thuộc cơ quan quản lý).
    #[arg(long)]
    unit: Option<String>,
    /// Mã cơ sở (vai trò thuộc trường, cơ sở GDNN, doanh nghiệp).
    #[arg(long)]
    institution: Option<String>,
    /// Họ và tên; mặc định là tên đăng nhập.
    #[arg(long)]
    display_name: Option<String>,
    /// Đọc mật khẩu từ dòng đầu của đầu vào chuẩn; nếu không, một mật khẩu ngẫu nhiên được tạo.
    #[arg(long)]
    password_stdin: bool,
}

pub async fn run(database: &str, command: UserCommand) -> anyhow::Result<ExitCode> {
    let UserCommand::Add(args) = command;
    let Some(role) = Role::parse(&args.role) else {
        bail!("vai trò “{}” không hợp lệ", args.role);
    };
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_string(), false)
    } else {
        (web::auth::secrets::new_token()[..20].to_string(), true)
    };
    let store = super::open_store(database).await?;
    let request = AccountRequest {
        username: args.username.clone(),
        display_name: args.display_name.unwrap_or_else(|| args.username.clone()),
        password: password.clone(),
        role,
        unit_code: args.unit,
        institution_code: args.institution,
    };
    let created = create(store.as_ref(), None, request).await;
    store.close().await;
    match created {
        Ok(_) => {
            println!("Đã tạo người dùng {}.", args.username);
            if generated {
                println!("Mật khẩu (chỉ hiện một lần): {password}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => bail!("{}", failure.message()),
    }
}
