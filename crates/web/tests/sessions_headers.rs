//! Sessions and headers as users and attackers meet them: API tokens are listed (never shown
//! again) and revoked by their owner or an administrator, and end with the browser session that
//! created them; cookies carry `Secure` when the browser came over HTTPS (behind a trusted
//! proxy); nothing personal may be cached; redirects stay on the site; a flood of refusals adds
//! up on a handful of audit rows; a form without its CSRF field gets a Vietnamese 403 page.
//! Every scenario that touches the store runs on both backends.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::Role;
use serde_json::Value;
use support::*;

/// `scenario => name_sqlite, name_postgres;` makes both tests.
macro_rules! on_both_backends {
    ($($scenario:ident => $sqlite:ident, $postgres:ident;)+) => {$(
        #[tokio::test]
        async fn $sqlite() {
            $scenario(spawn_app().await).await;
        }

        #[tokio::test]
        async fn $postgres() {
            if let Some(app) = spawn_app_on(Backend::Postgres).await {
                $scenario(app).await;
            }
        }
    )+};
}

on_both_backends! {
    a_token_made_on_the_account_page_is_listed_without_its_secret_and_revoked
        => a_token_made_on_the_account_page_is_listed_without_its_secret_and_revoked_sqlite,
           a_token_made_on_the_account_page_is_listed_without_its_secret_and_revoked_postgres;
    signing_out_ends_the_tokens_of_that_session_only
        => signing_out_ends_the_tokens_of_that_session_only_sqlite,
           signing_out_ends_the_tokens_of_that_session_only_postgres;
    a_script_revokes_its_tokens_through_the_api
        => a_script_revokes_its_tokens_through_the_api_sqlite,
           a_script_revokes_its_tokens_through_the_api_postgres;
    an_administrator_revokes_anyones_token_and_a_student_nobody_elses
        => an_administrator_revokes_anyones_token_and_a_student_nobody_elses_sqlite,
           an_administrator_revokes_anyones_token_and_a_student_nobody_elses_postgres;
    cookies_are_secure_over_https_only_when_the_proxy_is_trusted
        => cookies_are_secure_over_https_only_when_the_proxy_is_trusted_sqlite,
           cookies_are_secure_over_https_only_when_the_proxy_is_trusted_postgres;
    personal_answers_are_never_stored_by_a_cache
        => personal_answers_are_never_stored_by_a_cache_sqlite,
           personal_answers_are_never_stored_by_a_cache_postgres;
    redirects_from_user_input_stay_on_the_site
        => redirects_from_user_input_stay_on_the_site_sqlite,
           redirects_from_user_input_stay_on_the_site_postgres;
    a_thousand_refusals_in_a_minute_leave_a_handful_of_audit_rows
        => a_thousand_refusals_in_a_minute_leave_a_handful_of_audit_rows_sqlite,
           a_thousand_refusals_in_a_minute_leave_a_handful_of_audit_rows_postgres;
    a_form_without_its_csrf_field_gets_a_vietnamese_error_page
        => a_form_without_its_csrf_field_gets_a_vietnamese_error_page_sqlite,
           a_form_without_its_csrf_field_gets_a_vietnamese_error_page_postgres;
}

const TOKENS_PAGE: &str = "/tai-khoan/ma-truy-cap";

async fn a_token_made_on_the_account_page_is_listed_without_its_secret_and_revoked(app: TestApp) {
    let student = app.cookie(Role::Student).await;
    let page = app.page(TOKENS_PAGE, &student).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Không có mã truy cập nào còn hiệu lực."));
    let token = create_on_page(&app, &student, "Script+b%C3%A1o+c%C3%A1o").await;

    // The script uses it; the list shows its label and origin, never the token.
    let listed = app.get("/api/v1/auth/tokens", Some(&token)).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let items = listed.json();
    assert_eq!(items.as_array().map(Vec::len), Some(1), "{items}");
    assert_eq!(items[0]["label"], "Script báo cáo");
    assert_eq!(items[0]["origin"], "session");
    assert_eq!(items[0]["username"], username(Role::Student));
    assert!(!listed.body.contains(&token));
    let page = app.page(TOKENS_PAGE, &student).await;
    assert!(page.body.contains("Script báo cáo"), "{}", page.body);
    assert!(page.body.contains("Thu hồi"));
    assert!(!page.body.contains(&token), "the token is shown once only");

    // "Thu hồi" on the page: the token answers 401 from then on.
    let id = items[0]["id"].as_i64().expect("id");
    let revoked = app
        .send(form_post(
            &format!("{TOKENS_PAGE}/{id}/thu-hoi"),
            &format!("csrf={}", csrf_of(&page)),
            &student,
        ))
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let after = app.get("/api/v1/auth/tokens", Some(&token)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.json()["error"]["code"], "not_signed_in");
    let audit = app.store.audit_events(50).await.expect("audit");
    for action in ["create_token", "revoke_token"] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
}

