//! The Long An appendix of 2023 (seed plan 001), as published, imports value for value.

use std::path::PathBuf;

use hn_interchange::reference::national_plan;
use hn_interchange::targets::read;

fn fixture() -> PathBuf {
    // The appendix ships with the demo data set; it is read from there.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/src/demo/long-an-2023-targets.csv")
}

#[test]
fn the_long_an_appendix_reads_into_targets_for_every_district_and_the_province() {
    let plan = national_plan(1).expect("reference");
    let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).expect("date");
    let province = plan
        .units
        .iter()
        .find(|u| u.code == "80" && u.validity.contains(day))
        .expect("Long An");
    let districts: Vec<store::Unit> = plan
        .units
        .iter()
        .filter(|u| u.parent_id == Some(province.id))
        .cloned()
        .collect();
    let indicators = domain::indicator::defaults();
    let (targets, summary) = read(&fixture(), province, &districts, &indicators, 2023)
        .map_err(|f| f.to_string())
        .expect("reads");
    // 15 districts and the province, two levels, three indicators each.
    assert_eq!(summary.units, 16);
    assert_eq!(targets.len(), 16 * 2 * 3);
    let value = |district: &str, code: &str, level: domain::Level| {
        let unit = if district == "80" {
            province.id
        } else {
            districts
                .iter()
                .find(|u| u.name == district)
                .expect(district)
                .id
        };
        targets
            .iter()
            .find(|t| t.unit_id == unit && t.indicator_code == code && t.level == Some(level))
            .map(|t| t.value)
    };
    use domain::Level::{Thcs, Thpt};
    assert_eq!(
        value("Thành phố Tân An", "thcs_to_vocational", Thcs),
        Some(35.09)
    );
    // Written "Thanh Hóa" in the first table and "Thạnh Hóa" in the second: both are Huyện Thạnh Hóa.
    assert_eq!(
        value("Huyện Thạnh Hóa", "thcs_to_vocational", Thcs),
        Some(23.20)
    );
    assert_eq!(
        value("Huyện Thạnh Hóa", "thpt_to_college", Thpt),
        Some(22.86)
    );
    assert_eq!(
        value("Huyện Tân Thạnh", "thpt_to_college", Thpt),
        Some(65.12)
    );
    assert_eq!(
        value("Thị xã Kiến Tường", "schools_with_counsellor", Thpt),
        Some(100.0)
    );
    assert_eq!(value("80", "thcs_to_vocational", Thcs), Some(27.92));
    assert_eq!(value("80", "thpt_to_college", Thpt), Some(40.22));
    assert_eq!(value("80", "schools_with_programme", Thcs), Some(100.0));
}
