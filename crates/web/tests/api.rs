//! The API as scripts use it: tokens, units across the 2025 reform, institutions, errors.

mod support;

use axum::http::StatusCode;
use domain::Role;
use serde_json::json;
use support::*;

#[tokio::test]
async fn code_80_is_long_an_with_15_districts_in_2023_and_tay_ninh_with_its_communes_in_2026() {
    let app = spawn_app().await;
    let token = app.token(Role::Admin).await;

    let long_an = app
        .get("/api/v1/units/80?on=2023-06-01", Some(&token))
        .await
        .json();
    assert_eq!(long_an["name"], "Tỉnh Long An");
    assert_eq!(long_an["level"], "province");
    assert_eq!(long_an["valid_to"], "2025-06-30");
    let districts = long_an["children"].as_array().expect("children");
    assert_eq!(districts.len(), 15);
    assert!(districts.iter().all(|d| d["level"] == "district"));
    assert!(districts.iter().any(|d| d["name"] == "Huyện Thạnh Hóa"));

    let tay_ninh = app
        .get("/api/v1/units/80?on=2026-01-01", Some(&token))
        .await
        .json();
    assert_eq!(tay_ninh["name"], "Tỉnh Tây Ninh");
    assert_eq!(tay_ninh["valid_from"], "2025-07-01");
    let communes = tay_ninh["children"].as_array().expect("children");
    assert_eq!(communes.len(), 96);
    assert!(communes.iter().all(|c| c["level"] == "commune"));
}

#[tokio::test]
async fn children_come_in_vietnamese_order_of_their_names() {
    let app = spawn_app().await;
    let token = app.token(Role::Admin).await;
    let long_an = app
        .get("/api/v1/units/80?on=2023-06-01", Some(&token))
        .await
        .json();
    let names: Vec<&str> = long_an["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default())
        .map(domain::text::strip_unit_type)
        .collect();
    let mut sorted = names.clone();
    domain::text::sort_by_vi(&mut sorted, |n| n);
    assert_eq!(names, sorted);
    // Đ comes after D: Đức Hòa and Đức Huệ close the list's D section.
    let position = |name: &str| names.iter().position(|n| *n == name).expect(name);
    assert!(position("Cần Giuộc") < position("Đức Hòa"));
    assert!(position("Đức Huệ") < position("Kiến Tường"));
}

#[tokio::test]
async fn institutions_of_an_old_district_are_found_from_the_new_province_through_succession() {
    let app = spawn_app().await;
    let token = app.token(Role::Admin).await;
    let old = app
        .get("/api/v1/units/803/institutions?on=2023-06-01", Some(&token))
        .await
        .json();
    let codes: Vec<&str> = old
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|i| i["code"].as_str())
        .collect();
    assert_eq!(codes, [SCHOOL_BEN_LUC]);
    let new = app
        .get(
            "/api/v1/units/80/institutions?on=2026-01-01&kind=thcs",
            Some(&token),
        )
        .await
        .json();
    let codes: Vec<&str> = new
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|i| i["code"].as_str())
        .collect();
    // Both THCS, in Vietnamese order of their names (Bến Lức before Thạnh Hóa); the college
    // and the enterprise are left out by the kind filter.
    assert_eq!(codes, [SCHOOL_BEN_LUC, SCHOOL_THANH_HOA]);
}

#[tokio::test]
async fn errors_are_json_with_a_stable_code_and_a_vietnamese_message() {
    let app = spawn_app().await;
    let anonymous = app.get("/api/v1/units/80", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.json()["error"]["code"], "not_signed_in");
    assert!(
        anonymous.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("đăng nhập")
    );

    let token = app.token(Role::Admin).await;
    let missing = app
        .get("/api/v1/units/99999?on=2023-06-01", Some(&token))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"]["code"], "not_found");

    let bad_date = app
        .get("/api/v1/units/80?on=2023-13-45", Some(&token))
        .await;
    assert_eq!(bad_date.status, StatusCode::BAD_REQUEST);
    assert!(
        bad_date.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("2023-13-45")
    );
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_sign_in_for_that_account_and_are_audited() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let reply = app
            .post_json(
                "/api/v1/auth/token",
                json!({"username": "admin", "password": "sai-mat-khau"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
    let locked = app
        .post_json(
            "/api/v1/auth/token",
            json!({"username": "admin", "password": PASSWORD}),
        )
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.json()["error"]["code"], "too_many_attempts");
    // Another account is not affected.
    app.token(Role::ProvinceOfficer).await;
    let events = app.store.audit_events(100).await.expect("audit");
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "sign_in_failed")
            .count(),
        5
    );
    assert!(events.iter().any(|e| e.action == "sign_in_throttled"));
    assert!(events.iter().all(|e| !e.detail.contains("sai-mat-khau")));
}

#[tokio::test]
async fn the_openapi_document_describes_the_endpoints_that_exist() {
    let app = spawn_app().await;
    let doc = app.get("/api/openapi.json", None).await.json();
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/auth/token",
        "/api/v1/units/{code}",
        "/api/v1/units/{code}/institutions",
        "/api/v1/institutions/{code}",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} is missing from the OpenAPI document"
        );
    }
    // Every documented path answers (not the API's 404 fallback).
    let token = app.token(Role::Admin).await;
    for path in paths.keys().filter(|p| p.contains("{code}")) {
        let concrete = path.replace(
            "{code}",
            if path.contains("institutions/") {
                SCHOOL_BEN_LUC
            } else {
                "80"
            },
        );
        let reply = app.get(&concrete, Some(&token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{concrete}: {}", reply.body);
    }
    let snapshot_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/openapi.snapshot.json");
    let current = serde_json::to_string_pretty(&doc).expect("json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(snapshot_path, &current).expect("write snapshot");
    }
    let snapshot = std::fs::read_to_string(snapshot_path).unwrap_or_default();
    assert_eq!(
        current, snapshot,
        "the API changed: review it, then run with UPDATE_SNAPSHOTS=1"
    );
}
