//! `huongnghiep backup` and `restore` on both backends, through the real binary: a backup taken
//! while a large import writes restores to the database as it was before the import or after
//! it, never in between; a restore refuses a database holding data unless forced, and refuses
//! a damaged file or a file of the other backend, leaving the target exactly as it was.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use hn_testkit::{Backend, TestDb};
use sqlx::Connection;

const SCHOOLS: &str = "Mã trường,Tên trường,Loại trường,Mã xã\n\
    80803999,Trường THCS Thử Nghiệm,THCS,27991\n";
const OTHER_SCHOOL: &str = "Mã trường,Tên trường,Loại trường,Mã xã\n\
    80803998,Trường THCS Thử Nghiệm Hai,THCS,27991\n";

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn cli(database: &str, args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_huongnghiep"))
        .arg("--database")
        .arg(database)
        .args(args)
        .output()
        .expect("the binary runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn cli_ok(database: &str, args: &[&str]) -> Outcome {
    let outcome = cli(database, args);
    assert_eq!(
        outcome.code, 0,
        "{args:?}: {}{}",
        outcome.stdout, outcome.stderr
    );
    outcome
}

/// A scratch directory for the files of one test, removed when the test passes.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!("hn-backup-{}", hn_testkit::unique_name()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn write(&self, name: &str, contents: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write");
        path.to_string_lossy().into_owned()
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn import_schools(database: &str, scratch: &Scratch, csv: &str) {
    let file = scratch.write("truong.csv", csv.as_bytes());
    cli_ok(database, &["import", "schools", &file]);
}

/// A list of `rows` graduates of the test school.
fn student_list(rows: u32) -> String {
    let mut list =
        String::from("Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Hướng đi sau tốt nghiệp\n");
    for i in 0..rows {
        list.push_str(&format!(
            "K{i:07},Nguyễn Văn Học{i},{:02}/{:02}/2009,Nam,THPT công lập\n",
            i % 28 + 1,
            i % 12 + 1
        ));
    }
    list
}

/// Per table: its row count and a checksum of its rows (order-independent).
type Contents = BTreeMap<String, (usize, u64)>;

async fn contents(backend: Backend, url: &str) -> Contents {
    let mut tables = BTreeMap::new();
    match backend {
        Backend::Sqlite => {
            let mut db = sqlx::SqliteConnection::connect(url).await.expect("opens");
            let names: Vec<String> = sqlx::query_scalar(
                "select name from sqlite_master where type = 'table' \
                 and name not like 'sqlite_%' order by name",
            )
            .fetch_all(&mut db)
            .await
            .expect("tables");
            for name in names {
                let columns: Vec<String> =
                    sqlx::query_scalar("select name from pragma_table_info($1) order by cid")
                        .bind(&name)
                        .fetch_all(&mut db)
                        .await
                        .expect("columns");
                let row = columns
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let sql = format!("select {row} from \"{name}\"");
                let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&mut db)
                    .await
                    .expect("rows");
                tables.insert(name, checksum(rows));
            }
            db.close().await.expect("closes");
        }
        Backend::Postgres => {
            let mut db = sqlx::PgConnection::connect(url).await.expect("opens");
            let names: Vec<String> = sqlx::query_scalar(
                "select tablename::text from pg_tables where schemaname = 'public' \
                 order by tablename",
            )
            .fetch_all(&mut db)
            .await
            .expect("tables");
            for name in names {
                let sql = format!("select r::text from public.\"{name}\" as r");
                let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&mut db)
                    .await
                    .expect("rows");
                tables.insert(name, checksum(rows));
            }
            db.close().await.expect("closes");
        }
    }
    tables
}

fn checksum(mut rows: Vec<String>) -> (usize, u64) {
    rows.sort_unstable();
    let mut hasher = DefaultHasher::new();
    rows.hash(&mut hasher);
    (rows.len(), hasher.finish())
}

