//! What the browser tests share: the product started as its users start it (`huongnghiep serve
//! --demo` on an empty SQLite database), chromedriver and a headless Chromium, and the steps and
//! checks a person's walk through the pages is made of.

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
use serde_json::json;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The width of a small phone; every page must fit it without scrolling sideways.
pub const PHONE_WIDTH: u32 = 360;
/// An office PC's screen.
pub const OFFICE: (u32, u32) = (1366, 768);
/// The first start loads the catalogue of units (~14k) and the demo data set.
pub const SERVER_START: Duration = Duration::from_secs(60);
pub const DRIVER_START: Duration = Duration::from_secs(20);
/// How long a page may take to appear after a click.
pub const NAVIGATION: Duration = Duration::from_secs(15);

/// Clicks a link as a person would and waits for the page it leads to.
pub async fn follow(
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

/// Clicks a button (a form's submit) and waits for the page that answers it, even when that page
/// has the same address: the old page carries a mark the new one does not.
pub async fn submit_and_wait(client: &Client, button: &Element) -> anyhow::Result<()> {
    client
        .execute("window.__hnOldPage = true; return true;", vec![])
        .await?;
    button.click().await?;
    let deadline = Instant::now() + NAVIGATION;
    loop {
        let state = client
            .execute(
                "return window.__hnOldPage === undefined && document.readyState === 'complete';",
                vec![],
            )
            .await?;
        if state == json!(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("no new page after the click{}", page_context(client).await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the address bar's path satisfies `arrived` and the page has loaded.
pub async fn wait_for_path(client: &Client, arrived: impl Fn(&str) -> bool) -> anyhow::Result<()> {
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

pub async fn expect_heading(client: &Client, expected: &str) -> anyhow::Result<()> {
    let heading = text_of(client, "h1").await?;
    ensure!(
        heading == expected,
        "the page's heading should be {expected:?}, it is {heading:?}{}",
        page_context(client).await
    );
    Ok(())
}

pub async fn no_sideways_scroll(client: &Client) -> anyhow::Result<()> {
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
            "the page scrolls sideways (scrollWidth, innerWidth = {widths}){}",
            page_context(client).await
        );
    }
    Ok(())
}

pub async fn text_of(client: &Client, css: &str) -> anyhow::Result<String> {
    match client.find(Locator::Css(css)).await {
        Ok(element) => Ok(element.text().await?),
        Err(error) => Err(anyhow!(
            "no {css} on the page ({error}){}",
            page_context(client).await
        )),
    }
}

pub async fn link_texts(client: &Client, css: &str) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    for link in client.find_all(Locator::Css(css)).await? {
        texts.push(link.text().await?);
    }
    Ok(texts)
}

/// Where the browser is and what `<main>` holds, to make a failure readable.
pub async fn page_context(client: &Client) -> String {
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

pub fn snippet(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Keeps a picture of the failing page beside the build, for whoever reads the failure.
pub async fn keep_screenshot(client: &Client) {
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

pub fn require_browser() {
    for program in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(program).exists(),
            "{program} is missing: the browser test needs headless Chromium and its driver; \
             install them with `apt-get install -y chromium chromium-driver` (CI does)"
        );
    }
}

/// A demo account as `serve --demo` prints it.
pub struct Account {
    pub username: String,
    pub password: String,
    pub role: String,
    pub scope: String,
}

pub struct HttpAnswer {
    pub status: u16,
    pub body: String,
}

/// A plain HTTP/1.0 exchange: the server closes the connection after one answer of known length.
pub fn http(
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
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

/// A directory of its own for the test, removed at the end.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
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
pub struct Process {
    pub name: &'static str,
    pub child: Child,
    pub log: PathBuf,
}

impl Process {
    pub fn spawn(name: &'static str, mut command: Command, log: PathBuf) -> Self {
        let stderr = File::create(&log).expect("creating a log file");
        command.stderr(stderr).stdin(Stdio::null()).process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        Process { name, child, log }
    }

    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// Fails the test when the process has already stopped.
    pub fn ensure_running(&mut self) {
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
pub struct Server {
    pub addr: SocketAddr,
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub _process: Process,
}

impl Server {
    pub fn start(dir: &TempDir) -> Self {
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

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().join("\n")
    }

    /// A demo account by its user name, from the list the demo prints.
    pub fn account_named(&self, username: &str) -> Account {
        self.accounts()
            .into_iter()
            .find(|account| account.username == username)
            .unwrap_or_else(|| {
                panic!(
                    "the demo printed no account {username}; it printed:\n{}",
                    self.stdout()
                )
            })
    }

    /// The demo account of a role (by its Vietnamese label).
    pub fn account(&self, role: &str) -> Account {
        self.accounts()
            .into_iter()
            .find(|account| account.role == role)
            .unwrap_or_else(|| {
                panic!(
                    "the demo printed no {role} account after \"Tài khoản mẫu\"; it printed:\n{}",
                    self.stdout()
                )
            })
    }

    /// The accounts the demo prints: `  USERNAME  PASSWORD  Role, scope` after the line
    /// "Tài khoản mẫu …".
    fn accounts(&self) -> Vec<Account> {
        let lines = self.stdout.lock().unwrap().clone();
        lines
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
            })
            .collect()
    }
}

/// chromedriver on a port of its own.
pub struct ChromeDriver {
    pub port: u16,
    pub _process: Process,
}

impl ChromeDriver {
    pub fn start(dir: &TempDir) -> Self {
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
    pub async fn session(&self, dir: &TempDir) -> Client {
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
