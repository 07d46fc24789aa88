//! Every official, on a 360 × 800 phone and a 1366 × 768 office screen, signs in and opens their
//! home page and every page it leads to (what is due, and each page of the menu): no action, no
//! status and no cell may lie outside the window or be clipped inside a scrolling box, nothing
//! may scroll sideways, and on the phone every button and field is at least 44 px high. The demo's
//! district officer (a unit that ended in 2025) follows every link of the pages, files included,
//! and none leads nowhere. Then the new Tây Ninh's officer, on the phone, approves a report from the province's completeness page.

use std::collections::BTreeSet;

use anyhow::{Context, anyhow, bail, ensure};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::support::*;

/// The demo's officials (user names as the demo prints them), in both trees.
const OFFICIALS: [&str; 9] = [
    "admin",
    "so.gddt",
    "phong.benluc",
    "xa.luonghoa",
    "ldtbxh.longan",
    "truong.luonghoa",
    "truong.caodang",
    "so.gddt.tayninh",
    "xa.luonghoa.moi",
];

/// Looks at every rendered action, status and cell of the page: its box must lie inside the
/// window and inside every box that clips it (a table in a scrolling box). Answers what does not,
/// the page's scroll width, and (on a phone) the controls under 44 px.
const LAYOUT_PROBE: &str = r#"
const width = window.innerWidth;
const phone = width < 700;
const out = [];
const small = [];
const visible = (el, r) => r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
const name = (el) => (el.tagName + ' “' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '”');
for (const el of document.querySelectorAll('main a, main button, main input, main select, main .status, main td, main th, header a, header summary')) {
  const r = el.getBoundingClientRect();
  if (!visible(el, r) || el.type === 'hidden') continue;
  if (r.left < -1 || r.right > width + 1) { out.push(name(el) + ' at ' + Math.round(r.left) + '…' + Math.round(r.right)); continue; }
  for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
    const style = getComputedStyle(box);
    if (style.overflowX !== 'visible') {
      const b = box.getBoundingClientRect();
      if (r.right > b.right + 1 || r.left < b.left - 1) { out.push(name(el) + ' clipped in ' + box.tagName + '.' + box.className); break; }
    }
  }
  if (phone && (el.tagName === 'BUTTON' || el.tagName === 'SELECT' || (el.tagName === 'INPUT' && el.type !== 'checkbox')) && r.height < 43.5) {
    small.push(name(el) + ' ' + Math.round(r.height) + ' px');
  }
}
return { outside: out, small: small, scroll: document.documentElement.scrollWidth, width: width };
"#;

#[tokio::test]
async fn every_official_sees_every_action_and_status_on_a_phone_and_an_office_screen() {
    require_browser();
    let dir = TempDir::new();
    let server = Server::start(&dir);
    let driver = ChromeDriver::start(&dir);
    let client = driver.session(&dir).await;
    let outcome = walk(&client, &server).await;
    if outcome.is_err() {
        keep_screenshot(&client).await;
    }
    let closed = client.close().await;
    if let Err(error) = outcome {
        panic!("{error:#}");
    }
    closed.expect("closing the browser session");
}

async fn walk(client: &Client, server: &Server) -> anyhow::Result<()> {
    let base = format!("http://{}", server.addr);
    let mut problems = Vec::new();
    for (width, height) in [(PHONE_WIDTH, 800), OFFICE] {
        client.set_window_size(width, height).await?;
        for username in OFFICIALS {
            let account = server.account_named(username);
            sign_in(client, &base, &account).await?;
            let pages = pages_from_home(client).await?;
            ensure!(
                !pages.is_empty(),
                "{username}'s home page leads nowhere{}",
                page_context(client).await
            );
            for path in std::iter::once("/".to_string()).chain(pages) {
                client.goto(&format!("{base}{path}")).await?;
                for problem in layout_problems(client).await? {
                    problems.push(format!("{width} px, {username}, {path}: {problem}"));
                }
            }
        }
    }
    ensure!(
        problems.is_empty(),
        "what lies out of sight or is too small to tap:\n{}",
        problems.join("\n")
    );
    no_link_leads_nowhere(client, server, &server.account_named("phong.benluc")).await?;
    client.set_window_size(PHONE_WIDTH, 800).await?;
    approve_on_the_phone(client, &base, &server.account_named("so.gddt.tayninh")).await
}

/// Follows every link the account's pages offer, from the home page on (files included), with
/// the browser's session: none may answer "not found" or fail.
async fn no_link_leads_nowhere(
    client: &Client,
    server: &Server,
    account: &Account,
) -> anyhow::Result<()> {
    let base = format!("http://{}", server.addr);
    sign_in(client, &base, account).await?;
    let session = client
        .get_named_cookie("hn_session")
        .await
        .context("the session cookie after signing in")?;
    let cookie = format!("hn_session={}", session.value());
    let mut queue = std::collections::VecDeque::from([String::from("/")]);
    let mut seen = BTreeSet::new();
    let mut broken = Vec::new();
    while let Some(path) = queue.pop_front() {
        // Every link, to the end (the demo's district offers about 7,000 pages); the bound only
        // stops a page that would make links without end.
        if seen.len() >= 20_000 || !seen.insert(path.clone()) {
            continue;
        }
        let answer = http(server.addr, "GET", &path, &[("Cookie", &cookie)], None)?;
        if answer.status == 404 || answer.status >= 500 {
            broken.push(format!("{path}: {}", answer.status));
            continue;
        }
        for rest in answer.body.split("href=\"").skip(1) {
            // As a browser reads the attribute: the templates escape `&`.
            let href = rest
                .split('"')
                .next()
                .unwrap_or_default()
                .replace("&#38;", "&")
                .replace("&amp;", "&");
            let elsewhere = href.starts_with("/ngon-ngu/") || href.starts_with("/static/");
            if href.starts_with('/') && !elsewhere && !seen.contains(&href) {
                queue.push_back(href);
            }
        }
    }
    eprintln!(
        "[browser] {} followed {} links, none broken",
        account.username,
        seen.len()
    );
    ensure!(
        broken.is_empty(),
        "links of {} that lead nowhere:\n{}",
        account.username,
        broken.join("\n")
    );
    Ok(())
}

