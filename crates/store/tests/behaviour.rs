//! What users rely on from the store, checked the same way on both backends: every scenario
//! below runs once on a fresh SQLite file and once on a fresh PostgreSQL database.
//!
//! The PostgreSQL half connects to `postgres://postgres@127.0.0.1:5432/postgres` (override with
//! `HN_TEST_POSTGRES`), creates a database of its own and drops it afterwards. When the server
//! cannot be reached the PostgreSQL half is skipped with a message, unless
//! `HN_REQUIRE_POSTGRES=1` (as in CI), where it fails.

mod support;

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use domain::{InstitutionKind, Ownership, Role, Scope, SuccessionKind, UnitLevel, Validity};
use hn_store::{
    NewAuditEvent, NewInstitution, NewSession, NewUser, SessionKind, Store, StoreError, Succession,
    Unit, UnitPlan,
};

on_both_backends! {
    a_unit_code_finds_the_version_in_force_on_the_day
        => a_unit_code_finds_the_version_in_force_on_the_day_sqlite,
           a_unit_code_finds_the_version_in_force_on_the_day_postgres;
    each_era_reads_back_as_a_tree_with_children_and_ancestors
        => each_era_reads_back_as_a_tree_with_children_and_ancestors_sqlite,
           each_era_reads_back_as_a_tree_with_children_and_ancestors_postgres;
    an_old_commune_lies_within_its_old_and_new_parents_and_nowhere_else
        => an_old_commune_lies_within_its_old_and_new_parents_and_nowhere_else_sqlite,
           an_old_commune_lies_within_its_old_and_new_parents_and_nowhere_else_postgres;
    an_old_district_lies_within_the_new_province_its_province_went_into
        => an_old_district_lies_within_the_new_province_its_province_went_into_sqlite,
           an_old_district_lies_within_the_new_province_its_province_went_into_postgres;
    applying_the_same_unit_plan_twice_changes_nothing
        => applying_the_same_unit_plan_twice_changes_nothing_sqlite,
           applying_the_same_unit_plan_twice_changes_nothing_postgres;
    a_failing_unit_plan_writes_nothing
        => a_failing_unit_plan_writes_nothing_sqlite,
           a_failing_unit_plan_writes_nothing_postgres;
    institutions_are_updated_by_code_not_duplicated
        => institutions_are_updated_by_code_not_duplicated_sqlite,
           institutions_are_updated_by_code_not_duplicated_postgres;
    an_institution_in_an_old_commune_is_found_from_the_new_province
        => an_institution_in_an_old_commune_is_found_from_the_new_province_sqlite,
           an_institution_in_an_old_commune_is_found_from_the_new_province_postgres;
    institutions_in_a_unit_can_be_filtered_by_kind
        => institutions_in_a_unit_can_be_filtered_by_kind_sqlite,
           institutions_in_a_unit_can_be_filtered_by_kind_postgres;
    a_failing_institution_batch_writes_nothing
        => a_failing_institution_batch_writes_nothing_sqlite,
           a_failing_institution_batch_writes_nothing_postgres;
    a_user_reads_back_with_the_role_and_scope_given
        => a_user_reads_back_with_the_role_and_scope_given_sqlite,
           a_user_reads_back_with_the_role_and_scope_given_postgres;
    a_username_can_be_taken_only_once
        => a_username_can_be_taken_only_once_sqlite,
           a_username_can_be_taken_only_once_postgres;
    a_session_is_found_only_while_it_lives
        => a_session_is_found_only_while_it_lives_sqlite,
           a_session_is_found_only_while_it_lives_postgres;
    cleaning_up_sessions_removes_only_expired_ones
        => cleaning_up_sessions_removes_only_expired_ones_sqlite,
           cleaning_up_sessions_removes_only_expired_ones_postgres;
    sign_in_failures_count_within_the_window_and_can_be_cleared
        => sign_in_failures_count_within_the_window_and_can_be_cleared_sqlite,
           sign_in_failures_count_within_the_window_and_can_be_cleared_postgres;
    audit_events_read_back_newest_first
        => audit_events_read_back_newest_first_sqlite,
           audit_events_read_back_newest_first_postgres;
    the_national_reference_loads_with_long_an_before_and_tay_ninh_after_the_reform
        => the_national_reference_loads_with_long_an_before_and_tay_ninh_after_the_reform_sqlite,
           the_national_reference_loads_with_long_an_before_and_tay_ninh_after_the_reform_postgres;
}

// --- scenarios: units ---

