//! A district officer, on a 360 px wide phone, signs in, walks from the home page down the tree
//! of units to a school, and is refused a school and a district outside the scope.

use std::net::SocketAddr;
use std::time::Instant;

use anyhow::{Context, anyhow, bail, ensure};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::support::*;

/// What the refusal page says (HTTP 403).
const REFUSED: &str = "không có quyền";

/// The district of the demo's district officer, and another district of the same province.
const DISTRICT: &str = "Huyện Bến Lức";
const DISTRICT_CODE: &str = "803";
const OTHER_DISTRICT: &str = "Huyện Thạnh Hóa";
const OTHER_DISTRICT_CODE: &str = "800";

#[tokio::test]
async fn a_district_officer_browses_to_a_school_and_cannot_reach_one_outside_the_district() {
    let started = Instant::now();
    require_browser();
    let dir = TempDir::new();

    let server = Server::start(&dir);
    eprintln!("[browser] server ready in {:.1?}", started.elapsed());
    let officer = server.account("Cán bộ Phòng GD&ĐT");
    let admin = server.account("Quản trị hệ thống");
    assert!(
        officer.scope.starts_with(DISTRICT),
        "the demo's district officer should be scoped to {DISTRICT}, the account list says: {}",
        server.stdout()
    );
    let outside = institution_outside(server.addr, &admin)
        .unwrap_or_else(|e| panic!("finding an institution of {OTHER_DISTRICT} as admin: {e:#}"));

    let driver = ChromeDriver::start(&dir);
    let client = driver.session(&dir).await;
    eprintln!("[browser] browser ready in {:.1?}", started.elapsed());

    let outcome = browse(&client, server.addr, &officer, &outside).await;
    if outcome.is_err() {
        keep_screenshot(&client).await;
    }
    let closed = client.close().await;
    if let Err(error) = outcome {
        panic!("{error:#}");
    }
    closed.expect("closing the browser session");
    eprintln!("[browser] passed in {:.1?}", started.elapsed());
}

/// What a person does in the browser, step by step; an error tells where and what the page was.
async fn browse(
    client: &Client,
    addr: SocketAddr,
    officer: &Account,
    outside: &Institution,
) -> anyhow::Result<()> {
    let base = format!("http://{addr}");

    // Sign in, on a page as wide as the phone.
    client.goto(&format!("{base}/dang-nhap")).await?;
    let width: u64 =
        serde_json::from_value(client.execute("return window.innerWidth;", vec![]).await?)?;
    ensure!(
        width == u64::from(PHONE_WIDTH),
        "the page should be {PHONE_WIDTH} px wide, it is {width} px"
    );
    no_sideways_scroll(client).await?;
    client
        .find(Locator::Css("input[name=username]"))
        .await?
        .send_keys(&officer.username)
        .await?;
    client
        .find(Locator::Css("input[name=password]"))
        .await?
        .send_keys(&officer.password)
        .await?;
    client
        .find(Locator::Css(
            "form[action='/dang-nhap'] button[type=submit]",
        ))
        .await?
        .click()
        .await?;
    wait_for_path(client, |path| path == "/")
        .await
        .context("after signing in, the browser should land on the home page")?;
    let scope = text_of(client, "main strong").await?;
    ensure!(
        scope == DISTRICT,
        "the home page should show the scope {DISTRICT:?}, it shows {scope:?}{}",
        page_context(client).await
    );
    no_sideways_scroll(client).await?;

    // From the home page to the district's page.
    let Ok(start) = client.find(Locator::LinkText(DISTRICT)).await else {
        bail!(
            "the home page should link to {DISTRICT:?}{}",
            page_context(client).await
        );
    };
    let href = start.attr("href").await?.unwrap_or_default();
    ensure!(
        href.starts_with(&format!("/don-vi/{DISTRICT_CODE}?ngay=")),
        "the home page's link to {DISTRICT} should go to /don-vi/{DISTRICT_CODE}?ngay=…, it goes to {href:?}"
    );
    let district_path = format!("/don-vi/{DISTRICT_CODE}");
    follow(client, &start, |path| path == district_path).await?;
    expect_heading(client, DISTRICT).await?;
    no_sideways_scroll(client).await?;

    // The communes, in Vietnamese order: by name without the type word, so the town (Thị trấn)
    // stands between two communes (Xã).
    let communes = link_texts(client, "#children a").await?;
    ensure!(
        !communes.is_empty(),
        "the district page should list its communes in #children{}",
        page_context(client).await
    );
    ensure!(
        communes.iter().any(|c| c == "Thị trấn Bến Lức"),
        "#children should hold \"Thị trấn Bến Lức\", it holds {communes:?}"
    );
    let position = |name: &str| communes.iter().position(|c| c == name);
    if let (Some(an_thanh), Some(ben_luc), Some(binh_duc)) = (
        position("Xã An Thạnh"),
        position("Thị trấn Bến Lức"),
        position("Xã Bình Đức"),
    ) {
        ensure!(
            an_thanh < ben_luc && ben_luc < binh_duc,
            "#children should be in Vietnamese order of the names (An Thạnh, Bến Lức, Bình Đức), it is {communes:?}"
        );
    }

    // Down to a commune that has an institution; back up and try the next one when it has none.
    let mut school = None;
    for (index, commune) in communes.iter().enumerate() {
        let links = client.find_all(Locator::Css("#children a")).await?;
        let link = links
            .get(index)
            .ok_or_else(|| anyhow!("the district page lost its commune {commune:?}"))?;
        follow(client, link, |path| {
            path.starts_with("/don-vi/") && path != district_path
        })
        .await?;
        expect_heading(client, commune).await?;
        no_sideways_scroll(client).await?;
        let institutions = client.find_all(Locator::Css("#institutions a")).await?;
        if let Some(first) = institutions.first() {
            school = Some((first.clone(), first.text().await?));
            break;
        }
        client.back().await?;
        wait_for_path(client, |path| path == district_path)
            .await
            .context("going back to the district page")?;
    }
    let (link, name) = school.ok_or_else(|| {
        anyhow!("no commune of {DISTRICT} lists an institution in #institutions: {communes:?}")
    })?;

    // The institution's page: its name and its code.
    let href = link.attr("href").await?.unwrap_or_default();
    let code = href
        .strip_prefix("/co-so/")
        .ok_or_else(|| anyhow!("the link to {name:?} should go to /co-so/…, it goes to {href:?}"))?
        .to_owned();
    follow(client, &link, |path| path.starts_with("/co-so/")).await?;
    expect_heading(client, &name).await?;
    let code_fact =
        "//dl[contains(@class,'facts')]/dt[normalize-space()='Mã']/following-sibling::dd[1]";
    let Ok(shown) = client.find(Locator::XPath(code_fact)).await else {
        bail!(
            "the institution page should tell its code (Mã){}",
            page_context(client).await
        );
    };
    let shown = shown.text().await?;
    ensure!(
        shown.trim() == code,
        "the institution page should show the code {code:?}, it shows {shown:?}"
    );
    eprintln!(
        "[browser] {} reached {name} ({code}) in {DISTRICT}",
        officer.username
    );
    no_sideways_scroll(client).await?;

    // Outside the district: an institution, by its address, is refused without showing it.
    let session = client
        .get_named_cookie("hn_session")
        .await
        .context("the browser should hold the session cookie hn_session after signing in")?;
    let cookie = format!("hn_session={}", session.value());
    let path = format!("/co-so/{}", outside.code);
    client.goto(&format!("{base}{path}")).await?;
    expect_refused(client, &path, &outside.name).await?;
    let status = http(addr, "GET", &path, &[("Cookie", &cookie)], None)?.status;
    ensure!(
        status == 403,
        "GET {path} as {} should answer 403, it answers {status}",
        officer.username
    );

    // And so is another district.
    let path = format!("/don-vi/{OTHER_DISTRICT_CODE}?ngay=01/06/2023");
    client.goto(&format!("{base}{path}")).await?;
    expect_refused(client, &path, OTHER_DISTRICT).await?;
    ensure!(
        client
            .find_all(Locator::Css("#children, #institutions"))
            .await?
            .is_empty(),
        "the refusal of {path} should list neither communes nor institutions{}",
        page_context(client).await
    );
    let status = http(addr, "GET", &path, &[("Cookie", &cookie)], None)?.status;
    ensure!(
        status == 403,
        "GET {path} as {} should answer 403, it answers {status}",
        officer.username
    );
    no_sideways_scroll(client).await?;
    eprintln!(
        "[browser] and was refused {} ({}) and {OTHER_DISTRICT}",
        outside.name, outside.code
    );
    Ok(())
}

