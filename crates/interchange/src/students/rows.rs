//! Reading one row of a student list into a graduate record, checking every cell.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use domain::limits::{self, TextLimit};
use domain::text::{fold, strip_unit_type};
use domain::{Destination, Gender, Level, PersonName, UnitLevel, ethnicity, results};
use store::{GraduateData, Institution, Unit};

use super::columns::{self as col, ColumnMap};
use crate::errors::{ImportError, Said};
use crate::table::{Row, Table};

/// What a list is imported into: the school, the cohort, and the communes residence can name.
pub struct Cohort<'a> {
    pub school: &'a Institution,
    pub year: i32,
    pub level: Level,
    pub source: String,
    communes_by_code: HashMap<String, i64>,
    communes_by_name: HashMap<String, Vec<i64>>,
}

impl<'a> Cohort<'a> {
    /// Communes are those of the school's province valid at the end of the school year.
    pub fn new(
        school: &'a Institution,
        year: i32,
        level: Level,
        units: &[Unit],
        source: String,
    ) -> Self {
        let day = NaiveDate::from_ymd_opt(year, 6, 1).unwrap_or_default();
        let mut communes_by_code = HashMap::new();
        let mut communes_by_name: HashMap<String, Vec<i64>> = HashMap::new();
        for unit in units
            .iter()
            .filter(|u| u.level == UnitLevel::Commune && u.validity.contains(day))
        {
            communes_by_code.insert(unit.code.clone(), unit.id);
            if unit.province_code == school.province_code {
                communes_by_name
                    .entry(fold(strip_unit_type(&unit.name)))
                    .or_default()
                    .push(unit.id);
                communes_by_name
                    .entry(fold(&unit.name))
                    .or_default()
                    .push(unit.id);
            }
        }
        Cohort {
            school,
            year,
            level,
            source,
            communes_by_code,
            communes_by_name,
        }
    }
}

/// Which optional columns a row actually filled: an empty cell keeps what is already stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filled {
    pub moet_id: bool,
    pub class: bool,
    pub ethnicity: bool,
    pub residence: bool,
    pub academic: bool,
    pub conduct: bool,
    pub exam_sat: bool,
    pub exam_passed: bool,
    pub wishes: bool,
    pub destination: bool,
    pub destination_institution: bool,
    pub destination_date: bool,
}

#[derive(Debug, Clone)]
pub struct ParsedRow {
    pub row: usize,
    pub data: GraduateData,
    pub filled: Filled,
}

