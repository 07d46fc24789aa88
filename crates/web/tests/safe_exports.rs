//! Safe exports and inputs, against what an attacker tried on the demo: names that Excel would run
//! as formulas come out of every CSV neutralised while figures stay numbers, a 100,000-character
//! name is refused on import and on forms with the row and column named, a record stored before
//! the limits existed still exports as XLSX, and control or bidirectional characters never reach
//! the store. Every test runs on SQLite and on PostgreSQL.

mod support;

use axum::http::StatusCode;
use domain::{Level, Role};
use support::*;

const HEADER: &str = "STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n";

/// Names a spreadsheet would run as formulas, each accepted as a name (it holds letters), each
/// a graduate who continues nowhere so that the commune's follow-up list carries it.
const FORMULA_NAMES: [&str; 4] = [
    "=HYPERLINK(\"http://evil.example/?x=1\",\"Bấm vào\")",
    "+1 Lan",
    "-2 Minh",
    "@SUM(A1:A9)",
];

fn quoted(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

fn formula_list() -> String {
    let mut list = HEADER.to_string();
    for (i, name) in FORMULA_NAMES.iter().enumerate() {
        list.push_str(&format!(
            "{n},HS00{n},{},0{n}/02/2009,Nữ,9A1,Không tiếp tục học\n",
            quoted(name),
            n = i + 1
        ));
    }
    // One who went on to vocational school, so that the district's rate is below its target.
    list.push_str("5,HS005,Lê Văn Duy,05/02/2009,Nam,9A1,THPT công lập\n");
    list
}

/// Every cell of a CSV file as the `csv` crate reads it back (the BOM removed).
fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8_lossy(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.expect("csv record").iter().map(String::from).collect())
        .collect()
}

fn backends() -> [Backend; 2] {
    [Backend::Sqlite, Backend::Postgres]
}

/// A student list in a temporary directory, and the import the web and the command line use.
async fn import_file(
    app: &TestApp,
    contents: &str,
) -> Result<interchange::students::StudentSummary, interchange::ImportFailure> {
    let dir = std::env::temp_dir().join(format!(
        "hn-safe-{}-{}",
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
        dry_run: false,
    };
    interchange::students::import(app.store.as_ref(), &request, &|_| {})
        .await
        .expect("store")
}

async fn graduates(app: &TestApp) -> Vec<store::Graduate> {
    app.store
        .graduates_of(SCHOOL_BEN_LUC, 2024, Level::Thcs)
        .await
        .expect("query")
}

#[tokio::test]
async fn formula_names_are_neutralised_in_the_csv_report_and_figures_stay_numbers() {
    for backend in backends() {
        let Some(app) = spawn_app_on(backend).await else {
            continue;
        };
        let summary = import_file(&app, &formula_list()).await.expect("accepted");
        assert_eq!(summary.added, 5, "{backend:?}");
        let commune = app.cookie(Role::CommuneOfficer).await;
        let list = cells(
            &app.bytes(
                "/don-vi/27991/bao-cao/not-continuing.csv?nam=2024&ngay=30/06/2024",
                &commune,
            )
            .await,
        );
        for name in FORMULA_NAMES {
            let row = list
                .iter()
                .find(|row| row.get(1).is_some_and(|c| c.ends_with(name)))
                .unwrap_or_else(|| panic!("{name} in {list:?}"));
            assert_eq!(row[1], format!("'{name}"), "{backend:?}");
            // The row number and the birth date are written as they are.
            assert!(row[0].parse::<u32>().is_ok(), "{row:?}");
            assert!(row[2].ends_with("/02/2009"), "{row:?}");
        }
        assert!(
            list.iter()
                .flatten()
                .all(|cell| !cell.starts_with(['=', '+', '-', '@', '\t', '\r'])),
            "{backend:?}: {list:?}"
        );

        // A target above the district's rate: the gap is a negative percentage, and stays one.
        let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).expect("day");
        let district = app
            .store
            .unit_on("803", day)
            .await
            .expect("q")
            .expect("803");
        app.store
            .upsert_targets(
                &[store::Target {
                    indicator_code: "thcs_to_vocational".into(),
                    unit_id: district.id,
                    year: 2024,
                    level: Some(Level::Thcs),
                    value: 35.5,
                    position: 0,
                }],
                chrono::Utc::now(),
            )
            .await
            .expect("targets");
        let province = app.cookie(Role::ProvinceOfficer).await;
        let report = cells(
            &app.bytes("/don-vi/80/bao-cao/streaming.csv?nam=2024", &province)
                .await,
        );
        let negative: Vec<&String> = report
            .iter()
            .flatten()
            .filter(|c| c.starts_with('-') && c.replace(',', ".").parse::<f64>().is_ok())
            .collect();
        assert!(
            negative.contains(&&"-35,50".to_string()),
            "{backend:?}: the gap is a number: {report:?}"
        );
        assert!(
            report.iter().flatten().all(|c| !c.starts_with('\'')),
            "{backend:?}: no figure or unit name is quoted: {report:?}"
        );
    }
}

