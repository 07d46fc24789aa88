//! `GET /api/v1/units/{code}/streaming` and `/indicators`: live figures of a unit and of each
//! unit under it, from the roll-up engine (no scan of records).

use std::collections::BTreeMap;

use crate::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::{Action, Destination, Level};
use serde::{Deserialize, Serialize};
use store::Unit;
use utoipa::{IntoParams, ToSchema};

use crate::access::require_unit;
use crate::auth::ApiCaller;
use crate::failure::{ApiFailure, Failure};
use crate::lookup;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FigureQuery {
    /// The year the cohort graduates (2024 = school year 2023-2024); the latest by default.
    pub year: Option<i32>,
    /// thcs or thpt.
    pub level: Option<String>,
    /// The date of the tree to use (ISO 8601); by default 30 June of the year, the tree the
    /// cohort graduated in.
    pub on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitFigures {
    pub code: String,
    pub name: String,
    pub level: String,
    pub graduates: u64,
    /// Graduates per destination code (every code of the level, zeros included).
    pub counts: BTreeMap<String, u64>,
}

#[derive(Serialize, ToSchema)]
pub struct StreamingView {
    pub year: i32,
    pub level: String,
    #[serde(flatten)]
    pub unit: UnitFigures,
    /// The units under it, in Vietnamese order.
    pub children: Vec<UnitFigures>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorFigure {
    pub code: String,
    pub name: String,
    /// A percentage with two decimals; null without graduates (or schools) to count.
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    pub target: Option<f64>,
    /// met, not_met, no_target, no_data.
    pub status: String,
    /// The share of the counted graduates whose destination is still unknown.
    pub unknown_share: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitIndicators {
    pub code: String,
    pub name: String,
    pub indicators: Vec<IndicatorFigure>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorsView {
    pub year: i32,
    pub level: String,
    #[serde(flatten)]
    pub unit: UnitIndicators,
    pub children: Vec<UnitIndicators>,
}

struct Resolved {
    unit: Unit,
    children: Vec<Unit>,
    year: i32,
    level: Level,
}

async fn resolve(
    state: &AppState,
    caller: &crate::auth::Caller,
    code: &str,
    query: &FigureQuery,
) -> Result<Resolved, Failure> {
    let year = query.year.unwrap_or_else(lookup::latest_cohort_year);
    let level = match query.level.as_deref() {
        None | Some("") => Level::Thcs,
        Some(raw) => Level::parse(raw).ok_or_else(|| {
            Failure::BadRequest(format!("Cấp học “{raw}” không hợp lệ (thcs, thpt).").into())
        })?,
    };
    let on = match query.on.as_deref() {
        Some(raw) if !raw.is_empty() => lookup::parse_day(raw)?,
        _ => NaiveDate::from_ymd_opt(year, 6, 30)
            .ok_or_else(|| Failure::BadRequest(format!("Năm {year} không hợp lệ.").into()))?,
    };
    let unit = lookup::unit(state, code, Some(on)).await?;
    require_unit(state, caller, Action::ViewUnit, &unit).await?;
    let children = lookup::children_in_order(state, &unit).await?;
    Ok(Resolved {
        unit,
        children,
        year,
        level,
    })
}

fn figures_of(figures: &analytics::Snapshot, unit: &Unit, level: Level) -> UnitFigures {
    let tally = figures
        .unit(unit.id)
        .graduates(level)
        .tally(analytics::Filter::default());
    let counts = Destination::for_level(level)
        .iter()
        .map(|d| {
            (
                d.code().to_string(),
                u64::from(tally[analytics::tally::destination_index(*d)]),
            )
        })
        .collect();
    UnitFigures {
        code: unit.code.clone(),
        name: unit.name.clone(),
        level: unit.level.code().into(),
        graduates: analytics::tally::total(&tally),
        counts,
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/units/{code}/streaming",
    tag = "figures",
    params(("code" = String, Path, description = "Mã đơn vị"), FigureQuery),
    responses(
        (status = 200, description = "Số học sinh tốt nghiệp và số theo từng hướng đi, của đơn vị và từng đơn vị trực thuộc", body = StreamingView),
        (status = 403, description = "Ngoài phạm vi quản lý", body = crate::failure::ErrorBody),
        (status = 404, description = "Không có đơn vị", body = crate::failure::ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn streaming(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
    Query(query): Query<FigureQuery>,
) -> Result<Json<StreamingView>, ApiFailure> {
    let r = resolve(&state, &caller, &code, &query).await?;
    let figures = snapshot_of(&state, &r).await?;
    Ok(Json(StreamingView {
        year: r.year,
        level: r.level.code().into(),
        unit: figures_of(&figures, &r.unit, r.level),
        children: r
            .children
            .iter()
            .map(|c| figures_of(&figures, c, r.level))
            .collect(),
    }))
}

/// The figures of the unit asked for and of its subordinate units, in one read.
async fn snapshot_of(
    state: &AppState,
    r: &Resolved,
) -> Result<std::sync::Arc<analytics::Snapshot>, store::StoreError> {
    let ids: Vec<i64> = std::iter::once(r.unit.id)
        .chain(r.children.iter().map(|c| c.id))
        .collect();
    state.analytics.snapshot(&ids, r.year).await
}

fn indicators_of(
    figures: &analytics::Snapshot,
    unit: &Unit,
    level: Level,
    targets: &analytics::indicators::Targets,
) -> UnitIndicators {
    let values = analytics::indicators::evaluate(
        figures,
        &domain::indicator::defaults(),
        unit.id,
        level,
        targets,
    );
    UnitIndicators {
        code: unit.code.clone(),
        name: unit.name.clone(),
        indicators: values
            .into_iter()
            .map(|v| IndicatorFigure {
                code: v.code,
                name: v.name,
                value: v.value,
                numerator: v.numerator,
                denominator: v.denominator,
                target: v.target,
                status: v.status.code().into(),
                unknown_share: v.unknown_share,
            })
            .collect(),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/units/{code}/indicators",
    tag = "figures",
    params(("code" = String, Path, description = "Mã đơn vị"), FigureQuery),
    responses(
        (status = 200, description = "Giá trị từng chỉ tiêu so với chỉ tiêu được giao, của đơn vị và từng đơn vị trực thuộc", body = IndicatorsView),
        (status = 403, description = "Ngoài phạm vi quản lý", body = crate::failure::ErrorBody),
        (status = 404, description = "Không có đơn vị", body = crate::failure::ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn indicators(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
    Query(query): Query<FigureQuery>,
) -> Result<Json<IndicatorsView>, ApiFailure> {
    let r = resolve(&state, &caller, &code, &query).await?;
    let targets: analytics::indicators::Targets = state
        .store
        .targets(r.year)
        .await?
        .into_iter()
        .map(|t| ((t.indicator_code, t.unit_id, t.level), t.value))
        .collect();
    let figures = snapshot_of(&state, &r).await?;
    let unit = indicators_of(&figures, &r.unit, r.level, &targets);
    let children = r
        .children
        .iter()
        .map(|c| indicators_of(&figures, c, r.level, &targets))
        .collect();
    Ok(Json(IndicatorsView {
        year: r.year,
        level: r.level.code().into(),
        unit,
        children,
    }))
}
