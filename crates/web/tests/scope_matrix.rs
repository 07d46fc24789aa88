//! The scope matrix: every role × every resource × inside and outside its scope. A user never
//! sees or changes anything outside its unit subtree or its institution.

mod support;

use axum::http::StatusCode;
use domain::Role;
use hn_web::accounts::{AccountRequest, create};
use support::*;

/// What each role may read. Columns: unit Bến Lức (803), unit Thạnh Hóa (800), the THCS in Bến
/// Lức, the THCS in Thạnh Hóa, the college, the enterprise.
const MATRIX: &[(Role, [bool; 6])] = &[
    (Role::Admin, [true, true, true, true, true, true]),
    (Role::ProvinceOfficer, [true, true, true, true, true, true]),
    (Role::LabourOfficer, [true, true, true, true, true, true]),
    (
        Role::DistrictOfficer,
        [true, false, true, false, false, false],
    ),
    // A commune officer sees the commune, not the district above it.
    (
        Role::CommuneOfficer,
        [false, false, true, false, false, false],
    ),
    (Role::SchoolStaff, [false, false, true, false, false, false]),
    (
        Role::VocationalSchool,
        [false, false, false, false, true, false],
    ),
    (Role::Enterprise, [false, false, false, false, false, true]),
    (Role::Student, [false, false, false, false, false, false]),
    (Role::Parent, [false, false, false, false, false, false]),
];

