//! A report as an XLSX workbook laid out like an official table (written by a helper; see
//! `super::render`).

use domain::report::Document;

use super::ExportError;

pub fn render(_document: &Document) -> Result<Vec<u8>, ExportError> {
    Err(ExportError::Xlsx("chưa hỗ trợ".into()))
}
