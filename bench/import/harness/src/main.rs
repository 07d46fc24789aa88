//! Times the student import stage by stage with the product's own functions, in the order
//! `interchange::students::import` calls them, then times parts of the stages (the XLSX read,
//! the per-cell work of validation) and variants of the write. A diagnostic for bench/import:
//! nothing here is product code, and nothing here changes the product.
//!
//!     hn-import-harness TEMPLATE.db FILE.xlsx SCHOOL YEAR
//!
//! TEMPLATE.db is a database holding the reference units and the school (made with
//! `huongnghiep import schools`); each stage that writes works on a fresh copy of it.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use calamine::Reader;
use chrono::Utc;
use domain::text::fold;
use domain::{Destination, Gender, PersonName, ethnicity};
use interchange::students::{Cohort, columns, level_of, plan, rows};
use interchange::{Cell, Table};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use store::{GraduateData, GraduatePlan, SqliteStore, Store};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Clock {
    lines: Vec<(String, Duration)>,
}

impl Clock {
    fn time<T>(&mut self, label: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.record(label, start.elapsed());
        value
    }

    fn record(&mut self, label: &str, took: Duration) {
        println!("{:>9.1} ms  {label}", took.as_secs_f64() * 1000.0);
        self.lines.push((label.to_string(), took));
    }
}

fn fresh_copy(template: &Path, name: &str) -> Result<PathBuf> {
    let dir = template.parent().unwrap_or(Path::new("."));
    let path = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::copy(template, &path)?;
    Ok(path)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, template, file, school_code, year] = args.as_slice() else {
        return Err("usage: hn-import-harness TEMPLATE.db FILE.xlsx SCHOOL YEAR".into());
    };
    let template = PathBuf::from(template);
    let file = PathBuf::from(file);
    let year: i32 = year.parse()?;
    // Every measurement is taken REPEAT times (default 3); the summary gives the median.
    let repeat: usize = std::env::var("REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut passes: Vec<Vec<(String, Duration)>> = Vec::new();
    for pass in 1..=repeat {
        println!("######## pass {pass} of {repeat}");
        let mut clock = Clock { lines: Vec::new() };
        one_pass(&template, &file, school_code, year, &mut clock).await?;
        passes.push(clock.lines);
        println!();
    }
    println!("######## median of {repeat} passes (min – max), milliseconds");
    for (i, (label, _)) in passes[0].iter().enumerate() {
        let mut values: Vec<f64> = passes.iter().map(|p| p[i].1.as_secs_f64() * 1000.0).collect();
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        println!("{median:>9.1}  ({:>7.1} – {:>7.1})  {label}", values[0], values[values.len() - 1]);
    }
    Ok(())
}

