//! What schools rely on from the store's graduate records, checked on both backends: records read
//! back whole, corrections keep their history, a write that fails leaves nothing, follow-ups.

mod support;

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use domain::{
    Destination, Gender, InstitutionKind, Level, Ownership, PersonName, UnitLevel, Validity,
};
use hn_store::{
    GraduateData, GraduatePlan, GraduateUpdate, NewFollowUp, NewInstitution, Store, StoreError,
    Unit, UnitPlan, diff,
};

on_both_backends! {
    graduates_read_back_whole => graduates_read_back_whole_sqlite, graduates_read_back_whole_postgres;
    a_correction_updates_in_place_and_keeps_its_history
        => a_correction_updates_in_place_and_keeps_its_history_sqlite,
           a_correction_updates_in_place_and_keeps_its_history_postgres;
    a_duplicate_student_id_refuses_the_whole_write
        => a_duplicate_student_id_refuses_the_whole_write_sqlite,
           a_duplicate_student_id_refuses_the_whole_write_postgres;
    the_same_student_at_another_school_is_found
        => the_same_student_at_another_school_is_found_sqlite,
           the_same_student_at_another_school_is_found_postgres;
    follow_ups_read_back_in_date_order
        => follow_ups_read_back_in_date_order_sqlite,
           follow_ups_read_back_in_date_order_postgres;
}

const SCHOOL_A: &str = "80803001";
const SCHOOL_B: &str = "80803002";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// A province with one commune and two schools in it.
async fn setup(store: &Arc<dyn Store>) -> i64 {
    let unit = |id, code: &str, level, name: &str, parent| Unit {
        id,
        code: code.into(),
        level,
        name: name.into(),
        kind: "Xã".into(),
        province_code: "80".into(),
        parent_id: parent,
        validity: Validity::legacy(),
    };
    let plan = UnitPlan {
        units: vec![
            unit(1, "80", UnitLevel::Province, "Tỉnh Long An", None),
            unit(2, "27991", UnitLevel::Commune, "Thị trấn Bến Lức", Some(1)),
        ],
        successions: vec![],
    };
    store.apply_units(&plan).await.expect("units");
    let school = |code: &str, name: &str| NewInstitution {
        code: code.into(),
        kind: InstitutionKind::Thcs,
        ownership: Ownership::Public,
        name: name.into(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        province_code: "80".into(),
        commune_unit_id: 2,
        managing_unit_id: 1,
    };
    store
        .upsert_institutions(&[
            school(SCHOOL_A, "Trường THCS A"),
            school(SCHOOL_B, "Trường THCS B"),
        ])
        .await
        .expect("schools");
    2
}

fn graduate(
    school: &str,
    moet: Option<&str>,
    family_middle: &str,
    given: &str,
    born: NaiveDate,
) -> GraduateData {
    GraduateData {
        province_code: "80".into(),
        year: 2024,
        level: Level::Thcs,
        school_code: school.into(),
        moet_id: moet.map(String::from),
        name: PersonName {
            family_middle: family_middle.into(),
            given: given.into(),
        },
        birth_date: born,
        gender: Gender::Female,
        ethnicity: "05".into(),
        residence_commune_id: Some(2),
        class_name: "9A1".into(),
        academic: Some("tot".into()),
        conduct: Some("kha".into()),
        exam_sat: Some(true),
        exam_passed: Some(false),
        wishes: "Học nghề điện".into(),
        destination: Destination::GdtxVocational,
        destination_institution: Some("Trung tâm GDNN-GDTX Bến Lức".into()),
        destination_date: Some(day(2024, 9, 15)),
        destination_source: "nhập tệp lop9.xlsx".into(),
    }
}

fn plan(inserts: Vec<GraduateData>, updates: Vec<GraduateUpdate>) -> GraduatePlan {
    GraduatePlan {
        inserts,
        updates,
        username: "gv.benluc".into(),
        source: "nhập tệp lop9.xlsx".into(),
        at: Utc
            .with_ymd_and_hms(2024, 9, 20, 8, 0, 0)
            .single()
            .expect("time"),
    }
}

async fn graduates_read_back_whole(store: Arc<dyn Store>) {
    setup(&store).await;
    let mut second = graduate(SCHOOL_A, None, "Trần Thị", "Ánh Tuyết", day(2009, 2, 28));
    second.academic = None;
    second.exam_sat = None;
    second.destination_institution = None;
    second.destination_date = None;
    second.residence_commune_id = None;
    let written = vec![
        graduate(
            SCHOOL_A,
            Some("8000000001"),
            "Nguyễn Văn",
            "An",
            day(2009, 9, 5),
        ),
        second,
    ];
    store
        .apply_graduates(&plan(written.clone(), vec![]))
        .await
        .expect("write");
    let mut read: Vec<GraduateData> = store
        .graduates_of(SCHOOL_A, 2024, Level::Thcs)
        .await
        .expect("read")
        .into_iter()
        .map(|g| g.data)
        .collect();
    read.sort_by_key(|g| g.birth_date);
    let mut expected = written;
    expected.sort_by_key(|g| g.birth_date);
    assert_eq!(read, expected);
    assert!(
        store
            .graduates_of(SCHOOL_B, 2024, Level::Thcs)
            .await
            .expect("read")
            .is_empty()
    );
    assert!(
        store
            .graduates_of(SCHOOL_A, 2023, Level::Thcs)
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(store.graduate_count().await.expect("count"), 2);
}

async fn a_correction_updates_in_place_and_keeps_its_history(store: Arc<dyn Store>) {
    setup(&store).await;
    let first = graduate(
        SCHOOL_A,
        Some("8000000001"),
        "Nguyễn Văn",
        "An",
        day(2009, 9, 5),
    );
    store
        .apply_graduates(&plan(vec![first.clone()], vec![]))
        .await
        .expect("write");
    let stored = store
        .graduates_of(SCHOOL_A, 2024, Level::Thcs)
        .await
        .expect("read")
        .remove(0);
    let mut corrected = first.clone();
    corrected.destination = Destination::Intermediate;
    corrected.name = PersonName {
        family_middle: "Nguyễn".into(),
        given: "Văn An".into(),
    };
    let changes = diff(&stored.data, &corrected);
    assert_eq!(changes.len(), 3, "{changes:?}");
    store
        .apply_graduates(&plan(
            vec![],
            vec![GraduateUpdate {
                id: stored.id,
                data: corrected.clone(),
                changes,
                previous: stored.data.clone(),
            }],
        ))
        .await
        .expect("update");
    let again = store
        .graduate(stored.id)
        .await
        .expect("read")
        .expect("still there");
    assert_eq!(again.data, corrected);
    assert_eq!(store.graduate_count().await.expect("count"), 1);
    let history = store.graduate_changes(stored.id).await.expect("history");
    let fields: Vec<&str> = history.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["family_middle", "given", "destination"]);
    assert_eq!(
        (history[2].old_value.as_str(), history[2].new_value.as_str()),
        ("9+ (GDTX + trung cấp)", "Trung cấp")
    );
    assert!(
        history
            .iter()
            .all(|c| c.username == "gv.benluc" && c.source == "nhập tệp lop9.xlsx")
    );
}

async fn a_duplicate_student_id_refuses_the_whole_write(store: Arc<dyn Store>) {
    setup(&store).await;
    // 620 rows: the duplicate sits in the second multi-row statement, after 500 good rows.
    let mut rows: Vec<GraduateData> = (0..620)
        .map(|i| {
            graduate(
                SCHOOL_A,
                Some(&format!("K{i:06}")),
                "Lê Văn",
                &format!("Học{i}"),
                day(2009, 1, 1),
            )
        })
        .collect();
    rows[600].moet_id = Some("K000001".into());
    let outcome = store.apply_graduates(&plan(rows, vec![])).await;
    assert!(
        matches!(outcome, Err(StoreError::Conflict(_))),
        "{outcome:?}"
    );
    assert_eq!(store.graduate_count().await.expect("count"), 0);
}

async fn the_same_student_at_another_school_is_found(store: Arc<dyn Store>) {
    setup(&store).await;
    let at_b = vec![
        graduate(
            SCHOOL_B,
            Some("8000000009"),
            "Phạm Ngọc",
            "Ẩn",
            day(2009, 3, 3),
        ),
        graduate(SCHOOL_B, None, "Võ Minh", "Đức", day(2009, 4, 4)),
    ];
    store
        .apply_graduates(&plan(at_b, vec![]))
        .await
        .expect("write");
    let found = store
        .graduates_elsewhere(
            SCHOOL_A,
            2024,
            Level::Thcs,
            &["8000000009".into()],
            &[domain::text::fold("Võ Minh Đức")],
        )
        .await
        .expect("query");
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|k| k.school_code == SCHOOL_B));
    assert!(
        found
            .iter()
            .any(|k| k.name_folded == "vo minh duc" && k.birth_date == day(2009, 4, 4))
    );
    let from_b = store
        .graduates_elsewhere(SCHOOL_B, 2024, Level::Thcs, &["8000000009".into()], &[])
        .await
        .expect("query");
    assert!(
        from_b.is_empty(),
        "a school's own records are not 'elsewhere'"
    );
}

