//! A report as PDF in the layout of Vietnamese administrative documents (written by a helper;
//! see `super::render`).

use domain::report::Document;

use super::ExportError;

pub fn render(_document: &Document) -> Result<Vec<u8>, ExportError> {
    Err(ExportError::Pdf("chưa hỗ trợ".into()))
}
