//! Backups of the whole database and their restore (DESIGN §2 `backup` / `restore`).
//!
//! A backup is a consistent copy taken while the server writes: SQLite's `VACUUM INTO` reads one
//! snapshot of a WAL database; PostgreSQL's `pg_dump --format=custom` runs under a snapshot this
//! module exports, in which it also counts the rows for the summary. A backup is written beside
//! its final name and renamed into place, so a failed backup never leaves a half file under it.
//!
//! A restore lands whole or not at all, and refuses a target that holds data unless forced; the
//! check and the write share one transaction (SQLite: one `BEGIN IMMEDIATE`; PostgreSQL: one
//! psql session that locks the tables, checks that they still hold what was checked, drops the
//! schema and replays the dump, and commits only when `pg_restore` read the whole file).
//!
//! The two formats cannot be confused: an SQLite file begins with `SQLite format 3\0`, a
//! PostgreSQL custom dump with `PGDMP`; a restore reads these bytes before anything else.

mod postgres;
mod sqlite;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{Backend, Location, StoreError};

/// How many rows a table holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRows {
    pub table: String,
    pub rows: i64,
}

/// What a backup wrote or a restore put back.
#[derive(Debug, Clone)]
pub struct Summary {
    pub backend: Backend,
    /// The backup file.
    pub file: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Rows per table (of the copy for a backup, of the restored database for a restore).
    pub tables: Vec<TableRows>,
}

impl Summary {
    pub fn total_rows(&self) -> i64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// What a restore may replace.
#[derive(Debug, Clone, Copy)]
pub struct RestoreOptions {
    /// Replace a database that holds data.
    pub force: bool,
    /// The size (units, successions) of the administrative-unit catalogue every installation
    /// loads on first start: a target whose catalogue has exactly that size, or is empty, and
    /// whose other tables are empty holds nothing of its users and counts as empty.
    pub reference_catalogue: (i64, i64),
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "tệp {0} đã có; hãy chọn tên khác hoặc tự xóa tệp cũ trước (bản sao lưu không ghi đè tệp nào)"
    )]
    FileExists(PathBuf),
    #[error("không tìm thấy cơ sở dữ liệu SQLite {0}")]
    NoDatabase(PathBuf),
    #[error(
        "máy chủ PostgreSQL không có cơ sở dữ liệu này (cơ sở dữ liệu đích của một lần khôi \
         phục phải được tạo trước, bằng createdb)"
    )]
    NoPostgresDatabase,
    #[error("không có thư mục {0} để ghi bản sao lưu")]
    NoDirectory(PathBuf),
    #[error(
        "tệp {path} là bản sao lưu {file}, không khôi phục được vào cơ sở dữ liệu {target}; \
         hãy khôi phục nó vào một cơ sở dữ liệu {file}"
    )]
    WrongBackend {
        path: PathBuf,
        file: &'static str,
        target: &'static str,
    },
    #[error("tệp {path} không phải bản sao lưu dùng được của Huongnghiep: {reason}")]
    NotABackup { path: PathBuf, reason: String },
    #[error(
        "bản sao lưu {path} do một phiên bản mới hơn của chương trình tạo (cấu trúc dữ liệu số \
         {version}); hãy cập nhật huongnghiep rồi khôi phục lại"
    )]
    NewerVersion { path: PathBuf, version: i64 },
    #[error(
        "cơ sở dữ liệu đích đang có dữ liệu ({0}); không khôi phục để khỏi mất dữ liệu đó. \
         Nếu chắc chắn muốn thay toàn bộ, chạy lại với --force"
    )]
    TargetHoldsData(String),
    #[error(
        "cơ sở dữ liệu đích vừa thay đổi trong lúc khôi phục (bảng {0}); không khôi phục gì, \
         hãy dừng các tiến trình đang ghi vào nó rồi chạy lại"
    )]
    TargetChanged(String),
    #[error(
        "không chạy được {tool} ({reason}); cần cài gói postgresql-client cùng phiên bản với \
         máy chủ PostgreSQL"
    )]
    ToolMissing { tool: &'static str, reason: String },
    #[error("{tool} báo lỗi: {message}")]
    Tool { tool: &'static str, message: String },
    #[error("lỗi đọc/ghi tệp {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(error: sqlx::Error) -> Self {
        BackupError::Store(StoreError::Database(error))
    }
}

pub type Result<T> = std::result::Result<T, BackupError>;

