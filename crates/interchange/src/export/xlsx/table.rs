//! One report table on the sheet: its heading, the header (two rows when columns are grouped,
//! the group's cell merged over its columns and the ungrouped titles merged down both rows),
//! then the rows with every cell bordered and every figure a number.

use domain::report::{ColumnKind, Row, Table, Value};
use rust_xlsxwriter::XlsxError;

use super::Writer;
use super::measure::{height, lines};
use super::styles::TEXT_SIZE;
use crate::safe_cell::excel_text;

/// The rows a table took: the header (to freeze under and to repeat on every printed page).
pub(super) struct Placed {
    pub header_first: u32,
    pub header_last: u32,
}

pub(super) fn write(w: &mut Writer, table: &Table) -> Result<Placed, XlsxError> {
    if let Some(heading) = &table.heading {
        let (format, full) = (&w.styles.heading, (0, w.layout.last()));
        w.block(w.row, full, heading, format, TEXT_SIZE, true)?;
        w.row += 1;
    }
    let header_first = w.row;
    let header_last = header(w, table)?;
    w.row = header_last + 1;
    // Once per table: each column's decimals look at all its rows.
    let decimals: Vec<usize> = (0..table.columns.len())
        .map(|c| table.percent_decimals(c))
        .collect();
    for row in &table.rows {
        body_row(w, table, &decimals, row)?;
        w.row += 1;
    }
    Ok(Placed {
        header_first,
        header_last,
    })
}

/// Writes the header at the current row and returns its last row.
fn header(w: &mut Writer, table: &Table) -> Result<u32, XlsxError> {
    let top = w.row;
    let two_rows = table.has_groups();
    let bottom = top + u32::from(two_rows);
    let format = w.styles.header.clone();
    let size = w.styles.table_size;
    // Lines needed by the top row's cells, the bottom row's, and the titles spanning both.
    let (mut top_lines, mut bottom_lines, mut spanning_lines) = (1, 1, 1);
    let columns = &table.columns;
    let mut first = 0;
    while first < columns.len() {
        let col = first as u16;
        let Some(group) = columns[first].group.as_deref().map(excel_text) else {
            let title = &*excel_text(&columns[first].title);
            let needed = lines(title, w.layout.span(col, col), size, true);
            if two_rows {
                w.sheet.merge_range(top, col, bottom, col, title, &format)?;
                spanning_lines = spanning_lines.max(needed);
            } else {
                w.sheet.write_string_with_format(top, col, title, &format)?;
                top_lines = top_lines.max(needed);
            }
            first += 1;
            continue;
        };
        let end = first
            + columns[first..]
                .iter()
                .take_while(|c| c.group.as_deref() == columns[first].group.as_deref())
                .count()
            - 1;
        let last = end as u16;
        if end > first {
            w.sheet.merge_range(top, col, top, last, &group, &format)?;
        } else {
            w.sheet
                .write_string_with_format(top, col, &*group, &format)?;
        }
        top_lines = top_lines.max(lines(&group, w.layout.span(col, last), size, true));
        for (index, column) in columns.iter().enumerate().take(end + 1).skip(first) {
            let col = index as u16;
            w.sheet
                .write_string_with_format(bottom, col, &*excel_text(&column.title), &format)?;
            bottom_lines =
                bottom_lines.max(lines(&column.title, w.layout.span(col, col), size, true));
        }
        first = end + 1;
    }
    let top_height = height(top_lines, size);
    w.fit(top, top_height);
    if two_rows {
        // The titles merged down both rows share their height.
        let bottom_height =
            height(bottom_lines, size).max(height(spanning_lines, size) - top_height);
        w.fit(bottom, bottom_height);
    }
    Ok(bottom)
}

/// Writes one row at the current row; `decimals` are those of each column's percentages.
fn body_row(w: &mut Writer, table: &Table, decimals: &[usize], row: &Row) -> Result<(), XlsxError> {
    let r = w.row;
    let size = w.styles.table_size;
    let count = row.cells.len().max(table.columns.len());
    let kind = |index: usize| {
        table
            .columns
            .get(index)
            .map_or(ColumnKind::Text, |c| c.kind)
    };
    let mut index = 0;
    while index < count {
        let col = index as u16;
        let value = row.cells.get(index).unwrap_or(&Value::Empty);
        // "Tổng cộng" spans the number and name columns left empty beside it, as it is
        // written by hand.
        if row.total
            && let Value::Text(label) = value
        {
            let label = &*excel_text(label);
            let span = (index + 1..count)
                .take_while(|&i| {
                    matches!(row.cells.get(i), None | Some(Value::Empty))
                        && matches!(kind(i), ColumnKind::Number | ColumnKind::Text)
                })
                .count();
            if span > 0 {
                let last = (index + span) as u16;
                w.sheet
                    .merge_range(r, col, r, last, label, &w.styles.total_label())?;
                index += span + 1;
                continue;
            }
        }
        let places = decimals.get(index).copied().unwrap_or(2);
        let format = w.styles.cell(kind(index), value, row.total, places);
        match value {
            Value::Text(text) => {
                let text = &*excel_text(text);
                w.sheet.write_string_with_format(r, col, text, &format)?;
                let needed = lines(text, w.layout.span(col, col), size, row.total);
                if needed > 1 {
                    w.fit(r, height(needed, size));
                }
            }
            Value::Count(n) => {
                w.sheet
                    .write_number_with_format(r, col, *n as f64, &format)?;
            }
            // Excel cannot hold a NaN; such a figure is no figure.
            Value::Percent(p) if p.is_finite() => {
                w.sheet.write_number_with_format(r, col, *p, &format)?;
            }
            Value::Date(date) => {
                w.sheet.write_datetime_with_format(r, col, date, &format)?;
            }
            Value::Percent(_) | Value::Empty => {
                w.sheet.write_blank(r, col, &format)?;
            }
        }
        index += 1;
    }
    Ok(())
}
