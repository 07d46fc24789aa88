//! Creating user accounts, from the web form and from `huongnghiep user add`: the same checks
//! either way (name, password strength, a role below the creator's, a scope strictly inside
//! the creator's own in today's tree).

use domain::{Role, Scope};
use store::{NewUser, Store, UserRecord};

use crate::auth::secrets::hash_password;
use crate::failure::{Failure, Msg};

pub const MIN_PASSWORD_CHARS: usize = 10;

/// What someone asks for when creating an account.
pub struct AccountRequest {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    /// The unit code of an office role (resolved on today's tree, else its last version).
    pub unit_code: Option<String>,
    /// The institution code of an institution role.
    pub institution_code: Option<String>,
}

/// The field of the account form a refusal is about, so that the page shows it beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Username,
    DisplayName,
    Password,
    Role,
    Unit,
    Institution,
}

/// A refused account: why, and which field (none for a refusal of the whole request, such as a
/// scope outside the creator's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub field: Option<Field>,
    pub failure: Failure,
}

fn at(field: Field) -> impl FnOnce(Failure) -> Refused {
    move |failure| Refused {
        field: Some(field),
        failure,
    }
}

fn whole(failure: Failure) -> Refused {
    Refused {
        field: None,
        failure,
    }
}

/// Checks the request and creates the account. `creator` is `None` for the command line, which
/// runs with the operator's full rights.
pub async fn create(
    store: &dyn Store,
    creator: Option<&UserRecord>,
    request: AccountRequest,
) -> Result<i64, Failure> {
    create_checked(store, creator, request)
        .await
        .map_err(|refused| refused.failure)
}

/// `create`, saying which field a refusal is about.
pub async fn create_checked(
    store: &dyn Store,
    creator: Option<&UserRecord>,
    request: AccountRequest,
) -> Result<i64, Refused> {
    let username = domain::text::clean(&request.username).to_lowercase();
    let valid_name = (3..=domain::limits::USERNAME.max_chars).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if !valid_name {
        return Err(at(Field::Username)(Failure::BadRequest(Msg::new(
            "Tên đăng nhập gồm 3-40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
            "A username has 3-40 characters: lower-case letters without accents, digits, dots, underscores, hyphens.",
        ))));
    }
    if request.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(at(Field::Password)(Failure::BadRequest(Msg::new(
            format!("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự."),
            format!("A password has at least {MIN_PASSWORD_CHARS} characters."),
        ))));
    }
    let display_name = domain::text::clean(&request.display_name);
    if display_name.is_empty() {
        return Err(at(Field::DisplayName)(Failure::BadRequest(Msg::new(
            "Cần nhập họ và tên người dùng.",
            "The user's full name is needed.",
        ))));
    }
    domain::limits::DISPLAY_NAME
        .check(&display_name)
        .map_err(|too_long| at(Field::DisplayName)(too_long.into()))?;
    if let Some(creator) = creator
        && !creator.role.may_grant(request.role)
    {
        return Err(at(Field::Role)(Failure::Forbidden));
    }
    let scope = scope_of(store, &request).await?;
    if let Some(creator) = creator
        && !creator_covers(store, &creator.scope, &scope)
            .await
            .map_err(whole)?
    {
        return Err(whole(Failure::Forbidden));
    }
    let password_hash = hash_password(&request.password).map_err(|_| whole(Failure::Internal))?;
    let created = store
        .create_user(&NewUser {
            username,
            display_name,
            password_hash,
            role: request.role,
            scope,
        })
        .await;
    match created {
        Ok(id) => Ok(id),
        Err(store::StoreError::Conflict(_)) => {
            Err(at(Field::Username)(Failure::Conflict(Msg::new(
                "Tên đăng nhập này đã có người dùng; hãy chọn tên khác.",
                "This username is taken; please choose another.",
            ))))
        }
        Err(other) => Err(whole(other.into())),
    }
}

async fn scope_of(store: &dyn Store, request: &AccountRequest) -> Result<Scope, Refused> {
    let unit_code = request
        .unit_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let institution_code = request
        .institution_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if request.role == Role::Admin {
        return Ok(Scope::Everywhere);
    }
    if request.role.is_institution_scoped() {
        let code = institution_code.ok_or_else(|| {
            at(Field::Institution)(Failure::BadRequest(Msg::new(
                "Vai trò này cần mã cơ sở (trường, cơ sở GDNN hoặc doanh nghiệp).",
                "This role needs an institution code (a school, a vocational institution or an enterprise).",
            )))
        })?;
        let institution = store
            .institution(code)
            .await
            .map_err(|e| whole(e.into()))?
            .ok_or_else(|| {
                at(Field::Institution)(Failure::BadRequest(Msg::new(
                    format!("Không có cơ sở mã {code}."),
                    format!("There is no institution with the code {code}."),
                )))
            })?;
        return Ok(Scope::Institution {
            code: institution.code,
        });
    }
    let code = unit_code.ok_or_else(|| {
        at(Field::Unit)(Failure::BadRequest(Msg::new(
            "Vai trò này cần mã đơn vị hành chính.",
            "This role needs an administrative unit code.",
        )))
    })?;
    let today = chrono::Utc::now().date_naive();
    let unit = match store
        .unit_on(code, today)
        .await
        .map_err(|e| whole(e.into()))?
    {
        Some(unit) => Some(unit),
        None => store
            .unit_on(code, domain::unit::last_legacy_date())
            .await
            .map_err(|e| whole(e.into()))?,
    }
    .ok_or_else(|| {
        at(Field::Unit)(Failure::BadRequest(Msg::new(
            format!("Không có đơn vị hành chính mã {code}."),
            format!("There is no administrative unit with the code {code}."),
        )))
    })?;
    Ok(Scope::Unit { unit_id: unit.id })
}

/// Whether the creator may hand out the new account's scope, decided in today's tree: an
/// office account only for a unit strictly below the creator's own (only the unit above, or an
/// administrator, creates the officers of a unit), an institution account only for an
/// institution inside it. An account whose unit has ended (the old district's, after the
/// reform) keeps reading its period's records but grants nothing.
async fn creator_covers(store: &dyn Store, creator: &Scope, new: &Scope) -> Result<bool, Failure> {
    let Scope::Unit {
        unit_id: creator_unit,
    } = creator
    else {
        return Ok(*creator == Scope::Everywhere);
    };
    let location = match new {
        Scope::Everywhere => return Ok(false),
        Scope::Unit { unit_id } if unit_id == creator_unit => return Ok(false),
        Scope::Unit { unit_id } => *unit_id,
        Scope::Institution { code } => match store.institution(code).await? {
            Some(i) => i.commune_unit_id,
            None => return Ok(false),
        },
    };
    let today = chrono::Utc::now().date_naive();
    Ok(store::containing_units_on(store, location, today)
        .await?
        .contains(creator_unit))
}
