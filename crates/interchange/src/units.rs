//! `import units`: corrections to the administrative tree and future reforms, from a table with
//! one row per unit version. A row whose code and start date match a stored version corrects it;
//! any other row adds a version. Nothing is written unless every row is valid.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::limits;
use domain::text::fold;
use domain::unit::is_valid_code;
use domain::{SuccessionKind, UnitLevel, Validity};
use store::{Succession, Unit, UnitPlan};

use crate::errors::{ImportError, ImportFailure, Said, over_limit};
use crate::table::Table;

const CODE: &[&str] = &["Mã", "Mã đơn vị", "Mã ĐVHC"];
const NAME: &[&str] = &["Tên", "Tên đơn vị", "Tên ĐVHC"];
const LEVEL: &[&str] = &["Cấp", "Cấp hành chính"];
const KIND: &[&str] = &["Loại", "Loại đơn vị"];
const PARENT: &[&str] = &["Mã cấp trên", "Mã đơn vị cấp trên"];
const FROM: &[&str] = &["Hiệu lực từ", "Từ ngày"];
const TO: &[&str] = &["Hiệu lực đến", "Đến ngày"];
const PREDECESSORS: &[&str] = &["Kế thừa từ", "Mã đơn vị cũ"];

pub const COLUMNS: &[&[&str]] = &[CODE, NAME, LEVEL, KIND, PARENT, FROM, TO, PREDECESSORS];

/// What an import did or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitSummary {
    pub added: usize,
    pub corrected: usize,
    pub unchanged: usize,
    pub successions: usize,
    pub unknown_columns: Vec<String>,
}

struct Parsed {
    row: usize,
    code: String,
    name: String,
    level: UnitLevel,
    kind: String,
    parent_code: String,
    validity: Validity,
    predecessors: Vec<(String, SuccessionKind)>,
}

