//! `streaming`: per subordinate unit (or, for a commune, per school), the graduates and where
//! they went by destination group, counts and rates, against the unit's streaming target with
//! the gap; the unit's own figures as the total row; the dashboard's chart. Every rate is the one
//! `indicators::evaluate` gives the dashboard.

use domain::indicator::{Indicator, LevelScope, Measure, defaults};
use domain::report::{ColumnKind, Document, ReportKind, Row, Table, Value};
use domain::text::{sort_by_vi, strip_unit_type};
use domain::{Destination, Level, UnitLevel};

use super::{
    ReportError, ReportInput, Subject, children_heading, column, document, in_sentence, letterhead,
    ordered_children, percent, section_heading, targets_of,
};
use crate::chart::{Bar, rate_chart};
use crate::engine::Snapshot;
use crate::engine::levels_of;
use crate::indicators::{IndicatorValue, evaluate};
use crate::tally::{Filter, Tally, count_of, total};

/// The destination groups of a level's table, as the offices group them: each destination a
/// graduate of that level may have falls in exactly one group.
pub fn destination_groups(level: Level) -> Vec<(&'static str, Vec<Destination>)> {
    use Destination::*;
    let vocational = (
        "Giáo dục nghề nghiệp",
        vec![GdtxVocational, Elementary, Intermediate, College],
    );
    let tail = [
        ("Đi làm, nghĩa vụ", vec![Working, WorkingAbroad, Military]),
        ("Không tiếp tục học", vec![NotContinuing]),
        ("Chưa rõ", vec![Unknown]),
    ];
    let mut groups = match level {
        Level::Thcs => vec![
            ("THPT", vec![ThptPublic, ThptPrivate]),
            ("GDTX cấp THPT", vec![Gdtx]),
            vocational,
        ],
        Level::Thpt => vec![("Đại học", vec![University]), vocational],
    };
    groups.extend(tail);
    groups
}

/// The indicator a level's streaming is held to: the plan's third indicator of that level.
fn main_indicator(level: Level) -> Option<Indicator> {
    defaults().into_iter().find(|i| {
        i.scope == LevelScope::Only(level) && matches!(i.measure, Measure::GraduateRatio { .. })
    })
}

/// One row of figures: the graduates, each group's count and rate, then target, rate, gap.
fn figures(tally: &Tally, level: Level, value: Option<&IndicatorValue>) -> Vec<Value> {
    let graduates = total(tally);
    let mut cells = vec![Value::Count(graduates)];
    for (_, destinations) in destination_groups(level) {
        let n = count_of(tally, &destinations);
        cells.push(Value::Count(n));
        cells.push(percent(n, graduates).map_or(Value::Empty, Value::Percent));
    }
    let (rate, target) = (value.and_then(|v| v.value), value.and_then(|v| v.target));
    cells.push(target.map_or(Value::Empty, Value::Percent));
    cells.push(rate.map_or(Value::Empty, Value::Percent));
    cells.push(match (rate, target) {
        (Some(r), Some(t)) => Value::Percent(((r - t) * 100.0).round() / 100.0),
        _ => Value::Empty,
    });
    cells.push(match value {
        Some(v) if v.target.is_some() && v.value.is_some() => Value::Text(v.status.label().into()),
        _ => Value::Empty,
    });
    cells
}

fn columns(first: &str, level: Level) -> Vec<domain::report::Column> {
    let mut columns = vec![
        column(None, "STT", ColumnKind::Number, 5.0),
        column(None, first, ColumnKind::Text, 20.0),
        column(None, "Số HS tốt nghiệp", ColumnKind::Count, 10.0),
    ];
    for (group, _) in destination_groups(level) {
        columns.push(column(Some(group), "Số HS", ColumnKind::Count, 8.0));
        columns.push(column(Some(group), "Tỷ lệ %", ColumnKind::Percent, 8.0));
    }
    let held = "Chỉ tiêu phân luồng";
    columns.push(column(Some(held), "Chỉ tiêu %", ColumnKind::Percent, 8.0));
    columns.push(column(Some(held), "Thực hiện %", ColumnKind::Percent, 8.0));
    columns.push(column(Some(held), "Chênh lệch", ColumnKind::Percent, 8.0));
    columns.push(column(Some(held), "Đánh giá", ColumnKind::Text, 10.0));
    columns
}