/// Reads every row; returns the records, or every problem found.
pub fn parse_rows(table: &Table, cohort: &Cohort) -> Result<Vec<ParsedRow>, Vec<ImportError>> {
    let map = ColumnMap::of(table);
    let missing = map.missing();
    if !missing.is_empty() {
        return Err(missing
            .into_iter()
            .map(|name| {
                let said = Said::new("thiếu cột bắt buộc", "a required column is missing");
                ImportError::new(0, name, "", said)
            })
            .collect());
    }
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut reader = RowReader {
            table,
            row,
            errors: &mut errors,
            failed: false,
        };
        let result = reader.read(&map, cohort);
        if let Some(result) = result.filter(|_| !reader.failed) {
            parsed.push(result);
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

struct RowReader<'t, 'e> {
    table: &'t Table,
    row: &'t Row,
    errors: &'e mut Vec<ImportError>,
    failed: bool,
}

impl RowReader<'_, '_> {
    fn header(&self, column: Option<usize>, fallback: &str) -> String {
        column
            .and_then(|i| self.table.headers.get(i))
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }

    fn fail(&mut self, column: Option<usize>, fallback: &str, value: &str, said: Said) {
        let header = self.header(column, fallback);
        self.errors
            .push(ImportError::new(self.row.number, &header, value, said));
        self.failed = true;
    }

    fn text(&self, column: Option<usize>) -> String {
        self.row.text(column)
    }

    /// Refuses a text longer than its field (`domain::limits`), naming the row and the column;
    /// says whether the text was within it.
    fn within(
        &mut self,
        column: Option<usize>,
        fallback: &str,
        limit: TextLimit,
        text: &str,
    ) -> bool {
        let checked = limit.check(text);
        if let Err(too_long) = &checked {
            self.fail(column, fallback, text, too_long.clone().into());
        }
        checked.is_ok()
    }

    fn read(&mut self, map: &ColumnMap, cohort: &Cohort) -> Option<ParsedRow> {
        let name_column = map.full_name.or(map.given);
        let name = match map.full_name {
            Some(_) => {
                let full = self.text(map.full_name);
                self.within(map.full_name, col::FULL_NAME[0], limits::FULL_NAME, &full);
                PersonName::split_full(&full)
            }
            None => {
                let family_middle = self.text(map.family_middle);
                let limit = limits::FAMILY_MIDDLE;
                self.within(
                    map.family_middle,
                    col::FAMILY_MIDDLE[0],
                    limit,
                    &family_middle,
                );
                PersonName::from_parts(&family_middle, &self.text(map.given))
            }
        };
        match &name {
            None => {
                let value = self.text(name_column);
                self.fail(
                    name_column,
                    col::FULL_NAME[0],
                    &value,
                    Said::new(
                        "thiếu họ và tên hoặc tên không có chữ cái",
                        "the full name is missing or has no letter",
                    ),
                );
            }
            // The whole name was within its limit, or the family name was checked above: what
            // is left to check is the given name (one long word of a full name, or its column).
            Some(parsed) if !self.failed => {
                if let Err(too_long) = limits::GIVEN.check(&parsed.given) {
                    let value = self.text(name_column);
                    self.fail(name_column, col::FULL_NAME[0], &value, too_long.into());
                }
            }
            Some(_) => {}
        }
        let birth = self.birth(map.birth, cohort);
        let gender = self.gender(map);
        let moet_id = Some(self.text(map.moet_id)).filter(|id| !id.is_empty());
        if let Some(id) = &moet_id {
            let id = id.clone();
            if id.chars().any(char::is_whitespace) {
                self.fail(
                    map.moet_id,
                    col::MOET_ID[0],
                    &id,
                    Said::new(
                        "mã học sinh không được có khoảng trắng",
                        "a student id may not have spaces",
                    ),
                );
            }
            self.within(map.moet_id, col::MOET_ID[0], limits::MOET_ID, &id);
        }
        let class_name = self.text(map.class);
        self.within(map.class, col::CLASS[0], limits::CLASS, &class_name);
        let wishes = self.text(map.wishes);
        self.within(map.wishes, col::WISHES[0], limits::WISHES, &wishes);
        let institution = self.text(map.destination_institution);
        let limit = limits::DESTINATION_INSTITUTION;
        let fallback = col::DESTINATION_INSTITUTION[0];
        self.within(map.destination_institution, fallback, limit, &institution);
        let ethnicity_text = self.text(map.ethnicity);
        let limit = limits::ETHNICITY;
        let short = self.within(map.ethnicity, col::ETHNICITY[0], limit, &ethnicity_text);
        let found = ethnicity::parse(&ethnicity_text);
        let ethnicity = found.filter(|_| short).unwrap_or_else(|| {
            if !short {
                return ethnicity::UNKNOWN;
            }
            self.fail(
                map.ethnicity,
                col::ETHNICITY[0],
                &ethnicity_text,
                Said::new(
                    "không có dân tộc này trong danh mục 54 dân tộc",
                    "this ethnicity is not one of the list of 54 ethnic groups",
                ),
            );
            ethnicity::UNKNOWN
        });
        let residence = self.residence(map.residence, cohort);
        let academic = self.result(map.academic, col::ACADEMIC[0]);
        let conduct = self.result(map.conduct, col::CONDUCT[0]);
        let exam_sat = self.yes_no(map.exam_sat, col::EXAM_SAT[0]);
        let exam_passed = self.yes_no(map.exam_passed, col::EXAM_PASSED[0]);
        let destination = self.destination(map.destination, cohort.level);
        let destination_date = self.optional_date(map.destination_date, col::DESTINATION_DATE[0]);
        let filled = Filled {
            moet_id: moet_id.is_some(),
            class: !class_name.is_empty(),
            ethnicity: !ethnicity_text.is_empty(),
            residence: residence.is_some(),
            academic: academic.is_some(),
            conduct: conduct.is_some(),
            exam_sat: exam_sat.is_some(),
            exam_passed: exam_passed.is_some(),
            wishes: !wishes.is_empty(),
            destination: destination.is_some(),
            destination_institution: !institution.is_empty(),
            destination_date: destination_date.is_some(),
        };
        Some(ParsedRow {
            row: self.row.number,
            filled,
            data: GraduateData {
                province_code: cohort.school.province_code.clone(),
                year: cohort.year,
                level: cohort.level,
                school_code: cohort.school.code.clone(),
                moet_id,
                name: name?,
                birth_date: birth?,
                gender: gender?,
                ethnicity: ethnicity.to_string(),
                residence_commune_id: residence,
                class_name,
                academic,
                conduct,
                exam_sat,
                exam_passed,
                wishes,
                destination: destination.unwrap_or(Destination::Unknown),
                destination_institution: Some(institution).filter(|t| !t.is_empty()),
                destination_date,
                destination_source: cohort.source.clone(),
            },
        })
    }

    fn birth(&mut self, column: Option<usize>, cohort: &Cohort) -> Option<NaiveDate> {
        let cell = self.row.cell(column).clone();
        let text = cell.text();
        match cell.date() {
            None if text.trim().is_empty() => {
                let said = Said::new("thiếu ngày sinh", "the date of birth is missing");
                self.fail(column, col::BIRTH[0], "", said);
                None
            }
            // A day/month/year that the calendar lacks is said so, not "write it as …".
            None if crate::dates::read_day_first(&text)
                == Err(crate::dates::NotADate::Calendar) =>
            {
                let calendar = crate::dates::NotADate::Calendar;
                let said = Said::new(
                    format!("ngày sinh {}", calendar.message(&text)),
                    format!("the date of birth {}", calendar.message_en(&text)),
                );
                self.fail(column, col::BIRTH[0], &text, said);
                None
            }
            None => {
                self.fail(
                    column,
                    col::BIRTH[0],
                    &text,
                    Said::new(
                        "ngày sinh phải viết dạng ngày/tháng/năm, ví dụ 05/09/2009",
                        "the date of birth must be written day/month/year, e.g. 05/09/2009",
                    ),
                );
                None
            }
            // A graduate of THCS is about 15, of THPT about 18; allow wide margins for late starters.
            Some(day) if day.year() > cohort.year - 10 || day.year() < cohort.year - 60 => {
                self.fail(
                    column,
                    col::BIRTH[0],
                    &text,
                    Said::new(
                        format!(
                            "năm sinh {} không hợp lý cho khóa tốt nghiệp {}",
                            day.year(),
                            cohort.year
                        ),
                        format!(
                            "the year of birth {} is not plausible for the graduates of {}",
                            day.year(),
                            cohort.year
                        ),
                    ),
                );
                None
            }
            Some(day) => Some(day),
        }
    }

    fn gender(&mut self, map: &ColumnMap) -> Option<Gender> {
        if map.gender.is_some() {
            let text = self.text(map.gender);
            let gender = Gender::parse(&text);
            if gender.is_none() {
                self.fail(
                    map.gender,
                    col::GENDER[0],
                    &text,
                    // The reading takes the English words too, and "Nu" without its mark.
                    Said::new(
                        "giới tính phải là Nam hoặc Nữ",
                        "the gender must be Nam or Nu (or male, female)",
                    ),
                );
            }
            return gender;
        }
        let ticked = |column: Option<usize>| is_ticked(&self.text(column));
        match (
            ticked(map.female_tick),
            map.male_tick.map(|_| ticked(map.male_tick)),
        ) {
            (true, Some(true)) => {
                self.fail(
                    map.female_tick,
                    col::FEMALE_TICK[0],
                    "x",
                    Said::new("đánh dấu cả Nam và Nữ", "both male and female are ticked"),
                );
                None
            }
            (true, _) => Some(Gender::Female),
            (false, _) => Some(Gender::Male),
        }
    }

    fn residence(&mut self, column: Option<usize>, cohort: &Cohort) -> Option<i64> {
        let text = self.text(column);
        if text.is_empty() {
            return None;
        }
        if let Some(id) = cohort.communes_by_code.get(&text) {
            return Some(*id);
        }
        let key = fold(strip_unit_type(&text));
        match cohort.communes_by_name.get(&key).map(Vec::as_slice) {
            Some([id]) => Some(*id),
            Some([_, _, ..]) => {
                self.fail(
                    column,
                    col::RESIDENCE[0],
                    &text,
                    Said::new(
                        "có nhiều xã trùng tên trong tỉnh; hãy ghi mã xã",
                        "several communes of the province have this name; write the commune's code",
                    ),
                );
                None
            }
            _ => {
                self.fail(
                    column,
                    col::RESIDENCE[0],
                    &text,
                    Said::new(
                        "không có xã, phường này trong tỉnh của trường",
                        "there is no such commune or ward in the school's province",
                    ),
                );
                None
            }
        }
    }

    fn result(&mut self, column: Option<usize>, fallback: &str) -> Option<String> {
        let text = self.text(column);
        match results::parse(&text) {
            Ok(code) => code.map(String::from),
            Err(_) => {
                let said = Said::new(
                    "kết quả phải là Tốt, Khá, Đạt, Chưa đạt (hoặc Giỏi, Khá, Trung bình, Yếu, Kém)",
                    // The grades as the file writes them, without their tone marks (which the
                    // reading ignores): an English page then shows no Vietnamese letter.
                    "the result must be Tot, Kha, Dat, Chua dat (or Gioi, Kha, Trung binh, Yeu, Kem)",
                );
                self.fail(column, fallback, &text, said);
                None
            }
        }
    }

    fn yes_no(&mut self, column: Option<usize>, fallback: &str) -> Option<bool> {
        let text = self.text(column);
        match fold(&text).as_str() {
            "" => None,
            "x" | "co" | "1" | "yes" | "dat" | "do" | "✓" | "v" => Some(true),
            "khong" | "0" | "no" | "truot" | "-" => Some(false),
            _ => {
                self.fail(
                    column,
                    fallback,
                    &text,
                    Said::new(
                        "ghi x (có) hoặc để trống / ghi “không”",
                        "write x (yes), or leave it empty / write “khong” (no)",
                    ),
                );
                None
            }
        }
    }

    fn destination(&mut self, column: Option<usize>, level: Level) -> Option<Destination> {
        let text = self.text(column);
        if text.is_empty() {
            return None;
        }
        match Destination::parse(&text) {
            Some(d) if Destination::for_level(level).contains(&d) => Some(d),
            Some(_) => {
                self.fail(
                    column,
                    col::DESTINATION[0],
                    &text,
                    Said::new(
                        format!(
                            "hướng đi này không áp dụng cho học sinh tốt nghiệp {}",
                            level.label()
                        ),
                        format!(
                            "this destination is not open to the graduates of {}",
                            level_en(level)
                        ),
                    ),
                );
                None
            }
            None => {
                let open = Destination::for_level(level);
                let labels: Vec<&str> = open.iter().map(|d| d.label()).collect();
                // In English the codes, which the reading accepts as well as the labels.
                let codes: Vec<&str> = open.iter().map(|d| d.code()).collect();
                self.fail(
                    column,
                    col::DESTINATION[0],
                    &text,
                    Said::new(
                        format!("hướng đi không có trong danh mục ({})", labels.join("; ")),
                        format!(
                            "this destination is not in the list (write one of: {})",
                            codes.join("; ")
                        ),
                    ),
                );
                None
            }
        }
    }

    fn optional_date(&mut self, column: Option<usize>, fallback: &str) -> Option<NaiveDate> {
        let cell = self.row.cell(column).clone();
        let text = cell.text();
        if text.trim().is_empty() {
            return None;
        }
        let day = cell.date();
        if day.is_none() {
            let said = match crate::dates::read_day_first(&text) {
                Err(calendar @ crate::dates::NotADate::Calendar) => {
                    Said::new(calendar.message(&text), calendar.message_en(&text))
                }
                _ => Said::new(
                    "ngày phải viết dạng dd/mm/yyyy",
                    "the date must be written dd/mm/yyyy",
                ),
            };
            self.fail(column, fallback, &text, said);
        }
        day
    }
}

/// A level as the English pages name it.
pub(crate) fn level_en(level: Level) -> &'static str {
    match level {
        Level::Thcs => "lower secondary (THCS)",
        Level::Thpt => "upper secondary (THPT)",
    }
}

fn is_ticked(text: &str) -> bool {
    matches!(fold(text).as_str(), "x" | "1" | "✓" | "v" | "nu" | "co")
}
