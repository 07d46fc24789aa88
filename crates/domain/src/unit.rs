//! Administrative units and their validity: the three-tier tree in force until 2025-06-30 and the
//! two-tier tree from 2025-07-01. Codes were reused across the reform (the new Tây Ninh carries
//! 80, Long An's old code), so a unit is its code together with its period of validity.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The tier of a unit in the tree of its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    District,
    Commune,
}

impl UnitLevel {
    pub fn code(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::District => "district",
            UnitLevel::Commune => "commune",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "province" => Some(UnitLevel::Province),
            "district" => Some(UnitLevel::District),
            "commune" => Some(UnitLevel::Commune),
            _ => None,
        }
    }

    /// The level a child of this level has in a tree of the given era.
    pub fn child_level(self, two_tier: bool) -> Option<UnitLevel> {
        match (self, two_tier) {
            (UnitLevel::Province, true) => Some(UnitLevel::Commune),
            (UnitLevel::Province, false) => Some(UnitLevel::District),
            (UnitLevel::District, _) => Some(UnitLevel::Commune),
            (UnitLevel::Commune, _) => None,
        }
    }
}

/// The first day of the two-tier structure (Resolution 202/2025/QH15).
pub fn reform_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
}

/// The last day of the three-tier structure.
pub fn last_legacy_date() -> NaiveDate {
    reform_date().pred_opt().unwrap_or_default()
}

/// A period of validity, both ends inclusive; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Validity {
    /// The legacy tree: valid until the day before the reform.
    pub fn legacy() -> Self {
        Validity {
            from: None,
            to: Some(last_legacy_date()),
        }
    }

    /// The two-tier tree: valid from the reform on.
    pub fn reformed() -> Self {
        Validity {
            from: Some(reform_date()),
            to: None,
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= day) && self.to.is_none_or(|to| day <= to)
    }

    pub fn overlaps(&self, other: &Validity) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }
}

/// How an old unit went into a new one at a reform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuccessionKind {
    /// The old unit went wholly into the new one.
    Whole,
    /// The old unit was split; this is one of its parts.
    Part,
    /// The old unit was split; this part holds most of it (figures are carried here).
    PartDefault,
}

impl SuccessionKind {
    pub fn code(self) -> &'static str {
        match self {
            SuccessionKind::Whole => "whole",
            SuccessionKind::Part => "part",
            SuccessionKind::PartDefault => "part-default",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "whole" => Some(SuccessionKind::Whole),
            "part" => Some(SuccessionKind::Part),
            "part-default" => Some(SuccessionKind::PartDefault),
            _ => None,
        }
    }

    /// Whether the figures of the old unit are carried into the new one.
    pub fn carries_figures(self) -> bool {
        !matches!(self, SuccessionKind::Part)
    }
}

/// A unit code as written in the official lists: 2 digits for a province, 3 for a legacy
/// district, 5 for a commune.
pub fn is_valid_code(code: &str) -> bool {
    matches!(code.len(), 2 | 3 | 5) && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn legacy_tree_ends_the_day_before_the_reform() {
        assert!(Validity::legacy().contains(day(2025, 6, 30)));
        assert!(!Validity::legacy().contains(day(2025, 7, 1)));
        assert!(Validity::reformed().contains(day(2025, 7, 1)));
        assert!(!Validity::legacy().overlaps(&Validity::reformed()));
    }

    #[test]
    fn open_periods_overlap_everything_they_reach() {
        let open = Validity {
            from: None,
            to: None,
        };
        assert!(open.overlaps(&Validity::legacy()));
        assert!(open.overlaps(&Validity::reformed()));
    }

    #[test]
    fn codes_have_two_three_or_five_digits() {
        assert!(is_valid_code("80"));
        assert!(is_valid_code("800"));
        assert!(is_valid_code("27694"));
        assert!(!is_valid_code("8O"));
        assert!(!is_valid_code("8000"));
    }

    #[test]
    fn only_the_minor_parts_of_a_split_do_not_carry_figures() {
        assert!(SuccessionKind::Whole.carries_figures());
        assert!(SuccessionKind::PartDefault.carries_figures());
        assert!(!SuccessionKind::Part.carries_figures());
    }
}
