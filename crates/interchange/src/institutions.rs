//! `import schools`: institutions from a table with one row per institution, matched by code.
//! The commune is given by its code; the managing unit defaults to the commune's district (or
//! its province after the 2025 reform). Nothing is written unless every row is valid.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::limits;
use domain::{InstitutionKind, Ownership, UnitLevel};
use store::{NewInstitution, Unit};

use crate::errors::{ImportError, ImportFailure, Said, over_limit};
use crate::table::Table;

const CODE: &[&str] = &["Mã trường", "Mã cơ sở", "Mã", "Mã đơn vị"];
const NAME: &[&str] = &["Tên trường", "Tên cơ sở", "Tên", "Tên đơn vị"];
const KIND: &[&str] = &["Loại trường", "Loại cơ sở", "Loại", "Cấp học"];
const OWNERSHIP: &[&str] = &["Loại hình", "Công lập/Ngoài công lập"];
const COMMUNE: &[&str] = &["Mã xã", "Mã xã/phường", "Mã xã, phường, thị trấn"];
const MANAGER: &[&str] = &["Mã đơn vị quản lý", "Đơn vị quản lý"];
const ADDRESS: &[&str] = &["Địa chỉ"];
const PHONE: &[&str] = &["Điện thoại", "Số điện thoại"];
const EMAIL: &[&str] = &["Email", "Thư điện tử"];