async fn one_pass(
    template: &Path,
    file: &Path,
    school_code: &str,
    year: i32,
    clock: &mut Clock,
) -> Result<()> {
    println!("== the import, stage by stage (as interchange::students::import)");
    let total = Instant::now();
    let db = fresh_copy(template, "harness-product")?;
    let start = Instant::now();
    let sqlite = SqliteStore::open(&db.display().to_string()).await?;
    clock.record("open the store (connect, migrations)", start.elapsed());
    let store: &dyn Store = &sqlite;
    let start = Instant::now();
    let school = store.institution(school_code).await?.ok_or("no such school")?;
    clock.record("look up the school", start.elapsed());
    let level = level_of(school.kind).ok_or("school teaches two levels")?;
    let table = clock.time("Table::read (check zip, read XLSX, legacy-text check, find header)", || {
        Table::read(file, columns::ALL)
    });
    let table = table.map_err(|f| f.to_string())?;
    let start = Instant::now();
    let units = store.all_units().await?;
    clock.record(&format!("store.all_units() ({} units)", units.len()), start.elapsed());
    let source = format!("nhập tệp {}", file.display());
    let cohort = clock.time("Cohort::new (commune maps)", || {
        Cohort::new(&school, year, level, &units, source.clone())
    });
    let parsed = clock.time("rows::parse_rows (validate every row)", || rows::parse_rows(&table, &cohort));
    let parsed = parsed.map_err(|e| format!("{} errors", e.len()))?;
    let map = columns::ColumnMap::of(&table);
    let duplicates = clock.time("plan::duplicates_in_file", || {
        plan::duplicates_in_file(&parsed, "Mã học sinh", "Họ và tên")
    });
    assert!(duplicates.is_empty(), "duplicates in the file");
    let start = Instant::now();
    let stored = store.graduates_of(&school.code, year, level).await?;
    clock.record(&format!("store.graduates_of ({} stored)", stored.len()), start.elapsed());
    let (moet_ids, names) = clock.time("collect MOET ids and folded names", || {
        let moet_ids: Vec<String> = parsed.iter().filter_map(|r| r.data.moet_id.clone()).collect();
        let names: Vec<String> = parsed
            .iter()
            .filter(|r| r.data.moet_id.is_none())
            .map(|r| fold(&r.data.name.full()))
            .collect();
        (moet_ids, names)
    });
    let start = Instant::now();
    let elsewhere = store
        .graduates_elsewhere(&school.code, year, level, &moet_ids, &names)
        .await?;
    clock.record(
        &format!("store.graduates_elsewhere ({} ids in chunks of 500)", moet_ids.len()),
        start.elapsed(),
    );
    let (graduate_plan, summary) = clock.time("plan::plan (match, merge, diff)", || {
        plan::plan(parsed, &stored, &elsewhere, "harness", &source, Utc::now())
    });
    clock.time("Table::unknown_columns", || table.unknown_columns(columns::USED));
    let start = Instant::now();
    store.apply_graduates(&graduate_plan).await?;
    clock.record(
        &format!("store.apply_graduates ({} inserts, one transaction)", summary.added),
        start.elapsed(),
    );
    let start = Instant::now();
    store.close().await;
    clock.record("store.close() (the CLI closes the store: SQLite checkpoints its WAL)", start.elapsed());
    let stages: Duration = clock.lines.iter().map(|(_, d)| *d).sum();
    clock.record("= sum of the stages above", stages);
    println!("           ({:.1} ms with copying the database)", total.elapsed().as_secs_f64() * 1000.0);
    drop(sqlite);

    println!();
    println!("== inside Table::read");
    read_parts(file, clock)?;

    println!();
    println!("== inside rows::parse_rows: each piece of per-row work over all {} rows", table.rows.len());
    parse_parts(&table, &map, clock);

    println!();
    println!("== the write: variants on fresh copies of the database ({} inserts)", graduate_plan.inserts.len());
    write_variants(template, &graduate_plan, clock).await?;
    Ok(())
}

/// The read done by hand: calamine alone, then building the grid of cells, then the header.
fn read_parts(file: &Path, clock: &mut Clock) -> Result<()> {
    let cells = clock.time("calamine cell reader alone: open, shared strings, every cell (no copy)", || -> Result<usize> {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(file)?;
        let first = book.sheet_names().first().cloned().ok_or("no sheet")?;
        let mut reader = book.worksheet_cells_reader(&first)?;
        let mut count = 0usize;
        while let Some(cell) = reader.next_cell()? {
            black_box(cell.get_value());
            count += 1;
        }
        Ok(count)
    })?;
    println!("           ({cells} cells)");
    let grid = clock.time("calamine + grid of interchange::Cell (as table::read_xlsx)", || -> Result<Vec<Vec<Cell>>> {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(file)?;
        let first = book.sheet_names().first().cloned().ok_or("no sheet")?;
        let mut reader = book.worksheet_cells_reader(&first)?;
        let mut grid: Vec<Vec<Cell>> = Vec::new();
        while let Some(cell) = reader.next_cell()? {
            let (row, col) = cell.get_position();
            let value = cell_of_ref(cell.get_value());
            if value == Cell::Empty {
                continue;
            }
            let (row, col) = (row as usize, col as usize);
            if grid.len() <= row {
                grid.resize_with(row + 1, Vec::new);
            }
            let cells = &mut grid[row];
            if cells.len() <= col {
                cells.resize(col + 1, Cell::Empty);
            }
            cells[col] = value;
        }
        Ok(grid)
    })?;
    clock.time("legacy_text::detect_many over every text cell", || {
        black_box(interchange::legacy_text::detect_many(grid.iter().flatten().filter_map(|c| match c {
            Cell::Text(t) => Some(t.as_str()),
            _ => None,
        })))
    });
    let text_cells = grid.iter().flatten().filter(|c| matches!(c, Cell::Text(_))).count();
    println!("           ({text_cells} text cells)");
    // The three per-row filters of Table::from_grid (private; copied from table.rs as of
    // 957fbf2), each over every data row.
    let data = &grid[6.min(grid.len())..];
    clock.time("  from_grid filter 1: any non-blank cell (Cell::text of the first cells)", || {
        for cells in data {
            black_box(cells.iter().any(|c| !c.text().trim().is_empty()));
        }
    });
    clock.time("  from_grid filter 2: is_column_numbering (Cell::text of every cell)", || {
        for cells in data {
            black_box(is_column_numbering(cells));
        }
    });
    clock.time("  from_grid filter 3: is_footer (fold(Cell::text) of every cell)", || {
        for cells in data {
            black_box(is_footer(cells));
        }
    });
    let file_name = file.display().to_string();
    let table = clock.time("Table::from_grid (header search, the 3 filters, rows)", || {
        Table::from_grid(file_name, grid, columns::ALL)
    });
    black_box(table.map_err(|f| f.to_string())?);
    Ok(())
}

