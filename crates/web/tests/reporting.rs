//! The reporting cycle as its users live it: a school sends its yearly report, the unit above
//! returns it with a comment, the school sends it again, the unit above approves it (the new
//! Tây Ninh: the school's district ended on 30/06/2025 and decides nothing since); from then on
//! the cohort's figures of that school are locked for everybody (the attempt is refused and
//! audited), a correction is asked with a reason and applied only when approved; the completeness
//! page says who has sent, who was late and by how many days, who has not.

mod support;

use axum::http::StatusCode;
use domain::Role;
use domain::period::Period;
use support::*;

const LIST: &str = "STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n\
1,HS001,Trần Đức,01/02/2009,Nam,9A1,THPT công lập\n\
2,HS002,Lê Văn Duy,02/02/2009,Nam,9A1,Trung cấp\n\
3,HS003,Phạm Thị Ân,03/02/2009,Nữ,9A1,\n\
4,HS004,Võ Ngọc Ăn,04/02/2009,Nữ,9A1,Không tiếp tục học\n";

const PERIOD: &str = "2024-y";

async fn submission_id(app: &TestApp) -> i64 {
    app.store
        .submission_of(
            PERIOD,
            &store::Submitter::Institution(SCHOOL_BEN_LUC.into()),
        )
        .await
        .expect("query")
        .expect("sent")
        .id
}

async fn graduate_id(app: &TestApp, moet: &str) -> i64 {
    app.store
        .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("query")
        .into_iter()
        .find(|g| g.data.moet_id.as_deref() == Some(moet))
        .expect(moet)
        .id
}

async fn audited(app: &TestApp, action: &str, username: &str) -> usize {
    app.store
        .audit_events(500)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == action && e.username == username)
        .count()
}