/// The value of a level's main indicator for one unit, if the level has one.
fn main_value(
    figures: &Snapshot,
    main: Option<&Indicator>,
    unit_id: i64,
    level: Level,
    targets: &crate::indicators::Targets,
) -> Option<IndicatorValue> {
    let main = main?;
    evaluate(figures, std::slice::from_ref(main), unit_id, level, targets)
        .into_iter()
        .next()
}

pub(super) async fn build(input: &ReportInput<'_>) -> Result<Document, ReportError> {
    let Subject::Unit(unit) = input.subject else {
        return Err(ReportError::NotApplicable(
            "Báo cáo phân luồng lập cho một đơn vị hành chính (tỉnh, huyện, xã).".into(),
        ));
    };
    let (engine, year) = (input.engine, input.year);
    let registered = input.store.targets(year).await?;
    let children = ordered_children(input.store, unit, &registered).await?;
    let targets = targets_of(input.store, year).await?;
    let ids: Vec<i64> = std::iter::once(unit.id)
        .chain(children.iter().map(|c| c.id))
        .collect();
    let counted = engine.snapshot(&ids, year).await?;
    let schools = if unit.level == UnitLevel::Commune {
        let mut found = input.store.institutions_in(unit.id, None).await?;
        sort_by_vi(&mut found, |i| i.name.as_str());
        found
    } else {
        Vec::new()
    };

    let mut doc = document(
        ReportKind::Streaming,
        letterhead::education_office(unit),
        "BC",
        letterhead::place(unit),
        input.today,
    );
    doc.title = "BÁO CÁO".into();
    doc.subtitle = Some(format!(
        "Kết quả phân luồng học sinh sau tốt nghiệp THCS, THPT năm {year} trên địa bàn {}",
        in_sentence(&unit.name)
    ));
    let mut summary = Vec::new();
    for level in Level::ALL {
        let own = counted
            .unit(unit.id)
            .graduates(level)
            .tally(Filter::default());
        if total(&own) == 0 {
            continue;
        }
        let main = main_indicator(level);
        let mut rows = Vec::new();
        let mut bars = Vec::new();
        if schools.is_empty() {
            for child in &children {
                let tally = counted
                    .unit(child.id)
                    .graduates(level)
                    .tally(Filter::default());
                if total(&tally) == 0 {
                    continue;
                }
                let value = main_value(&counted, main.as_ref(), child.id, level, &targets);
                let name = strip_unit_type(&child.name).to_string();
                bars.push((
                    name.clone(),
                    value.as_ref().and_then(|v| v.value),
                    value.as_ref().and_then(|v| v.target),
                ));
                let mut cells = vec![Value::Text((rows.len() + 1).to_string()), Value::Text(name)];
                cells.extend(figures(&tally, level, value.as_ref()));
                rows.push(Row {
                    cells,
                    total: false,
                });
            }
        } else {
            for school in schools
                .iter()
                .filter(|s| levels_of(s.kind).contains(&level))
            {
                let tally = engine
                    .school(&school.code, year, level)
                    .await?
                    .tally(Filter::default());
                if total(&tally) == 0 {
                    continue;
                }
                // Targets are set for units, not schools: the school's rate stands alone.
                let value = main.as_ref().and_then(|m| match &m.measure {
                    Measure::GraduateRatio { destinations } => Some(IndicatorValue {
                        code: m.code.clone(),
                        name: m.name.clone(),
                        value: percent(count_of(&tally, destinations), total(&tally)),
                        numerator: count_of(&tally, destinations),
                        denominator: total(&tally),
                        target: None,
                        status: domain::indicator::Status::NoTarget,
                        unknown_share: None,
                    }),
                    Measure::SchoolShare { .. } => None,
                });
                let mut cells = vec![
                    Value::Text((rows.len() + 1).to_string()),
                    Value::Text(school.name.clone()),
                ];
                cells.extend(figures(&tally, level, value.as_ref()));
                rows.push(Row {
                    cells,
                    total: false,
                });
            }
        }
        let own_value = main_value(&counted, main.as_ref(), unit.id, level, &targets);
        let mut cells = vec![Value::Empty, Value::Text("Tổng cộng".into())];
        cells.extend(figures(&own, level, own_value.as_ref()));
        rows.push(Row { cells, total: true });
        let first = if schools.is_empty() {
            children_heading(unit, &children)
        } else {
            "Trường"
        };
        doc.tables.push(Table {
            heading: Some(section_heading(doc.tables.len(), level)),
            columns: columns(first, level),
            rows,
        });
        summary.push(format!(
            "{} học sinh tốt nghiệp {}{}",
            domain::report::format_count(total(&own)),
            level.label(),
            match own_value.as_ref().and_then(|v| v.value) {
                Some(rate) => format!(
                    ", tỷ lệ phân luồng {}%{}",
                    domain::report::format_percent(rate),
                    own_value
                        .as_ref()
                        .and_then(|v| v.target)
                        .map(|t| format!(" (chỉ tiêu {}%)", domain::report::format_percent(t)))
                        .unwrap_or_default()
                ),
                None => String::new(),
            }
        ));
        if doc.chart_svg.is_none()
            && !bars.is_empty()
            && let Some(main) = &main
        {
            let bars: Vec<Bar<'_>> = bars
                .iter()
                .map(|(label, value, target)| Bar {
                    label,
                    value: *value,
                    target: *target,
                })
                .collect();
            doc.chart_svg = Some(rate_chart(&main.name, &bars));
        }
    }
    if doc.tables.is_empty() {
        return Err(ReportError::NoData(format!(
            "Chưa có hồ sơ học sinh tốt nghiệp năm {year} nào trên địa bàn {}.",
            in_sentence(&unit.name)
        )));
    }
    doc.paragraphs.push(format!(
        "Theo hồ sơ học sinh tốt nghiệp do các trường cập nhật đến ngày {}, trên địa bàn {} có {}.",
        input.today.format("%d/%m/%Y"),
        in_sentence(&unit.name),
        summary.join("; ")
    ));
    doc.notes = vec![
        "Tỷ lệ % tính trên số học sinh tốt nghiệp của từng đơn vị; “Chưa rõ”: học sinh chưa có thông tin hướng đi.".into(),
        "Chỉ tiêu: theo bảng chỉ tiêu đăng ký năm; chênh lệch = thực hiện − chỉ tiêu (điểm %).".into(),
    ];
    doc.recipients = match unit.level {
        UnitLevel::Province => vec![
            "UBND tỉnh (b/c);".into(),
            "Bộ Giáo dục và Đào tạo (b/c);".into(),
            "Lưu: VT.".into(),
        ],
        UnitLevel::District => vec![
            "UBND huyện (b/c);".into(),
            "Sở Giáo dục và Đào tạo (b/c);".into(),
            "Lưu: VT.".into(),
        ],
        UnitLevel::Commune => vec!["Phòng Giáo dục và Đào tạo (b/c);".into(), "Lưu: VT.".into()],
    };
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_destination_of_a_level_falls_in_exactly_one_group() {
        for level in Level::ALL {
            for destination in Destination::for_level(level) {
                let holding = destination_groups(level)
                    .iter()
                    .filter(|(_, set)| set.contains(destination))
                    .count();
                assert_eq!(holding, 1, "{level:?} {destination:?}");
            }
        }
    }
}
