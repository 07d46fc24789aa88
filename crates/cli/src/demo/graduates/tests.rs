//! Tests of the demo's graduates: determinism, cohort sizes and classes, results and destinations
//! of each level, the shares of the province and its districts, names and ids, follow-ups, and
//! the whole demo written to a SQLite file.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use domain::{Destination, Level};
use store::{GraduateData, NewInstitution, Unit};

use super::super::province::LongAn;

/// The national reference, parsed once for all tests.
fn units() -> anyhow::Result<&'static [Unit]> {
    static UNITS: OnceLock<Result<Vec<Unit>, String>> = OnceLock::new();
    UNITS
        .get_or_init(|| interchange::reference::national_plan(1).map(|plan| plan.units))
        .as_deref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn institutions(seed: u64) -> anyhow::Result<Vec<NewInstitution>> {
    super::super::institutions(units()?, seed)
}

/// The graduates of seed 1, generated once for the tests that only read them.
fn seed_one() -> anyhow::Result<&'static [GraduateData]> {
    static ROWS: OnceLock<Result<Vec<GraduateData>, String>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let institutions = institutions(1).map_err(|e| e.to_string())?;
        super::generate(&institutions, units().map_err(|e| e.to_string())?, 1)
            .map_err(|e| e.to_string())
    })
    .as_deref()
    .map_err(|e| anyhow::anyhow!("{e}"))
}

fn fingerprint(rows: &[GraduateData]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for row in rows {
        format!("{row:?}").hash(&mut hasher);
    }
    hasher.finish()
}

