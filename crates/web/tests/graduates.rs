//! Graduates as a school and the offices above it use them: the class list in Vietnamese order,
//! the record with its history, the follow-ups, the workbook round trip, and the audit of every
//! view of a person's data.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::Role;
use support::*;

const LIST: &str = "\u{feff}DANH SÁCH HỌC SINH LỚP 9 TỐT NGHIỆP NĂM HỌC 2023-2024\n\n\
STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n\
1,HS001,Trần Đức,01/02/2009,Nam,9A1,THPT công lập\n\
2,HS002,Lê Văn Duy,02/02/2009,Nam,9A1,Trung cấp\n\
3,HS003,Phạm Thị Ân,03/02/2009,Nữ,9A1,\n\
4,HS004,Võ Ngọc Ăn,04/02/2009,Nữ,9A1,Không tiếp tục học\n\
5,HS005,Nguyễn Thị Ánh,05/02/2009,Nữ,9A1,9+ (GDTX + trung cấp)\n\
6,HS006,Bùi Văn Anh,06/02/2009,Nam,9A1,THPT ngoài công lập\n\
7,HS007,Đỗ Thị An,07/02/2009,Nữ,9A1,GDTX cấp THPT\n\
8,HS008,Nguyễn Văn An,08/02/2009,Nam,9A1,Sơ cấp\n";

