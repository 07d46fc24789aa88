//! A table read from a CSV, XLSX or XLS file: the header row found below any title rows, the
//! columns matched by name (accent- and case-insensitively), cells kept with their row numbers.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use domain::text::{clean, fold};

use crate::errors::{ImportFailure, Said};
use crate::legacy_text::{Encoding, convert, detect_many};

/// How many rows from the top may hold titles before the header row.
const HEADER_SEARCH_ROWS: usize = 30;
/// Files above this size are refused before they are read.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// What a workbook may unpack to, and how much more than its packed size: beyond these it is a
/// zip bomb, not a class list.
const MAX_UNPACKED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
const MAX_PACKING_RATIO: u64 = 200;
/// Bounds of the sheet read, whatever its format: the rows of a spreadsheet, the columns a list
/// can use, and the cells held (in each row up to its last filled cell). The cells bound keeps a
/// table in memory to about 100 MB (a short text cell takes some 50 bytes); a school's list of
/// 100,000 graduates with 20 columns still fits.
pub(crate) const MAX_ROWS: usize = 1_048_576;
pub(crate) const MAX_COLUMNS: usize = 256;
pub(crate) const MAX_CELLS: usize = 2_000_000;

/// The refusal of a sheet with more rows than `MAX_ROWS`.
pub(crate) fn too_many_rows() -> Said {
    Said::new(
        format!(
            "tệp quá lớn: quá {} dòng (giới hạn của hệ thống); hãy chia thành nhiều tệp nhỏ hơn",
            crate::csv_file::thousands(MAX_ROWS)
        ),
        format!(
            "the file is too large: over {MAX_ROWS} rows (a limit of the system); split it into smaller files"
        ),
    )
}

/// The refusal of a sheet with more cells than `max` (`MAX_CELLS` but in tests).
pub(crate) fn too_many_cells(max: usize) -> Said {
    Said::new(
        format!(
            "tệp quá lớn: quá {} ô dữ liệu (giới hạn của hệ thống); hãy chia thành nhiều tệp nhỏ hơn",
            crate::csv_file::thousands(max)
        ),
        format!(
            "the file is too large: over {max} cells of data (a limit of the system); split it into smaller files"
        ),
    )
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text, as a user would read it in the spreadsheet.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(day) => crate::dates::format_vi(*day),
        }
    }

    /// The cell as a date: a date cell, an Excel serial, or day-first text.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(day) => Some(*day),
            Cell::Number(serial) => crate::dates::from_excel_serial(*serial),
            Cell::Text(text) => crate::dates::parse_day_first(text),
            Cell::Empty => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The row number as shown by a spreadsheet program (1-based).
    pub number: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// The legacy encoding (TCVN3, VNI) the text was converted from, if any.
    pub legacy_encoding: Option<String>,
}

