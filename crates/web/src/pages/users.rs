//! The users page: the accounts inside one's scope, and a form to add one.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::{Action, Role, Scope};
use serde::Deserialize;

use super::{Chrome, Form, check_csrf, render, role_choices, scope_label};
use crate::access::require_role;
use crate::accounts::{self, AccountRequest};
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, PageFailure};
use crate::i18n::{Tr, role_label};
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
    username: String,
    display_name: String,
    role: &'static str,
    scope: String,
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
        rows.push(UserRow {
            username: user.username,
            display_name: user.display_name,
            role: role_label(caller.lang, user.role),
            scope: scope_label(state, &user.scope).await,
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
