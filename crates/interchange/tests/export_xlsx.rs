//! The XLSX export read back three ways: by calamine (every figure a number equal to the
//! report's), by LibreOffice converting it to CSV as shown on screen (what an official sees
//! when opening the file), and as XML for the print set-up.

mod sample;

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use calamine::{Data, Dimensions, Range, Reader, Xlsx};
use domain::report::{Document, Table, Value};
use hn_interchange::export::xlsx::render;

fn xlsx(document: &Document) -> Vec<u8> {
    render(document).expect("XLSX")
}

/// The only worksheet, its name and its merged regions.
fn read_back(bytes: &[u8]) -> (String, Range<Data>, Vec<Dimensions>) {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 1, "one worksheet: {names:?}");
    let name = names[0].clone();
    let range = workbook.worksheet_range(&name).expect("the worksheet");
    let merged = workbook
        .merge_cells_by_sheet_name(&name)
        .expect("its merged cells");
    (name, range, merged)
}

fn cell_holds(cell: Option<&Data>, value: &Value) -> bool {
    match (cell, value) {
        (Some(Data::String(text)), Value::Text(expected)) => text == expected,
        (Some(Data::Float(n)), Value::Count(expected)) => *n == *expected as f64,
        (Some(Data::Int(n)), Value::Count(expected)) => *n as u64 == *expected,
        (Some(Data::Float(n)), Value::Percent(expected)) => n == expected,
        (Some(Data::DateTime(date)), Value::Date(expected)) => {
            date.as_datetime().map(|d| d.date()) == Some(*expected)
        }
        (None | Some(Data::Empty), Value::Empty) => true,
        _ => false,
    }
}

/// The sheet row where the table's rows start, they following one another, cell for cell.
fn rows_in_sheet(range: &Range<Data>, table: &Table) -> u32 {
    let (end_row, _) = range.end().expect("a sheet with cells");
    (0..=end_row)
        .find(|&start| {
            table.rows.iter().enumerate().all(|(i, row)| {
                row.cells.iter().enumerate().all(|(c, value)| {
                    cell_holds(range.get_value((start + i as u32, c as u32)), value)
                })
            })
        })
        .unwrap_or_else(|| panic!("the rows of {:?} in the sheet", table.heading))
}