async fn a_unit_code_finds_the_version_in_force_on_the_day(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;

    let before = store.unit_on("80", day(2023, 6, 1)).await.expect("unit_on");
    assert_eq!(
        before.as_ref(),
        Some(&f.long_an),
        "80 vào năm 2023 là Long An"
    );
    let after = store.unit_on("80", day(2026, 1, 1)).await.expect("unit_on");
    assert_eq!(
        after.as_ref(),
        Some(&f.tay_ninh),
        "80 vào năm 2026 là Tây Ninh"
    );

    // Both ends of the periods are inclusive: the last legacy day and the reform day.
    let last_legacy_day = store
        .unit_on("80", day(2025, 6, 30))
        .await
        .expect("unit_on");
    assert_eq!(last_legacy_day.map(|u| u.id), Some(f.long_an.id));
    let reform_day = store.unit_on("80", day(2025, 7, 1)).await.expect("unit_on");
    assert_eq!(reform_day.map(|u| u.id), Some(f.tay_ninh.id));

    // A commune code kept through the reform resolves per era too.
    let commune_2023 = store
        .unit_on("27994", day(2023, 6, 1))
        .await
        .expect("unit_on");
    assert_eq!(commune_2023.map(|u| u.id), Some(f.thanh_loi_old.id));
    let commune_2026 = store
        .unit_on("27994", day(2026, 1, 1))
        .await
        .expect("unit_on");
    assert_eq!(commune_2026.map(|u| u.id), Some(f.thanh_loi_new.id));

    // Districts ended with the reform; unknown codes are simply absent.
    let district_2026 = store
        .unit_on("800", day(2026, 1, 1))
        .await
        .expect("unit_on");
    assert_eq!(district_2026, None, "không còn huyện sau cải cách");
    let district_2023 = store
        .unit_on("800", day(2023, 6, 1))
        .await
        .expect("unit_on");
    assert_eq!(district_2023.as_ref(), Some(&f.thanh_hoa));
    let unknown = store.unit_on("99", day(2023, 6, 1)).await.expect("unit_on");
    assert_eq!(unknown, None);

    // By id, every field reads back as it was planned.
    for planned in &f.plan.units {
        let stored = store.unit(planned.id).await.expect("unit");
        assert_eq!(stored.as_ref(), Some(planned));
    }
    assert_eq!(store.unit(9_999).await.expect("unit"), None);
}

async fn each_era_reads_back_as_a_tree_with_children_and_ancestors(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;

    assert_eq!(
        ids(store.children(f.long_an.id).await.expect("children")),
        vec![f.thanh_hoa.id]
    );
    assert_eq!(
        ids(store.children(f.thanh_hoa.id).await.expect("children")),
        vec![f.thanh_loi_old.id, f.tan_hiep_old.id]
    );
    assert_eq!(
        ids(store.children(f.tay_ninh.id).await.expect("children")),
        vec![f.thanh_loi_new.id]
    );
    assert!(
        store
            .children(f.thanh_loi_new.id)
            .await
            .expect("children")
            .is_empty()
    );

    let old_chain = store
        .ancestors(f.thanh_loi_old.id)
        .await
        .expect("ancestors");
    assert_eq!(
        old_chain,
        vec![
            f.thanh_loi_old.clone(),
            f.thanh_hoa.clone(),
            f.long_an.clone()
        ],
        "xã cũ → huyện → tỉnh, gần nhất trước"
    );
    let new_chain = store
        .ancestors(f.thanh_loi_new.id)
        .await
        .expect("ancestors");
    assert_eq!(
        new_chain,
        vec![f.thanh_loi_new.clone(), f.tay_ninh.clone()],
        "xã mới → tỉnh"
    );
    assert_eq!(
        ids(store.ancestors(f.long_an.id).await.expect("ancestors")),
        vec![f.long_an.id]
    );
    assert!(store.ancestors(9_999).await.expect("ancestors").is_empty());

    let mut into_new_commune = store
        .successions_to(f.thanh_loi_new.id)
        .await
        .expect("successions_to");
    into_new_commune.sort_by_key(|s| s.old_unit_id);
    assert_eq!(
        into_new_commune,
        vec![
            succession(&f.thanh_loi_old, &f.thanh_loi_new, SuccessionKind::Whole),
            succession(&f.tan_hiep_old, &f.thanh_loi_new, SuccessionKind::Part),
        ]
    );
    assert_eq!(
        store
            .successions_from(f.thanh_loi_old.id)
            .await
            .expect("successions_from"),
        vec![succession(
            &f.thanh_loi_old,
            &f.thanh_loi_new,
            SuccessionKind::Whole
        )]
    );
}

async fn an_old_commune_lies_within_its_old_and_new_parents_and_nowhere_else(
    store: Arc<dyn Store>,
) {
    let f = Fixture::applied(&store).await;

    let containing = sorted(
        store
            .containing_units(f.thanh_loi_old.id)
            .await
            .expect("containing_units"),
    );
    for unit in [
        &f.thanh_loi_old,
        &f.thanh_hoa,
        &f.long_an,
        &f.thanh_loi_new,
        &f.tay_ninh,
    ] {
        assert!(
            containing.contains(&unit.id),
            "{} phải chứa xã cũ: {containing:?}",
            unit.name
        );
    }
    for unit in [&f.hcm_old, &f.quan_1, &f.tan_dinh_old, &f.hcm_new] {
        assert!(
            !containing.contains(&unit.id),
            "{} không chứa xã cũ",
            unit.name
        );
    }

    // The other way round: the new commune lies within the old tree it came from.
    let of_new = store
        .containing_units(f.thanh_loi_new.id)
        .await
        .expect("containing_units");
    for unit in [&f.tay_ninh, &f.thanh_loi_old, &f.thanh_hoa, &f.long_an] {
        assert!(of_new.contains(&unit.id), "{} chứa xã mới", unit.name);
    }

    // An unrelated commune lies only within its own province, in either era.
    let unrelated = sorted(
        store
            .containing_units(f.tan_dinh_old.id)
            .await
            .expect("containing_units"),
    );
    assert_eq!(
        unrelated,
        sorted(vec![
            f.hcm_old.id,
            f.quan_1.id,
            f.tan_dinh_old.id,
            f.hcm_new.id,
            f.tan_dinh_new.id
        ])
    );

    // A part that does not carry the figures does not make the new commune a container; the
    // split commune still lies in Tây Ninh, because its old province went wholly into it.
    let part = store
        .containing_units(f.tan_hiep_old.id)
        .await
        .expect("containing_units");
    assert!(part.contains(&f.thanh_hoa.id) && part.contains(&f.long_an.id));
    assert!(
        !part.contains(&f.thanh_loi_new.id),
        "phần không mang số liệu: {part:?}"
    );
    assert!(part.contains(&f.tay_ninh.id), "qua tỉnh cũ: {part:?}");

    // The scope check built on it.
    let tay_ninh_scope = Scope::Unit {
        unit_id: f.tay_ninh.id,
    };
    let hcm_scope = Scope::Unit {
        unit_id: f.hcm_new.id,
    };
    let covers = |scope: Scope, unit: i64| {
        let store = Arc::clone(&store);
        async move {
            hn_store::scope_covers_unit(store.as_ref(), &scope, unit)
                .await
                .expect("scope_covers_unit")
        }
    };
    assert!(covers(tay_ninh_scope.clone(), f.thanh_loi_old.id).await);
    assert!(!covers(hcm_scope, f.thanh_loi_old.id).await);
    assert!(!covers(tay_ninh_scope, f.tan_dinh_old.id).await);
    assert!(covers(Scope::Everywhere, f.tan_dinh_old.id).await);
}

