//! The real server under the attacks of issue 9, measured from outside: its memory (the peak
//! resident size the kernel reports in /proc/PID/status) stays under 400 MB while a student posts
//! four 200 MB uploads with a bogus CSRF token and a school uploads a 50 MB CSV of tiny cells
//! (refused at the cell bound); and a sign-in made while `import students` writes 150,000 rows
//! into the same SQLite database succeeds instead of failing with "database is locked", and the
//! server's next answer of the province's figures holds that import (no restart, no reload).
//!
//! It runs the binary (`huongnghiep serve`) on a fresh SQLite file and a free port, as users
//! start it; the request bodies are streamed from a small buffer, never built whole.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_huongnghiep");
const SCHOOL: &str = "80803999";
const PASSWORD: &str = "mat-khau-thu-nghiem-9";
const MB: u64 = 1024 * 1024;
/// What the server may reach at its peak through all the attacks.
const RSS_LIMIT_KB: u64 = 400 * 1024;
const BOUNDARY: &str = "----hn-bounded-test";

#[test]
fn the_server_stays_in_bounded_memory_and_answers_sign_ins_during_a_large_import() {
    let dir = TempDir::new();
    let database = format!("sqlite://{}", dir.0.join("hn.db").display());
    prepare_database(&dir.0, &database);
    let server = Server::start(&dir.0, &database);
    let before = server.memory_kb("VmRSS");
    eprintln!("[bounded] server RSS at start: {} MB", before / 1024);

    // 1. A student posts four 200 MB uploads at once with a bogus token: each is refused before
    //    its body is read (no permission), so memory does not move.
    let student = server.sign_in("hs.thu");
    let attacks: Vec<_> = (0..4)
        .map(|_| {
            let (addr, cookie) = (server.addr, student.clone());
            std::thread::spawn(move || upload(addr, &cookie, "bogus", 200 * MB, b"a", true))
        })
        .collect();
    let latency = server.time_a_page();
    for attack in attacks {
        let answer = attack.join().expect("upload thread");
        assert_eq!(
            answer.status, 403,
            "a student may not import: {}",
            answer.body
        );
    }
    // The same as the school's account with a bogus token: refused at the token, the form's
    // first field, before the file.
    let staff = server.sign_in("gv.thu");
    let forged = upload(server.addr, &staff, "bogus", 200 * MB, b"a", true);
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert!(
        forged.body.contains("Biểu mẫu đã hết hạn"),
        "{}",
        forged.body
    );
    eprintln!(
        "[bounded] after 4 × 200 MB forged uploads: RSS {} MB, peak {} MB; a page meanwhile took {latency:?}",
        server.memory_kb("VmRSS") / 1024,
        server.memory_kb("VmHWM") / 1024
    );

    // 2. A 50 MB CSV of tiny cells, with the right token: accepted as a file (under the 50 MB
    //    cap), refused by the reader at its cell bound.
    let csrf = server.csrf_of_upload_form(&staff);
    let line = format!("{}a\n", "a,".repeat(19));
    let started = upload(
        server.addr,
        &staff,
        &csrf,
        50_000_000,
        line.as_bytes(),
        false,
    );
    assert_eq!(started.status, 303, "{}", started.body);
    let job = started.location.expect("the job's page");
    let latency = server.time_a_page();
    let page = server.wait_for_job(&job, &staff);
    assert!(
        page.contains("quá 2.000.000 ô dữ liệu"),
        "the reader stops at its cell bound and says so: {}",
        snippet(&page)
    );
    let peak = server.memory_kb("VmHWM");
    eprintln!(
        "[bounded] after the 50 MB CSV: RSS {} MB, peak {} MB; a page during its parsing took {latency:?}",
        server.memory_kb("VmRSS") / 1024,
        peak / 1024
    );
    assert!(
        peak < RSS_LIMIT_KB,
        "the server's memory peaked at {} MB",
        peak / 1024
    );

    // 3. A sign-in while the CLI writes 150,000 rows into the same database; the province's
    //    figures, read by the server before and after, hold them in its next answer.
    let officer = server.sign_in("so.thu");
    let figures = "/api/v1/units/80/streaming?year=2024&level=thcs";
    let before = get(server.addr, figures, &officer);
    assert_eq!(before.status, 200, "{}", snippet(&before.body));
    assert!(
        before.body.contains("\"graduates\":0"),
        "{}",
        snippet(&before.body)
    );
    let list = dir.0.join("lon.csv");
    write_large_list(&list, 150_000);
    let mut import = Command::new(BINARY)
        .args(["--database", &database, "import", "students"])
        .args(["--school", SCHOOL, "--year", "2024"])
        .arg(&list)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("import runs");
    let stderr = import.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let writing = lines.any(|line| line.is_ok_and(|l| l.starts_with("Đang ghi")));
    assert!(writing, "the import never reached its write stage");
    assert!(
        import.try_wait().expect("import state").is_none(),
        "the import should still be writing when the sign-in starts"
    );
    let started = Instant::now();
    let token = server.token("gv.thu");
    let waited = started.elapsed();
    let imported = import.wait().expect("import ends");
    assert!(imported.success(), "the import itself succeeds");
    assert_eq!(
        token.status, 200,
        "sign-in during the import: {}",
        token.body
    );
    eprintln!("[bounded] sign-in during the import answered in {waited:?}");
    let after = get(server.addr, figures, &officer);
    assert!(
        after.body.contains("\"graduates\":150000"),
        "the CLI's import is not in the server's next answer: {}",
        snippet(&after.body)
    );
}