#[tokio::test]
async fn the_error_report_of_an_import_neutralises_what_came_from_the_file() {
    for backend in backends() {
        let Some(app) = spawn_app_on(backend).await else {
            continue;
        };
        // Names without a letter are refused; the report repeats them.
        let refused = format!(
            "{HEADER}1,HS001,+1,01/02/2009,Nam,9A1,\n\
             2,HS002,-2,02/02/2009,Nam,9A1,\n\
             3,HS003,\"=1+2\",03/02/2009,Nam,9A1,\n\
             4,HS004,@x1,04/02/2009,Nam,9A1,\n"
        );
        let failure = import_file(&app, &refused).await.expect_err("refused");
        assert!(
            graduates(&app).await.is_empty(),
            "{backend:?}: nothing written"
        );
        let report = cells(&failure.report_bytes().expect("report"));
        assert_eq!(report[0], ["Dòng", "Cột", "Giá trị", "Lỗi"]);
        let values: Vec<(&str, &str)> = report[1..]
            .iter()
            .map(|r| (r[0].as_str(), r[2].as_str()))
            .collect();
        // "@x1" has a letter and is accepted as a name: three refusals.
        assert_eq!(
            values,
            [("2", "'+1"), ("3", "'-2"), ("4", "'=1+2")],
            "{backend:?}: the row numbers stay numbers, the values are neutralised"
        );
    }
}

#[tokio::test]
async fn an_over_long_name_is_refused_with_row_and_column_and_nothing_written() {
    for backend in backends() {
        let Some(app) = spawn_app_on(backend).await else {
            continue;
        };
        // Over the field's limit: refused by the row check, row and column named.
        let long = format!("Nguyễn Văn {}", "A".repeat(1_000 - 11));
        let file = format!(
            "{HEADER}1,HS001,Trần Đức,01/02/2009,Nam,9A1,THPT công lập\n\
             2,HS002,{long},02/02/2009,Nam,9A1,Trung cấp\n"
        );
        let failure = import_file(&app, &file).await.expect_err("refused");
        assert_eq!(failure.errors.len(), 1, "{:?}", failure.lines());
        let error = &failure.errors[0];
        assert_eq!((error.row, error.column.as_str()), (3, "Họ và tên"));
        assert_eq!(
            error.message,
            "Họ và tên quá dài (1.000 ký tự) — tối đa 100 ký tự"
        );
        assert!(error.value.chars().count() <= 201, "the value is shown cut");
        assert!(
            failure.lines()[0].starts_with("lop9.csv, dòng 3, cột \"Họ và tên\""),
            "{}",
            failure.lines()[0]
        );
        assert!(
            graduates(&app).await.is_empty(),
            "{backend:?}: nothing written"
        );

        // A 100,000-character cell is past what the reader holds in one cell (Excel's own
        // limit): the whole file is refused before any row check, naming the line.
        let huge = format!("Nguyễn Văn {}", "A".repeat(100_000 - 11));
        let file = format!(
            "{HEADER}1,HS001,Trần Đức,01/02/2009,Nam,9A1,THPT công lập\n\
             2,HS002,{huge},02/02/2009,Nam,9A1,Trung cấp\n"
        );
        let failure = import_file(&app, &file).await.expect_err("refused");
        let said = failure.lines().join("\n");
        assert!(
            said.contains("dòng 3") && said.contains("32.767 ký tự"),
            "{said}"
        );
        assert!(
            graduates(&app).await.is_empty(),
            "{backend:?}: nothing written"
        );
    }
}

