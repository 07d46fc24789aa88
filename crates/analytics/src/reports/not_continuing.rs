//! `not-continuing`: the follow-up list of a commune or a school — the graduates of the last three
//! cohorts who are in no education or training (Kon Rẫy: "thống kê học sinh tốt nghiệp năm 2022,
//! 2023, 2024 không tham gia học tập"), with their latest follow-up. Personal data of minors: the
//! least that lets a commune find and follow the young person, nothing more (no ethnicity, no
//! results).

use domain::report::{ColumnKind, Document, ReportKind, Row, Table, Value};
use domain::text::strip_unit_type;
use domain::{Destination, UnitLevel};
use store::{Graduate, Institution};

use super::{ReportError, ReportInput, Subject, column, document, in_sentence, letterhead};
use crate::engine::levels_of;

/// How many cohorts, the report's year included, the list follows.
const COHORTS: i32 = 3;

pub(super) async fn build(input: &ReportInput<'_>) -> Result<Document, ReportError> {
    let store = input.store;
    let (schools, mut doc, place_name): (Vec<Institution>, Document, String) = match input.subject {
        Subject::Unit(unit) if unit.level == UnitLevel::Commune => {
            let schools = store.institutions_in(unit.id, None).await?;
            let doc = document(
                ReportKind::NotContinuing,
                letterhead::committee(unit),
                "BC",
                letterhead::place(unit),
                input.today,
            );
            (schools, doc, in_sentence(&unit.name))
        }
        Subject::School(school) => {
            let managing = store.unit(school.managing_unit_id).await?;
            let commune = store.unit(school.commune_unit_id).await?;
            let doc = document(
                ReportKind::NotContinuing,
                letterhead::school(school, managing.as_ref()),
                "BC",
                commune
                    .as_ref()
                    .map(|c| strip_unit_type(&c.name).to_string())
                    .unwrap_or_default(),
                input.today,
            );
            (vec![school.clone()], doc, school.name.clone())
        }
        Subject::Unit(_) => {
            return Err(ReportError::NotApplicable(
                "Danh sách học sinh không tiếp tục học lập cho một xã, phường hoặc một trường."
                    .into(),
            ));
        }
    };
    let first = input.year - COHORTS + 1;
    let mut found: Vec<(Graduate, String)> = Vec::new();
    for school in &schools {
        for year in first..=input.year {
            // A unit's list holds the cohorts it kept: those of the schools it contained in the
            // tree of the cohort's period, or carries from a unit that did (an old commune's
            // list stops at the reform; a school of its later merger partner is not in it).
            if let Subject::Unit(unit) = input.subject {
                let day = domain::period::cohort_day(year);
                let holders =
                    store::containing_units_on(store, school.commune_unit_id, day).await?;
                if !holders.contains(&unit.id) {
                    continue;
                }
            }
            for level in levels_of(school.kind) {
                for graduate in store.graduates_of(&school.code, year, level).await? {
                    if graduate.data.destination == Destination::NotContinuing {
                        found.push((graduate, school.name.clone()));
                    }
                }
            }
        }
    }
    // Oldest cohort first, then in the order of a class list (given name, middle, family).
    found.sort_by(|(a, _), (b, _)| {
        (a.data.year, a.data.level)
            .cmp(&(b.data.year, b.data.level))
            .then_with(|| a.data.name.list_order(&b.data.name))
    });
    let mut rows = Vec::with_capacity(found.len());
    for (index, (graduate, school)) in found.iter().enumerate() {
        let latest = store.follow_ups(graduate.id).await?.pop();
        let g = &graduate.data;
        rows.push(Row {
            cells: vec![
                Value::Text((index + 1).to_string()),
                Value::Text(g.name.full()),
                Value::Date(g.birth_date),
                Value::Text(g.gender.label().into()),
                Value::Text(format!("{} {}", g.level.label(), g.year)),
                Value::Text(school.clone()),
                latest
                    .as_ref()
                    .map_or(Value::Empty, |f| Value::Date(f.on_date)),
                latest.as_ref().map_or(Value::Empty, |f| {
                    Value::Text(match f.note.trim() {
                        "" => f.status.label().to_string(),
                        note => format!("{}: {note}", f.status.label()),
                    })
                }),
            ],
            total: false,
        });
    }
    doc.title = "DANH SÁCH".into();
    doc.subtitle = Some(format!(
        "Học sinh tốt nghiệp các năm {first}-{} không tiếp tục học tập, {place_name}",
        input.year
    ));
    doc.paragraphs.push(format!(
        "Tổng số: {} học sinh. Danh sách có thông tin cá nhân của học sinh: chỉ dùng cho việc theo dõi, tư vấn; không chia sẻ khi chưa có sự đồng ý.",
        rows.len()
    ));
    doc.tables.push(Table {
        heading: None,
        columns: vec![
            column(None, "STT", ColumnKind::Number, 5.0),
            column(None, "Họ và tên", ColumnKind::Text, 22.0),
            column(None, "Ngày sinh", ColumnKind::Date, 11.0),
            column(None, "Giới tính", ColumnKind::Text, 7.0),
            column(None, "Tốt nghiệp", ColumnKind::Text, 10.0),
            column(None, "Trường", ColumnKind::Text, 22.0),
            column(None, "Ngày theo dõi", ColumnKind::Date, 11.0),
            column(None, "Tình trạng theo dõi gần nhất", ColumnKind::Text, 26.0),
        ],
        rows,
    });
    doc.recipients = vec!["Phòng Giáo dục và Đào tạo;".into(), "Lưu: VT.".into()];
    Ok(doc)
}
