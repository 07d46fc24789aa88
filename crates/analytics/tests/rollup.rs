//! The figures equal an independent computation over the same records: every unit of every era,
//! every year, level, facet and destination; a write is visible in the next answer; and the
//! operator's recount (`check_figures`) finds the kept tallies right. On both backends.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use domain::{Destination, Gender, InstitutionKind, Level, Ownership, PersonName, UnitLevel};
use hn_analytics::{Engine, Facets};
use hn_testkit::{Backend, Random, TestDb};
use store::{GraduateData, GraduatePlan, GraduateUpdate, NewInstitution, Store, diff};

async fn store_with_records(seed: u64, db: &TestDb) -> (Arc<dyn Store>, Vec<GraduateData>) {
    let store = store::open(&db.url).await.expect("store");
    interchange::reference::ensure_loaded(store.as_ref())
        .await
        .expect("reference");
    let units = store.all_units().await.expect("units");
    let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    // Communes of Long An (2023) and of the new Tây Ninh (2026), so both eras are exercised.
    let communes: Vec<&store::Unit> = units
        .iter()
        .filter(|u| u.level == UnitLevel::Commune && u.province_code == "80")
        .filter(|u| u.validity.contains(on(2023, 6, 1)) || u.validity.contains(on(2026, 1, 1)))
        .collect();
    let mut random = Random(seed);
    let mut schools = Vec::new();
    for i in 0..80 {
        let commune = communes[random.below(communes.len())];
        let kind = [
            InstitutionKind::Thcs,
            InstitutionKind::Thpt,
            InstitutionKind::ThcsThpt,
        ][random.below(3)];
        schools.push(NewInstitution {
            code: format!("T{i:04}"),
            kind,
            ownership: Ownership::Public,
            name: format!("Trường thử {i}"),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            province_code: "80".into(),
            commune_unit_id: commune.id,
            managing_unit_id: commune.parent_id.unwrap_or(commune.id),
        });
    }
    store.upsert_institutions(&schools).await.expect("schools");
    let mut records = Vec::new();
    for i in 0..4000 {
        let school = &schools[random.below(schools.len())];
        let level = match school.kind {
            InstitutionKind::Thcs => Level::Thcs,
            InstitutionKind::Thpt => Level::Thpt,
            _ => Level::ALL[random.below(2)],
        };
        let destinations = Destination::for_level(level);
        records.push(GraduateData {
            province_code: "80".into(),
            year: 2022 + random.below(4) as i32,
            level,
            school_code: school.code.clone(),
            moet_id: Some(format!("M{i:07}")),
            name: PersonName {
                family_middle: "Nguyễn Văn".into(),
                given: format!("Thử{i}"),
            },
            birth_date: on(2008, 1, 1),
            gender: if random.below(2) == 0 {
                Gender::Male
            } else {
                Gender::Female
            },
            ethnicity: ["01", "01", "01", "05", "04", "00"][random.below(6)].into(),
            residence_commune_id: None,
            class_name: "9A1".into(),
            academic: None,
            conduct: None,
            exam_sat: None,
            exam_passed: None,
            wishes: String::new(),
            destination: destinations[random.below(destinations.len())],
            destination_institution: None,
            destination_date: None,
            destination_source: "thử".into(),
        });
    }
    let plan = GraduatePlan {
        inserts: records.clone(),
        updates: vec![],
        username: "thu".into(),
        source: "thu".into(),
        at: Utc::now(),
    };
    store.apply_graduates(&plan).await.expect("graduates");
    (store, records)
}

/// Counts computed without the engine: each record added to every unit the store itself (in
/// SQL) says contains its school's commune (`store::place_containment`).
async fn expected(
    store: &dyn Store,
    records: &[GraduateData],
) -> HashMap<(i64, i32, Level), Facets> {
    let mut containing: HashMap<String, Vec<i64>> = HashMap::new();
    let mut out: HashMap<(i64, i32, Level), Facets> = HashMap::new();
    for g in records {
        if !containing.contains_key(&g.school_code) {
            let school = store
                .institution(&g.school_code)
                .await
                .expect("query")
                .expect("school");
            containing.insert(
                g.school_code.clone(),
                store::place_containment(store, school.commune_unit_id)
                    .await
                    .expect("units"),
            );
        }
        for unit in &containing[&g.school_code] {
            out.entry((*unit, g.year, g.level)).or_default().add(
                &g.ethnicity,
                g.gender,
                g.destination,
                1,
            );
        }
    }
    out
}

async fn assert_same(
    store: &dyn Store,
    engine: &Engine,
    expected: &HashMap<(i64, i32, Level), Facets>,
) {
    let mut compared = 0;
    for ((unit, year, level), facets) in expected {
        assert_eq!(
            engine.unit(*unit, *year, *level).await.expect("figures"),
            *facets,
            "unit {unit}, {year} {level:?}"
        );
        compared += 1;
    }
    assert!(
        compared > 100,
        "the comparison covered {compared} unit figures only"
    );
    // No unit holds figures the records do not give it.
    let differences = store.check_figures(&|_| {}).await.expect("check");
    assert!(differences.is_empty(), "{differences:?}");
}

#[tokio::test]
async fn every_unit_figure_equals_an_independent_count_of_the_records() {
    for backend in Backend::BOTH {
        let Some(db) = TestDb::fresh(backend).await else {
            continue;
        };
        let (store, records) = store_with_records(0x5eed_1234, &db).await;
        let engine = Engine::new(store.clone());
        assert_same(
            store.as_ref(),
            &engine,
            &expected(store.as_ref(), &records).await,
        )
        .await;
        store.close().await;
    }
}

#[tokio::test]
async fn a_changed_record_is_visible_in_the_next_answer() {
    for backend in Backend::BOTH {
        let Some(db) = TestDb::fresh(backend).await else {
            continue;
        };
        let (store, mut records) = store_with_records(0xabcd_0042, &db).await;
        let engine = Engine::new(store.clone());
        let school = records[0].school_code.clone();
        let (year, level) = (records[0].year, records[0].level);
        let stored = store
            .graduates_of(&school, year, level)
            .await
            .expect("read");
        let before = stored
            .iter()
            .find(|g| g.data.moet_id == records[0].moet_id)
            .expect("record")
            .clone();
        let mut after = before.data.clone();
        after.destination = if after.destination == Destination::NotContinuing {
            Destination::Working
        } else {
            Destination::NotContinuing
        };
        let plan = GraduatePlan {
            inserts: vec![],
            updates: vec![GraduateUpdate {
                id: before.id,
                changes: diff(&before.data, &after),
                data: after.clone(),
                previous: before.data.clone(),
            }],
            username: "thu".into(),
            source: "web".into(),
            at: Utc::now(),
        };
        store.apply_graduates(&plan).await.expect("write");
        records[0] = after;
        let wanted = expected(store.as_ref(), &records).await;
        assert_same(store.as_ref(), &engine, &wanted).await;
        // The same plan again is refused: the record is no longer as it saw it.
        assert!(matches!(
            store.apply_graduates(&plan).await,
            Err(store::StoreError::Stale(_))
        ));
        assert_same(store.as_ref(), &engine, &wanted).await;
        store.close().await;
    }
}
