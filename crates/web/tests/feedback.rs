//! What the pages tell the user: a confirmation after every save or send, the errors of a
//! refused form beside its fields with what was typed kept, error pages that keep the menu and
//! the signed-in user, and malformed addresses answered in Vietnamese (400, a page; JSON under
//! `/api/`).

mod support;

use axum::http::{StatusCode, header};
use domain::Role;
use support::*;

const LIST: &str = "STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n\
1,HS001,Trần Đức Huy,01/02/2009,Nam,9A1,THPT công lập\n";

fn location(reply: &Reply) -> String {
    reply
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("a redirect")
        .to_string()
}

/// The menu and the user of a signed-in page.
fn has_menu(reply: &Reply, display_name: &str) -> bool {
    reply.body.contains("<details class=\"menu\">") && reply.body.contains(display_name)
}

async fn record(app: &TestApp) -> i64 {
    import_csv(app, SCHOOL_BEN_LUC, 2024, LIST).await;
    app.store
        .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("read")[0]
        .id
}

async fn every_save_lands_on_a_page_that_confirms_it(app: TestApp) {
    let id = record(&app).await;
    let school = app.cookie(Role::SchoolStaff).await;
    let csrf = csrf_of(&app.page(&format!("/hoc-sinh/{id}"), &school).await);
    for (uri, form, flag, said) in [
        (
            format!("/hoc-sinh/{id}/huong-di"),
            format!("csrf={csrf}&destination=intermediate&institution=&date=15%2F09%2F2024"),
            "huong-di",
            "Đã lưu hướng đi sau tốt nghiệp.",
        ),
        (
            format!("/hoc-sinh/{id}/huong-di"),
            format!("csrf={csrf}&destination=intermediate&institution=&date=15%2F09%2F2024"),
            "khong-doi",
            "Không có gì thay đổi; không ghi gì.",
        ),
        (
            format!("/hoc-sinh/{id}/ten"),
            format!("csrf={csrf}&family_middle=Tr%E1%BA%A7n+%C4%90%E1%BB%A9c&given=Huy"),
            "khong-doi",
            "Không có gì thay đổi; không ghi gì.",
        ),
        (
            format!("/hoc-sinh/{id}/ten"),
            format!("csrf={csrf}&family_middle=Tr%E1%BA%A7n&given=%C4%90%E1%BB%A9c+Huy"),
            "ten",
            "Đã lưu họ và tên.",
        ),
        (
            format!("/hoc-sinh/{id}/theo-doi"),
            format!("csrf={csrf}&date=01%2F10%2F2025&status=working&note="),
            "theo-doi",
            "Đã thêm thông tin theo dõi.",
        ),
        (
            "/bao-cao-dinh-ky/2024-y/gui".to_string(),
            format!("csrf={csrf}&note="),
            "gui",
            "Đã gửi báo cáo lên cấp trên.",
        ),
    ] {
        let saved = app.send(form_post(&uri, &form, &school)).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{uri}: {}", saved.body);
        let landing = location(&saved);
        assert!(
            landing.ends_with(&format!("da-luu={flag}")),
            "{uri} → {landing}"
        );
        let page = app.page(&landing, &school).await;
        assert!(
            page.body
                .contains(&format!("<p class=\"notice\" role=\"status\">{said}</p>")),
            "{landing}: {}",
            page.body
        );
    }
    // The flag is a word of ours, not text: anything else shows nothing.
    let page = app
        .page(&format!("/hoc-sinh/{id}?da-luu=%3Cb%3Ehi"), &school)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("role=\"status\""));

    // The unit above approves (the new province: the district ended with the reform); the
    // review page says so.
    let district = app.cookie(Role::ProvinceOfficer).await;
    let review = app.page("/don-vi/803/tong-hop/2024-y", &district).await;
    let submission = review
        .body
        .split("/bao-cao-nop/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("a report to decide")
        .to_string();
    let approved = app
        .send(form_post(
            &format!("/bao-cao-nop/{submission}/duyet"),
            &format!(
                "csrf={}&back=%2Fdon-vi%2F803%2Ftong-hop%2F2024-y",
                csrf_of(&review)
            ),
            &district,
        ))
        .await;
    assert_eq!(
        location(&approved),
        "/don-vi/803/tong-hop/2024-y?da-luu=duyet"
    );
    let page = app.page(&location(&approved), &district).await;
    assert!(
        page.body
            .contains("Đã duyệt báo cáo; số liệu của kỳ đã được khóa.")
    );

    // A user created, a token revoked.
    let admin = app.cookie(Role::Admin).await;
    let admin_csrf = csrf_of(&app.page("/nguoi-dung", &admin).await);
    let created = app
        .send(form_post(
            "/nguoi-dung",
            &format!("csrf={admin_csrf}&username=gv.moi&display_name=Gi%C3%A1o+vi%C3%AAn+m%E1%BB%9Bi&password={PASSWORD}&role=school_staff&unit=&institution={SCHOOL_BEN_LUC}"),
            &admin,
        ))
        .await;
    assert_eq!(location(&created), "/nguoi-dung?da-luu=nguoi-dung");
    let page = app.page(&location(&created), &admin).await;
    assert!(page.body.contains("Đã tạo người dùng."));
    assert!(page.body.contains("gv.moi"));
}

