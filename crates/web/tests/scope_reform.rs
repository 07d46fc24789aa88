//! The scope matrix across the 2025 reform, on both databases: a person's record is decided in
//! the tree of the record's own period. The old Xã Lương Hòa and Xã Tân Bửu (Huyện Bến Lức,
//! Long An) were merged into the new Xã Lương Hòa (Tây Ninh); Long An and the old Tây Ninh (72)
//! into the new Tây Ninh (80).
//! - An officer of a unit that ended keeps the cohorts its schools recorded while it existed,
//!   and sees nothing of the units merged with it later, nor anything recorded after the reform.
//! - An officer of a new unit sees what its predecessors held.
//! - Accounts are created only by a unit above, in today's tree.
//!
//! Pages, API and downloads (CSV, XLSX, PDF) are all asked.

mod support;

use axum::http::StatusCode;

use domain::{InstitutionKind, Level, Ownership, Role};
use hn_web::accounts::{AccountRequest, create};
use hn_web::failure::Failure;
use store::{NewInstitution, Unit, UserRecord};
use support::*;

/// A THCS in the old Xã Lương Hòa.
const LUONG_HOA: &str = "80803101";
/// A THCS in the old Xã Tân Bửu, merged with Lương Hòa in 2025.
const TAN_BUU: &str = "80803102";
/// A THCS registered after the reform under the new Xã Lương Hòa: which old commune it was in
/// is not known, only that it was in Huyện Bến Lức.
const NEW_LUONG_HOA: &str = "80803103";
/// A THCS of the old Tây Ninh province (72), Phường 1 of the city of Tây Ninh.
const OLD_TAY_NINH: &str = "72703101";

const HEADER: &str = "STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n";

