//! What users rely on from the store's accounts, checked on both backends (see `support`): users
//! read back with their role and scope, a username is taken only once, and the audit trail
//! reads back newest first. Sessions and sign-in failures are in `sessions.rs`.

mod support;

use std::sync::Arc;

use chrono::TimeDelta;
use domain::{InstitutionKind, Role, Scope};
use hn_store::{NewAuditEvent, Store, StoreError};

use support::fixtures::{Fixture, at, new_user, sorted};

on_both_backends! {
    a_user_reads_back_with_the_role_and_scope_given
        => a_user_reads_back_with_the_role_and_scope_given_sqlite,
           a_user_reads_back_with_the_role_and_scope_given_postgres;
    a_username_can_be_taken_only_once
        => a_username_can_be_taken_only_once_sqlite,
           a_username_can_be_taken_only_once_postgres;
    audit_events_read_back_newest_first
        => audit_events_read_back_newest_first_sqlite,
           audit_events_read_back_newest_first_postgres;
}

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