impl Table {
    /// Reads a file, finding the header row as the first that names at least two of the
    /// `known_columns` (each a list of accepted spellings).
    pub fn read(path: &Path, known_columns: &[&[&str]]) -> Result<Table, ImportFailure> {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(path)
            .map_err(|e| ImportFailure::whole_file(&file, unreadable(&e)))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(ImportFailure::whole_file(
                &file,
                Said::new(
                    "tệp quá lớn (quá 256 MB)",
                    "the file is too large (over 256 MB)",
                ),
            ));
        }
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let mut not_utf8 = false;
        let grid = match extension.as_str() {
            "xlsx" | "xlsm" => {
                check_zip(path, &file)?;
                read_xlsx(path, &file)?
            }
            "ods" => {
                check_zip(path, &file)?;
                read_workbook(path, &file)?
            }
            "xls" => read_workbook(path, &file)?,
            "csv" | "txt" => {
                let csv = crate::csv_file::read(path, &file, MAX_CELLS)?;
                not_utf8 = !csv.utf8;
                csv.rows
            }
            _ => {
                return Err(ImportFailure::whole_file(
                    &file,
                    Said::new(
                        "định dạng tệp không được hỗ trợ (dùng .xlsx, .xls hoặc .csv)",
                        "this kind of file is not supported (use .xlsx, .xls or .csv)",
                    ),
                ));
            }
        };
        let (grid, encoding) = to_unicode(grid);
        if not_utf8 && encoding == Encoding::Unicode {
            return Err(ImportFailure::whole_file(
                &file,
                Said::new(
                    "tệp không phải văn bản UTF-8, TCVN3 hay VNI; hãy lưu lại với bảng mã UTF-8 hoặc dùng .xlsx",
                    "the file is not text in UTF-8, TCVN3 or VNI; save it again in UTF-8 or use .xlsx",
                ),
            ));
        }
        let mut table = Table::from_grid(file, grid, known_columns)?;
        table.legacy_encoding =
            (encoding != Encoding::Unicode).then(|| encoding.label().to_string());
        Ok(table)
    }

    /// Builds a table from rows of cells already read.
    pub fn from_grid(
        file: String,
        grid: Vec<Vec<Cell>>,
        known_columns: &[&[&str]],
    ) -> Result<Table, ImportFailure> {
        let header_index = grid.iter().take(HEADER_SEARCH_ROWS).position(|row| {
            let names: Vec<String> = row.iter().map(|c| fold(&c.text())).collect();
            known_columns
                .iter()
                .filter(|aliases| aliases.iter().any(|alias| names.contains(&fold(alias))))
                .count()
                >= 2.min(known_columns.len())
        });
        let Some(header_index) = header_index else {
            let expected: Vec<&str> = known_columns
                .iter()
                .filter_map(|a| a.first().copied())
                .collect();
            return Err(ImportFailure::whole_file(
                &file,
                Said::new(
                    format!(
                        "không tìm thấy dòng tiêu đề cột (cần các cột: {})",
                        expected.join(", ")
                    ),
                    // The headings are the file's own words, which stay Vietnamese.
                    format!(
                        "no row of column headings was found (the columns needed: {})",
                        expected.join(", ")
                    ),
                ),
            ));
        };
        let mut headers: Vec<String> = grid[header_index]
            .iter()
            .map(|c| clean(&c.text()))
            .collect();
        let mut first_data = header_index + 1;
        // A second header row below merged cells ("Họ và tên" over "Họ" | "Tên", "Giới tính" over
        // "Nam" | "Nữ"): its names replace the merged ones above them.
        if let Some(sub) = grid
            .get(first_data)
            .filter(|row| is_sub_header(row, known_columns))
        {
            for (i, cell) in sub.iter().enumerate() {
                let name = clean(&cell.text());
                if name.is_empty() {
                    continue;
                }
                if i >= headers.len() {
                    headers.resize(i + 1, String::new());
                }
                headers[i] = name;
            }
            first_data += 1;
        }
        let rows = grid
            .into_iter()
            .enumerate()
            .skip(first_data)
            .filter(|(_, cells)| cells.iter().any(|c| !c.text().trim().is_empty()))
            // Forms print a row of column numbers right under the header.
            .filter(|(index, cells)| *index != first_data || !is_column_numbering(cells))
            // The signature block under an official table ends the data. Its lines hold one to
            // three cells; a student row holds more, so only short rows are looked at.
            .take_while(|(_, cells)| {
                let filled = cells.iter().filter(|c| !matches!(c, Cell::Empty)).count();
                filled > 3 || !is_footer(cells)
            })
            .map(|(index, cells)| Row {
                number: index + 1,
                cells,
            })
            .collect();
        Ok(Table {
            file,
            headers,
            rows,
            legacy_encoding: None,
        })
    }

    /// The index of the column written with one of `aliases`.
    pub fn column(&self, aliases: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = aliases.iter().map(|a| fold(a)).collect();
        self.headers.iter().position(|h| wanted.contains(&fold(h)))
    }

    /// The headers that none of the known columns claimed: reported, not fatal.
    pub fn unknown_columns(&self, known_columns: &[&[&str]]) -> Vec<String> {
        self.headers
            .iter()
            .filter(|h| !h.is_empty())
            .filter(|h| {
                !known_columns
                    .iter()
                    .any(|aliases| aliases.iter().any(|a| fold(a) == fold(h)))
            })
            .cloned()
            .collect()
    }
}