/// The tables whose contents differ, for a failure message.
fn differences(a: &Contents, b: &Contents) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| format!("{n}: {:?} / {:?}", a.get(n), b.get(n)))
        .collect()
}

#[tokio::test]
async fn a_backup_taken_during_a_large_import_restores_the_state_before_or_after_it() {
    for backend in Backend::BOTH {
        let Some(source) = TestDb::fresh(backend).await else {
            continue;
        };
        let scratch = Scratch::new();
        import_schools(&source.url, &scratch, SCHOOLS);
        // Graduates of an earlier year, so that the table is not empty before the import.
        let earlier = scratch.write("nam-truoc.csv", student_list(50).as_bytes());
        cli_ok(
            &source.url,
            &[
                "import", "students", "--year", "2023", "--school", "80803999", &earlier,
            ],
        );
        // 120,000 graduates: the import writes them in one transaction that takes a while.
        let large = scratch.write("lon.csv", student_list(120_000).as_bytes());
        let before = contents(backend, &source.url).await;

        let mut import = Command::new(env!("CARGO_BIN_EXE_huongnghiep"))
            .args(["--database", &source.url, "import", "students", "--year"])
            .args(["2024", "--school", "80803999", &large])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        let mut stderr = BufReader::new(import.stderr.take().expect("stderr")).lines();
        let writing = stderr.any(|line| line.is_ok_and(|l| l.starts_with("Đang ghi")));
        assert!(
            writing,
            "{backend:?}: the import never reached its write stage"
        );
        // The rest of its messages, read so that it never blocks on a full pipe.
        let drain = std::thread::spawn(move || stderr.map_while(Result::ok).collect::<Vec<_>>());

        let file = scratch.path("sao-luu.hnbak");
        let backup = cli_ok(&source.url, &["backup", &file]);
        let overlapped = import.try_wait().expect("status").is_none();
        assert!(
            backup.stdout.contains("Đã sao lưu vào"),
            "{}",
            backup.stdout
        );
        let status = import.wait().expect("the import ends");
        let messages = drain.join().unwrap_or_default();
        assert!(status.success(), "{backend:?}: {messages:?}");
        let after = contents(backend, &source.url).await;
        assert_eq!(
            after["graduate"].0,
            before["graduate"].0 + 120_000,
            "{backend:?}"
        );

        let Some(target) = TestDb::fresh(backend).await else {
            continue;
        };
        let restore = cli_ok(&target.url, &["restore", &file]);
        assert!(
            restore.stdout.contains("Đã khôi phục"),
            "{}",
            restore.stdout
        );
        let restored = contents(backend, &target.url).await;
        let state = if restored == before {
            "before"
        } else if restored == after {
            "after"
        } else {
            panic!(
                "{backend:?}: the restored database is neither the state before the import \
                 ({:?}) nor after it ({:?})",
                differences(&restored, &before),
                differences(&restored, &after)
            );
        };
        eprintln!(
            "{backend:?}: the backup holds the state {state} the import \
             (the import was still writing when the backup ended: {overlapped})"
        );
    }
}

