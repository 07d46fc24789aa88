//! `huongnghiep import students` on the files schools really send, as LibreOffice Calc saves
//! them (the fixtures and the script that regenerates them are in
//! `crates/interchange/tests/fixtures`): title rows, two-row headers with merged cells, a row of
//! column numbers, a signature block under the table, dates in every form, NFD and UTF-16 text,
//! one bad row among good ones, names typed in the legacy TCVN3 and VNI fonts.
//!
//! Each good file must import whole, change nothing when imported again, and store exactly what
//! its `*-expected.csv` (or `thcs-unicode.csv`) says: a dry run of that plain list afterwards must
//! find every row unchanged, which compares every stored field (names, dates, genders, …).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Two schools of Bến Lức added for these tests on top of the demo data, so that the demo's own
/// graduates never meet the fixtures' ones.
const THCS: &str = "80803090";
const THPT: &str = "80803590";
const SCHOOLS: &str = "Mã trường,Tên trường,Loại trường,Mã xã\n\
    80803090,Trường THCS Thử nghiệm Bến Lức,THCS,27991\n\
    80803590,Trường THPT Thử nghiệm Bến Lức,THPT,27991\n";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../interchange/tests/fixtures")
        .join(name)
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let database = format!("sqlite://{}", dir.join("hn.db").display());
    let output = Command::new(env!("CARGO_BIN_EXE_huongnghiep"))
        .arg("--database")
        .arg(&database)
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The demo data (the units and schools of Long An) and the two test schools, loaded once per
/// test run into a database that each test copies: the demo takes a while on a busy machine.
fn template_database() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        remove_stale_templates();
        let dir = std::env::temp_dir().join(format!("{TEMPLATE_PREFIX}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let (status, out, err) = run(&dir, &["demo", "--seed", "1"]);
        assert_eq!(status, 0, "demo: {out}{err}");
        let schools = dir.join("truong.csv");
        std::fs::write(&schools, SCHOOLS).expect("write");
        let (status, out, err) = run(
            &dir,
            &["import", "schools", schools.to_str().expect("path")],
        );
        assert_eq!(status, 0, "import schools: {out}{err}");
        assert!(out.contains("2 thêm mới"), "{out}");
        dir.join("hn.db")
    })
}

const TEMPLATE_PREFIX: &str = "hn-students-template-";

/// The template databases earlier runs left behind (one per run, each ~100 MB), once they are an
/// hour old: a run still going is never that old.
fn remove_stale_templates() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if stale
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with(TEMPLATE_PREFIX)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A working directory with a fresh copy of the template database, removed when the test passes.
/// Fixture files are copied in before they are imported: the error report is written beside
/// the file, and must not land in the source tree.
struct Workdir(PathBuf);

