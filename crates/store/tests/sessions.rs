//! What users rely on from the store's sessions and sign-in throttling, checked on both backends
//! (see `support`): a session lives until its expiry instant, cleaning up removes only expired
//! ones, and sign-in attempts count within their window, atomically, until cleared.

mod support;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use domain::{Role, Scope};
use hn_store::{NewSession, SessionKind, Store};

use support::fixtures::{at, new_user};

on_both_backends! {
    a_session_is_found_only_while_it_lives
        => a_session_is_found_only_while_it_lives_sqlite,
           a_session_is_found_only_while_it_lives_postgres;
    cleaning_up_sessions_removes_only_expired_ones
        => cleaning_up_sessions_removes_only_expired_ones_sqlite,
           cleaning_up_sessions_removes_only_expired_ones_postgres;
    sign_in_attempts_count_within_the_window_and_can_be_cleared
        => sign_in_attempts_count_within_the_window_and_can_be_cleared_sqlite,
           sign_in_attempts_count_within_the_window_and_can_be_cleared_postgres;
    parallel_sign_in_attempts_each_get_their_own_number
        => parallel_sign_in_attempts_each_get_their_own_number_sqlite,
           parallel_sign_in_attempts_each_get_their_own_number_postgres;
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

async fn sign_in_attempts_count_within_the_window_and_can_be_cleared(store: Arc<dyn Store>) {
    let window = TimeDelta::minutes(15);
    let t0 = at(2026, 1, 15, 8, 0, 0);
    let key = "hash(quantri|203.0.113.7)";

    for (n, minutes) in [(1, 0), (2, 1), (3, 2)] {
        let now = t0 + TimeDelta::minutes(minutes);
        let counted = store
            .count_sign_in_attempt(key, now, now - window)
            .await
            .expect("count_sign_in_attempt");
        assert_eq!(counted, n, "lần thử thứ {n}");
    }
    assert_eq!(
        store
            .count_sign_in_attempt("another key", t0, t0 - window)
            .await
            .expect("count"),
        1,
        "khóa khác đếm riêng"
    );

    // Once the window has moved past the last attempt, the next one starts again from one.
    let later = t0 + TimeDelta::minutes(30);
    assert_eq!(
        store
            .count_sign_in_attempt(key, later, later - window)
            .await
            .expect("count_sign_in_attempt"),
        1
    );
    assert_eq!(
        store
            .count_sign_in_attempt(key, later + TimeDelta::seconds(10), later - window)
            .await
            .expect("count_sign_in_attempt"),
        2
    );

    store.clear_sign_in_attempts(key).await.expect("clear");
    assert_eq!(
        store
            .count_sign_in_attempt(key, later, later - window)
            .await
            .expect("count_sign_in_attempt"),
        1,
        "sau khi xóa đếm lại từ một"
    );
    store
        .clear_sign_in_attempts("never seen")
        .await
        .expect("clear unknown");
}

/// The counter is read and moved in one statement: a hundred attempts sent together get the
/// numbers 1 to 100, each once, so a limit checked on the number holds however they race.
async fn parallel_sign_in_attempts_each_get_their_own_number(store: Arc<dyn Store>) {
    let window = TimeDelta::minutes(15);
    let now = at(2026, 1, 15, 8, 0, 0);
    let key = "hash(quantri|198.51.100.9)";
    let attempts: Vec<_> = (0..100)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .count_sign_in_attempt(key, now, now - window)
                    .await
                    .expect("count_sign_in_attempt")
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for attempt in attempts {
        numbers.push(attempt.await.expect("task"));
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=100).collect::<Vec<i64>>());
}

// --- helpers ---

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
