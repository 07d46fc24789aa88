//! SQLite: `VACUUM INTO` for the copy (one read snapshot of the WAL database, so the server keeps
//! writing), and a restore in one `BEGIN IMMEDIATE` transaction on the target: check that it
//! holds no data, drop its tables, recreate the backup's schema and copy every row, check the
//! foreign keys, commit. Anything failing on the way rolls back and leaves the target as it was.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Connection, SqliteConnection};

use super::{BackupError, RestoreOptions, Result, TableRows, check_versions, data_held, quoted};

/// Copies the live database at `database` into the new file `partial`; returns its row counts.
pub(super) async fn backup(database: &Path, partial: &Path) -> Result<Vec<TableRows>> {
    if !database.is_file() {
        return Err(BackupError::NoDatabase(database.to_path_buf()));
    }
    let mut source = connect(database, Open::Source).await?;
    let _ = std::fs::remove_file(partial);
    sqlx::query("vacuum into $1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut source)
        .await?;
    source.close().await?;
    // The copy is a plain rollback-journal file (VACUUM INTO writes one): a single file that
    // holds everything, whatever the journal mode of the source.
    let mut copy = connect(partial, Open::Copy).await?;
    let tables = row_counts(&mut copy, "main").await?;
    copy.close().await?;
    Ok(tables)
}

/// Replaces the database at `target` (created when missing) with the backup `file`.
pub(super) async fn restore(
    target: &Path,
    file: &Path,
    options: RestoreOptions,
) -> Result<Vec<TableRows>> {
    let existed = target.exists();
    let outcome = replace(target, file, options).await;
    if outcome.is_err() && !existed {
        // The connection created an empty file; the target was "nothing" and stays so.
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
    }
    outcome?;
    // Brings an older backup up to this binary's schema, as every command does on opening.
    let store = crate::SqliteStore::open(&target.to_string_lossy()).await?;
    let mut connection = store.pool.acquire().await?;
    let tables = row_counts(&mut connection, "main").await?;
    drop(connection);
    crate::Store::close(&store).await;
    Ok(tables)
}

async fn replace(target: &Path, file: &Path, options: RestoreOptions) -> Result<()> {
    let mut connection = connect(target, Open::Target).await?;
    let outcome = async {
        sqlx::query("attach database $1 as backup")
            .bind(file.to_string_lossy().into_owned())
            .execute(&mut connection)
            .await
            .map_err(|e| damaged(file, e))?;
        check_backup(&mut connection, file).await?;
        sqlx::raw_sql("begin immediate")
            .execute(&mut connection)
            .await?;
        match copy_into_main(&mut connection, file, options).await {
            Ok(()) => {
                sqlx::raw_sql("commit").execute(&mut connection).await?;
                Ok(())
            }
            Err(error) => {
                let _ = sqlx::raw_sql("rollback").execute(&mut connection).await;
                Err(error)
            }
        }
    }
    .await;
    let _ = sqlx::raw_sql("detach database backup")
        .execute(&mut connection)
        .await;
    let _ = connection.close().await;
    outcome
}

/// The attached file is an intact database of this product, of a schema this binary knows.
async fn check_backup(connection: &mut SqliteConnection, file: &Path) -> Result<()> {
    let not_a_backup = |reason: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        reason,
    };
    let verdict: Vec<String> = sqlx::query_scalar("pragma backup.quick_check")
        .fetch_all(&mut *connection)
        .await
        .map_err(|e| damaged(file, e))?;
    if verdict != ["ok"] {
        return Err(not_a_backup(format!(
            "tệp SQLite hỏng ({})",
            verdict.into_iter().take(3).collect::<Vec<_>>().join("; ")
        )));
    }
    let tables = table_names(connection, "backup")
        .await
        .map_err(|e| not_a_backup(e.to_string()))?;
    for needed in ["_sqlx_migrations", "graduate"] {
        if !tables.iter().any(|t| t == needed) {
            return Err(not_a_backup(format!("không có bảng {needed}")));
        }
    }
    let versions: Vec<i64> =
        sqlx::query_scalar("select version from backup._sqlx_migrations order by version")
            .fetch_all(&mut *connection)
            .await?;
    check_versions(file, &versions, &crate::sqlite::MIGRATOR)
}

/// An error reading the backup file: the file is damaged (or not a database at all).
fn damaged(file: &Path, error: sqlx::Error) -> BackupError {
    let reason = match &error {
        sqlx::Error::Database(e) => e.message().to_string(),
        other => other.to_string(),
    };
    BackupError::NotABackup {
        path: file.to_path_buf(),
        reason: format!("tệp SQLite hỏng ({reason})"),
    }
}

