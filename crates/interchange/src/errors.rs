//! Row-level import errors, said with file, row and column, and the `FILE.errors.csv` report
//! written beside the file. Each message is made in Vietnamese and in English at once: the
//! command line and the report speak Vietnamese to the operators, and the web's job page shows
//! the language its reader chose.

use std::path::{Path, PathBuf};

use crate::safe_cell::csv_text;

/// The most characters of a cell's value repeated in an error: enough to find the cell, and a
/// 100,000-character cell does not become a 100,000-character line of the report.
const VALUE_SHOWN_CHARS: usize = 200;

/// What the row column of the error report says of an error about the whole file.
pub const WHOLE_FILE: &str = "Toàn tệp";

/// A message in both languages, made where the problem is found (where its details are known).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Said {
    pub vi: String,
    pub en: String,
}

impl Said {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Said {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// A message of an import only the command line runs (reference lists: units,
    /// institutions, targets), which only Vietnamese operators read; its English repeats it.
    pub fn vi_only(vi: impl Into<String>) -> Self {
        let vi = vi.into();
        Said { en: vi.clone(), vi }
    }

    /// The message in English (`true`) or Vietnamese.
    pub fn in_english(&self, english: bool) -> &str {
        if english { &self.en } else { &self.vi }
    }
}

impl From<domain::limits::TooLong> for Said {
    fn from(too_long: domain::limits::TooLong) -> Self {
        Said::new(too_long.to_string(), too_long.message_en())
    }
}

/// One problem found in one cell (or row) of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The row number as the user sees it in a spreadsheet program (1-based); 0 for a problem
    /// of the whole file (it is unreadable, a required column is missing).
    pub row: usize,
    /// The column heading as written in the file, or empty for a whole-row problem.
    pub column: String,
    pub value: String,
    /// In Vietnamese: the command line, the error report and the Vietnamese pages say this.
    pub message: String,
    /// The same in English, for the pages shown in English.
    pub message_en: String,
}

impl ImportError {
    pub fn new(row: usize, column: &str, value: &str, said: Said) -> Self {
        ImportError {
            row,
            column: column.to_string(),
            value: shown(value),
            message: said.vi,
            message_en: said.en,
        }
    }

    /// The message in English (`true`) or Vietnamese.
    pub fn message_in(&self, english: bool) -> &str {
        if english {
            &self.message_en
        } else {
            &self.message
        }
    }
}

/// The error of a cell longer than its field allows (`domain::limits`), if it is.
pub fn over_limit(
    row: usize,
    column: &str,
    text: &str,
    limit: domain::limits::TextLimit,
) -> Option<ImportError> {
    let too_long = limit.check(text).err()?;
    Some(ImportError::new(row, column, text, too_long.into()))
}

/// The value as an error repeats it: cut after `VALUE_SHOWN_CHARS` characters, with "…".
fn shown(value: &str) -> String {
    match value.char_indices().nth(VALUE_SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

/// An import that was refused: the file it read, and every problem found.
#[derive(Debug, Clone)]
pub struct ImportFailure {
    pub file: String,
    pub errors: Vec<ImportError>,
}

impl ImportFailure {
    pub fn whole_file(file: &str, said: Said) -> Self {
        ImportFailure {
            file: file.to_string(),
            errors: vec![ImportError::new(0, "", "", said)],
        }
    }

    /// One line per problem, e.g. `truong.xlsx, dòng 7, cột "Mã xã" (“99999”): không có xã…`.
    pub fn lines(&self) -> Vec<String> {
        self.errors
            .iter()
            .map(|e| {
                let mut line = self.file.clone();
                if e.row > 0 {
                    line.push_str(&format!(", dòng {}", e.row));
                }
                if !e.column.is_empty() {
                    line.push_str(&format!(", cột \"{}\"", e.column));
                }
                if !e.value.is_empty() {
                    line.push_str(&format!(" (“{}”)", e.value));
                }
                line.push_str(": ");
                line.push_str(&e.message);
                line
            })
            .collect()
    }

    /// Writes `FILE.errors.csv` beside the imported file and returns its path.
    pub fn write_report(&self, imported: &Path) -> std::io::Result<PathBuf> {
        let mut name = imported.as_os_str().to_owned();
        name.push(".errors.csv");
        let path = PathBuf::from(name);
        std::fs::write(&path, self.report_bytes()?)?;
        Ok(path)
    }

    /// The error report as CSV bytes (row, column, value, message). The row number is the
    /// product's own and stays a number; the column and the value come from the file and the
    /// message may repeat them, so those are neutralised against formula injection.
    pub fn report_bytes(&self) -> std::io::Result<Vec<u8>> {
        // A BOM so that Excel opens the Vietnamese text as UTF-8.
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(["Dòng", "Cột", "Giá trị", "Lỗi"])?;
            for e in &self.errors {
                // An error of the whole file (not a CSV, a missing column) has no row: "Dòng 0"
                // would send the user looking for a row that does not exist.
                let row = if e.row > 0 {
                    e.row.to_string()
                } else {
                    WHOLE_FILE.to_string()
                };
                writer.write_record([
                    row.as_str(),
                    &csv_text(&e.column),
                    &csv_text(&e.value),
                    &csv_text(&e.message),
                ])?;
            }
            writer.flush()?;
        }
        Ok(out)
    }
}

impl std::fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.lines().join("\n"))
    }
}

impl std::error::Error for ImportFailure {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_repeats_a_long_value_cut_and_its_report_neutralises_the_file_text() {
        let long = "A".repeat(100_000);
        let error = ImportError::new(3, "Họ và tên", &long, Said::vi_only("quá dài"));
        assert_eq!(error.value.chars().count(), VALUE_SHOWN_CHARS + 1);
        assert!(error.value.ends_with('…'));
        let failure = ImportFailure {
            file: "lop9.csv".into(),
            errors: vec![ImportError::new(
                7,
                "-Cột",
                "@SUM(A1)",
                Said::vi_only("=sai"),
            )],
        };
        let bytes = failure.report_bytes().unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(
            text.lines().nth(1),
            Some("7,'-Cột,'@SUM(A1),'=sai"),
            "{text}"
        );
        let whole = ImportFailure::whole_file(
            "lop9.pdf",
            Said::new("không phải tệp Excel hay CSV", "not an Excel or CSV file"),
        );
        // The page picks its language; the report and the command line stay Vietnamese.
        assert_eq!(whole.errors[0].message_in(true), "not an Excel or CSV file");
        assert_eq!(
            whole.lines(),
            vec!["lop9.pdf: không phải tệp Excel hay CSV".to_string()]
        );
        let bytes = whole.report_bytes().unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(
            text.lines().nth(1),
            Some("Toàn tệp,,,không phải tệp Excel hay CSV"),
            "{text}"
        );
    }
}
