//! The browser test: a district officer, on a 360 px wide phone, signs in, walks from the home
//! page down the tree of units to a school, and is refused a school and a district outside the
//! scope. It runs the real binary (`huongnghiep serve --demo`) on a fresh SQLite database and
//! drives Debian's headless Chromium through chromedriver.
//!
//! Needs the Debian packages `chromium` and `chromium-driver` (`.ci/run` installs them); without
//! them the test fails and says so, it is never skipped.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail, ensure};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The width of a small phone; every page must fit it without scrolling sideways.
const PHONE_WIDTH: u32 = 360;
/// The first start loads the catalogue of units (~14k) and the demo data set.
const SERVER_START: Duration = Duration::from_secs(60);
const DRIVER_START: Duration = Duration::from_secs(20);
/// How long a page may take to appear after a click.
const NAVIGATION: Duration = Duration::from_secs(15);
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

/// Clicks a link as a person would and waits for the page it leads to.
async fn follow(
    client: &Client,
    link: &Element,
    arrived: impl Fn(&str) -> bool,
) -> anyhow::Result<()> {
    let label = link.text().await.unwrap_or_default();
    let href = link.attr("href").await?.unwrap_or_default();
    link.click().await?;
    wait_for_path(client, arrived)
        .await
        .with_context(|| format!("after clicking the link {label:?} ({href})"))
}

/// Waits until the address bar's path satisfies `arrived` and the page has loaded.
async fn wait_for_path(client: &Client, arrived: impl Fn(&str) -> bool) -> anyhow::Result<()> {
    let deadline = Instant::now() + NAVIGATION;
    loop {
        let url = client.current_url().await?;
        let ready = client
            .execute("return document.readyState;", vec![])
            .await?;
        if arrived(url.path()) && ready == json!("complete") {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "the browser stayed at {url} ({ready}){}",
                page_context(client).await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn expect_heading(client: &Client, expected: &str) -> anyhow::Result<()> {
    let heading = text_of(client, "h1").await?;
    ensure!(
        heading == expected,
        "the page's heading should be {expected:?}, it is {heading:?}{}",
        page_context(client).await
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

async fn no_sideways_scroll(client: &Client) -> anyhow::Result<()> {
    let fits = client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await?;
    if fits != json!(true) {
        let widths = client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await?;
        bail!(
            "the page scrolls sideways at {PHONE_WIDTH} px (scrollWidth, innerWidth = {widths}){}",
            page_context(client).await
        );
    }
    Ok(())
}

async fn text_of(client: &Client, css: &str) -> anyhow::Result<String> {
    match client.find(Locator::Css(css)).await {
        Ok(element) => Ok(element.text().await?),
        Err(error) => Err(anyhow!(
            "no {css} on the page ({error}){}",
            page_context(client).await
        )),
    }
}

async fn link_texts(client: &Client, css: &str) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    for link in client.find_all(Locator::Css(css)).await? {
        texts.push(link.text().await?);
    }
    Ok(texts)
}

/// Where the browser is and what `<main>` holds, to make a failure readable.
async fn page_context(client: &Client) -> String {
    let url = match client.current_url().await {
        Ok(url) => url.to_string(),
        Err(error) => format!("(no address: {error})"),
    };
    let html = match client.find(Locator::Css("main")).await {
        Ok(main) => main.html(false).await.unwrap_or_default(),
        Err(_) => client.source().await.unwrap_or_default(),
    };
    format!("\n  at {url}\n  {}", snippet(&html, 1500))
}

fn snippet(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Keeps a picture of the failing page beside the build, for whoever reads the failure.
async fn keep_screenshot(client: &Client) {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-failure.png");
    match client.screenshot().await {
        Ok(png) => match std::fs::write(&path, png) {
            Ok(()) => eprintln!(
                "[browser] screenshot of the failing page: {}",
                path.display()
            ),
            Err(error) => eprintln!("[browser] could not write {}: {error}", path.display()),
        },
        Err(error) => eprintln!("[browser] no screenshot: {error}"),
    }
    eprintln!("[browser] page at failure:{}", page_context(client).await);
}

fn require_browser() {
    for program in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(program).exists(),
            "{program} is missing: the browser test needs headless Chromium and its driver; \
             install them with `apt-get install -y chromium chromium-driver` (CI does)"
        );
    }
}

/// A demo account as `serve --demo` prints it.
struct Account {
    username: String,
    password: String,
    role: String,
    scope: String,
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

struct HttpAnswer {
    status: u16,
    body: String,
}

/// A plain HTTP/1.0 exchange: the server closes the connection after one answer of known length.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> anyhow::Result<HttpAnswer> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| anyhow!("an answer without headers: {raw:?}"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow!("an answer without a status: {head:?}"))?;
    Ok(HttpAnswer {
        status,
        body: body.to_owned(),
    })
}

/// A port nobody listens on now (bound and released at once).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

/// A directory of its own for the test, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path = std::env::temp_dir().join(format!(
            "huongnghiep-browser-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).expect("creating the test's temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process of the test, ended when the test ends however it ends. It leads a process
/// group of its own, so that what it started (Chromium under chromedriver) ends with it.
struct Process {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Process {
    fn spawn(name: &'static str, mut command: Command, log: PathBuf) -> Self {
        let stderr = File::create(&log).expect("creating a log file");
        command.stderr(stderr).stdin(Stdio::null()).process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        Process { name, child, log }
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// Fails the test when the process has already stopped.
    fn ensure_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "{} stopped ({status}) before it was ready; its log ends with:\n{}",
                self.name,
                self.log_tail()
            );
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // The whole group, by its id: the process and whatever it started.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "[browser] the log of {} ends with:\n{}",
                self.name,
                self.log_tail()
            );
        }
    }
}

/// The product, as its users start it: `huongnghiep serve --demo` on an empty database.
struct Server {
    addr: SocketAddr,
    stdout: Arc<Mutex<Vec<String>>>,
    _process: Process,
}

impl Server {
    fn start(dir: &TempDir) -> Self {
        let addr: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let database = format!("sqlite://{}", dir.0.join("test.db").display());
        let mut command = Command::new(env!("CARGO_BIN_EXE_huongnghiep"));
        command
            .args(["--database", &database, "serve", "--addr"])
            .arg(addr.to_string())
            .args(["--demo", "--seed", "1"])
            .env_remove("HN_DATABASE_URL")
            .stdout(Stdio::piped());
        let mut process = Process::spawn("huongnghiep serve", command, dir.0.join("server.log"));
        let pipe = process.child.stdout.take().expect("the server's stdout");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });

        let deadline = Instant::now() + SERVER_START;
        loop {
            process.ensure_running();
            if let Ok(answer) = http(addr, "GET", "/dang-nhap", &[], None)
                && answer.status == 200
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not answer GET /dang-nhap within {SERVER_START:?}; its log ends with:\n{}",
                process.log_tail()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Server {
            addr,
            stdout,
            _process: process,
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().join("\n")
    }

    /// The demo account of a role (by its Vietnamese label), from the list the demo prints:
    /// `  USERNAME  PASSWORD  Role, scope` after the line "Tài khoản mẫu …".
    fn account(&self, role: &str) -> Account {
        let lines = self.stdout.lock().unwrap().clone();
        let accounts = lines
            .iter()
            .skip_while(|line| !line.starts_with("Tài khoản mẫu"))
            .skip(1)
            .take_while(|line| line.starts_with(' '))
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                let username = words.next()?.to_owned();
                let password = words.next()?.to_owned();
                let rest = words.collect::<Vec<_>>().join(" ");
                let (role, scope) = rest.split_once(", ")?;
                Some(Account {
                    username,
                    password,
                    role: role.to_owned(),
                    scope: scope.to_owned(),
                })
            });
        accounts
            .into_iter()
            .find(|account| account.role == role)
            .unwrap_or_else(|| {
                panic!(
                    "the demo printed no {role} account after \"Tài khoản mẫu\"; it printed:\n{}",
                    lines.join("\n")
                )
            })
    }
}

