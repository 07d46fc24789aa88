//! A report as an XLSX workbook laid out as an official would lay it out by hand in Excel: the
//! letterhead of Decree 30/2020/NĐ-CP over the first and the last columns, the title, the tables
//! with bordered two-level headers, then the recipients and the signature block; printed on A4,
//! one page wide, the header repeated on every page. Every figure is a number equal to the
//! document's (percentages as 35.09, not 0.3509), so that the sheet can be summed and checked.

mod layout;
mod measure;
mod styles;
mod table;

use std::collections::BTreeMap;

use domain::report::Document;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use self::layout::{Layout, MOTTO, NATION, sheet_name};
use self::measure::{height, lines};
use self::styles::{RECIPIENT_SIZE, Styles, TEXT_SIZE, TITLE_SIZE};
use super::ExportError;
use crate::safe_cell::excel_text;

/// A4 in the numbering of Excel's page set-up.
const PAPER_A4: u8 = 9;
/// Empty rows left for the handwritten signature and the seal above the signer's name.
const SIGNATURE_ROOM: u32 = 4;
/// The tallest row and the widest column Excel accepts (points; characters).
const MAX_ROW_POINTS: f64 = 409.0;
const MAX_COLUMN_CHARS: f64 = 255.0;

pub fn render(document: &Document) -> Result<Vec<u8>, ExportError> {
    build(document).map_err(|e| ExportError::Xlsx(e.to_string()))
}

fn build(document: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Times New Roman 12 as the Normal style, so that what an official types in later is in the
    // document's font too; 21 and 72 pixels are Excel's row height and column width for it.
    workbook.set_default_format(&styles::base(TEXT_SIZE), 21, 72)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&*excel_text(&document.title))
            .set_company(&*excel_text(&document.issuer.name)),
    );
    let layout = Layout::of(document);
    // Wide tables are set a point smaller, as they are on paper.
    let styles = Styles::new(if document.is_wide() { 11.0 } else { TEXT_SIZE });
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(document.kind))?;
    for (col, width) in layout.widths.iter().enumerate() {
        sheet.set_column_width(col as u16, width.min(MAX_COLUMN_CHARS))?;
    }
    let mut w = Writer {
        sheet,
        layout: &layout,
        styles: &styles,
        row: 0,
        heights: BTreeMap::new(),
    };
    letterhead(&mut w, document)?;
    titles(&mut w, document)?;
    let mut first = None;
    for table in &document.tables {
        let placed = table::write(&mut w, table)?;
        first.get_or_insert(placed);
        w.row += 1;
    }
    closing(&mut w, document)?;
    for (row, points) in &w.heights {
        w.sheet.set_row_height(*row, *points)?;
    }
    print_setup(w.sheet, document, first.as_ref())?;
    workbook.save_to_buffer()
}

/// The sheet being written, row by row.
struct Writer<'a> {
    sheet: &'a mut Worksheet,
    layout: &'a Layout,
    styles: &'a Styles,
    /// The next row to write.
    row: u32,
    /// The heights rows need for their wrapped text, set once all is written.
    heights: BTreeMap<u32, f64>,
}

impl Writer<'_> {
    /// Writes `text` over columns `span` of `row`, merged when the span is more than one column.
    fn put(
        &mut self,
        row: u32,
        span: (u16, u16),
        text: &str,
        format: &Format,
    ) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        let text = &*excel_text(text);
        if span.0 < span.1 {
            self.sheet
                .merge_range(row, span.0, row, span.1, text, format)?;
        } else {
            self.sheet
                .write_string_with_format(row, span.0, text, format)?;
        }
        Ok(())
    }

    /// `put` for wrapped text, the row made tall enough for its lines.
    fn block(
        &mut self,
        row: u32,
        span: (u16, u16),
        text: &str,
        format: &Format,
        size: f64,
        bold: bool,
    ) -> Result<(), XlsxError> {
        self.put(row, span, text, format)?;
        let needed = lines(text, self.layout.span(span.0, span.1), size, bold);
        self.fit(row, height(needed, size));
        Ok(())
    }

    /// Makes `row` at least `points` high, up to the most Excel allows (a taller row makes
    /// Excel report the file as damaged; an over-long text then shows its start).
    fn fit(&mut self, row: u32, points: f64) {
        let points = points.min(MAX_ROW_POINTS);
        let entry = self.heights.entry(row).or_insert(points);
        *entry = entry.max(points);
    }
}

