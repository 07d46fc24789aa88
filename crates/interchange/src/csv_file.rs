//! Reading a CSV file into rows of cells in bounded memory. The file is parsed field by field
//! from a fixed buffer (csv-core), never read whole: a field longer than a spreadsheet cell, a
//! file of more rows than a spreadsheet, or more cells than `table::MAX_CELLS` is refused
//! as soon as the bound is passed, naming the bound, whatever the shape of the file (a million
//! short lines, or one line of a million fields).
//!
//! Text is UTF-8 (with or without BOM) or UTF-16 with a BOM, as Excel saves "Unicode text". A file
//! that is not UTF-8 keeps each byte as the character of the same value, and the table-wide
//! detection of `legacy_text` then converts it from TCVN3 or VNI, or refuses it.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use csv_core::{ReadFieldResult, ReaderBuilder};

use crate::errors::{ImportFailure, Said};
use crate::table::{Cell, MAX_COLUMNS, MAX_ROWS, too_many_cells, too_many_rows};

/// Excel's limit of characters in a cell; a CSV cell longer than that is not a class list.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The bytes such a cell takes at most in UTF-8.
const MAX_CELL_BYTES: usize = MAX_CELL_CHARS * 4;
const CHUNK: usize = 64 * 1024;
/// The first bytes looked at to choose the delimiter.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The refusal of a cell longer than a spreadsheet cell can hold, on the file's row `row`.
fn cell_too_long(row: usize) -> Said {
    Said::new(
        format!(
            "dòng {row}: một ô dài quá {} ký tự",
            thousands(MAX_CELL_CHARS)
        ),
        format!("row {row}: a cell is longer than {MAX_CELL_CHARS} characters"),
    )
}

/// What a CSV file holds: its rows (blank lines kept as empty rows, so that row numbers are
/// the file's line numbers) and whether its text was UTF-8.
pub struct CsvGrid {
    pub rows: Vec<Vec<Cell>>,
    pub utf8: bool,
}

/// Reads the CSV file at `path`, shown to the user as `file`, within `max_cells` filled cells.
pub fn read(path: &Path, file: &str, max_cells: usize) -> Result<CsvGrid, ImportFailure> {
    let unreadable =
        |e: std::io::Error| ImportFailure::whole_file(file, crate::table::unreadable(&e));
    let mut opened = File::open(path).map_err(unreadable)?;
    let mut head = [0u8; 3];
    let head_len = read_up_to(&mut opened, &mut head).map_err(unreadable)?;
    let head = &head[..head_len];
    let (input, utf8): (Box<dyn Read>, bool) = match encoding_rs::Encoding::for_bom(head) {
        Some((encoding, bom)) if encoding != encoding_rs::UTF_8 => {
            // UTF-16: decoded whole (bounded by the file size cap), then read as UTF-8.
            let mut bytes = head.to_vec();
            opened.read_to_end(&mut bytes).map_err(unreadable)?;
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                return Err(ImportFailure::whole_file(
                    file,
                    Said::new(
                        "tệp có ký tự không đọc được theo bảng mã đã khai báo",
                        "the file has characters that its declared encoding cannot read",
                    ),
                ));
            }
            (Box::new(Cursor::new(text.into_owned().into_bytes())), true)
        }
        _ => {
            let utf8 = is_utf8(File::open(path).map_err(unreadable)?).map_err(unreadable)?;
            (Box::new(File::open(path).map_err(unreadable)?), utf8)
        }
    };
    let rows = Parser::new(input, file, utf8, max_cells)
        .run()
        .map_err(|e| match e {
            Stop::Refused(failure) => failure,
            Stop::Io(e) => unreadable(e),
        })?;
    Ok(CsvGrid { rows, utf8 })
}

fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Whether a byte stream is UTF-8, checked a chunk at a time (a character cut by the end of a
/// chunk is carried to the next).
fn is_utf8(mut reader: impl Read) -> std::io::Result<bool> {
    let mut buffer = vec![0u8; CHUNK + 4];
    let mut carried = 0;
    loop {
        let read = reader.read(&mut buffer[carried..carried + CHUNK])?;
        let filled = carried + read;
        if read == 0 {
            return Ok(carried == 0);
        }
        match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => carried = 0,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buffer.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

enum Stop {
    Refused(ImportFailure),
    Io(std::io::Error),
}

struct Parser<'a> {
    input: Box<dyn Read>,
    file: &'a str,
    utf8: bool,
    max_cells: usize,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
}

impl<'a> Parser<'a> {
    fn new(input: Box<dyn Read>, file: &'a str, utf8: bool, max_cells: usize) -> Self {
        Parser {
            input,
            file,
            utf8,
            max_cells,
            buffer: vec![0u8; CHUNK],
            start: 0,
            end: 0,
            eof: false,
        }
    }

    fn refuse(&self, message: Said) -> Stop {
        Stop::Refused(ImportFailure::whole_file(self.file, message))
    }

    /// Makes sure unread input is buffered, unless the stream has ended.
    fn fill(&mut self) -> Result<(), Stop> {
        if self.start == self.end && !self.eof {
            let read = self.input.read(&mut self.buffer).map_err(Stop::Io)?;
            self.start = 0;
            self.end = read;
            self.eof = read == 0;
        }
        Ok(())
    }

    fn run(mut self) -> Result<Vec<Vec<Cell>>, Stop> {
        let delimiter = self.sniff_delimiter()?;
        let mut csv = ReaderBuilder::new().delimiter(delimiter).build();
        let mut grid: Vec<Vec<Cell>> = Vec::new();
        let mut row: Vec<Cell> = Vec::new();
        let mut field = vec![0u8; MAX_CELL_BYTES];
        let mut field_len = 0;
        // Cells held: those up to the last filled one of each row (the empty ones between
        // take memory too), and filled ones past the last column kept.
        let mut held = 0usize;
        let mut empties_in_row = 0usize;
        let mut at_record_start = true;
        // A UTF-8 BOM is dropped here (not by csv-core), so that the blank lines after it are
        // counted like any others.
        if self.buffer[self.start..self.end].starts_with(b"\xEF\xBB\xBF") {
            self.start += 3;
        }
        loop {
            self.fill()?;
            if at_record_start {
                // Blank lines are skipped here rather than by csv-core, so that the line a
                // record starts on is known: it is the row number the user sees.
                let before = self.start;
                while self.start < self.end && matches!(self.buffer[self.start], b'\n' | b'\r') {
                    self.start += 1;
                }
                let newlines = self.buffer[before..self.start]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                csv.set_line(csv.line() + newlines);
                if self.start == self.end {
                    if self.eof {
                        break;
                    }
                    continue;
                }
                let line = csv.line() as usize;
                if line > MAX_ROWS {
                    return Err(self.refuse(too_many_rows()));
                }
                // Rows of blank lines keep the numbering of the file.
                grid.resize_with(line - 1, Vec::new);
                at_record_start = false;
            }
            let (result, read, written) =
                csv.read_field(&self.buffer[self.start..self.end], &mut field[field_len..]);
            self.start += read;
            field_len += written;
            match result {
                ReadFieldResult::InputEmpty => continue,
                ReadFieldResult::OutputFull => {
                    return Err(self.refuse(cell_too_long(grid.len() + 1)));
                }
                ReadFieldResult::Field { record_end } => {
                    let cell = self.cell(&field[..field_len], grid.len() + 1)?;
                    field_len = 0;
                    if cell == Cell::Empty {
                        empties_in_row += 1;
                    } else {
                        held += empties_in_row + 1;
                        empties_in_row = 0;
                        if held > self.max_cells {
                            return Err(self.refuse(too_many_cells(self.max_cells)));
                        }
                    }
                    if row.len() < MAX_COLUMNS {
                        row.push(cell);
                    }
                    if record_end {
                        while row.last() == Some(&Cell::Empty) {
                            row.pop();
                        }
                        grid.push(std::mem::take(&mut row));
                        empties_in_row = 0;
                        at_record_start = true;
                    }
                }
                ReadFieldResult::End => break,
            }
        }
        Ok(grid)
    }

    /// A field's bytes as a cell: empty when blank, else its text (UTF-8, or one character per
    /// byte for a legacy encoding).
    fn cell(&self, bytes: &[u8], row: usize) -> Result<Cell, Stop> {
        let text = if self.utf8 {
            // A delimiter or quote is ASCII, so a field never cuts a character in two.
            String::from_utf8_lossy(bytes).into_owned()
        } else {
            bytes.iter().map(|b| char::from(*b)).collect()
        };
        if text.trim().is_empty() {
            return Ok(Cell::Empty);
        }
        if text.chars().count() > MAX_CELL_CHARS {
            return Err(self.refuse(cell_too_long(row)));
        }
        Ok(Cell::Text(text))
    }

    /// Picks the delimiter that splits the first lines into the most columns, from the first
    /// bytes of the file (kept in the buffer, so nothing is read twice).
    fn sniff_delimiter(&mut self) -> Result<u8, Stop> {
        while self.end < SAMPLE_BYTES.min(self.buffer.len()) && !self.eof {
            let read = self
                .input
                .read(&mut self.buffer[self.end..])
                .map_err(Stop::Io)?;
            self.end += read;
            self.eof = read == 0;
        }
        let sample = String::from_utf8_lossy(&self.buffer[..self.end]);
        let lines: Vec<&str> = sample.lines().take(20).collect();
        Ok([b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| {
                lines
                    .iter()
                    .map(|line| line.bytes().filter(|b| b == d).count())
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(b','))
    }
}

/// 32767 → "32.767", as Vietnamese writes numbers.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the test's own, so that tests running in parallel do not share one.
    fn temp_file(bytes: &[u8]) -> std::path::PathBuf {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("hn-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let path = dir.join(format!("t{n}.csv"));
        std::fs::write(&path, bytes).unwrap_or_default();
        path
    }

    fn grid_of(bytes: &[u8], max_cells: usize) -> Result<Vec<Vec<Cell>>, String> {
        let path = temp_file(bytes);
        let read = read(&path, "t.csv", max_cells);
        let _ = std::fs::remove_file(&path);
        read.map(|g| g.rows).map_err(|f| f.to_string())
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn rows_keep_the_line_numbers_of_the_file_across_blank_lines_and_quoted_newlines() {
        let grid = grid_of(
            "Tiêu đề\n\n\nMã;Tên\r\n\"1\";\"Nguyễn \"\"Văn\"\"\nAn\"\n\n2;Bình\n".as_bytes(),
            100,
        )
        .unwrap_or_default();
        assert_eq!(grid.len(), 8);
        assert_eq!(grid[0], vec![text("Tiêu đề")]);
        assert!(grid[1].is_empty() && grid[2].is_empty());
        assert_eq!(grid[3], vec![text("Mã"), text("Tên")]);
        assert_eq!(grid[4], vec![text("1"), text("Nguyễn \"Văn\"\nAn")]);
        assert!(
            grid[5].is_empty() && grid[6].is_empty(),
            "the quoted line and a blank one"
        );
        assert_eq!(grid[7], vec![text("2"), text("Bình")], "line 8 of the file");
    }

    #[test]
    fn a_utf8_bom_is_dropped_and_a_file_without_a_final_newline_keeps_its_last_row() {
        let grid = grid_of("\u{feff}Mã,Tên\n80,Long An".as_bytes(), 100).unwrap_or_default();
        assert_eq!(
            grid,
            vec![
                vec![text("Mã"), text("Tên")],
                vec![text("80"), text("Long An")]
            ]
        );
    }

    #[test]
    fn more_cells_than_the_bound_are_refused_naming_the_bound() {
        let many = "a,b,c,d\n".repeat(30);
        let refused = grid_of(many.as_bytes(), 100).err().unwrap_or_default();
        assert!(refused.contains("quá 100 ô dữ liệu"), "{refused}");
        // One line of many fields is bounded the same way.
        let wide = "a,".repeat(1_000);
        let refused = grid_of(wide.as_bytes(), 100).err().unwrap_or_default();
        assert!(refused.contains("quá 100 ô dữ liệu"), "{refused}");
        // Empty cells between filled ones take room too; those at the end of a row do not.
        let sparse = format!("a{}b\n", ",".repeat(60)).repeat(2);
        assert!(grid_of(sparse.as_bytes(), 100).is_err());
        let trailing = format!("a{}\n", ",".repeat(60)).repeat(90);
        assert!(grid_of(trailing.as_bytes(), 100).is_ok());
        assert!(grid_of(many.as_bytes(), 120).is_ok());
    }

    #[test]
    fn a_cell_longer_than_a_spreadsheet_cell_is_refused_with_its_row() {
        let long = format!("Mã,Tên\n1,{}\n", "x".repeat(MAX_CELL_CHARS + 1));
        let refused = grid_of(long.as_bytes(), 100).err().unwrap_or_default();
        assert!(
            refused.contains("dòng 2: một ô dài quá 32.767 ký tự"),
            "{refused}"
        );
    }

    #[test]
    fn text_that_is_not_utf8_keeps_one_character_per_byte() {
        let path = temp_file(&[b'M', b',', 0xb8, b'\n']);
        let grid = read(&path, "l.csv", 100).ok();
        assert_eq!(grid.as_ref().map(|g| g.utf8), Some(false));
        assert_eq!(
            grid.map(|g| g.rows),
            Some(vec![vec![text("M"), text("\u{b8}")]])
        );
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn numbers_are_written_with_dots_between_thousands() {
        assert_eq!(thousands(32_767), "32.767");
        assert_eq!(thousands(1_048_576), "1.048.576");
        assert_eq!(thousands(100), "100");
    }
}
