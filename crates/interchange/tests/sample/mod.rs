//! Documents to render in the export tests: the appendix of the Long An 2023 plan (seed 001) as
//! the `targets` report, and a wide `streaming` table with two-level headers.
#![allow(dead_code)]

use chrono::NaiveDate;
use domain::report::{
    Column, ColumnKind, Document, Issuer, ReportKind, Row, Signature, Table, Value,
};

fn column(group: Option<&str>, title: &str, kind: ColumnKind, width: f64) -> Column {
    Column {
        group: group.map(String::from),
        title: title.into(),
        kind,
        width,
    }
}

const DISTRICTS: [&str; 15] = [
    "Tân An",
    "Châu Thành",
    "Tân Trụ",
    "Thủ Thừa",
    "Bến Lức",
    "Cần Đước",
    "Cần Giuộc",
    "Đức Hòa",
    "Đức Huệ",
    "Thạnh Hóa",
    "Tân Thạnh",
    "Mộc Hóa",
    "Kiến Tường",
    "Vĩnh Hưng",
    "Tân Hưng",
];

const THCS: [f64; 15] = [
    35.09, 32.98, 27.50, 20.00, 32.01, 10.01, 27.03, 37.87, 27.04, 23.20, 32.86, 28.16, 29.81,
    17.47, 29.09,
];

fn appendix_table(heading: &str, last: &str, values: &[f64], total: f64) -> Table {
    let mut rows: Vec<Row> = DISTRICTS
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (name, value))| Row {
            cells: vec![
                Value::Text(format!("{:02}", i + 1)),
                Value::Text((*name).into()),
                Value::Percent(100.0),
                Value::Percent(100.0),
                Value::Percent(*value),
            ],
            total: false,
        })
        .collect();
    rows.push(Row {
        cells: vec![
            Value::Text("Tổng cộng".into()),
            Value::Empty,
            Value::Percent(100.0),
            Value::Percent(100.0),
            Value::Percent(total),
        ],
        total: true,
    });
    Table {
        heading: Some(heading.into()),
        columns: vec![
            column(None, "STT", ColumnKind::Number, 5.0),
            column(None, "Huyện, thị xã, thành phố", ColumnKind::Text, 18.0),
            column(
                None,
                "Tỷ lệ % trường học có chương trình giáo dục hướng nghiệp gắn với hoạt động sản xuất, kinh doanh, dịch vụ của địa phương",
                ColumnKind::Percent,
                22.0,
            ),
            column(
                None,
                "Tỷ lệ % trường học có giáo viên kiêm nhiệm làm nhiệm vụ tư vấn hướng nghiệp đáp ứng yêu cầu về chuyên môn, nghiệp vụ",
                ColumnKind::Percent,
                22.0,
            ),
            column(None, last, ColumnKind::Percent, 22.0),
        ],
        rows,
    }
}

fn signature() -> Signature {
    Signature {
        lines: vec![
            "TM. ỦY BAN NHÂN DÂN".into(),
            "KT. CHỦ TỊCH".into(),
            "PHÓ CHỦ TỊCH".into(),
        ],
        signer: Some("Phạm Tấn Hòa".into()),
    }
}

/// The appendix of the Long An 2023 plan: two tables of 15 districts and a total row.
pub fn appendix() -> Document {
    Document {
        kind: ReportKind::Targets,
        issuer: Issuer {
            above: None,
            name: "ỦY BAN NHÂN DÂN TỈNH LONG AN".into(),
        },
        number: "Số: 568/KH-UBND".into(),
        place: "Long An".into(),
        date: NaiveDate::from_ymd_opt(2023, 3, 7).expect("date"),
        title: "BẢNG CHỈ TIÊU ĐĂNG KÝ NĂM 2023".into(),
        subtitle: Some(
            "(Kèm theo Kế hoạch số 568/KH-UBND ngày 07/3/2023 của UBND tỉnh Long An)".into(),
        ),
        paragraphs: vec![],
        tables: vec![
            appendix_table(
                "I. CẤP TRUNG HỌC CƠ SỞ",
                "Tỷ lệ % học sinh tốt nghiệp trung học cơ sở tiếp tục học tập tại các cơ sở giáo dục nghề nghiệp đào tạo trình độ sơ cấp, trung cấp",
                &THCS,
                27.92,
            ),
            appendix_table(
                "II. CẤP TRUNG HỌC PHỔ THÔNG",
                "Tỷ lệ % học sinh tốt nghiệp trung học phổ thông tiếp tục học tập tại các cơ sở giáo dục nghề nghiệp đào tạo trình độ cao đẳng",
                &[
                    44.17, 42.94, 43.07, 25.55, 45.05, 45.04, 29.00, 43.60, 41.22, 40.0, 40.0,
                    40.0, 40.0, 40.0, 40.0,
                ],
                40.22,
            ),
        ],
        chart_svg: None,
        notes: vec![],
        recipients: vec![
            "Bộ Giáo dục và Đào tạo (b/c);".into(),
            "UBND các huyện, thị xã, thành phố;".into(),
            "Lưu: VT, SGDĐT.".into(),
        ],
        signature: signature(),
    }
}