/// Long An went wholly into the new Tây Ninh, so everything that lay in Long An (its old
/// districts too, which have no successor of their own) lies within Tây Ninh, and a Tây Ninh
/// officer's scope reaches it.
async fn an_old_district_lies_within_the_new_province_its_province_went_into(
    store: Arc<dyn Store>,
) {
    let f = Fixture::applied(&store).await;
    let of_province = store
        .containing_units(f.long_an.id)
        .await
        .expect("containing_units");
    assert!(
        of_province.contains(&f.tay_ninh.id),
        "Tây Ninh chứa Long An"
    );

    let of_district = store
        .containing_units(f.thanh_hoa.id)
        .await
        .expect("containing_units");
    assert!(of_district.contains(&f.long_an.id));
    assert!(
        of_district.contains(&f.tay_ninh.id),
        "Tây Ninh mới phải chứa huyện cũ của Long An: {of_district:?}"
    );
    let tay_ninh_scope = Scope::Unit {
        unit_id: f.tay_ninh.id,
    };
    let covered = hn_store::scope_covers_unit(store.as_ref(), &tay_ninh_scope, f.thanh_hoa.id)
        .await
        .expect("scope_covers_unit");
    assert!(
        covered,
        "cán bộ tỉnh Tây Ninh xem được huyện cũ của Long An"
    );
}

async fn applying_the_same_unit_plan_twice_changes_nothing(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;
    let units_once = store.all_units().await.expect("all_units");
    let count_once = store.unit_count().await.expect("unit_count");
    let successions_once = all_successions(&store, &f.plan).await;
    assert_eq!(units_once, f.plan.units, "all_units trả về đúng kế hoạch");
    assert_eq!(successions_once.len(), f.plan.successions.len());

    store.apply_units(&f.plan).await.expect("áp dụng lần hai");
    assert_eq!(store.unit_count().await.expect("unit_count"), count_once);
    assert_eq!(store.all_units().await.expect("all_units"), units_once);
    assert_eq!(all_successions(&store, &f.plan).await, successions_once);

    // A corrected name and a changed succession kind are updates, not new rows.
    let mut corrected = f.plan.clone();
    corrected.units[0].name = "Tỉnh Long An (đã sửa)".to_string();
    corrected.successions[1].kind = SuccessionKind::PartDefault;
    store
        .apply_units(&corrected)
        .await
        .expect("áp dụng bản sửa");
    assert_eq!(store.unit_count().await.expect("unit_count"), count_once);
    assert_eq!(store.all_units().await.expect("all_units"), corrected.units);
    let changed = store
        .successions_from(corrected.successions[1].old_unit_id)
        .await
        .expect("successions_from");
    assert_eq!(changed, vec![corrected.successions[1].clone()]);
}

async fn a_failing_unit_plan_writes_nothing(store: Arc<dyn Store>) {
    let f = Fixture::plan();
    // Valid units, then a succession to a unit that exists nowhere.
    let mut broken = f.plan.clone();
    broken.successions.push(Succession {
        old_unit_id: f.thanh_hoa.id,
        new_unit_id: 9_999,
        kind: SuccessionKind::Whole,
    });
    let outcome = store.apply_units(&broken).await;
    assert!(outcome.is_err(), "kế thừa tới đơn vị không có phải lỗi");
    assert_eq!(store.unit_count().await.expect("unit_count"), 0);
    assert_eq!(
        store.unit_on("80", day(2023, 6, 1)).await.expect("unit_on"),
        None
    );

    // The same plan without the bad row still applies afterwards.
    store
        .apply_units(&f.plan)
        .await
        .expect("áp dụng kế hoạch đúng");
    assert_eq!(
        store.unit_count().await.expect("unit_count"),
        count(f.plan.units.len())
    );
}

// --- scenarios: institutions ---

