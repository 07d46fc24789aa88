//! What users rely on from the store's API tokens and the counted audit of repeated refusals,
//! on both backends: a token is listed without its secret and revoked only by its owner (or by
//! anyone for an administrator's call), ending a browser session ends the tokens created from
//! it, and repeated refusals within a minute add up on one row, also when sent in parallel.

mod support;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use domain::{Role, Scope};
use hn_store::{NewAuditEvent, NewSession, NewToken, SessionKind, Store};

use support::fixtures::{at, new_user, sorted};

on_both_backends! {
    tokens_are_listed_per_owner_and_revoked_only_by_their_owner
        => tokens_are_listed_per_owner_and_revoked_only_by_their_owner_sqlite,
           tokens_are_listed_per_owner_and_revoked_only_by_their_owner_postgres;
    ending_a_browser_session_ends_the_tokens_it_created
        => ending_a_browser_session_ends_the_tokens_it_created_sqlite,
           ending_a_browser_session_ends_the_tokens_it_created_postgres;
    repeated_refusals_within_a_minute_add_up_on_one_row
        => repeated_refusals_within_a_minute_add_up_on_one_row_sqlite,
           repeated_refusals_within_a_minute_add_up_on_one_row_postgres;
}

async fn tokens_are_listed_per_owner_and_revoked_only_by_their_owner(store: Arc<dyn Store>) {
    let now = at(2026, 1, 15, 8, 0, 0);
    let (lan, minh) = (user(&store, "lan").await, user(&store, "minh").await);
    let browser = session(&store, "browser-lan", lan, SessionKind::Browser, now).await;
    session(&store, "api-lan", lan, SessionKind::Api, now).await;
    session(&store, "api-minh", minh, SessionKind::Api, now).await;
    let from_page = store
        .create_session_token(&token("page-lan", lan, browser, "Script báo cáo", now))
        .await
        .expect("create_session_token");

    let of_lan = store.tokens(Some(lan), now).await.expect("tokens");
    assert_eq!(
        of_lan.len(),
        2,
        "chỉ mã API của Lan, không có phiên trình duyệt"
    );
    assert!(of_lan.iter().all(|t| t.username == "lan"));
    let page_token = of_lan
        .iter()
        .find(|t| t.id == from_page)
        .expect("mã tạo từ trang");
    assert!(page_token.from_session);
    assert_eq!(page_token.label, "Script báo cáo");
    assert_eq!(store.tokens(None, now).await.expect("all").len(), 3);

    let minh_token = store.tokens(Some(minh), now).await.expect("tokens")[0].id;
    assert!(
        !store
            .revoke_token(minh_token, Some(lan))
            .await
            .expect("revoke"),
        "Lan không thu hồi được mã của Minh"
    );
    assert!(
        store
            .session("api-minh", now)
            .await
            .expect("session")
            .is_some()
    );
    assert!(store.revoke_token(minh_token, None).await.expect("revoke"));
    assert!(
        store
            .session("api-minh", now)
            .await
            .expect("session")
            .is_none()
    );
    assert!(store.token(minh_token, now).await.expect("token").is_none());

    // A browser session is not a token: the revocation statement leaves it alone.
    let browser_id = store
        .session("browser-lan", now)
        .await
        .expect("session")
        .expect("phiên")
        .id;
    assert!(!store.revoke_token(browser_id, None).await.expect("revoke"));
    // Expired tokens are not listed.
    let later = now + TimeDelta::days(2);
    assert!(store.tokens(None, later).await.expect("tokens").is_empty());
}