fn assert_figures_and_headers(document: &Document) {
    let (name, range, merged) = read_back(&xlsx(document));
    assert!(name.encode_utf16().count() <= 31, "{name}");
    let texts: HashSet<&str> = range
        .used_cells()
        .filter_map(|(_, _, cell)| match cell {
            Data::String(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let place_and_date = document.place_and_date();
    let mut expected = vec![
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận:",
        document.issuer.name.as_str(),
        document.title.as_str(),
        place_and_date.as_str(),
    ];
    expected.extend(document.signature.lines.iter().map(String::as_str));
    expected.extend(document.signature.signer.as_deref());
    for text in expected {
        assert!(texts.contains(text), "{text:?} on the sheet");
    }
    for recipient in &document.recipients {
        assert!(
            texts.contains(format!("- {recipient}").as_str()),
            "{recipient}"
        );
    }
    for table in &document.tables {
        let first_row = rows_in_sheet(&range, table);
        let header_rows = if table.has_groups() { 2 } else { 1 };
        let header_top = first_row - header_rows;
        for (c, column) in table.columns.iter().enumerate() {
            let c = c as u32;
            let title_row = first_row - 1;
            match &column.group {
                None => {
                    assert_eq!(
                        range.get_value((header_top, c)),
                        Some(&Data::String(column.title.clone()))
                    );
                    if header_rows == 2 {
                        let spans_both = merged
                            .iter()
                            .any(|m| m.start == (header_top, c) && m.end == (title_row, c));
                        assert!(spans_both, "{} merged over both header rows", column.title);
                    }
                }
                Some(group) => {
                    assert_eq!(
                        range.get_value((title_row, c)),
                        Some(&Data::String(column.title.clone()))
                    );
                    // The group's cell is merged over exactly the columns of that group.
                    let columns: Vec<u32> = table
                        .columns
                        .iter()
                        .enumerate()
                        .filter(|(_, other)| other.group.as_ref() == Some(group))
                        .map(|(i, _)| i as u32)
                        .collect();
                    let (first, last) = (columns[0], columns[columns.len() - 1]);
                    assert!(
                        merged
                            .iter()
                            .any(|m| m.start == (header_top, first) && m.end == (header_top, last)),
                        "{group} merged over its columns"
                    );
                    assert_eq!(
                        range.get_value((header_top, first)),
                        Some(&Data::String(group.clone()))
                    );
                }
            }
        }
    }
}

#[test]
fn the_appendix_reads_back_figure_for_figure() {
    assert_figures_and_headers(&sample::appendix());
}

#[test]
fn the_streaming_report_reads_back_with_its_grouped_headers() {
    assert_figures_and_headers(&sample::streaming());
}

#[test]
fn a_percentage_is_the_reports_figure_not_a_fraction() {
    let (_, range, _) = read_back(&xlsx(&sample::appendix()));
    let figures: Vec<f64> = range
        .used_cells()
        .filter_map(|(_, _, cell)| match cell {
            Data::Float(n) => Some(*n),
            _ => None,
        })
        .collect();
    assert!(figures.contains(&35.09) && figures.contains(&27.92) && figures.contains(&100.0));
    assert!(!figures.iter().any(|n| *n > 0.0 && *n < 1.0), "{figures:?}");
}

/// One part of the XLSX package as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX package");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

fn assert_printed_on_a4(document: &Document, orientation: &str) {
    let bytes = xlsx(document);
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let page_setup = sheet
        .split("<pageSetup")
        .nth(1)
        .and_then(|rest| rest.split("/>").next())
        .expect("a page set-up");
    for attribute in [
        "paperSize=\"9\"".to_string(),
        format!("orientation=\"{orientation}\""),
        "fitToHeight=\"0\"".to_string(),
    ] {
        assert!(
            page_setup.contains(&attribute),
            "{attribute} in <pageSetup{page_setup}"
        );
    }
    // One page wide: fitToWidth defaults to 1 in the schema, and rust_xlsxwriter leaves a
    // default out.
    assert!(
        !page_setup.contains("fitToWidth") || page_setup.contains("fitToWidth=\"1\""),
        "one page wide: <pageSetup{page_setup}"
    );
    assert!(
        sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "fit to pages on"
    );
    assert!(
        sheet.contains("horizontalCentered=\"1\""),
        "centred on the page"
    );
    let pane = sheet
        .split("<pane")
        .nth(1)
        .and_then(|rest| rest.split("/>").next())
        .expect("a pane");
    assert!(pane.contains("state=\"frozen\""), "<pane{pane}");
    // Frozen under the first table's header: the top-left cell of the lower pane is the first
    // row of figures.
    let (_, range, _) = read_back(&bytes);
    let first_row = rows_in_sheet(&range, &document.tables[0]);
    assert!(
        pane.contains(&format!("topLeftCell=\"A{}\"", first_row + 1)),
        "<pane{pane} under the header, above row {}",
        first_row + 1
    );
    let header_top = first_row
        - if document.tables[0].has_groups() {
            2
        } else {
            1
        };
    let workbook = part(&bytes, "xl/workbook.xml");
    let titles = format!("!${}:${}<", header_top + 1, first_row);
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains(&titles),
        "the header rows repeated on every page ({titles}): {workbook}"
    );
}

#[test]
fn the_appendix_prints_portrait_on_a4_one_page_wide() {
    assert_printed_on_a4(&sample::appendix(), "portrait");
}

#[test]
fn the_wide_streaming_report_prints_landscape() {
    assert_printed_on_a4(&sample::streaming(), "landscape");
}

/// LibreOffice's CSV export with "save cell contents as shown" (9th token `true`; `false`
/// writes the raw values, "27.5" and "1000"), in UTF-8 (76), comma-separated, quoted with '"'.
/// Tokens 6 (language) and 7-8 only matter when importing.
const CSV_FILTER: &str =
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false";

/// How long one conversion may take before the test gives up on LibreOffice.
const CONVERSION_LIMIT: Duration = Duration::from_secs(180);

/// The two samples as LibreOffice shows them, as CSV records: converted once for this file,
/// the conversion taking seconds. `None` when LibreOffice is not installed and not required.
fn shown_by_libreoffice() -> Option<&'static [Vec<Vec<String>>; 2]> {
    static SHOWN: OnceLock<Option<[Vec<Vec<String>>; 2]>> = OnceLock::new();
    SHOWN.get_or_init(convert_samples).as_ref()
}

fn convert_samples() -> Option<[Vec<Vec<String>>; 2]> {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            std::env::var("HN_SKIP_TOOLS").is_ok_and(|v| v == "1"),
            "LibreOffice (soffice) is not installed (cài nó, hoặc đặt HN_SKIP_TOOLS=1 để tự bỏ qua)"
        );
        eprintln!(
            "skipped: LibreOffice (soffice) is not installed, so the XLSX is not checked as \
             LibreOffice shows it (HN_SKIP_TOOLS=1)"
        );
        return None;
    }
    let dir = std::env::temp_dir().join(format!("hn-export-xlsx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let names = ["appendix", "streaming"];
    let files: Vec<PathBuf> = names
        .iter()
        .zip([sample::appendix(), sample::streaming()])
        .map(|(name, document)| {
            let file = dir.join(format!("{name}.xlsx"));
            std::fs::write(&file, xlsx(&document)).expect("the XLSX written");
            file
        })
        .collect();
    let out = dir.join("csv");
    let mut soffice = Command::new("soffice")
        // A profile of its own, so that test runs in parallel do not share (and lock) one.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", CSV_FILTER, "--outdir"])
        .arg(&out)
        .args(&files)
        // Shown as in a Vietnamese LibreOffice: "1.000" and "35,09".
        .env("LC_ALL", "vi_VN.UTF-8")
        .env("LANG", "vi_VN.UTF-8")
        .env_remove("LANGUAGE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("soffice starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = soffice.try_wait().expect("soffice runs") {
            break status;
        }
        if started.elapsed() > CONVERSION_LIMIT {
            let _ = soffice.kill();
            panic!("LibreOffice took more than {CONVERSION_LIMIT:?} to convert two small files");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "soffice --convert-to csv: {status}");
    let read = |name: &str| -> Vec<Vec<String>> {
        let path = out.join(format!("{name}.csv"));
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .records()
            .map(|record| {
                record
                    .expect("a CSV record")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect()
    };
    let shown = [read(names[0]), read(names[1])];
    let _ = std::fs::remove_dir_all(&dir);
    Some(shown)
}

fn assert_shown_by_libreoffice(document: &Document, records: &[Vec<String>]) {
    for table in &document.tables {
        let expected: Vec<Vec<String>> = table
            .rows
            .iter()
            // As on paper and in the CSV export: counts with a thousands dot, percentages with
            // their column's decimals after a comma ("35,09"; "100" in a column of whole ones).
            .map(|row| {
                (0..row.cells.len())
                    .map(|c| table.cell_text(row, c))
                    .collect()
            })
            .collect();
        let found = records.windows(expected.len()).any(|lines| {
            lines
                .iter()
                .zip(&expected)
                .all(|(line, cells)| line.len() >= cells.len() && line[..cells.len()] == cells[..])
        });
        assert!(
            found,
            "the rows of {:?}, line for line, as LibreOffice shows them:\n{expected:?}\nin\n{records:?}",
            table.heading
        );
    }
}

#[test]
fn libreoffice_shows_every_figure_of_the_appendix_on_its_districts_line() {
    if let Some(shown) = shown_by_libreoffice() {
        assert_shown_by_libreoffice(&sample::appendix(), &shown[0]);
        // The line of Tân An in the first table, spelled out.
        assert!(shown[0].iter().any(|line| {
            line.get(..5)
                .is_some_and(|cells| cells == ["01", "Tân An", "100", "100", "35,09"])
        }));
    }
}

#[test]
fn libreoffice_shows_every_figure_of_the_streaming_report_on_its_districts_line() {
    if let Some(shown) = shown_by_libreoffice() {
        assert_shown_by_libreoffice(&sample::streaming(), &shown[1]);
        assert!(shown[1].iter().any(|line| {
            line.get(..4)
                .is_some_and(|cells| cells == ["1", "Tân An", "1.000", "600"])
        }));
    }
}

#[test]
fn odd_documents_still_make_a_workbook() {
    use chrono::NaiveDate;
    use domain::report::{Column, ColumnKind, Row};
    // No tables at all.
    let mut bare = sample::appendix();
    bare.tables.clear();
    bare.recipients.clear();
    let (_, range, _) = read_back(&xlsx(&bare));
    assert!(
        range
            .used_cells()
            .any(|(_, _, c)| c == &Data::String(bare.title.clone()))
    );
    // One narrow column of dates, a short row, a long school name, no signer.
    let mut odd = sample::streaming();
    let day = NaiveDate::from_ymd_opt(2023, 6, 30).expect("date");
    odd.tables.push(Table {
        heading: None,
        columns: vec![
            Column {
                group: None,
                title: "Trường".into(),
                kind: ColumnKind::Text,
                width: 10.0,
            },
            Column {
                group: None,
                title: "Ngày".into(),
                kind: ColumnKind::Date,
                width: 10.0,
            },
        ],
        rows: vec![
            Row {
                cells: vec![
                    Value::Text("Trường THCS và THPT Nguyễn Thị Minh Khai, huyện Cần Giuộc".into()),
                    Value::Date(day),
                ],
                total: false,
            },
            Row {
                cells: vec![Value::Text("Tổng cộng".into())],
                total: true,
            },
        ],
    });
    odd.signature.signer = None;
    let (_, range, _) = read_back(&xlsx(&odd));
    let dates: Vec<_> = range
        .used_cells()
        .filter_map(|(_, _, cell)| match cell {
            Data::DateTime(date) => date.as_datetime().map(|d| d.date()),
            _ => None,
        })
        .collect();
    assert_eq!(dates, [day], "the date is a date, not text");
}