async fn institutions_are_updated_by_code_not_duplicated(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;
    let school = f.school("80001", InstitutionKind::Thcs, &f.thanh_loi_old);
    let other = f.school("80002", InstitutionKind::Thpt, &f.thanh_loi_new);
    store
        .upsert_institutions(&[school.clone(), other.clone()])
        .await
        .expect("upsert");
    assert_eq!(store.institution_count().await.expect("count"), 2);
    assert_eq!(
        store.institution("80001").await.expect("institution"),
        Some(as_stored(&school))
    );

    let mut renamed = school.clone();
    renamed.name = "Trường THCS Thạnh Lợi (tên mới)".to_string();
    renamed.ownership = Ownership::NonPublic;
    renamed.phone = "0272 3 999 999".to_string();
    renamed.commune_unit_id = f.thanh_loi_new.id;
    renamed.managing_unit_id = f.tay_ninh.id;
    store
        .upsert_institutions(std::slice::from_ref(&renamed))
        .await
        .expect("upsert again");
    assert_eq!(store.institution_count().await.expect("count"), 2);
    assert_eq!(
        store.institution("80001").await.expect("institution"),
        Some(as_stored(&renamed))
    );
    assert_eq!(
        store.institution("80002").await.expect("institution"),
        Some(as_stored(&other))
    );
    assert_eq!(
        sorted(store.institution_codes().await.expect("codes")),
        vec!["80001".to_string(), "80002".to_string()]
    );
    assert_eq!(store.institution("00000").await.expect("institution"), None);

    // The same code cannot belong to a second province.
    let mut elsewhere = f.school("80001", InstitutionKind::Thcs, &f.tan_dinh_new);
    elsewhere.name = "Trùng mã ở tỉnh khác".to_string();
    let outcome = store.upsert_institutions(&[elsewhere]).await;
    assert!(
        matches!(outcome, Err(StoreError::Conflict(_))),
        "mã trùng ở tỉnh khác phải là Conflict: {outcome:?}"
    );
    assert_eq!(
        store.institution("80001").await.expect("institution"),
        Some(as_stored(&renamed))
    );
}

async fn an_institution_in_an_old_commune_is_found_from_the_new_province(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;
    let in_old_commune = f.school("80001", InstitutionKind::Thcs, &f.thanh_loi_old);
    let in_new_commune = f.school("80002", InstitutionKind::Thpt, &f.thanh_loi_new);
    let in_ho_chi_minh = f.school("79001", InstitutionKind::Thpt, &f.tan_dinh_old);
    store
        .upsert_institutions(&[
            in_old_commune.clone(),
            in_new_commune.clone(),
            in_ho_chi_minh.clone(),
        ])
        .await
        .expect("upsert");

    let codes_in = |unit: i64| {
        let store = Arc::clone(&store);
        async move {
            sorted(
                store
                    .institutions_in(unit, None)
                    .await
                    .expect("institutions_in")
                    .into_iter()
                    .map(|i| i.code)
                    .collect(),
            )
        }
    };
    let both = vec!["80001".to_string(), "80002".to_string()];
    assert_eq!(codes_in(f.tay_ninh.id).await, both, "hỏi từ tỉnh mới");
    assert_eq!(codes_in(f.thanh_loi_new.id).await, both, "hỏi từ xã mới");
    assert_eq!(codes_in(f.long_an.id).await, both, "hỏi từ tỉnh cũ");
    assert_eq!(codes_in(f.thanh_hoa.id).await, both, "hỏi từ huyện cũ");
    assert_eq!(codes_in(f.hcm_new.id).await, vec!["79001".to_string()]);
    assert_eq!(codes_in(f.quan_1.id).await, vec!["79001".to_string()]);

    let found = store
        .institutions_in(f.tay_ninh.id, None)
        .await
        .expect("institutions_in");
    let old = found.into_iter().find(|i| i.code == "80001");
    assert_eq!(
        old,
        Some(as_stored(&in_old_commune)),
        "đọc lại đủ các trường"
    );
}

async fn institutions_in_a_unit_can_be_filtered_by_kind(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;
    store
        .upsert_institutions(&[
            f.school("80001", InstitutionKind::Thcs, &f.thanh_loi_old),
            f.school("80002", InstitutionKind::Thpt, &f.thanh_loi_new),
            f.school("80003", InstitutionKind::Thcs, &f.thanh_loi_new),
            f.school("79001", InstitutionKind::Thcs, &f.tan_dinh_new),
        ])
        .await
        .expect("upsert");

    let codes_of = |kind: Option<InstitutionKind>| {
        let store = Arc::clone(&store);
        let unit = f.tay_ninh.id;
        async move {
            sorted(
                store
                    .institutions_in(unit, kind)
                    .await
                    .expect("institutions_in")
                    .into_iter()
                    .map(|i| i.code)
                    .collect(),
            )
        }
    };
    assert_eq!(
        codes_of(Some(InstitutionKind::Thcs)).await,
        vec!["80001".to_string(), "80003".to_string()]
    );
    assert_eq!(
        codes_of(Some(InstitutionKind::Thpt)).await,
        vec!["80002".to_string()]
    );
    assert!(codes_of(Some(InstitutionKind::College)).await.is_empty());
    assert_eq!(codes_of(None).await.len(), 3);
}

async fn a_failing_institution_batch_writes_nothing(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;
    let existing = f.school("80000", InstitutionKind::Thcs, &f.thanh_loi_old);
    store
        .upsert_institutions(std::slice::from_ref(&existing))
        .await
        .expect("upsert");

    // A small batch: an update, a new row, then a row whose commune does not exist.
    let mut renamed = existing.clone();
    renamed.name = "Không được lưu".to_string();
    let mut dangling = f.school("80999", InstitutionKind::Thpt, &f.thanh_loi_new);
    dangling.commune_unit_id = 9_999;
    let small = vec![
        renamed.clone(),
        f.school("80001", InstitutionKind::Thpt, &f.thanh_loi_new),
        dangling.clone(),
    ];
    let outcome = store.upsert_institutions(&small).await;
    assert!(
        matches!(outcome, Err(StoreError::Database(_))),
        "khóa ngoại sai phải là lỗi cơ sở dữ liệu: {outcome:?}"
    );
    assert_eq!(store.institution_count().await.expect("count"), 1);
    assert_eq!(
        store.institution("80000").await.expect("institution"),
        Some(as_stored(&existing)),
        "bản sửa trong lô hỏng không được lưu"
    );
    assert_eq!(store.institution("80001").await.expect("institution"), None);

    // A batch larger than one insert statement: the bad row sits in a later statement, so
    // only the transaction can undo the rows written before it.
    let mut large: Vec<NewInstitution> = (1..=1_200)
        .map(|n| f.school(&format!("8{n:05}"), InstitutionKind::Thcs, &f.thanh_loi_new))
        .collect();
    large.insert(0, renamed);
    large.push(dangling);
    let outcome = store.upsert_institutions(&large).await;
    assert!(outcome.is_err(), "lô lớn có dòng hỏng phải lỗi");
    assert_eq!(store.institution_count().await.expect("count"), 1);
    assert_eq!(
        store.institution_codes().await.expect("codes"),
        vec!["80000".to_string()]
    );
    assert_eq!(
        store.institution("80000").await.expect("institution"),
        Some(as_stored(&existing))
    );
}

