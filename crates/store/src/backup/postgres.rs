//! PostgreSQL: the client tools of the server's own project do the copying (`pg_dump`,
//! `pg_restore`, `psql` from postgresql-client), because they know every object and type the
//! server has; this module only makes their work consistent and atomic.
//!
//! Backup: a read-only REPEATABLE READ transaction exports its snapshot, counts the rows of every
//! table in it, and `pg_dump --snapshot` writes exactly that state in the custom format.
//!
//! Restore: one psql session runs `begin`, locks every table of the target and checks that they
//! still hold what was checked before (nothing, unless forced), drops and recreates the schema
//! `public`, replays the script `pg_restore` makes of the file, and gets its `commit` only when
//! `pg_restore` read the whole file without error. psql stops at the first error
//! (`ON_ERROR_STOP`), and a session that ends without `commit` is rolled back by the server.

use std::path::Path;
use std::process::Stdio;

use sqlx::{Connection, PgConnection};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

use super::{BackupError, RestoreOptions, Result, TableRows, check_versions, data_held, quoted};

/// Dumps the database `url` into the new file `partial`; returns the row counts of its snapshot.
pub(super) async fn backup(url: &str, partial: &Path) -> Result<Vec<TableRows>> {
    let mut connection = connect(url).await?;
    sqlx::raw_sql("begin isolation level repeatable read read only")
        .execute(&mut connection)
        .await?;
    let snapshot: String = sqlx::query_scalar("select pg_export_snapshot()")
        .fetch_one(&mut connection)
        .await?;
    let tables = row_counts(&mut connection).await?;
    let (conninfo, password) = libpq_target(url)?;
    let mut dump = tool("pg_dump", password.as_deref());
    dump.arg("--format=custom")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(partial)
        .arg("--dbname")
        .arg(&conninfo);
    let dumped = run(dump, "pg_dump").await;
    // The snapshot had to stay open while pg_dump ran; it read, never wrote.
    let _ = sqlx::raw_sql("rollback").execute(&mut connection).await;
    let _ = connection.close().await;
    dumped?;
    Ok(tables)
}

/// Replaces the database `url` with the dump `file`.
pub(super) async fn restore(
    url: &str,
    file: &Path,
    options: RestoreOptions,
) -> Result<Vec<TableRows>> {
    check_dump(file).await?;
    let mut connection = connect(url).await?;
    let checked = row_counts(&mut connection).await?;
    let _ = connection.close().await;
    if !options.force
        && let Some(tables) = data_held(&checked, &options)
    {
        return Err(BackupError::TargetHoldsData(tables));
    }
    replay(url, file, &preamble(&checked, options.force)).await?;
    // Brings an older backup up to this binary's schema, as every command does on opening.
    let store = crate::PgStore::connect(url).await?;
    let mut connection = store.pool.acquire().await?;
    let tables = row_counts(&mut connection).await?;
    drop(connection);
    crate::Store::close(&store).await;
    Ok(tables)
}

/// The file is a dump of this product (its table of contents reads, it has our tables), of a
/// schema this binary knows.
async fn check_dump(file: &Path) -> Result<()> {
    let not_a_backup = |reason: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        reason,
    };
    let mut list = tool("pg_restore", None);
    list.arg("--list").arg(file);
    let contents = run(list, "pg_restore")
        .await
        .map_err(|e| not_a_backup(format!("không đọc được mục lục ({e})")))?;
    for needed in ["_sqlx_migrations", "graduate"] {
        if !contents.contains(&format!(" TABLE DATA public {needed} ")) {
            return Err(not_a_backup(format!("không có bảng {needed}")));
        }
    }
    let mut migrations = tool("pg_restore", None);
    migrations
        .args(["--data-only", "--table=_sqlx_migrations", "--file=-"])
        .arg(file);
    let script = run(migrations, "pg_restore")
        .await
        .map_err(|e| not_a_backup(format!("không đọc được bảng _sqlx_migrations ({e})")))?;
    let versions: Vec<i64> = script
        .lines()
        .skip_while(|line| !line.starts_with("COPY public._sqlx_migrations"))
        .skip(1)
        .take_while(|line| *line != "\\.")
        .filter_map(|line| line.split('\t').next()?.parse().ok())
        .collect();
    if versions.is_empty() {
        return Err(not_a_backup("bảng _sqlx_migrations trống".into()));
    }
    check_versions(file, &versions, &crate::postgres::MIGRATOR)
}