async fn signing_out_ends_the_tokens_of_that_session_only(app: TestApp) {
    let (first, second) = (
        app.cookie(Role::SchoolStaff).await,
        app.cookie(Role::SchoolStaff).await,
    );
    let of_first = create_on_page(&app, &first, "").await;
    let of_second = create_on_page(&app, &second, "").await;
    let by_password = app.token(Role::SchoolStaff).await;

    let csrf = csrf_of(&app.page(TOKENS_PAGE, &first).await);
    let signed_out = app
        .send(form_post("/dang-xuat", &format!("csrf={csrf}"), &first))
        .await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);

    let status = |token: String| {
        let app = &app;
        async move { app.get("/api/v1/auth/tokens", Some(&token)).await.status }
    };
    assert_eq!(status(of_first).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status(of_second).await, StatusCode::OK);
    assert_eq!(status(by_password).await, StatusCode::OK);
    assert_eq!(app.page(TOKENS_PAGE, &second).await.status, StatusCode::OK);
}

async fn a_script_revokes_its_tokens_through_the_api(app: TestApp) {
    let (first, second) = (
        app.token(Role::DistrictOfficer).await,
        app.token(Role::DistrictOfficer).await,
    );
    let listed = app.get("/api/v1/auth/tokens", Some(&first)).await.json();
    let ids = ids_of(&listed);
    assert_eq!(ids.len(), 2, "{listed}");
    assert!(
        listed
            .as_array()
            .into_iter()
            .flatten()
            .all(|t| t["origin"] == "password")
    );

    // The first token revokes the second (the newest, listed first).
    let revoked = app
        .send(delete(&format!("/api/v1/auth/tokens/{}", ids[0]), &first))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.body);
    let gone = app.get("/api/v1/auth/tokens", Some(&second)).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    let again = app
        .send(delete(&format!("/api/v1/auth/tokens/{}", ids[0]), &first))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.json()["error"]["code"], "not_found");

    // The first ends itself.
    let signed_out = app
        .send(
            Request::post("/api/v1/auth/sign-out")
                .header(header::AUTHORIZATION, format!("Bearer {first}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(
        signed_out.status,
        StatusCode::NO_CONTENT,
        "{}",
        signed_out.body
    );
    let after = app.get("/api/v1/auth/tokens", Some(&first)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

async fn an_administrator_revokes_anyones_token_and_a_student_nobody_elses(app: TestApp) {
    let staff = app.token(Role::SchoolStaff).await;
    let student = app.token(Role::Student).await;
    let staff_id = ids_of(&app.get("/api/v1/auth/tokens", Some(&staff)).await.json())[0];

    // A student sees and revokes nobody else's token, through the API or the page.
    let everyone = app
        .get("/api/v1/auth/tokens?all=true", Some(&student))
        .await;
    assert_eq!(everyone.status, StatusCode::FORBIDDEN);
    let refused = app
        .send(delete(&format!("/api/v1/auth/tokens/{staff_id}"), &student))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let student_page = app.cookie(Role::Student).await;
    let csrf = csrf_of(&app.page(TOKENS_PAGE, &student_page).await);
    let refused_page = app
        .send(form_post(
            &format!("{TOKENS_PAGE}/{staff_id}/thu-hoi"),
            &format!("csrf={csrf}"),
            &student_page,
        ))
        .await;
    assert_eq!(refused_page.status, StatusCode::FORBIDDEN);
    assert!(
        refused_page.body.contains("không có quyền"),
        "{}",
        refused_page.body
    );
    assert_eq!(
        app.get("/api/v1/auth/tokens", Some(&staff)).await.status,
        StatusCode::OK,
        "the staff's token still works"
    );

    // The administrator sees every user's tokens, with their owner, and revokes one.
    let admin = app.cookie(Role::Admin).await;
    let page = app.page(TOKENS_PAGE, &admin).await;
    assert!(
        page.body.contains(&username(Role::SchoolStaff)),
        "{}",
        page.body
    );
    assert!(page.body.contains(&username(Role::Student)));
    let all = app
        .get(
            "/api/v1/auth/tokens?all=true",
            Some(&app.token(Role::Admin).await),
        )
        .await
        .json();
    assert!(ids_of(&all).contains(&staff_id), "{all}");
    let revoked = app
        .send(form_post(
            &format!("{TOKENS_PAGE}/{staff_id}/thu-hoi"),
            &format!("csrf={}", csrf_of(&page)),
            &admin,
        ))
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let after = app.get("/api/v1/auth/tokens", Some(&staff)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

async fn cookies_are_secure_over_https_only_when_the_proxy_is_trusted(app: TestApp) {
    let behind = |trust_proxy: bool| {
        hn_web::router(hn_web::AppState {
            trust_proxy,
            ..app.state.clone()
        })
    };
    let over_https = |router: axum::Router, proto: Option<&'static str>| async move {
        set_cookies(&router, sign_in_request(&router, proto).await).await
    };

    let trusted = over_https(behind(true), Some("https")).await;
    assert!(
        trusted.iter().any(|c| c.starts_with("hn_session=")),
        "{trusted:?}"
    );
    assert!(
        trusted.iter().all(|c| c.ends_with("; Secure")),
        "{trusted:?}"
    );
    let plain = over_https(behind(true), Some("http")).await;
    assert!(plain.iter().all(|c| !c.contains("Secure")), "{plain:?}");
    let untrusted = over_https(behind(false), Some("https")).await;
    assert!(untrusted.iter().any(|c| c.starts_with("hn_session=")));
    assert!(
        untrusted.iter().all(|c| !c.contains("Secure")),
        "{untrusted:?}"
    );

    // The language cookie follows the same rule; the operator's flag still sets it always.
    let language = |router: axum::Router, proto: &'static str| async move {
        let request = Request::get("/ngon-ngu/en")
            .header("x-forwarded-proto", proto)
            .body(Body::empty())
            .expect("request");
        set_cookies(&router, request).await
    };
    assert!(language(behind(true), "https").await[0].ends_with("; Secure"));
    assert!(!language(behind(false), "https").await[0].contains("Secure"));
    let always = hn_web::router(hn_web::AppState {
        secure_cookies: true,
        ..app.state.clone()
    });
    assert!(language(always, "http").await[0].ends_with("; Secure"));
}

async fn personal_answers_are_never_stored_by_a_cache(app: TestApp) {
    import_csv(
        &app,
        SCHOOL_BEN_LUC,
        2024,
        "STT,Họ và tên,Ngày sinh,Giới tính,Hướng đi sau tốt nghiệp\n\
         1,Trần Đức,01/02/2009,Nam,THPT công lập\n",
    )
    .await;
    let cookie = app.cookie(Role::SchoolStaff).await;
    let token = app.token(Role::SchoolStaff).await;
    let answers = [
        app.page(
            &format!("/co-so/{SCHOOL_BEN_LUC}/tot-nghiep?nam=2024&cap=thcs"),
            &cookie,
        )
        .await,
        app.get(
            &format!("/api/v1/institutions/{SCHOOL_BEN_LUC}/graduates?year=2024&level=thcs"),
            Some(&token),
        )
        .await,
        app.page(
            &format!("/co-so/{SCHOOL_BEN_LUC}/mau-phan-luong?nam=2024&cap=thcs"),
            &cookie,
        )
        .await,
        app.page("/khong-co-trang-nay", &cookie).await,
    ];
    for answer in &answers {
        assert_eq!(
            answer
                .headers
                .get(header::CACHE_CONTROL)
                .map(|v| v.as_bytes()),
            Some(&b"no-store"[..]),
            "{} {:?}",
            answer.status,
            answer.headers
        );
    }
    assert!(
        answers[0].body.contains("01/02/2009"),
        "the page holds a person"
    );
    assert!(
        answers[1].body.contains("2009-02-01"),
        "the API answer holds a person"
    );
    let stylesheet = app.get("/static/app.css", None).await;
    assert_eq!(
        stylesheet
            .headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.as_bytes()),
        Some(&b"public, max-age=3600"[..])
    );
}

const EVIL: [&str; 3] = [
    "/\\evil.example/",
    "//evil.example/",
    "https://evil.example/",
];

async fn redirects_from_user_input_stay_on_the_site(app: TestApp) {
    // The language switch returns to the referring page only when it is a path of ours.
    for referer in [
        "http://localhost/\\evil.example/",
        "http://localhost//evil.example/",
        "https://evil.example",
    ] {
        assert_eq!(switch_language(&app, referer).await, "/", "{referer}");
    }
    assert_eq!(
        switch_language(&app, "http://localhost/don-vi/80").await,
        "/don-vi/80"
    );

    // A reviewer's decision returns to `back=` only when it is a path of ours.
    let school = app.cookie(Role::SchoolStaff).await;
    // The district ended with the reform; the new province reviews its schools' reports.
    let district = app.cookie(Role::ProvinceOfficer).await;
    let school_csrf = csrf_of(&app.page("/bao-cao-dinh-ky", &school).await);
    let district_csrf = csrf_of(&app.page("/bao-cao-dinh-ky", &district).await);
    let ours = "/don-vi/803/tong-hop/2024-y";
    for back in EVIL.into_iter().chain([ours]) {
        let sent = app
            .send(form_post(
                "/bao-cao-dinh-ky/2024-y/gui",
                &format!("csrf={school_csrf}&note="),
                &school,
            ))
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let id = app
            .store
            .submission_of(
                "2024-y",
                &store::Submitter::Institution(SCHOOL_BEN_LUC.into()),
            )
            .await
            .expect("query")
            .expect("sent")
            .id;
        let returned = app
            .send(form_post(
                &format!("/bao-cao-nop/{id}/tra-lai"),
                &format!(
                    "csrf={district_csrf}&comment=Thi%E1%BA%BFu&back={}",
                    form_encode(back)
                ),
                &district,
            ))
            .await;
        assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
        let expected = if back == ours {
            ours
        } else {
            "/bao-cao-dinh-ky"
        };
        // The page returned to says what was done (a flag of ours, added to the safe path).
        let separator = if expected.contains('?') { '&' } else { '?' };
        let expected = format!("{expected}{separator}da-luu=tra-lai");
        assert_eq!(location(&returned), expected, "back={back}");
    }
}

async fn a_thousand_refusals_in_a_minute_leave_a_handful_of_audit_rows(app: TestApp) {
    const REQUESTS: usize = 1000;
    let student = app.cookie(Role::Student).await;
    let mut parallel = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let (router, cookie) = (app.router.clone(), student.clone());
        parallel.spawn(async move {
            let mut refused = 0;
            for _ in (worker..REQUESTS).step_by(8) {
                let request = Request::get("/nhat-ky")
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .expect("request");
                let answer = tower::ServiceExt::oneshot(router.clone(), request)
                    .await
                    .expect("answer");
                refused += usize::from(answer.status() == StatusCode::FORBIDDEN);
            }
            refused
        });
    }
    let mut refused = 0;
    while let Some(done) = parallel.join_next().await {
        refused += done.expect("worker");
    }
    assert_eq!(refused, REQUESTS);

    let rows: Vec<_> = app
        .store
        .audit_events(5000)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "access_denied" && e.username == username(Role::Student))
        .collect();
    // One row per minute the flood spanned.
    assert!((1..=3).contains(&rows.len()), "{} rows", rows.len());
    assert_eq!(
        rows.iter().map(|e| e.occurrences).sum::<i64>(),
        REQUESTS as i64
    );

    let admin = app.cookie(Role::Admin).await;
    let log = app.page("/nhat-ky", &admin).await;
    assert!(
        log.body.contains(&format!("×{}", rows[0].occurrences)),
        "{}",
        log.body
    );
}