impl Workdir {
    fn new(name: &str) -> Workdir {
        let dir = std::env::temp_dir().join(format!("hn-students-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        // The write-ahead log too: the binary may exit before SQLite folds it into the file.
        let template = template_database();
        std::fs::copy(template, dir.join("hn.db")).expect("database copied");
        let log = template.with_file_name("hn.db-wal");
        if log.exists() {
            std::fs::copy(&log, dir.join("hn.db-wal")).expect("log copied");
        }
        Workdir(dir)
    }
}

impl std::ops::Deref for Workdir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn copy_in(dir: &Path, name: &str) -> PathBuf {
    let target = dir.join(name);
    std::fs::copy(fixture(name), &target).expect("fixture copied");
    target
}

fn import(dir: &Path, file: &Path, school: &str, dry_run: bool) -> (i32, String, String) {
    let mut args = vec![
        "import",
        "students",
        file.to_str().expect("path"),
        "--school",
        school,
        "--year",
        "2024",
    ];
    if dry_run {
        args.push("--dry-run");
    }
    run(dir, &args)
}

/// A file that must import whole.
struct GoodFile<'a> {
    name: &'a str,
    school: &'a str,
    rows: usize,
    /// The "Các cột không dùng đến" line the import must print, if any.
    unused: Option<&'a str>,
    /// The plain list of what must be stored.
    expected: &'a str,
    /// The legacy encoding the import must say it converted from, if any.
    legacy: Option<&'a str>,
}

impl GoodFile<'_> {
    /// Every row added, the unused columns named, the legacy encoding noted (and none noted for
    /// a Unicode file), a second import changing nothing, and the stored records equal to the
    /// plain `expected` list.
    fn check(&self, dir: &Path) {
        let GoodFile {
            name,
            school,
            rows,
            unused,
            expected,
            legacy,
        } = *self;
        let file = copy_in(dir, name);
        let (status, out, err) = import(dir, &file, school, false);
        assert_eq!(status, 0, "{name}: {out}{err}");
        assert!(
            out.contains(&format!(
                "Học sinh: {rows} dòng, {rows} thêm mới, 0 cập nhật, 0 không đổi."
            )),
            "{name}: {out}"
        );
        match unused {
            Some(columns) => assert!(
                out.contains(&format!("Các cột không dùng đến: {columns}\n")),
                "{name}: {out}"
            ),
            None => assert!(!out.contains("Các cột không dùng đến"), "{name}: {out}"),
        }
        match legacy {
            Some(encoding) => assert!(
                out.contains(&format!("bảng mã {encoding}")),
                "{name}: {out}"
            ),
            None => assert!(!out.contains("bảng mã"), "{name}: {out}"),
        }

        let (status, out, err) = import(dir, &file, school, false);
        assert_eq!(status, 0, "{name}, again: {out}{err}");
        assert!(
            out.contains(&format!(
                "Học sinh: {rows} dòng, 0 thêm mới, 0 cập nhật, {rows} không đổi."
            )),
            "{name}, again: {out}"
        );

        let plain = copy_in(dir, expected);
        let (status, out, err) = import(dir, &plain, school, true);
        assert_eq!(status, 0, "{expected}: {out}{err}");
        assert!(
            out.contains(&format!(
                "Học sinh (chạy thử: chưa ghi gì): {rows} dòng, 0 thêm mới, 0 cập nhật, \
                 {rows} không đổi."
            )),
            "{name} did not store what {expected} says: {out}"
        );
    }
}

/// The THCS list with title rows, a two-row header and column numbers, without or with the
/// signature block (the `-expected.csv` list is the same for both).
fn thcs_title_merged(name: &str) -> GoodFile<'_> {
    GoodFile {
        name,
        school: THCS,
        rows: 13,
        unused: Some("Ghi chú"),
        expected: "thcs-2024-title-merged-expected.csv",
        legacy: None,
    }
}

/// The twelve THCS graduates of `thcs-unicode.csv`, in another encoding or form.
fn thcs_list<'a>(name: &'a str, legacy: Option<&'a str>) -> GoodFile<'a> {
    GoodFile {
        name,
        school: THCS,
        rows: 12,
        unused: Some("Ghi chú"),
        expected: "thcs-unicode.csv",
        legacy,
    }
}

#[test]
fn an_xlsx_with_title_rows_a_merged_two_row_header_and_column_numbers_imports_as_written() {
    // "Họ và tên" over "Họ" | "Tên", "Giới tính" over "Nam" | "Nữ" ticked with x, dates in
    // date cells formatted dd/mm/yyyy, a row "(1)" … "(11)" under the header, a "Ghi chú".
    let dir = Workdir::new("merged-xlsx");
    thcs_title_merged("thcs-2024-title-merged-no-signature.xlsx").check(&dir);
}

#[test]
fn the_same_list_saved_as_xls_imports_as_written() {
    let dir = Workdir::new("merged-xls");
    thcs_title_merged("thcs-2024-title-merged-no-signature.xls").check(&dir);
}

#[test]
fn the_signature_block_below_the_table_is_not_taken_for_students_xlsx() {
    // The list as printed and signed: two blank rows, then "Bến Lức, ngày 28 tháng 6 năm 2024",
    // "Người lập biểu" | "HIỆU TRƯỞNG", "(Ký, ghi rõ họ tên)" | "(Ký tên, đóng dấu)", three
    // blank rows and the two names (sheet rows 25-27 and 31).
    let dir = Workdir::new("signed-xlsx");
    thcs_title_merged("thcs-2024-title-merged.xlsx").check(&dir);
}

#[test]
fn the_signature_block_below_the_table_is_not_taken_for_students_xls() {
    let dir = Workdir::new("signed-xls");
    thcs_title_merged("thcs-2024-title-merged.xls").check(&dir);
}