/// A wide streaming table: per district, graduates, then count and rate per destination group
/// under merged group headers, target and gap, a total row; and the chart.
pub fn streaming() -> Document {
    let groups = [
        "THPT",
        "GDTX",
        "Giáo dục nghề nghiệp",
        "Không tiếp tục học",
        "Chưa rõ",
    ];
    let mut columns = vec![
        column(None, "STT", ColumnKind::Number, 5.0),
        column(None, "Đơn vị", ColumnKind::Text, 18.0),
        column(None, "Số HS tốt nghiệp", ColumnKind::Count, 10.0),
    ];
    for group in groups {
        columns.push(column(Some(group), "Số HS", ColumnKind::Count, 8.0));
        columns.push(column(Some(group), "Tỷ lệ %", ColumnKind::Percent, 8.0));
    }
    columns.push(column(None, "Chỉ tiêu (%)", ColumnKind::Percent, 9.0));
    columns.push(column(None, "Chênh lệch (%)", ColumnKind::Percent, 9.0));
    let mut rows = Vec::new();
    let mut total = [0u64; 6];
    for (i, name) in DISTRICTS.iter().enumerate() {
        let graduates = 1000 + 37 * i as u64;
        let counts = [
            graduates * 6 / 10,
            graduates / 10,
            graduates * 2 / 10,
            graduates / 20,
        ];
        let unknown = graduates - counts.iter().sum::<u64>();
        let mut cells = vec![
            Value::Text(format!("{}", i + 1)),
            Value::Text((*name).into()),
            Value::Count(graduates),
        ];
        for n in counts.iter().chain([unknown].iter()) {
            cells.push(Value::Count(*n));
            cells.push(Value::Percent(
                (*n as f64 * 10_000.0 / graduates as f64).round() / 100.0,
            ));
        }
        let rate = (counts[2] as f64 * 10_000.0 / graduates as f64).round() / 100.0;
        cells.push(Value::Percent(THCS[i]));
        cells.push(Value::Percent(((rate - THCS[i]) * 100.0).round() / 100.0));
        total[0] += graduates;
        for (t, n) in total[1..]
            .iter_mut()
            .zip(counts.iter().chain([unknown].iter()))
        {
            *t += n;
        }
        rows.push(Row {
            cells,
            total: false,
        });
    }
    let mut cells = vec![
        Value::Empty,
        Value::Text("Tổng cộng".into()),
        Value::Count(total[0]),
    ];
    for n in &total[1..] {
        cells.push(Value::Count(*n));
        cells.push(Value::Percent(
            (*n as f64 * 10_000.0 / total[0] as f64).round() / 100.0,
        ));
    }
    cells.push(Value::Percent(27.92));
    cells.push(Value::Empty);
    rows.push(Row { cells, total: true });
    Document {
        kind: ReportKind::Streaming,
        issuer: Issuer {
            above: Some("UBND TỈNH LONG AN".into()),
            name: "SỞ GIÁO DỤC VÀ ĐÀO TẠO".into(),
        },
        number: "Số:       /BC-SGDĐT".into(),
        place: "Long An".into(),
        date: NaiveDate::from_ymd_opt(2023, 12, 15).expect("date"),
        title: "BÁO CÁO".into(),
        subtitle: Some("Kết quả phân luồng học sinh sau tốt nghiệp THCS năm 2023".into()),
        paragraphs: vec!["Số liệu tính đến ngày 15/12/2023, theo hồ sơ tốt nghiệp của các trường trên địa bàn tỉnh Long An.".into()],
        tables: vec![Table {
            heading: Some("Cấp trung học cơ sở".into()),
            columns,
            rows,
        }],
        chart_svg: Some("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 80\"><text x=\"184\" y=\"43\" font-size=\"12\" text-anchor=\"end\">Đức Hòa</text><rect x=\"190\" y=\"32\" width=\"300\" height=\"16\" fill=\"#2e8b57\"/><line x1=\"400\" y1=\"28\" x2=\"400\" y2=\"52\" stroke=\"#000\" stroke-width=\"2\"/></svg>".into()),
        notes: vec!["Chỉ tiêu: theo Phụ lục Kế hoạch số 568/KH-UBND.".into()],
        recipients: vec!["UBND tỉnh (b/c);".into(), "Lưu: VT.".into()],
        signature: Signature {
            lines: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
            signer: None,
        },
    }
}