async fn a_form_without_its_csrf_field_gets_a_vietnamese_error_page(app: TestApp) {
    let admin = app.cookie(Role::Admin).await;
    for (uri, form) in [
        ("/dang-xuat", ""),
        (
            "/nguoi-dung",
            "username=ke.gian&display_name=K&password=mat-khau-dai-du&role=admin",
        ),
        (TOKENS_PAGE, "label=x"),
    ] {
        let refused = app.send(form_post(uri, form, &admin)).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{uri}: {}",
            refused.body
        );
        assert!(is_html(&refused), "{uri}");
        assert!(
            refused
                .body
                .contains("Biểu mẫu đã hết hạn hoặc không hợp lệ"),
            "{uri}: {}",
            refused.body
        );
    }
    assert!(
        app.store
            .user_by_username("ke.gian")
            .await
            .expect("query")
            .is_none()
    );
    assert_eq!(
        app.page("/", &admin).await.status,
        StatusCode::OK,
        "still signed in"
    );

    // A wrong token is refused the same way; a malformed body is a 400 page, not a 422 text.
    let wrong = app.send(form_post("/dang-xuat", "csrf=sai", &admin)).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let csrf = csrf_of(&app.page(TOKENS_PAGE, &admin).await);
    let malformed = app
        .send(form_post(
            "/nguoi-dung",
            &format!("csrf={csrf}&username=thieu.o"),
            &admin,
        ))
        .await;
    assert_eq!(
        malformed.status,
        StatusCode::BAD_REQUEST,
        "{}",
        malformed.body
    );
    assert!(is_html(&malformed));
    assert!(malformed.body.contains("Biểu mẫu gửi lên không hợp lệ"));
    let no_type = app
        .send(
            Request::post("/dang-xuat")
                .header(header::COOKIE, &admin)
                .body(Body::from(format!("csrf={csrf}")))
                .expect("request"),
        )
        .await;
    assert_eq!(no_type.status, StatusCode::BAD_REQUEST);
    assert!(is_html(&no_type));
}

