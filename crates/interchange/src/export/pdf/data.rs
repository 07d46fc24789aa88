//! The report as the typst template reads it (`report.json`): every text already as printed, and
//! the decisions that are easier to test in Rust than in typst made here — which header cells are
//! merged, how each column is aligned, which cells of a total row are joined.

use domain::report::{Column, ColumnKind, Document, Row, Table, Value};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub(super) struct Report<'a> {
    /// The typeface, the one family the world loads.
    pub font: &'static str,
    /// Landscape when a table is too wide for a portrait page.
    pub wide: bool,
    pub issuer_above: Option<&'a str>,
    pub issuer_name: &'a str,
    pub number: &'a str,
    pub place_and_date: String,
    pub title: &'a str,
    pub subtitle: Option<Subtitle<'a>>,
    pub paragraphs: &'a [String],
    pub tables: Vec<TableView<'a>>,
    pub chart_svg: Option<&'a str>,
    pub notes: &'a [String],
    pub recipients: &'a [String],
    pub signature: &'a [String],
    pub signer: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(super) struct Subtitle<'a> {
    pub text: &'a str,
    /// "(Kèm theo …)" is set in italics, a subject line in bold.
    pub italic: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct TableView<'a> {
    pub heading: Option<&'a str>,
    /// Relative widths, one per column.
    pub widths: Vec<f64>,
    /// The header cells in reading order; typst places them row by row around the spans.
    pub header: Vec<Cell>,
    pub rows: Vec<RowView>,
}

#[derive(Debug, PartialEq, Serialize)]
pub(super) struct Cell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    /// "left", "center" or "right".
    pub align: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct RowView {
    pub total: bool,
    pub cells: Vec<Cell>,
}

impl<'a> Report<'a> {
    pub fn new(document: &'a Document) -> Report<'a> {
        Report {
            font: super::world::FAMILY,
            wide: document.is_wide(),
            issuer_above: document.issuer.above.as_deref(),
            issuer_name: &document.issuer.name,
            number: &document.number,
            place_and_date: document.place_and_date(),
            title: &document.title,
            subtitle: document.subtitle.as_deref().map(|text| Subtitle {
                text,
                italic: text.trim_start().starts_with('('),
            }),
            paragraphs: &document.paragraphs,
            // A table without columns has nothing to draw (and typst refuses zero columns).
            tables: document
                .tables
                .iter()
                .filter(|t| !t.columns.is_empty())
                .map(TableView::new)
                .collect(),
            chart_svg: document.chart_svg.as_deref(),
            notes: &document.notes,
            recipients: &document.recipients,
            signature: &document.signature.lines,
            signer: document.signature.signer.as_deref(),
        }
    }
}

impl<'a> TableView<'a> {
    fn new(table: &'a Table) -> TableView<'a> {
        TableView {
            heading: table.heading.as_deref(),
            widths: table
                .columns
                .iter()
                // A zero or missing width would make the column vanish.
                .map(|c| {
                    if c.width.is_finite() && c.width > 0.0 {
                        c.width
                    } else {
                        1.0
                    }
                })
                .collect(),
            header: header(&table.columns),
            rows: table.rows.iter().map(|r| row(table, r)).collect(),
        }
    }
}

/// One header row when no column has a group; otherwise two: a group's title merged over its
/// consecutive columns above their own titles, and an ungrouped column's title over both rows.
fn header(columns: &[Column]) -> Vec<Cell> {
    let cell = |text: &str, colspan, rowspan| Cell {
        text: text.to_owned(),
        colspan,
        rowspan,
        align: "center",
    };
    if !columns.iter().any(|c| c.group.is_some()) {
        return columns.iter().map(|c| cell(&c.title, 1, 1)).collect();
    }
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        match &columns[i].group {
            None => {
                upper.push(cell(&columns[i].title, 1, 2));
                i += 1;
            }
            Some(group) => {
                let run = columns[i..]
                    .iter()
                    .take_while(|c| c.group.as_ref() == Some(group))
                    .count();
                upper.push(cell(group, run, 1));
                lower.extend(columns[i..i + run].iter().map(|c| cell(&c.title, 1, 1)));
                i += run;
            }
        }
    }
    upper.extend(lower);
    upper
}

fn align(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Number | ColumnKind::Date => "center",
        ColumnKind::Text => "left",
        ColumnKind::Count | ColumnKind::Percent => "right",
    }
}

