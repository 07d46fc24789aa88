//! The official reports written out: one `Document` (crate `domain::report`) rendered as an XLSX
//! workbook laid out like an official table, a PDF in the layout of Decree 30/2020/NĐ-CP, or a
//! CSV for other programs. The figures are never recomputed here.

pub mod csv;
pub mod pdf;
pub mod xlsx;

use domain::report::{Document, ReportFormat};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Không tạo được tệp XLSX: {0}")]
    Xlsx(String),
    #[error("Không tạo được tệp PDF: {0}")]
    Pdf(String),
    #[error("Không tạo được tệp CSV: {0}")]
    Csv(String),
}

/// The report as the bytes of a file of the given format.
pub fn render(document: &Document, format: ReportFormat) -> Result<Vec<u8>, ExportError> {
    match format {
        ReportFormat::Xlsx => xlsx::render(document),
        ReportFormat::Pdf => pdf::render(document),
        ReportFormat::Csv => csv::render(document),
    }
}