// --- helpers ---

/// Creates a token on the account page; returns the token shown once.
async fn create_on_page(app: &TestApp, cookie: &str, label: &str) -> String {
    let csrf = csrf_of(&app.page(TOKENS_PAGE, cookie).await);
    let created = app
        .send(form_post(
            TOKENS_PAGE,
            &format!("csrf={csrf}&label={label}"),
            cookie,
        ))
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    created
        .body
        .split("<code class=\"secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the new token is shown")
        .to_string()
}

fn ids_of(list: &Value) -> Vec<i64> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|token| token["id"].as_i64())
        .collect()
}

fn delete(uri: &str, token: &str) -> Request<Body> {
    Request::delete(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request")
}

/// The sign-in form posted as a browser does: its double-submit cookie and field, then the
/// credentials; `proto` is what the proxy in front would say.
async fn sign_in_request(router: &axum::Router, proto: Option<&'static str>) -> Request<Body> {
    let with_proto = |builder: axum::http::request::Builder| match proto {
        Some(proto) => builder.header("x-forwarded-proto", proto),
        None => builder,
    };
    let form = tower::ServiceExt::oneshot(
        router.clone(),
        with_proto(Request::get("/dang-nhap"))
            .body(Body::empty())
            .expect("request"),
    )
    .await
    .expect("answer");
    let login_cookie = form
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("sign-in cookie")
        .to_string();
    let csrf = login_cookie
        .split('=')
        .nth(1)
        .unwrap_or_default()
        .to_string();
    with_proto(Request::post("/dang-nhap"))
        .header(header::COOKIE, login_cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "csrf={csrf}&username={}&password={PASSWORD}",
            username(Role::Student)
        )))
        .expect("request")
}

/// The `Set-Cookie` values of an answer.
async fn set_cookies(router: &axum::Router, request: Request<Body>) -> Vec<String> {
    let answer = tower::ServiceExt::oneshot(router.clone(), request)
        .await
        .expect("answer");
    assert!(answer.status().is_redirection(), "{}", answer.status());
    answer
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(String::from))
        .collect()
}

async fn switch_language(app: &TestApp, referer: &str) -> String {
    let answer = app
        .send(
            Request::get("/ngon-ngu/vi")
                .header(header::REFERER, referer)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    location(&answer)
}

fn location(reply: &Reply) -> String {
    reply
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn is_html(reply: &Reply) -> bool {
    reply
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
