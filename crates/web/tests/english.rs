//! The interface in English says nothing in Vietnamese: every page each role can reach (found by
//! following the links from the home page, and the pages of a record, a report and its review),
//! the confirmations, a refused form and the error pages (404, 400, 403) are fetched with English
//! chosen; the data of the fixture (names of people, units, schools — data, not interface) is
//! taken out; what remains must hold no Vietnamese letter (ă â đ ê ô ơ ư, nor any tone mark).
//! A string that reaches a page without going through the translations fails it.

mod support;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::StatusCode;
use domain::Role;
use support::*;
use unicode_normalization::UnicodeNormalization;

const PERIOD: &str = "2024-y";

/// Names chosen so that none is also a word of the interface ("Đạt" would hide the status).
const LIST: &str = "STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Lớp,Hướng đi sau tốt nghiệp\n\
1,HS001,Trần Đức Huy,01/02/2009,Nam,Kinh,9A1,THPT công lập\n\
2,HS002,Lê Thị Tuyết,02/02/2009,Nữ,Tày,9A1,Trung cấp\n\
3,HS003,Phạm Văn Khôi,03/02/2009,Nam,Kinh,9A1,Không tiếp tục học\n";

/// The first piece of text with a Vietnamese letter, with some context.
fn vietnamese_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().position(|c| {
        matches!(c, 'đ' | 'Đ')
            || c.to_string()
                .nfd()
                .any(|m| ('\u{0300}'..='\u{036f}').contains(&m))
    })?;
    let from = at.saturating_sub(40);
    let to = (at + 40).min(chars.len());
    Some(chars[from..to].iter().collect())
}

/// The text a person reads or hears: the content of the elements, and the attributes shown or
/// spoken (placeholder, aria-label, title, alt). The link to the Vietnamese interface, marked
/// `lang="vi"`, is in Vietnamese on purpose.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close + 1];
        for attribute in ["placeholder=\"", "aria-label=\"", "title=\"", "alt=\""] {
            if let Some(start) = tag.find(attribute) {
                let value = &tag[start + attribute.len()..];
                out.push(' ');
                out.push_str(value.split('"').next().unwrap_or_default());
                out.push(' ');
            }
        }
        rest = &rest[open + close + 1..];
        if tag.contains("lang=\"vi\"") {
            // Skip the element's text up to its closing tag.
            rest = rest.find('<').map_or("", |end| &rest[end..]);
        }
        if tag.starts_with("<style") || tag.starts_with("<script") {
            rest = rest.find("</").map_or("", |end| &rest[end..]);
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// The links of a page to other pages of the interface (not downloads, not the language switch).
fn links_of(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|piece| piece.split('"').next())
        .map(|href| href.replace("&amp;", "&").replace("&#38;", "&"))
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .filter(|href| {
            ![
                "/ngon-ngu/",
                "/static/",
                "/bao-cao/",
                "mau-phan-luong",
                "loi.csv",
            ]
            .iter()
            .any(|skip| href.contains(skip))
        })
        .collect()
}