fn school(code: &str, name: &str, commune: &Unit) -> NewInstitution {
    NewInstitution {
        code: code.into(),
        kind: InstitutionKind::Thcs,
        ownership: Ownership::Public,
        name: name.into(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        province_code: commune.province_code.clone(),
        commune_unit_id: commune.id,
        managing_unit_id: commune.parent_id.expect("parent"),
    }
}

/// One not-continuing graduate of a school and cohort, named so that lists can be searched.
async fn graduate(app: &TestApp, school: &str, year: i32, moet: &str, name: &str) -> i64 {
    let csv = format!(
        "{HEADER}1,{moet},{name},01/02/{},Nam,9A,Không tiếp tục học\n",
        year - 15
    );
    import_csv(app, school, year, &csv).await;
    app.store
        .graduates_of(school, year, Level::Thcs)
        .await
        .expect("graduates")
        .into_iter()
        .find(|g| g.data.moet_id.as_deref() == Some(moet))
        .expect("imported")
        .id
}

struct Reform {
    app: TestApp,
    /// Record ids: (school, cohort) → the graduate.
    luong_hoa_2024: i64,
    luong_hoa_2026: i64,
    tan_buu_2024: i64,
    new_luong_hoa_2024: i64,
    old_tay_ninh_2024: i64,
    old_province_72: UserRecord,
    new_province_80: UserRecord,
}

async fn reform(backend: Backend) -> Option<Reform> {
    let app = spawn_app_on(backend).await?;
    let (old, new) = (day(2023, 6, 1), day(2026, 1, 1));
    let old_luong_hoa = unit(&app, "28003", old).await;
    let old_tan_buu = unit(&app, "28009", old).await;
    let new_luong_hoa = unit(&app, "28003", new).await;
    let old_ward = unit(&app, "25456", old).await;
    assert_eq!(old_ward.province_code, "72");
    app.store
        .upsert_institutions(&[
            school(LUONG_HOA, "Trường THCS Lương Hòa", &old_luong_hoa),
            school(TAN_BUU, "Trường THCS Tân Bửu", &old_tan_buu),
            NewInstitution {
                managing_unit_id: new_luong_hoa.id,
                ..school(NEW_LUONG_HOA, "Trường THCS Lương Hòa 2", &new_luong_hoa)
            },
            school(OLD_TAY_NINH, "Trường THCS Phường 1", &old_ward),
        ])
        .await
        .expect("schools");
    let luong_hoa_2024 = graduate(&app, LUONG_HOA, 2024, "LH24", "Lương Văn Một").await;
    let luong_hoa_2026 = graduate(&app, LUONG_HOA, 2026, "LH26", "Lương Thị Hai").await;
    let tan_buu_2024 = graduate(&app, TAN_BUU, 2024, "TB24", "Tân Văn Ba").await;
    let new_luong_hoa_2024 = graduate(&app, NEW_LUONG_HOA, 2024, "NL24", "Mới Văn Bốn").await;
    let old_tay_ninh_2024 = graduate(&app, OLD_TAY_NINH, 2024, "TN24", "Tây Văn Năm").await;

    officer(&app, "xa.luonghoa.cu", Role::CommuneOfficer, &old_luong_hoa).await;
    officer(
        &app,
        "xa.luonghoa.moi",
        Role::CommuneOfficer,
        &new_luong_hoa,
    )
    .await;
    let ben_luc = unit(&app, "803", old).await;
    officer(&app, "huyen.benluc", Role::DistrictOfficer, &ben_luc).await;
    let old_province_72 = officer(
        &app,
        "so.tayninh.cu",
        Role::ProvinceOfficer,
        &unit(&app, "72", old).await,
    )
    .await;
    let new_province_80 = officer(
        &app,
        "so.tayninh.moi",
        Role::ProvinceOfficer,
        &unit(&app, "80", new).await,
    )
    .await;
    Some(Reform {
        app,
        luong_hoa_2024,
        luong_hoa_2026,
        tan_buu_2024,
        new_luong_hoa_2024,
        old_tay_ninh_2024,
        old_province_72,
        new_province_80,
    })
}

/// Every expectation that does not hold, as one readable list.
#[derive(Default)]
struct Mismatches(Vec<String>);

impl Mismatches {
    fn check(&mut self, who: &str, what: &str, status: StatusCode, expected: StatusCode) {
        if status != expected {
            self.0
                .push(format!("{who} {what}: {status} (expected {expected})"));
        }
    }

    fn must_have(&mut self, who: &str, what: &str, body: &str, name: &str, present: bool) {
        if body.contains(name) != present {
            let verb = if present { "lacks" } else { "shows" };
            self.0.push(format!("{who} {what}: {verb} “{name}”"));
        }
    }
}

/// A school, a cohort and the answer an officer must get for its graduates.
type Expectation = (&'static str, i32, StatusCode);

const OK: StatusCode = StatusCode::OK;
const NO: StatusCode = StatusCode::FORBIDDEN;

async fn the_records_of_a_period_are_decided_in_that_periods_tree(backend: Backend) {
    let Some(r) = reform(backend).await else {
        return;
    };
    let app = &r.app;
    let mut m = Mismatches::default();

    // API: the graduates of a school and cohort, per officer.
    let api =
        |school: &str, year: i32| format!("/api/v1/institutions/{school}/graduates?year={year}");
    let cases: &[(&str, &[Expectation])] = &[
        (
            "xa.luonghoa.cu",
            &[
                (LUONG_HOA, 2024, OK),
                (LUONG_HOA, 2025, OK),
                // recorded after the reform: not the old commune's any more
                (LUONG_HOA, 2026, NO),
                // the merger partner
                (TAN_BUU, 2024, NO),
                // registered under the new commune: which old one is not known
                (NEW_LUONG_HOA, 2024, NO),
                (OLD_TAY_NINH, 2024, NO),
            ],
        ),
        (
            "xa.luonghoa.moi",
            &[
                (LUONG_HOA, 2024, OK),
                (LUONG_HOA, 2026, OK),
                (TAN_BUU, 2024, OK),
                (NEW_LUONG_HOA, 2024, OK),
                (OLD_TAY_NINH, 2024, NO),
            ],
        ),
        (
            "huyen.benluc",
            &[
                (LUONG_HOA, 2024, OK),
                (TAN_BUU, 2024, OK),
                (NEW_LUONG_HOA, 2024, OK),
                (LUONG_HOA, 2026, NO),
                (NEW_LUONG_HOA, 2026, NO),
            ],
        ),
        (
            "so.tayninh.cu",
            &[
                (OLD_TAY_NINH, 2024, OK),
                (LUONG_HOA, 2024, NO),
                (TAN_BUU, 2024, NO),
                (OLD_TAY_NINH, 2026, NO),
            ],
        ),
        (
            "so.tayninh.moi",
            &[
                (OLD_TAY_NINH, 2024, OK),
                (LUONG_HOA, 2024, OK),
                (LUONG_HOA, 2026, OK),
                (TAN_BUU, 2024, OK),
                (NEW_LUONG_HOA, 2024, OK),
            ],
        ),
    ];
    for (who, rows) in cases {
        let token = app.token_of(who).await;
        for (school, year, expected) in rows.iter() {
            let reply = app.get(&api(school, *year), Some(&token)).await;
            m.check(who, &api(school, *year), reply.status, *expected);
        }
    }

    // Units: an old officer does not reach the new unit its own was merged into.
    let old_province = app.token_of("so.tayninh.cu").await;
    for (uri, expected) in [
        ("/api/v1/units/80/streaming?year=2024&on=2025-08-01", NO),
        ("/api/v1/units/80?on=2025-08-01", NO),
        ("/api/v1/units/80/indicators?year=2024&on=2025-08-01", NO),
        ("/api/v1/units/72?on=2024-06-01", OK),
    ] {
        let reply = app.get(uri, Some(&old_province)).await;
        m.check("so.tayninh.cu", uri, reply.status, expected);
    }
    let new_province = app.token_of("so.tayninh.moi").await;
    for uri in [
        "/api/v1/units/80/streaming?year=2024&on=2025-08-01",
        "/api/v1/units/72?on=2024-06-01",
        "/api/v1/units/803?on=2024-06-01",
    ] {
        let reply = app.get(uri, Some(&new_province)).await;
        m.check("so.tayninh.moi", uri, reply.status, OK);
    }

    // Pages: the class list and a record.
    let old_commune = app.cookie_of("xa.luonghoa.cu").await;
    for (uri, expected) in [
        (format!("/co-so/{LUONG_HOA}/tot-nghiep?nam=2024"), OK),
        (format!("/co-so/{LUONG_HOA}/tot-nghiep?nam=2026"), NO),
        (format!("/co-so/{TAN_BUU}/tot-nghiep?nam=2024"), NO),
        (format!("/hoc-sinh/{}", r.luong_hoa_2024), OK),
        (format!("/hoc-sinh/{}", r.luong_hoa_2026), NO),
        (format!("/hoc-sinh/{}", r.tan_buu_2024), NO),
        (format!("/hoc-sinh/{}", r.new_luong_hoa_2024), NO),
        (format!("/co-so/{LUONG_HOA}/mau-phan-luong?nam=2026"), NO),
        // The new commune, even read on a day of the old tree's report year.
        ("/don-vi/28003?ngay=01/08/2025".to_string(), NO),
    ] {
        let reply = app.page(&uri, &old_commune).await;
        m.check("xa.luonghoa.cu", &uri, reply.status, expected);
        if expected == NO {
            for name in ["Lương Thị Hai", "Tân Văn Ba", "Mới Văn Bốn"] {
                m.must_have("xa.luonghoa.cu", &uri, &reply.body, name, false);
            }
        }
    }
    let new_commune = app.cookie_of("xa.luonghoa.moi").await;
    for uri in [
        format!("/hoc-sinh/{}", r.tan_buu_2024),
        format!("/hoc-sinh/{}", r.luong_hoa_2026),
        format!("/hoc-sinh/{}", r.new_luong_hoa_2024),
    ] {
        let reply = app.page(&uri, &new_commune).await;
        m.check("xa.luonghoa.moi", &uri, reply.status, OK);
    }
    let reply = app
        .page(&format!("/hoc-sinh/{}", r.old_tay_ninh_2024), &new_commune)
        .await;
    m.check("xa.luonghoa.moi", "hồ sơ Phường 1", reply.status, NO);

    // Downloads: the commune's follow-up list in each format.
    let leak = "/don-vi/28003/bao-cao/not-continuing.csv?nam=2024&ngay=01/08/2025";
    m.check(
        "xa.luonghoa.cu",
        leak,
        app.page(leak, &old_commune).await.status,
        NO,
    );
    for format in ["csv", "xlsx", "pdf"] {
        let uri = format!("/don-vi/28003/bao-cao/not-continuing.{format}?nam=2024&ngay=01/08/2025");
        m.check(
            "xa.luonghoa.cu",
            &uri,
            app.page(&uri, &old_commune).await.status,
            NO,
        );
        m.check(
            "xa.luonghoa.moi",
            &uri,
            app.page(&uri, &new_commune).await.status,
            OK,
        );
        let school_list = format!("/co-so/{LUONG_HOA}/bao-cao/not-continuing.{format}?nam=2026");
        let reply = app.page(&school_list, &old_commune).await;
        m.check("xa.luonghoa.cu", &school_list, reply.status, NO);
    }
    // The old commune's own list (read in the old tree) holds its own school's cohorts up to
    // the reform, and nothing of its merger partner — even asked for the year 2026.
    let own = app
        .page(
            "/don-vi/28003/bao-cao/not-continuing.csv?nam=2026&ngay=01/06/2024",
            &old_commune,
        )
        .await;
    m.check("xa.luonghoa.cu", "danh sách xã cũ 2026", own.status, OK);
    m.must_have(
        "xa.luonghoa.cu",
        "danh sách xã cũ",
        &own.body,
        "Lương Văn Một",
        true,
    );
    for name in ["Lương Thị Hai", "Tân Văn Ba", "Mới Văn Bốn"] {
        m.must_have("xa.luonghoa.cu", "danh sách xã cũ", &own.body, name, false);
    }
    // The new commune's list carries what both predecessors held.
    let merged = app.page(leak, &new_commune).await;
    for name in ["Lương Văn Một", "Tân Văn Ba", "Mới Văn Bốn"] {
        m.must_have("xa.luonghoa.moi", leak, &merged.body, name, true);
    }
    assert!(m.0.is_empty(), "{:#?}", m.0);

    // Every refusal above is in the audit trail.
    let events = app.store.audit_events(1000).await.expect("audit");
    assert!(
        events
            .iter()
            .any(|e| e.action == "access_denied" && e.username == "xa.luonghoa.cu"),
        "từ chối phải được ghi nhật ký"
    );
}

async fn accounts_are_created_by_a_unit_above_in_todays_tree(backend: Backend) {
    let Some(r) = reform(backend).await else {
        return;
    };
    let store = r.app.store.as_ref();
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
    // The old Tây Ninh's officer cannot make an officer of the new province (its own unit
    // ended; and no province officer makes province officers).
    let attempts = [
        (
            &r.old_province_72,
            request("so.80.a", Role::ProvinceOfficer, Some("80"), None),
        ),
        (
            &r.old_province_72,
            request("xa.moi.a", Role::CommuneOfficer, Some("28003"), None),
        ),
        (
            &r.old_province_72,
            request("gv.phuong1", Role::SchoolStaff, None, Some(OLD_TAY_NINH)),
        ),
        (
            &r.new_province_80,
            request("so.80.b", Role::ProvinceOfficer, Some("80"), None),
        ),
        (
            &r.new_province_80,
            request("ld.80", Role::LabourOfficer, Some("80"), None),
        ),
    ];
    for (creator, attempt) in attempts {
        let username = attempt.username.clone();
        let outcome = create(store, Some(creator), attempt).await;
        assert_eq!(
            outcome.err(),
            Some(Failure::Forbidden),
            "{} tạo {username}",
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
    // The new province makes the officers of its communes and the staff of its schools, of
    // either era.
    for attempt in [
        request("xa.moi.b", Role::CommuneOfficer, Some("28003"), None),
        request("gv.luonghoa", Role::SchoolStaff, None, Some(LUONG_HOA)),
        request("gv.phuong1.b", Role::SchoolStaff, None, Some(OLD_TAY_NINH)),
    ] {
        let username = attempt.username.clone();
        let outcome = create(store, Some(&r.new_province_80), attempt).await;
        assert!(outcome.is_ok(), "{username}: {outcome:?}");
    }

    // The same through the users page: refused, nothing created.
    let cookie = r.app.cookie_of("so.tayninh.cu").await;
    let page = r.app.page("/nguoi-dung", &cookie).await;
    let csrf = csrf_of(&page);
    let form = format!(
        "csrf={csrf}&username=so.80.c&display_name=Nguyen&password={PASSWORD}&role=province_officer&unit=80&institution="
    );
    let reply = r.app.send(form_post("/nguoi-dung", &form, &cookie)).await;
    assert_ne!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        store
            .user_by_username("so.80.c")
            .await
            .expect("query")
            .is_none()
    );
}

#[tokio::test]
async fn records_are_decided_in_the_tree_of_their_period_sqlite() {
    the_records_of_a_period_are_decided_in_that_periods_tree(Backend::Sqlite).await;
}

#[tokio::test]
async fn records_are_decided_in_the_tree_of_their_period_postgres() {
    the_records_of_a_period_are_decided_in_that_periods_tree(Backend::Postgres).await;
}

#[tokio::test]
async fn accounts_are_created_by_a_unit_above_sqlite() {
    accounts_are_created_by_a_unit_above_in_todays_tree(Backend::Sqlite).await;
}

#[tokio::test]
async fn accounts_are_created_by_a_unit_above_postgres() {
    accounts_are_created_by_a_unit_above_in_todays_tree(Backend::Postgres).await;
}