fn is_footer(cells: &[Cell]) -> bool {
    cells.iter().any(|cell| {
        let text = fold(&cell.text());
        let dated = text.contains("ngay ")
            && text.contains(" thang ")
            && text.contains(" nam ")
            && text.chars().any(|c| c.is_ascii_digit());
        dated
            || ["nguoi lap", "hieu truong", "(ky", "ky ten", "thu truong don vi", "xac nhan cua"]
                .iter()
                .any(|marker| text.starts_with(marker) || text == marker.trim_start_matches('('))
    })
}

fn is_column_numbering(cells: &[Cell]) -> bool {
    let values: Vec<String> = cells
        .iter()
        .map(|c| c.text().trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if values.len() < 3 {
        return false;
    }
    let in_parens = values.iter().all(|v| {
        v.starts_with('(')
            && v.ends_with(')')
            && v[1..v.len() - 1].chars().all(|c| c.is_ascii_digit())
    });
    let counting = values
        .iter()
        .enumerate()
        .all(|(i, v)| v.parse::<usize>().ok() == Some(i + 1));
    in_parens || counting
}

fn cell_of_ref(data: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match data {
        DataRef::SharedString(text) => Cell::Text((*text).to_string()),
        DataRef::String(text) => Cell::Text(text.clone()),
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(n) => Cell::Number(*n),
        DataRef::Bool(b) => Cell::Text(if *b { "x".into() } else { String::new() }),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(moment) => Cell::Date(moment.date()),
            None => Cell::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(text) => Cell::Text(text.clone()),
        DataRef::DurationIso(text) => Cell::Text(text.clone()),
        DataRef::Error(_) | DataRef::Empty => Cell::Empty,
    }
}

/// The calls RowReader::read makes for each row, one kind at a time over all rows.
fn parse_parts(table: &Table, map: &columns::ColumnMap, clock: &mut Clock) {
    let rows = &table.rows;
    let used: Vec<usize> = [
        map.full_name, map.birth, map.gender, map.moet_id, map.class, map.ethnicity,
        map.residence, map.academic, map.conduct, map.exam_sat, map.exam_passed, map.wishes,
        map.destination, map.destination_institution, map.destination_date,
    ]
    .into_iter()
    .flatten()
    .collect();
    clock.time(&format!("Row::text (clean) of the {} present columns RowReader reads", used.len()), || {
        for row in rows {
            for &c in &used {
                black_box(row.text(Some(c)));
            }
        }
    });
    // RowReader::read asks for some columns more than once (class, wishes, destination
    // institution: for `filled` and for the record) and for absent ones (each returns "").
    clock.time("Row::text of the 12 absent or repeated column reads per row", || {
        for row in rows {
            for c in [map.class, map.wishes, map.destination_institution, map.residence,
                      map.academic, map.conduct, map.exam_sat, map.exam_passed, map.wishes,
                      map.destination_institution, map.destination_date, map.class] {
                black_box(row.text(c));
            }
        }
    });
    clock.time("Cell::clone + Cell::text of the birth date cell (formats the date)", || {
        for row in rows {
            let cell = row.cell(map.birth).clone();
            black_box(cell.text());
            black_box(cell.date());
        }
    });
    let names: Vec<String> = rows.iter().map(|r| r.text(map.full_name)).collect();
    clock.time("PersonName::split_full", || {
        for name in &names {
            black_box(PersonName::split_full(name));
        }
    });
    let genders: Vec<String> = rows.iter().map(|r| r.text(map.gender)).collect();
    clock.time("Gender::parse", || {
        for g in &genders {
            black_box(Gender::parse(g));
        }
    });
    let ethnicities: Vec<String> = rows.iter().map(|r| r.text(map.ethnicity)).collect();
    clock.time("ethnicity::parse", || {
        for e in &ethnicities {
            black_box(ethnicity::parse(e));
        }
    });
    let destinations: Vec<String> = rows.iter().map(|r| r.text(map.destination)).collect();
    clock.time("Destination::parse (folds the text and each of the 13 labels)", || {
        for d in &destinations {
            black_box(Destination::parse(d));
        }
    });
    clock.time("fold(full name) once per row (plan::plan, apply_graduates each do it again)", || {
        for name in &names {
            black_box(fold(name));
        }
    });
    clock.time("yes_no/result/residence on empty cells: fold(\"\") x2 per row", || {
        for _ in rows {
            black_box(fold(black_box("")));
            black_box(fold(black_box("")));
        }
    });
}

const INSERT_COLUMNS: &str = "insert into graduate (province_code, year, level, school_code, moet_id, \
     family_middle, given, name_folded, birth_date, gender, ethnicity, \
     residence_commune_id, class_name, academic, conduct, exam_sat, exam_passed, \
     wishes, destination, destination_institution, destination_date, \
     destination_source, created_at, updated_at) ";

/// The product's multi-row insert (500 rows a statement), copied from graduate_queries.rs.
async fn insert_batched(
    pool: &sqlx::SqlitePool,
    plan: &GraduatePlan,
    rows_per_statement: usize,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    for chunk in plan.inserts.chunks(rows_per_statement) {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(INSERT_COLUMNS);
        insert.push_values(chunk, |mut row, g| {
            row.push_bind(g.province_code.clone())
                .push_bind(g.year)
                .push_bind(g.level.code())
                .push_bind(g.school_code.clone())
                .push_bind(g.moet_id.clone())
                .push_bind(g.name.family_middle.clone())
                .push_bind(g.name.given.clone())
                .push_bind(fold(&g.name.full()))
                .push_bind(g.birth_date)
                .push_bind(g.gender.code())
                .push_bind(g.ethnicity.clone())
                .push_bind(g.residence_commune_id)
                .push_bind(g.class_name.clone())
                .push_bind(g.academic.clone())
                .push_bind(g.conduct.clone())
                .push_bind(g.exam_sat)
                .push_bind(g.exam_passed)
                .push_bind(g.wishes.clone())
                .push_bind(g.destination.code())
                .push_bind(g.destination_institution.clone())
                .push_bind(g.destination_date)
                .push_bind(g.destination_source.clone())
                .push_bind(plan.at)
                .push_bind(plan.at);
        });
        insert.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One prepared single-row statement, run once per graduate, in one transaction.
async fn insert_one_by_one(pool: &sqlx::SqlitePool, plan: &GraduatePlan) -> Result<()> {
    let sql = format!(
        "{INSERT_COLUMNS} values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"
    );
    let mut tx = pool.begin().await?;
    for g in &plan.inserts {
        bind_one(sqlx::query(sqlx::AssertSqlSafe(sql.as_str())), g, plan)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn bind_one<'q>(
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    g: &'q GraduateData,
    plan: &'q GraduatePlan,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    query
        .bind(g.province_code.as_str())
        .bind(g.year)
        .bind(g.level.code())
        .bind(g.school_code.as_str())
        .bind(g.moet_id.as_deref())
        .bind(g.name.family_middle.as_str())
        .bind(g.name.given.as_str())
        .bind(fold(&g.name.full()))
        .bind(g.birth_date)
        .bind(g.gender.code())
        .bind(g.ethnicity.as_str())
        .bind(g.residence_commune_id)
        .bind(g.class_name.as_str())
        .bind(g.academic.as_deref())
        .bind(g.conduct.as_deref())
        .bind(g.exam_sat)
        .bind(g.exam_passed)
        .bind(g.wishes.as_str())
        .bind(g.destination.code())
        .bind(g.destination_institution.as_deref())
        .bind(g.destination_date)
        .bind(g.destination_source.as_str())
        .bind(plan.at)
        .bind(plan.at)
}

/// Every row of a chunk as one JSON text, bound once; SQLite unpacks it with json_each. Shows
/// what the write costs without a bind (and a String clone) per value.
async fn insert_json(pool: &sqlx::SqlitePool, plan: &GraduatePlan, rows_per_statement: usize) -> Result<()> {
    fn text(out: &mut String, value: &str) {
        out.push('"');
        for c in value.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    fn opt(out: &mut String, value: Option<&str>) {
        match value {
            Some(v) => text(out, v),
            None => out.push_str("null"),
        }
    }
    let placeholders: Vec<String> = (0..24).map(|i| format!("value ->> {i}")).collect();
    let sql = format!("{INSERT_COLUMNS} select {} from json_each($1)", placeholders.join(", "));
    let at = plan.at.to_rfc3339();
    let mut tx = pool.begin().await?;
    for chunk in plan.inserts.chunks(rows_per_statement) {
        let mut json = String::with_capacity(chunk.len() * 300);
        json.push('[');
        for (i, g) in chunk.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push('[');
            text(&mut json, &g.province_code);
            json.push_str(&format!(",{},", g.year));
            text(&mut json, g.level.code());
            json.push(',');
            text(&mut json, &g.school_code);
            json.push(',');
            opt(&mut json, g.moet_id.as_deref());
            json.push(',');
            text(&mut json, &g.name.family_middle);
            json.push(',');
            text(&mut json, &g.name.given);
            json.push(',');
            text(&mut json, &fold(&g.name.full()));
            json.push(',');
            text(&mut json, &g.birth_date.to_string());
            json.push(',');
            text(&mut json, g.gender.code());
            json.push(',');
            text(&mut json, &g.ethnicity);
            json.push(',');
            match g.residence_commune_id {
                Some(id) => json.push_str(&id.to_string()),
                None => json.push_str("null"),
            }
            json.push(',');
            text(&mut json, &g.class_name);
            json.push(',');
            opt(&mut json, g.academic.as_deref());
            json.push(',');
            opt(&mut json, g.conduct.as_deref());
            for flag in [g.exam_sat, g.exam_passed] {
                json.push_str(match flag {
                    Some(true) => ",1",
                    Some(false) => ",0",
                    None => ",null",
                });
            }
            json.push(',');
            text(&mut json, &g.wishes);
            json.push(',');
            text(&mut json, g.destination.code());
            json.push(',');
            opt(&mut json, g.destination_institution.as_deref());
            json.push(',');
            opt(&mut json, g.destination_date.map(|d| d.to_string()).as_deref());
            json.push(',');
            text(&mut json, &g.destination_source);
            json.push(',');
            text(&mut json, &at);
            json.push(',');
            text(&mut json, &at);
            json.push(']');
        }
        json.push(']');
        sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(json).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A pool like SqliteStore's (WAL, synchronous NORMAL, foreign keys) with extra pragmas.
async fn pool(path: &Path, pragmas: &[(&'static str, &'static str)]) -> Result<sqlx::SqlitePool> {
    let mut options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    for (name, value) in pragmas {
        options = options.pragma(*name, *value);
    }
    Ok(SqlitePoolOptions::new().max_connections(1).connect_with(options).await?)
}

async fn write_variants(template: &Path, plan: &GraduatePlan, clock: &mut Clock) -> Result<()> {
    // The binds alone: what the async task does before SQLite sees a row.
    clock.time("building the 200 QueryBuilder statements and binds, no execution", || {
        for chunk in plan.inserts.chunks(500) {
            let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(INSERT_COLUMNS);
            insert.push_values(chunk, |mut row, g| {
                row.push_bind(g.province_code.clone())
                    .push_bind(g.year)
                    .push_bind(g.level.code())
                    .push_bind(g.school_code.clone())
                    .push_bind(g.moet_id.clone())
                    .push_bind(g.name.family_middle.clone())
                    .push_bind(g.name.given.clone())
                    .push_bind(fold(&g.name.full()))
                    .push_bind(g.birth_date)
                    .push_bind(g.gender.code())
                    .push_bind(g.ethnicity.clone())
                    .push_bind(g.residence_commune_id)
                    .push_bind(g.class_name.clone())
                    .push_bind(g.academic.clone())
                    .push_bind(g.conduct.clone())
                    .push_bind(g.exam_sat)
                    .push_bind(g.exam_passed)
                    .push_bind(g.wishes.clone())
                    .push_bind(g.destination.code())
                    .push_bind(g.destination_institution.clone())
                    .push_bind(g.destination_date)
                    .push_bind(g.destination_source.clone())
                    .push_bind(plan.at)
                    .push_bind(plan.at);
            });
            let _ = black_box(insert.build());
        }
    });
    type Variant = (&'static str, &'static [(&'static str, &'static str)], Option<usize>);
    // Some(n) multi-row VALUES with n rows; None single-row; Some(n) with n >= 1_000_000 + k: JSON, k rows a statement.
    // SqliteStore::open sets cache_size = -65536 and temp_store = memory (since 957fbf2).
    const STORE: &[(&str, &str)] = &[("cache_size", "-65536"), ("temp_store", "memory")];
    const JSON: usize = 1_000_000;
    let variants: [Variant; 7] = [
        ("product's SQL (500 rows a statement), SQLite's default 2 MiB page cache", &[], Some(500)),
        ("product's SQL and pragmas (64 MiB cache, temp_store memory)", STORE, Some(500)),
        ("same pragmas, 50 rows a statement", STORE, Some(50)),
        ("same pragmas, one prepared single-row insert per graduate", STORE, None),
        ("500 rows a statement, 256 MiB cache", &[("cache_size", "-262144"), ("temp_store", "memory")], Some(500)),
        ("single-row inserts, SQLite's default 2 MiB page cache", &[], None),
        ("same pragmas, JSON: one bound text of 5,000 rows a statement, json_each", STORE, Some(JSON + 5_000)),
    ];
    for (i, (label, pragmas, rows)) in variants.iter().enumerate() {
        let path = fresh_copy(template, &format!("harness-write-{i}"))?;
        let pool = pool(&path, pragmas).await?;
        let start = Instant::now();
        match rows {
            Some(n) if *n >= JSON => insert_json(&pool, plan, n - JSON).await?,
            Some(n) => insert_batched(&pool, plan, *n).await?,
            None => insert_one_by_one(&pool, plan).await?,
        }
        clock.record(label, start.elapsed());
        let count: i64 = sqlx::query_scalar("select count(*) from graduate").fetch_one(&pool).await?;
        assert_eq!(count as usize, plan.inserts.len());
        pool.close().await;
    }
    // The indexes: the same write into a table without its four secondary indexes, to show
    // what maintaining them costs (not a proposal to drop them).
    let path = fresh_copy(template, "harness-write-noindex")?;
    let pool = pool(&path, STORE).await?;
    for index in ["graduate_school", "graduate_province", "graduate_moet", "graduate_name"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("drop index {index}"))).execute(&pool).await?;
    }
    let start = Instant::now();
    insert_batched(&pool, plan, 500).await?;
    clock.record("for scale: product's SQL and pragmas, without the 4 secondary indexes", start.elapsed());
    pool.close().await;
    Ok(())
}