async fn import_list(
    app: &TestApp,
    contents: &str,
    dry_run: bool,
) -> interchange::students::StudentSummary {
    let dir = std::env::temp_dir().join(format!(
        "hn-grad-{}-{}",
        std::process::id(),
        hn_web::auth::secrets::new_token()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("lop9.csv");
    std::fs::write(&path, contents).expect("write");
    let request = interchange::students::StudentImport {
        path: &path,
        file_name: None,
        school_code: SCHOOL_BEN_LUC,
        year: 2024,
        level: None,
        username: "thu.nghiem",
        dry_run,
    };
    interchange::students::import(app.store.as_ref(), &request, &|_| {})
        .await
        .expect("store")
        .expect("file accepted")
}

#[tokio::test]
async fn the_api_lists_graduates_by_given_then_middle_then_family_name_and_audits_the_view() {
    let app = spawn_app().await;
    let summary = import_list(&app, LIST, false).await;
    assert_eq!((summary.rows, summary.added), (8, 8));
    let token = app.token(Role::DistrictOfficer).await;
    let reply = app
        .get(
            &format!("/api/v1/institutions/{SCHOOL_BEN_LUC}/graduates?year=2024&level=thcs"),
            Some(&token),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let names: Vec<String> = reply
        .json()
        .as_array()
        .expect("list")
        .iter()
        .map(|g| g["full_name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Đỗ Thị An",
            "Nguyễn Văn An",
            "Bùi Văn Anh",
            "Nguyễn Thị Ánh",
            "Võ Ngọc Ăn",
            "Phạm Thị Ân",
            "Lê Văn Duy",
            "Trần Đức"
        ]
    );
    let events = app.store.audit_events(50).await.expect("audit");
    assert!(events.iter().any(|e| e.action == "view_persons"
        && e.username == "district.officer"
        && e.subject_id == format!("{SCHOOL_BEN_LUC}/2024/thcs")));
    // No name of a person enters the audit trail.
    assert!(
        events
            .iter()
            .all(|e| !e.detail.contains("Nguyễn") && !e.subject_id.contains("Nguyễn"))
    );
}

#[tokio::test]
async fn personal_data_is_refused_to_roles_and_places_that_may_not_see_it() {
    let app = spawn_app().await;
    import_list(&app, LIST, false).await;
    let uri = format!("/api/v1/institutions/{SCHOOL_BEN_LUC}/graduates?year=2024");
    for (role, expected) in [
        (Role::Admin, StatusCode::OK),
        (Role::ProvinceOfficer, StatusCode::OK),
        (Role::DistrictOfficer, StatusCode::OK),
        (Role::CommuneOfficer, StatusCode::OK),
        (Role::SchoolStaff, StatusCode::OK),
        (Role::LabourOfficer, StatusCode::FORBIDDEN),
        (Role::VocationalSchool, StatusCode::FORBIDDEN),
        (Role::Enterprise, StatusCode::FORBIDDEN),
        (Role::Student, StatusCode::FORBIDDEN),
        (Role::Parent, StatusCode::FORBIDDEN),
    ] {
        let token = app.token(role).await;
        assert_eq!(
            app.get(&uri, Some(&token)).await.status,
            expected,
            "{role:?}"
        );
    }
    let outside = format!("/api/v1/institutions/{SCHOOL_THANH_HOA}/graduates?year=2024");
    let token = app.token(Role::DistrictOfficer).await;
    assert_eq!(
        app.get(&outside, Some(&token)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn reimporting_changes_nothing_and_a_corrected_file_updates_in_place_with_history() {
    let app = spawn_app().await;
    import_list(&app, LIST, false).await;
    let again = import_list(&app, LIST, false).await;
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 8));
    let corrected = LIST.replace(
        "3,HS003,Phạm Thị Ân,03/02/2009,Nữ,9A1,",
        "3,HS003,Phạm Thị Ân,03/02/2009,Nữ,9A1,Trung cấp",
    );
    let dry = import_list(&app, &corrected, true).await;
    assert_eq!((dry.added, dry.updated), (0, 1));
    let real = import_list(&app, &corrected, false).await;
    assert_eq!((real.added, real.updated, real.unchanged), (0, 1, 7));
    let graduates = app
        .store
        .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("query");
    assert_eq!(graduates.len(), 8);
    let an = graduates
        .iter()
        .find(|g| g.data.moet_id.as_deref() == Some("HS003"))
        .expect("HS003");
    assert_eq!(an.data.destination, domain::Destination::Intermediate);
    let history = app.store.graduate_changes(an.id).await.expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        (
            history[0].field.as_str(),
            history[0].old_value.as_str(),
            history[0].new_value.as_str()
        ),
        ("destination", "Chưa rõ", "Trung cấp")
    );
    assert_eq!(history[0].username, "thu.nghiem");
}

#[tokio::test]
async fn a_school_edits_a_destination_and_adds_a_follow_up_from_the_record_page() {
    let app = spawn_app().await;
    import_list(&app, LIST, false).await;
    let graduates = app
        .store
        .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("query");
    let id = graduates
        .iter()
        .find(|g| g.data.moet_id.as_deref() == Some("HS004"))
        .expect("HS004")
        .id;
    let cookie = app.cookie(Role::SchoolStaff).await;
    let page = app.page(&format!("/hoc-sinh/{id}"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Võ Ngọc Ăn") && page.body.contains("04/02/2009"),
        "{}",
        page.body
    );
    let csrf = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf")
        .to_string();

    let post = |uri: String, form: String, cookie: String| {
        Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .expect("request")
    };
    let refused = app
        .send(post(
            format!("/hoc-sinh/{id}/huong-di"),
            "csrf=sai&destination=intermediate&institution=&date=".into(),
            cookie.clone(),
        ))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let saved = app
        .send(post(format!("/hoc-sinh/{id}/huong-di"), format!("csrf={csrf}&destination=intermediate&institution=Tr%C6%B0%E1%BB%9Dng+Cao+%C4%91%E1%BA%B3ng+Long+An&date=15%2F09%2F2024"), cookie.clone()))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let followed = app.send(post(format!("/hoc-sinh/{id}/theo-doi"), format!("csrf={csrf}&date=01%2F10%2F2025&status=working&note=%C4%90i+l%C3%A0m+ph%E1%BB%A5+h%E1%BB%93"), cookie.clone())).await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER, "{}", followed.body);

    let page = app.page(&format!("/hoc-sinh/{id}"), &cookie).await;
    assert!(
        page.body.contains("<dd id=\"destination\">Trung cấp</dd>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Trường Cao đẳng Long An") && page.body.contains("15/09/2024"));
    assert!(
        page.body.contains("01/10/2025: Làm việc – Đi làm phụ hồ"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(
            "Không tiếp tục học</td><td data-label=\"Giá trị mới\" class=\"wrap\">Trung cấp"
        ),
        "history shows old and new value"
    );
    let events = app.store.audit_events(50).await.expect("audit");
    assert!(
        events
            .iter()
            .any(|e| e.action == "view_person" && e.subject_id == id.to_string())
    );
    assert!(
        events
            .iter()
            .any(|e| e.action == "update" && e.subject_id == id.to_string())
    );
}

#[tokio::test]
async fn the_downloaded_workbook_imports_back_unchanged_and_carries_the_destination_list() {
    let app = spawn_app().await;
    import_list(&app, LIST, false).await;
    let cookie = app.cookie(Role::SchoolStaff).await;
    let reply = app
        .page(
            &format!("/co-so/{SCHOOL_BEN_LUC}/mau-phan-luong?nam=2024&cap=thcs"),
            &cookie,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    // The body went through String::from_utf8_lossy in the helper; fetch the bytes directly.
    let request = Request::get(format!(
        "/co-so/{SCHOOL_BEN_LUC}/mau-phan-luong?nam=2024&cap=thcs"
    ))
    .header(header::COOKIE, &cookie)
    .body(Body::empty())
    .expect("request");
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .expect("answer");
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    let dir = std::env::temp_dir().join(format!("hn-wb-{}", hn_web::auth::secrets::new_token()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("phan-luong.xlsx");
    std::fs::write(&path, &bytes).expect("write");
    let request = interchange::students::StudentImport {
        path: &path,
        file_name: None,
        school_code: SCHOOL_BEN_LUC,
        year: 2024,
        level: None,
        username: "truong",
        dry_run: false,
    };
    let summary = interchange::students::import(app.store.as_ref(), &request, &|_| {})
        .await
        .expect("store")
        .expect("accepted");
    assert_eq!(
        (
            summary.rows,
            summary.added,
            summary.updated,
            summary.unchanged
        ),
        (8, 0, 0, 8),
        "{summary:?}"
    );
    assert!(
        summary.unknown_columns.is_empty(),
        "{:?}",
        summary.unknown_columns
    );
    // The sheet carries the drop-down list of THCS destinations.
    let sheet = zip_sheet(&bytes);
    assert!(
        sheet.contains("dataValidation")
            && sheet.contains("THPT công lập")
            && sheet.contains("9+ (GDTX + trung cấp)")
    );
    let events = app.store.audit_events(20).await.expect("audit");
    assert!(events.iter().any(|e| e.action == "export_persons"));
}

/// The XML of the first worksheet of an XLSX file.
fn zip_sheet(bytes: &[u8]) -> String {
    // calamine does not expose data validations; read the part from the zip.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
    let mut sheet = zip.by_name("xl/worksheets/sheet1.xml").expect("sheet");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut sheet, &mut xml).expect("xml");
    xml
}