#[tokio::test]
async fn restore_refuses_a_database_holding_data_unless_forced() {
    for backend in Backend::BOTH {
        let (Some(source), Some(target)) =
            (TestDb::fresh(backend).await, TestDb::fresh(backend).await)
        else {
            continue;
        };
        let scratch = Scratch::new();
        import_schools(&source.url, &scratch, SCHOOLS);
        let file = scratch.path("sao-luu.hnbak");
        cli_ok(&source.url, &["backup", &file]);
        let saved = contents(backend, &source.url).await;

        // A database that was only opened holds the unit catalogue every installation loads on
        // first start, and nothing of its users: it counts as empty.
        let schools = scratch.write("truong-khac.csv", OTHER_SCHOOL.as_bytes());
        cli_ok(&target.url, &["import", "schools", "--dry-run", &schools]);
        cli_ok(&target.url, &["restore", &file]);
        assert_eq!(contents(backend, &target.url).await, saved, "{backend:?}");

        // Now it holds schools: refused, and untouched.
        cli_ok(&target.url, &["import", "schools", &schools]);
        let held = contents(backend, &target.url).await;
        let refused = cli(&target.url, &["restore", &file]);
        assert_eq!(refused.code, 1, "{backend:?}: {}", refused.stderr);
        assert!(
            refused.stderr.contains("đang có dữ liệu") && refused.stderr.contains("--force"),
            "{backend:?}: {}",
            refused.stderr
        );
        assert!(refused.stderr.contains("institution"), "{}", refused.stderr);
        assert_eq!(contents(backend, &target.url).await, held, "{backend:?}");

        cli_ok(&target.url, &["restore", "--force", &file]);
        assert_eq!(contents(backend, &target.url).await, saved, "{backend:?}");

        // A backup never overwrites a file.
        let again = cli(&source.url, &["backup", &file]);
        assert_eq!(again.code, 1, "{}", again.stderr);
        assert!(again.stderr.contains("đã có"), "{}", again.stderr);
    }
}

/// A real backup of a small database of `backend`, in `scratch`.
async fn small_backup(backend: Backend, scratch: &Scratch, name: &str) -> Option<String> {
    let source = TestDb::fresh(backend).await?;
    import_schools(&source.url, scratch, SCHOOLS);
    let file = scratch.path(name);
    cli_ok(&source.url, &["backup", &file]);
    Some(file)
}

#[tokio::test]
async fn a_damaged_file_or_one_of_the_other_backend_is_refused_and_changes_nothing() {
    let scratch = Scratch::new();
    let (Some(sqlite_file), Some(postgres_file)) = (
        small_backup(Backend::Sqlite, &scratch, "sqlite.hnbak").await,
        small_backup(Backend::Postgres, &scratch, "postgres.hnbak").await,
    ) else {
        return;
    };
    for backend in Backend::BOTH {
        let Some(target) = TestDb::fresh(backend).await else {
            continue;
        };
        import_schools(&target.url, &scratch, OTHER_SCHOOL);
        let held = contents(backend, &target.url).await;
        let (own, other, other_name) = match backend {
            Backend::Sqlite => (&sqlite_file, &postgres_file, "PostgreSQL"),
            Backend::Postgres => (&postgres_file, &sqlite_file, "SQLite"),
        };
        // The first half of a good backup of the right backend: its start reads well, the rest
        // is missing, so only a restore that commits nothing before the end leaves the target
        // as it was.
        let bytes = std::fs::read(own).expect("read");
        let truncated = scratch.write("cut.hnbak", &bytes[..bytes.len() / 2]);
        let list = scratch.write("danh-sach.csv", SCHOOLS.as_bytes());
        let cases = [
            (other.as_str(), other_name),
            (truncated.as_str(), "không phải bản sao lưu dùng được"),
            (list.as_str(), "không nhận ra định dạng"),
        ];
        for (file, expected) in cases {
            let refused = cli(&target.url, &["restore", "--force", file]);
            assert_eq!(refused.code, 1, "{backend:?} {file}: {}", refused.stderr);
            assert!(
                refused.stderr.contains(expected) && refused.stderr.contains("giữ nguyên"),
                "{backend:?} {file}: {}",
                refused.stderr
            );
            assert_eq!(
                contents(backend, &target.url).await,
                held,
                "{backend:?} {file}"
            );
        }
        // And a good one still restores.
        cli_ok(&target.url, &["restore", "--force", own]);
    }
}

#[test]
fn a_backup_of_a_database_that_does_not_exist_is_refused() {
    let scratch = Scratch::new();
    let missing = format!("sqlite://{}", scratch.path("khong-co.db"));
    let outcome = cli(&missing, &["backup", &scratch.path("x.hnbak")]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("không tìm thấy cơ sở dữ liệu"),
        "{}",
        outcome.stderr
    );
    assert!(!Path::new(&scratch.path("khong-co.db")).exists());
}
