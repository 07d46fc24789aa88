//! `GET /api/v1/units/{code}` and `/units/{code}/institutions`: units as they stood on a date.

use crate::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::{Action, InstitutionKind};
use serde::{Deserialize, Serialize};
use store::Unit;
use utoipa::{IntoParams, ToSchema};

use super::institutions::InstitutionView;
use crate::access::require_unit;
use crate::auth::ApiCaller;
use crate::failure::{ApiFailure, Failure};
use crate::lookup;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// The date the tree is taken on (ISO 8601); today by default.
    pub on: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InstitutionQuery {
    /// The date the tree is taken on (ISO 8601); today by default.
    pub on: Option<String>,
    /// thcs, thpt, th_thcs, thcs_thpt, dtnt, gdnn_gdtx, intermediate, college, university, enterprise.
    pub kind: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
    /// province, district or commune.
    pub level: String,
    /// The type word: Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn, Đặc khu.
    pub kind: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl From<&Unit> for UnitRef {
    fn from(unit: &Unit) -> Self {
        UnitRef {
            code: unit.code.clone(),
            name: unit.name.clone(),
            level: unit.level.code().into(),
            kind: unit.kind.clone(),
            valid_from: unit.validity.from,
            valid_to: unit.validity.to,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    #[serde(flatten)]
    pub unit: UnitRef,
    pub parent: Option<UnitRef>,
    /// In Vietnamese order of their names.
    pub children: Vec<UnitRef>,
}

fn day_of(raw: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    raw.map(lookup::parse_day).transpose()
}

#[utoipa::path(
    get,
    path = "/api/v1/units/{code}",
    tag = "units",
    params(("code" = String, Path, description = "Mã đơn vị (2, 3 hoặc 5 chữ số)"), UnitQuery),
    responses(
        (status = 200, description = "Đơn vị có hiệu lực vào ngày đã cho", body = UnitView),
        (status = 403, description = "Ngoài phạm vi quản lý", body = crate::failure::ErrorBody),
        (status = 404, description = "Không có đơn vị mang mã này vào ngày đó", body = crate::failure::ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_unit(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
    Query(query): Query<UnitQuery>,
) -> Result<Json<UnitView>, ApiFailure> {
    let day = day_of(query.on.as_deref())?.unwrap_or_else(lookup::today);
    let unit = lookup::unit(&state, &code, Some(day)).await?;
    require_unit(&state, &caller, Action::ViewUnit, &unit).await?;
    let parent = match unit.parent_id {
        Some(id) => state.store.unit(id).await?.as_ref().map(UnitRef::from),
        None => None,
    };
    let children = lookup::children_in_order(&state, &unit).await?;
    Ok(Json(UnitView {
        unit: UnitRef::from(&unit),
        parent,
        children: children.iter().map(UnitRef::from).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/units/{code}/institutions",
    tag = "units",
    params(("code" = String, Path, description = "Mã đơn vị"), InstitutionQuery),
    responses(
        (status = 200, description = "Các cơ sở nằm trên địa bàn, theo thứ tự tiếng Việt", body = [InstitutionView]),
        (status = 403, description = "Ngoài phạm vi quản lý", body = crate::failure::ErrorBody),
        (status = 404, description = "Không có đơn vị", body = crate::failure::ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn unit_institutions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
    Query(query): Query<InstitutionQuery>,
) -> Result<Json<Vec<InstitutionView>>, ApiFailure> {
    let day = day_of(query.on.as_deref())?.unwrap_or_else(lookup::today);
    let kind = match query.kind.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(InstitutionKind::parse(raw).ok_or_else(|| {
            Failure::BadRequest(format!("Loại cơ sở “{raw}” không hợp lệ.").into())
        })?),
    };
    let unit = lookup::unit(&state, &code, Some(day)).await?;
    require_unit(&state, &caller, Action::ViewUnit, &unit).await?;
    let found = lookup::institutions_in_order(&state, &unit, kind).await?;
    Ok(Json(found.iter().map(InstitutionView::from).collect()))
}
