//! `import targets`: a target table laid out as the appendix of the Long An plan — sections per
//! level ("I. CẤP TRUNG HỌC CƠ SỞ"), one row per subordinate unit written loosely ("Thanh Hóa"
//! for Huyện Thạnh Hóa), one column per indicator headed by its wording, Vietnamese decimal
//! commas ("35,09"), and a total row for the parent unit.

use std::path::Path;

use domain::Level;
use domain::indicator::{Indicator, LevelScope};
use domain::text::{fold, strip_unit_type};
use store::{Target, Unit};

use crate::errors::{ImportError, ImportFailure, Said};
use crate::table::{Cell, Table};

/// Words that head the unit column of such a table.
const UNIT_HEADERS: [&str; 6] = [
    "huyen, thi xa, thanh pho",
    "huyen, thi xa",
    "don vi",
    "ten don vi",
    "xa, phuong",
    "xa, phuong, dac khu",
];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetSummary {
    pub targets: usize,
    pub units: usize,
    pub levels: Vec<Level>,
}

/// Words of a text, folded, with the abbreviations the plans use spelled out.
fn words(text: &str) -> Vec<String> {
    let folded = fold(text)
        .replace("thcs", "trung hoc co so")
        .replace("thpt", "trung hoc pho thong")
        .replace(['%', ',', '.', '(', ')'], " ");
    folded.split_whitespace().map(String::from).collect()
}

/// The indicator a column heading names: its code, or the wording closest to it.
fn indicator_of<'a>(header: &str, indicators: &'a [Indicator]) -> Option<&'a Indicator> {
    if let Some(exact) = indicators.iter().find(|i| i.code == header.trim()) {
        return Some(exact);
    }
    let heading = words(header);
    if heading.len() < 4 {
        return None;
    }
    indicators
        .iter()
        .map(|i| {
            let name = words(&i.name);
            let shared = heading.iter().filter(|w| name.contains(w)).count();
            (shared as f64 / heading.len().max(name.len()) as f64, i)
        })
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

fn level_of_section(text: &str) -> Option<Level> {
    let key = fold(text);
    if key.contains("trung hoc co so") || key.contains("cap thcs") {
        Some(Level::Thcs)
    } else if key.contains("trung hoc pho thong") || key.contains("cap thpt") {
        Some(Level::Thpt)
    } else {
        None
    }
}

/// "01 Tân An" (number and name in one cell, as in the appendix's second table) → "Tân An".
fn unit_name(cell: &str) -> &str {
    cell.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .trim()
}

/// A percentage written "35,09", "35.09", "100" or "27,92%".
fn percent(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => t
            .trim()
            .trim_end_matches('%')
            .replace(',', ".")
            .parse()
            .ok(),
        _ => None,
    }
    .filter(|v: &f64| (0.0..=100.0).contains(v))
}

