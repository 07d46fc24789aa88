//! What users rely on from the store's institutions, checked on both backends (see `support`):
//! updated by code rather than duplicated, found from any era's units, filtered by kind, and
//! batches that write whole or not at all.

mod support;

use std::sync::Arc;

use domain::{InstitutionKind, Ownership};
use hn_store::{NewInstitution, Store, StoreError};

use support::fixtures::{Fixture, sorted};

on_both_backends! {
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
}

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

// --- helpers ---

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
