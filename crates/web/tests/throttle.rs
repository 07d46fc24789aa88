//! Sign-in throttling holds when the attempts come all at once: a hundred wrong passwords sent in
//! parallel get five checks, and the right password after them is refused, on both backends.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use hn_web::auth::signin::MAX_FAILURES;
use serde_json::json;
use support::*;
use tower::ServiceExt;

async fn parallel_wrong_passwords_then_the_right_one_is_refused(backend: Backend) {
    let Some(app) = spawn_app_on(backend).await else {
        return;
    };
    let attempt = |password: &str| {
        let router = app.router.clone();
        let body = json!({"username": "admin", "password": password}).to_string();
        async move {
            let request = Request::post("/api/v1/auth/token")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .expect("request");
            router.oneshot(request).await.expect("answer").status()
        }
    };
    let wrong: Vec<_> = (0..100)
        .map(|i| tokio::spawn(attempt(&format!("sai-{i}"))))
        .collect();
    let mut statuses = Vec::new();
    for task in wrong {
        statuses.push(task.await.expect("task"));
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::BAD_REQUEST)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        checked, MAX_FAILURES as usize,
        "only the first attempts are checked: {statuses:?}"
    );
    assert_eq!(checked + throttled, 100, "{statuses:?}");

    let right = attempt(PASSWORD).await;
    assert_eq!(right, StatusCode::TOO_MANY_REQUESTS);
    let events = app.store.audit_events(500).await.expect("audit");
    let failed = events
        .iter()
        .filter(|e| e.action == "sign_in_failed")
        .count();
    assert_eq!(failed, MAX_FAILURES as usize);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_parallel_wrong_passwords_then_the_right_one_is_refused_sqlite() {
    parallel_wrong_passwords_then_the_right_one_is_refused(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_parallel_wrong_passwords_then_the_right_one_is_refused_postgres() {
    parallel_wrong_passwords_then_the_right_one_is_refused(Backend::Postgres).await;
}

#[tokio::test]
async fn a_successful_sign_in_clears_the_count() {
    let app = spawn_app().await;
    for _ in 0..(MAX_FAILURES - 1) {
        let reply = app
            .post_json(
                "/api/v1/auth/token",
                json!({"username": "admin", "password": "sai"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
    app.token(domain::Role::Admin).await;
    for _ in 0..(MAX_FAILURES - 1) {
        let reply = app
            .post_json(
                "/api/v1/auth/token",
                json!({"username": "admin", "password": "sai"}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "counted from zero again"
        );
    }
    app.token(domain::Role::Admin).await;
}