async fn a_report_goes_up_comes_back_goes_up_again_and_approval_locks_its_figures(app: TestApp) {
    import_csv(&app, SCHOOL_BEN_LUC, 2024, LIST).await;
    let school = app.cookie(Role::SchoolStaff).await;
    // The school's district ended with the reform; its heir, the new province, reviews.
    let reviewer = app.cookie(Role::ProvinceOfficer).await;
    let hub = app.page("/bao-cao-dinh-ky", &school).await;
    assert_eq!(hub.status, StatusCode::OK);
    assert!(
        hub.body.contains("Trường THCS Thị trấn Bến Lức"),
        "{}",
        hub.body
    );
    let school_csrf = csrf_of(&hub);

    // The school sends its report of the year 2024 (the 2024 graduates).
    let sent = app
        .send(form_post(
            &format!("/bao-cao-dinh-ky/{PERIOD}/gui"),
            &format!("csrf={school_csrf}&note=S%E1%BB%91+li%E1%BB%87u+%C4%91%E1%BA%BFn+14%2F12"),
            &school,
        ))
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id = submission_id(&app).await;
    let stored = app.store.submission(id).await.expect("read").expect("kept");
    assert_eq!(stored.cohort_year, 2024);
    assert!(
        stored.figures.contains("\"intermediate\":1"),
        "{}",
        stored.figures
    );

    // The completeness page of the district: the school has sent, late by the days since 19/12/2024.
    let page = app
        .page(&format!("/don-vi/803/tong-hop/{PERIOD}"), &reviewer)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let late = Period::parse(PERIOD)
        .expect("period")
        .days_late(chrono::Utc::now().date_naive());
    assert!(page.body.contains(&format!("{late} ngày")), "{}", page.body);
    assert!(page.body.contains("Đã gửi, chờ duyệt"));
    assert!(
        page.body.contains("Chưa gửi"),
        "the district's communes have not sent"
    );
    let reviewer_csrf = csrf_of(&page);

    // Nobody approves from below or beside; a return needs its reason.
    let commune = app.cookie(Role::CommuneOfficer).await;
    let commune_csrf = csrf_of(&app.page("/bao-cao-dinh-ky", &commune).await);
    let refused = app
        .send(form_post(
            &format!("/bao-cao-nop/{id}/duyet"),
            &format!("csrf={commune_csrf}"),
            &commune,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bare = app
        .send(form_post(
            &format!("/bao-cao-nop/{id}/tra-lai"),
            &format!("csrf={reviewer_csrf}&comment="),
            &reviewer,
        ))
        .await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST);
    let returned = app
        .send(form_post(
            &format!("/bao-cao-nop/{id}/tra-lai"),
            &format!("csrf={reviewer_csrf}&comment=Thi%E1%BA%BFu+h%C6%B0%E1%BB%9Bng+%C4%91i+c%E1%BB%A7a+1+em"),
            &reviewer,
        ))
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let stored = app.store.submission(id).await.expect("read").expect("kept");
    assert_eq!(stored.status, store::SubmissionStatus::Returned);
    assert_eq!(stored.review_comment, "Thiếu hướng đi của 1 em");

    // The school sends it again; the unit above approves it.
    let again = app
        .send(form_post(
            &format!("/bao-cao-dinh-ky/{PERIOD}/gui"),
            &format!("csrf={school_csrf}"),
            &school,
        ))
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let approved = app
        .send(form_post(
            &format!("/bao-cao-nop/{id}/duyet"),
            &format!("csrf={reviewer_csrf}"),
            &reviewer,
        ))
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert_eq!(
        app.store
            .submission(id)
            .await
            .expect("read")
            .expect("kept")
            .status,
        store::SubmissionStatus::Approved
    );

    // Locked: the school, the district and the administrator are all refused, and audited.
    let graduate = graduate_id(&app, "HS003").await;
    for role in [Role::SchoolStaff, Role::DistrictOfficer, Role::Admin] {
        let cookie = app.cookie(role).await;
        let record = app.page(&format!("/hoc-sinh/{graduate}"), &cookie).await;
        assert!(record.body.contains("đã khóa"), "{}", record.body);
        let csrf = csrf_of(&record);
        let edit = app
            .send(form_post(
                &format!("/hoc-sinh/{graduate}/huong-di"),
                &format!("csrf={csrf}&destination=working&institution=&date="),
                &cookie,
            ))
            .await;
        assert_eq!(edit.status, StatusCode::LOCKED, "{role:?}: {}", edit.body);
        assert!(edit.body.contains("đề nghị điều chỉnh"), "{}", edit.body);
        assert_eq!(
            audited(&app, "locked_refused", &username(role)).await,
            1,
            "{role:?}"
        );
    }
    let resend = app
        .send(form_post(
            &format!("/bao-cao-dinh-ky/{PERIOD}/gui"),
            &format!("csrf={school_csrf}"),
            &school,
        ))
        .await;
    assert_eq!(resend.status, StatusCode::LOCKED);
    let reopen = app
        .send(form_post(
            &format!("/bao-cao-nop/{id}/tra-lai"),
            &format!("csrf={reviewer_csrf}&comment=m%E1%BB%9F+l%E1%BA%A1i"),
            &reviewer,
        ))
        .await;
    assert_eq!(reopen.status, StatusCode::LOCKED);
    let unknown = domain::Destination::Unknown;
    assert_eq!(
        app.store
            .graduate(graduate)
            .await
            .expect("read")
            .expect("kept")
            .data
            .destination,
        unknown
    );
    // An import of the cohort would change the figures too: refused, nothing written.
    let dir = std::env::temp_dir().join(format!("hn-locked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("lop9-sua.csv");
    std::fs::write(&path, LIST.replace("9A1,\n", "9A1,Trung cấp\n")).expect("write");
    let refused_import = interchange::students::import(
        app.store.as_ref(),
        &interchange::students::StudentImport {
            path: &path,
            file_name: None,
            school_code: SCHOOL_BEN_LUC,
            year: 2024,
            level: None,
            username: "gv.nhap",
            dry_run: false,
        },
        &|_| {},
    )
    .await
    .expect("store");
    let failure = refused_import.expect_err("locked cohort");
    assert!(
        failure.errors[0].message.contains("đã khóa"),
        "{:?}",
        failure.errors
    );
    assert_eq!(audited(&app, "locked_refused", "gv.nhap").await, 1);

    // A correction, with its reason, goes to the unit above; approved, it is applied and counted.
    let before = app
        .state
        .analytics
        .school(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("figures");
    let record = app.page(&format!("/hoc-sinh/{graduate}"), &school).await;
    let asked = app
        .send(form_post(
            &format!("/hoc-sinh/{graduate}/huong-di"),
            &format!(
                "csrf={}&destination=intermediate&institution=&date=&reason=Em+%C4%91%C3%A3+nh%E1%BA%ADp+h%E1%BB%8Dc+mu%E1%BB%99n",
                csrf_of(&record)
            ),
            &school,
        ))
        .await;
    // The request lands on the record page, which confirms it.
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let landing = asked
        .headers
        .get(axum::http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("the record page")
        .to_string();
    let landed = app.page(&landing, &school).await;
    assert!(
        landed.body.contains("Đã gửi đề nghị điều chỉnh"),
        "{}",
        landed.body
    );
    assert_eq!(
        app.store
            .graduate(graduate)
            .await
            .expect("read")
            .expect("kept")
            .data
            .destination,
        unknown,
        "nothing changes before approval"
    );
    let page = app
        .page(&format!("/don-vi/803/tong-hop/{PERIOD}"), &reviewer)
        .await;
    assert!(page.body.contains("Em đã nhập học muộn"), "{}", page.body);
    let correction = app.store.corrections_for(graduate).await.expect("read")[0].id;
    // A double click (four approvals at once, on the runtime's threads): applied once, the
    // others told it is decided already.
    let clicks: Vec<_> = (0..4)
        .map(|_| {
            let router = app.router.clone();
            let request = form_post(
                &format!("/dieu-chinh/{correction}/duyet"),
                &format!("csrf={reviewer_csrf}"),
                &reviewer,
            );
            tokio::spawn(async move {
                use tower::ServiceExt;
                router.oneshot(request).await.expect("answer").status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for click in clicks {
        statuses.push(click.await.expect("request ran"));
    }
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            StatusCode::SEE_OTHER,
            StatusCode::CONFLICT,
            StatusCode::CONFLICT,
            StatusCode::CONFLICT
        ]
    );
    let applied = app
        .store
        .graduate_changes(graduate)
        .await
        .expect("history")
        .into_iter()
        .filter(|c| c.field == "destination" && c.source.contains(&format!("#{correction}")))
        .count();
    assert_eq!(applied, 1, "the correction is in the history once");
    assert_eq!(
        app.store
            .graduate(graduate)
            .await
            .expect("read")
            .expect("kept")
            .data
            .destination,
        domain::Destination::Intermediate
    );
    let after = app
        .state
        .analytics
        .school(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("figures");
    let tally = |f: analytics::Facets| f.tally(analytics::Filter::default());
    let intermediate = analytics::tally::destination_index(domain::Destination::Intermediate);
    assert_eq!(tally(after)[intermediate], tally(before)[intermediate] + 1);
    // The approved figures themselves stay as they were sent.
    assert!(
        app.store
            .submission(id)
            .await
            .expect("read")
            .expect("kept")
            .figures
            .contains("\"intermediate\":1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_report_goes_up_comes_back_and_approval_locks_its_figures_sqlite() {
    a_report_goes_up_comes_back_goes_up_again_and_approval_locks_its_figures(spawn_app().await)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_report_goes_up_comes_back_and_approval_locks_its_figures_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        a_report_goes_up_comes_back_goes_up_again_and_approval_locks_its_figures(app).await;
    }
}
