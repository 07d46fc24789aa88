//! The national unit reference loaded into the store, checked on both backends (see `support`):
//! Long An before the 2025 reform, Tây Ninh after, and the old units within the new ones.

mod support;

use std::sync::Arc;
use std::time::Instant;

use domain::{UnitLevel, Validity};
use hn_store::Store;

use support::fixtures::{count, day};

on_both_backends! {
    the_national_reference_loads_with_long_an_before_and_tay_ninh_after_the_reform
        => the_national_reference_loads_with_long_an_before_and_tay_ninh_after_the_reform_sqlite,
           the_national_reference_loads_with_long_an_before_and_tay_ninh_after_the_reform_postgres;
}

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