/// The refusal page: says the user has no right, and shows nothing of what was asked for.
async fn expect_refused(client: &Client, path: &str, hidden: &str) -> anyhow::Result<()> {
    let text = text_of(client, "body").await?;
    ensure!(
        text.contains(REFUSED),
        "opening {path} outside the scope should be refused with {REFUSED:?}, the page says {text:?}"
    );
    let source = client.source().await?;
    ensure!(
        !source.contains(hidden),
        "the refusal of {path} should not show {hidden:?}{}",
        page_context(client).await
    );
    Ok(())
}

struct Institution {
    code: String,
    name: String,
}

/// An institution of another district, found through the API as the demo's administrator.
fn institution_outside(addr: SocketAddr, admin: &Account) -> anyhow::Result<Institution> {
    let credentials = json!({"username": admin.username, "password": admin.password}).to_string();
    let answer = http(
        addr,
        "POST",
        "/api/v1/auth/token",
        &[("Content-Type", "application/json")],
        Some(&credentials),
    )?;
    ensure!(
        answer.status == 200,
        "POST /api/v1/auth/token as admin: {} {}",
        answer.status,
        answer.body
    );
    let token: Value = serde_json::from_str(&answer.body)?;
    let token = token["token"]
        .as_str()
        .ok_or_else(|| anyhow!("no token in {}", answer.body))?;
    let bearer = format!("Bearer {token}");
    let path = format!("/api/v1/units/{OTHER_DISTRICT_CODE}/institutions?on=2023-06-01");
    let answer = http(addr, "GET", &path, &[("Authorization", &bearer)], None)?;
    ensure!(
        answer.status == 200,
        "GET {path}: {} {}",
        answer.status,
        answer.body
    );
    let list: Vec<Value> = serde_json::from_str(&answer.body)?;
    let first = list
        .first()
        .ok_or_else(|| anyhow!("the demo has no institution in {OTHER_DISTRICT}"))?;
    let field = |name: &str| {
        first[name]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no {name} in {first}"))
    };
    Ok(Institution {
        code: field("code")?,
        name: field("name")?,
    })
}
