//! A report as CSV for other programs: UTF-8 with a byte-order mark (so that Excel opens it in
//! Vietnamese), one block per table — its heading, one header line, the rows — separated by an
//! empty line. Counts are plain digits; percentages keep the decimal comma of the printed report.
//! Text that a spreadsheet would run as a formula is neutralised (`safe_cell::csv_text`).

use domain::report::{Document, Row, Table, Value};

use super::ExportError;
use crate::safe_cell::csv_text;

/// Counts as plain digits (no thousands separator, so other programs read them as numbers);
/// everything else as printed. The cell's type decides what is neutralised: a `Text` holds what
/// users typed (names, notes, school names) and gets `csv_text`; counts, percentages (a negative
/// gap "-3,5" included) and dates are the product's own figures, which must stay numbers for the
/// program that reads the file and can carry no user text.
fn cell(table: &Table, row: &Row, column: usize) -> String {
    match row.cells.get(column) {
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Text(text)) => csv_text(text).into_owned(),
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
                writer.write_record([&*csv_text(heading)]).map_err(fail)?;
            }
            let header: Vec<String> = table
                .columns
                .iter()
                .map(|c| match &c.group {
                    Some(group) => format!("{group} - {}", c.title),
                    None => c.title.clone(),
                })
                .map(|title| csv_text(&title).into_owned())
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use domain::report::{Column, ColumnKind, Issuer, ReportKind, Signature};

    use super::*;

    fn document(rows: Vec<Vec<Value>>) -> Document {
        let column = |title: &str, kind| Column {
            group: None,
            title: title.into(),
            kind,
            width: 10.0,
        };
        Document {
            kind: ReportKind::Streaming,
            issuer: Issuer {
                above: None,
                name: "X".into(),
            },
            number: String::new(),
            place: String::new(),
            date: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap_or_default(),
            title: String::new(),
            subtitle: None,
            paragraphs: vec![],
            tables: vec![Table {
                heading: None,
                columns: vec![
                    column("Tên", ColumnKind::Text),
                    column("Số HS", ColumnKind::Count),
                    column("Chênh lệch", ColumnKind::Percent),
                ],
                rows: rows
                    .into_iter()
                    .map(|cells| Row {
                        cells,
                        total: false,
                    })
                    .collect(),
            }],
            chart_svg: None,
            notes: vec![],
            recipients: vec![],
            signature: Signature {
                lines: vec![],
                signer: None,
            },
        }
    }

    #[test]
    fn text_cells_are_neutralised_and_figures_stay_numbers() {
        let doc = document(vec![
            vec![
                Value::Text("=HYPERLINK(\"http://evil.example\")".into()),
                Value::Count(12),
                Value::Percent(-3.5),
            ],
            vec![
                Value::Text("-2 Minh".into()),
                Value::Count(0),
                Value::Percent(1.25),
            ],
        ]);
        let bytes = render(&doc).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines,
            [
                "Tên,Số HS,Chênh lệch",
                "\"'=HYPERLINK(\"\"http://evil.example\"\")\",12,\"-3,50\"",
                "'-2 Minh,0,\"1,25\"",
            ]
        );
    }
}