// --- scenarios: users, sessions, sign-in throttling, audit ---

async fn a_user_reads_back_with_the_role_and_scope_given(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;
    store
        .upsert_institutions(&[f.school("80001", InstitutionKind::Thcs, &f.thanh_loi_new)])
        .await
        .expect("upsert");

    let wanted = [
        new_user("quantri", Role::Admin, Scope::Everywhere),
        new_user(
            "so.tayninh",
            Role::ProvinceOfficer,
            Scope::Unit {
                unit_id: f.tay_ninh.id,
            },
        ),
        new_user(
            "thcs.thanhloi",
            Role::SchoolStaff,
            Scope::Institution {
                code: "80001".to_string(),
            },
        ),
    ];
    let mut created = Vec::new();
    for user in &wanted {
        let id = store.create_user(user).await.expect("create_user");
        created.push(id);
    }
    let mut distinct = sorted(created.clone());
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "mỗi người dùng một mã số");

    for (user, id) in wanted.iter().zip(&created) {
        let by_name = store
            .user_by_username(&user.username)
            .await
            .expect("user_by_username")
            .expect("người dùng vừa tạo");
        assert_eq!(by_name.id, *id);
        assert_eq!(by_name.username, user.username);
        assert_eq!(by_name.display_name, user.display_name);
        assert_eq!(by_name.password_hash, user.password_hash);
        assert_eq!(by_name.role, user.role);
        assert_eq!(by_name.scope, user.scope);
        assert!(by_name.active, "người dùng mới đang hoạt động");

        let by_id = store.user(*id).await.expect("user").expect("theo id");
        assert_eq!(by_id.username, user.username);
        assert_eq!(by_id.role, user.role);
        assert_eq!(by_id.scope, user.scope);
    }
    let listed: Vec<String> = store
        .users()
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(listed, vec!["quantri", "so.tayninh", "thcs.thanhloi"]);
    assert!(
        store
            .user_by_username("khong.co")
            .await
            .expect("user_by_username")
            .is_none()
    );
    assert!(store.user(9_999).await.expect("user").is_none());
}

async fn a_username_can_be_taken_only_once(store: Arc<dyn Store>) {
    store
        .create_user(&new_user("quantri", Role::Admin, Scope::Everywhere))
        .await
        .expect("create_user");
    let mut again = new_user("quantri", Role::Parent, Scope::Everywhere);
    again.display_name = "Người khác".to_string();
    let outcome = store.create_user(&again).await;
    assert!(
        matches!(outcome, Err(StoreError::Conflict(_))),
        "tên đăng nhập trùng phải là Conflict: {outcome:?}"
    );
    let users = store.users().await.expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].role, Role::Admin);
}

async fn a_session_is_found_only_while_it_lives(store: Arc<dyn Store>) {
    let user_id = store
        .create_user(&new_user("quantri", Role::Admin, Scope::Everywhere))
        .await
        .expect("create_user");
    let now = at(2026, 1, 15, 8, 0, 0);
    let browser = new_session(
        "browser",
        user_id,
        SessionKind::Browser,
        now,
        TimeDelta::hours(8),
    );
    let api = new_session("api", user_id, SessionKind::Api, now, TimeDelta::days(30));
    // Expiry with a fraction of a second, to check the comparison is by time, not by text.
    let short = new_session(
        "short",
        user_id,
        SessionKind::Browser,
        now,
        TimeDelta::milliseconds(500),
    );
    for session in [&browser, &api, &short] {
        store.create_session(session).await.expect("create_session");
    }

    let found = store
        .session("browser", now)
        .await
        .expect("session")
        .expect("phiên còn hạn");
    assert_eq!(found.user.id, user_id);
    assert_eq!(found.user.username, "quantri");
    assert_eq!(found.user.role, Role::Admin);
    assert_eq!(found.csrf_token, "csrf-browser");
    assert_eq!(found.kind, SessionKind::Browser);
    assert_eq!(found.expires_at, browser.expires_at);
    let found_api = store
        .session("api", now)
        .await
        .expect("session")
        .expect("phiên API");
    assert_eq!(found_api.kind, SessionKind::Api);

    // Live up to, not including, the expiry instant.
    let just_before = browser.expires_at - TimeDelta::seconds(1);
    assert!(
        store
            .session("browser", just_before)
            .await
            .expect("session")
            .is_some()
    );
    assert!(
        store
            .session("browser", browser.expires_at)
            .await
            .expect("session")
            .is_none()
    );
    assert!(
        store
            .session("browser", now + TimeDelta::days(1))
            .await
            .expect("session")
            .is_none()
    );
    assert!(
        store
            .session("short", now)
            .await
            .expect("session")
            .is_some()
    );
    assert!(
        store
            .session("short", now + TimeDelta::milliseconds(499))
            .await
            .expect("session")
            .is_some()
    );
    assert!(
        store
            .session("short", now + TimeDelta::seconds(1))
            .await
            .expect("session")
            .is_none()
    );
    assert!(
        store
            .session("unknown", now)
            .await
            .expect("session")
            .is_none()
    );

    store
        .delete_session("browser")
        .await
        .expect("delete_session");
    assert!(
        store
            .session("browser", now)
            .await
            .expect("session")
            .is_none()
    );
    assert!(store.session("api", now).await.expect("session").is_some());
    store
        .delete_session("browser")
        .await
        .expect("xóa lần hai không lỗi");
}

