//! Indicators are data, not code: a graduate-based ratio (graduates whose destination is in a set,
//! over the graduates of a level, optionally filtered) or a share of schools holding a flag. The
//! defaults reproduce the seed plans (Long An, Thanh Trì, Kon Rẫy, Lục Ngạn).

use serde::{Deserialize, Serialize};

use crate::destination::Destination;
use crate::level::Level;
use crate::person::Gender;

/// Which graduates (or schools) an indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelScope {
    /// One level.
    Only(Level),
    /// The level the dashboard looks at (school-based indicators are set per level).
    Each,
    /// THCS and THPT graduates together (Kon Rẫy's combined 35 %).
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolFlag {
    /// A career-guidance programme tied to local production, business and services.
    GuidanceProgramme,
    /// A qualified part-time counselling teacher.
    Counsellor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    /// Graduates whose destination is one of these, over all graduates counted.
    GraduateRatio { destinations: Vec<Destination> },
    /// Schools holding the flag, over all schools counted.
    SchoolShare { flag: SchoolFlag },
}

/// Whether the target is a floor (most) or a ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    AtLeast,
    AtMost,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    /// As the plans word it, in Vietnamese.
    pub name: String,
    pub scope: LevelScope,
    pub measure: Measure,
    pub minority_only: bool,
    pub gender: Option<Gender>,
    pub comparison: Comparison,
}

impl Indicator {
    /// Whether the indicator applies to the dashboard of a level.
    pub fn applies_to(&self, level: Level) -> bool {
        match self.scope {
            LevelScope::Only(only) => only == level,
            LevelScope::Each | LevelScope::Both => true,
        }
    }

    /// The levels whose graduates (or schools) are counted when looking at `level`.
    pub fn levels_counted(&self, level: Level) -> Vec<Level> {
        match self.scope {
            LevelScope::Only(only) => vec![only],
            LevelScope::Each => vec![level],
            LevelScope::Both => Level::ALL.to_vec(),
        }
    }
}

/// How a value stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    NoTarget,
    NoData,
}

impl Status {
    pub fn of(value: Option<f64>, target: Option<f64>, comparison: Comparison) -> Status {
        match (value, target) {
            (None, _) => Status::NoData,
            (Some(_), None) => Status::NoTarget,
            // Rates are compared at the precision they are published (two decimals).
            (Some(v), Some(t)) => {
                let (v, t) = ((v * 100.0).round(), (t * 100.0).round());
                let met = match comparison {
                    Comparison::AtLeast => v >= t,
                    Comparison::AtMost => v <= t,
                };
                if met { Status::Met } else { Status::NotMet }
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "Đạt",
            Status::NotMet => "Chưa đạt",
            Status::NoTarget => "Chưa giao chỉ tiêu",
            Status::NoData => "Chưa có số liệu",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::NoTarget => "no_target",
            Status::NoData => "no_data",
        }
    }
}

/// The default indicators of DESIGN §2, worded as the seed plans word them.
pub fn defaults() -> Vec<Indicator> {
    use Destination::*;
    let ratio = |code: &str, name: &str, scope, destinations: Vec<Destination>| Indicator {
        code: code.into(),
        name: name.into(),
        scope,
        measure: Measure::GraduateRatio { destinations },
        minority_only: false,
        gender: None,
        comparison: Comparison::AtLeast,
    };
    let share = |code: &str, name: &str, flag| Indicator {
        code: code.into(),
        name: name.into(),
        scope: LevelScope::Each,
        measure: Measure::SchoolShare { flag },
        minority_only: false,
        gender: None,
        comparison: Comparison::AtLeast,
    };
    vec![
        share(
            "schools_with_programme",
            "Tỷ lệ % trường học có chương trình giáo dục hướng nghiệp gắn với hoạt động sản xuất, kinh doanh, dịch vụ của địa phương",
            SchoolFlag::GuidanceProgramme,
        ),
        share(
            "schools_with_counsellor",
            "Tỷ lệ % trường học có giáo viên kiêm nhiệm làm nhiệm vụ tư vấn hướng nghiệp đáp ứng yêu cầu về chuyên môn, nghiệp vụ",
            SchoolFlag::Counsellor,
        ),
        ratio(
            "thcs_to_vocational",
            "Tỷ lệ % học sinh tốt nghiệp THCS tiếp tục học tập tại các cơ sở giáo dục nghề nghiệp đào tạo trình độ sơ cấp, trung cấp",
            LevelScope::Only(Level::Thcs),
            vec![Elementary, Intermediate, GdtxVocational],
        ),
        ratio(
            "thpt_to_college",
            "Tỷ lệ % học sinh tốt nghiệp THPT tiếp tục học tập tại các cơ sở giáo dục nghề nghiệp đào tạo trình độ cao đẳng",
            LevelScope::Only(Level::Thpt),
            vec![College],
        ),
        ratio(
            "thpt_to_vocational",
            "Tỷ lệ % học sinh tốt nghiệp THPT vào học tại các cơ sở giáo dục nghề nghiệp",
            LevelScope::Only(Level::Thpt),
            vec![Elementary, Intermediate, College],
        ),
        ratio(
            "graduates_to_vocational",
            "Tỷ lệ % học sinh tốt nghiệp THCS, THPT đi học giáo dục nghề nghiệp",
            LevelScope::Both,
            vec![Elementary, Intermediate, GdtxVocational, College],
        ),
        ratio(
            "graduates_to_elementary_intermediate",
            "Tỷ lệ % học sinh tốt nghiệp THCS, THPT học trình độ sơ cấp, trung cấp",
            LevelScope::Both,
            vec![Elementary, Intermediate, GdtxVocational],
        ),
        ratio(
            "thcs_continuing",
            "Tỷ lệ % học sinh tốt nghiệp THCS tiếp tục học THPT, GDTX hoặc giáo dục nghề nghiệp",
            LevelScope::Only(Level::Thcs),
            vec![
                ThptPublic,
                ThptPrivate,
                Gdtx,
                GdtxVocational,
                Intermediate,
                Elementary,
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_carry_the_codes_of_the_contract() {
        let codes: Vec<String> = defaults().into_iter().map(|i| i.code).collect();
        for code in [
            "schools_with_programme",
            "schools_with_counsellor",
            "thcs_to_vocational",
            "thpt_to_college",
            "graduates_to_vocational",
            "graduates_to_elementary_intermediate",
            "thcs_continuing",
        ] {
            assert!(codes.iter().any(|c| c == code), "{code}");
        }
    }

    #[test]
    fn a_rate_meets_its_target_at_the_published_precision() {
        assert_eq!(
            Status::of(Some(27.92), Some(27.92), Comparison::AtLeast),
            Status::Met
        );
        assert_eq!(
            Status::of(Some(27.9149), Some(27.92), Comparison::AtLeast),
            Status::NotMet
        );
        assert_eq!(
            Status::of(Some(27.0), None, Comparison::AtLeast),
            Status::NoTarget
        );
        assert_eq!(
            Status::of(None, Some(10.0), Comparison::AtLeast),
            Status::NoData
        );
    }
}
