//! Matching the rows of a list with what is stored: a row is the same graduate as a stored record
//! when their MOET ids agree, else when name and date of birth agree. Re-importing a file changes
//! nothing; a corrected file updates in place, keeping the history of each changed field.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::text::fold;
use store::{Graduate, GraduateData, GraduateKey, GraduatePlan, GraduateUpdate, diff};

use super::rows::{Filled, ParsedRow};
use crate::errors::{ImportError, Said};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentSummary {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Not errors: rows the school should look at (the same student listed by another school).
    pub warnings: Vec<Said>,
    pub unknown_columns: Vec<String>,
}

type NameKey = (String, NaiveDate);

fn name_key(data: &GraduateData) -> NameKey {
    (fold(&data.name.full()), data.birth_date)
}

/// Finds the rows listed twice in the same file.
pub fn duplicates_in_file(
    rows: &[ParsedRow],
    moet_column: &str,
    name_column: &str,
) -> Vec<ImportError> {
    let mut by_moet: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<NameKey, usize> = HashMap::new();
    let mut errors = Vec::new();
    for row in rows {
        if let Some(id) = row.data.moet_id.as_deref() {
            if let Some(first) = by_moet.insert(id, row.row) {
                errors.push(ImportError::new(
                    row.row,
                    moet_column,
                    id,
                    Said::new(
                        format!("trùng mã học sinh với dòng {first}"),
                        format!("the same student id as row {first}"),
                    ),
                ));
                continue;
            }
        } else if let Some(first) = by_name.insert(name_key(&row.data), row.row) {
            let value = row.data.name.full();
            errors.push(ImportError::new(
                row.row,
                name_column,
                &value,
                Said::new(
                    format!("trùng họ tên và ngày sinh với dòng {first}"),
                    format!("the same full name and date of birth as row {first}"),
                ),
            ));
        }
    }
    errors
}

/// The stored value where the file left a cell empty.
fn merge(stored: &GraduateData, mut new: GraduateData, filled: Filled) -> GraduateData {
    if !filled.moet_id {
        new.moet_id = stored.moet_id.clone();
    }
    if !filled.class {
        new.class_name = stored.class_name.clone();
    }
    if !filled.ethnicity {
        new.ethnicity = stored.ethnicity.clone();
    }
    if !filled.residence {
        new.residence_commune_id = stored.residence_commune_id;
    }
    if !filled.academic {
        new.academic = stored.academic.clone();
    }
    if !filled.conduct {
        new.conduct = stored.conduct.clone();
    }
    if !filled.exam_sat {
        new.exam_sat = stored.exam_sat;
    }
    if !filled.exam_passed {
        new.exam_passed = stored.exam_passed;
    }
    if !filled.wishes {
        new.wishes = stored.wishes.clone();
    }
    if !filled.destination {
        new.destination = stored.destination;
        new.destination_source = stored.destination_source.clone();
    }
    if !filled.destination_institution {
        new.destination_institution = stored.destination_institution.clone();
    }
    if !filled.destination_date {
        new.destination_date = stored.destination_date;
    }
    // The source says where the destination came from: the same destination read again from
    // another file (the workbook round trip) is not a change.
    if new.destination == stored.destination
        && new.destination_institution == stored.destination_institution
        && new.destination_date == stored.destination_date
    {
        new.destination_source = stored.destination_source.clone();
    }
    // A two-syllable given name corrected on the web survives a re-import of the same full name.
    if new.name.full() == stored.name.full() {
        new.name = stored.name.clone();
    }
    new
}