async fn cleaning_up_sessions_removes_only_expired_ones(store: Arc<dyn Store>) {
    let user_id = store
        .create_user(&new_user("quantri", Role::Admin, Scope::Everywhere))
        .await
        .expect("create_user");
    let start = at(2026, 1, 15, 8, 0, 0);
    let sessions = [
        new_session(
            "hour",
            user_id,
            SessionKind::Browser,
            start,
            TimeDelta::hours(1),
        ),
        new_session(
            "day",
            user_id,
            SessionKind::Browser,
            start,
            TimeDelta::days(1),
        ),
        new_session(
            "month",
            user_id,
            SessionKind::Api,
            start,
            TimeDelta::days(30),
        ),
    ];
    for session in &sessions {
        store.create_session(session).await.expect("create_session");
    }

    assert_eq!(
        store.delete_expired_sessions(start).await.expect("clean"),
        0
    );
    let two_hours_on = start + TimeDelta::hours(2);
    assert_eq!(
        store
            .delete_expired_sessions(two_hours_on)
            .await
            .expect("clean"),
        1
    );
    assert!(
        store
            .session("hour", start)
            .await
            .expect("session")
            .is_none()
    );
    assert!(
        store
            .session("day", two_hours_on)
            .await
            .expect("session")
            .is_some()
    );
    assert!(
        store
            .session("month", two_hours_on)
            .await
            .expect("session")
            .is_some()
    );

    // Expiring exactly now counts as expired, like the lookup.
    let one_day_on = start + TimeDelta::days(1);
    assert_eq!(
        store
            .delete_expired_sessions(one_day_on)
            .await
            .expect("clean"),
        1
    );
    assert!(
        store
            .session("day", start)
            .await
            .expect("session")
            .is_none()
    );
    assert!(
        store
            .session("month", one_day_on)
            .await
            .expect("session")
            .is_some()
    );
}

async fn sign_in_failures_count_within_the_window_and_can_be_cleared(store: Arc<dyn Store>) {
    let window = TimeDelta::minutes(15);
    let t0 = at(2026, 1, 15, 8, 0, 0);
    let key = "hash(quantri|203.0.113.7)";

    for (n, minutes) in [(1, 0), (2, 1), (3, 2)] {
        let now = t0 + TimeDelta::minutes(minutes);
        let counted = store
            .record_login_failure(key, now, now - window)
            .await
            .expect("record_login_failure");
        assert_eq!(counted, n, "lần sai thứ {n}");
    }
    let now = t0 + TimeDelta::minutes(3);
    assert_eq!(
        store
            .login_failures(key, now - window)
            .await
            .expect("count"),
        3
    );
    assert_eq!(
        store
            .login_failures("another key", now - window)
            .await
            .expect("count"),
        0,
        "khóa khác không bị tính"
    );

    // Once the window has moved past the last failure, nothing is counted and the next
    // failure starts again from one.
    let later = t0 + TimeDelta::minutes(30);
    assert_eq!(
        store
            .login_failures(key, later - window)
            .await
            .expect("count"),
        0
    );
    assert_eq!(
        store
            .record_login_failure(key, later, later - window)
            .await
            .expect("record_login_failure"),
        1
    );
    assert_eq!(
        store
            .record_login_failure(key, later + TimeDelta::seconds(10), later - window)
            .await
            .expect("record_login_failure"),
        2
    );

    store.clear_login_failures(key).await.expect("clear");
    assert_eq!(
        store
            .login_failures(key, later - window)
            .await
            .expect("count"),
        0
    );
    assert_eq!(
        store
            .record_login_failure(key, later, later - window)
            .await
            .expect("record_login_failure"),
        1,
        "sau khi xóa đếm lại từ một"
    );
    store
        .clear_login_failures("never seen")
        .await
        .expect("clear unknown");
}

async fn audit_events_read_back_newest_first(store: Arc<dyn Store>) {
    let user_id = store
        .create_user(&new_user("quantri", Role::Admin, Scope::Everywhere))
        .await
        .expect("create_user");
    let t0 = at(2026, 1, 15, 8, 0, 0);
    let events: Vec<NewAuditEvent> = [
        ("sign_in", "user", "quantri"),
        ("import_units", "unit_plan", "national"),
        ("edit_institution", "institution", "80001"),
    ]
    .into_iter()
    .enumerate()
    .map(|(n, (action, subject_kind, subject_id))| NewAuditEvent {
        at: t0 + TimeDelta::minutes(i64::try_from(n).unwrap_or(0)) + TimeDelta::milliseconds(250),
        user_id: (n != 1).then_some(user_id),
        username: if n == 1 { "hệ thống" } else { "quantri" }.to_string(),
        action: action.to_string(),
        subject_kind: subject_kind.to_string(),
        subject_id: subject_id.to_string(),
        detail: format!("chi tiết {n}"),
    })
    .collect();
    for event in &events {
        store.audit(event).await.expect("audit");
    }

    let read = store.audit_events(10).await.expect("audit_events");
    assert_eq!(read.len(), 3);
    for (got, wanted) in read.iter().zip(events.iter().rev()) {
        assert_eq!(got.at, wanted.at);
        assert_eq!(got.user_id, wanted.user_id);
        assert_eq!(got.username, wanted.username);
        assert_eq!(got.action, wanted.action);
        assert_eq!(got.subject_kind, wanted.subject_kind);
        assert_eq!(got.subject_id, wanted.subject_id);
        assert_eq!(got.detail, wanted.detail);
    }
    assert!(read.windows(2).all(|pair| pair[0].id > pair[1].id));

    let newest_two: Vec<String> = store
        .audit_events(2)
        .await
        .expect("audit_events")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(newest_two, vec!["edit_institution", "import_units"]);
}