async fn ending_a_browser_session_ends_the_tokens_it_created(store: Arc<dyn Store>) {
    let now = at(2026, 1, 15, 8, 0, 0);
    let lan = user(&store, "lan").await;
    let first = session(&store, "browser-1", lan, SessionKind::Browser, now).await;
    let second = session(&store, "browser-2", lan, SessionKind::Browser, now).await;
    for (hash, parent) in [
        ("child-1a", first),
        ("child-1b", first),
        ("child-2", second),
    ] {
        store
            .create_session_token(&token(hash, lan, parent, "", now))
            .await
            .expect("create_session_token");
    }
    session(&store, "by-password", lan, SessionKind::Api, now).await;

    store.delete_session("browser-1").await.expect("delete");
    for gone in ["browser-1", "child-1a", "child-1b"] {
        assert!(
            store.session(gone, now).await.expect("session").is_none(),
            "{gone}"
        );
    }
    for kept in ["browser-2", "child-2", "by-password"] {
        assert!(
            store.session(kept, now).await.expect("session").is_some(),
            "{kept}"
        );
    }
}

async fn repeated_refusals_within_a_minute_add_up_on_one_row(store: Arc<dyn Store>) {
    let refusal = |at: DateTime<Utc>, subject: &str| NewAuditEvent {
        at,
        user_id: None,
        username: "hoc.sinh".into(),
        action: "access_denied".into(),
        subject_kind: "page".into(),
        subject_id: subject.into(),
        detail: "ViewAudit".into(),
    };
    let minute = at(2026, 1, 15, 8, 0, 0);
    let mut parallel = tokio::task::JoinSet::new();
    for n in 0..200 {
        let (store, event) = (
            store.clone(),
            refusal(minute + TimeDelta::milliseconds(n * 250), "nhat-ky"),
        );
        parallel.spawn(async move { store.audit_repeated(&event).await });
    }
    while let Some(done) = parallel.join_next().await {
        done.expect("task").expect("audit_repeated");
    }
    store
        .audit_repeated(&refusal(minute + TimeDelta::minutes(1), "nhat-ky"))
        .await
        .expect("next minute");
    store
        .audit_repeated(&refusal(minute, "nguoi-dung"))
        .await
        .expect("other subject");
    // An ordinary event is never merged.
    let mut single = refusal(minute, "nhat-ky");
    single.action = "sign_out".into();
    store.audit(&single).await.expect("audit");
    store.audit(&single).await.expect("audit");

    let events = store.audit_events(100).await.expect("audit_events");
    let counted = |subject: &str, action: &str| -> Vec<i64> {
        events
            .iter()
            .filter(|e| e.subject_id == subject && e.action == action)
            .map(|e| e.occurrences)
            .collect()
    };
    assert_eq!(
        sorted(counted("nhat-ky", "access_denied")),
        vec![1, 200],
        "200 lần trong phút đầu trên một dòng, phút sau một dòng mới"
    );
    assert_eq!(counted("nguoi-dung", "access_denied"), vec![1]);
    assert_eq!(counted("nhat-ky", "sign_out"), vec![1, 1]);
}

// --- helpers ---

async fn user(store: &Arc<dyn Store>, name: &str) -> i64 {
    store
        .create_user(&new_user(name, Role::Student, Scope::Everywhere))
        .await
        .expect("create_user")
}

/// A session made as sign-in makes it; returns its number.
async fn session(
    store: &Arc<dyn Store>,
    hash: &str,
    user_id: i64,
    kind: SessionKind,
    now: DateTime<Utc>,
) -> i64 {
    store
        .create_session(&NewSession {
            token_hash: hash.into(),
            user_id,
            csrf_token: format!("csrf-{hash}"),
            kind,
            created_at: now,
            expires_at: now + TimeDelta::hours(8),
        })
        .await
        .expect("create_session");
    store
        .session(hash, now)
        .await
        .expect("session")
        .expect("phiên vừa tạo")
        .id
}

fn token(hash: &str, user_id: i64, parent: i64, label: &str, now: DateTime<Utc>) -> NewToken {
    NewToken {
        token_hash: hash.into(),
        user_id,
        parent_session_id: parent,
        csrf_token: format!("csrf-{hash}"),
        label: label.into(),
        created_at: now,
        expires_at: now + TimeDelta::hours(8),
    }
}
