//! The national reference data shipped in the binary: both structures of administrative units
//! (the three-tier tree until 2025-06-30, the two-tier tree from 2025-07-01) and the succession
//! between them. Source and licence: `reference/admin-units/README.md` and `LICENSE`.

use std::collections::HashMap;

use domain::{SuccessionKind, UnitLevel, Validity};
use store::{Succession, Unit, UnitPlan};

const UNITS_LEGACY: &str = include_str!("../reference/admin-units/units-legacy.csv");
const UNITS_2025: &str = include_str!("../reference/admin-units/units-2025.csv");
const PROVINCE_SUCCESSION: &str =
    include_str!("../reference/admin-units/province-succession-2025.csv");
const COMMUNE_SUCCESSION: &str =
    include_str!("../reference/admin-units/commune-succession-2025.csv");

/// Builds the plan that loads the whole national reference, numbering units from `first_id`.
pub fn national_plan(first_id: i64) -> Result<UnitPlan, String> {
    let mut builder = PlanBuilder {
        next_id: first_id,
        plan: UnitPlan::default(),
    };
    let legacy = builder.legacy_tree()?;
    let reformed = builder.reformed_tree()?;
    builder.successions(&legacy, &reformed)?;
    Ok(builder.plan)
}

/// Codes of one era's units, by level, to their assigned ids.
#[derive(Default)]
struct EraIds {
    provinces: HashMap<String, i64>,
    communes: HashMap<String, i64>,
}

struct PlanBuilder {
    next_id: i64,
    plan: UnitPlan,
}

impl PlanBuilder {
    /// Adds a unit named by (code, name, type word) and returns its id.
    fn add(
        &mut self,
        (code, name, kind): (&str, &str, &str),
        level: UnitLevel,
        province_code: &str,
        parent_id: Option<i64>,
        validity: Validity,
    ) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.plan.units.push(Unit {
            id,
            code: code.to_string(),
            level,
            name: name.to_string(),
            kind: kind.to_string(),
            province_code: province_code.to_string(),
            parent_id,
            validity,
        });
        id
    }

    fn legacy_tree(&mut self) -> Result<EraIds, String> {
        let mut ids = EraIds::default();
        let mut districts: HashMap<String, i64> = HashMap::new();
        for record in records(UNITS_LEGACY)? {
            let [
                province_code,
                province_name,
                district_code,
                district_name,
                district_type,
                commune_code,
                commune_name,
                commune_type,
            ] = record.as_slice()
            else {
                return Err(format!("units-legacy.csv: dòng sai số cột: {record:?}"));
            };
            let province_id = match ids.provinces.get(province_code) {
                Some(id) => *id,
                None => {
                    let id = self.add(
                        (province_code, province_name, province_kind(province_name)),
                        UnitLevel::Province,
                        province_code,
                        None,
                        Validity::legacy(),
                    );
                    ids.provinces.insert(province_code.clone(), id);
                    id
                }
            };
            let district_id = match districts.get(district_code) {
                Some(id) => *id,
                None => {
                    let id = self.add(
                        (district_code, district_name, district_type),
                        UnitLevel::District,
                        province_code,
                        Some(province_id),
                        Validity::legacy(),
                    );
                    districts.insert(district_code.clone(), id);
                    id
                }
            };
            // Island districts have no communes; their row carries the district only.
            if !commune_code.is_empty() {
                let id = self.add(
                    (commune_code, commune_name, commune_type),
                    UnitLevel::Commune,
                    province_code,
                    Some(district_id),
                    Validity::legacy(),
                );
                ids.communes.insert(commune_code.clone(), id);
            }
        }
        Ok(ids)
    }

    fn reformed_tree(&mut self) -> Result<EraIds, String> {
        let mut ids = EraIds::default();
        for record in records(UNITS_2025)? {
            let [
                province_code,
                province_name,
                commune_code,
                commune_name,
                commune_type,
            ] = record.as_slice()
            else {
                return Err(format!("units-2025.csv: dòng sai số cột: {record:?}"));
            };
            let province_id = match ids.provinces.get(province_code) {
                Some(id) => *id,
                None => {
                    let id = self.add(
                        (province_code, province_name, province_kind(province_name)),
                        UnitLevel::Province,
                        province_code,
                        None,
                        Validity::reformed(),
                    );
                    ids.provinces.insert(province_code.clone(), id);
                    id
                }
            };
            let id = self.add(
                (commune_code, commune_name, commune_type),
                UnitLevel::Commune,
                province_code,
                Some(province_id),
                Validity::reformed(),
            );
            ids.communes.insert(commune_code.clone(), id);
        }
        Ok(ids)
    }

    fn successions(&mut self, legacy: &EraIds, reformed: &EraIds) -> Result<(), String> {
        for record in records(PROVINCE_SUCCESSION)? {
            let [old, _, new, _] = record.as_slice() else {
                return Err(format!(
                    "province-succession-2025.csv: dòng sai số cột: {record:?}"
                ));
            };
            let (Some(old_id), Some(new_id)) =
                (legacy.provinces.get(old), reformed.provinces.get(new))
            else {
                return Err(format!(
                    "province-succession-2025.csv: không có tỉnh {old} hoặc {new}"
                ));
            };
            self.plan.successions.push(Succession {
                old_unit_id: *old_id,
                new_unit_id: *new_id,
                kind: SuccessionKind::Whole,
            });
        }
        for record in records(COMMUNE_SUCCESSION)? {
            let [old, new, kind] = record.as_slice() else {
                return Err(format!(
                    "commune-succession-2025.csv: dòng sai số cột: {record:?}"
                ));
            };
            let kind = SuccessionKind::parse(kind)
                .ok_or_else(|| format!("commune-succession-2025.csv: kiểu kế thừa lạ {kind}"))?;
            let (Some(old_id), Some(new_id)) =
                (legacy.communes.get(old), reformed.communes.get(new))
            else {
                return Err(format!(
                    "commune-succession-2025.csv: không có xã {old} hoặc {new}"
                ));
            };
            self.plan.successions.push(Succession {
                old_unit_id: *old_id,
                new_unit_id: *new_id,
                kind,
            });
        }
        Ok(())
    }
}

