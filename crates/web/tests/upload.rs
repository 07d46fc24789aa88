//! Importing a student list from the web page: the upload starts a background job, the job page
//! refreshes itself until the import ends, then shows the summary or every error with its row.

mod support;

use axum::http::{Request, StatusCode, header};
use domain::Role;
use support::*;

#[tokio::test]
async fn a_school_uploads_its_list_and_sees_the_summary() {
    let app = spawn_app().await;
    let cookie = app.cookie(Role::SchoolStaff).await;
    let list = "Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp,Ghi chú\n\
                Nguyễn Văn An,05/09/2009,Nam,9A1,THPT công lập,\n\
                Trần Thị Bích,06/10/2009,Nữ,9A1,Trung cấp,chuyển trường\n";
    let page = upload(&app, &cookie, "lop 9A1.csv", list).await;
    assert!(
        page.contains("Đã nhập: 2 dòng, 2 thêm mới, 0 cập nhật, 0 không đổi."),
        "{page}"
    );
    assert!(page.contains("Các cột không dùng đến: Ghi chú"));
    let stored = app
        .store
        .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("read");
    assert_eq!(stored.len(), 2);
    assert!(
        stored
            .iter()
            .all(|g| g.data.destination_source == "nhập tệp lop 9A1.csv"),
        "the history names the user's file"
    );
}

async fn an_upload_with_a_bad_row_writes_nothing_and_lists_the_error_with_its_row(app: TestApp) {
    let cookie = app.cookie(Role::SchoolStaff).await;
    let list = "Họ và tên,Ngày sinh,Giới tính\nNguyễn Văn An,05/09/2009,Nam\nTrần Thị Bích,31/02/2009,Nữ\n";
    let page = upload(&app, &cookie, "lop9.csv", list).await;
    assert!(
        page.contains("Tệp có lỗi; không có dữ liệu nào được ghi"),
        "{page}"
    );
    assert!(
        page.contains(
            ">3</td><td data-label=\"Cột\">Ngày sinh</td><td data-label=\"Giá trị\" class=\"wrap\">31/02/2009</td>"
        ),
        "{page}"
    );
    // The date has its day, month and year; the calendar lacks it, and the error says so.
    assert!(
        page.contains("ngày sinh 31/02/2009 không có trong lịch"),
        "{page}"
    );
    assert!(
        app.store
            .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
            .await
            .expect("read")
            .is_empty()
    );
}

async fn an_error_of_the_whole_file_names_no_row(app: TestApp) {
    let cookie = app.cookie(Role::SchoolStaff).await;
    let page = upload(&app, &cookie, "lop9.csv", "Ghi chú\nkhông có cột nào cần\n").await;
    assert!(page.contains("không tìm thấy dòng tiêu đề cột"), "{page}");
    assert!(page.contains(">Toàn tệp</td>"), "{page}");
    assert!(!page.contains("\">0</td>"), "“Dòng 0” names no row: {page}");
    let csv = page
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|href| href.ends_with("/loi.csv"))
        .expect("the errors file")
        .to_string();
    let report = String::from_utf8(app.bytes(&csv, &cookie).await).expect("UTF-8");
    assert!(
        report
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("Toàn tệp,")),
        "{report}"
    );
}

async fn a_year_that_is_not_one_is_said_beside_its_field_with_the_form_kept(app: TestApp) {
    let cookie = app.cookie(Role::SchoolStaff).await;
    let form = app
        .page(&format!("/co-so/{SCHOOL_BEN_LUC}/nhap"), &cookie)
        .await;
    let request = Request::post(format!("/co-so/{SCHOOL_BEN_LUC}/nhap"))
        .header(header::COOKIE, &cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(multipart_of_year(
            &csrf_of(&form),
            "2O24",
            "lop9.csv",
            "Họ và tên\n",
        ))
        .expect("request");
    let refused = app.send(request).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("<details class=\"menu\">"),
        "the page keeps its menu"
    );
    assert!(
        refused.body.contains(
            "value=\"2O24\" inputmode=\"numeric\" required aria-invalid=\"true\"><span class=\"field-error\">Năm tốt nghiệp “2O24” không phải là một năm; ví dụ 2024.</span>"
        ),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn only_those_who_keep_the_records_may_upload() {
    let app = spawn_app().await;
    for role in [Role::LabourOfficer, Role::CommuneOfficer, Role::Enterprise] {
        let cookie = app.cookie(role).await;
        let form = app
            .page(&format!("/co-so/{SCHOOL_BEN_LUC}/nhap"), &cookie)
            .await;
        assert_eq!(form.status, StatusCode::FORBIDDEN, "{role:?}");
    }
}

#[tokio::test]
async fn an_error_of_the_whole_file_names_no_row_sqlite() {
    an_error_of_the_whole_file_names_no_row(spawn_app().await).await;
}

#[tokio::test]
async fn an_error_of_the_whole_file_names_no_row_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        an_error_of_the_whole_file_names_no_row(app).await;
    }
}

#[tokio::test]
async fn a_year_that_is_not_one_is_said_beside_its_field_with_the_form_kept_sqlite() {
    a_year_that_is_not_one_is_said_beside_its_field_with_the_form_kept(spawn_app().await).await;
}

#[tokio::test]
async fn a_year_that_is_not_one_is_said_beside_its_field_with_the_form_kept_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        a_year_that_is_not_one_is_said_beside_its_field_with_the_form_kept(app).await;
    }
}

#[tokio::test]
async fn an_upload_with_a_bad_row_writes_nothing_and_lists_the_error_with_its_row_sqlite() {
    an_upload_with_a_bad_row_writes_nothing_and_lists_the_error_with_its_row(spawn_app().await)
        .await;
}

#[tokio::test]
async fn an_upload_with_a_bad_row_writes_nothing_and_lists_the_error_with_its_row_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        an_upload_with_a_bad_row_writes_nothing_and_lists_the_error_with_its_row(app).await;
    }
}