async fn a_refused_form_shows_its_errors_beside_the_fields_with_the_input_kept(app: TestApp) {
    let id = record(&app).await;
    let school = app.cookie(Role::SchoolStaff).await;
    let csrf = csrf_of(&app.page(&format!("/hoc-sinh/{id}"), &school).await);
    let refused = app
        .send(form_post(
            &format!("/hoc-sinh/{id}/theo-doi"),
            &format!("csrf={csrf}&date=31%2F02%2F2011&status=working&note=%C4%90i+l%C3%A0m"),
            &school,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        has_menu(&refused, "Người thử school_staff"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(
            "value=\"31/02/2011\" placeholder=\"dd/mm/yyyy\" inputmode=\"numeric\" required aria-invalid=\"true\"><span class=\"field-error\">31/02/2011 không có trong lịch.</span>"
        ),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"Đi làm\""),
        "the note is kept"
    );
    assert!(
        app.store.follow_ups(id).await.expect("read").is_empty(),
        "nothing written"
    );
    let refused = app
        .send(form_post(
            &format!("/hoc-sinh/{id}/ten"),
            &format!("csrf={csrf}&family_middle=Tr%E1%BA%A7n&given=+"),
            &school,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("Tên không được để trống."),
        "{}",
        refused.body
    );

    let admin = app.cookie(Role::Admin).await;
    let admin_csrf = csrf_of(&app.page("/nguoi-dung", &admin).await);
    let refused = app
        .send(form_post(
            "/nguoi-dung",
            &format!("csrf={admin_csrf}&username=gv.moi&display_name=Gi%C3%A1o+vi%C3%AAn&password=ngan&role=school_staff&unit=&institution={SCHOOL_BEN_LUC}"),
            &admin,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(has_menu(&refused, "Người thử admin"));
    assert!(
        refused.body.contains("value=\"gv.moi\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("value=\"Giáo viên\""));
    assert!(
        refused
            .body
            .contains("<span class=\"field-error\">Mật khẩu phải có ít nhất 10 ký tự.</span>"),
        "{}",
        refused.body
    );
}

async fn error_pages_keep_the_menu_and_malformed_addresses_are_said_in_vietnamese(app: TestApp) {
    let district = app.cookie(Role::DistrictOfficer).await;
    let name = "Người thử district_officer";
    let missing = app.page("/khong-co-trang-nay", &district).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(has_menu(&missing, name), "{}", missing.body);
    assert!(missing.body.contains("Không tìm thấy trang này."));

    for (uri, said) in [
        (
            "/hoc-sinh/abc",
            "Địa chỉ không hợp lệ: “abc” phải là một số.",
        ),
        (
            "/co-so/80803001/tot-nghiep?nam=abc",
            "Tham số “nam” trong địa chỉ có giá trị không hợp lệ: “abc”.",
        ),
        (
            "/don-vi/80?ngay=31%2F02%2F2024",
            "Ngày 31/02/2024 không có trong lịch.",
        ),
    ] {
        let reply = app.page(uri, &district).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        assert!(has_menu(&reply, name), "{uri}: {}", reply.body);
        assert!(reply.body.contains(said), "{uri}: {}", reply.body);
        assert!(!reply.body.contains("Invalid URL") && !reply.body.contains("Failed to"));
    }

    let student = app.cookie(Role::Student).await;
    let forbidden = app.page("/nhat-ky", &student).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(has_menu(&forbidden, "Người thử student"));

    // The API answers the same mistakes in its JSON shape.
    let token = app.token(Role::DistrictOfficer).await;
    for uri in [
        "/api/v1/institutions/80803001/graduates?year=abc&level=thcs",
        "/api/v1/auth/tokens/abc",
    ] {
        let reply = app.get(uri, Some(&token)).await;
        if uri.ends_with("abc") {
            // A token's number that is not a number names no token (as before).
            assert_ne!(reply.status, StatusCode::OK);
            continue;
        }
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        assert_eq!(
            reply.json()["error"]["code"],
            "bad_request",
            "{}",
            reply.body
        );
        assert_eq!(
            reply.json()["error"]["message"],
            "Tham số “year” trong địa chỉ có giá trị không hợp lệ: “abc”."
        );
    }
    let unknown = app.get("/api/v1/khong-co", Some(&token)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.json()["error"]["code"],
        "not_found",
        "{}",
        unknown.body
    );
}

async fn the_audit_log_reads_in_plain_words(app: TestApp) {
    let student = app.cookie(Role::Student).await;
    assert_eq!(
        app.page("/nguoi-dung", &student).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app.cookie(Role::Admin).await;
    let log = app.page("/nhat-ky", &admin).await;
    assert!(
        log.body.contains("trang quản lý người dùng"),
        "{}",
        log.body
    );
    assert!(!log.body.contains("ManageUsers"), "{}", log.body);
    let english = app.page("/nhat-ky", &format!("{admin}; hn_lang=en")).await;
    assert!(
        english.body.contains("page to manage users"),
        "{}",
        english.body
    );
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::spawn_app().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) = super::spawn_app_on(super::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

on_both_backends!(
    every_save_lands_on_a_page_that_confirms_it,
    a_refused_form_shows_its_errors_beside_the_fields_with_the_input_kept,
    error_pages_keep_the_menu_and_malformed_addresses_are_said_in_vietnamese,
    the_audit_log_reads_in_plain_words,
);