fn province_kind(name: &str) -> &'static str {
    if name.starts_with("Thành phố") {
        "Thành phố"
    } else {
        "Tỉnh"
    }
}

fn records(text: &str) -> Result<Vec<Vec<String>>, String> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.map(|record| record.iter().map(domain::text::clean).collect())
                .map_err(|e| format!("dữ liệu tham chiếu hỏng: {e}"))
        })
        .collect()
}

/// Loads the national reference into a store that has no units yet; returns whether it did.
/// Done on first use, so every installation starts with the real administrative tree.
pub async fn ensure_loaded(store: &dyn store::Store) -> Result<bool, String> {
    if store.unit_count().await.map_err(|e| e.to_string())? > 0 {
        return Ok(false);
    }
    let plan = national_plan(1)?;
    store
        .apply_units(&plan)
        .await
        .map_err(|e| format!("không nạp được danh mục đơn vị hành chính: {e}"))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_plan_holds_both_structures_and_their_succession() {
        let plan = national_plan(1).unwrap_or_default();
        let count = |level: UnitLevel, validity: Validity| {
            plan.units
                .iter()
                .filter(|u| u.level == level && u.validity == validity)
                .count()
        };
        assert_eq!(count(UnitLevel::Province, Validity::legacy()), 63);
        assert_eq!(count(UnitLevel::District, Validity::legacy()), 696);
        assert_eq!(count(UnitLevel::Province, Validity::reformed()), 34);
        assert_eq!(count(UnitLevel::Commune, Validity::reformed()), 3321);
        assert_eq!(plan.successions.len(), 63 + 10_597);
    }

    #[test]
    fn long_an_had_fifteen_districts_and_code_80_is_reused_by_tay_ninh() {
        let plan = national_plan(1).unwrap_or_default();
        let long_an = plan
            .units
            .iter()
            .find(|u| u.code == "80" && u.validity == Validity::legacy());
        let tay_ninh = plan
            .units
            .iter()
            .find(|u| u.code == "80" && u.validity == Validity::reformed());
        assert_eq!(long_an.map(|u| u.name.as_str()), Some("Tỉnh Long An"));
        assert_eq!(tay_ninh.map(|u| u.name.as_str()), Some("Tỉnh Tây Ninh"));
        let long_an_id = long_an.map(|u| u.id);
        let districts = plan
            .units
            .iter()
            .filter(|u| u.parent_id == long_an_id)
            .count();
        assert_eq!(districts, 15);
    }
}
