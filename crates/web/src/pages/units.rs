//! The unit page: a unit as it stood on a date, its parents, its children in Vietnamese order,
//! the institutions on its territory, and what it became (or came from) in the 2025 reform.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use domain::{Action, UnitLevel};
use interchange::dates::format_vi;
use serde::Deserialize;
use store::{Succession, Unit};

use super::{Chrome, Link, render};
use crate::access::{allows_unit, require_unit};
use crate::auth::PageCaller;
use crate::failure::PageFailure;
use crate::i18n::Tr;
use crate::labels;
use crate::lookup;
use crate::state::AppState;

/// The address of a unit's page, pinned to a day on which it is valid.
pub fn href(unit: &Unit) -> String {
    href_on(unit, lookup::day_within(unit))
}

pub fn href_on(unit: &Unit, day: NaiveDate) -> String {
    format!("/don-vi/{}?ngay={}", unit.code, format_vi(day))
}

#[derive(Deserialize)]
pub struct DayQuery {
    ngay: Option<String>,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    tr: Tr,
    chrome: Option<Chrome>,
    unit_name: String,
    unit_code: String,
    validity: String,
    day: String,
    crumbs: Vec<Link>,
    has_children_level: bool,
    children: Vec<Link>,
    show_institutions: bool,
    institutions: Vec<InstitutionLink>,
    successors: Vec<Link>,
    predecessors: Vec<Link>,
}

struct InstitutionLink {
    href: String,
    label: String,
    note: &'static str,
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    Query(query): Query<DayQuery>,
) -> Result<Response, PageFailure> {
    let requested = query
        .ngay
        .as_deref()
        .filter(|d| !d.is_empty())
        .map(lookup::parse_day)
        .transpose()?;
    let unit = lookup::unit(&state, &code, requested).await?;
    require_unit(&state, &caller, Action::ViewUnit, &unit).await?;
    let day = requested.unwrap_or_else(|| lookup::day_within(&unit));

    let mut crumbs = Vec::new();
    for ancestor in state
        .store
        .ancestors(unit.id)
        .await?
        .into_iter()
        .skip(1)
        .rev()
    {
        if allows_unit(&state, &caller, Action::ViewUnit, &ancestor).await? {
            crumbs.push(Link {
                href: href_on(&ancestor, day),
                label: ancestor.name,
            });
        }
    }
    let children = lookup::children_in_order(&state, &unit)
        .await?
        .into_iter()
        .map(|child| Link {
            href: href_on(&child, day),
            label: child.name,
        })
        .collect();
    let show_institutions = unit.level != UnitLevel::Province;
    let institutions = if show_institutions {
        lookup::institutions_in_order(&state, &unit, None)
            .await?
            .into_iter()
            .map(|i| InstitutionLink {
                href: format!("/co-so/{}", i.code),
                label: i.name,
                note: labels::institution_kind(caller.lang, i.kind),
            })
            .collect()
    } else {
        Vec::new()
    };
    let tr = Tr(caller.lang);
    let successors = succession_links(
        &state,
        tr,
        &state.store.successions_from(unit.id).await?,
        |s| s.new_unit_id,
    )
    .await?;
    let predecessors = succession_links(
        &state,
        tr,
        &state.store.successions_to(unit.id).await?,
        |s| s.old_unit_id,
    )
    .await?;

    let page = UnitPage {
        tr: Tr(caller.lang),
        unit_name: unit.name.clone(),
        unit_code: unit.code.clone(),
        validity: validity_text(tr, &unit),
        day: format_vi(day),
        crumbs,
        has_children_level: unit.level != UnitLevel::Commune,
        children,
        show_institutions,
        institutions,
        successors,
        predecessors,
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}

async fn succession_links(
    state: &AppState,
    tr: Tr,
    successions: &[Succession],
    other: impl Fn(&Succession) -> i64,
) -> Result<Vec<Link>, PageFailure> {
    let mut links = Vec::new();
    for succession in successions {
        if let Some(unit) = state.store.unit(other(succession)).await? {
            let label = if succession.kind.carries_figures() {
                unit.name.clone()
            } else {
                format!("{} ({})", unit.name, tr.t("unit.part"))
            };
            links.push(Link {
                href: href(&unit),
                label,
            });
        }
    }
    Ok(links)
}

fn validity_text(tr: Tr, unit: &Unit) -> String {
    let (from, until) = (tr.t("unit.valid_from"), tr.t("unit.valid_until"));
    match (unit.validity.from, unit.validity.to) {
        (None, None) => tr.t("unit.valid_always").into(),
        (None, Some(to)) => format!("{until} {}", format_vi(to)),
        (Some(from_day), None) => format!("{from} {}", format_vi(from_day)),
        (Some(from_day), Some(to)) => {
            format!("{from} {} {until} {}", format_vi(from_day), format_vi(to))
        }
    }
}

#[derive(Template)]
#[template(path = "provinces.html")]
struct ProvincesPage {
    tr: Tr,
    chrome: Option<Chrome>,
    day: String,
    provinces: Vec<Link>,
}

/// The provinces on a date (today by default), for users whose scope is the whole country.
pub async fn provinces(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Query(query): Query<DayQuery>,
) -> Result<Response, PageFailure> {
    if !(caller.user.role.can(Action::ViewUnit) && caller.user.scope == domain::Scope::Everywhere) {
        crate::audit::record_user(&state, &caller.user, "access_denied", "page", "don-vi", "")
            .await;
        return Err(crate::failure::Failure::Forbidden.into());
    }
    let day = query
        .ngay
        .as_deref()
        .filter(|d| !d.is_empty())
        .map(lookup::parse_day)
        .transpose()?
        .unwrap_or_else(lookup::today);
    let mut provinces: Vec<Unit> = state
        .store
        .all_units()
        .await?
        .into_iter()
        .filter(|u| u.level == UnitLevel::Province && u.validity.contains(day))
        .collect();
    domain::text::sort_by_vi(&mut provinces, |u| domain::text::strip_unit_type(&u.name));
    let page = ProvincesPage {
        tr: Tr(caller.lang),
        day: format_vi(day),
        provinces: provinces
            .iter()
            .map(|u| Link {
                href: href_on(u, day),
                label: u.name.clone(),
            })
            .collect(),
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}