/// The issuer on the left, the national name and motto on the right, then the number and the
/// place and date.
fn letterhead(w: &mut Writer, document: &Document) -> Result<(), XlsxError> {
    let (s, left, right) = (w.styles, w.layout.left(), w.layout.right());
    let issuer = &document.issuer;
    match &issuer.above {
        Some(above) => {
            w.put(0, left, above, &s.letterhead)?;
            w.put(1, left, &issuer.name, &s.letterhead_bold)?;
        }
        None => w.put(0, left, &issuer.name, &s.letterhead_bold)?,
    }
    w.put(0, right, NATION, &s.letterhead_bold)?;
    w.put(1, right, MOTTO, &s.motto)?;
    w.put(2, left, &document.number, &s.letterhead)?;
    w.put(2, right, &document.place_and_date(), &s.date_line)?;
    w.row = 4;
    Ok(())
}

/// The title, the line under it and the paragraphs before the tables, across the whole width.
fn titles(w: &mut Writer, document: &Document) -> Result<(), XlsxError> {
    let (s, full) = (w.styles, (0, w.layout.last()));
    w.block(w.row, full, &document.title, &s.title, TITLE_SIZE, true)?;
    w.row += 1;
    if let Some(subtitle) = &document.subtitle {
        w.block(w.row, full, subtitle, &s.subtitle, TEXT_SIZE, false)?;
        w.row += 1;
    }
    w.row += 1;
    for paragraph in &document.paragraphs {
        w.block(w.row, full, paragraph, &s.paragraph, TEXT_SIZE, false)?;
        w.row += 1;
    }
    if !document.paragraphs.is_empty() {
        w.row += 1;
    }
    Ok(())
}

/// The notes under the tables, then the recipients on the left and the signature on the right.
fn closing(w: &mut Writer, document: &Document) -> Result<(), XlsxError> {
    let (s, left, right) = (w.styles, w.layout.left(), w.layout.right());
    for note in &document.notes {
        w.block(w.row, (0, w.layout.last()), note, &s.note, TEXT_SIZE, false)?;
        w.row += 1;
    }
    if !document.notes.is_empty() {
        w.row += 1;
    }
    let start = w.row;
    let mut end = start;
    if !document.recipients.is_empty() {
        w.put(start, left, "Nơi nhận:", &s.recipients_label)?;
        for (row, recipient) in (start + 1..).zip(&document.recipients) {
            let line = format!("- {recipient}");
            w.block(row, left, &line, &s.recipient, RECIPIENT_SIZE, false)?;
            end = row;
        }
    }
    let signature = &document.signature;
    for (row, line) in (start..).zip(&signature.lines) {
        w.block(row, right, line, &s.signature, TEXT_SIZE, true)?;
        end = end.max(row);
    }
    if let Some(signer) = &signature.signer {
        let row = start + signature.lines.len() as u32 + SIGNATURE_ROOM;
        w.block(row, right, signer, &s.signature, TEXT_SIZE, true)?;
        end = end.max(row);
    }
    w.row = end + 1;
    Ok(())
}

/// A4, portrait or landscape as the tables need, one page wide, the first table's header
/// repeated on every page and frozen on screen.
fn print_setup(
    sheet: &mut Worksheet,
    document: &Document,
    first: Option<&table::Placed>,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(PAPER_A4);
    if document.is_wide() {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    // Height 0: as many pages down as the rows need.
    sheet.set_print_fit_to_pages(1, 0);
    // Inches, narrower than the decree's margins for text so that wide tables keep their size;
    // a little more on the left, where the pages are bound.
    sheet.set_margins(0.7, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_center_horizontally(true);
    if let Some(placed) = first {
        sheet.set_freeze_panes(placed.header_last + 1, 0)?;
        sheet.set_repeat_rows(placed.header_first, placed.header_last)?;
    }
    Ok(())
}
