//! Long An as it stood in 2023: the legacy province unit with code 80, its fifteen districts and
//! their communes. The code 80 was reused by the new Tây Ninh in 2025, so the province is found
//! by its code together with a day inside the legacy period, never by its code alone.

use anyhow::{Context, bail};
use chrono::NaiveDate;
use domain::UnitLevel;
use domain::text::strip_unit_type;
use store::Unit;

/// The province code of Long An in the legacy tree.
pub(super) const PROVINCE_CODE: &str = "80";

/// The day the demo describes: any day of the legacy tree would do; mid-2023 is a school year
/// the users of the demo recognise.
pub(super) fn snapshot_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 6, 1).unwrap_or_default()
}

/// The province and its tree, districts and communes in code order so that every walk over
/// them, and so every draw from the generator, happens in the same order.
pub(super) struct LongAn<'a> {
    pub province: &'a Unit,
    pub districts: Vec<District<'a>>,
}

pub(super) struct District<'a> {
    pub unit: &'a Unit,
    pub communes: Vec<&'a Unit>,
}

impl<'a> LongAn<'a> {
    /// Picks Long An out of the whole unit reference.
    pub fn find(units: &'a [Unit]) -> anyhow::Result<Self> {
        let day = snapshot_day();
        let valid = |unit: &&Unit| unit.validity.contains(day);
        let province = units
            .iter()
            .filter(valid)
            .find(|u| u.level == UnitLevel::Province && u.code == PROVINCE_CODE)
            .context(
                "không có tỉnh Long An (mã 80, năm 2023): hãy nạp danh mục đơn vị hành chính trước",
            )?;
        let children_of = |parent: &Unit| {
            let mut children: Vec<&Unit> = units
                .iter()
                .filter(valid)
                .filter(|u| u.parent_id == Some(parent.id))
                .collect();
            children.sort_by(|a, b| a.code.cmp(&b.code));
            children
        };
        let districts: Vec<District> = children_of(province)
            .into_iter()
            .map(|unit| District {
                unit,
                communes: children_of(unit),
            })
            .collect();
        if districts.is_empty() || districts.iter().any(|d| d.communes.is_empty()) {
            bail!("danh mục đơn vị hành chính của tỉnh Long An (2023) không đầy đủ");
        }
        Ok(LongAn {
            province,
            districts,
        })
    }

    /// The district with this full name, e.g. "Huyện Bến Lức".
    pub fn district(&self, name: &str) -> anyhow::Result<&District<'a>> {
        self.districts
            .iter()
            .find(|d| d.unit.name == name)
            .with_context(|| format!("không có {name} trong tỉnh Long An (2023)"))
    }

    /// Every commune of the province, district by district.
    pub fn communes(&self) -> impl Iterator<Item = (&District<'a>, &'a Unit)> {
        self.districts
            .iter()
            .flat_map(|d| d.communes.iter().map(move |c| (d, *c)))
    }
}

impl<'a> District<'a> {
    pub fn code(&self) -> &'a str {
        &self.unit.code
    }

    /// "Huyện Bến Lức" → "Bến Lức", as people name the district in school names.
    pub fn short_name(&self) -> &'a str {
        strip_unit_type(&self.unit.name)
    }

    /// Where the district's offices stand: Phường 1 of a city or town, otherwise its first
    /// township (the list gives the seat first: Hậu Nghĩa before Hiệp Hòa and Đức Hòa).
    pub fn seat(&self) -> &'a Unit {
        self.communes
            .iter()
            .find(|c| c.name == "Phường 1")
            .or_else(|| self.communes.iter().find(|c| c.kind == "Thị trấn"))
            .or(self.communes.first())
            .copied()
            .unwrap_or(self.unit)
    }

    /// Wards and townships: where upper-secondary schools and private schools gather.
    pub fn urban_communes(&self) -> Vec<&'a Unit> {
        let urban: Vec<&Unit> = self
            .communes
            .iter()
            .filter(|c| is_urban(c))
            .copied()
            .collect();
        if urban.is_empty() {
            vec![self.seat()]
        } else {
            urban
        }
    }

    /// The commune with this full name ("Xã Lương Hòa"); the full name, because a district may
    /// hold a township and a commune of the same name (Thị trấn and Xã Hiệp Hòa).
    pub fn commune(&self, name: &str) -> anyhow::Result<&'a Unit> {
        self.communes
            .iter()
            .find(|c| c.name == name)
            .copied()
            .with_context(|| format!("không có {name} trong {}", self.unit.name))
    }

    /// The postal form used in the lists of the Sở GD&ĐT.
    pub fn address(&self, commune: &Unit) -> String {
        format!("{}, {}, Tỉnh Long An", commune.name, self.unit.name)
    }
}

pub(super) fn is_urban(commune: &Unit) -> bool {
    commune.kind == "Phường" || commune.kind == "Thị trấn"
}
