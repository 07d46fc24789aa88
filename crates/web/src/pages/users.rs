//! The users page: the accounts inside one's scope, and a form to add one.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::{Action, Role, Scope};
use serde::Deserialize;

use super::{Chrome, Form, check_csrf, render, role_choices, scope_label};
use crate::access::require_role;
use crate::accounts::{self, AccountRequest};
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, PageFailure};
use crate::i18n::{Tr, role_label};
use crate::reporting::heirs_of;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    rows: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    message: Option<String>,
    error: Option<String>,
}

struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: &'static str,
    scope: String,
    /// For an account of a unit that ended: the units it may be moved to.
    heirs: Vec<(i64, String)>,
}

pub async fn list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
) -> Result<Response, PageFailure> {
    require_role(&state, &caller, Action::ManageUsers).await?;
    page(&state, &caller, None, None).await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    csrf: String,
    username: String,
    display_name: String,
    password: String,
    role: String,
    unit: Option<String>,
    institution: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Form(form): Form<NewUserForm>,
) -> Result<Response, PageFailure> {
    require_role(&state, &caller, Action::ManageUsers).await?;
    check_csrf(&caller, &form.csrf)?;
    let role = Role::parse(&form.role)
        .ok_or_else(|| Failure::BadRequest("Vai trò không hợp lệ.".into()))?;
    let request = AccountRequest {
        username: form.username.clone(),
        display_name: form.display_name,
        password: form.password,
        role,
        unit_code: form.unit,
        institution_code: form.institution,
    };
    match accounts::create(state.store.as_ref(), Some(&caller.user), request).await {
        Ok(id) => {
            crate::audit::record_user(
                &state,
                &caller.user,
                "create",
                "user",
                &id.to_string(),
                form.role.as_str(),
            )
            .await;
            page(
                &state,
                &caller,
                Some(format!("Đã tạo người dùng {}.", form.username)),
                None,
            )
            .await
        }
        Err(Failure::Internal) => Err(PageFailure(Failure::Internal)),
        Err(failure) => page(&state, &caller, None, Some(failure.message())).await,
    }
}

async fn page(
    state: &AppState,
    caller: &Caller,
    message: Option<String>,
    error: Option<String>,
) -> Result<Response, PageFailure> {
    let mut rows = Vec::new();
    for user in state.store.users().await? {
        if !inside_scope(state, &caller.user.scope, &user.scope).await? {
            continue;
        }
        let mut heirs = Vec::new();
        let mut scope = scope_label(state, &user.scope).await;
        if let Scope::Unit { unit_id } = user.scope
            && let Some(unit) = state.store.unit(unit_id).await?
            && let Some(end) = unit.validity.to
            && end < crate::lookup::today()
        {
            scope = format!(
                "{scope} ({} {})",
                Tr(caller.lang).t("home.ended"),
                interchange::dates::format_vi(end)
            );
            for heir in heirs_of(state, &unit).await? {
                if inside_scope(state, &caller.user.scope, &Scope::Unit { unit_id: heir.id })
                    .await?
                {
                    heirs.push((heir.id, heir.name));
                }
            }
        }
        rows.push(UserRow {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            role: role_label(caller.lang, user.role),
            scope,
            heirs,
        });
    }
    let page = UsersPage {
        tr: Tr(caller.lang),
        csrf: caller.csrf_token.clone(),
        rows,
        roles: role_choices(caller.lang, caller.user.role),
        message,
        error,
        chrome: Some(Chrome::of(state, caller).await),
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct MoveForm {
    csrf: String,
    to: i64,
}

/// The role an officer's account takes in the unit it moves to: the officer of that level.
fn role_in(role: Role, level: domain::UnitLevel) -> Role {
    match role {
        Role::ProvinceOfficer | Role::DistrictOfficer | Role::CommuneOfficer => match level {
            domain::UnitLevel::Province => Role::ProvinceOfficer,
            domain::UnitLevel::District => Role::DistrictOfficer,
            domain::UnitLevel::Commune => Role::CommuneOfficer,
        },
        other => other,
    }
}

/// Moves the account of a unit that ended to one of the units that carry its work now.
pub async fn move_to_heir(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> Result<Response, PageFailure> {
    require_role(&state, &caller, Action::ManageUsers).await?;
    check_csrf(&caller, &form.csrf)?;
    let user = state
        .store
        .user(id)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("tài khoản #{id}")))?;
    let Scope::Unit { unit_id: from } = user.scope else {
        return Err(
            Failure::BadRequest("Chỉ chuyển được tài khoản của đơn vị hành chính.".into()).into(),
        );
    };
    let old = state.store.unit(from).await?.ok_or(Failure::Internal)?;
    let heirs = heirs_of(&state, &old).await?;
    let Some(heir) = heirs.iter().find(|h| h.id == form.to) else {
        return Err(
            Failure::BadRequest(format!("Đơn vị được chọn không kế nhiệm {}.", old.name)).into(),
        );
    };
    if !inside_scope(&state, &caller.user.scope, &user.scope).await?
        || !inside_scope(
            &state,
            &caller.user.scope,
            &Scope::Unit { unit_id: heir.id },
        )
        .await?
    {
        return Err(Failure::Forbidden.into());
    }
    let role = role_in(user.role, heir.level);
    state.store.move_user(id, from, heir.id, role).await?;
    crate::audit::record_user(
        &state,
        &caller.user,
        "move_user",
        "user",
        &id.to_string(),
        &format!("{} → {}", old.id, heir.id),
    )
    .await;
    page(
        &state,
        &caller,
        Some(format!(
            "Đã chuyển tài khoản {} sang {} ({}).",
            user.username,
            heir.name,
            role_label(caller.lang, role)
        )),
        None,
    )
    .await
}

/// Whether an account's scope lies inside the viewer's.
pub async fn inside_scope(
    state: &AppState,
    viewer: &Scope,
    other: &Scope,
) -> Result<bool, Failure> {
    let Scope::Unit {
        unit_id: viewer_unit,
    } = viewer
    else {
        return Ok(*viewer == Scope::Everywhere);
    };
    let location = match other {
        Scope::Everywhere => return Ok(false),
        Scope::Unit { unit_id } => *unit_id,
        Scope::Institution { code } => match state.store.institution(code).await? {
            Some(institution) => institution.commune_unit_id,
            None => return Ok(false),
        },
    };
    Ok(state
        .store
        .containing_units(location)
        .await?
        .contains(viewer_unit))
}