/// What psql runs before the dump's script: one transaction, the check, an empty schema.
fn preamble(checked: &[TableRows], force: bool) -> String {
    let mut sql = String::from("set client_min_messages = warning;\nbegin;\n");
    if !force {
        // Under lock, every table still holds the rows counted before (none, or the unit
        // catalogue as installed); any table that appeared since must be empty.
        let expected: Vec<String> = checked
            .iter()
            .map(|t| format!("('{}', {})", t.table.replace('\'', "''"), t.rows))
            .chain(std::iter::once("(null, 0)".to_string()))
            .collect();
        sql.push_str(&format!(
            "do $hn$
declare
    t record;
    found bigint;
begin
    for t in select tablename from pg_tables where schemaname = 'public' order by tablename loop
        execute format('lock table public.%I in access exclusive mode', t.tablename);
    end loop;
    for t in select p.tablename, coalesce(e.rows, 0) as rows
             from pg_tables p left join (values {}) as e(name, rows) on e.name = p.tablename
             where p.schemaname = 'public' loop
        execute format('select count(*) from public.%I', t.tablename) into found;
        if found <> t.rows then
            raise exception 'hn_target_changed:%:', t.tablename;
        end if;
    end loop;
end
$hn$;\n",
            expected.join(", ")
        ));
    }
    sql.push_str(
        "drop schema if exists public cascade;\ncreate schema public;\n\
         grant usage on schema public to public;\n",
    );
    sql
}

/// Streams `pg_restore`'s script of `file` into psql after the preamble; commits only when the
/// whole file was read.
async fn replay(url: &str, file: &Path, preamble: &str) -> Result<()> {
    let (conninfo, password) = libpq_target(url)?;
    let mut psql = tool("psql", password.as_deref());
    psql.args([
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        "--dbname",
    ])
    .arg(&conninfo)
    .stdin(Stdio::piped())
    .stdout(Stdio::null());
    let mut psql = spawn(psql, "psql")?;
    let psql_errors = tokio::spawn(read_all(psql.stderr.take()));
    let mut script = tool("pg_restore", None);
    script
        .args(["--no-owner", "--no-acl", "--file=-"])
        .arg(file)
        .stdout(Stdio::piped());
    let mut pg_restore = spawn(script, "pg_restore")?;
    let restore_errors = tokio::spawn(read_all(pg_restore.stderr.take()));

    let mut input = psql.stdin.take();
    let mut output = pg_restore.stdout.take();
    let streamed = match (&mut input, &mut output) {
        (Some(input), Some(output)) => {
            // A write fails when psql stopped first; its own message then says why.
            match input.write_all(preamble.as_bytes()).await {
                Ok(()) => tokio::io::copy(output, input).await.map(|_| ()),
                Err(error) => Err(error),
            }
        }
        _ => Err(std::io::Error::other("không nối được pg_restore với psql")),
    };
    drop(output);
    let read_whole = pg_restore.wait().await.is_ok_and(|s| s.success());
    let restore_errors = restore_errors.await.unwrap_or_default();
    let committed = match (&streamed, read_whole, input.as_mut()) {
        (Ok(()), true, Some(input)) => input.write_all(b"commit;\n").await.is_ok(),
        _ => false,
    };
    drop(input);
    let psql_ok = psql.wait().await.is_ok_and(|s| s.success());
    let psql_errors = psql_errors.await.unwrap_or_default();
    if let Some(table) = psql_errors
        .split("hn_target_changed:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
    {
        return Err(BackupError::TargetChanged(table.to_string()));
    }
    if streamed.is_ok() && !read_whole {
        // pg_restore stopped first: the file is damaged (psql never got its commit).
        return Err(BackupError::NotABackup {
            path: file.to_path_buf(),
            reason: format!(
                "pg_restore không đọc hết tệp ({})",
                first_lines(&restore_errors)
            ),
        });
    }
    if !psql_ok || !committed {
        return Err(BackupError::Tool {
            tool: "psql",
            message: first_lines(&psql_errors),
        });
    }
    Ok(())
}

/// One connection, saying plainly when the database does not exist.
async fn connect(url: &str) -> Result<PgConnection> {
    PgConnection::connect(url)
        .await
        .map_err(|error| match &error {
            sqlx::Error::Database(e) if e.code().as_deref() == Some("3D000") => {
                BackupError::NoPostgresDatabase
            }
            _ => error.into(),
        })
}

/// Rows per table of the schema `public`, in name order.
async fn row_counts(connection: &mut PgConnection) -> Result<Vec<TableRows>> {
    let tables: Vec<String> = sqlx::query_scalar(
        "select tablename::text from pg_tables where schemaname = 'public' order by tablename",
    )
    .fetch_all(&mut *connection)
    .await?;
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        let sql = format!("select count(*) from public.{}", quoted(&table));
        let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut *connection)
            .await?;
        counts.push(TableRows { table, rows });
    }
    Ok(counts)
}

