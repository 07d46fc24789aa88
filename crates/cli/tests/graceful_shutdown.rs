//! `huongnghiep serve` stops cleanly when told to (SIGTERM from a service manager, Ctrl-C at a
//! terminal): it finishes the request in flight, exits with status 0, and closes the store, so
//! that SQLite's write-ahead log is folded back into the database file.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use hn_testkit::{Backend, TestDb};

/// A limit that only keeps a broken build from hanging the test run; nothing is timed.
const PATIENCE: Duration = Duration::from_secs(120);

struct Server {
    child: Child,
    lines: Receiver<String>,
    address: String,
}

impl Server {
    fn start(database: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huongnghiep"))
            .args(["--database", database, "serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stderr = child.stderr.take().expect("stderr");
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            lines,
            address: String::new(),
        };
        let line = server.wait_for("đang chạy tại http://");
        server.address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .expect("the address")
            .to_string();
        server
    }

    /// The first line of its messages that contains `text`.
    fn wait_for(&mut self, text: &str) -> String {
        let started = Instant::now();
        loop {
            match self.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server ended before saying «{text}»")
                }
            }
            if started.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("the server never said «{text}»");
            }
        }
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("status") {
                return status;
            }
            if started.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("the server did not stop after the signal");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A response head, up to its blank line.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => panic!("reading a response head: {other:?} (so far: {head:?})"),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

fn read_response(stream: &mut TcpStream) -> String {
    let mut response = String::new();
    if let Err(error) = stream.read_to_string(&mut response) {
        panic!("reading the response: {error} (read so far: {response:?})");
    }
    response
}

#[tokio::test]
async fn serve_finishes_the_request_in_flight_then_exits_cleanly_on_sigterm() {
    for backend in Backend::BOTH {
        let Some(db) = TestDb::fresh(backend).await else {
            continue;
        };
        let mut server = Server::start(&db.url);

        let mut plain = TcpStream::connect(&server.address).expect("connects");
        plain
            .write_all(b"GET /api/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .expect("request");
        let response = read_response(&mut plain);
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "{backend:?}: {response}"
        );

        // A request whose body is still arriving when the signal comes. `Expect: 100-continue`
        // makes the server say when its handler has started reading the body: from then on the
        // request is surely in flight.
        let body = br#"{"username":"khong-co","password":"sai-mat-khau"}"#;
        let mut in_flight = TcpStream::connect(&server.address).expect("connects");
        write!(
            in_flight,
            "POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .expect("headers");
        in_flight.flush().expect("sent");
        let interim = read_head(&mut in_flight);
        assert!(
            interim.starts_with("HTTP/1.1 100"),
            "{backend:?}: {interim}"
        );
        in_flight.write_all(&body[..10]).expect("half a body");
        in_flight.flush().expect("sent");

        server.signal("TERM");
        server.wait_for("nhận lệnh dừng");
        in_flight
            .write_all(&body[10..])
            .expect("the rest of the body");
        let response = read_response(&mut in_flight);
        // Refused (no such account), but answered in full.
        assert!(
            response.starts_with("HTTP/1.1 4") && response.contains(r#""error""#),
            "{backend:?}: the request in flight got: {response}"
        );

        let status = server.wait_for_exit();
        assert!(status.success(), "{backend:?}: {status}");
        if backend == Backend::Sqlite {
            assert_log_folded(&db.url);
        }
    }
}

#[tokio::test]
async fn serve_exits_cleanly_on_ctrl_c() {
    let Some(db) = TestDb::fresh(Backend::Sqlite).await else {
        return;
    };
    let mut server = Server::start(&db.url);
    let mut plain = TcpStream::connect(&server.address).expect("connects");
    plain
        .write_all(b"GET /api/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("request");
    assert!(read_response(&mut plain).starts_with("HTTP/1.1 200"));
    server.signal("INT");
    let status = server.wait_for_exit();
    assert!(status.success(), "{status}");
    assert_log_folded(&db.url);
}

/// The store was closed: SQLite's write-ahead log is gone or empty.
fn assert_log_folded(url: &str) {
    let path = url.trim_start_matches("sqlite://");
    let log = std::path::PathBuf::from(format!("{path}-wal"));
    let size = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    assert_eq!(size, 0, "{} still holds {size} bytes", log.display());
}
