//! The institution page: what it is, where it is, who manages it.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::Action;

use super::{Chrome, Link, render};
use crate::access::{allows_unit, require_institution};
use crate::auth::PageCaller;
use crate::failure::PageFailure;
use crate::i18n::Tr;
use crate::labels;
use crate::lookup;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "institution.html")]
struct InstitutionPage {
    tr: Tr,
    chrome: Option<Chrome>,
    crumbs: Vec<Link>,
    code: String,
    name: String,
    kind: &'static str,
    ownership: &'static str,
    location: String,
    manager: String,
    address: String,
    phone: String,
    email: String,
    show_graduates: bool,
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
) -> Result<Response, PageFailure> {
    let institution = lookup::institution(&state, &code).await?;
    require_institution(&state, &caller, Action::ViewInstitution, &institution).await?;
    let chain = state.store.ancestors(institution.commune_unit_id).await?;
    let location = chain
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    // Links up the tree only for users who may browse units; an institution's own staff see text.
    let mut crumbs = Vec::new();
    if caller.user.role.can(Action::ViewUnit) {
        for unit in chain.iter().rev() {
            if allows_unit(&state, &caller, Action::ViewUnit, unit).await? {
                crumbs.push(Link {
                    href: super::units::href(unit),
                    label: unit.name.clone(),
                });
            }
        }
    }
    let manager = state
        .store
        .unit(institution.managing_unit_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let page = InstitutionPage {
        tr: Tr(caller.lang),
        crumbs,
        code: institution.code,
        name: institution.name,
        kind: labels::institution_kind(caller.lang, institution.kind),
        ownership: labels::ownership(caller.lang, institution.ownership),
        location,
        manager,
        address: institution.address,
        phone: institution.phone,
        show_graduates: institution.kind.is_general_school()
            && caller.user.role.can(Action::ViewPersons),
        email: institution.email,
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}