/// Reads the table into targets for `parent`'s children (and `parent` itself from the total
/// row), for `year`.
pub fn read(
    path: &Path,
    parent: &Unit,
    children: &[Unit],
    indicators: &[Indicator],
    year: i32,
) -> Result<(Vec<Target>, TargetSummary), ImportFailure> {
    let table = Table::read(
        path,
        &[
            &[
                "Huyện, thị xã, thành phố",
                "Đơn vị",
                "Tên đơn vị",
                "Xã, phường",
            ],
            &["STT"],
        ],
    )
    .or_else(|_| Table::read(path, &[&["Tổng cộng"], &["Huyện, thị xã, thành phố"]]))?;
    // The sections are read from every row, the header row found by `Table` included.
    let mut grid: Vec<(usize, Vec<Cell>)> = Vec::new();
    grid.push((
        0,
        table
            .headers
            .iter()
            .map(|h| Cell::Text(h.clone()))
            .collect(),
    ));
    grid.extend(table.rows.iter().map(|r| (r.number, r.cells.clone())));
    let file = table.file.clone();
    let mut errors = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    let mut level: Option<Level> = None;
    let mut columns: Vec<(usize, &Indicator)> = Vec::new();
    let mut unit_column: Option<usize> = None;
    let mut header_row_number = 0usize;
    for (number, cells) in &grid {
        let texts: Vec<String> = cells
            .iter()
            .map(|c| domain::text::clean(&c.text()))
            .collect();
        let first = texts
            .iter()
            .find(|t| !t.is_empty())
            .cloned()
            .unwrap_or_default();
        if let Some(l) =
            level_of_section(&first).filter(|_| texts.iter().filter(|t| !t.is_empty()).count() == 1)
        {
            level = Some(l);
            continue;
        }
        if let Some(col) = texts
            .iter()
            .position(|t| UNIT_HEADERS.contains(&fold(t).as_str()))
        {
            unit_column = Some(col);
            header_row_number = *number;
            columns = texts
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != col)
                .filter_map(|(i, t)| indicator_of(t, indicators).map(|ind| (i, ind)))
                .collect();
            // A table under no section title: its level is the one its indicators name.
            if level.is_none() {
                level = columns.iter().find_map(|(_, i)| match i.scope {
                    LevelScope::Only(l) => Some(l),
                    _ => None,
                });
            }
            continue;
        }
        let Some(col) = unit_column else { continue };
        // The appendix writes "01 Tân An" in the unit column or splits number and name.
        let raw = texts.get(col).cloned().unwrap_or_default();
        let raw = if !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit()) {
            texts.get(col + 1).cloned().unwrap_or_default()
        } else {
            raw
        };
        // The total row may write "Tổng cộng" in the number column, leaving the name empty.
        let raw = if raw.is_empty() && fold(&first).starts_with("tong cong") {
            first.clone()
        } else {
            raw
        };
        let name = unit_name(&raw);
        if name.is_empty() || columns.is_empty() {
            continue;
        }
        let unit = if fold(name).starts_with("tong cong")
            || fold(name) == "toan tinh"
            || fold(name) == "tong"
        {
            Some(parent)
        } else {
            match resolve(name, children) {
                Ok(unit) => Some(unit),
                Err(message) => {
                    errors.push(ImportError::new(
                        *number,
                        "Đơn vị",
                        name,
                        Said::vi_only(message),
                    ));
                    None
                }
            }
        };
        let Some(unit) = unit else { continue };
        for (column, indicator) in &columns {
            let cell = cells.get(*column).unwrap_or(&Cell::Empty);
            if cell.text().trim().is_empty() {
                continue;
            }
            let Some(value) = percent(cell) else {
                errors.push(ImportError::new(
                    *number,
                    &texts_header(&grid, header_row_number, *column),
                    &cell.text(),
                    Said::vi_only("chỉ tiêu phải là tỷ lệ % từ 0 đến 100, ví dụ 35,09"),
                ));
                continue;
            };
            let target_level = match indicator.scope {
                LevelScope::Only(l) => Some(l),
                LevelScope::Each => level,
                LevelScope::Both => None,
            };
            if matches!(indicator.scope, LevelScope::Each) && target_level.is_none() {
                errors.push(ImportError::new(*number, "", "", Said::vi_only("không rõ chỉ tiêu thuộc cấp học nào; hãy ghi tiêu đề “I. CẤP TRUNG HỌC CƠ SỞ” trên bảng")));
                continue;
            }
            targets.retain(|t| {
                !(t.indicator_code == indicator.code
                    && t.unit_id == unit.id
                    && t.level == target_level)
            });
            targets.push(Target {
                indicator_code: indicator.code.clone(),
                unit_id: unit.id,
                year,
                level: target_level,
                value,
                position: i32::try_from(*number).unwrap_or(i32::MAX),
            });
        }
    }
    if targets.is_empty() && errors.is_empty() {
        errors.push(ImportError::new(0, "", "", Said::vi_only("không đọc được chỉ tiêu nào: cần cột tên đơn vị (“Huyện, thị xã, thành phố”) và các cột chỉ tiêu")));
    }
    if !errors.is_empty() {
        return Err(ImportFailure { file, errors });
    }
    let mut units: Vec<i64> = targets.iter().map(|t| t.unit_id).collect();
    units.sort_unstable();
    units.dedup();
    let mut levels: Vec<Level> = targets.iter().filter_map(|t| t.level).collect();
    levels.sort();
    levels.dedup();
    let summary = TargetSummary {
        targets: targets.len(),
        units: units.len(),
        levels,
    };
    Ok((targets, summary))
}

fn texts_header(grid: &[(usize, Vec<Cell>)], header_row: usize, column: usize) -> String {
    grid.iter()
        .find(|(n, _)| *n == header_row)
        .and_then(|(_, cells)| cells.get(column))
        .map(|c| domain::text::clean(&c.text()))
        .unwrap_or_default()
}

/// A unit named loosely, found among the children: exact name first, then without the type word
/// and the tone marks ("Thanh Hóa" finds Huyện Thạnh Hóa); two candidates are an ambiguity.
fn resolve<'a>(name: &str, children: &'a [Unit]) -> Result<&'a Unit, String> {
    let bare = |u: &Unit| domain::text::clean(strip_unit_type(&u.name));
    if let Some(exact) = children.iter().find(|u| u.name == name || bare(u) == name) {
        return Ok(exact);
    }
    let key = fold(strip_unit_type(name));
    let candidates: Vec<&Unit> = children.iter().filter(|u| fold(&bare(u)) == key).collect();
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => Err("không có đơn vị trực thuộc mang tên này".into()),
        many => Err(format!(
            "tên này ứng với nhiều đơn vị: {}",
            many.iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loosely_written_names_resolve_within_the_parent_and_ambiguity_is_reported() {
        let unit = |id, name: &str| Unit {
            id,
            code: id.to_string(),
            level: domain::UnitLevel::District,
            name: name.into(),
            kind: "Huyện".into(),
            province_code: "80".into(),
            parent_id: Some(1),
            validity: domain::Validity::legacy(),
        };
        let children = [
            unit(2, "Huyện Thạnh Hóa"),
            unit(3, "Huyện Thanh Hòa"),
            unit(4, "Huyện Bến Lức"),
        ];
        assert_eq!(resolve("Bến Lức", &children).map(|u| u.id), Ok(4));
        assert_eq!(resolve("Thạnh Hóa", &children).map(|u| u.id), Ok(2));
        assert!(
            resolve("Thanh Hoa", &children)
                .err()
                .unwrap_or_default()
                .contains("nhiều đơn vị")
        );
        assert!(resolve("Hà Nội", &children).is_err());
    }

    #[test]
    fn percentages_take_the_vietnamese_decimal_comma() {
        assert_eq!(percent(&Cell::Text("35,09".into())), Some(35.09));
        assert_eq!(percent(&Cell::Text("27,92%".into())), Some(27.92));
        assert_eq!(percent(&Cell::Number(100.0)), Some(100.0));
        assert_eq!(percent(&Cell::Text("120".into())), None);
        assert_eq!(percent(&Cell::Text("nhiều".into())), None);
    }
}
