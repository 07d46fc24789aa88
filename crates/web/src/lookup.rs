//! Finding what a URL names, shared by pages and API: a unit by code and date, its children in
//! Vietnamese order, the institutions of a subtree.

use chrono::{NaiveDate, Utc};
use domain::InstitutionKind;
use store::{Institution, Unit};

use crate::failure::{Failure, Msg};
use crate::state::AppState;

/// Reads a date from a query string: ISO `2023-06-01` (the API) or `01/06/2023` (people).
pub fn parse_day(raw: &str) -> Result<NaiveDate, Failure> {
    use interchange::dates::NotADate;
    interchange::dates::read_day_first(raw).map_err(|why| {
        Failure::BadRequest(match why {
            NotADate::Calendar => Msg::new(
                format!("Ngày {}.", why.message(raw)),
                format!("The date {}.", why.message_en(raw)),
            ),
            NotADate::Form => Msg::new(
                format!("Ngày “{raw}” không hợp lệ; hãy viết dạng dd/mm/yyyy hoặc yyyy-mm-dd."),
                format!("The date “{raw}” is not valid; write it dd/mm/yyyy or yyyy-mm-dd."),
            ),
        })
    })
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The version of `code` valid on `on`. Without a date, the version valid today, or the most
/// recent one when the code is no longer in use (a district of the old tree).
pub async fn unit(state: &AppState, code: &str, on: Option<NaiveDate>) -> Result<Unit, Failure> {
    let not_found = || {
        Failure::NotFound(Msg::new(
            format!("đơn vị hành chính mã {code}"),
            format!("the administrative unit with code {code}"),
        ))
    };
    if let Some(day) = on {
        return state.store.unit_on(code, day).await?.ok_or_else(not_found);
    }
    if let Some(unit) = state.store.unit_on(code, today()).await? {
        return Ok(unit);
    }
    let last_legacy_day = domain::unit::last_legacy_date();
    state
        .store
        .unit_on(code, last_legacy_day)
        .await?
        .ok_or_else(not_found)
}

/// A day on which the unit is valid, for links that must stay inside its tree.
pub fn day_within(unit: &Unit) -> NaiveDate {
    let today = today();
    if unit.validity.contains(today) {
        today
    } else {
        unit.validity.to.or(unit.validity.from).unwrap_or(today)
    }
}

pub async fn children_in_order(state: &AppState, unit: &Unit) -> Result<Vec<Unit>, Failure> {
    let mut children = state.store.children(unit.id).await?;
    domain::text::sort_by_vi(&mut children, |u| domain::text::strip_unit_type(&u.name));
    Ok(children)
}

pub async fn institutions_in_order(
    state: &AppState,
    unit: &Unit,
    kind: Option<InstitutionKind>,
) -> Result<Vec<Institution>, Failure> {
    let mut found = state.store.institutions_in(unit.id, kind).await?;
    domain::text::sort_by_vi(&mut found, |i| i.name.as_str());
    Ok(found)
}

pub async fn institution(state: &AppState, code: &str) -> Result<Institution, Failure> {
    state.store.institution(code).await?.ok_or_else(|| {
        Failure::NotFound(Msg::new(
            format!("cơ sở mã {code}"),
            format!("the institution with code {code}"),
        ))
    })
}

/// The cohort most recently graduated: this year's from July on, last year's before.
pub fn latest_cohort_year() -> i32 {
    use chrono::Datelike;
    let today = today();
    if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The newest cohort whose records the user may have seen: the latest graduated, or, for an
/// account of a unit that has ended (an old district after the 2025 reform), the last cohort of
/// that unit's own tree — so its pages open on records it may read.
pub async fn latest_cohort_for(state: &AppState, scope: &domain::Scope) -> Result<i32, Failure> {
    let latest = latest_cohort_year();
    let domain::Scope::Unit { unit_id } = scope else {
        return Ok(latest);
    };
    let ended = state
        .store
        .unit(*unit_id)
        .await?
        .and_then(|unit| unit.validity.to);
    Ok(match ended {
        Some(end) => {
            use chrono::Datelike;
            let last = if domain::period::cohort_day(end.year()) <= end {
                end.year()
            } else {
                end.year() - 1
            };
            latest.min(last)
        }
        None => latest,
    })
}

/// The graduates of a school in Vietnamese list order: by class, then given name, middle name,
/// family name.
pub async fn graduates_in_order(
    state: &AppState,
    school_code: &str,
    year: i32,
    level: domain::Level,
) -> Result<Vec<store::Graduate>, Failure> {
    let mut graduates = state.store.graduates_of(school_code, year, level).await?;
    let collator = domain::text::collator();
    graduates.sort_by(|a, b| {
        collator
            .compare(&a.data.class_name, &b.data.class_name)
            .then_with(|| a.data.name.list_order(&b.data.name))
    });
    Ok(graduates)
}

/// The level of a school's graduates when the URL does not say: the school's own, else THCS.
pub fn default_level(kind: InstitutionKind) -> domain::Level {
    interchange::students::level_of(kind).unwrap_or(domain::Level::Thcs)
}
