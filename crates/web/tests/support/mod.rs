//! Test support: a fresh application on a fresh database (SQLite, or PostgreSQL with
//! `spawn_app_on`) with the national unit reference, two schools in two districts of Long An
//! (2023), and one account per role.

#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::{InstitutionKind, Ownership, Role};
use hn_web::AppState;
use hn_web::accounts::{AccountRequest, create};
use http_body_util::BodyExt;
use serde_json::Value;
use store::{NewInstitution, Store};
use tower::ServiceExt;

pub const PASSWORD: &str = "mat-khau-thu-nghiem";
/// A THCS in Thị trấn Bến Lức (Huyện Bến Lức).
pub const SCHOOL_BEN_LUC: &str = "80803001";
/// A THCS in Thị trấn Thạnh Hóa (Huyện Thạnh Hóa).
pub const SCHOOL_THANH_HOA: &str = "80800001";
/// A college in Tân An.
pub const COLLEGE: &str = "80794901";
/// An enterprise in Đức Hòa.
pub const ENTERPRISE: &str = "80802950";

pub use hn_testkit::Backend;

pub struct TestApp {
    pub store: Arc<dyn Store>,
    pub router: axum::Router,
    pub state: AppState,
    /// Removes the database when the test ends (the last field, so it is dropped last), and
    /// when the last server on it is gone.
    _db: Arc<hn_testkit::TestDb>,
}

/// The application on a fresh SQLite file.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(Backend::Sqlite)
        .await
        .expect("SQLite is always there")
}

/// The application on a fresh database of the backend; `None` only when PostgreSQL is missing
/// and the developer opted out by hand (`HN_SKIP_POSTGRES=1`).
pub async fn spawn_app_on(backend: Backend) -> Option<TestApp> {
    let db = hn_testkit::TestDb::fresh(backend).await?;
    let store = store::open(&db.url).await.expect("store opens");
    interchange::reference::ensure_loaded(store.as_ref())
        .await
        .expect("reference loads");
    let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).expect("date");
    let unit = |code: &'static str| {
        let store = store.clone();
        async move { store.unit_on(code, day).await.expect("query").expect(code) }
    };
    let (ben_luc_town, thanh_hoa_town) = (unit("27991").await, unit("27865").await);
    let (tan_an_ward, duc_hoa_town) = (unit("27685").await, unit("27937").await);
    let province = unit("80").await;
    let school =
        |code: &str, kind, name: &str, commune: &store::Unit, manager: i64| NewInstitution {
            code: code.into(),
            kind,
            ownership: Ownership::Public,
            name: name.into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            province_code: "80".into(),
            commune_unit_id: commune.id,
            managing_unit_id: manager,
        };
    store
        .upsert_institutions(&[
            school(
                SCHOOL_BEN_LUC,
                InstitutionKind::Thcs,
                "Trường THCS Thị trấn Bến Lức",
                &ben_luc_town,
                ben_luc_town.parent_id.expect("district"),
            ),
            school(
                SCHOOL_THANH_HOA,
                InstitutionKind::Thcs,
                "Trường THCS Thị trấn Thạnh Hóa",
                &thanh_hoa_town,
                thanh_hoa_town.parent_id.expect("district"),
            ),
            school(
                COLLEGE,
                InstitutionKind::College,
                "Trường Cao đẳng Long An",
                &tan_an_ward,
                province.id,
            ),
            school(
                ENTERPRISE,
                InstitutionKind::Enterprise,
                "Công ty TNHH May Đức Hòa",
                &duc_hoa_town,
                province.id,
            ),
        ])
        .await
        .expect("institutions");
    for (role, unit, institution) in [
        (Role::Admin, None, None),
        (Role::ProvinceOfficer, Some("80"), None),
        (Role::DistrictOfficer, Some("803"), None),
        (Role::CommuneOfficer, Some("27991"), None),
        (Role::LabourOfficer, Some("80"), None),
        (Role::SchoolStaff, None, Some(SCHOOL_BEN_LUC)),
        (Role::VocationalSchool, None, Some(COLLEGE)),
        (Role::Enterprise, None, Some(ENTERPRISE)),
        (Role::Student, None, Some(SCHOOL_BEN_LUC)),
        (Role::Parent, None, Some(SCHOOL_BEN_LUC)),
    ] {
        let request = AccountRequest {
            username: role.code().replace('_', "."),
            display_name: format!("Người thử {}", role.code()),
            password: PASSWORD.into(),
            role,
            unit_code: unit.map(String::from),
            institution_code: institution.map(String::from),
        };
        create(store.as_ref(), None, request)
            .await
            .expect("account");
    }
    let state = AppState {
        store: store.clone(),
        secure_cookies: false,
        trust_proxy: false,
        jobs: Default::default(),
        analytics: Arc::new(analytics::Engine::new(store.clone())),
    };
    let router = hn_web::router(state.clone());
    Some(TestApp {
        store,
        router,
        state,
        _db: Arc::new(db),
    })
}

impl TestApp {
    /// A second server on the same database, as a second process would be: its own
    /// connections and its own copies of figures.
    pub async fn second_server(&self) -> TestApp {
        let store = store::open(&self._db.url).await.expect("store opens");
        let state = AppState {
            store: store.clone(),
            secure_cookies: false,
            trust_proxy: false,
            jobs: Default::default(),
            analytics: Arc::new(analytics::Engine::new(store.clone())),
        };
        TestApp {
            store,
            router: hn_web::router(state.clone()),
            state,
            _db: self._db.clone(),
        }
    }
}

