//! The reporting cycle across the 2025 reform, on both databases. The communes of Huyện Bến Lức
//! (Long An) report their 6-month figures to the district; the district ended on 30/06/2025 and
//! Long An went into the new Tây Ninh (code 80 again).
//! - A 6-month report of 2025 sent before 01/07/2025 and one sent after are both listed on the
//!   district's completeness page of that period, which its officer still reads but decides
//!   nothing on; the new province's officer, whose unit carries the district's, approves them.
//! - The new province's page of the period answers for the units it succeeded (Long An and the
//!   old Tây Ninh), with where each went; the old Long An's officer asking a later period is told
//!   where the work went, not shown Tây Ninh under Long An's name nor a 404.
//! - An account of an ended unit sends no report for a period after its end; an administrator
//!   moves it to a successor unit.
//! - From the home page, every link the old district's officer can follow answers (no 404).

mod support;

use std::collections::{BTreeSet, VecDeque};

use axum::http::StatusCode;
use chrono::{NaiveDate, TimeZone, Utc};
use domain::period::Period;
use domain::{Role, Scope};
use store::{NewSubmission, Submitter, Unit};
use support::*;

/// A unit's report of a period, sent on a given day (as the store keeps it).
async fn sent_on(app: &TestApp, period: &Period, unit: &Unit, on: NaiveDate) -> i64 {
    let at = Utc.from_utc_datetime(&on.and_hms_opt(9, 0, 0).expect("time"));
    app.store
        .submit_report(&NewSubmission {
            province_code: unit.province_code.clone(),
            period: period.code(),
            cohort_year: period.cohort_year(),
            submitter: Submitter::Unit(unit.id),
            unit_id: unit.id,
            figures: "{}".into(),
            note: String::new(),
            username: "thu.nghiem".into(),
            at,
        })
        .await
        .expect("submitted")
        .id
}

async fn status_of(app: &TestApp, id: i64) -> store::SubmissionStatus {
    app.store
        .submission(id)
        .await
        .expect("query")
        .expect("submission")
        .status
}

/// The buttons of a completeness page that decide on a submission.
fn approves(body: &str, id: i64) -> bool {
    body.contains(&format!("/bao-cao-nop/{id}/duyet"))
}

async fn decide(app: &TestApp, cookie: &str, page: &str, id: i64) -> StatusCode {
    let csrf = csrf_of(&app.page(page, cookie).await);
    app.send(form_post(
        &format!("/bao-cao-nop/{id}/duyet"),
        &format!("csrf={csrf}&back=%2F"),
        cookie,
    ))
    .await
    .status
}