/// The row's cells, one per column (a short row is padded, a long one cut, so that a faulty row
/// can never shift the cells after it into the wrong columns). In a total row the label
/// ("Tổng cộng") is joined with the empty label cells after it, so it is not squeezed into the
/// narrow "STT" column.
fn row(table: &Table, row: &Row) -> RowView {
    let columns = &table.columns;
    let mut cells = Vec::with_capacity(columns.len());
    let mut i = 0;
    while i < columns.len() {
        let value = row.cells.get(i).unwrap_or(&Value::Empty);
        let kind = columns[i].kind;
        let label_column = |k: ColumnKind| matches!(k, ColumnKind::Number | ColumnKind::Text);
        let span = if row.total && matches!(value, Value::Text(_)) && label_column(kind) {
            1 + columns[i + 1..]
                .iter()
                .zip(row.cells.iter().skip(i + 1))
                .take_while(|(c, v)| label_column(c.kind) && matches!(v, Value::Empty))
                .count()
        } else {
            1
        };
        cells.push(Cell {
            text: text(table, row, i),
            colspan: span,
            rowspan: 1,
            align: if span > 1 { "center" } else { align(kind) },
        });
        i += span;
    }
    RowView {
        total: row.total,
        cells,
    }
}

/// The cell as printed, with its column's decimals as in the CSV; a missing figure is a dash on
/// paper, so that it is not read as a cell someone forgot to fill, while an empty row number or
/// label stays blank.
fn text(table: &Table, row: &Row, column: usize) -> String {
    let kind = table.columns[column].kind;
    match (row.cells.get(column), kind) {
        (None | Some(Value::Empty), ColumnKind::Count | ColumnKind::Percent | ColumnKind::Date) => {
            "—".into()
        }
        _ => table.cell_text(row, column),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(group: Option<&str>, title: &str, kind: ColumnKind) -> Column {
        Column {
            group: group.map(String::from),
            title: title.into(),
            kind,
            width: 8.0,
        }
    }

    #[test]
    fn a_group_is_merged_over_its_columns_and_other_titles_span_both_rows() {
        let columns = [
            column(None, "STT", ColumnKind::Number),
            column(Some("THPT"), "Số HS", ColumnKind::Count),
            column(Some("THPT"), "Tỷ lệ %", ColumnKind::Percent),
            column(Some("GDTX"), "Số HS", ColumnKind::Count),
            column(None, "Chỉ tiêu", ColumnKind::Percent),
        ];
        let cells = header(&columns);
        let spans: Vec<(&str, usize, usize)> = cells
            .iter()
            .map(|c| (c.text.as_str(), c.colspan, c.rowspan))
            .collect();
        assert_eq!(
            spans,
            [
                ("STT", 1, 2),
                ("THPT", 2, 1),
                ("GDTX", 1, 1),
                ("Chỉ tiêu", 1, 2),
                ("Số HS", 1, 1),
                ("Tỷ lệ %", 1, 1),
                ("Số HS", 1, 1),
            ]
        );
    }

    #[test]
    fn the_total_label_takes_the_empty_label_cells_after_it() {
        let columns = vec![
            column(None, "STT", ColumnKind::Number),
            column(None, "Đơn vị", ColumnKind::Text),
            column(None, "Tỷ lệ", ColumnKind::Percent),
            column(None, "Chênh lệch", ColumnKind::Percent),
        ];
        let total = Row {
            cells: vec![
                Value::Text("Tổng cộng".into()),
                Value::Empty,
                Value::Percent(27.92),
                Value::Empty,
            ],
            total: true,
        };
        let short = Row {
            cells: vec![Value::Text("1".into())],
            total: false,
        };
        let table = Table {
            heading: None,
            columns,
            rows: vec![total, short],
        };
        let view = row(&table, &table.rows[0]);
        let cells: Vec<(&str, usize)> = view
            .cells
            .iter()
            .map(|c| (c.text.as_str(), c.colspan))
            .collect();
        assert_eq!(cells, [("Tổng cộng", 2), ("27,92", 1), ("—", 1)]);
        // A short row is padded to the columns.
        assert_eq!(row(&table, &table.rows[1]).cells.len(), 4);
    }
}