/// Inside the open transaction: the check, then the schema and rows of the backup into `main`.
async fn copy_into_main(
    connection: &mut SqliteConnection,
    file: &Path,
    options: RestoreOptions,
) -> Result<()> {
    if !options.force {
        let held = row_counts(connection, "main").await?;
        if let Some(tables) = data_held(&held, &options) {
            return Err(BackupError::TargetHoldsData(tables));
        }
    }
    // Foreign keys are off on this connection (they cannot be switched inside a transaction);
    // the whole result is checked before the commit instead.
    let existing: Vec<(String, String)> = sqlx::query_as(
        "select type, name from main.sqlite_master \
         where type in ('view', 'trigger', 'table') and name not like 'sqlite_%' \
         order by case type when 'view' then 0 when 'trigger' then 1 else 2 end",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (kind, name) in existing {
        let sql = format!("drop {kind} main.{}", quoted(&name));
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *connection)
            .await?;
    }
    let tables: Vec<(String, String)> = sqlx::query_as(
        "select name, sql from backup.sqlite_master \
         where type = 'table' and name not like 'sqlite_%' order by rootpage",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (name, create) in &tables {
        // The statement as the backup's schema holds it; unqualified, it creates in `main`.
        sqlx::raw_sql(sqlx::AssertSqlSafe(create.clone()))
            .execute(&mut *connection)
            .await?;
        let copy = format!(
            "insert into main.{table} select * from backup.{table}",
            table = quoted(name)
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(copy))
            .execute(&mut *connection)
            .await?;
    }
    // AUTOINCREMENT counters, which may stand above the largest id still present.
    if table_names(connection, "backup")
        .await?
        .iter()
        .any(|t| t == "sqlite_sequence")
    {
        sqlx::raw_sql(
            "delete from main.sqlite_sequence; \
             insert into main.sqlite_sequence select * from backup.sqlite_sequence",
        )
        .execute(&mut *connection)
        .await?;
    }
    let rest: Vec<String> = sqlx::query_scalar(
        "select sql from backup.sqlite_master \
         where type in ('index', 'trigger', 'view') and sql is not null \
         order by case type when 'index' then 0 when 'view' then 1 else 2 end",
    )
    .fetch_all(&mut *connection)
    .await?;
    for create in rest {
        sqlx::raw_sql(sqlx::AssertSqlSafe(create))
            .execute(&mut *connection)
            .await?;
    }
    let broken: Vec<(String,)> = sqlx::query_as("pragma main.foreign_key_check")
        .fetch_all(&mut *connection)
        .await?;
    if let Some((table,)) = broken.first() {
        return Err(BackupError::NotABackup {
            path: file.to_path_buf(),
            reason: format!(
                "{} dòng trỏ tới dòng không có, ví dụ ở bảng {table}",
                broken.len()
            ),
        });
    }
    Ok(())
}

/// What a connection is opened for.
enum Open {
    /// The live database being copied: as it is, never created.
    Source,
    /// The finished copy, read for its row counts.
    Copy,
    /// The database a restore replaces: created when missing, in the store's WAL mode.
    Target,
}

/// One connection without the store's migrations: a backup copies what is there, a restore
/// replaces it. Foreign keys stay off; see `copy_into_main`.
async fn connect(path: &Path, purpose: Open) -> Result<SqliteConnection> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .foreign_keys(false)
        .pragma("cache_size", "-65536")
        .busy_timeout(Duration::from_secs(10));
    let options = match purpose {
        Open::Source => options,
        Open::Copy => options.read_only(true),
        Open::Target => options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal),
    };
    Ok(SqliteConnection::connect_with(&options).await?)
}

async fn table_names(connection: &mut SqliteConnection, schema: &str) -> Result<Vec<String>> {
    let sql = format!("select name from {schema}.sqlite_master where type = 'table' order by name");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_all(connection)
        .await?)
}

/// Rows per table of `schema` (`main` or `backup`), in name order, without SQLite's own tables.
async fn row_counts(connection: &mut SqliteConnection, schema: &str) -> Result<Vec<TableRows>> {
    let mut counts = Vec::new();
    for table in table_names(connection, schema).await? {
        if table.starts_with("sqlite_") {
            continue;
        }
        let sql = format!("select count(*) from {schema}.{}", quoted(&table));
        let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut *connection)
            .await?;
        counts.push(TableRows { table, rows });
    }
    Ok(counts)
}