pub const COLUMNS: &[&[&str]] = &[
    CODE, NAME, KIND, OWNERSHIP, COMMUNE, MANAGER, ADDRESS, PHONE, EMAIL,
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstitutionSummary {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unknown_columns: Vec<String>,
}

/// Checks every row and plans the writes. Unit codes are resolved on `on` (a commune code that
/// no longer exists then is taken in its last version, so old lists still import).
pub fn plan(
    table: &Table,
    units: &[Unit],
    existing_codes: &[String],
    on: NaiveDate,
) -> Result<(Vec<NewInstitution>, InstitutionSummary), ImportFailure> {
    let mut errors = Vec::new();
    let col = |aliases: &[&str]| table.column(aliases);
    for aliases in [CODE, NAME, KIND, COMMUNE] {
        if col(aliases).is_none() {
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
    let by_id: HashMap<i64, &Unit> = units.iter().map(|u| (u.id, u)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut planned = Vec::new();
    for row in &table.rows {
        let code = row.text(col(CODE));
        let name = row.text(col(NAME));
        let kind_text = row.text(col(KIND));
        let ownership_text = row.text(col(OWNERSHIP));
        let commune_code = row.text(col(COMMUNE));
        let manager_code = row.text(col(MANAGER));
        let (address, phone, email) = (
            row.text(col(ADDRESS)),
            row.text(col(PHONE)),
            row.text(col(EMAIL)),
        );
        let before = errors.len();
        errors.extend(
            [
                over_limit(row.number, NAME[0], &name, limits::INSTITUTION_NAME),
                over_limit(
                    row.number,
                    ADDRESS[0],
                    &address,
                    limits::INSTITUTION_ADDRESS,
                ),
                over_limit(row.number, PHONE[0], &phone, limits::INSTITUTION_PHONE),
                over_limit(row.number, EMAIL[0], &email, limits::INSTITUTION_EMAIL),
            ]
            .into_iter()
            .flatten(),
        );
        if code.is_empty()
            || code.len() > 20
            || !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.push(ImportError::new(
                row.number,
                CODE[0],
                &code,
                Said::vi_only("mã cơ sở phải có 1-20 chữ cái, chữ số, - hoặc _"),
            ));
        } else if let Some(first) = seen.insert(code.clone(), row.number) {
            errors.push(ImportError::new(
                row.number,
                CODE[0],
                &code,
                Said::vi_only(format!("trùng mã với dòng {first}")),
            ));
        }
        if name.is_empty() {
            errors.push(ImportError::new(
                row.number,
                NAME[0],
                "",
                Said::vi_only("thiếu tên cơ sở"),
            ));
        }
        let kind = InstitutionKind::parse(&kind_text);
        if kind.is_none() {
            errors.push(ImportError::new(
                row.number,
                KIND[0],
                &kind_text,
                Said::vi_only("loại cơ sở không hợp lệ (THCS, THPT, TH&THCS, THCS&THPT, PT DTNT, Trung tâm GDNN-GDTX, Trường trung cấp, Trường cao đẳng, Đại học, Doanh nghiệp)"),
            ));
        }
        let ownership = if ownership_text.is_empty() {
            Some(Ownership::Public)
        } else {
            Ownership::parse(&ownership_text)
        };
        if ownership.is_none() {
            errors.push(ImportError::new(
                row.number,
                OWNERSHIP[0],
                &ownership_text,
                Said::vi_only("loại hình phải là Công lập hoặc Ngoài công lập"),
            ));
        }
        let commune = resolve(units, &commune_code, on).filter(|u| u.level == UnitLevel::Commune);
        if commune.is_none() {
            errors.push(ImportError::new(
                row.number,
                COMMUNE[0],
                &commune_code,
                Said::vi_only("không có xã, phường, thị trấn mang mã này"),
            ));
        }
        let manager = if manager_code.is_empty() {
            commune
                .and_then(|c| c.parent_id)
                .and_then(|id| by_id.get(&id).copied())
        } else {
            let found = resolve(units, &manager_code, on);
            if found.is_none() {
                errors.push(ImportError::new(
                    row.number,
                    MANAGER[0],
                    &manager_code,
                    Said::vi_only("không có đơn vị hành chính mang mã này"),
                ));
            }
            found
        };
        if errors.len() > before {
            continue;
        }
        if let (Some(kind), Some(ownership), Some(commune), Some(manager)) =
            (kind, ownership, commune, manager)
        {
            planned.push(NewInstitution {
                code,
                kind,
                ownership,
                name,
                address,
                phone,
                email,
                province_code: commune.province_code.clone(),
                commune_unit_id: commune.id,
                managing_unit_id: manager.id,
            });
        }
    }
    if !errors.is_empty() {
        return Err(ImportFailure {
            file: table.file.clone(),
            errors,
        });
    }
    let added = planned
        .iter()
        .filter(|i| !existing_codes.contains(&i.code))
        .count();
    let summary = InstitutionSummary {
        rows: planned.len(),
        added,
        updated: planned.len() - added,
        unknown_columns: table.unknown_columns(COLUMNS),
    };
    Ok((planned, summary))
}

/// The version of a unit code valid on `on`, else its most recent version.
fn resolve<'a>(units: &'a [Unit], code: &str, on: NaiveDate) -> Option<&'a Unit> {
    let versions = units.iter().filter(|u| u.code == code);
    versions
        .clone()
        .find(|u| u.validity.contains(on))
        .or_else(|| versions.max_by_key(|u| u.validity.from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    #[test]
    fn an_over_long_name_or_address_is_refused_with_its_row_and_column() {
        let commune = Unit {
            id: 7,
            code: "27991".into(),
            level: UnitLevel::Commune,
            name: "Thị trấn Bến Lức".into(),
            kind: "Thị trấn".into(),
            province_code: "80".into(),
            parent_id: Some(3),
            validity: domain::Validity::legacy(),
        };
        let text = |t: &str| Cell::Text(t.into());
        let grid = vec![
            ["Mã trường", "Tên trường", "Loại trường", "Mã xã", "Địa chỉ"]
                .map(text)
                .to_vec(),
            ["T1", "Trường THCS A", "THCS", "27991", "Khu phố 1"]
                .map(text)
                .to_vec(),
            vec![
                text("T2"),
                text(&"B".repeat(201)),
                text("THCS"),
                text("27991"),
                text(&"C".repeat(301)),
            ],
        ];
        let table = Table::from_grid("truong.csv".into(), grid, COLUMNS).map_err(|e| e.to_string());
        let Ok(table) = table else {
            unreachable!("{table:?}")
        };
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let refused = plan(&table, &[commune], &[], day).err().map(|f| f.lines());
        assert_eq!(
            refused,
            Some(vec![
                "truong.csv, dòng 3, cột \"Tên trường\" (“".to_string()
                    + &"B".repeat(200)
                    + "…”): Tên cơ sở quá dài (201 ký tự) — tối đa 200 ký tự",
                "truong.csv, dòng 3, cột \"Địa chỉ\" (“".to_string()
                    + &"C".repeat(200)
                    + "…”): Địa chỉ quá dài (301 ký tự) — tối đa 300 ký tự",
            ])
        );
    }
}