impl Row {
    /// The cleaned text of a column, empty when the column is absent.
    pub fn text(&self, column: Option<usize>) -> String {
        column
            .and_then(|i| self.cells.get(i))
            .map(|c| clean(&c.text()))
            .unwrap_or_default()
    }

    pub fn cell(&self, column: Option<usize>) -> &Cell {
        column
            .and_then(|i| self.cells.get(i))
            .unwrap_or(&Cell::Empty)
    }
}

/// Whether a row right below the header names columns rather than holding data: every filled
/// cell is a known column name (a data row holds names, dates and codes, never only these).
fn is_sub_header(row: &[Cell], known_columns: &[&[&str]]) -> bool {
    let filled: Vec<String> = row
        .iter()
        .map(|c| fold(&c.text()))
        .filter(|t| !t.is_empty())
        .collect();
    !filled.is_empty()
        && filled.iter().all(|text| {
            known_columns
                .iter()
                .any(|aliases| aliases.iter().any(|a| fold(a) == *text))
        })
}

/// The signature block of an official document: the place and date line ("Bến Lức, ngày 28
/// tháng 6 năm 2024"), "Người lập biểu", "HIỆU TRƯỞNG", "(Ký, ghi rõ họ tên)".
fn is_footer(cells: &[Cell]) -> bool {
    cells.iter().any(|cell| {
        let text = fold(&cell.text());
        let dated = text.contains("ngay ")
            && text.contains(" thang ")
            && text.contains(" nam ")
            && text.chars().any(|c| c.is_ascii_digit());
        dated
            || [
                "nguoi lap",
                "hieu truong",
                "(ky",
                "ky ten",
                "thu truong don vi",
                "xac nhan cua",
            ]
            .iter()
            .any(|marker| text.starts_with(marker) || text == marker.trim_start_matches('('))
    })
}

/// The row of column numbers official forms print under the header: "(1)", "(2)", … or 1, 2, 3 ….
fn is_column_numbering(cells: &[Cell]) -> bool {
    let values: Vec<String> = cells
        .iter()
        .map(|c| c.text().trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if values.len() < 3 {
        return false;
    }
    let in_parens = values.iter().all(|v| {
        v.starts_with('(')
            && v.ends_with(')')
            && v[1..v.len() - 1].chars().all(|c| c.is_ascii_digit())
    });
    let counting = values
        .iter()
        .enumerate()
        .all(|(i, v)| v.parse::<usize>().ok() == Some(i + 1));
    in_parens || counting
}

/// The refusal of a file the system could not read (`error` is the system's, in English).
pub(crate) fn unreadable(error: &std::io::Error) -> Said {
    Said::new(
        format!("không đọc được tệp: {error}"),
        format!("the file cannot be read: {error}"),
    )
}

/// The refusal of a workbook without any sheet.
fn no_sheet() -> Said {
    Said::new(
        "bảng tính không có trang nào",
        "the spreadsheet has no sheet",
    )
}

/// Refuses a zip container (XLSX, ODS) whose parts unpack to more than the bounds allow, before
/// anything is unpacked.
fn check_zip(path: &Path, file: &str) -> Result<(), ImportFailure> {
    let refuse = |vi: &str, en: &str| ImportFailure::whole_file(file, Said::new(vi, en));
    let reader =
        std::fs::File::open(path).map_err(|e| ImportFailure::whole_file(file, unreadable(&e)))?;
    let mut archive = zip::ZipArchive::new(reader).map_err(|_| {
        refuse(
            "tệp không phải bảng tính Excel hợp lệ (hỏng hoặc sai định dạng)",
            "the file is not a valid Excel spreadsheet (damaged or of another format)",
        )
    })?;
    let mut unpacked: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|_| refuse("tệp bảng tính bị hỏng", "the spreadsheet file is damaged"))?;
        unpacked = unpacked.saturating_add(part.size());
        let ratio_too_high = part.size() > 1024 * 1024
            && part.size() / part.compressed_size().max(1) > MAX_PACKING_RATIO;
        if unpacked > MAX_UNPACKED_BYTES || ratio_too_high {
            return Err(refuse(
                "tệp bị từ chối: dữ liệu nén bất thường (có thể là tệp độc hại dạng “zip bomb”)",
                "the file is refused: its compressed data is abnormal (it may be a harmful “zip bomb”)",
            ));
        }
    }
    Ok(())
}

