//! Killing the process in the middle of a large import leaves the database as it was before,
//! its figures included (`figures check` finds the tallies equal to a recount).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn killing_an_import_while_it_writes_leaves_the_database_as_before() {
    let dir = std::env::temp_dir().join(format!("hn-killed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let database = format!("sqlite://{}", dir.join("hn.db").display());
    let binary = env!("CARGO_BIN_EXE_huongnghiep");
    let schools = dir.join("truong.csv");
    std::fs::write(
        &schools,
        "Mã trường,Tên trường,Loại trường,Mã xã\n80803999,Trường THCS Thử Nghiệm,THCS,27991\n",
    )
    .expect("write");
    let status = Command::new(binary)
        .args(["--database", &database, "import", "schools"])
        .arg(&schools)
        .status()
        .expect("runs");
    assert!(status.success());

    // A large list: 150,000 graduates of one school, enough for the write to take a while.
    let mut list =
        String::from("Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Hướng đi sau tốt nghiệp\n");
    for i in 0..150_000u32 {
        list.push_str(&format!(
            "K{i:07},Nguyễn Văn Học{i},{:02}/{:02}/2009,Nam,THPT công lập\n",
            i % 28 + 1,
            i % 12 + 1
        ));
    }
    let file = dir.join("lon.csv");
    std::fs::write(&file, list).expect("write");

    let mut child = Command::new(binary)
        .args([
            "--database",
            &database,
            "import",
            "students",
            "--school",
            "80803999",
            "--year",
            "2024",
        ])
        .arg(&file)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("runs");
    let stderr = child.stderr.take().expect("stderr");
    let mut writing = false;
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("line");
        if line.starts_with("Đang ghi") {
            writing = true;
            break;
        }
    }
    assert!(writing, "the import never reached its write stage");
    child.kill().expect("kill");
    let exit = child.wait().expect("wait");
    assert!(
        !exit.success(),
        "the import finished before it could be killed; make the file larger"
    );

    // The database opens, is consistent, and holds no graduate of the interrupted import.
    let check = dir.join("kiem-tra.csv");
    std::fs::write(
        &check,
        "Mã học sinh,Họ và tên,Ngày sinh,Giới tính\nK0000000,Nguyễn Văn Học0,01/01/2009,Nam\n",
    )
    .expect("write");
    let output = Command::new(binary)
        .args([
            "--database",
            &database,
            "import",
            "students",
            "--dry-run",
            "--school",
            "80803999",
            "--year",
            "2024",
        ])
        .arg(&check)
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.contains("1 thêm mới"),
        "the first row of the killed import is not stored: {out}"
    );
    let check = Command::new(binary)
        .args(["--database", &database, "figures", "check"])
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{said}");
    assert!(said.contains("khớp với hồ sơ"), "{said}");
}
