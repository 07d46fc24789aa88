//! What the reporting cycle relies on from the store, on both backends: a submission is kept with
//! its figures, a returned report can be sent again (keeping the first day it was sent), an
//! approved one can never change, and corrections are asked and decided once.

mod support;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use domain::InstitutionKind;
use hn_store::{
    CorrectionStatus, GraduateData, GraduatePlan, NewCorrection, NewSubmission, Review, Store,
    StoreError, SubmissionStatus, Submitter,
};
use support::fixtures::{Fixture, at, day};

on_both_backends! {
    a_returned_report_is_sent_again_and_keeps_its_first_day
        => a_returned_report_is_sent_again_and_keeps_its_first_day_sqlite,
           a_returned_report_is_sent_again_and_keeps_its_first_day_postgres;
    an_approved_report_cannot_be_changed_by_anyone
        => an_approved_report_cannot_be_changed_by_anyone_sqlite,
           an_approved_report_cannot_be_changed_by_anyone_postgres;
    an_approved_unit_locks_the_schools_inside_it_in_every_era
        => an_approved_unit_locks_the_schools_inside_it_in_every_era_sqlite,
           an_approved_unit_locks_the_schools_inside_it_in_every_era_postgres;
    a_correction_is_decided_once
        => a_correction_is_decided_once_sqlite, a_correction_is_decided_once_postgres;
}

const SCHOOL: &str = "80800001";

fn submission(submitter: Submitter, unit_id: i64, sent: DateTime<Utc>) -> NewSubmission {
    NewSubmission {
        province_code: "80".into(),
        period: "2024-h1".into(),
        cohort_year: 2023,
        submitter,
        unit_id,
        figures: r#"{"thcs":{"thpt_public":40,"intermediate":12}}"#.into(),
        note: "Số liệu đến 14/6".into(),
        username: "gv.thanhhoa".into(),
        at: sent,
    }
}

fn review(approve: bool, comment: &str) -> Review {
    Review {
        approve,
        username: "phong.thanhhoa".into(),
        comment: comment.into(),
        at: at(2024, 6, 25, 9, 0, 0),
    }
}

async fn with_school(store: &Arc<dyn Store>) -> Fixture {
    let fixture = Fixture::applied(store).await;
    store
        .upsert_institutions(&[fixture.school(
            SCHOOL,
            InstitutionKind::Thcs,
            &fixture.thanh_loi_old,
        )])
        .await
        .expect("trường");
    fixture
}

async fn a_returned_report_is_sent_again_and_keeps_its_first_day(store: Arc<dyn Store>) {
    let fixture = with_school(&store).await;
    let school = Submitter::Institution(SCHOOL.into());
    let first = store
        .submit_report(&submission(
            school.clone(),
            fixture.thanh_loi_old.id,
            at(2024, 6, 18, 8, 0, 0),
        ))
        .await
        .expect("gửi");
    assert_eq!(first.status, SubmissionStatus::Submitted);
    assert!(first.figures.contains("intermediate"));
    let returned = store
        .review_submission(first.id, &review(false, "Thiếu số liệu 9+"))
        .await
        .expect("trả lại");
    assert_eq!(returned.status, SubmissionStatus::Returned);
    assert_eq!(returned.review_comment, "Thiếu số liệu 9+");

    let mut again = submission(
        school.clone(),
        fixture.thanh_loi_old.id,
        at(2024, 6, 27, 8, 0, 0),
    );
    again.figures = r#"{"thcs":{"thpt_public":40,"gdtx_vocational":3}}"#.into();
    let second = store.submit_report(&again).await.expect("gửi lại");
    assert_eq!(second.id, first.id, "one report per period and submitter");
    assert_eq!(second.status, SubmissionStatus::Submitted);
    assert_eq!(second.first_submitted_at, at(2024, 6, 18, 8, 0, 0));
    assert_eq!(second.submitted_at, at(2024, 6, 27, 8, 0, 0));
    assert!(second.figures.contains("gdtx_vocational"));
    assert_eq!(
        second.review_comment, "",
        "the old comment went with the old version"
    );
    let listed = store.submissions("2024-h1").await.expect("danh sách");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        store
            .submission_of("2024-h1", &school)
            .await
            .expect("tìm")
            .map(|s| s.id),
        Some(first.id)
    );
    assert_eq!(
        store.submission_of("2024-y", &school).await.expect("tìm"),
        None
    );
}

