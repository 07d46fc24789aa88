//! The figures API: counts per destination and indicators against targets, for a unit and each
//! unit under it, current right after an import.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::*;

const LIST: &str = "Họ và tên,Ngày sinh,Giới tính,Dân tộc,Hướng đi sau tốt nghiệp\n\
Nguyễn Văn An,05/09/2009,Nam,Kinh,THPT công lập\n\
Trần Thị Bích,06/10/2009,Nữ,Khmer,Trung cấp\n\
Lê Văn Cường,07/11/2009,Nam,Kinh,9+ (GDTX + trung cấp)\n\
Phạm Thị Dung,08/12/2009,Nữ,Kinh,\n";

#[tokio::test]
async fn an_imported_list_shows_in_the_district_figures_and_indicators_at_once() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("hn-fig-{}", hn_web::auth::secrets::new_token()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("lop9.csv");
    std::fs::write(&path, LIST).expect("write");
    let request = interchange::students::StudentImport {
        path: &path,
        file_name: None,
        school_code: SCHOOL_BEN_LUC,
        year: 2024,
        level: None,
        username: "truong",
        dry_run: false,
    };
    interchange::students::import(app.store.as_ref(), &request, &|_| {})
        .await
        .expect("store")
        .expect("accepted");
    let unit = app
        .store
        .unit_on(
            "803",
            chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("date"),
        )
        .await
        .expect("q")
        .expect("803");
    app.store
        .upsert_targets(
            &[store::Target {
                indicator_code: "thcs_to_vocational".into(),
                unit_id: unit.id,
                year: 2024,
                level: Some(domain::Level::Thcs),
                value: 32.01,
                position: 0,
            }],
            chrono::Utc::now(),
        )
        .await
        .expect("target");

    let token = app.token(Role::DistrictOfficer).await;
    let streaming = app
        .get(
            "/api/v1/units/803/streaming?year=2024&level=thcs",
            Some(&token),
        )
        .await;
    assert_eq!(streaming.status, StatusCode::OK, "{}", streaming.body);
    let body = streaming.json();
    assert_eq!(body["name"], "Huyện Bến Lức");
    assert_eq!(body["graduates"], 4);
    assert_eq!(body["counts"]["thpt_public"], 1);
    assert_eq!(body["counts"]["intermediate"], 1);
    assert_eq!(body["counts"]["gdtx_vocational"], 1);
    assert_eq!(body["counts"]["unknown"], 1);
    let town = body["children"]
        .as_array()
        .expect("children")
        .iter()
        .find(|c| c["name"] == "Thị trấn Bến Lức")
        .expect("town");
    assert_eq!(town["graduates"], 4);

    let indicators = app
        .get(
            "/api/v1/units/803/indicators?year=2024&level=thcs",
            Some(&token),
        )
        .await
        .json();
    let vocational = indicators["indicators"]
        .as_array()
        .expect("list")
        .iter()
        .find(|i| i["code"] == "thcs_to_vocational")
        .expect("indicator");
    assert_eq!(
        (
            vocational["numerator"].as_u64(),
            vocational["denominator"].as_u64()
        ),
        (Some(2), Some(4))
    );
    assert_eq!(vocational["value"], 50.0);
    assert_eq!(vocational["target"], 32.01);
    assert_eq!(vocational["status"], "met");
    assert_eq!(vocational["unknown_share"], 25.0);

    // The same figures reach the new province through the succession of the communes.
    let admin = app.token(Role::Admin).await;
    let today = app
        .get(
            "/api/v1/units/80/streaming?year=2024&level=thcs&on=2026-01-01",
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(today["name"], "Tỉnh Tây Ninh");
    assert_eq!(today["graduates"], 4);
    // The dashboard shows the same figures, the ranking of the communes and the chart.
    let cookie = app.cookie(Role::DistrictOfficer).await;
    let page = app
        .page("/don-vi/803/chi-tieu?nam=2024&cap=thcs", &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<strong>50,00</strong>") && page.body.contains("32,01"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<span class=\"status met\">Đạt</span>"));
    assert!(page.body.contains("Tỷ lệ chưa rõ hướng đi: 25,00"));
    assert!(page.body.contains("<svg class=\"chart\""));
    // Only Thị trấn Bến Lức has graduates and no commune has a target: the check says so.
    assert!(
        !page.body.contains("id=\"target-check\""),
        "no child target, no weighted check"
    );
    let admin_cookie = app.cookie(Role::Admin).await;
    let province = app
        .store
        .unit_on(
            "80",
            chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("date"),
        )
        .await
        .expect("q")
        .expect("80");
    app.store
        .upsert_targets(
            &[store::Target {
                indicator_code: "thcs_to_vocational".into(),
                unit_id: province.id,
                year: 2024,
                level: Some(domain::Level::Thcs),
                value: 40.0,
                position: 0,
            }],
            chrono::Utc::now(),
        )
        .await
        .expect("target");
    let province_page = app
        .page("/don-vi/80/chi-tieu?nam=2024&cap=thcs", &admin_cookie)
        .await;
    assert!(
        province_page.body.contains("bình quân theo số học sinh tốt nghiệp: 32,01%, thấp hơn chỉ tiêu của Tỉnh Long An (40,00%) 7,99 điểm %"),
        "{}",
        province_page.body
    );
    let ranking = page.body.split("id=\"ranking\"").nth(1).unwrap_or_default();
    assert!(
        ranking.contains(">1</td><td class=\"title\"><a href=\"/don-vi/27991/chi-tieu"),
        "the commune with graduates ranks first"
    );
    let minority = app
        .page("/don-vi/803/chi-tieu?nam=2024&cap=thcs&dtts=1", &cookie)
        .await;
    assert!(
        minority.body.contains("1/1"),
        "one Khmer graduate, in intermediate: {}",
        minority.body
    );
    assert_eq!(
        app.page("/don-vi/800/chi-tieu?nam=2024", &cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Outside the district's scope.
    assert_eq!(
        app.get("/api/v1/units/800/streaming?year=2024", Some(&token))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// Two servers on one database (two processes of a provincial installation) answer alike after
/// writes through either, though each keeps copies of the figures it read.
#[tokio::test]
async fn two_servers_on_one_database_answer_alike_after_writes_through_either() {
    for backend in Backend::BOTH {
        let Some(first) = spawn_app_on(backend).await else {
            continue;
        };
        let second = first.second_server().await;
        let token = first.token(Role::DistrictOfficer).await;
        let path = "/api/v1/units/803/streaming?year=2024&level=thcs";
        let answers = || async {
            let one = first.get(path, Some(&token)).await;
            let two = second.get(path, Some(&token)).await;
            assert_eq!(one.status, StatusCode::OK, "{}", one.body);
            assert_eq!(one.body, two.body, "{backend:?}: the two servers disagree");
            one.json()
        };
        assert_eq!(answers().await["graduates"], 0);

        // A list imported through the first server's store.
        import_csv(&first, SCHOOL_BEN_LUC, 2024, LIST).await;
        let after_import = answers().await;
        assert_eq!(after_import["graduates"], 4);
        assert_eq!(after_import["counts"]["unknown"], 1);

        // A destination set through the second server's store.
        let stored = second
            .store
            .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
            .await
            .expect("read");
        let before = stored
            .iter()
            .find(|g| g.data.destination == domain::Destination::Unknown)
            .expect("the one without a destination");
        let mut after = before.data.clone();
        after.destination = domain::Destination::Working;
        second
            .store
            .apply_graduates(&store::GraduatePlan {
                inserts: vec![],
                updates: vec![store::GraduateUpdate {
                    id: before.id,
                    changes: store::diff(&before.data, &after),
                    data: after,
                    previous: before.data.clone(),
                }],
                username: "truong".into(),
                source: "web".into(),
                at: chrono::Utc::now(),
            })
            .await
            .expect("write");
        let after_edit = answers().await;
        assert_eq!(after_edit["counts"]["unknown"], 0);
        assert_eq!(after_edit["counts"]["working"], 1);
    }
}