/// The kind of a page: its path with numbers blanked and without its query, so that the crawl
/// sees a few units or records of each kind, not all of them.
fn kind_of(uri: &str) -> String {
    let path = uri.split('?').next().unwrap_or_default();
    path.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .split('/')
        .map(|segment| if segment.contains('#') { "#" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

struct Fixture {
    graduate: i64,
    /// Data values (with Vietnamese letters) that pages may show, longest first.
    data: Vec<String>,
}

async fn fixture(app: &TestApp) -> Fixture {
    import_csv(app, SCHOOL_BEN_LUC, 2024, LIST).await;
    let graduates = app
        .store
        .graduates_of(SCHOOL_BEN_LUC, 2024, domain::Level::Thcs)
        .await
        .expect("graduates");
    let graduate = graduates[0].id;

    // A follow-up, a report sent and approved, and a correction asked: the record page, the
    // reporting pages and the audit log then show every kind of thing they can.
    let school = app.cookie(Role::SchoolStaff).await;
    // The school's district ended with the reform; the new province decides its reports.
    let district = app.cookie(Role::ProvinceOfficer).await;
    let csrf = csrf_of(&app.page(&format!("/hoc-sinh/{graduate}"), &school).await);
    let followed = app
        .send(form_post(
            &format!("/hoc-sinh/{graduate}/theo-doi"),
            &format!("csrf={csrf}&date=01%2F10%2F2025&status=working&note=Ph%E1%BB%A5+h%E1%BB%93"),
            &school,
        ))
        .await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER, "{}", followed.body);
    // A destination changed (the history then shows labels, a date and the source).
    let edited = app
        .send(form_post(
            &format!("/hoc-sinh/{}/huong-di", graduates[1].id),
            &format!("csrf={csrf}&destination=gdtx&institution=&date=15%2F09%2F2024"),
            &school,
        ))
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let sent = app
        .send(form_post(
            &format!("/bao-cao-dinh-ky/{PERIOD}/gui"),
            &format!("csrf={csrf}&note="),
            &school,
        ))
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let review = app
        .page(&format!("/don-vi/803/tong-hop/{PERIOD}"), &district)
        .await;
    let submission = review
        .body
        .split("/bao-cao-nop/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("a report to decide")
        .to_string();
    let district_csrf = csrf_of(&review);
    let approved = app
        .send(form_post(
            &format!("/bao-cao-nop/{submission}/duyet"),
            &format!("csrf={district_csrf}"),
            &district,
        ))
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let asked = app
        .send(form_post(
            &format!("/hoc-sinh/{graduate}/huong-di"),
            &format!("csrf={csrf}&destination=intermediate&institution=&date=&reason=Nh%E1%BA%A7m"),
            &school,
        ))
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);

    let mut data: BTreeSet<String> = BTreeSet::new();
    // Units' names of two words at least: a one-word value could equal a word of a leak.
    for unit in app.store.all_units().await.expect("units") {
        let short = domain::text::strip_unit_type(&unit.name).to_string();
        if short.split_whitespace().count() >= 2 {
            data.insert(short);
        }
        data.insert(unit.name);
    }
    for code in [SCHOOL_BEN_LUC, SCHOOL_THANH_HOA, COLLEGE, ENTERPRISE] {
        let institution = app
            .store
            .institution(code)
            .await
            .expect("read")
            .expect(code);
        data.insert(institution.name);
    }
    for user in app.store.users().await.expect("users") {
        data.insert(user.display_name);
    }
    for g in &graduates {
        data.insert(g.data.name.full());
        data.insert(g.data.name.family_middle.clone());
        data.insert(g.data.name.given.clone());
    }
    // What the fixture typed: the follow-up's note and the correction's reason.
    data.extend(["Phụ hồ".to_string(), "Nhầm".to_string()]);
    let mut data: Vec<String> = data
        .into_iter()
        .filter(|value| vietnamese_in(value).is_some())
        .collect();
    data.sort_by_key(|value| std::cmp::Reverse(value.chars().count()));
    Fixture { graduate, data }
}

/// What a page says in Vietnamese once the data is taken out, if anything.
fn leak(fixture: &Fixture, html: &str) -> Option<String> {
    let mut text = visible_text(html);
    for value in &fixture.data {
        text = text.replace(value.as_str(), " ");
    }
    vietnamese_in(&text)
}

async fn every_page_in_english_says_nothing_in_vietnamese(app: TestApp) {
    let fixture = fixture(&app).await;
    let mut leaks: BTreeMap<String, String> = BTreeMap::new();
    let mut check = |who: &str, uri: &str, reply: &Reply| {
        if let Some(found) = leak(&fixture, &reply.body) {
            leaks.insert(format!("{who} {uri} ({})", reply.status), found);
        }
    };
    let id = fixture.graduate;
    let roles = [
        Role::Admin,
        Role::ProvinceOfficer,
        Role::DistrictOfficer,
        Role::CommuneOfficer,
        Role::LabourOfficer,
        Role::SchoolStaff,
        Role::VocationalSchool,
        Role::Enterprise,
        Role::Student,
        Role::Parent,
    ];
    let mut pages = 0;
    for role in roles {
        let cookie = format!("{}; hn_lang=en", app.cookie(role).await);
        let mut queue: VecDeque<String> = [
            "/".to_string(),
            format!("/co-so/{SCHOOL_BEN_LUC}/tot-nghiep?nam=2024"),
            format!("/hoc-sinh/{id}"),
            format!("/don-vi/803/tong-hop/{PERIOD}"),
            "/don-vi/80/chi-tieu?nam=2024".to_string(),
            "/don-vi/27991/chi-tieu?nam=2024".to_string(),
            "/bao-cao-dinh-ky".to_string(),
            "/nguoi-dung".to_string(),
            "/nhat-ky".to_string(),
            "/tai-khoan/ma-truy-cap".to_string(),
            // The error pages: nothing here, a malformed address and query.
            "/khong-co-trang-nay".to_string(),
            "/hoc-sinh/abc".to_string(),
            format!("/co-so/{SCHOOL_BEN_LUC}/tot-nghiep?nam=abc"),
            "/don-vi/80?ngay=31%2F02%2F2024".to_string(),
        ]
        .into();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
        let mut fetched = 0;
        while let Some(uri) = queue.pop_front() {
            if !seen.insert(uri.clone()) {
                continue;
            }
            let count = per_kind.entry(kind_of(&uri)).or_default();
            if *count >= 4 || fetched >= 80 {
                continue;
            }
            *count += 1;
            fetched += 1;
            let reply = app.page(&uri, &cookie).await;
            pages += 1;
            // What was read, for `--nocapture`: a crawl that reaches little proves little.
            eprintln!("{} {uri} {}", role.code(), reply.status.as_u16());
            assert_ne!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
            check(role.code(), &uri, &reply);
            if reply.status == StatusCode::OK {
                queue.extend(links_of(&reply.body));
            }
        }
    }
    assert!(pages > 100, "the crawl reached only {pages} pages");

    // The confirmations after each save or send.
    let school = format!("{}; hn_lang=en", app.cookie(Role::SchoolStaff).await);
    for flag in [
        "huong-di",
        "de-nghi",
        "ten",
        "theo-doi",
        "khong-doi",
        "gui",
        "duyet",
        "tra-lai",
        "duyet-dieu-chinh",
        "tu-choi-dieu-chinh",
        "nguoi-dung",
        "thu-hoi",
    ] {
        let uri = format!("/hoc-sinh/{id}?da-luu={flag}");
        let reply = app.page(&uri, &school).await;
        assert!(
            reply.body.contains("class=\"notice\" role=\"status\""),
            "{uri}"
        );
        check("school_staff", &uri, &reply);
    }

    // A refused form: the errors beside the fields.
    let csrf = csrf_of(&app.page(&format!("/hoc-sinh/{id}"), &school).await);
    let uri = format!("/hoc-sinh/{id}/theo-doi");
    let refused = app
        .send(form_post(
            &uri,
            &format!("csrf={csrf}&date=31%2F02%2F2011&status=khong-co&note="),
            &school,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    check("school_staff", &uri, &refused);
    let admin = format!("{}; hn_lang=en", app.cookie(Role::Admin).await);
    let admin_csrf = csrf_of(&app.page("/nguoi-dung", &admin).await);
    let refused = app
        .send(form_post(
            "/nguoi-dung",
            &format!("csrf={admin_csrf}&username=A&display_name=&password=ngan&role=school_staff&unit=&institution=khong-co"),
            &admin,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    check("admin", "/nguoi-dung (refused)", &refused);

    // The 403 of a page outside one's role, and the pages of someone not signed in.
    let student = format!("{}; hn_lang=en", app.cookie(Role::Student).await);
    let forbidden = app.page("/nhat-ky", &student).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    check("student", "/nhat-ky", &forbidden);
    for uri in ["/dang-nhap", "/khong-co-trang-nay"] {
        let reply = app.page(uri, "hn_lang=en").await;
        check("anonymous", uri, &reply);
    }

    assert!(
        leaks.is_empty(),
        "{} pages in English say something in Vietnamese:\n{}",
        leaks.len(),
        leaks
            .iter()
            .map(|(page, text)| format!("  {page}: …{text}…"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[tokio::test]
async fn every_page_in_english_says_nothing_in_vietnamese_sqlite() {
    every_page_in_english_says_nothing_in_vietnamese(spawn_app().await).await;
}

#[tokio::test]
async fn every_page_in_english_says_nothing_in_vietnamese_postgres() {
    let Some(app) = spawn_app_on(Backend::Postgres).await else {
        return;
    };
    every_page_in_english_says_nothing_in_vietnamese(app).await;
}

/// The words of an uploaded file (its headings and cells): data, shown back in the errors table.
fn words_of(file: &str) -> Vec<String> {
    let mut words: Vec<String> = file
        .split(['\n', ','])
        .map(|word| word.trim().to_string())
        .filter(|word| vietnamese_in(word).is_some())
        .collect();
    words.sort_by_key(|word| std::cmp::Reverse(word.chars().count()));
    words
}

/// What an import's page says in Vietnamese once the file's own words and the fixture's names
/// (the user's, the school's) are taken out.
fn import_leak(html: &str, file: &str, names: &[String]) -> Option<String> {
    let mut text = visible_text(html);
    for word in words_of(file).iter().chain(names) {
        text = text.replace(word.as_str(), " ");
    }
    vietnamese_in(&text)
}

/// The errors and warnings of an import come from `interchange`, made where each problem is
/// found: an import refused for its rows, for a missing column, for a file that is not a
/// spreadsheet, and one accepted with a warning, each read in English, say nothing in Vietnamese
/// but the file's own words.
async fn an_import_read_in_english_says_its_errors_and_warnings_in_english(app: TestApp) {
    let cookie = format!("{}; hn_lang=en", app.cookie(Role::SchoolStaff).await);
    let mut names: Vec<String> = app
        .store
        .users()
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.display_name)
        .collect();
    let school = app.store.institution(SCHOOL_BEN_LUC).await.expect("read");
    names.extend(school.map(|s| s.name));
    // The same pupil on another school's list of the year: a warning, not an error.
    import_csv(
        &app,
        SCHOOL_THANH_HOA,
        2024,
        "Họ và tên,Ngày sinh,Giới tính\nLê Thị Tuyết,02/02/2009,Nữ\n",
    )
    .await;
    let bad_rows = "Họ và tên,Ngày sinh,Giới tính,Hướng đi sau tốt nghiệp,Ngày ghi nhận\n\
                    Trần Đức Huy,31/02/2009,Nam,THPT công lập,\n\
                    Phạm Văn Khôi,03/02/2009,Nam,Đi du học,\n\
                    Lê Văn Tâm,04/02/2009,Không rõ,Trung cấp,31/04/2024\n";
    let no_birth = "Họ và tên,Giới tính\nTrần Đức Huy,Nam\n";
    let cases = [
        (
            "lop9.csv",
            bad_rows,
            "31/02/2009 is not a day of the calendar",
        ),
        ("lop9.csv", no_birth, "a required column is missing"),
        (
            "lop9.xlsx",
            "Họ và tên,Ngày sinh\n",
            "not a valid Excel spreadsheet",
        ),
        ("lop9.pdf", "%PDF-1.4", "not supported"),
    ];
    for (name, file, said) in cases {
        let page = upload(&app, &cookie, name, file).await;
        assert!(page.contains("id=\"errors\""), "{name}: {page}");
        assert!(page.contains(said), "{name}: {said}: {page}");
        // The missing column is named as the file must write it: the file's word too.
        let leak = import_leak(&page, &format!("{file}\nNgày sinh"), &names);
        assert_eq!(leak, None, "{name} ({file:?}) in English: {page}");
    }
    // Each kind of row error of the first file is in the table.
    let page = upload(&app, &cookie, "lop9.csv", bad_rows).await;
    for said in [
        "this destination is not in the list (write one of: thpt_public;",
        "the gender must be Nam or Nu",
        "31/04/2024 is not a day of the calendar",
    ] {
        assert!(page.contains(said), "{said}: {page}");
    }

    let listed_twice = "Họ và tên,Ngày sinh,Giới tính\nLê Thị Tuyết,02/02/2009,Nữ\n";
    let page = upload(&app, &cookie, "lop9.csv", listed_twice).await;
    assert!(
        page.contains(&format!(
            "row 2: this student is also on the list of lower secondary (THCS) graduates of 2024 \
             of the institution {SCHOOL_THANH_HOA}"
        )),
        "{page}"
    );
    assert_eq!(import_leak(&page, listed_twice, &names), None, "{page}");
}

#[tokio::test]
async fn an_import_read_in_english_says_its_errors_and_warnings_in_english_sqlite() {
    an_import_read_in_english_says_its_errors_and_warnings_in_english(spawn_app().await).await;
}

#[tokio::test]
async fn an_import_read_in_english_says_its_errors_and_warnings_in_english_postgres() {
    let Some(app) = spawn_app_on(Backend::Postgres).await else {
        return;
    };
    an_import_read_in_english_says_its_errors_and_warnings_in_english(app).await;
}