async fn an_approved_report_cannot_be_changed_by_anyone(store: Arc<dyn Store>) {
    let fixture = with_school(&store).await;
    let school = Submitter::Institution(SCHOOL.into());
    let sent = store
        .submit_report(&submission(
            school.clone(),
            fixture.thanh_loi_old.id,
            at(2024, 6, 18, 8, 0, 0),
        ))
        .await
        .expect("gửi");
    let approved = store
        .review_submission(sent.id, &review(true, ""))
        .await
        .expect("duyệt");
    assert_eq!(approved.status, SubmissionStatus::Approved);
    assert_eq!(approved.reviewed_by.as_deref(), Some("phong.thanhhoa"));

    let mut changed = submission(
        school.clone(),
        fixture.thanh_loi_old.id,
        at(2024, 7, 1, 8, 0, 0),
    );
    changed.figures = r#"{"thcs":{"thpt_public":99}}"#.into();
    assert!(matches!(
        store.submit_report(&changed).await,
        Err(StoreError::Locked(_))
    ));
    assert!(matches!(
        store
            .review_submission(sent.id, &review(false, "mở lại"))
            .await,
        Err(StoreError::Locked(_))
    ));
    let kept = store.submission(sent.id).await.expect("đọc").expect("có");
    assert_eq!(kept.status, SubmissionStatus::Approved);
    assert_eq!(
        kept.figures, sent.figures,
        "the approved figures stay as sent"
    );
    assert_eq!(
        store
            .approved_submissions(2023)
            .await
            .expect("đã duyệt")
            .len(),
        1
    );
    assert!(
        store
            .approved_submissions(2024)
            .await
            .expect("đã duyệt")
            .is_empty()
    );
}

async fn an_approved_unit_locks_the_schools_inside_it_in_every_era(store: Arc<dyn Store>) {
    let fixture = with_school(&store).await;
    assert_eq!(store.cohort_lock(SCHOOL, 2023).await.expect("khóa"), None);
    // The new commune of 2025 carries the old commune's figures: its approval locks the school.
    let commune = Submitter::Unit(fixture.thanh_loi_new.id);
    let sent = store
        .submit_report(&submission(
            commune,
            fixture.thanh_loi_new.id,
            at(2024, 6, 18, 8, 0, 0),
        ))
        .await
        .expect("gửi");
    store
        .review_submission(sent.id, &review(true, ""))
        .await
        .expect("duyệt");
    let lock = store
        .cohort_lock(SCHOOL, 2023)
        .await
        .expect("khóa")
        .expect("trường nằm trong xã đã duyệt");
    assert_eq!(lock.id, sent.id);
    assert_eq!(
        store.cohort_lock(SCHOOL, 2024).await.expect("khóa"),
        None,
        "another cohort stays open"
    );
    let elsewhere = "79700009";
    store
        .upsert_institutions(&[fixture.school(
            elsewhere,
            InstitutionKind::Thcs,
            &fixture.tan_dinh_old,
        )])
        .await
        .expect("trường ở tỉnh khác");
    assert_eq!(
        store.cohort_lock(elsewhere, 2023).await.expect("khóa"),
        None,
        "a school elsewhere stays open"
    );
}

async fn a_correction_is_decided_once(store: Arc<dyn Store>) {
    let fixture = with_school(&store).await;
    let graduate = GraduateData {
        province_code: "80".into(),
        year: 2023,
        level: domain::Level::Thcs,
        school_code: SCHOOL.into(),
        moet_id: None,
        name: domain::PersonName {
            family_middle: "Nguyễn Văn".into(),
            given: "An".into(),
        },
        birth_date: day(2008, 3, 1),
        gender: domain::Gender::Male,
        ethnicity: "01".into(),
        residence_commune_id: None,
        class_name: "9A".into(),
        academic: None,
        conduct: None,
        exam_sat: None,
        exam_passed: None,
        wishes: String::new(),
        destination: domain::Destination::Unknown,
        destination_institution: None,
        destination_date: None,
        destination_source: String::new(),
    };
    store
        .apply_graduates(&GraduatePlan {
            inserts: vec![graduate],
            updates: vec![],
            username: "gv".into(),
            source: "test".into(),
            at: at(2024, 6, 1, 8, 0, 0),
        })
        .await
        .expect("ghi");
    let id = store
        .graduates_of(SCHOOL, 2023, domain::Level::Thcs)
        .await
        .expect("đọc")[0]
        .id;
    let sent = store
        .submit_report(&submission(
            Submitter::Institution(SCHOOL.into()),
            fixture.thanh_loi_old.id,
            at(2024, 6, 18, 8, 0, 0),
        ))
        .await
        .expect("gửi");
    let asked = store
        .ask_correction(&NewCorrection {
            province_code: "80".into(),
            submission_id: sent.id,
            graduate_id: id,
            field: "destination".into(),
            old_value: "unknown".into(),
            new_value: "intermediate".into(),
            reason: "Em đã nhập học Trường Trung cấp Long An".into(),
            username: "gv.thanhhoa".into(),
            at: at(2024, 7, 2, 8, 0, 0),
        })
        .await
        .expect("đề nghị");
    assert_eq!(asked.status, CorrectionStatus::Pending);
    assert_eq!(
        store.corrections_of(&[sent.id]).await.expect("đọc").len(),
        1
    );
    assert_eq!(
        store.corrections_for(id).await.expect("đọc")[0].id,
        asked.id
    );
    let decided = store
        .review_correction(asked.id, &review(true, "Đồng ý"))
        .await
        .expect("duyệt");
    assert_eq!(decided.status, CorrectionStatus::Approved);
    assert!(matches!(
        store
            .review_correction(asked.id, &review(false, "đổi ý"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .correction(asked.id)
            .await
            .expect("đọc")
            .map(|c| c.status),
        Some(CorrectionStatus::Approved)
    );
}
