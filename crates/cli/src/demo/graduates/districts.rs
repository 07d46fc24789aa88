//! What a district of Long An is like for its graduates: growing or shrinking cohorts, the share
//! of THCS graduates it undertook to send to vocational training in 2023, and its exam results.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::demo::province::District;

/// The industrial districts along the roads to Hồ Chí Minh City (Đức Hòa, Bến Lức, Cần Giuộc),
/// where families have moved in and cohorts grow.
pub(super) const INDUSTRIAL: [&str; 3] = ["802", "803", "807"];
/// The Đồng Tháp Mười plain, whose cohorts shrink as families leave for the factories.
const PLAIN: [&str; 6] = ["795", "796", "797", "798", "799", "800"];

/// The share of THCS graduates each district undertook to send to vocational training (9+,
/// intermediate, elementary) in 2023, in percent: the targets of Kế hoạch 568/KH-UBND of
/// 7 March 2023 of the province (27.92 % for the province).
pub(super) const VOCATIONAL_TARGETS_2023: [(&str, f64); 15] = [
    ("Tân An", 35.09),
    ("Châu Thành", 32.98),
    ("Tân Trụ", 27.50),
    ("Thủ Thừa", 20.00),
    ("Bến Lức", 32.01),
    ("Cần Đước", 10.01),
    ("Cần Giuộc", 27.03),
    ("Đức Hòa", 37.87),
    ("Đức Huệ", 27.04),
    ("Thạnh Hóa", 23.20),
    ("Tân Thạnh", 32.86),
    ("Mộc Hóa", 28.16),
    ("Kiến Tường", 29.81),
    ("Vĩnh Hưng", 17.47),
    ("Tân Hưng", 29.09),
];

/// How far a district's share of 2023 lands from its target, in percentage points, either way:
/// some districts meet their targets and some miss them, as dashboards should show.
pub(super) const MISS_2023: f64 = 3.5;
/// A district's share is never below this, whatever its target (Cần Đước undertook 10 %).
pub(super) const LOWEST_SHARE: f64 = 13.0;

/// What a district is like for its graduates.
pub(super) struct DistrictProfile {
    code: String,
    /// Percent of THCS graduates to vocational training in 2023, on average over its schools.
    pub(super) vocational: f64,
    /// The share of those who sat the grade-10 exam that passed it.
    pub(super) exam_pass: f64,
    /// Yearly growth of the cohorts.
    pub(super) growth: f64,
}

impl DistrictProfile {
    pub(super) fn draw(district: &District, rng: &mut ChaCha8Rng) -> Self {
        let code = district.code();
        let target = VOCATIONAL_TARGETS_2023
            .iter()
            .find(|(name, _)| *name == district.short_name())
            .map_or(28.0, |(_, share)| *share);
        let growth = if INDUSTRIAL.contains(&code) {
            0.02
        } else if PLAIN.contains(&code) {
            -0.01
        } else {
            0.0
        };
        DistrictProfile {
            code: code.to_string(),
            vocational: (target + rng.random_range(-MISS_2023..MISS_2023)).max(LOWEST_SHARE),
            exam_pass: rng.random_range(0.72..0.79),
            growth,
        }
    }

    pub(super) fn busy(&self) -> bool {
        self.code == "794" || INDUSTRIAL.contains(&self.code.as_str())
    }
}