async fn the_cycle_follows_the_tree_of_each_period(backend: Backend) {
    let Some(app) = spawn_app_on(backend).await else {
        return;
    };
    let (old, new) = (day(2023, 6, 1), day(2026, 1, 1));
    let luong_hoa = unit(&app, "28003", old).await;
    let tan_buu = unit(&app, "28009", old).await;
    let ben_luc = unit(&app, "803", old).await;
    let long_an = unit(&app, "80", old).await;
    let tay_ninh = unit(&app, "80", new).await;
    assert_ne!(long_an.id, tay_ninh.id);
    officer(&app, "xa.luonghoa.cu", Role::CommuneOfficer, &luong_hoa).await;
    let district = officer(&app, "huyen.benluc", Role::DistrictOfficer, &ben_luc).await;
    officer(&app, "so.longan", Role::ProvinceOfficer, &long_an).await;
    officer(&app, "so.tayninh.moi", Role::ProvinceOfficer, &tay_ninh).await;

    // The 6-month report of 2025 closes on 14/06/2025, before the reform: its tree is the old one.
    let half = Period::first_half(2025);
    assert!(half.ends_on() < domain::unit::reform_date());
    let before = sent_on(&app, &half, &luong_hoa, day(2025, 6, 18)).await;
    let after = sent_on(&app, &half, &tan_buu, day(2025, 7, 8)).await;
    let district_report = sent_on(&app, &half, &ben_luc, day(2025, 6, 30)).await;

    // The district's officer reads the district's page of its own period: both reports, the
    // first on time, the second late, and no button: the district ended on 30/06/2025.
    let district_cookie = app.cookie_of("huyen.benluc").await;
    let district_page = "/don-vi/803/tong-hop/2025-h1?ngay=30/06/2025";
    let page = app.page(district_page, &district_cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Xã Lương Hòa") && page.body.contains("Xã Tân Bửu"));
    assert!(page.body.contains("Đúng hạn"), "the June report is on time");
    assert!(
        page.body.contains("19 ngày"),
        "the July report is 19 days late"
    );
    assert!(
        page.body.contains("kết thúc ngày 30/06/2025"),
        "{}",
        page.body
    );
    assert!(!approves(&page.body, before) && !approves(&page.body, after));
    assert_eq!(
        decide(&app, &district_cookie, district_page, after).await,
        StatusCode::FORBIDDEN,
        "an ended district decides nothing"
    );
    assert_eq!(
        status_of(&app, after).await,
        store::SubmissionStatus::Submitted
    );

    // The new province's officer opens the same page and decides both: sent before the reform
    // and after it.
    let province_cookie = app.cookie_of("so.tayninh.moi").await;
    let page = app.page(district_page, &province_cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(approves(&page.body, before) && approves(&page.body, after));
    for id in [before, after] {
        assert_eq!(
            decide(&app, &province_cookie, district_page, id).await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(status_of(&app, id).await, store::SubmissionStatus::Approved);
    }

    // The new province's own page of that period answers for Long An and the old Tây Ninh: it
    // lists the old districts (Bến Lức's report waiting for its decision) with where they went.
    let page = app
        .page(
            "/don-vi/80/tong-hop/2025-h1?ngay=01/12/2026",
            &province_cookie,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Tỉnh Long An") && page.body.contains("Huyện Bến Lức"));
    assert!(page.body.contains("Nay thuộc"), "successors shown");
    assert!(approves(&page.body, district_report));
    // Filtered to what waits for the officer, it is the district's report alone.
    let waiting = app
        .page(
            "/don-vi/80/tong-hop/2025-h1?ngay=01/12/2026&trang-thai=can-duyet",
            &province_cookie,
        )
        .await;
    assert!(waiting.body.contains("Huyện Bến Lức"));
    assert!(!waiting.body.contains("Huyện Cần Giuộc"), "only what waits");

    // Long An's officer: its own period under its own name; a later period says where it went.
    let long_an_cookie = app.cookie_of("so.longan").await;
    let own = app
        .page(
            "/don-vi/80/tong-hop/2025-h1?ngay=30/06/2025",
            &long_an_cookie,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Tỉnh Long An") && !own.body.contains("<p>Tỉnh Tây Ninh ·"));
    let later = app
        .page(
            "/don-vi/80/tong-hop/2025-y?ngay=30/06/2025",
            &long_an_cookie,
        )
        .await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
    assert!(later.body.contains("kết thúc ngày 30/06/2025"));
    assert!(later.body.contains("Tỉnh Tây Ninh"), "where the work went");

    // The old commune still sends its late report of its own period; not one of a later period.
    let commune_cookie = app.cookie_of("xa.luonghoa.cu").await;
    let reporting = app.page("/bao-cao-dinh-ky", &commune_cookie).await;
    assert!(reporting.body.contains("kết thúc ngày 30/06/2025"));
    let csrf = csrf_of(&reporting);
    let refused = app
        .send(form_post(
            "/bao-cao-dinh-ky/2025-y/gui",
            &format!("csrf={csrf}"),
            &commune_cookie,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);

    // An administrator moves the district's account to the new province's unit it went into.
    let admin = app.cookie(Role::Admin).await;
    let users = app.page("/nguoi-dung", &admin).await;
    assert!(
        users
            .body
            .contains(&format!("/nguoi-dung/{}/chuyen", district.id))
    );
    let moved = app
        .send(form_post(
            &format!("/nguoi-dung/{}/chuyen", district.id),
            &format!("csrf={}&to={}", csrf_of(&users), tay_ninh.id),
            &admin,
        ))
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let account = app.store.user(district.id).await.expect("q").expect("user");
    assert_eq!(
        account.scope,
        Scope::Unit {
            unit_id: tay_ninh.id
        }
    );
    assert_eq!(account.role, Role::ProvinceOfficer);
}

/// Every page reachable from the home page of the old district's officer, followed link by
/// link (downloads included), answers: nothing is "not found" or broken.
async fn no_link_of_an_ended_unit_leads_nowhere(backend: Backend) {
    let Some(app) = spawn_app_on(backend).await else {
        return;
    };
    let ben_luc = unit(&app, "803", day(2023, 6, 1)).await;
    officer(&app, "huyen.benluc", Role::DistrictOfficer, &ben_luc).await;
    let cookie = app.cookie_of("huyen.benluc").await;
    let mut queue = VecDeque::from([String::from("/")]);
    let mut seen = BTreeSet::new();
    let mut broken = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 120 {
            continue;
        }
        let reply = app.page(&path, &cookie).await;
        let status = reply.status;
        if status == StatusCode::NOT_FOUND || status.is_server_error() {
            broken.push(format!("{path}: {status}"));
            continue;
        }
        if !reply
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"))
        {
            continue;
        }
        for href in reply.body.split("href=\"").skip(1) {
            // As a browser reads an attribute: the template escapes `&` as `&#38;` or `&amp;`.
            let href = href
                .split('"')
                .next()
                .unwrap_or_default()
                .replace("&#38;", "&")
                .replace("&amp;", "&");
            let leaves = href.starts_with("/ngon-ngu/") || href.starts_with("/static/");
            if href.starts_with('/') && !leaves && !seen.contains(&href) {
                queue.push_back(href);
            }
        }
    }
    assert!(seen.len() > 5, "the crawl reached only {seen:?}");
    assert!(broken.is_empty(), "links that lead nowhere: {broken:#?}");
}

#[tokio::test]
async fn the_cycle_follows_the_tree_of_each_period_on_sqlite() {
    the_cycle_follows_the_tree_of_each_period(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_cycle_follows_the_tree_of_each_period_on_postgres() {
    the_cycle_follows_the_tree_of_each_period(Backend::Postgres).await;
}

#[tokio::test]
async fn no_link_of_an_ended_unit_leads_nowhere_on_sqlite() {
    no_link_of_an_ended_unit_leads_nowhere(Backend::Sqlite).await;
}

#[tokio::test]
async fn no_link_of_an_ended_unit_leads_nowhere_on_postgres() {
    no_link_of_an_ended_unit_leads_nowhere(Backend::Postgres).await;
}
