//! An official report as plain data: the parts of a Vietnamese administrative document (Decree
//! 30/2020/NĐ-CP) and its tables. The figures are assembled once (crate `analytics`), and every
//! format (XLSX, PDF, CSV; crate `interchange`) renders this same structure, so that the three
//! files of one report can never disagree.

use chrono::NaiveDate;
use serde::Serialize;

/// The reports of DESIGN §2, by their stable names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    Targets,
    Streaming,
    NotContinuing,
}

impl ReportKind {
    pub const ALL: [ReportKind; 3] = [
        ReportKind::Targets,
        ReportKind::Streaming,
        ReportKind::NotContinuing,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Targets => "targets",
            ReportKind::Streaming => "streaming",
            ReportKind::NotContinuing => "not-continuing",
        }
    }

    pub fn parse(code: &str) -> Option<ReportKind> {
        ReportKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    /// What the report is called on pages and in file names.
    pub fn label(self) -> &'static str {
        match self {
            ReportKind::Targets => "Bảng chỉ tiêu đăng ký",
            ReportKind::Streaming => "Báo cáo kết quả phân luồng học sinh",
            ReportKind::NotContinuing => "Danh sách học sinh không tiếp tục học",
        }
    }

    /// Whether the report lists persons (access is then that of personal data, and audited).
    pub fn holds_personal_data(self) -> bool {
        matches!(self, ReportKind::NotContinuing)
    }
}

/// The file formats of `export report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Xlsx,
    Pdf,
    Csv,
}

impl ReportFormat {
    pub fn parse(code: &str) -> Option<ReportFormat> {
        match code.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(ReportFormat::Xlsx),
            "pdf" => Some(ReportFormat::Pdf),
            "csv" => Some(ReportFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Csv => "csv",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ReportFormat::Pdf => "application/pdf",
            ReportFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    Text(String),
    /// A count of persons or schools.
    Count(u64),
    /// A percentage (35.09 means 35,09 %), printed as the appendix prints it: "35,09", and a
    /// whole number without decimals ("100").
    Percent(f64),
    Date(NaiveDate),
    /// Nothing to show (no target, no graduates): an empty cell, "—" on paper.
    Empty,
}

/// How a column's cells are aligned and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// The row number ("STT"), centred.
    Number,
    Text,
    Count,
    Percent,
    Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// The upper header cell, merged over the consecutive columns that share it ("THCS" over
    /// "Số HS", "Tỷ lệ %"); `None` when the column's title spans both header rows.
    pub group: Option<String>,
    pub title: String,
    pub kind: ColumnKind,
    /// A relative width (characters, roughly), used by XLSX and PDF alike.
    pub width: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub cells: Vec<Value>,
    /// The total row ("Tổng cộng"), set in bold.
    pub total: bool,
}

/// One table under an optional heading ("I. CẤP TRUNG HỌC CƠ SỞ").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub heading: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Whether any column carries a group header (the header then takes two rows).
    pub fn has_groups(&self) -> bool {
        self.columns.iter().any(|c| c.group.is_some())
    }

    /// The decimals a percentage column is printed with: none when every value in it is whole
    /// (the appendix prints "100"), else two for all (it prints "20,00" beside "35,09").
    pub fn percent_decimals(&self, column: usize) -> usize {
        let whole = self.rows.iter().all(|row| match row.cells.get(column) {
            Some(Value::Percent(p)) => ((p * 100.0).round() / 100.0).fract() == 0.0,
            _ => true,
        });
        if whole { 0 } else { 2 }
    }

    /// A cell as printed on paper (PDF) and in the CSV, with its column's decimals.
    pub fn cell_text(&self, row: &Row, column: usize) -> String {
        match row.cells.get(column) {
            Some(Value::Percent(p)) => {
                format!("{:.*}", self.percent_decimals(column), p).replace('.', ",")
            }
            Some(value) => value.display(),
            None => String::new(),
        }
    }
}

/// The issuing body, top left: the body above it on the first line, the body itself (bold)
/// under it — "UBND TỈNH LONG AN" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issuer {
    pub above: Option<String>,
    pub name: String,
}