/// Reads the first sheet of an XLSX cell by cell, so that a sheet claiming a huge used range
/// (one cell at A1 and one at XFD1048576) costs only the cells it really has.
fn read_xlsx(path: &Path, file: &str) -> Result<Vec<Vec<Cell>>, ImportFailure> {
    let broken = |e: calamine::XlsxError| {
        ImportFailure::whole_file(
            file,
            Said::new(
                format!("không đọc được bảng tính: {e}"),
                format!("the spreadsheet cannot be read: {e}"),
            ),
        )
    };
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(broken)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| ImportFailure::whole_file(file, no_sheet()))?;
    let mut reader = book.worksheet_cells_reader(&first).map_err(broken)?;
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let mut held = 0usize;
    while let Some(cell) = reader.next_cell().map_err(broken)? {
        let (row, col) = cell.get_position();
        let (row, col) = (row as usize, col as usize);
        if col >= MAX_COLUMNS {
            continue;
        }
        let value = cell_of_ref(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        if row >= MAX_ROWS {
            return Err(ImportFailure::whole_file(file, too_many_rows()));
        }
        if grid.len() <= row {
            grid.resize_with(row + 1, Vec::new);
        }
        let cells = &mut grid[row];
        if cells.len() <= col {
            held += col + 1 - cells.len();
            if held > MAX_CELLS {
                return Err(ImportFailure::whole_file(file, too_many_cells(MAX_CELLS)));
            }
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = value;
    }
    Ok(grid)
}

fn cell_of_ref(data: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match data {
        DataRef::SharedString(text) => Cell::Text((*text).to_string()),
        DataRef::String(text) => Cell::Text(text.clone()),
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(n) => Cell::Number(*n),
        DataRef::Bool(b) => Cell::Text(if *b { "x".into() } else { String::new() }),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(moment) => Cell::Date(moment.date()),
            None => Cell::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(text) => iso_cell(text),
        DataRef::DurationIso(text) => Cell::Text(text.clone()),
        DataRef::Error(_) | DataRef::Empty => Cell::Empty,
    }
}

fn iso_cell(text: &str) -> Cell {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
        .map(Cell::Date)
        .unwrap_or_else(|_| Cell::Text(text.to_string()))
}

/// Detects a legacy Vietnamese encoding over all the text of a sheet (files are in one
/// encoding; one short cell alone is ambiguous) and converts every text cell from it.
fn to_unicode(mut grid: Vec<Vec<Cell>>) -> (Vec<Vec<Cell>>, Encoding) {
    let texts = grid.iter().flatten().filter_map(|c| match c {
        Cell::Text(t) => Some(t.as_str()),
        _ => None,
    });
    let encoding = detect_many(texts);
    if encoding == Encoding::Unicode {
        return (grid, encoding);
    }
    // In place: a second grid would double the memory a large file takes.
    for cell in grid.iter_mut().flatten() {
        if let Cell::Text(text) = cell {
            *text = convert(text, encoding);
        }
    }
    (grid, encoding)
}

fn read_workbook(path: &Path, file: &str) -> Result<Vec<Vec<Cell>>, ImportFailure> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        ImportFailure::whole_file(
            file,
            Said::new(
                format!("không mở được bảng tính: {e}"),
                format!("the spreadsheet cannot be opened: {e}"),
            ),
        )
    })?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ImportFailure::whole_file(file, no_sheet()))?
        .map_err(|e| {
            ImportFailure::whole_file(
                file,
                Said::new(
                    format!("không đọc được trang đầu: {e}"),
                    format!("the first sheet cannot be read: {e}"),
                ),
            )
        })?;
    // Row numbers must be those the user sees, so the rows above the used range count too.
    let (first_row, first_col) = range
        .start()
        .map(|(r, c)| (r as usize, c as usize))
        .unwrap_or((0, 0));
    let mut grid: Vec<Vec<Cell>> = vec![Vec::new(); first_row];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; first_col];
        cells.extend(row.iter().map(cell_of));
        grid.push(cells);
    }
    Ok(grid)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Text(if *b { "x".into() } else { String::new() }),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(moment) => Cell::Date(moment.date()),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(text) => iso_cell(text),
        Data::DurationIso(text) => Cell::Text(text.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[&[&str]] = &[&["Mã", "Mã đơn vị"], &["Tên", "Tên đơn vị"]];

    /// The rows of CSV bytes, read from a file as an import reads them.
    fn read_csv(bytes: &[u8], name: &str) -> Result<Vec<Vec<Cell>>, ImportFailure> {
        let dir =
            std::env::temp_dir().join(format!("hn-table-{}-{}", std::process::id(), bytes.len()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap_or_default();
        let read = crate::csv_file::read(&path, name, MAX_CELLS).map(|csv| csv.rows);
        let _ = std::fs::remove_dir_all(&dir);
        read
    }

    #[test]
    fn the_header_is_found_below_title_rows_and_row_numbers_are_the_files() {
        let bytes =
            "DANH SÁCH ĐƠN VỊ\n\nMã,Tên,Ghi chú\n80,Tỉnh Long An,\n794,Thành phố Tân An,x\n";
        let grid = read_csv(bytes.as_bytes(), "dv.csv").unwrap_or_default();
        let table = Table::from_grid("dv.csv".into(), grid, COLUMNS).map_err(|e| e.to_string());
        let table = table.as_ref().map_err(String::as_str);
        assert_eq!(table.map(|t| t.headers.len()), Ok(3));
        assert_eq!(table.map(|t| t.rows[1].number), Ok(5));
        assert_eq!(
            table.map(|t| t.unknown_columns(COLUMNS)),
            Ok(vec!["Ghi chú".to_string()])
        );
    }

    #[test]
    fn utf16_csv_with_tabs_as_excel_saves_it_is_read() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Mã\tTên\r\n80\tTỉnh Long An\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let grid = read_csv(&bytes, "dv.csv").unwrap_or_default();
        assert_eq!(grid[1][1], Cell::Text("Tỉnh Long An".into()));
    }

    #[test]
    fn a_csv_written_in_tcvn3_bytes_reads_as_unicode() {
        let dir = std::env::temp_dir().join(format!("hn-tcvn3-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let path = dir.join("tcvn3.csv");
        // The file as old software wrote it: every character a TCVN3 byte, header included.
        let byte_of: std::collections::HashMap<char, u8> = (0u8..=255)
            .filter_map(|b| {
                crate::legacy_text::tcvn3_bytes_to_unicode(&[b])
                    .chars()
                    .next()
                    .map(|c| (c, b))
            })
            .collect();
        let latin1: Vec<u8> = "Mã,Tên\n1,Nguyễn Văn An\n2,Trần Thị Bích\n"
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    byte_of.get(&c).copied().unwrap_or(b'?')
                }
            })
            .collect();
        assert!(
            std::str::from_utf8(&latin1).is_err(),
            "the file is not UTF-8"
        );
        std::fs::write(&path, latin1).unwrap_or_default();
        let table = Table::read(&path, COLUMNS).map_err(|e| e.to_string());
        let table = table.as_ref().map_err(String::as_str);
        assert_eq!(
            table.map(|t| t.rows[0].text(Some(1))),
            Ok("Nguyễn Văn An".to_string())
        );
        assert_eq!(
            table.map(|t| t.rows[1].text(Some(1))),
            Ok("Trần Thị Bích".to_string())
        );
        assert_eq!(
            table.map(|t| t.legacy_encoding.clone()),
            Ok(Some("TCVN3".to_string()))
        );
    }

    #[test]
    fn a_file_without_a_recognisable_header_is_refused_with_the_expected_columns() {
        let grid = vec![vec![Cell::Text("abc".into())]];
        let failure = Table::from_grid("x.csv".into(), grid, COLUMNS)
            .err()
            .map(|f| f.to_string());
        assert!(
            failure
                .unwrap_or_default()
                .contains("không tìm thấy dòng tiêu đề cột (cần các cột: Mã, Tên)")
        );
    }
}
