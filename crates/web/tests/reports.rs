//! The official reports as files, from the web: the province's streaming report opens in
//! LibreOffice with every figure equal to the dashboard's (the indicators API), its PDF carries
//! the Vietnamese names intact, and the not-continuing list is personal data — refused to a
//! labour office, given to the commune and audited.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::{StatusCode, header};
use domain::Role;
use support::*;

const BEN_LUC: &str = "STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n\
1,HS001,Trần Đức,01/02/2009,Nam,9A1,THPT công lập\n\
2,HS002,Lê Văn Duy,02/02/2009,Nam,9A1,Trung cấp\n\
3,HS003,Phạm Thị Ân,03/02/2009,Nữ,9A1,\n\
4,HS004,Võ Ngọc Ăn,04/02/2009,Nữ,9A1,Không tiếp tục học\n\
5,HS005,Nguyễn Thị Ánh,05/02/2009,Nữ,9A1,9+ (GDTX + trung cấp)\n\
6,HS006,Bùi Văn Anh,06/02/2009,Nam,9A1,Sơ cấp\n";

const THANH_HOA: &str = "STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n\
1,TH001,Huỳnh Văn Bé,01/03/2009,Nam,9A,THPT công lập\n\
2,TH002,Lý Thị Cúc,02/03/2009,Nữ,9A,THPT công lập\n\
3,TH003,Đặng Văn Đạt,03/03/2009,Nam,9A,Trung cấp\n";

fn tool(name: &str) -> Option<PathBuf> {
    let found = ["/usr/bin", "/usr/local/bin"]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("HN_SKIP_TOOLS").is_ok_and(|v| v == "1"),
            "{name} is required (cài nó, hoặc đặt HN_SKIP_TOOLS=1 để tự bỏ qua)"
        );
        eprintln!("{name} không có trên máy này: bỏ qua phần kiểm tra bằng {name}");
    }
    found
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "hn-reports-{}-{}-{name}",
        std::process::id(),
        hn_web::auth::secrets::new_token()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// The workbook as LibreOffice reads it, saved as CSV (values, not formats).
fn libreoffice_csv(xlsx: &[u8]) -> Option<String> {
    let soffice = tool("soffice")?;
    let dir = scratch("lo");
    let file = dir.join("report.xlsx");
    std::fs::write(&file, xlsx).expect("write");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,false,false,false")
        .arg("--outdir")
        .arg(&dir)
        .arg(&file)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    Some(std::fs::read_to_string(dir.join("report.csv")).expect("csv written"))
}

fn fields(line: &str) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes())
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(String::from).collect())
        .unwrap_or_default()
}

fn number(text: &str) -> f64 {
    text.trim().replace(',', ".").parse().unwrap_or(f64::NAN)
}

async fn with_figures() -> TestApp {
    let app = spawn_app().await;
    import_csv(&app, SCHOOL_BEN_LUC, 2024, BEN_LUC).await;
    import_csv(&app, SCHOOL_THANH_HOA, 2024, THANH_HOA).await;
    let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("day");
    let mut targets = Vec::new();
    for (code, value) in [("803", 32.01), ("800", 23.2), ("80", 27.92)] {
        let unit = app
            .store
            .unit_on(code, day)
            .await
            .expect("query")
            .expect(code);
        targets.push(store::Target {
            indicator_code: "thcs_to_vocational".into(),
            unit_id: unit.id,
            year: 2024,
            level: Some(domain::Level::Thcs),
            value,
            position: 0,
        });
    }
    app.store
        .upsert_targets(&targets, chrono::Utc::now())
        .await
        .expect("targets");
    app
}