#[test]
fn birth_dates_in_date_cells_text_and_excel_serials_are_all_read_day_first() {
    // 05/09/2006 as a date cell, as the texts "05/09/2006", "5/9/06", "05-09-2006" and as the
    // number 38965; THPT destinations "Đại học", "Cao đẳng", "Đi làm việc ở nước ngoài" ….
    let dir = Workdir::new("dates");
    GoodFile {
        name: "thpt-2024-mixed-dates.xlsx",
        school: THPT,
        rows: 15,
        unused: None,
        expected: "thpt-2024-mixed-dates-expected.csv",
        legacy: None,
    }
    .check(&dir);
}

#[test]
fn a_utf8_csv_in_nfd_with_stray_spaces_is_stored_clean_and_composed() {
    let bytes = std::fs::read(fixture("thcs-nfd.csv")).expect("fixture");
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "the fixture has a BOM");
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("  Nguye\u{302}\u{303}n  Va\u{306}n  An "),
        "the fixture is decomposed, with doubled spaces"
    );
    let dir = Workdir::new("nfd");
    thcs_list("thcs-nfd.csv", None).check(&dir);
}

#[test]
fn excel_unicode_text_utf16_with_tabs_imports() {
    let bytes = std::fs::read(fixture("thcs-utf16.csv")).expect("fixture");
    assert!(
        bytes.starts_with(b"\xff\xfeS\0T\0T\0\t\0"),
        "the fixture is UTF-16LE with BOM and tabs"
    );
    let dir = Workdir::new("utf16");
    thcs_list("thcs-utf16.csv", None).check(&dir);
}

#[test]
fn one_impossible_date_refuses_the_whole_file_and_names_row_15_and_the_column() {
    let dir = Workdir::new("bad-row");
    let file = copy_in(&dir, "thcs-one-bad-row.xlsx");
    let (status, out, err) = import(&dir, &file, THCS, false);
    assert_eq!(status, 1, "{out}{err}");
    assert!(
        err.contains("Không nhập được: 1 lỗi; không có dữ liệu nào được ghi."),
        "{err}"
    );
    assert!(
        err.contains(
            // The day, month and year are there; the calendar has no such day.
            "thcs-one-bad-row.xlsx, dòng 15, cột \"Ngày sinh\" (“31/02/2009”): ngày sinh \
             31/02/2009 không có trong lịch"
        ),
        "{err}"
    );
    assert!(!out.contains("thêm mới"), "{out}");

    let report = std::fs::read_to_string(dir.join("thcs-one-bad-row.xlsx.errors.csv"))
        .expect("the report beside the file");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 2, "{report}");
    assert_eq!(lines[0], "\u{feff}Dòng,Cột,Giá trị,Lỗi");
    assert!(lines[1].starts_with("15,Ngày sinh,31/02/2009,"), "{report}");

    // Nothing was written: once row 15 is corrected every row, the 20 good ones too, is new.
    let corrected = copy_in(&dir, "thcs-one-bad-row-corrected.xlsx");
    let (status, out, err) = import(&dir, &corrected, THCS, false);
    assert_eq!(status, 0, "{out}{err}");
    assert!(
        out.contains("Học sinh: 21 dòng, 21 thêm mới, 0 cập nhật, 0 không đổi."),
        "{out}"
    );
}

#[test]
fn a_sheet_typed_in_the_tcvn3_font_is_stored_in_unicode() {
    // Everything in .VnTime/.VnTimeH, title rows and headers included: "Hä vµ tªn",
    // "NguyÔn V¨n An", "TrÇn ThÞ BÝch", "§Æng §øc Th¾ng", "N÷", "THPT c«ng lËp", "Ghi chó".
    let dir = Workdir::new("tcvn3");
    thcs_list("thcs-tcvn3.xlsx", Some("TCVN3")).check(&dir);
}

#[test]
fn rows_typed_in_the_vni_font_are_stored_in_unicode() {
    // A Unicode template ("Họ và tên", …) with the rows pasted from a VNI-Times file:
    // "Nguyeãn Vaên An", "Traàn Thò Bích", "Ñaëng Ñöùc Thaéng", "Nöõ", "THPT coâng laäp".
    let dir = Workdir::new("vni");
    thcs_list("thcs-vni.xlsx", Some("VNI")).check(&dir);
}
