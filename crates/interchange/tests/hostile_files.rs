//! Arbitrary bytes and arbitrary workbooks fed to the import parser: never a panic, never a hang,
//! memory bounded; a zip bomb disguised as XLSX is refused with a clear error.

use std::io::Write;
use std::path::PathBuf;

use hn_interchange::Table;
use hn_interchange::students::columns;
use proptest::prelude::*;

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hn-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_any_supported_file_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096), ext in prop::sample::select(vec!["xlsx", "xls", "csv", "ods"])) {
        let path = temp_file(&format!("bytes.{ext}"), &bytes);
        let _ = Table::read(&path, columns::ALL);
    }

    #[test]
    fn arbitrary_text_as_csv_never_panics_and_keeps_row_numbers(lines in proptest::collection::vec("[\\PC,;\\t\"]{0,40}", 0..40)) {
        let text = lines.join("\n");
        let path = temp_file("text.csv", text.as_bytes());
        if let Ok(table) = Table::read(&path, columns::ALL) {
            for row in &table.rows {
                prop_assert!(row.number >= 1 && row.number <= lines.len().max(1));
            }
        }
    }

    #[test]
    fn arbitrary_workbooks_never_panic(cells in proptest::collection::vec((0u32..60, 0u16..20, prop_oneof![
        "\\PC{0,30}".prop_map(CellValue::Text),
        any::<f64>().prop_map(CellValue::Number),
        (1900i32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| CellValue::Date(y, m, d)),
    ]), 0..80), header in any::<bool>()) {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        if header {
            for (col, name) in ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Hướng đi sau tốt nghiệp"].iter().enumerate() {
                sheet.write(3, col as u16, *name).expect("write");
            }
        }
        let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        for (row, col, value) in &cells {
            let row = row + 4;
            match value {
                CellValue::Text(text) => { sheet.write(row, *col, text.as_str()).expect("write"); }
                CellValue::Number(n) if n.is_finite() => { sheet.write(row, *col, *n).expect("write"); }
                CellValue::Number(_) => {}
                CellValue::Date(y, m, d) => {
                    if let Some(day) = chrono::NaiveDate::from_ymd_opt(*y, *m, *d) {
                        sheet.write_datetime_with_format(row, *col, day, &date_format).expect("write");
                    }
                }
            }
        }
        let bytes = book.save_to_buffer().expect("xlsx");
        let path = temp_file("random.xlsx", &bytes);
        let _ = Table::read(&path, columns::ALL);
    }
}

#[derive(Debug, Clone)]
enum CellValue {
    Text(String),
    Number(f64),
    Date(i32, u32, u32),
}

/// A real XLSX whose sheet part unpacks to far more than it weighs.
fn zip_bomb() -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("[Content_Types].xml", options)
            .expect("part");
        zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).expect("write");
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .expect("part");
        let zeros = vec![b' '; 1024 * 1024];
        // 64 MiB of spaces packs into about 64 KiB: far beyond any real ratio.
        for _ in 0..64 {
            zip.write_all(&zeros).expect("write");
        }
        zip.finish().expect("finish");
    }
    buffer.into_inner()
}

#[test]
fn a_zip_bomb_disguised_as_xlsx_is_refused_with_a_clear_error() {
    let path = temp_file("bomb.xlsx", &zip_bomb());
    let failure = Table::read(&path, columns::ALL)
        .err()
        .map(|f| f.to_string())
        .unwrap_or_default();
    assert!(failure.contains("zip bomb"), "{failure}");
    assert!(failure.starts_with("bomb.xlsx"), "{failure}");
}

#[test]
fn a_sheet_claiming_a_huge_range_costs_only_its_cells() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Họ và tên").expect("write");
    sheet.write(0, 1, "Ngày sinh").expect("write");
    sheet.write(1_048_575, 16_383, "xa").expect("write");
    let path = temp_file("far.xlsx", &book.save_to_buffer().expect("xlsx"));
    let table = Table::read(&path, columns::ALL);
    // The far cell lies beyond the columns a list can use; the header is still found.
    assert!(table.is_ok(), "{:?}", table.err().map(|f| f.to_string()));
}