/// The signature block, bottom right: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH",
/// then room for the signature and the signer's name (left blank when unknown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    pub lines: Vec<String>,
    pub signer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub kind: ReportKind,
    pub issuer: Issuer,
    /// "Số: …/BC-PGDĐT" — the number is written by the office when the report is registered.
    pub number: String,
    /// The place in "Long An, ngày 30 tháng 6 năm 2023".
    pub place: String,
    pub date: NaiveDate,
    /// The title in capitals ("BÁO CÁO" / "BẢNG CHỈ TIÊU ĐĂNG KÝ NĂM 2023").
    pub title: String,
    /// The line under the title: "Kết quả phân luồng học sinh năm 2023", or "(Kèm theo …)".
    pub subtitle: Option<String>,
    /// Paragraphs before the tables.
    pub paragraphs: Vec<String>,
    pub tables: Vec<Table>,
    /// The dashboard's rate-against-target chart, as SVG, shown after the tables in the PDF.
    pub chart_svg: Option<String>,
    /// Lines under the tables (sources, notes).
    pub notes: Vec<String>,
    pub recipients: Vec<String>,
    pub signature: Signature,
}

impl Document {
    /// Whether the tables are wide enough to need a landscape page.
    pub fn is_wide(&self) -> bool {
        self.tables.iter().any(|t| t.columns.len() > 6)
    }

    /// "Long An, ngày 07 tháng 3 năm 2023", the date line of Decree 30.
    pub fn place_and_date(&self) -> String {
        use chrono::Datelike;
        let day = self.date.day();
        let month = self.date.month();
        // Decree 30: days below 10 and months 1 and 2 are written with a leading zero.
        let day = if day < 10 {
            format!("0{day}")
        } else {
            day.to_string()
        };
        let month = if month < 3 {
            format!("0{month}")
        } else {
            month.to_string()
        };
        format!(
            "{}, ngày {day} tháng {month} năm {}",
            self.place,
            self.date.year()
        )
    }

    /// A file name of plain letters: "streaming-80-2023".
    pub fn file_stem(&self, unit_code: &str, year: i32) -> String {
        format!("{}-{unit_code}-{year}", self.kind.code())
    }
}

/// A percentage as the plans print it: two decimals with a decimal comma ("35,09"), a whole
/// number without decimals ("100").
pub fn format_percent(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.2}").replace('.', ",")
    }
}

/// A count with the Vietnamese thousands separator ("12.345").
pub fn format_count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

impl Value {
    /// The cell as printed on paper (PDF) and in the CSV.
    pub fn display(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Count(n) => format_count(*n),
            Value::Percent(p) => format_percent(*p),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
            Value::Empty => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_printed_as_the_appendix_prints_them() {
        assert_eq!(format_percent(35.09), "35,09");
        assert_eq!(format_percent(100.0), "100");
        assert_eq!(format_percent(27.5), "27,50");
        assert_eq!(format_percent(27.919), "27,92");
    }

    #[test]
    fn a_column_of_whole_percentages_prints_no_decimals_and_a_mixed_one_two() {
        let row = |a: f64, b: f64| Row {
            cells: vec![Value::Percent(a), Value::Percent(b)],
            total: false,
        };
        let column = |title: &str| Column {
            group: None,
            title: title.into(),
            kind: ColumnKind::Percent,
            width: 1.0,
        };
        let table = Table {
            heading: None,
            columns: vec![column("a"), column("b")],
            rows: vec![row(100.0, 20.0), row(100.0, 35.09)],
        };
        assert_eq!(table.cell_text(&table.rows[0], 0), "100");
        assert_eq!(table.cell_text(&table.rows[0], 1), "20,00");
        assert_eq!(table.cell_text(&table.rows[1], 1), "35,09");
    }

    #[test]
    fn counts_carry_the_vietnamese_thousands_separator() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1.000");
        assert_eq!(format_count(1_234_567), "1.234.567");
    }

    #[test]
    fn the_date_line_follows_the_decree() {
        let doc = Document {
            kind: ReportKind::Streaming,
            issuer: Issuer {
                above: None,
                name: "X".into(),
            },
            number: String::new(),
            place: "Long An".into(),
            date: NaiveDate::from_ymd_opt(2023, 3, 7).unwrap_or_default(),
            title: String::new(),
            subtitle: None,
            paragraphs: vec![],
            tables: vec![],
            chart_svg: None,
            notes: vec![],
            recipients: vec![],
            signature: Signature {
                lines: vec![],
                signer: None,
            },
        };
        assert_eq!(doc.place_and_date(), "Long An, ngày 07 tháng 3 năm 2023");
    }
}
