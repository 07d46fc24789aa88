//! `huongnghiep import` as an operator runs it: a good file lands, a file with any bad row
//! writes nothing, exits with status 1 and names file, row and column in Vietnamese.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hn-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
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

const GOOD_SCHOOLS: &str = "\u{feff}DANH SÁCH CƠ SỞ GIÁO DỤC\nHuyện Bến Lức, tỉnh Long An\n\n\
Mã trường,Tên trường,Loại trường,Loại hình,Mã xã,Địa chỉ,Ghi chú\n\
80803901,Trường THCS Thị trấn Bến Lức,THCS,Công lập,27991,Khu phố 1,\n\
80803902,Trường THPT Bến Lức,THPT,Công lập,27991,Quốc lộ 1,mới\n";

#[test]
fn a_good_school_list_below_title_rows_imports_and_a_repeat_changes_nothing() {
    let dir = workdir("good");
    let file = dir.join("truong.csv");
    std::fs::write(&file, GOOD_SCHOOLS).expect("write");
    let (status, out, err) = run(&dir, &["import", "schools", file.to_str().expect("path")]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("2 dòng, 2 thêm mới, 0 cập nhật"), "{out}");
    assert!(out.contains("Các cột không dùng đến: Ghi chú"), "{out}");
    let (status, out, _) = run(&dir, &["import", "schools", file.to_str().expect("path")]);
    assert_eq!(status, 0);
    assert!(out.contains("0 thêm mới, 2 cập nhật"), "{out}");
}

#[test]
fn a_school_list_with_bad_rows_writes_nothing_and_names_file_row_and_column() {
    let dir = workdir("bad");
    let file = dir.join("truong-loi.csv");
    let bad = format!(
        "{GOOD_SCHOOLS}80803902,Trường THPT trùng mã,THPT,Công lập,27991,,\n\
         80803903,Trường THCS ma,THCS,Công lập,99999,,\n\
         80803904,,Trường tiểu học,Tư nhân,27991,,\n"
    );
    std::fs::write(&file, bad).expect("write");
    let (status, _, err) = run(&dir, &["import", "schools", file.to_str().expect("path")]);
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains("truong-loi.csv, dòng 7, cột \"Mã trường\" (“80803902”): trùng mã với dòng 6"),
        "{err}"
    );
    assert!(
        err.contains("dòng 8, cột \"Mã xã\" (“99999”): không có xã, phường, thị trấn mang mã này"),
        "{err}"
    );
    assert!(err.contains("dòng 9, cột \"Tên trường\""), "{err}");
    assert!(
        err.contains("dòng 9, cột \"Loại trường\" (“Trường tiểu học”)"),
        "{err}"
    );
    assert!(
        err.contains("dòng 9, cột \"Loại hình\" (“Tư nhân”)"),
        "{err}"
    );
    let report = std::fs::read_to_string(dir.join("truong-loi.csv.errors.csv"))
        .expect("report beside the file");
    assert!(report.starts_with("\u{feff}Dòng,Cột,Giá trị,Lỗi"));
    assert_eq!(report.lines().count(), 1 + 5);
    // Nothing was written: importing the good rows alone still finds them new.
    let good = dir.join("good.csv");
    std::fs::write(&good, GOOD_SCHOOLS).expect("write");
    let (status, out, _) = run(
        &dir,
        &[
            "import",
            "schools",
            "--dry-run",
            good.to_str().expect("path"),
        ],
    );
    assert_eq!(status, 0);
    assert!(
        out.contains("chạy thử") && out.contains("2 thêm mới"),
        "{out}"
    );
}

#[test]
fn a_unit_file_with_an_unknown_parent_or_a_duplicate_code_is_refused_whole() {
    let dir = workdir("units");
    let file = dir.join("don-vi.csv");
    std::fs::write(
        &file,
        "Mã,Tên,Cấp,Mã cấp trên,Hiệu lực từ,Kế thừa từ\n\
         99001,Xã Thử Nghiệm,Xã,80,01/01/2027,27991\n\
         99001,Xã Trùng Mã,Xã,80,01/01/2027,\n\
         99002,Xã Không Cha,Xã,98,01/01/2027,\n\
         9x,Tỉnh Sai Mã,Tỉnh,,01/01/2027,\n",
    )
    .expect("write");
    let (status, _, err) = run(&dir, &["import", "units", file.to_str().expect("path")]);
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains("dòng 3, cột \"Mã\" (“99001”): trùng mã với dòng 2"),
        "{err}"
    );
    assert!(err.contains("dòng 4, cột \"Mã cấp trên\" (“98”)"), "{err}");
    assert!(err.contains("dòng 5, cột \"Mã\" (“9x”)"), "{err}");

    // The valid row alone lands, with its succession from the old commune.
    std::fs::write(
        &file,
        "Mã,Tên,Cấp,Mã cấp trên,Hiệu lực từ,Kế thừa từ\n99001,Xã Thử Nghiệm,Xã,80,01/01/2027,27991\n",
    )
    .expect("write");
    let (status, out, err) = run(&dir, &["import", "units", file.to_str().expect("path")]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(
        out.contains("1 thêm mới") && out.contains("1 quan hệ kế thừa"),
        "{out}"
    );
}