#[tokio::test]
async fn a_record_stored_before_the_limits_still_exports_as_xlsx() {
    for backend in backends() {
        let Some(app) = spawn_app_on(backend).await else {
            continue;
        };
        import_file(
            &app,
            &format!("{HEADER}1,HS001,Trần Đức,01/02/2009,Nam,9A1,Không tiếp tục học\n"),
        )
        .await
        .expect("accepted");
        // Written straight into the store, as the demo's attacker left it before the limits.
        let mut data = graduates(&app).await[0].data.clone();
        data.moet_id = Some("HS999".into());
        data.name = domain::PersonName {
            family_middle: "Nguyễn Văn".into(),
            given: "A".repeat(100_000),
        };
        let plan = store::GraduatePlan {
            inserts: vec![data],
            updates: Vec::new(),
            username: "cu".into(),
            source: "trước khi có giới hạn".into(),
            at: chrono::Utc::now(),
        };
        app.store.apply_graduates(&plan).await.expect("stored");

        let school = app.cookie(Role::SchoolStaff).await;
        let workbook = app
            .bytes(
                &format!("/co-so/{SCHOOL_BEN_LUC}/mau-phan-luong?nam=2024&cap=thcs"),
                &school,
            )
            .await;
        let strings = zip_part(&workbook, "xl/sharedStrings.xml");
        let cut = format!("{}…", "A".repeat(32_766));
        assert!(
            strings.contains(&cut),
            "{backend:?}: the name is cut with …"
        );
        assert!(!strings.contains(&"A".repeat(32_767)));

        let commune = app.cookie(Role::CommuneOfficer).await;
        let list = app
            .page(
                "/don-vi/27991/bao-cao/not-continuing.xlsx?nam=2024&ngay=30/06/2024",
                &commune,
            )
            .await;
        assert_eq!(list.status, StatusCode::OK, "{backend:?}: {}", list.body);
        let bytes = app
            .bytes(
                "/don-vi/27991/bao-cao/not-continuing.xlsx?nam=2024&ngay=30/06/2024",
                &commune,
            )
            .await;
        assert!(zip_part(&bytes, "xl/sharedStrings.xml").contains("Trần Đức"));
        // The PDF and the CSV of the same list answer too.
        for format in ["pdf", "csv"] {
            let uri =
                format!("/don-vi/27991/bao-cao/not-continuing.{format}?nam=2024&ngay=30/06/2024");
            let reply = app.page(&uri, &commune).await;
            assert_eq!(reply.status, StatusCode::OK, "{backend:?} {format}");
        }
    }
}

#[tokio::test]
async fn forms_refuse_over_long_text_and_store_no_hidden_characters() {
    for backend in backends() {
        let Some(app) = spawn_app_on(backend).await else {
            continue;
        };
        import_file(
            &app,
            &format!("{HEADER}1,HS001,Trần Đức,01/02/2009,Nam,9A1,Không tiếp tục học\n"),
        )
        .await
        .expect("accepted");
        let id = graduates(&app).await[0].id;
        let cookie = app.cookie(Role::SchoolStaff).await;
        let csrf = csrf_of(&app.page(&format!("/hoc-sinh/{id}"), &cookie).await);
        let follow_up = |note: &str| {
            form_post(
                &format!("/hoc-sinh/{id}/theo-doi"),
                &format!(
                    "csrf={csrf}&date=01%2F10%2F2025&status=working&note={}",
                    percent(note)
                ),
                &cookie,
            )
        };
        let refused = app.send(follow_up(&"x".repeat(1001))).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{backend:?}");
        assert!(
            refused
                .body
                .contains("Ghi chú theo dõi quá dài (1.001 ký tự) — tối đa 1.000 ký tự"),
            "{}",
            refused.body
        );
        assert!(app.store.follow_ups(id).await.expect("q").is_empty());

        let name = form_post(
            &format!("/hoc-sinh/{id}/ten"),
            &format!(
                "csrf={csrf}&family_middle=Tr%E1%BA%A7n&given={}",
                "A".repeat(51)
            ),
            &cookie,
        );
        let refused = app.send(name).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{backend:?}");
        assert!(
            refused
                .body
                .contains("Tên quá dài (51 ký tự) — tối đa 50 ký tự")
        );
        assert_eq!(graduates(&app).await[0].data.name.given, "Đức");

        // NUL, an override that would show the note reversed, and a decomposed tone.
        let saved = app
            .send(follow_up("Đi\u{0} làm \u{202e}phụ\u{202c} ho\u{300}"))
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let stored = app.store.follow_ups(id).await.expect("q");
        assert_eq!(stored[0].note, "Đi làm phụ hò", "{backend:?}");
    }
}

/// `application/x-www-form-urlencoded` of a text.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One part of an XLSX file (a zip).
fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
    let mut part = zip.by_name(name).expect("part");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut part, &mut xml).expect("xml");
    xml
}