// --- scenario: the national reference ---

async fn the_national_reference_loads_with_long_an_before_and_tay_ninh_after_the_reform(
    store: Arc<dyn Store>,
) {
    let plan = hn_interchange::reference::national_plan(1).expect("kế hoạch quốc gia");
    let started = Instant::now();
    store
        .apply_units(&plan)
        .await
        .expect("nạp danh mục quốc gia");
    let elapsed = started.elapsed();
    println!(
        "nạp danh mục quốc gia trên {:?}: {} đơn vị, {} kế thừa trong {:.2?}",
        store.backend(),
        plan.units.len(),
        plan.successions.len(),
        elapsed
    );

    assert_eq!(
        store.unit_count().await.expect("unit_count"),
        count(plan.units.len())
    );

    let long_an = store
        .unit_on("80", day(2023, 6, 1))
        .await
        .expect("unit_on")
        .expect("80 năm 2023");
    assert_eq!(long_an.name, "Tỉnh Long An");
    assert_eq!(long_an.level, UnitLevel::Province);
    assert_eq!(
        store.children(long_an.id).await.expect("children").len(),
        15
    );

    let tay_ninh = store
        .unit_on("80", day(2026, 1, 1))
        .await
        .expect("unit_on")
        .expect("80 năm 2026");
    assert_eq!(tay_ninh.name, "Tỉnh Tây Ninh");
    assert_eq!(tay_ninh.validity, Validity::reformed());
    let communes = store.children(tay_ninh.id).await.expect("children");
    assert_eq!(communes.len(), 96);
    assert!(communes.iter().all(|c| c.level == UnitLevel::Commune));

    // An old Long An commune lies within the new Tây Ninh.
    let old_commune = store
        .unit_on("27994", day(2023, 6, 1))
        .await
        .expect("unit_on")
        .expect("xã 27994 năm 2023");
    let containing = store
        .containing_units(old_commune.id)
        .await
        .expect("containing_units");
    assert!(containing.contains(&long_an.id) && containing.contains(&tay_ninh.id));

    // An old district, which has no successor of its own, lies within the new province its
    // province went into.
    let ben_luc = store
        .unit_on("803", day(2023, 6, 1))
        .await
        .expect("unit_on")
        .expect("Huyện Bến Lức năm 2023");
    let containing = store
        .containing_units(ben_luc.id)
        .await
        .expect("containing_units");
    assert!(containing.contains(&long_an.id) && containing.contains(&tay_ninh.id));

    // An old commune of the old Tây Ninh (72) lies within the new Tây Ninh, but not within
    // Long An, though both provinces were merged into the same new one.
    let old_tay_ninh_ward = store
        .unit_on("25456", day(2023, 6, 1))
        .await
        .expect("unit_on")
        .expect("Phường 1, Thành phố Tây Ninh năm 2023");
    assert_eq!(old_tay_ninh_ward.province_code, "72");
    let containing = store
        .containing_units(old_tay_ninh_ward.id)
        .await
        .expect("containing_units");
    assert!(containing.contains(&tay_ninh.id), "{containing:?}");
    assert!(!containing.contains(&long_an.id), "{containing:?}");
}

// --- the fixture: a tiny plan across the 2025 reform ---

/// Long An (code 80) before the reform, Tây Ninh (code 80 reused) after, and an unrelated
/// Hồ Chí Minh City commune in both eras. The commune 27994 keeps its code through the
/// reform; 27868 is split and only a part of it goes into the new 27994.
struct Fixture {
    plan: UnitPlan,
    long_an: Unit,
    thanh_hoa: Unit,
    thanh_loi_old: Unit,
    tan_hiep_old: Unit,
    hcm_old: Unit,
    quan_1: Unit,
    tan_dinh_old: Unit,
    tay_ninh: Unit,
    thanh_loi_new: Unit,
    hcm_new: Unit,
    tan_dinh_new: Unit,
}