/// A school of Bến Lức, its staff and one of its students.
fn prepare_database(dir: &Path, database: &str) {
    let schools = dir.join("truong.csv");
    std::fs::write(
        &schools,
        format!(
            "Mã trường,Tên trường,Loại trường,Mã xã\n{SCHOOL},Trường THCS Thử Nghiệm,THCS,27991\n"
        ),
    )
    .expect("write");
    let status = Command::new(BINARY)
        .args(["--database", database, "import", "schools"])
        .arg(&schools)
        .stdout(Stdio::null())
        .status()
        .expect("import schools");
    assert!(status.success());
    for (username, role, scope) in [
        ("gv.thu", "school_staff", ["--institution", SCHOOL]),
        ("hs.thu", "student", ["--institution", SCHOOL]),
        ("so.thu", "province_officer", ["--unit", "80"]),
    ] {
        let mut add = Command::new(BINARY)
            .args([
                "--database",
                database,
                "user",
                "add",
                "--username",
                username,
            ])
            .args(["--role", role])
            .args(scope)
            .arg("--password-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("user add");
        add.stdin
            .take()
            .expect("stdin")
            .write_all(PASSWORD.as_bytes())
            .expect("password");
        assert!(add.wait().expect("user add ends").success(), "{username}");
    }
}

fn write_large_list(path: &Path, rows: u32) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    writeln!(
        out,
        "Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Hướng đi sau tốt nghiệp"
    )
    .expect("w");
    for i in 0..rows {
        writeln!(
            out,
            "K{i:07},Nguyễn Văn Học{i},{:02}/{:02}/2009,Nam,THPT công lập",
            i % 28 + 1,
            i % 12 + 1
        )
        .expect("write");
    }
    out.flush().expect("flush");
}

/// Posts the upload form with a file of `size` bytes made by repeating `pattern`, streamed from
/// a small buffer (chunked, or with its length announced as a browser does).
fn upload(
    addr: SocketAddr,
    cookie: &str,
    csrf: &str,
    size: u64,
    pattern: &[u8],
    chunked: bool,
) -> Answer {
    let mut fields = String::new();
    for (name, value) in [("csrf", csrf), ("nam", "2024"), ("cap", "thcs")] {
        fields.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    fields.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"lop.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    ));
    let end = format!("\r\n--{BOUNDARY}--\r\n");
    let length = fields.len() as u64 + size + end.len() as u64;
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {length}")
    };
    let head = format!(
        "POST /co-so/{SCHOOL}/nhap HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{framing}\r\n\r\n"
    );
    let mut stream = TcpStream::connect(addr).expect("connect");
    let reader = stream.try_clone().expect("clone");
    // The answer is read while the body is still being sent: a server that refuses early
    // answers, then closes the connection under the sender.
    let answer = std::thread::spawn(move || read_answer(reader));
    let mut block = Vec::with_capacity(64 * 1024);
    while block.len() + pattern.len() <= 64 * 1024 {
        block.extend_from_slice(pattern);
    }
    let send = |stream: &mut TcpStream, bytes: &[u8]| -> std::io::Result<()> {
        if chunked && !bytes.is_empty() {
            stream.write_all(format!("{:x}\r\n", bytes.len()).as_bytes())?;
            stream.write_all(bytes)?;
            stream.write_all(b"\r\n")
        } else {
            stream.write_all(bytes)
        }
    };
    let sent = (|| -> std::io::Result<()> {
        stream.write_all(head.as_bytes())?;
        send(&mut stream, fields.as_bytes())?;
        let mut left = size;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            send(&mut stream, &block[..n])?;
            left -= n as u64;
        }
        send(&mut stream, end.as_bytes())?;
        if chunked {
            stream.write_all(b"0\r\n\r\n")?;
        }
        Ok(())
    })();
    if sent.is_err() {
        // The server stopped reading: what it answered is already on its way.
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
    answer.join().expect("reader thread")
}