#[tokio::test]
async fn the_provincial_streaming_workbook_holds_the_dashboard_figures() {
    let app = with_figures().await;
    let cookie = app.cookie(Role::ProvinceOfficer).await;
    let reply = app
        .page("/don-vi/80/bao-cao/streaming.xlsx?nam=2024", &cookie)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or("")
            .contains("spreadsheetml")
    );
    assert!(
        reply.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap_or("")
            .contains("streaming-80-2024.xlsx")
    );
    // The body went through a lossy UTF-8 conversion in the test client: ask again for bytes.
    let bytes = app
        .bytes("/don-vi/80/bao-cao/streaming.xlsx?nam=2024", &cookie)
        .await;
    let Some(csv) = libreoffice_csv(&bytes) else {
        return;
    };

    let token = app.token(Role::ProvinceOfficer).await;
    let indicators = app
        .get(
            "/api/v1/units/80/indicators?year=2024&level=thcs",
            Some(&token),
        )
        .await
        .json();
    let streaming = app
        .get(
            "/api/v1/units/80/streaming?year=2024&level=thcs",
            Some(&token),
        )
        .await
        .json();
    let mut checked = 0;
    for (child, figures) in indicators["children"]
        .as_array()
        .expect("children")
        .iter()
        .zip(streaming["children"].as_array().expect("children"))
    {
        let graduates = figures["graduates"].as_u64().unwrap_or(0);
        if graduates == 0 {
            continue;
        }
        let name = domain::text::strip_unit_type(child["name"].as_str().unwrap_or("")).to_string();
        let line = csv
            .lines()
            .find(|l| fields(l).get(1) == Some(&name))
            .unwrap_or_else(|| panic!("{name} in\n{csv}"));
        let row = fields(line);
        let main = child["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .find(|i| i["code"] == "thcs_to_vocational")
            .expect("main indicator");
        assert_eq!(number(&row[2]) as u64, graduates, "{name}: graduates");
        assert_eq!(
            number(&row[15]),
            main["target"].as_f64().unwrap_or(f64::NAN),
            "{name}: target"
        );
        assert_eq!(
            number(&row[16]),
            main["value"].as_f64().unwrap_or(f64::NAN),
            "{name}: rate"
        );
        let not_continuing = figures["counts"]["not_continuing"].as_u64().unwrap_or(0);
        assert_eq!(
            number(&row[11]) as u64,
            not_continuing,
            "{name}: not continuing"
        );
        checked += 1;
    }
    assert_eq!(
        checked, 2,
        "both districts with graduates are in the report"
    );
    let total = fields(
        csv.lines()
            .find(|l| l.contains("Tổng cộng"))
            .expect("total row"),
    );
    assert_eq!(number(&total[2]) as u64, 9);
    let own = indicators["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == "thcs_to_vocational")
        .expect("main");
    assert_eq!(
        number(&total[16]),
        own["value"].as_f64().unwrap_or(f64::NAN)
    );
    assert_eq!(number(&total[15]), 27.92);
}

#[tokio::test]
async fn the_pdf_reads_back_in_vietnamese() {
    let app = with_figures().await;
    let cookie = app.cookie(Role::DistrictOfficer).await;
    let bytes = app
        .bytes("/don-vi/803/bao-cao/streaming.pdf?nam=2024", &cookie)
        .await;
    assert!(bytes.starts_with(b"%PDF"));
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let dir = scratch("pdf");
    let file = dir.join("report.pdf");
    std::fs::write(&file, &bytes).expect("write");
    let out = Command::new(pdftotext)
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text: String = unicode_normalization::UnicodeNormalization::nfc(
        String::from_utf8_lossy(&out.stdout).as_ref(),
    )
    .collect();
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "UBND HUYỆN BẾN LỨC",
        "Kết quả phân luồng học sinh sau tốt nghiệp THCS, THPT năm 2024",
        "I. CẤP TRUNG HỌC CƠ SỞ",
        "Không tiếp",
        "Tổng cộng",
        "Nơi nhận:",
        "TRƯỞNG PHÒNG",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
}

#[tokio::test]
async fn the_not_continuing_list_is_for_the_commune_and_its_export_is_audited() {
    let app = with_figures().await;
    let labour = app.cookie(Role::LabourOfficer).await;
    let refused = app
        .page(
            "/don-vi/27991/bao-cao/not-continuing.csv?nam=2024&ngay=30/06/2024",
            &labour,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let commune = app.cookie(Role::CommuneOfficer).await;
    let list = app
        .page(
            "/don-vi/27991/bao-cao/not-continuing.csv?nam=2024&ngay=30/06/2024",
            &commune,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Võ Ngọc Ăn"), "{}", list.body);
    assert!(
        !list.body.contains("Trần Đức"),
        "only those who left all education"
    );
    let audited = app
        .store
        .audit_events(100)
        .await
        .expect("audit")
        .into_iter()
        .any(|e| e.action == "export_report" && e.username == username(Role::CommuneOfficer));
    assert!(audited, "the export of a person list is in the audit log");
}
