//! What users rely on from the store's administrative units, checked on both backends (see
//! `support`): a code finds the version in force on a day, each era reads back as a tree,
//! containment across the 2025 reform, and unit plans that apply once or not at all.

mod support;

use std::sync::Arc;

use domain::{Scope, SuccessionKind};
use hn_store::{Store, Succession, Unit, UnitPlan};

use support::fixtures::{Fixture, count, day, sorted, succession};

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
    a_record_is_reached_in_the_tree_of_its_period
        => a_record_is_reached_in_the_tree_of_its_period_sqlite,
           a_record_is_reached_in_the_tree_of_its_period_postgres;
}

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

    // Never the other way round: an old unit does not contain the new commune it went into
    // (its officer would otherwise reach what the new commune took from its merger partners).
    let of_new = sorted(
        store
            .containing_units(f.thanh_loi_new.id)
            .await
            .expect("containing_units"),
    );
    assert_eq!(of_new, sorted(vec![f.thanh_loi_new.id, f.tay_ninh.id]));

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

// --- helpers ---

/// Every succession touching a unit of the plan, in a stable order.
/// A school's records are reached by the units that held the school in the tree of the
/// record's period, and by the later units carrying them; never by a unit that had ended, nor
/// by one merged with the school's commune only later.
async fn a_record_is_reached_in_the_tree_of_its_period(store: Arc<dyn Store>) {
    let f = Fixture::applied(&store).await;
    let on = |place: i64, when| {
        let store = Arc::clone(&store);
        async move {
            sorted(
                hn_store::containing_units_on(store.as_ref(), place, when)
                    .await
                    .expect("containing_units_on"),
            )
        }
    };
    let (before, after) = (day(2024, 6, 30), day(2026, 6, 30));

    // A school of the old Thạnh Lợi: before the reform, its old tree and the new units that
    // carry it; after, the new units only (the old commune's officer keeps only the past).
    assert_eq!(
        on(f.thanh_loi_old.id, before).await,
        sorted(vec![
            f.thanh_loi_old.id,
            f.thanh_hoa.id,
            f.long_an.id,
            f.thanh_loi_new.id,
            f.tay_ninh.id
        ])
    );
    assert_eq!(
        on(f.thanh_loi_old.id, after).await,
        sorted(vec![f.thanh_loi_new.id, f.tay_ninh.id])
    );

    // A school registered under the new Thạnh Lợi, formed from the old Thạnh Lợi and a part of
    // Tân Hiệp: in the old tree only what both have in common (Thạnh Hóa, Long An), neither old
    // commune, since which one it lay in is not known.
    assert_eq!(
        on(f.thanh_loi_new.id, before).await,
        sorted(vec![
            f.thanh_loi_new.id,
            f.tay_ninh.id,
            f.thanh_hoa.id,
            f.long_an.id
        ])
    );
    assert_eq!(
        on(f.thanh_loi_new.id, after).await,
        sorted(vec![f.thanh_loi_new.id, f.tay_ninh.id])
    );

    // The institutions of a unit follow the same rule: the old Thạnh Lợi does not list a school
    // registered under the new commune; the old district, holding both predecessors, does.
    store
        .upsert_institutions(&[f.school(
            "80000777",
            domain::InstitutionKind::Thcs,
            &f.thanh_loi_new,
        )])
        .await
        .expect("school");
    let listed = |unit: i64| {
        let store = Arc::clone(&store);
        async move {
            store
                .institutions_in(unit, None)
                .await
                .expect("institutions_in")
                .into_iter()
                .map(|i| i.code)
                .collect::<Vec<_>>()
        }
    };
    assert!(listed(f.thanh_loi_old.id).await.is_empty());
    assert_eq!(listed(f.thanh_hoa.id).await, vec!["80000777".to_string()]);
    assert_eq!(listed(f.tay_ninh.id).await, vec!["80000777".to_string()]);
}

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

fn ids(units: Vec<Unit>) -> Vec<i64> {
    sorted(units.into_iter().map(|u| u.id).collect())
}
