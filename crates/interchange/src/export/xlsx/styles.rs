//! The cell formats of the workbook. Every format names Times New Roman itself: a format
//! without a font falls back to Calibri in rust_xlsxwriter, whatever the workbook's default.

use domain::report::{ColumnKind, Value};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, FormatUnderline};

/// The font of Vietnamese official documents (Decree 30/2020/NĐ-CP, Appendix I).
pub(super) const FONT: &str = "Times New Roman";
/// The size of the running text.
pub(super) const TEXT_SIZE: f64 = 12.0;
/// The size of the title.
pub(super) const TITLE_SIZE: f64 = 14.0;
/// The size of the recipients list, smaller as in the decree's model.
pub(super) const RECIPIENT_SIZE: f64 = 11.0;

/// A count of persons: a thousands separator, shown by the viewer's locale ("12.345" in Vietnamese).
const COUNT_FORMAT: &str = "#,##0";
const DATE_FORMAT: &str = "dd/mm/yyyy";

pub(super) fn base(size: f64) -> Format {
    Format::new().set_font_name(FONT).set_font_size(size)
}

fn centred(size: f64) -> Format {
    base(size)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

pub(super) struct Styles {
    /// The letterhead's lines ("ỦY BAN NHÂN DÂN…", the number): they shrink rather than spill
    /// when the columns above a narrow table leave them too little room.
    pub letterhead: Format,
    pub letterhead_bold: Format,
    pub motto: Format,
    pub date_line: Format,
    pub title: Format,
    pub subtitle: Format,
    pub paragraph: Format,
    pub heading: Format,
    pub header: Format,
    pub note: Format,
    pub recipients_label: Format,
    pub recipient: Format,
    pub signature: Format,
    /// The size of the tables' text.
    pub table_size: f64,
}

impl Styles {
    pub fn new(table_size: f64) -> Styles {
        let letterhead = centred(TEXT_SIZE).set_shrink();
        Styles {
            letterhead_bold: letterhead.clone().set_bold(),
            // The decree draws a line under the motto; an underline is how it is done by hand.
            motto: letterhead
                .clone()
                .set_bold()
                .set_underline(FormatUnderline::Single),
            date_line: letterhead.clone().set_italic(),
            letterhead,
            title: centred(TITLE_SIZE).set_bold().set_text_wrap(),
            subtitle: centred(TEXT_SIZE).set_italic().set_text_wrap(),
            paragraph: base(TEXT_SIZE)
                .set_align(FormatAlign::Justify)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            heading: base(TEXT_SIZE)
                .set_bold()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            header: centred(table_size)
                .set_bold()
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_background_color(0xD9D9D9),
            note: base(TEXT_SIZE)
                .set_italic()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            recipients_label: base(TEXT_SIZE).set_bold().set_italic(),
            recipient: base(RECIPIENT_SIZE)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            signature: centred(TEXT_SIZE).set_bold().set_text_wrap(),
            table_size,
        }
    }

    /// The format of a table cell: bordered, aligned by its column, numbers formatted by the
    /// kind of value, bold on the total row. A percentage is stored as the report prints it
    /// (35.09, not 0.3509), so that the cell's value is the report's figure; it is shown with
    /// its column's decimals (`Table::percent_decimals`), as on paper: "35,09" in a Vietnamese
    /// Excel, and "100" in a column of whole percentages.
    pub fn cell(
        &self,
        kind: ColumnKind,
        value: &Value,
        total: bool,
        percent_decimals: usize,
    ) -> Format {
        let align = match kind {
            ColumnKind::Number | ColumnKind::Date => FormatAlign::Center,
            ColumnKind::Text => FormatAlign::Left,
            ColumnKind::Count | ColumnKind::Percent => FormatAlign::Right,
        };
        let mut format = base(self.table_size)
            .set_border(FormatBorder::Thin)
            .set_align(align)
            .set_align(FormatAlign::VerticalCenter);
        if align == FormatAlign::Left {
            // Names kept off the border line, as they are on paper.
            format = format.set_indent(1);
        }
        format = match value {
            Value::Count(_) => format.set_num_format(COUNT_FORMAT),
            Value::Percent(_) if percent_decimals > 0 => {
                format.set_num_format(format!("0.{}", "0".repeat(percent_decimals)))
            }
            Value::Percent(_) => format.set_num_format("0"),
            Value::Date(_) => format.set_num_format(DATE_FORMAT),
            // Long names of schools wrap inside their column instead of running under the
            // figures beside them.
            Value::Text(_) => format.set_text_wrap(),
            Value::Empty => format,
        };
        if total { format.set_bold() } else { format }
    }

    /// The format of the label of a total row merged over the label columns.
    pub fn total_label(&self) -> Format {
        centred(self.table_size)
            .set_bold()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
    }
}