fn share(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

const VOCATIONAL: [Destination; 3] = [
    Destination::GdtxVocational,
    Destination::Intermediate,
    Destination::Elementary,
];

#[test]
fn the_same_seed_gives_the_same_graduates_and_another_seed_others() -> anyhow::Result<()> {
    let first = seed_one()?;
    let again = super::generate(&institutions(1)?, units()?, 1)?;
    assert_eq!(fingerprint(first), fingerprint(&again));
    let other = super::generate(&institutions(2)?, units()?, 2)?;
    assert_ne!(fingerprint(first), fingerprint(&other));
    Ok(())
}

#[test]
fn every_school_has_a_cohort_of_plausible_size_each_year_in_classes_of_about_forty()
-> anyhow::Result<()> {
    let rows = seed_one()?;
    let mut cohorts: BTreeMap<(i32, Level, &str), Vec<&GraduateData>> = BTreeMap::new();
    for row in rows {
        cohorts
            .entry((row.year, row.level, row.school_code.as_str()))
            .or_default()
            .push(row);
    }
    let general: Vec<(Level, String)> = institutions(1)?
        .into_iter()
        .filter_map(|i| match i.kind {
            domain::InstitutionKind::Thcs | domain::InstitutionKind::ThThcs => {
                Some((Level::Thcs, i.code))
            }
            domain::InstitutionKind::Thpt => Some((Level::Thpt, i.code)),
            _ => None,
        })
        .collect();
    assert_eq!(cohorts.len(), general.len() * 5);
    for ((year, level, school), cohort) in &cohorts {
        let (range, prefix, max_classes) = match level {
            Level::Thcs => (60..=250, "9A", 6),
            Level::Thpt => (150..=450, "12A", 10),
        };
        assert!(
            range.contains(&cohort.len()),
            "{} học sinh {school} {year}",
            cohort.len()
        );
        let mut classes: BTreeMap<&str, usize> = BTreeMap::new();
        for row in cohort {
            *classes.entry(row.class_name.as_str()).or_default() += 1;
        }
        assert!(classes.len() <= max_classes);
        for (class, count) in classes {
            let number: usize = class
                .strip_prefix(prefix)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            assert!((1..=max_classes).contains(&number), "lớp {class}");
            assert!((25..=46).contains(&count), "{count} học sinh lớp {class}");
        }
    }
    for year in super::YEARS {
        for (level, range) in [
            (Level::Thcs, 18_000..=32_000),
            (Level::Thpt, 12_000..=22_000),
        ] {
            let count = rows
                .iter()
                .filter(|r| r.year == year && r.level == level)
                .count();
            assert!(range.contains(&count), "{count} {} {year}", level.label());
        }
    }
    Ok(())
}

#[test]
fn every_graduate_has_a_destination_of_its_level_and_results_of_its_circular() -> anyhow::Result<()>
{
    for row in seed_one()? {
        assert!(
            Destination::for_level(row.level).contains(&row.destination),
            "{:?} {}",
            row.destination,
            row.level.label()
        );
        let (academic, conduct): (&[&str], &[&str]) = if row.year >= 2025 {
            (
                &["tot", "kha", "dat", "chua_dat"],
                &["tot", "kha", "dat", "chua_dat"],
            )
        } else {
            (
                &["gioi", "kha", "trung_binh", "yeu"],
                &["tot", "kha", "trung_binh"],
            )
        };
        assert!(academic.contains(&row.academic.as_deref().unwrap_or("")));
        assert!(conduct.contains(&row.conduct.as_deref().unwrap_or("")));
        let age = row.year - chrono::Datelike::year(&row.birth_date);
        let usual = match row.level {
            Level::Thcs => 15,
            Level::Thpt => 18,
        };
        assert!((usual..=usual + 2).contains(&age), "{age} tuổi");
        match row.level {
            Level::Thcs => {
                assert!(row.exam_sat.is_some() && row.exam_passed.is_some());
                if row.exam_passed == Some(true) {
                    assert_eq!(row.exam_sat, Some(true));
                }
                if row.destination == Destination::ThptPublic {
                    assert_eq!(row.exam_passed, Some(true));
                }
            }
            Level::Thpt => assert!(row.exam_sat.is_none() && row.exam_passed.is_none()),
        }
        assert_eq!(
            row.destination_date.is_none(),
            row.destination == Destination::Unknown
        );
        assert_eq!(row.destination_source, "dữ liệu mẫu");
        assert!(!row.name.family_middle.is_empty() && !row.name.given.is_empty());
    }
    Ok(())
}

#[test]
fn vocational_shares_of_2023_stay_near_the_targets_of_each_district() -> anyhow::Result<()> {
    let units = units()?;
    let long_an = LongAn::find(units)?;
    let district_of: BTreeMap<i64, &str> = long_an
        .communes()
        .map(|(d, c)| (c.id, d.short_name()))
        .collect();
    let institutions = institutions(1)?;
    let school_district: BTreeMap<&str, &str> = institutions
        .iter()
        .filter_map(|i| Some((i.code.as_str(), *district_of.get(&i.commune_unit_id)?)))
        .collect();
    let rows = seed_one()?;
    let mut shares = BTreeMap::new();
    for year in super::YEARS {
        let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for row in rows
            .iter()
            .filter(|r| r.year == year && r.level == Level::Thcs)
        {
            let district = school_district.get(row.school_code.as_str()).copied();
            let entry = tally.entry(district.unwrap_or("?")).or_default();
            entry.0 += usize::from(VOCATIONAL.contains(&row.destination));
            entry.1 += 1;
        }
        assert_eq!(tally.len(), 15);
        if year == 2023 {
            for (district, (vocational, all)) in &tally {
                let share = share(*vocational, *all);
                assert!((10.0..=45.0).contains(&share), "{district}: {share:.1}%");
                let target = super::districts::VOCATIONAL_TARGETS_2023
                    .iter()
                    .find(|(name, _)| name == district)
                    .map(|(_, target)| target.max(super::districts::LOWEST_SHARE));
                let target = target.ok_or_else(|| anyhow::anyhow!("{district}?"))?;
                assert!(
                    (share - target).abs() <= super::districts::MISS_2023 + 2.5,
                    "{district}: {share:.1}% so với chỉ tiêu {target:.1}%"
                );
            }
        }
        let (vocational, all) = tally
            .values()
            .fold((0, 0), |(v, a), (tv, ta)| (v + tv, a + ta));
        shares.insert(year, share(vocational, all));
    }
    let province_2023 = shares[&2023];
    assert!(
        (25.0..=31.0).contains(&province_2023),
        "{province_2023:.1}%"
    );
    assert!(shares[&2021] < shares[&2024], "{shares:?}");
    Ok(())
}

#[test]
fn exam_results_and_destinations_come_in_the_shares_of_the_province() -> anyhow::Result<()> {
    let rows = seed_one()?;
    let count = |level: Level, year: i32, keep: &dyn Fn(&GraduateData) -> bool| {
        rows.iter()
            .filter(|r| r.level == level && r.year == year && keep(r))
            .count()
    };
    for year in super::YEARS {
        let thcs = count(Level::Thcs, year, &|_| true);
        let sat = count(Level::Thcs, year, &|r| r.exam_sat == Some(true));
        let passed = count(Level::Thcs, year, &|r| r.exam_passed == Some(true));
        assert!((85.0..=95.0).contains(&share(sat, thcs)), "{sat}/{thcs}");
        assert!(
            (70.0..=80.0).contains(&share(passed, sat)),
            "{passed}/{sat}"
        );
        let unknown = share(
            count(Level::Thcs, year, &|r| {
                r.destination == Destination::Unknown
            }),
            thcs,
        );
        let expected = if year == 2025 { 8.0..=12.0 } else { 2.0..=5.0 };
        assert!(expected.contains(&unknown), "{unknown:.1}% chưa rõ {year}");

        let thpt = count(Level::Thpt, year, &|_| true);
        let of_thpt =
            |d: Destination| share(count(Level::Thpt, year, &|r| r.destination == d), thpt);
        let university = of_thpt(Destination::University);
        assert!(
            (40.0..=52.0).contains(&university),
            "{university:.1}% đại học"
        );
        let college = of_thpt(Destination::College);
        assert!((15.0..=25.0).contains(&college), "{college:.1}% cao đẳng");
        let boys = share(
            count(Level::Thcs, year, &|r| r.gender == domain::Gender::Male),
            thcs,
        );
        assert!((49.0..=53.0).contains(&boys), "{boys:.1}% nam");
    }
    Ok(())
}

#[test]
fn names_ids_and_homes_look_like_those_of_long_an() -> anyhow::Result<()> {
    let rows = seed_one()?;
    let ids: BTreeSet<&str> = rows.iter().filter_map(|r| r.moet_id.as_deref()).collect();
    assert_eq!(ids.len(), rows.len(), "mã học sinh trùng");
    assert!(ids.iter().all(|id| id.len() == 10
        && id.starts_with("80")
        && id.bytes().all(|b| b.is_ascii_digit())));
    let family = |name: &str| rows.iter().filter(|r| r.name.family() == name).count();
    let nguyen = share(family("Nguyễn"), rows.len());
    assert!((33.0..=43.0).contains(&nguyen), "{nguyen:.1}% họ Nguyễn");
    assert!(family("Trần") > family("Bùi"));
    let givens: BTreeSet<&str> = rows.iter().map(|r| r.name.given.as_str()).collect();
    for given in ["Ân", "Ẩn", "Đức", "Đạt", "Ưng", "Ơn", "Ánh"] {
        assert!(givens.contains(given), "không ai tên {given}");
    }
    let two_middles = rows
        .iter()
        .filter(|r| r.name.family_middle.split(' ').count() == 3)
        .count();
    assert!((5.0..=20.0).contains(&share(two_middles, rows.len())));
    let minority = rows
        .iter()
        .filter(|r| domain::ethnicity::is_minority(&r.ethnicity))
        .count();
    assert!((0.2..=2.0).contains(&share(minority, rows.len())));

    let school_commune: BTreeMap<String, i64> = institutions(1)?
        .into_iter()
        .map(|i| (i.code, i.commune_unit_id))
        .collect();
    let at_home = rows
        .iter()
        .filter(|r| r.level == Level::Thcs)
        .filter(|r| r.residence_commune_id == school_commune.get(&r.school_code).copied())
        .count();
    let thcs = rows.iter().filter(|r| r.level == Level::Thcs).count();
    assert!((80.0..=90.0).contains(&share(at_home, thcs)));
    Ok(())
}

#[test]
fn a_few_hundred_graduates_who_left_school_are_followed_up_later() -> anyhow::Result<()> {
    let rows = seed_one()?;
    let drafts = super::follow_ups(rows, 1);
    assert!(
        (200..=800).contains(&drafts.len()),
        "{} lần theo dõi",
        drafts.len()
    );
    assert_eq!(drafts, super::follow_ups(rows, 1));
    let thcs = Destination::for_level(Level::Thcs);
    for draft in &drafts {
        assert!((2022..=2024).contains(&draft.year));
        assert!(thcs.contains(&draft.status));
        assert!(chrono::Datelike::year(&draft.on_date) == draft.year + 1);
    }
    Ok(())
}

/// The whole demo in a temporary SQLite file: every generated graduate is written.
#[tokio::test]
async fn the_whole_demo_writes_every_generated_graduate_and_their_follow_ups() -> anyhow::Result<()>
{
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let file = format!("hn-demo-graduates-{}-{nanos}.db", std::process::id());
    let path = std::env::temp_dir().join(file).display().to_string();
    let result = async {
        let store = store::open(&format!("sqlite://{path}")).await?;
        let plan = interchange::reference::national_plan(1).map_err(anyhow::Error::msg)?;
        store.apply_units(&plan).await?;
        let started = std::time::Instant::now();
        let summary = super::super::load(&store, 3).await?;
        eprintln!(
            "dữ liệu mẫu: {} học sinh trong {:.1} s",
            summary.graduates,
            started.elapsed().as_secs_f64()
        );
        let expected = super::generate(&institutions(3)?, &plan.units, 3)?;
        assert_eq!(summary.graduates, expected.len());
        assert_eq!(
            store.graduate_count().await?,
            i64::try_from(expected.len())?
        );

        let drafts = super::follow_ups(&expected, 3);
        let first = drafts
            .first()
            .ok_or_else(|| anyhow::anyhow!("không có theo dõi"))?;
        let keys = store
            .graduates_elsewhere(
                "",
                first.year,
                Level::Thcs,
                std::slice::from_ref(&first.moet_id),
                &[],
            )
            .await?;
        let id = keys.first().map(|k| k.id).unwrap_or_default();
        let stored = store.follow_ups(id).await?;
        assert_eq!(stored.first().map(|f| f.status), Some(first.status));
        anyhow::Ok(())
    }
    .await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    result
}
