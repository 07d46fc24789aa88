//! The users page: the accounts inside one's scope, and a form to add one.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Action, Role, Scope};
use serde::Deserialize;

use super::feedback::{Confirmed, Kept, Notice};
use super::{Chrome, Form, check_csrf, render, role_choices, scope_label};
use crate::access::require_role;
use crate::accounts::{self, AccountRequest, Field, Refused};
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, Msg, PageFailure};
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
    /// The confirmation of what was just done.
    notice: Option<&'static str>,
    /// A refusal of the whole request (a scope outside the creator's).
    error: Option<String>,
    /// A refused form: what was typed, and the error beside each wrong field.
    form: Kept,
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
    confirmed: Confirmed,
) -> Result<Response, PageFailure> {
    require_role(&state, &caller, Action::ManageUsers).await?;
    page(&state, &caller, confirmed.0, None, Kept::default()).await
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
    // What was typed comes back with a refusal; the password never does.
    let mut kept = Kept::default();
    kept.keep("username", &form.username);
    kept.keep("display_name", &form.display_name);
    kept.keep("role", &form.role);
    kept.keep("unit", form.unit.as_deref().unwrap_or_default());
    kept.keep(
        "institution",
        form.institution.as_deref().unwrap_or_default(),
    );
    let Some(role) = Role::parse(&form.role) else {
        kept.refuse("role", Tr(caller.lang).t("field.role_invalid"));
        return page(&state, &caller, None, None, kept).await;
    };
    let request = AccountRequest {
        username: form.username.clone(),
        display_name: form.display_name,
        password: form.password,
        role,
        unit_code: form.unit,
        institution_code: form.institution,
    };
    match accounts::create_checked(state.store.as_ref(), Some(&caller.user), request).await {
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
            Ok(Redirect::to(&Notice::UserCreated.after("/nguoi-dung")).into_response())
        }
        Err(Refused {
            failure: Failure::Internal,
            ..
        }) => Err(PageFailure(Failure::Internal)),
        Err(Refused { field, failure }) => {
            let message = failure.message_in(caller.lang);
            let answer = match field.map(field_name) {
                Some(name) => {
                    kept.refuse(name, message);
                    page(&state, &caller, None, None, kept).await?
                }
                None => page(&state, &caller, None, Some(message), kept).await?,
            };
            let mut answer = answer;
            *answer.status_mut() = failure.status();
            Ok(answer)
        }
    }
}

/// The name of the form's field a refusal is about.
fn field_name(field: Field) -> &'static str {
    match field {
        Field::Username => "username",
        Field::DisplayName => "display_name",
        Field::Password => "password",
        Field::Role => "role",
        Field::Unit => "unit",
        Field::Institution => "institution",
    }
}

async fn page(
    state: &AppState,
    caller: &Caller,
    notice: Option<Notice>,
    error: Option<String>,
    form: Kept,
) -> Result<Response, PageFailure> {
    let refused = form.is_refused();
    let mut rows = Vec::new();
    for user in state.store.users().await? {
        if !inside_scope(state, &caller.user.scope, &user.scope).await? {
            continue;
        }
        let mut heirs = Vec::new();
        let mut scope = scope_label(state, caller.lang, &user.scope).await;
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
        notice: notice.map(|n| n.text(caller.lang)),
        error,
        form,
        chrome: Some(Chrome::of(state, caller).await),
    };
    if refused {
        return Ok((StatusCode::BAD_REQUEST, render(&page)).into_response());
    }
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
    let user = state.store.user(id).await?.ok_or_else(|| {
        Failure::NotFound(Msg::new(
            format!("tài khoản #{id}"),
            format!("account #{id}"),
        ))
    })?;
    let Scope::Unit { unit_id: from } = user.scope else {
        return Err(Failure::BadRequest(Msg::new(
            "Chỉ chuyển được tài khoản của đơn vị hành chính.",
            "Only accounts of administrative units can be moved.",
        ))
        .into());
    };
    let old = state.store.unit(from).await?.ok_or(Failure::Internal)?;
    let heirs = heirs_of(&state, &old).await?;
    let Some(heir) = heirs.iter().find(|h| h.id == form.to) else {
        return Err(Failure::BadRequest(Msg::new(
            format!("Đơn vị được chọn không kế nhiệm {}.", old.name),
            format!("The unit chosen did not succeed {}.", old.name),
        ))
        .into());
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
        &format!("{} → {}", old.name, heir.name),
    )
    .await;
    Ok(Redirect::to(&Notice::UserMoved.after("/nguoi-dung")).into_response())
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
