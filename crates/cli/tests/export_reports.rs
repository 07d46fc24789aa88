//! `huongnghiep export report` as an office runs it: with the targets of the Long An 2023
//! appendix imported, the `targets` report gives back the appendix table value for value and row
//! for row (as CSV, and as a PDF that reads back in Vietnamese); a wrong name or unit is said
//! plainly.

use std::path::{Path, PathBuf};
use std::process::Command;

use domain::text::fold;

const APPENDIX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/demo/long-an-2023-targets.csv"
);

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hn-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_huongnghiep"))
        .arg("--database")
        .arg(format!("sqlite://{}", dir.join("hn.db").display()))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// (section, unit as folded, values as written) of each data row of a table in the appendix
/// layout; the plan writes "Thanh Hóa" for Thạnh Hóa and "01 Tân An" with its number.
fn rows(csv_text: &str) -> Vec<(String, String, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let mut section = String::new();
    let mut found = Vec::new();
    for record in reader.records() {
        let cells: Vec<String> = record
            .expect("csv")
            .iter()
            .map(|c| c.trim().to_string())
            .collect();
        let first = cells.first().cloned().unwrap_or_default();
        if first.starts_with("I. ") || first.starts_with("II. ") {
            section = first.split('.').next().unwrap_or_default().to_string();
            continue;
        }
        let (name, values) = if first.chars().all(|c| c.is_ascii_digit()) && !first.is_empty() {
            (
                cells.get(1).cloned().unwrap_or_default(),
                cells[2..].to_vec(),
            )
        } else if first.starts_with(|c: char| c.is_ascii_digit()) {
            (
                first
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
                    .to_string(),
                cells[1..].to_vec(),
            )
        } else if first == "Tổng cộng" {
            // The total row leaves the name cell empty where the table has a number column.
            (
                first.clone(),
                cells[1..]
                    .iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect(),
            )
        } else {
            continue;
        };
        let key = fold(&name).replace("thanh hoa", "thạnh hoa");
        found.push((section.clone(), fold(&key), values));
    }
    found
}

#[test]
fn the_targets_report_gives_back_the_appendix_value_for_value() {
    let dir = workdir("targets");
    let (status, out, err) = run(
        &dir,
        &[
            "import", "targets", APPENDIX, "--year", "2023", "--unit", "80",
        ],
    );
    assert_eq!(status, 0, "{out}{err}");
    let output = dir.join("chi-tieu.csv");
    let (status, out, err) = run(
        &dir,
        &[
            "export",
            "report",
            "targets",
            "--unit",
            "80",
            "--year",
            "2023",
            "--format",
            "csv",
            "--output",
            output.to_str().expect("path"),
        ],
    );
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("Bảng chỉ tiêu đăng ký"), "{out}");
    let appendix = rows(&std::fs::read_to_string(APPENDIX).expect("appendix"));
    let report = rows(&std::fs::read_to_string(&output).expect("report"));
    assert_eq!(appendix.len(), 32, "15 districts and a total row per level");
    assert_eq!(report, appendix);

    let pdf = dir.join("chi-tieu.pdf");
    let (status, out, err) = run(
        &dir,
        &[
            "export",
            "report",
            "targets",
            "--unit",
            "80",
            "--year",
            "2023",
            "--format",
            "pdf",
            "--output",
            pdf.to_str().expect("path"),
            "--date",
            "07/03/2023",
        ],
    );
    assert_eq!(status, 0, "{out}{err}");
    let Ok(text) = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        assert!(
            std::env::var("HN_SKIP_TOOLS").is_ok_and(|v| v == "1"),
            "pdftotext is required (cài nó, hoặc đặt HN_SKIP_TOOLS=1 để tự bỏ qua)"
        );
        return;
    };
    let text: String = unicode_normalization::UnicodeNormalization::nfc(
        String::from_utf8_lossy(&text.stdout).as_ref(),
    )
    .collect();
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "BẢNG CHỈ TIÊU ĐĂNG KÝ NĂM 2023",
        "Long An, ngày 07 tháng 3 năm 2023",
        "I. CẤP TRUNG HỌC CƠ SỞ",
        "II. CẤP TRUNG HỌC PHỔ THÔNG",
        "Thạnh Hóa",
        "Kiến Tường",
        "35,09",
        "27,92",
        "40,22",
        "TM. ỦY BAN NHÂN DÂN",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
}

#[test]
fn an_unknown_report_or_unit_is_said_plainly() {
    let dir = workdir("unknown");
    let output = dir.join("x.xlsx");
    let path = output.to_str().expect("path");
    let (status, _, err) = run(
        &dir,
        &[
            "export", "report", "budget", "--unit", "80", "--year", "2023", "--output", path,
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("Không có báo cáo “budget”"), "{err}");
    let (status, _, err) = run(
        &dir,
        &[
            "export",
            "report",
            "streaming",
            "--unit",
            "99999",
            "--year",
            "2023",
            "--output",
            path,
        ],
    );
    assert_eq!(status, 1);
    assert!(err.contains("Không có đơn vị hay trường mã 99999"), "{err}");
    let (status, _, err) = run(
        &dir,
        &[
            "export", "report", "targets", "--unit", "80", "--year", "2023", "--output", path,
        ],
    );
    assert_eq!(status, 1);
    assert!(err.contains("Chưa có chỉ tiêu nào năm 2023"), "{err}");
    assert!(!output.exists(), "no file is written for a refused report");
}