async fn sign_in(client: &Client, base: &str, account: &Account) -> anyhow::Result<()> {
    client.delete_all_cookies().await?;
    client.goto(&format!("{base}/dang-nhap")).await?;
    client
        .find(Locator::Css("input[name=username]"))
        .await?
        .send_keys(&account.username)
        .await?;
    client
        .find(Locator::Css("input[name=password]"))
        .await?
        .send_keys(&account.password)
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
        .with_context(|| format!("signing in as {}", account.username))
}

/// The pages a home page leads to: what is due, the role's pages, and from the reporting page
/// its first completeness page; files (reports) are left out.
async fn pages_from_home(client: &Client) -> anyhow::Result<Vec<String>> {
    let mut pages = BTreeSet::new();
    for link in client
        .find_all(Locator::Css("ul.due a, ul.tiles a"))
        .await?
    {
        if let Some(href) = link.attr("href").await? {
            pages.insert(href);
        }
    }
    if pages.contains("/bao-cao-dinh-ky") {
        let base = client.current_url().await?;
        client.goto(base.join("/bao-cao-dinh-ky")?.as_str()).await?;
        if let Some(first) = client
            .find_all(Locator::Css("main ul.links a"))
            .await?
            .first()
            && let Some(href) = first.attr("href").await?
            && href.contains("/tong-hop/")
        {
            pages.insert(href);
        }
    }
    // A class list leads to a pupil's record, the page a school edits most.
    if let Some(list) = pages.iter().find(|p| p.ends_with("/tot-nghiep")).cloned() {
        let base = client.current_url().await?;
        client.goto(base.join(&list)?.as_str()).await?;
        if let Some(first) = client
            .find_all(Locator::Css("main a[href^='/hoc-sinh/']"))
            .await?
            .first()
            && let Some(href) = first.attr("href").await?
        {
            pages.insert(href);
        }
    }
    Ok(pages
        .into_iter()
        .filter(|p| p.starts_with('/') && !p.contains("/bao-cao/"))
        .collect())
}

async fn layout_problems(client: &Client) -> anyhow::Result<Vec<String>> {
    let found = client.execute(LAYOUT_PROBE, vec![]).await?;
    let list = |key: &str| -> Vec<String> {
        found[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut problems: Vec<String> = list("outside");
    problems.extend(
        list("small")
            .into_iter()
            .map(|s| format!("under 44 px: {s}")),
    );
    if found["scroll"].as_u64() > found["width"].as_u64() {
        problems.push(format!(
            "scrolls sideways: {} px wide in a {} px window",
            found["scroll"], found["width"]
        ));
    }
    Ok(problems)
}

/// From the home page's "what is due" to the completeness page, and a tap on "Duyệt".
async fn approve_on_the_phone(
    client: &Client,
    base: &str,
    officer: &Account,
) -> anyhow::Result<()> {
    sign_in(client, base, officer).await?;
    let mut review = None;
    for link in client.find_all(Locator::Css("ul.due a")).await? {
        if link.text().await?.contains("Duyệt báo cáo") {
            review = Some(link);
            break;
        }
    }
    let review = review.ok_or_else(|| {
        anyhow!(
            "the home page of {} lists no report to review",
            officer.username
        )
    })?;
    follow(client, &review, |path| path.contains("/tong-hop/")).await?;
    let approve_buttons = "form[action$='/duyet'] button";
    let before = client.find_all(Locator::Css(approve_buttons)).await?;
    let Some(first) = before.first() else {
        bail!(
            "the completeness page offers no report to approve{}",
            page_context(client).await
        );
    };
    // The button is on screen and tappable where the officer's thumb is.
    let inside = client
        .execute(
            "const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth && r.height >= 43.5;",
            vec![serde_json::to_value(first)?],
        )
        .await?;
    ensure!(
        inside == json!(true),
        "the Duyệt button lies outside the phone's window or is too small{}",
        page_context(client).await
    );
    let form_action = client
        .find(Locator::Css("form[action$='/duyet']"))
        .await?
        .attr("action")
        .await?
        .unwrap_or_default();
    submit_and_wait(client, first).await?;
    let still_offered = client
        .find_all(Locator::Css(&format!("form[action='{form_action}']")))
        .await?;
    let approved = client
        .find_all(Locator::Css("span.status.approved"))
        .await?;
    ensure!(
        still_offered.is_empty() && !approved.is_empty(),
        "after approving ({form_action}) the report should show as approved and offer no decision{}",
        page_context(client).await
    );
    Ok(())
}