struct Answer {
    status: u16,
    location: Option<String>,
    cookies: Vec<String>,
    body: String,
}

/// Reads an HTTP answer to the end of the connection; a reset after the answer is its end too.
fn read_answer(mut stream: TcpStream) -> Answer {
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    let mut raw = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
        }
    }
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let header = |name: &str| -> Vec<String> {
        head.lines()
            .filter_map(|line| line.split_once(':'))
            .filter(|(key, _)| key.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().to_string())
            .collect()
    };
    Answer {
        status,
        location: header("location").into_iter().next(),
        cookies: header("set-cookie"),
        body: body.to_string(),
    }
}

fn exchange(addr: SocketAddr, request: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    read_answer(stream)
}

fn get(addr: SocketAddr, path: &str, cookie: &str) -> Answer {
    exchange(
        addr,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ),
    )
}

fn post(addr: SocketAddr, path: &str, cookie: &str, content_type: &str, body: &str) -> Answer {
    exchange(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn cookie_pair(answer: &Answer, name: &str) -> String {
    answer
        .cookies
        .iter()
        .filter_map(|c| c.split(';').next())
        .find(|pair| pair.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", answer.cookies))
        .to_string()
}

fn csrf_in(body: &str) -> String {
    body.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a CSRF field")
        .to_string()
}

fn snippet(text: &str) -> String {
    text.chars().take(2_000).collect()
}

/// `huongnghiep serve` on a free port, stopped when the test ends.
struct Server {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    fn start(dir: &Path, database: &str) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let log = dir.join("server.log");
        let child = Command::new(BINARY)
            .args(["--database", database, "serve", "--addr", &addr.to_string()])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("the server starts");
        let server = Server { child, addr, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(addr).is_err() {
            assert!(
                Instant::now() < deadline,
                "the server did not listen within a minute: {}",
                server.log_tail()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn log_tail(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A line of /proc/PID/status, in kB: VmRSS (resident now) or VmHWM (the peak).
    fn memory_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/PID/status (the test needs Linux)");
        status
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{field}:")))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc/PID/status"))
    }

    /// Signs in through the sign-in page; returns the session cookie.
    fn sign_in(&self, username: &str) -> String {
        let form = get(self.addr, "/dang-nhap", "");
        let login_cookie = cookie_pair(&form, "hn_login_csrf");
        let body = format!(
            "csrf={}&username={username}&password={PASSWORD}",
            csrf_in(&form.body)
        );
        let answer = post(
            self.addr,
            "/dang-nhap",
            &login_cookie,
            "application/x-www-form-urlencoded",
            &body,
        );
        assert_eq!(
            answer.status,
            303,
            "sign-in of {username}: {}",
            snippet(&answer.body)
        );
        cookie_pair(&answer, "hn_session")
    }

    /// Asks the API for a token (a sign-in with its password check and session write).
    fn token(&self, username: &str) -> Answer {
        let body = format!("{{\"username\":\"{username}\",\"password\":\"{PASSWORD}\"}}");
        post(
            self.addr,
            "/api/v1/auth/token",
            "",
            "application/json",
            &body,
        )
    }

    fn csrf_of_upload_form(&self, cookie: &str) -> String {
        let form = get(self.addr, &format!("/co-so/{SCHOOL}/nhap"), cookie);
        assert_eq!(form.status, 200, "{}", snippet(&form.body));
        csrf_in(&form.body)
    }

    /// How long the sign-in page takes to answer now (reported, not asserted).
    fn time_a_page(&self) -> Duration {
        let started = Instant::now();
        let answer = get(self.addr, "/dang-nhap", "");
        assert_eq!(answer.status, 200);
        started.elapsed()
    }

    fn wait_for_job(&self, job: &str, cookie: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let page = get(self.addr, job, cookie);
            assert_eq!(page.status, 200, "{}", snippet(&page.body));
            if !page.body.contains("http-equiv=\"refresh\"") {
                return page.body;
            }
            assert!(Instant::now() < deadline, "the import job did not finish");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A directory of the test's own, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("hn-bounded-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("the test's directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
