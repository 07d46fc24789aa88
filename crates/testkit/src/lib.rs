//! Test support shared by every crate's suites: a fresh, private database of each backend, and
//! the one rule for servers and tools a test needs — it fails when they are missing, unless a
//! developer opts out by hand (`HN_SKIP_POSTGRES=1`, `HN_SKIP_TOOLS=1`). Never a silent "ok".

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// The PostgreSQL server the tests use (trust authentication on the developer's machine and in
/// CI); `HN_TEST_POSTGRES` overrides it.
pub const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub const BOTH: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];
}

/// A name no other test of this or a concurrent run uses.
pub fn unique_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000_000)
        .unwrap_or_default();
    format!(
        "{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn opted_out(variable: &str) -> bool {
    std::env::var(variable).is_ok_and(|v| v == "1")
}

/// Whether a test may use an outside tool (pdftotext, soffice, chromium …): `true` when it can
/// be run; `false` only when the developer set `HN_SKIP_TOOLS=1`; otherwise the test fails here.
pub fn tool_available(name: &str, probe_args: &[&str]) -> bool {
    let runs = std::process::Command::new(name)
        .args(probe_args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if runs {
        return true;
    }
    if opted_out("HN_SKIP_TOOLS") {
        eprintln!("{name} không có; bỏ qua phần kiểm thử này vì HN_SKIP_TOOLS=1");
        return false;
    }
    panic!("{name} là bắt buộc cho kiểm thử này (cài nó, hoặc đặt HN_SKIP_TOOLS=1 để tự bỏ qua)")
}

/// A database of its own for one test, removed when dropped.
pub struct TestDb {
    pub backend: Backend,
    /// The URL `hn_store::open` takes.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Database { server: String, name: String },
}

impl TestDb {
    /// A fresh database of the backend, or `None` when PostgreSQL is unreachable and the
    /// developer opted out by hand (`HN_SKIP_POSTGRES=1`). Unreachable without opt-out: panics.
    pub async fn fresh(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("hn_test_{}", unique_name()));
                std::fs::create_dir_all(&dir).expect("thư mục tạm");
                let path = dir.join("test.db");
                Some(TestDb {
                    backend,
                    url: format!("sqlite://{}", path.display()),
                    cleanup: Cleanup::File(dir),
                })
            }
            Backend::Postgres => {
                let server = postgres_server();
                let mut admin = connect_or_skip(&server).await?;
                let name = format!("hn_test_{}", unique_name());
                sqlx::raw_sql(AssertSqlSafe(format!("create database {name}")))
                    .execute(&mut admin)
                    .await
                    .expect("tạo cơ sở dữ liệu thử");
                let _ = admin.close().await;
                Some(TestDb {
                    backend,
                    url: database_url(&server, &name),
                    cleanup: Cleanup::Database { server, name },
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { server, name } => {
                // Dropped from a thread of its own: a test's runtime may be shutting down.
                let (server, name) = (server.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(runtime) = runtime {
                        runtime.block_on(drop_database(&server, &name));
                    }
                })
                .join();
            }
        }
    }
}

async fn drop_database(server: &str, name: &str) {
    if let Ok(mut admin) = PgConnection::connect(server).await {
        // The test's pool may still hold connections; `force` ends them.
        if let Err(error) = sqlx::raw_sql(AssertSqlSafe(format!(
            "drop database if exists {name} with (force)"
        )))
        .execute(&mut admin)
        .await
        {
            eprintln!("không xóa được cơ sở dữ liệu thử {name}: {error}");
        }
        let _ = admin.close().await;
    }
}

pub fn postgres_server() -> String {
    std::env::var("HN_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string())
}

/// A connection to the test server, `None` only when the developer opted out by hand.
pub async fn connect_or_skip(server: &str) -> Option<PgConnection> {
    let connected = tokio::time::timeout(Duration::from_secs(10), PgConnection::connect(server))
        .await
        .map_err(|_| "hết thời gian chờ".to_string())
        .and_then(|r| r.map_err(|e| e.to_string()));
    match connected {
        Ok(connection) => Some(connection),
        Err(reason) if opted_out("HN_SKIP_POSTGRES") => {
            eprintln!(
                "PostgreSQL không truy cập được, bỏ qua vì HN_SKIP_POSTGRES=1 ({server}: {reason})"
            );
            None
        }
        Err(reason) => panic!(
            "PostgreSQL không truy cập được ({server}: {reason}); các kiểm thử cần nó \
             (đặt HN_SKIP_POSTGRES=1 để tự bỏ qua)"
        ),
    }
}

/// The server URL with its database replaced by `database`, keeping any query string.
pub fn database_url(server: &str, database: &str) -> String {
    let (scheme, rest) = server.split_once("://").unwrap_or(("postgres", server));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let query = path.split_once('?').map(|(_, q)| q);
    match query {
        Some(query) => format!("{scheme}://{authority}/{database}?{query}"),
        None => format!("{scheme}://{authority}/{database}"),
    }
}

/// A small deterministic generator (xorshift) for tests that draw random data, so that a failing
/// draw can be replayed from its seed.
pub struct Random(pub u64);

impl Random {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}
