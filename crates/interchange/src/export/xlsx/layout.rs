//! Where things go across the sheet: the width of each column, and the split of the columns
//! into the left block (issuer, number, recipients) and the right block (national name, date,
//! signature) of an official document.

use domain::report::{ColumnKind, Document, ReportKind};

use super::measure::text_width;
use super::styles::TEXT_SIZE;

/// The national name and motto heading every administrative document.
pub(super) const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub(super) const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// `Column::width` is a rough count of characters at the PDF's size; Excel needs a little more.
const WIDTH_SCALE: f64 = 1.2;
/// Room for a unit's name ("Thành phố Tân An", "Trường THCS Nguyễn Thị Minh Khai") in the first
/// text column, whatever width the report asked for.
const NAME_WIDTH: f64 = 24.0;
/// The width of the columns of a document without tables.
const BARE_WIDTH: f64 = 45.0;

pub(super) struct Layout {
    /// The width of each column of the sheet, in characters.
    pub widths: Vec<f64>,
    /// The last column of the left block; the right block starts after it.
    pub split: u16,
}

impl Layout {
    pub fn of(document: &Document) -> Layout {
        let mut widths = column_widths(document);
        let left_need = [
            document
                .issuer
                .above
                .as_deref()
                .map(|t| text_width(t, TEXT_SIZE, false)),
            Some(text_width(&document.issuer.name, TEXT_SIZE, true)),
            Some(text_width(&document.number, TEXT_SIZE, false)),
        ]
        .into_iter()
        .flatten()
        .fold(0.0, f64::max)
            + 2.0;
        let right_need = document
            .signature
            .lines
            .iter()
            .map(|t| text_width(t, TEXT_SIZE, true))
            .chain([
                text_width(NATION, TEXT_SIZE, true),
                text_width(MOTTO, TEXT_SIZE, true),
                text_width(&document.place_and_date(), TEXT_SIZE, false),
            ])
            .fold(0.0, f64::max)
            + 2.0;
        // A narrow table is widened so that the letterhead fits above it; fitting the page to
        // one sheet wide brings it back to paper size.
        let total: f64 = widths.iter().sum();
        if total < left_need + right_need {
            let factor = (left_need + right_need) / total;
            widths.iter_mut().for_each(|w| *w *= factor);
        }
        let split = split(&widths, left_need, right_need);
        Layout { widths, split }
    }

    pub fn last(&self) -> u16 {
        (self.widths.len() - 1) as u16
    }

    pub fn left(&self) -> (u16, u16) {
        (0, self.split)
    }

    pub fn right(&self) -> (u16, u16) {
        (self.split + 1, self.last())
    }

    /// The width of columns `first..=last`.
    pub fn span(&self, first: u16, last: u16) -> f64 {
        self.widths[first as usize..=last as usize].iter().sum()
    }
}

fn column_widths(document: &Document) -> Vec<f64> {
    let count = document
        .tables
        .iter()
        .map(|t| t.columns.len())
        .max()
        .unwrap_or(0);
    if count == 0 {
        return vec![BARE_WIDTH; 2];
    }
    let mut widths = vec![0.0_f64; count.max(2)];
    for table in &document.tables {
        let first_text = table
            .columns
            .iter()
            .position(|c| c.kind == ColumnKind::Text);
        for (index, column) in table.columns.iter().enumerate() {
            let mut width = (column.width * WIDTH_SCALE).max(4.0);
            if Some(index) == first_text {
                width = width.max(NAME_WIDTH);
            }
            widths[index] = widths[index].max(width);
        }
    }
    // A one-column table still needs two blocks for the letterhead.
    for width in widths.iter_mut().filter(|w| **w == 0.0) {
        *width = BARE_WIDTH;
    }
    widths
}

/// The last column of the left block: the one that leaves both blocks room for their lines,
/// and of those the one sharing the width most like the lines do.
fn split(widths: &[f64], left_need: f64, right_need: f64) -> u16 {
    let total: f64 = widths.iter().sum();
    let share = left_need / (left_need + right_need);
    let mut best = (f64::INFINITY, f64::INFINITY, 0);
    let mut left = 0.0;
    for (index, width) in widths[..widths.len() - 1].iter().enumerate() {
        left += width;
        let shortfall = (left_need - left).max(0.0) + (right_need - (total - left)).max(0.0);
        let skew = (left / total - share).abs();
        if (shortfall, skew) < (best.0, best.1) {
            best = (shortfall, skew, index);
        }
    }
    best.2 as u16
}

/// The worksheet's name: the report's name, short enough for Excel (31 characters) and without
/// the characters it refuses.
pub(super) fn sheet_name(kind: ReportKind) -> String {
    let name = match kind {
        ReportKind::Streaming => "Kết quả phân luồng học sinh",
        ReportKind::NotContinuing => "HS không tiếp tục học",
        ReportKind::Targets => kind.label(),
    };
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '*' | '?' | ':' | '[' | ']' | '\\' | '/' => '-',
            c => c,
        })
        .collect();
    let mut name = String::new();
    for c in cleaned
        .trim_matches(|c: char| c == '\'' || c.is_whitespace())
        .chars()
    {
        if name.encode_utf16().count() + c.len_utf16() > 31 {
            break;
        }
        name.push(c);
    }
    let name = name.trim_end_matches(|c: char| c == '\'' || c.is_whitespace());
    if name.is_empty() {
        "Báo cáo".to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sheet_name_is_one_excel_accepts() {
        for kind in ReportKind::ALL {
            let name = sheet_name(kind);
            assert!(name.encode_utf16().count() <= 31, "{name}");
            assert!(
                !name.contains(['*', '?', ':', '[', ']', '\\', '/']),
                "{name}"
            );
        }
    }

    #[test]
    fn the_split_leaves_the_national_name_its_room() {
        let widths = [6.0, 24.0, 26.4, 26.4, 26.4];
        let at = split(&widths, 36.0, 48.0) as usize;
        let left: f64 = widths[..=at].iter().sum();
        assert!(left >= 36.0 && 109.2 - left >= 48.0);
    }
}
