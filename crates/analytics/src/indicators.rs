//! Indicator values of a unit against its targets, from the engine's counts.

use std::collections::HashMap;

use domain::indicator::{Indicator, LevelScope, Measure, SchoolFlag, Status};
use domain::{Destination, Level};
use serde::Serialize;

use crate::engine::Snapshot;
use crate::tally::{Filter, count_of, total};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub code: String,
    pub name: String,
    /// A percentage with two decimals, or none without a denominator.
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    pub target: Option<f64>,
    pub status: Status,
    /// The share of graduates counted whose destination is still unknown ("chưa rõ"), shown
    /// beside every graduate-based rate.
    pub unknown_share: Option<f64>,
}

/// Targets of one year by (indicator code, unit id, level; `None` for both levels together).
pub type Targets = HashMap<(String, i64, Option<Level>), f64>;

/// The level key a target of this indicator is set under, looking at `level`.
pub fn target_level(indicator: &Indicator, level: Level) -> Option<Level> {
    match indicator.scope {
        LevelScope::Only(only) => Some(only),
        LevelScope::Each => Some(level),
        LevelScope::Both => None,
    }
}

/// A percentage rounded to the two decimals it is published with; none without a whole.
pub(crate) fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 10_000.0 / whole as f64).round() / 100.0)
}

/// The values of the indicators that apply to `level`, for one unit and year.
/// `figures` holds the unit's figures of that year (see `Engine::snapshot`).
pub fn evaluate(
    figures: &Snapshot,
    indicators: &[Indicator],
    unit_id: i64,
    level: Level,
    targets: &Targets,
) -> Vec<IndicatorValue> {
    let figures = figures.unit(unit_id);
    let mut values = Vec::new();
    for indicator in indicators.iter().filter(|i| i.applies_to(level)) {
        let (numerator, denominator, unknown) = match &indicator.measure {
            Measure::GraduateRatio { destinations } => {
                let filter = Filter {
                    minority_only: indicator.minority_only,
                    gender: indicator.gender,
                };
                let (mut n, mut d, mut u) = (0, 0, 0);
                for counted in indicator.levels_counted(level) {
                    let tally = figures.graduates(counted).tally(filter);
                    n += count_of(&tally, destinations);
                    d += total(&tally);
                    u += count_of(&tally, &[Destination::Unknown]);
                }
                (n, d, u)
            }
            Measure::SchoolShare { flag } => {
                let counts = figures.schools(level);
                let with = match flag {
                    SchoolFlag::GuidanceProgramme => counts.with_programme,
                    SchoolFlag::Counsellor => counts.with_counsellor,
                };
                (u64::from(with), u64::from(counts.total), 0)
            }
        };
        let value = percent(numerator, denominator);
        let target = targets
            .get(&(
                indicator.code.clone(),
                unit_id,
                target_level(indicator, level),
            ))
            .copied();
        let unknown_share = match indicator.measure {
            Measure::GraduateRatio { .. } => percent(unknown, denominator),
            Measure::SchoolShare { .. } => None,
        };
        values.push(IndicatorValue {
            code: indicator.code.clone(),
            name: indicator.name.clone(),
            value,
            numerator,
            denominator,
            target,
            status: Status::of(value, target, indicator.comparison),
            unknown_share,
        });
    }
    values
}
