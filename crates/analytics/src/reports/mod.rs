//! The official reports of DESIGN §2 assembled as `domain::report::Document`s from the engine's
//! counts and the store: the same figures the dashboards show, laid out as the offices lay them
//! out by hand today. Rendering to XLSX, PDF and CSV is `interchange::export`'s.

mod letterhead;
mod not_continuing;
mod streaming;
mod targets;

use chrono::NaiveDate;
use domain::Level;
use domain::report::{Column, ColumnKind, Document, ReportKind};
use store::{Institution, Store, StoreError, Unit};

use crate::engine::Engine;
use crate::indicators::{Targets, percent};

pub use streaming::destination_groups;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Nothing to report: said to the user as it is.
    #[error("{0}")]
    NoData(String),
    /// The report does not apply to this kind of unit.
    #[error("{0}")]
    NotApplicable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a report is about: a unit of the tree (of the report's era), or a school.
#[derive(Debug, Clone)]
pub enum Subject {
    Unit(Unit),
    School(Institution),
}

impl Subject {
    pub fn name(&self) -> &str {
        match self {
            Subject::Unit(unit) => &unit.name,
            Subject::School(school) => &school.name,
        }
    }
}

/// Everything a report is built from.
pub struct ReportInput<'a> {
    pub engine: &'a Engine,
    pub store: &'a dyn Store,
    pub subject: &'a Subject,
    pub year: i32,
    /// The date written on the report.
    pub today: NaiveDate,
}

/// Builds the named report. `not-continuing` holds personal data: the caller checks the right to
/// see it and audits the export.
pub async fn build(kind: ReportKind, input: &ReportInput<'_>) -> Result<Document, ReportError> {
    match kind {
        ReportKind::Targets => targets::build(input).await,
        ReportKind::Streaming => streaming::build(input).await,
        ReportKind::NotContinuing => not_continuing::build(input).await,
    }
}

/// The targets of a year, keyed as `indicators::evaluate` looks them up.
pub async fn targets_of(store: &dyn Store, year: i32) -> Result<Targets, StoreError> {
    Ok(store
        .targets(year)
        .await?
        .into_iter()
        .map(|t| ((t.indicator_code, t.unit_id, t.level), t.value))
        .collect())
}

/// The subordinate units in the order the plan registered their targets (the row of the table
/// they came from), the others after them in Vietnamese order.
async fn ordered_children(
    store: &dyn Store,
    unit: &Unit,
    targets: &[store::Target],
) -> Result<Vec<Unit>, StoreError> {
    let mut children = store.children(unit.id).await?;
    domain::text::sort_by_vi(&mut children, |u| domain::text::strip_unit_type(&u.name));
    let position = |id: i64| {
        targets
            .iter()
            .filter(|t| t.unit_id == id)
            .map(|t| t.position)
            .min()
            .unwrap_or(i32::MAX)
    };
    children.sort_by_key(|c| position(c.id));
    Ok(children)
}

/// The heading of the column of subordinate units, by what they are.
fn children_heading(unit: &Unit, children: &[Unit]) -> &'static str {
    match (unit.level, children.first().map(|c| c.level)) {
        (domain::UnitLevel::Province, Some(domain::UnitLevel::District)) => {
            "Huyện, thị xã, thành phố"
        }
        (domain::UnitLevel::Province, _) => "Xã, phường, đặc khu",
        _ => "Xã, phường, thị trấn",
    }
}

/// "I. CẤP TRUNG HỌC CƠ SỞ": sections numbered in Roman numerals as the appendix numbers them.
fn section_heading(index: usize, level: Level) -> String {
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    let name = match level {
        Level::Thcs => "CẤP TRUNG HỌC CƠ SỞ",
        Level::Thpt => "CẤP TRUNG HỌC PHỔ THÔNG",
    };
    format!("{}. {name}", ROMAN.get(index).copied().unwrap_or("V"))
}

fn column(group: Option<&str>, title: &str, kind: ColumnKind, width: f64) -> Column {
    Column {
        group: group.map(String::from),
        title: title.into(),
        kind,
        width,
    }
}

/// "Tỉnh Long An" → "tỉnh Long An", as the name is written inside a sentence.
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A blank document with the letterhead filled in.
fn document(
    kind: ReportKind,
    (issuer, signature, office): (domain::report::Issuer, domain::report::Signature, String),
    number_kind: &str,
    place: String,
    today: NaiveDate,
) -> Document {
    Document {
        kind,
        issuer,
        number: letterhead::number(number_kind, &office),
        place,
        date: today,
        title: String::new(),
        subtitle: None,
        paragraphs: Vec::new(),
        tables: Vec::new(),
        chart_svg: None,
        notes: Vec::new(),
        recipients: Vec::new(),
        signature,
    }
}
