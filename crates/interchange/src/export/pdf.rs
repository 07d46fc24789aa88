//! A report as PDF in the layout of Vietnamese administrative documents (Decree 30/2020/NĐ-CP):
//! the typst compiler, used as a library, lays out a fixed template (`pdf/report.typ`) over the
//! report's data (`pdf/data.rs`), with fonts compiled into the program (`pdf/world.rs`).

mod data;
mod world;

use chrono::Datelike;
use domain::report::Document;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_pdf::PdfOptions;

use self::world::ReportWorld;
use super::ExportError;

/// How many later renderings typst keeps a cached layout result that went unused: enough for the
/// reports of one export request to share the template's work, bounded for a long-lived server.
const CACHE_AGE: usize = 10;

pub fn render(document: &Document) -> Result<Vec<u8>, ExportError> {
    let data = serde_json::to_vec(&data::Report::new(document))
        .map_err(|e| ExportError::Pdf(format!("không chuẩn bị được dữ liệu: {e}")))?;
    let date = &document.date;
    let today = Datetime::from_ymd(
        date.year(),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    );
    let world = ReportWorld::new(data, today);

    // Warnings (none are expected from the fixed template) do not stop a report.
    let Warned { output, .. } = typst::compile(&world);
    let laid_out = output.map_err(|errors| ExportError::Pdf(messages("lỗi dàn trang", &errors)));
    let bytes = laid_out.and_then(|paged| {
        let options = PdfOptions {
            // The same report gives the same file: no creation time, a stable document id.
            ident: Smart::Custom(format!(
                "{}/{}/{}",
                document.kind.code(),
                document.number,
                document.date
            )),
            timestamp: None,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&paged, &options)
            .map_err(|errors| ExportError::Pdf(messages("lỗi ghi PDF", &errors)))
    });
    typst::comemo::evict(CACHE_AGE);
    bytes
}

fn messages(what: &str, errors: &[SourceDiagnostic]) -> String {
    let details: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    format!("{what}: {}", details.join("; "))
}