impl Fixture {
    fn plan() -> Self {
        let legacy = Validity::legacy();
        let reformed = Validity::reformed();
        let long_an = province(1, "80", "Tỉnh Long An", "Tỉnh", legacy);
        let thanh_hoa = below(&long_an, 2, "800", UnitLevel::District, "Huyện Thạnh Hóa");
        let thanh_loi_old = below(&thanh_hoa, 3, "27994", UnitLevel::Commune, "Xã Thạnh Lợi");
        let tan_hiep_old = below(&thanh_hoa, 4, "27868", UnitLevel::Commune, "Xã Tân Hiệp");
        let hcm_old = province(5, "79", "Thành phố Hồ Chí Minh", "Thành phố", legacy);
        let quan_1 = below(&hcm_old, 6, "760", UnitLevel::District, "Quận 1");
        let tan_dinh_old = below(&quan_1, 7, "26734", UnitLevel::Commune, "Phường Tân Định");
        let tay_ninh = province(11, "80", "Tỉnh Tây Ninh", "Tỉnh", reformed);
        let thanh_loi_new = below(&tay_ninh, 12, "27994", UnitLevel::Commune, "Xã Thạnh Lợi");
        let hcm_new = province(13, "79", "Thành phố Hồ Chí Minh", "Thành phố", reformed);
        let tan_dinh_new = below(&hcm_new, 14, "26737", UnitLevel::Commune, "Phường Tân Định");

        let plan = UnitPlan {
            units: vec![
                long_an.clone(),
                thanh_hoa.clone(),
                thanh_loi_old.clone(),
                tan_hiep_old.clone(),
                hcm_old.clone(),
                quan_1.clone(),
                tan_dinh_old.clone(),
                tay_ninh.clone(),
                thanh_loi_new.clone(),
                hcm_new.clone(),
                tan_dinh_new.clone(),
            ],
            successions: vec![
                succession(&long_an, &tay_ninh, SuccessionKind::Whole),
                succession(&thanh_loi_old, &thanh_loi_new, SuccessionKind::Whole),
                succession(&tan_hiep_old, &thanh_loi_new, SuccessionKind::Part),
                succession(&hcm_old, &hcm_new, SuccessionKind::Whole),
                succession(&tan_dinh_old, &tan_dinh_new, SuccessionKind::Whole),
            ],
        };
        Fixture {
            plan,
            long_an,
            thanh_hoa,
            thanh_loi_old,
            tan_hiep_old,
            hcm_old,
            quan_1,
            tan_dinh_old,
            tay_ninh,
            thanh_loi_new,
            hcm_new,
            tan_dinh_new,
        }
    }

    async fn applied(store: &Arc<dyn Store>) -> Self {
        let fixture = Fixture::plan();
        store
            .apply_units(&fixture.plan)
            .await
            .expect("áp dụng kế hoạch đơn vị");
        fixture
    }

    /// A school in `commune`, managed by the commune's parent (district or province).
    fn school(&self, code: &str, kind: InstitutionKind, commune: &Unit) -> NewInstitution {
        NewInstitution {
            code: code.to_string(),
            kind,
            ownership: Ownership::Public,
            name: format!("Trường {} {}", kind.code().to_uppercase(), commune.name),
            address: format!("Ấp 1, {}", commune.name),
            phone: "0272 3 888 888".to_string(),
            email: format!("{code}@truong.edu.vn"),
            province_code: commune.province_code.clone(),
            commune_unit_id: commune.id,
            managing_unit_id: commune.parent_id.unwrap_or(commune.id),
        }
    }
}

fn province(id: i64, code: &str, name: &str, kind: &str, validity: Validity) -> Unit {
    Unit {
        id,
        code: code.to_string(),
        level: UnitLevel::Province,
        name: name.to_string(),
        kind: kind.to_string(),
        province_code: code.to_string(),
        parent_id: None,
        validity,
    }
}

/// A unit under `parent`, in the same province and era; its kind is the first word of its name.
fn below(parent: &Unit, id: i64, code: &str, level: UnitLevel, name: &str) -> Unit {
    Unit {
        id,
        code: code.to_string(),
        level,
        name: name.to_string(),
        kind: name.split(' ').next().unwrap_or_default().to_string(),
        province_code: parent.province_code.clone(),
        parent_id: Some(parent.id),
        validity: parent.validity,
    }
}

fn succession(old: &Unit, new: &Unit, kind: SuccessionKind) -> Succession {
    Succession {
        old_unit_id: old.id,
        new_unit_id: new.id,
        kind,
    }
}

fn as_stored(row: &NewInstitution) -> hn_store::Institution {
    hn_store::Institution {
        code: row.code.clone(),
        kind: row.kind,
        ownership: row.ownership,
        name: row.name.clone(),
        address: row.address.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        province_code: row.province_code.clone(),
        commune_unit_id: row.commune_unit_id,
        managing_unit_id: row.managing_unit_id,
    }
}

fn new_user(username: &str, role: Role, scope: Scope) -> NewUser {
    NewUser {
        username: username.to_string(),
        display_name: format!("Người dùng {username}"),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$muối${username}"),
        role,
        scope,
    }
}

fn new_session(
    token_hash: &str,
    user_id: i64,
    kind: SessionKind,
    created_at: DateTime<Utc>,
    lifetime: TimeDelta,
) -> NewSession {
    NewSession {
        token_hash: token_hash.to_string(),
        user_id,
        csrf_token: format!("csrf-{token_hash}"),
        kind,
        created_at,
        expires_at: created_at + lifetime,
    }
}

/// Every succession touching a unit of the plan, in a stable order.
async fn all_successions(store: &Arc<dyn Store>, plan: &UnitPlan) -> Vec<(i64, i64, String)> {
    let mut found = Vec::new();
    for unit in &plan.units {
        for s in store
            .successions_from(unit.id)
            .await
            .expect("successions_from")
        {
            found.push((s.old_unit_id, s.new_unit_id, s.kind.code().to_string()));
        }
    }
    found.sort();
    found
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("ngày hợp lệ")
}

fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, second)
        .single()
        .expect("thời điểm hợp lệ")
}

fn ids(units: Vec<Unit>) -> Vec<i64> {
    sorted(units.into_iter().map(|u| u.id).collect())
}

fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items
}

fn count(len: usize) -> i64 {
    i64::try_from(len).expect("số dòng vừa i64")
}