pub fn username(role: Role) -> String {
    role.code().replace('_', ".")
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str, token: Option<&str>) -> Reply {
        let mut request = Request::get(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    pub async fn post_json(&self, uri: &str, body: Value) -> Reply {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    pub async fn token(&self, role: Role) -> String {
        self.token_of(&username(role)).await
    }

    /// An API token for any account whose password is `PASSWORD`.
    pub async fn token_of(&self, username: &str) -> String {
        let reply = self
            .post_json(
                "/api/v1/auth/token",
                serde_json::json!({"username": username, "password": PASSWORD}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()["token"].as_str().expect("token").to_string()
    }
}

impl TestApp {
    /// A browser session cookie for the role's account.
    pub async fn cookie(&self, role: Role) -> String {
        self.cookie_of(&username(role)).await
    }

    /// A browser session cookie for any account whose password is `PASSWORD`.
    pub async fn cookie_of(&self, username: &str) -> String {
        let issued = hn_web::auth::signin::sign_in(
            &self.state,
            username,
            PASSWORD,
            None,
            store::SessionKind::Browser,
        )
        .await
        .expect("sign in");
        format!("hn_session={}", issued.token)
    }

    /// The raw body of a page (a file download), with the session cookie.
    pub async fn bytes(&self, uri: &str, cookie: &str) -> Vec<u8> {
        let request = Request::get(uri)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .expect("request");
        let response = self.router.clone().oneshot(request).await.expect("answer");
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec()
    }

    pub async fn page(&self, uri: &str, cookie: &str) -> Reply {
        let request = Request::get(uri)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }
}

/// Imports a class list (CSV text) for a school and cohort through the import the web uses.
pub async fn import_csv(
    app: &TestApp,
    school: &str,
    year: i32,
    contents: &str,
) -> interchange::students::StudentSummary {
    let dir = std::env::temp_dir().join(format!(
        "hn-import-{}-{}",
        std::process::id(),
        hn_web::auth::secrets::new_token()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("lop9.csv");
    std::fs::write(&path, contents).expect("write");
    let request = interchange::students::StudentImport {
        path: &path,
        file_name: None,
        school_code: school,
        year,
        level: None,
        username: "thu.nghiem",
        dry_run: false,
    };
    interchange::students::import(app.store.as_ref(), &request, &|_| {})
        .await
        .expect("store")
        .expect("file accepted")
}

/// A form post with the session cookie.
pub fn form_post(uri: &str, form: &str, cookie: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .expect("request")
}

/// The CSRF token of a signed-in page.
pub fn csrf_of(page: &Reply) -> String {
    page.body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf")
        .to_string()
}

// Uploading a list from the import page (multipart, as a browser sends it).

pub const BOUNDARY: &str = "----hn-test-boundary";

pub fn multipart(csrf: &str, file_name: &str, contents: &str) -> Body {
    multipart_of_year(csrf, "2024", file_name, contents)
}

pub fn multipart_of_year(csrf: &str, year: &str, file_name: &str, contents: &str) -> Body {
    let mut body = String::new();
    for (name, value) in [("csrf", csrf), ("nam", year), ("cap", "thcs")] {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n{contents}\r\n--{BOUNDARY}--\r\n"
    ));
    Body::from(body)
}

/// Uploads a list and follows the job page until it stops refreshing; returns that page.
pub async fn upload(app: &TestApp, cookie: &str, file_name: &str, contents: &str) -> String {
    let form = app
        .page(&format!("/co-so/{SCHOOL_BEN_LUC}/nhap"), cookie)
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = form
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf")
        .to_string();
    let request = Request::post(format!("/co-so/{SCHOOL_BEN_LUC}/nhap"))
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(multipart(&csrf, file_name, contents))
        .expect("request");
    let started = app.send(request).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let job = started
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("job page")
        .to_string();
    for _ in 0..200 {
        let page = app.page(&job, cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        if !page.body.contains("http-equiv=\"refresh\"") {
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import job did not finish");
}

/// A calendar day, for the tests of both trees.
pub fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The version of a unit code valid on a day (codes are reused across the 2025 reform).
pub async fn unit(app: &TestApp, code: &str, on: chrono::NaiveDate) -> store::Unit {
    app.store
        .unit_on(code, on)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("đơn vị {code} ngày {on}"))
}

/// An account of a unit version (an old account keeps the unit it was made for), with the
/// suite's password.
pub async fn officer(
    app: &TestApp,
    username: &str,
    role: Role,
    unit: &store::Unit,
) -> store::UserRecord {
    let password_hash = hn_web::auth::secrets::hash_password(PASSWORD).expect("hash");
    app.store
        .create_user(&store::NewUser {
            username: username.into(),
            display_name: format!("Cán bộ {}", unit.name),
            password_hash,
            role,
            scope: domain::Scope::Unit { unit_id: unit.id },
        })
        .await
        .expect("account");
    app.store
        .user_by_username(username)
        .await
        .expect("query")
        .expect("user")
}
