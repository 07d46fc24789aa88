//! A report as CSV for other programs: UTF-8 with a byte-order mark (so that Excel opens it in
//! Vietnamese), one block per table — its heading, one header line, the rows — separated by an
//! empty line. Counts are plain digits; percentages keep the decimal comma of the printed report.

use domain::report::{Document, Row, Table, Value};

use super::ExportError;

/// Counts as plain digits (no thousands separator, so other programs read them as numbers);
/// everything else as printed.
fn cell(table: &Table, row: &Row, column: usize) -> String {
    match row.cells.get(column) {
        Some(Value::Count(n)) => n.to_string(),
        _ => table.cell_text(row, column),
    }
}

pub fn render(document: &Document) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        let fail = |e: ::csv::Error| ExportError::Csv(e.to_string());
        for (index, table) in document.tables.iter().enumerate() {
            if index > 0 {
                writer.write_record([""]).map_err(fail)?;
            }
            if let Some(heading) = &table.heading {
                writer.write_record([heading]).map_err(fail)?;
            }
            let header: Vec<String> = table
                .columns
                .iter()
                .map(|c| match &c.group {
                    Some(group) => format!("{group} - {}", c.title),
                    None => c.title.clone(),
                })
                .collect();
            writer.write_record(&header).map_err(fail)?;
            for row in &table.rows {
                let cells: Vec<String> =
                    (0..row.cells.len()).map(|i| cell(table, row, i)).collect();
                writer.write_record(&cells).map_err(fail)?;
            }
        }
        writer
            .flush()
            .map_err(|e| ExportError::Csv(e.to_string()))?;
    }
    Ok(out)
}