/// Plans the writes for parsed rows against the school's stored records.
pub fn plan(
    parsed: Vec<ParsedRow>,
    stored: &[Graduate],
    elsewhere: &[GraduateKey],
    username: &str,
    source: &str,
    at: DateTime<Utc>,
) -> (GraduatePlan, StudentSummary) {
    let by_moet: HashMap<&str, &Graduate> = stored
        .iter()
        .filter_map(|g| g.data.moet_id.as_deref().map(|id| (id, g)))
        .collect();
    let by_name: HashMap<NameKey, &Graduate> =
        stored.iter().map(|g| (name_key(&g.data), g)).collect();
    let mut summary = StudentSummary {
        rows: parsed.len(),
        ..Default::default()
    };
    let mut plan = GraduatePlan {
        username: username.into(),
        source: source.into(),
        at,
        ..Default::default()
    };
    for row in parsed {
        let key = name_key(&row.data);
        if let Some(other) = elsewhere.iter().find(|k| {
            (row.data.moet_id.is_some() && k.moet_id == row.data.moet_id)
                || (k.name_folded == key.0 && k.birth_date == key.1)
        }) {
            summary.warnings.push(Said::new(
                format!(
                    "dòng {}: học sinh này cũng có trong danh sách tốt nghiệp {} năm {} của cơ sở {}",
                    row.row,
                    row.data.level.label(),
                    row.data.year,
                    other.school_code
                ),
                format!(
                    "row {}: this student is also on the list of {} graduates of {} of the institution {}",
                    row.row,
                    super::rows::level_en(row.data.level),
                    row.data.year,
                    other.school_code
                ),
            ));
        }
        let existing = row
            .data
            .moet_id
            .as_deref()
            .and_then(|id| by_moet.get(id))
            .or_else(|| by_name.get(&key))
            .copied();
        match existing {
            None => {
                summary.added += 1;
                plan.inserts.push(row.data);
            }
            Some(old) => {
                let merged = merge(&old.data, row.data, row.filled);
                let changes = diff(&old.data, &merged);
                if changes.is_empty() {
                    summary.unchanged += 1;
                } else {
                    summary.updated += 1;
                    plan.updates.push(GraduateUpdate {
                        id: old.id,
                        data: merged,
                        changes,
                        previous: old.data.clone(),
                    });
                }
            }
        }
    }
    (plan, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use domain::{Destination, Gender, Level, PersonName};

    fn data(moet: Option<&str>, given: &str) -> GraduateData {
        GraduateData {
            province_code: "80".into(),
            year: 2024,
            level: Level::Thcs,
            school_code: "A".into(),
            moet_id: moet.map(String::from),
            name: PersonName {
                family_middle: "Nguyễn Văn".into(),
                given: given.into(),
            },
            birth_date: NaiveDate::from_ymd_opt(2009, 9, 5).unwrap_or_default(),
            gender: Gender::Male,
            ethnicity: "01".into(),
            residence_commune_id: None,
            class_name: "9A1".into(),
            academic: None,
            conduct: None,
            exam_sat: None,
            exam_passed: None,
            wishes: String::new(),
            destination: Destination::Unknown,
            destination_institution: None,
            destination_date: None,
            destination_source: "nhập tệp a.xlsx".into(),
        }
    }

    fn row(number: usize, data: GraduateData) -> ParsedRow {
        ParsedRow {
            row: number,
            data,
            filled: Filled::default(),
        }
    }

    #[test]
    fn the_same_student_listed_by_another_school_is_flagged_by_id_or_by_name_and_birth() {
        let elsewhere = [
            GraduateKey {
                id: 7,
                school_code: "B".into(),
                moet_id: Some("M1".into()),
                name_folded: "x".into(),
                birth_date: NaiveDate::MIN,
            },
            GraduateKey {
                id: 8,
                school_code: "C".into(),
                moet_id: None,
                name_folded: "nguyen van binh".into(),
                birth_date: NaiveDate::from_ymd_opt(2009, 9, 5).unwrap_or_default(),
            },
        ];
        let parsed = vec![
            row(5, data(Some("M1"), "An")),
            row(6, data(None, "Bình")),
            row(7, data(None, "Cường")),
        ];
        let at = Utc
            .with_ymd_and_hms(2024, 9, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let (plan, summary) = plan(parsed, &[], &elsewhere, "gv", "nhập tệp a.xlsx", at);
        assert_eq!(plan.inserts.len(), 3, "a flag is a warning, not a refusal");
        assert_eq!(summary.warnings.len(), 2);
        assert!(
            summary.warnings[0].vi.starts_with("dòng 5:")
                && summary.warnings[0].vi.ends_with("cơ sở B")
        );
        assert!(
            summary.warnings[1].vi.starts_with("dòng 6:")
                && summary.warnings[1].vi.ends_with("cơ sở C")
        );
    }

    #[test]
    fn a_row_listed_twice_in_the_file_is_an_error_on_the_second() {
        let parsed = vec![
            row(5, data(Some("M1"), "An")),
            row(9, data(Some("M1"), "An")),
            row(10, data(None, "Bình")),
            row(11, data(None, "Bình")),
        ];
        let errors = duplicates_in_file(&parsed, "Mã học sinh", "Họ và tên");
        let rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, [9, 11]);
        assert!(errors[0].message.contains("dòng 5"));
    }

    #[test]
    fn a_cell_left_empty_keeps_what_the_school_entered_before() {
        let mut stored = data(Some("M1"), "An");
        stored.destination = Destination::Intermediate;
        stored.destination_source = "cập nhật trên web bởi gv".into();
        let merged = merge(
            &stored,
            data(Some("M1"), "An"),
            Filled {
                moet_id: true,
                ..Filled::default()
            },
        );
        assert_eq!(merged.destination, Destination::Intermediate);
        assert!(diff(&stored, &merged).is_empty());
    }
}