/// The URL for libpq without its password, and the password apart: given to the tools in their
/// environment (`PGPASSWORD`), where other users of the machine cannot read it as they can read
/// a command line.
fn libpq_target(url: &str) -> Result<(String, Option<String>)> {
    let mut parsed = url::Url::parse(url).map_err(|_| crate::StoreError::BadUrl(redacted(url)))?;
    let password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    let _ = parsed.set_password(None);
    Ok((parsed.to_string(), password))
}

/// A URL shown in a message, without what follows the user name.
fn redacted(url: &str) -> String {
    match url.split_once('@') {
        Some((_, host)) => format!("postgres://…@{host}"),
        None => url.to_string(),
    }
}

fn tool(name: &'static str, password: Option<&str>) -> Command {
    let mut command = Command::new(name);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    command
}

fn spawn(mut command: Command, name: &'static str) -> Result<tokio::process::Child> {
    command.spawn().map_err(|e| BackupError::ToolMissing {
        tool: name,
        reason: e.to_string(),
    })
}

/// Runs a tool to its end; its standard output, or its error message.
async fn run(command: Command, name: &'static str) -> Result<String> {
    let output = spawn(command, name)?
        .wait_with_output()
        .await
        .map_err(|e| BackupError::Tool {
            tool: name,
            message: e.to_string(),
        })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(BackupError::Tool {
            tool: name,
            message: first_lines(&String::from_utf8_lossy(&output.stderr)),
        })
    }
}

async fn read_all(stream: Option<impl AsyncRead + Unpin>) -> String {
    let mut text = Vec::new();
    if let Some(mut stream) = stream {
        let _ = stream.read_to_end(&mut text).await;
    }
    String::from_utf8_lossy(&text).into_owned()
}

/// The start of a tool's message: enough to say what failed, never a page of it, and without
/// the DETAIL and CONTEXT lines, which can quote a row of the data.
fn first_lines(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("DETAIL") && !l.starts_with("CONTEXT"))
        .take(2)
        .collect();
    if lines.is_empty() {
        "không rõ lý do".into()
    } else {
        lines.join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        let (url, password) =
            libpq_target("postgres://hn:b%C3%AD%20m%E1%BA%ADt@db.example:5433/hn?sslmode=require")
                .unwrap_or_default();
        assert_eq!(url, "postgres://hn@db.example:5433/hn?sslmode=require");
        assert_eq!(password.as_deref(), Some("bí mật"));
        let (url, password) = libpq_target("postgres://postgres@127.0.0.1/hn").unwrap_or_default();
        assert_eq!(url, "postgres://postgres@127.0.0.1/hn");
        assert_eq!(password, None);
    }

    #[test]
    fn without_force_the_preamble_checks_under_lock_what_was_counted() {
        let checked = [TableRows {
            table: "admin_unit".into(),
            rows: 12,
        }];
        let sql = preamble(&checked, false);
        assert!(sql.starts_with("set client_min_messages = warning;\nbegin;\n"));
        assert!(sql.contains("('admin_unit', 12), (null, 0)"));
        assert!(sql.contains("in access exclusive mode"));
        assert!(sql.ends_with("grant usage on schema public to public;\n"));
        assert!(!preamble(&checked, true).contains("lock table"));
    }
}