/// chromedriver on a port of its own.
struct ChromeDriver {
    port: u16,
    _process: Process,
}

impl ChromeDriver {
    fn start(dir: &TempDir) -> Self {
        let port = free_port();
        let mut command = Command::new(CHROMEDRIVER);
        command.arg(format!("--port={port}")).stdout(Stdio::null());
        let mut process = Process::spawn("chromedriver", command, dir.0.join("chromedriver.log"));
        let deadline = Instant::now() + DRIVER_START;
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err() {
            process.ensure_running();
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within {DRIVER_START:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        ChromeDriver {
            port,
            _process: process,
        }
    }

    /// A headless Chromium as wide as a phone, with a profile of its own and no traffic of its
    /// own to the (closed) network.
    async fn session(&self, dir: &TempDir) -> Client {
        let profile = dir.0.join("chromium-profile");
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            format!("--window-size={PHONE_WIDTH},800"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"binary": CHROMIUM, "args": args}),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| panic!("starting a Chromium session through chromedriver: {e}"));
        // Chromium keeps a window at least 500 px wide whatever --window-size says; sized through
        // WebDriver, the page's viewport gets the phone's width. (Mobile emulation is not used:
        // it zooms a page that is too wide out to fit, which would hide the overflow we look for.)
        client
            .set_window_size(PHONE_WIDTH, 800)
            .await
            .expect("sizing the browser window as a phone");
        client
    }
}