/// Checks every row against the file and the stored units, and plans the writes.
pub fn plan(table: &Table, existing: &[Unit]) -> Result<(UnitPlan, UnitSummary), ImportFailure> {
    let mut errors = Vec::new();
    let col = |aliases: &[&str]| table.column(aliases);
    let (code_col, name_col, level_col, parent_col) =
        (col(CODE), col(NAME), col(LEVEL), col(PARENT));
    for (aliases, found) in [(CODE, code_col), (NAME, name_col), (LEVEL, level_col)] {
        if found.is_none() {
            errors.push(ImportError::new(
                0,
                aliases[0],
                "",
                Said::vi_only("thiếu cột bắt buộc"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ImportFailure {
            file: table.file.clone(),
            errors,
        });
    }

    let mut parsed = Vec::new();
    for row in &table.rows {
        let code = row.text(code_col);
        let name = row.text(name_col);
        let level_text = row.text(level_col);
        let mut ok = true;
        if !is_valid_code(&code) {
            errors.push(ImportError::new(
                row.number,
                CODE[0],
                &code,
                Said::vi_only("mã đơn vị phải gồm 2, 3 hoặc 5 chữ số"),
            ));
            ok = false;
        }
        if name.is_empty() {
            errors.push(ImportError::new(
                row.number,
                NAME[0],
                "",
                Said::vi_only("thiếu tên đơn vị"),
            ));
            ok = false;
        }
        let kind_text = row.text(col(KIND));
        let too_long = [
            over_limit(row.number, NAME[0], &name, limits::UNIT_NAME),
            over_limit(row.number, KIND[0], &kind_text, limits::UNIT_KIND),
        ];
        for error in too_long.into_iter().flatten() {
            errors.push(error);
            ok = false;
        }
        let level = parse_level(&level_text);
        if level.is_none() {
            errors.push(ImportError::new(
                row.number,
                LEVEL[0],
                &level_text,
                Said::vi_only("cấp phải là tỉnh, huyện hoặc xã"),
            ));
            ok = false;
        }
        let mut dates = [None, None];
        for (slot, aliases) in dates.iter_mut().zip([FROM, TO]) {
            let column = col(aliases);
            let cell = row.cell(column);
            if !cell.text().trim().is_empty() {
                match cell.date() {
                    Some(day) => *slot = Some(day),
                    None => {
                        errors.push(ImportError::new(
                            row.number,
                            aliases[0],
                            &cell.text(),
                            Said::vi_only("ngày phải viết dạng dd/mm/yyyy"),
                        ));
                        ok = false;
                    }
                }
            }
        }
        let validity = Validity {
            from: dates[0],
            to: dates[1],
        };
        if let (Some(from), Some(to)) = (validity.from, validity.to)
            && from > to
        {
            errors.push(ImportError::new(
                row.number,
                TO[0],
                &row.text(col(TO)),
                Said::vi_only("ngày hết hiệu lực trước ngày bắt đầu"),
            ));
            ok = false;
        }
        let parent_code = row.text(parent_col);
        if level.is_some_and(|l| l != UnitLevel::Province) && parent_code.is_empty() {
            errors.push(ImportError::new(
                row.number,
                PARENT[0],
                "",
                Said::vi_only("đơn vị cấp huyện, xã phải có mã cấp trên"),
            ));
            ok = false;
        }
        let predecessors = parse_predecessors(&row.text(col(PREDECESSORS)));
        if let Err(bad) = &predecessors {
            errors.push(ImportError::new(
                row.number,
                PREDECESSORS[0],
                bad,
                Said::vi_only("mã đơn vị cũ không hợp lệ"),
            ));
            ok = false;
        }
        if let (true, Some(level), Ok(predecessors)) = (ok, level, predecessors) {
            let kind = match kind_text {
                k if k.is_empty() => kind_from_name(&name).to_string(),
                k => k,
            };
            parsed.push(Parsed {
                row: row.number,
                code,
                name,
                level,
                kind,
                parent_code,
                validity,
                predecessors,
            });
        }
    }

    // The same code twice in the file over overlapping periods.
    for (i, a) in parsed.iter().enumerate() {
        if let Some(b) = parsed[..i]
            .iter()
            .find(|b| b.code == a.code && b.validity.overlaps(&a.validity))
        {
            errors.push(ImportError::new(
                a.row,
                CODE[0],
                &a.code,
                Said::vi_only(format!(
                    "trùng mã với dòng {} trong cùng thời gian hiệu lực",
                    b.row
                )),
            ));
        }
    }

    let mut next_id = existing.iter().map(|u| u.id).max().unwrap_or(0) + 1;
    let mut summary = UnitSummary {
        unknown_columns: table.unknown_columns(COLUMNS),
        ..Default::default()
    };
    let mut planned: Vec<(usize, Unit)> = Vec::new();
    for p in &parsed {
        let same_version = existing
            .iter()
            .find(|u| u.code == p.code && u.validity.from == p.validity.from);
        if let Some(clash) = existing.iter().find(|u| {
            u.code == p.code
                && u.validity.from != p.validity.from
                && u.validity.overlaps(&p.validity)
        }) {
            errors.push(ImportError::new(
                p.row,
                CODE[0],
                &p.code,
                Said::vi_only(format!(
                    "đã có {} mang mã này trong cùng thời gian hiệu lực",
                    clash.name
                )),
            ));
            continue;
        }
        let id = same_version.map(|u| u.id).unwrap_or_else(|| {
            next_id += 1;
            next_id - 1
        });
        planned.push((
            p.row,
            Unit {
                id,
                code: p.code.clone(),
                level: p.level,
                name: p.name.clone(),
                kind: p.kind.clone(),
                province_code: String::new(),
                parent_id: None,
                validity: p.validity,
            },
        ));
    }

    // Parents: a unit of the tier above, valid when the child begins, from the file or the store.
    let lookup: Vec<Unit> = planned
        .iter()
        .map(|(_, u)| u.clone())
        .chain(existing.iter().cloned())
        .collect();
    let resolved: HashMap<usize, (Option<i64>, String)> = parsed
        .iter()
        .filter_map(|p| {
            if p.level == UnitLevel::Province {
                return Some((p.row, (None, p.code.clone())));
            }
            let parent = find_version(&lookup, &p.parent_code, p.validity.from)
                .filter(|u| u.level != UnitLevel::Commune);
            match parent {
                Some(parent) => Some((p.row, (Some(parent.id), parent.province_code.clone()))),
                None => {
                    errors.push(ImportError::new(
                        p.row,
                        PARENT[0],
                        &p.parent_code,
                        Said::vi_only(
                            "không có đơn vị cấp trên mang mã này trong thời gian hiệu lực",
                        ),
                    ));
                    None
                }
            }
        })
        .collect();

    let mut plan = UnitPlan::default();
    for (row, mut unit) in planned {
        let Some((parent_id, province_code)) = resolved.get(&row) else {
            continue;
        };
        unit.parent_id = *parent_id;
        // A district's province code comes from its parent; a province's from the planned parent
        // of the same file when the province is itself new.
        unit.province_code = if province_code.is_empty() {
            lookup
                .iter()
                .find(|u| Some(u.id) == *parent_id)
                .map(|u| u.code.clone())
                .unwrap_or_default()
        } else {
            province_code.clone()
        };
        match existing.iter().find(|u| u.id == unit.id) {
            Some(old) if *old == unit => summary.unchanged += 1,
            Some(_) => summary.corrected += 1,
            None => summary.added += 1,
        }
        plan.units.push(unit);
    }

    for p in &parsed {
        let Some(new_unit) = plan
            .units
            .iter()
            .find(|u| u.code == p.code && u.validity == p.validity)
        else {
            continue;
        };
        for (old_code, kind) in &p.predecessors {
            let before = p.validity.from.and_then(|d| d.pred_opt());
            match find_version(&lookup, old_code, before) {
                Some(old) => plan.successions.push(Succession {
                    old_unit_id: old.id,
                    new_unit_id: new_unit.id,
                    kind: *kind,
                }),
                None => errors.push(ImportError::new(
                    p.row,
                    PREDECESSORS[0],
                    old_code,
                    Said::vi_only("không có đơn vị cũ mang mã này trước ngày bắt đầu hiệu lực"),
                )),
            }
        }
    }
    summary.successions = plan.successions.len();

    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(ImportFailure {
            file: table.file.clone(),
            errors,
        });
    }
    // Parents before children, so foreign keys hold at every insert.
    plan.units.sort_by_key(|u| match u.level {
        UnitLevel::Province => 0,
        UnitLevel::District => 1,
        UnitLevel::Commune => 2,
    });
    Ok((plan, summary))
}

/// The version of `code` valid on `day` (the latest when the day is open).
fn find_version<'a>(units: &'a [Unit], code: &str, day: Option<NaiveDate>) -> Option<&'a Unit> {
    let mut candidates = units.iter().filter(|u| u.code == code);
    match day {
        Some(day) => candidates.find(|u| u.validity.contains(day)),
        None => candidates.find(|u| u.validity.from.is_none()),
    }
}

fn parse_level(text: &str) -> Option<UnitLevel> {
    match fold(text).as_str() {
        "tinh" | "province" | "cap tinh" => Some(UnitLevel::Province),
        "huyen" | "district" | "cap huyen" => Some(UnitLevel::District),
        "xa" | "commune" | "cap xa" => Some(UnitLevel::Commune),
        _ => None,
    }
}

fn kind_from_name(name: &str) -> &str {
    let stripped = domain::text::strip_unit_type(name);
    name.strip_suffix(stripped)
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .unwrap_or("Xã")
}

/// "00001; 00004 (một phần)" → [(00001, whole), (00004, part)].
fn parse_predecessors(text: &str) -> Result<Vec<(String, SuccessionKind)>, String> {
    text.split([';', ','])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (code, kind) = match item.split_once('(') {
                Some((code, note)) if fold(note).contains("mot phan") => {
                    (code.trim(), SuccessionKind::Part)
                }
                Some((code, _)) => (code.trim(), SuccessionKind::Whole),
                None => (item, SuccessionKind::Whole),
            };
            if is_valid_code(code) {
                Ok((code.to_string(), kind))
            } else {
                Err(item.to_string())
            }
        })
        .collect()
}
