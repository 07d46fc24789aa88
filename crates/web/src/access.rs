//! Scope checks for handlers: the role must allow the action and the user's scope must contain
//! the subject. A unit or an institution is reached from the unit itself or a later unit
//! carrying it; a person's record is decided in the tree of the record's own period (an old
//! commune's officer keeps the cohorts of its schools up to the reform, and nothing of the
//! communes merged with it later). Refusals are audited.

use domain::access::{Subject, permits};
use domain::{Action, Scope};
use store::{Institution, Unit};

use crate::audit;
use crate::auth::Caller;
use crate::failure::Failure;
use crate::state::AppState;

/// Allows the action on a unit, or refuses with `Forbidden`.
pub async fn require_unit(
    state: &AppState,
    caller: &Caller,
    action: Action,
    unit: &Unit,
) -> Result<(), Failure> {
    let subject = Subject {
        containing_units: state.store.containing_units(unit.id).await?,
        institution: None,
    };
    decide(state, caller, action, &subject, "unit", &unit.code).await
}

/// Allows the action on an institution, or refuses with `Forbidden`.
pub async fn require_institution(
    state: &AppState,
    caller: &Caller,
    action: Action,
    institution: &Institution,
) -> Result<(), Failure> {
    let subject = Subject {
        containing_units: state
            .store
            .containing_units(institution.commune_unit_id)
            .await?,
        institution: Some(institution.code.clone()),
    };
    decide(
        state,
        caller,
        action,
        &subject,
        "institution",
        &institution.code,
    )
    .await
}

/// Allows the action on a school's records of one cohort (personal data), or refuses with
/// `Forbidden`: the caller's unit must have contained the school in the tree of the cohort's
/// period, or carry a unit that did.
pub async fn require_records(
    state: &AppState,
    caller: &Caller,
    action: Action,
    institution: &Institution,
    year: i32,
) -> Result<(), Failure> {
    let subject = Subject {
        containing_units: store::containing_units_on(
            state.store.as_ref(),
            institution.commune_unit_id,
            domain::period::cohort_day(year),
        )
        .await?,
        institution: Some(institution.code.clone()),
    };
    decide(
        state,
        caller,
        action,
        &subject,
        "graduates",
        &format!("{}/{year}", institution.code),
    )
    .await
}

/// Allows an action that is not about one subject (user management, the audit log).
pub async fn require_role(
    state: &AppState,
    caller: &Caller,
    action: Action,
) -> Result<(), Failure> {
    if caller.user.role.can(action) {
        return Ok(());
    }
    audit::record_user(
        state,
        &caller.user,
        "access_denied",
        "page",
        &format!("{action:?}"),
        "",
    )
    .await;
    Err(Failure::Forbidden)
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    action: Action,
    subject: &Subject,
    kind: &str,
    id: &str,
) -> Result<(), Failure> {
    if permits(caller.user.role, &caller.user.scope, action, subject) {
        return Ok(());
    }
    audit::record_user(
        state,
        &caller.user,
        "access_denied",
        kind,
        id,
        &format!("{action:?}"),
    )
    .await;
    Err(Failure::Forbidden)
}

/// Whether the caller may do the action on a unit, without auditing (for links and menus).
pub async fn allows_unit(
    state: &AppState,
    caller: &Caller,
    action: Action,
    unit: &Unit,
) -> Result<bool, Failure> {
    let subject = Subject {
        containing_units: state.store.containing_units(unit.id).await?,
        institution: None,
    };
    Ok(permits(
        caller.user.role,
        &caller.user.scope,
        action,
        &subject,
    ))
}

/// The unit a scope starts from, for the home page and menus.
pub async fn scope_unit(state: &AppState, scope: &Scope) -> Result<Option<Unit>, Failure> {
    match scope {
        Scope::Unit { unit_id } => Ok(state.store.unit(*unit_id).await?),
        _ => Ok(None),
    }
}