#[tokio::test]
async fn each_role_reads_inside_its_scope_and_nothing_outside_it() {
    let app = spawn_app().await;
    let resources = [
        "/api/v1/units/803?on=2023-06-01".to_string(),
        "/api/v1/units/800?on=2023-06-01".to_string(),
        format!("/api/v1/institutions/{SCHOOL_BEN_LUC}"),
        format!("/api/v1/institutions/{SCHOOL_THANH_HOA}"),
        format!("/api/v1/institutions/{COLLEGE}"),
        format!("/api/v1/institutions/{ENTERPRISE}"),
    ];
    let mut mismatches = Vec::new();
    for (role, allowed) in MATRIX {
        let token = app.token(*role).await;
        for (uri, allowed) in resources.iter().zip(allowed) {
            let reply = app.get(uri, Some(&token)).await;
            let expected = if *allowed {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            if reply.status != expected {
                mismatches.push(format!(
                    "{role:?} {uri}: {} (expected {expected})",
                    reply.status
                ));
            }
            if !allowed {
                assert_eq!(reply.json()["error"]["code"], "forbidden");
            }
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    let refusals = app.store.audit_events(500).await.expect("audit");
    assert!(
        refusals
            .iter()
            .any(|e| e.action == "access_denied" && e.username == "district.officer")
    );
}

#[tokio::test]
async fn the_pages_follow_the_same_scope_and_refuse_with_a_page_a_user_understands() {
    let app = spawn_app().await;
    let pages = [
        "/don-vi/803?ngay=01/06/2023".to_string(),
        "/don-vi/800?ngay=01/06/2023".to_string(),
        format!("/co-so/{SCHOOL_BEN_LUC}"),
        format!("/co-so/{SCHOOL_THANH_HOA}"),
        format!("/co-so/{COLLEGE}"),
        format!("/co-so/{ENTERPRISE}"),
    ];
    let mut mismatches = Vec::new();
    for (role, allowed) in MATRIX {
        let cookie = app.cookie(*role).await;
        for (uri, allowed) in pages.iter().zip(allowed) {
            let reply = app.page(uri, &cookie).await;
            let expected = if *allowed {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            if reply.status != expected {
                mismatches.push(format!(
                    "{role:?} {uri}: {} (expected {expected})",
                    reply.status
                ));
            }
            if !allowed {
                assert!(reply.body.contains("không có quyền"), "{}", reply.body);
                assert!(!reply.body.contains("Thạnh Hóa</h1>"));
            }
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

#[tokio::test]
async fn a_bearer_token_opens_no_page_and_a_page_without_session_goes_to_sign_in() {
    let app = spawn_app().await;
    let token = app.token(Role::Admin).await;
    let reply = app.get("/don-vi/803?ngay=01/06/2023", Some(&token)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // To the sign-in page, which comes back to the page asked for.
    assert_eq!(
        reply.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/dang-nhap?tiep=%2Fdon-vi%2F803%3Fngay%3D01%2F06%2F2023")
    );
}

#[tokio::test]
async fn users_are_created_only_below_the_creators_unit_and_never_at_or_above_its_role() {
    let app = spawn_app().await;
    let account = |username: &'static str| {
        let store = app.store.clone();
        async move {
            store
                .user_by_username(username)
                .await
                .expect("query")
                .expect("user")
        }
    };
    // The province officer's account is of today's Tây Ninh (80); the district officer's of
    // the old Huyện Bến Lức, which ended with the 2025 reform.
    let (province, district) = (
        account("province.officer").await,
        account("district.officer").await,
    );
    let request = |username: &str, role: Role, unit: Option<&str>, institution: Option<&str>| {
        AccountRequest {
            username: username.into(),
            display_name: "Nguyễn Văn An".into(),
            password: PASSWORD.into(),
            role,
            unit_code: unit.map(String::from),
            institution_code: institution.map(String::from),
        }
    };
    let store = app.store.as_ref();
    for allowed in [
        request("gv.benluc", Role::SchoolStaff, None, Some(SCHOOL_BEN_LUC)),
        request("xa.benluc", Role::CommuneOfficer, Some("27991"), None),
    ] {
        let username = allowed.username.clone();
        let outcome = create(store, Some(&province), allowed).await;
        assert!(outcome.is_ok(), "{username}: {outcome:?}");
    }
    let refused = [
        // outside the province: a commune of Hồ Chí Minh City
        (
            &province,
            request("xa.hcm", Role::CommuneOfficer, Some("26734"), None),
        ),
        // its own unit and its own role: only the unit above (an administrator) does that
        (
            &province,
            request("so.moi", Role::ProvinceOfficer, Some("80"), None),
        ),
        (
            &province,
            request("ld.moi", Role::LabourOfficer, Some("80"), None),
        ),
        (&province, request("qt.moi", Role::Admin, None, None)),
        // an account of a unit that has ended grants nothing, even inside its old area
        (
            &district,
            request("gv.benluc2", Role::SchoolStaff, None, Some(SCHOOL_BEN_LUC)),
        ),
        (
            &district,
            request("xa.benluc2", Role::CommuneOfficer, Some("27991"), None),
        ),
        (
            &district,
            request("so.moi2", Role::ProvinceOfficer, Some("80"), None),
        ),
    ];
    for (creator, attempt) in refused {
        let username = attempt.username.clone();
        let outcome = create(store, Some(creator), attempt).await;
        assert_eq!(
            outcome.err(),
            Some(hn_web::failure::Failure::Forbidden),
            "{} → {username}",
            creator.username
        );
        assert!(
            store
                .user_by_username(&username)
                .await
                .expect("query")
                .is_none()
        );
    }
}

#[tokio::test]
async fn the_interface_switches_to_english_and_back_to_the_page_the_user_was_on() {
    let app = spawn_app().await;
    let cookie = app.cookie(Role::DistrictOfficer).await;
    let request = axum::http::Request::get("/ngon-ngu/en")
        .header(
            axum::http::header::REFERER,
            "http://127.0.0.1:8080/don-vi/803?ngay=01/06/2023",
        )
        .body(axum::body::Body::empty())
        .expect("request");
    let reply = app.send(request).await;
    assert_eq!(
        reply.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/don-vi/803?ngay=01/06/2023")
    );
    let set = reply
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(set.starts_with("hn_lang=en;"), "{set}");
    let english = app
        .page(
            "/don-vi/803?ngay=01/06/2023",
            &format!("{cookie}; hn_lang=en"),
        )
        .await;
    assert!(
        english.body.contains("Subordinate units") && english.body.contains("<html lang=\"en\">")
    );
    let vietnamese = app.page("/don-vi/803?ngay=01/06/2023", &cookie).await;
    assert!(vietnamese.body.contains("Đơn vị trực thuộc"));
}

#[tokio::test]
async fn an_administrator_starts_from_the_provinces_of_the_day_and_reads_the_log_in_vietnamese() {
    let app = spawn_app().await;
    let cookie = app.cookie(Role::Admin).await;
    let provinces = app.page("/don-vi?ngay=01/06/2023", &cookie).await;
    assert_eq!(provinces.status, StatusCode::OK);
    assert_eq!(provinces.body.matches("<li><a href=\"/don-vi/").count(), 63);
    assert!(provinces.body.contains("Tỉnh Long An"));
    let today = app.page("/don-vi", &cookie).await;
    assert_eq!(today.body.matches("<li><a href=\"/don-vi/").count(), 34);
    let officer = app.cookie(Role::DistrictOfficer).await;
    assert_eq!(
        app.page("/don-vi", &officer).await.status,
        StatusCode::FORBIDDEN
    );
    let log = app.page("/nhat-ky", &cookie).await;
    assert!(
        log.body.contains("Đăng nhập") && log.body.contains("Bị từ chối truy cập"),
        "{}",
        log.body
    );
    assert!(!log.body.contains("sign_in"));
}