async fn follow_ups_read_back_in_date_order(store: Arc<dyn Store>) {
    setup(&store).await;
    store
        .apply_graduates(&plan(
            vec![graduate(
                SCHOOL_A,
                Some("8000000001"),
                "Nguyễn Văn",
                "An",
                day(2009, 9, 5),
            )],
            vec![],
        ))
        .await
        .expect("write");
    let id = store
        .graduates_of(SCHOOL_A, 2024, Level::Thcs)
        .await
        .expect("read")[0]
        .id;
    for (on, status) in [
        (day(2026, 3, 1), Destination::Intermediate),
        (day(2025, 10, 1), Destination::NotContinuing),
    ] {
        store
            .add_follow_up(&NewFollowUp {
                province_code: "80".into(),
                graduate_id: id,
                on_date: on,
                status,
                note: "UBND xã xác minh".into(),
                username: "xa.benluc".into(),
                created_at: Utc::now(),
            })
            .await
            .expect("follow-up");
    }
    let follow_ups = store.follow_ups(id).await.expect("read");
    let seen: Vec<(NaiveDate, Destination)> =
        follow_ups.iter().map(|f| (f.on_date, f.status)).collect();
    assert_eq!(
        seen,
        [
            (day(2025, 10, 1), Destination::NotContinuing),
            (day(2026, 3, 1), Destination::Intermediate)
        ]
    );
    assert!(follow_ups.iter().all(|f| f.username == "xa.benluc"));
}