/// Writes a consistent copy of the database `url` names to the new file `file`.
pub async fn backup(url: &str, file: &Path) -> Result<Summary> {
    let location = Location::parse(url)?;
    if file.exists() {
        return Err(BackupError::FileExists(file.to_path_buf()));
    }
    if let Some(directory) = file.parent().filter(|d| !d.as_os_str().is_empty())
        && !directory.is_dir()
    {
        return Err(BackupError::NoDirectory(directory.to_path_buf()));
    }
    let partial = partial_beside(file);
    let written = match location {
        Location::Sqlite(path) => sqlite::backup(Path::new(path), &partial).await,
        Location::Postgres(url) => postgres::backup(url, &partial).await,
    };
    let tables = match written.and_then(|tables| publish(&partial, file).map(|()| tables)) {
        Ok(tables) => tables,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    Ok(Summary {
        backend: location.backend(),
        file: file.to_path_buf(),
        bytes: size_of(file)?,
        tables,
    })
}

/// Replaces the database `url` names with the backup in `file`, whole or not at all.
pub async fn restore(url: &str, file: &Path, options: RestoreOptions) -> Result<Summary> {
    let location = Location::parse(url)?;
    let made_by = backend_of_file(file)?;
    if made_by != location.backend() {
        return Err(BackupError::WrongBackend {
            path: file.to_path_buf(),
            file: backend_name(made_by),
            target: backend_name(location.backend()),
        });
    }
    let tables = match location {
        Location::Sqlite(path) => sqlite::restore(Path::new(path), file, options).await?,
        Location::Postgres(url) => postgres::restore(url, file, options).await?,
    };
    Ok(Summary {
        backend: location.backend(),
        file: file.to_path_buf(),
        bytes: size_of(file)?,
        tables,
    })
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// Which backend wrote a backup file, from its first bytes.
fn backend_of_file(file: &Path) -> Result<Backend> {
    let io = |source| BackupError::Io {
        path: file.to_path_buf(),
        source,
    };
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(file)
        .map_err(io)?
        .take(16)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.starts_with(b"SQLite format 3\0") {
        Ok(Backend::Sqlite)
    } else if head.starts_with(b"PGDMP") {
        Ok(Backend::Postgres)
    } else {
        Err(BackupError::NotABackup {
            path: file.to_path_buf(),
            reason: "không nhận ra định dạng (không phải tệp SQLite, cũng không phải bản \
                     pg_dump dạng custom)"
                .into(),
        })
    }
}

/// The tables that make a target count as holding data (see `RestoreOptions`), as one phrase
/// for the message, or `None` when it counts as empty.
fn data_held(tables: &[TableRows], options: &RestoreOptions) -> Option<String> {
    let rows_of = |name: &str| {
        tables
            .iter()
            .find(|t| t.table == name)
            .map_or(0, |t| t.rows)
    };
    let catalogue = (rows_of("admin_unit"), rows_of("unit_succession"));
    let catalogue_as_installed = catalogue == (0, 0) || catalogue == options.reference_catalogue;
    let held: Vec<String> = tables
        .iter()
        // Bookkeeping every database has from its first opening, not data anyone entered.
        .filter(|t| t.rows > 0 && !matches!(t.table.as_str(), "_sqlx_migrations" | "figures_state"))
        .filter(|t| {
            !(catalogue_as_installed && (t.table == "admin_unit" || t.table == "unit_succession"))
        })
        .map(|t| format!("{}: {} dòng", t.table, t.rows))
        .collect();
    (!held.is_empty()).then(|| held.join(", "))
}

/// Refuses a backup whose schema is newer than the migrations this binary knows.
fn check_versions(file: &Path, in_backup: &[i64], known: &sqlx::migrate::Migrator) -> Result<()> {
    match in_backup
        .iter()
        .find(|v| !known.iter().any(|m| m.version == **v))
    {
        Some(version) => Err(BackupError::NewerVersion {
            path: file.to_path_buf(),
            version: *version,
        }),
        None => Ok(()),
    }
}

/// The temporary name a backup is written under, in the same directory so the rename into
/// place is atomic.
fn partial_beside(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "huongnghiep-backup".into());
    file.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Makes the finished copy durable and gives it its name.
fn publish(partial: &Path, file: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BackupError::Io { path, source }
    };
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(io(partial))?;
    if file.exists() {
        return Err(BackupError::FileExists(file.to_path_buf()));
    }
    std::fs::rename(partial, file).map_err(io(file))?;
    if let Some(directory) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself is durable once the directory is synced (not possible everywhere).
        let _ = std::fs::File::open(directory).and_then(|d| d.sync_all());
    }
    Ok(())
}

fn size_of(file: &Path) -> Result<u64> {
    std::fs::metadata(file)
        .map(|m| m.len())
        .map_err(|source| BackupError::Io {
            path: file.to_path_buf(),
            source,
        })
}

/// `"name"` with inner quotes doubled: a table name from the catalogue, as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(list: &[(&str, i64)]) -> Vec<TableRows> {
        list.iter()
            .map(|(table, rows)| TableRows {
                table: table.to_string(),
                rows: *rows,
            })
            .collect()
    }

    const OPTIONS: RestoreOptions = RestoreOptions {
        force: false,
        reference_catalogue: (100, 40),
    };

    #[test]
    fn a_database_with_only_the_reference_catalogue_counts_as_empty() {
        let tables = rows(&[
            ("_sqlx_migrations", 4),
            ("admin_unit", 100),
            ("unit_succession", 40),
            ("graduate", 0),
        ]);
        assert_eq!(data_held(&tables, &OPTIONS), None);
        assert_eq!(data_held(&rows(&[("_sqlx_migrations", 4)]), &OPTIONS), None);
        assert_eq!(
            data_held(
                &rows(&[("_sqlx_migrations", 8), ("figures_state", 1)]),
                &OPTIONS
            ),
            None
        );
    }

    #[test]
    fn any_row_of_the_users_or_a_changed_catalogue_counts_as_data() {
        let with_school = rows(&[("admin_unit", 100), ("institution", 1)]);
        assert_eq!(
            data_held(&with_school, &OPTIONS).as_deref(),
            Some("admin_unit: 100 dòng, institution: 1 dòng")
        );
        let grown = rows(&[("admin_unit", 101), ("unit_succession", 40)]);
        assert_eq!(
            data_held(&grown, &OPTIONS).as_deref(),
            Some("admin_unit: 101 dòng, unit_succession: 40 dòng")
        );
    }

    #[test]
    fn a_partial_file_sits_beside_the_backup() {
        let partial = partial_beside(Path::new("/srv/sao-luu/hn.db"));
        assert_eq!(partial.parent(), Some(Path::new("/srv/sao-luu")));
        assert!(partial.to_string_lossy().contains(".hn.db.partial-"));
    }
}
