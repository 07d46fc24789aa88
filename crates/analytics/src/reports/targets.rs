//! `targets`: the target-registration table as the appendix of the Long An plan lays it out —
//! one table per level, one row per subordinate unit in the order the plan registered them, one
//! column per indicator headed by its wording, and the unit's own targets as the total row.

use domain::Level;
use domain::indicator::defaults;
use domain::report::{ColumnKind, ReportKind, Row, Table, Value};
use domain::text::strip_unit_type;

use super::{
    ReportError, ReportInput, Subject, children_heading, column, document, in_sentence, letterhead,
    ordered_children, section_heading,
};
use crate::indicators::target_level;

/// The indicator's wording with the abbreviations spelled out, as the appendix heads columns.
fn heading(name: &str) -> String {
    name.replace("THCS", "trung học cơ sở")
        .replace("THPT", "trung học phổ thông")
}

pub(super) async fn build(
    input: &ReportInput<'_>,
) -> Result<domain::report::Document, ReportError> {
    let Subject::Unit(unit) = input.subject else {
        return Err(ReportError::NotApplicable(
            "Bảng chỉ tiêu lập cho một đơn vị hành chính (tỉnh, huyện), không cho một trường."
                .into(),
        ));
    };
    let targets = input.store.targets(input.year).await?;
    let children = ordered_children(input.store, unit, &targets).await?;

    let indicators = defaults();
    let mut doc = document(
        ReportKind::Targets,
        letterhead::committee(unit),
        "KH",
        letterhead::place(unit),
        input.today,
    );
    doc.title = format!("BẢNG CHỈ TIÊU ĐĂNG KÝ NĂM {}", input.year);
    doc.subtitle = Some(format!(
        "(Kèm theo Kế hoạch số        /KH-UBND ngày     /     /{} của UBND {})",
        input.year,
        in_sentence(&unit.name)
    ));
    for level in Level::ALL {
        let value_of = |code: &str, unit_id: i64, key: Option<Level>| {
            targets
                .iter()
                .find(|t| t.indicator_code == code && t.unit_id == unit_id && t.level == key)
                .map(|t| t.value)
        };
        let in_table = |id: i64| id == unit.id || children.iter().any(|c| c.id == id);
        let columns: Vec<_> = indicators
            .iter()
            .filter(|i| i.applies_to(level))
            .filter(|i| {
                let key = target_level(i, level);
                targets
                    .iter()
                    .any(|t| t.indicator_code == i.code && t.level == key && in_table(t.unit_id))
            })
            .collect();
        if columns.is_empty() {
            continue;
        }
        let mut rows = Vec::new();
        for child in &children {
            let values: Vec<Option<f64>> = columns
                .iter()
                .map(|i| value_of(&i.code, child.id, target_level(i, level)))
                .collect();
            if values.iter().all(Option::is_none) {
                continue;
            }
            let mut cells = vec![
                Value::Text(format!("{:02}", rows.len() + 1)),
                Value::Text(strip_unit_type(&child.name).to_string()),
            ];
            cells.extend(
                values
                    .into_iter()
                    .map(|v| v.map_or(Value::Empty, Value::Percent)),
            );
            rows.push(domain::report::Row {
                cells,
                total: false,
            });
        }
        let own: Vec<Value> = columns
            .iter()
            .map(|i| {
                value_of(&i.code, unit.id, target_level(i, level))
                    .map_or(Value::Empty, Value::Percent)
            })
            .collect();
        if own.iter().any(|v| *v != Value::Empty) {
            let mut cells = vec![Value::Text("Tổng cộng".into()), Value::Empty];
            cells.extend(own);
            rows.push(Row { cells, total: true });
        }
        let mut table_columns = vec![
            column(None, "STT", ColumnKind::Number, 6.0),
            column(
                None,
                children_heading(unit, &children),
                ColumnKind::Text,
                20.0,
            ),
        ];
        table_columns.extend(
            columns
                .iter()
                .map(|i| column(None, &heading(&i.name), ColumnKind::Percent, 24.0)),
        );
        doc.tables.push(Table {
            heading: Some(section_heading(doc.tables.len(), level)),
            columns: table_columns,
            rows,
        });
    }
    if doc.tables.is_empty() {
        return Err(ReportError::NoData(format!(
            "Chưa có chỉ tiêu nào năm {} của {} hay các đơn vị trực thuộc; báo cáo này lập được khi chỉ tiêu đã được giao.",
            input.year, unit.name
        )));
    }
    doc.recipients = vec![
        "Sở Giáo dục và Đào tạo;".into(),
        format!(
            "UBND các {};",
            in_sentence(children_heading(unit, &children))
        ),
        "Lưu: VT.".into(),
    ];
    Ok(doc)
}
