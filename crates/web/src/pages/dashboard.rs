//! The dashboard of a unit: each indicator against its target with its status, the subordinate
//! units ranked (the emulation ranking) with the rate-against-target chart, the schools of a
//! commune, and the trend over the years; filters by level, gender and ethnic minority.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use domain::indicator::{Indicator, LevelScope, Measure};
use domain::report::{ReportFormat, ReportKind};
use domain::{Action, Gender, Level, UnitLevel};
use interchange::dates::format_vi;
use serde::Deserialize;

use analytics::chart::{Bar, format_percent, rate_chart_narrow_with, rate_chart_with};
use analytics::indicators::{IndicatorValue, Targets, evaluate};
use analytics::tally::{Filter, count_of, total};

use super::{Chrome, Link, render};
use crate::access::{allows_unit, require_unit};
use crate::auth::PageCaller;
use crate::failure::{Failure, PageFailure};
use crate::i18n::{Lang, Tr};
use crate::labels;
use crate::lookup;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct DashboardQuery {
    ngay: Option<String>,
    nam: Option<i32>,
    cap: Option<String>,
    gioi: Option<String>,
    dtts: Option<String>,
}

struct IndicatorRow {
    name: String,
    value: String,
    target: String,
    status: &'static str,
    status_code: &'static str,
    count: String,
    unknown: String,
}

struct RankRow {
    rank: usize,
    name: String,
    href: String,
    value: String,
    target: String,
    gap: String,
    status: &'static str,
    status_code: &'static str,
    count: String,
    unknown: String,
}

struct SchoolRow {
    name: String,
    href: Option<String>,
    graduates: u64,
    value: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    tr: Tr,
    chrome: Option<Chrome>,
    /// Why the page opened on a year other than the newest, or why no year has targets.
    year_note: Option<String>,
    crumbs: Vec<Link>,
    unit_name: String,
    unit_href: String,
    year: i32,
    years: Vec<i32>,
    level_code: &'static str,
    levels: Vec<(&'static str, &'static str)>,
    gender_code: &'static str,
    genders: Vec<(&'static str, &'static str)>,
    minority: bool,
    /// With Vietnamese thousands ("26.326").
    graduates: String,
    unknown_share: String,
    indicators: Vec<IndicatorRow>,
    main_indicator: String,
    ranking: Vec<RankRow>,
    chart: String,
    target_check: Option<String>,
    schools: Vec<SchoolRow>,
    trend: Vec<(i32, String, String, String)>,
    /// The official reports of this unit and year, as files.
    reports: Vec<Link>,
}

fn percent_text(value: Option<f64>) -> String {
    value.map(format_percent).unwrap_or_else(|| "—".into())
}

fn indicator_row(lang: Lang, v: &IndicatorValue) -> IndicatorRow {
    IndicatorRow {
        name: labels::indicator(lang, &v.code, &v.name),
        value: percent_text(v.value),
        target: percent_text(v.target),
        status: labels::status(lang, v.status),
        status_code: v.status.code(),
        count: format!("{}/{}", v.numerator, v.denominator),
        unknown: percent_text(v.unknown_share),
    }
}

/// The indicators with the dashboard's filter applied to the graduate-based ones.
fn filtered(filter: Filter) -> Vec<Indicator> {
    domain::indicator::defaults()
        .into_iter()
        .map(|mut i| {
            if matches!(i.measure, Measure::GraduateRatio { .. }) {
                i.minority_only |= filter.minority_only;
                i.gender = i.gender.or(filter.gender);
            }
            i
        })
        .collect()
}

/// The year a dashboard opens on when the link does not say: the newest year with both figures
/// and targets for the unit, not a year whose handful of records (a test upload) is under half
/// of the unit's fullest year; with a sentence saying why when it is not the newest year, or when
/// no year has targets.
async fn default_year(
    state: &AppState,
    unit: &store::Unit,
    years: &[i32],
    tr: Tr,
) -> Result<(i32, Option<String>), Failure> {
    let mut seen = Vec::with_capacity(years.len());
    for &year in years {
        let figures = state.analytics.snapshot(&[unit.id], year).await?;
        let graduates: u64 = Level::ALL
            .iter()
            .map(|level| {
                total(
                    &figures
                        .unit(unit.id)
                        .graduates(*level)
                        .tally(Filter::default()),
                )
            })
            .sum();
        let has_targets = state
            .store
            .targets(year)
            .await?
            .iter()
            .any(|t| t.unit_id == unit.id);
        seen.push((year, graduates, has_targets));
    }
    let fullest = seen.iter().map(|s| s.1).max().unwrap_or(0);
    let complete = |graduates: u64| graduates > 0 && graduates * 2 >= fullest;
    let chosen = seen
        .iter()
        .find(|s| s.2 && complete(s.1))
        .or_else(|| seen.iter().find(|s| complete(s.1)))
        .or(seen.first())
        .copied();
    let Some((year, _, has_targets)) = chosen else {
        return Ok((lookup::latest_cohort_year(), None));
    };
    let mut reasons = Vec::new();
    for (newer, graduates, targets) in seen.iter().take_while(|s| s.0 != year) {
        let mut why = Vec::new();
        if !complete(*graduates) {
            why.push(format!(
                "{} {} {}",
                tr.t("dashboard.only"),
                domain::report::format_count(*graduates),
                tr.t("dashboard.graduates_recorded")
            ));
        }
        if !targets {
            why.push(tr.t("dashboard.no_targets_year").to_string());
        }
        reasons.push(format!(
            "{} {newer}: {}",
            tr.t("graduates.year"),
            why.join("; ")
        ));
    }
    let note = if !has_targets {
        Some(format!(
            "{} {}. {}",
            tr.t("dashboard.no_targets_any"),
            unit.name,
            tr.t("dashboard.showing_latest_figures")
        ))
    } else if !reasons.is_empty() {
        Some(format!(
            "{} {year}, {}. {}.",
            tr.t("dashboard.showing"),
            tr.t("dashboard.newest_complete"),
            reasons.join(". ")
        ))
    } else {
        None
    };
    Ok((year, note))
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, PageFailure> {
    let years = {
        let mut years = state.analytics.years().await?;
        if years.is_empty() {
            years.push(lookup::latest_cohort_year());
        }
        years
    };
    let level = query
        .cap
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or(Level::Thcs);
    let gender = query.gioi.as_deref().and_then(Gender::parse);
    let filter = Filter {
        minority_only: query.dtts.is_some(),
        gender,
    };
    let asked_day = match query.ngay.as_deref().filter(|d| !d.is_empty()) {
        Some(raw) => Some(lookup::parse_day(raw)?),
        None => None,
    };
    let tr = Tr(caller.lang);
    let (year, year_note) = match query.nam {
        Some(year) => (year, None),
        None => {
            let unit = lookup::unit(&state, &code, asked_day).await?;
            let choice = default_year(&state, &unit, &years, tr).await?;
            (choice.0, choice.1)
        }
    };
    let day = match asked_day {
        Some(day) => day,
        None => NaiveDate::from_ymd_opt(year, 6, 30)
            .ok_or_else(|| Failure::BadRequest("Năm không hợp lệ.".into()))?,
    };
    let unit = lookup::unit(&state, &code, Some(day)).await?;
    require_unit(&state, &caller, Action::ViewUnit, &unit).await?;

    let indicators = filtered(filter);
    let targets: Targets = state
        .store
        .targets(year)
        .await?
        .into_iter()
        .map(|t| ((t.indicator_code, t.unit_id, t.level), t.value))
        .collect();
    let children = lookup::children_in_order(&state, &unit).await?;
    let ids: Vec<i64> = std::iter::once(unit.id)
        .chain(children.iter().map(|c| c.id))
        .collect();
    let figures = state.analytics.snapshot(&ids, year).await?;
    let values = evaluate(&figures, &indicators, unit.id, level, &targets);
    let main = indicators
        .iter()
        .find(|i| {
            i.scope == LevelScope::Only(level) && matches!(i.measure, Measure::GraduateRatio { .. })
        })
        .cloned();
    let tally = figures.unit(unit.id).graduates(level).tally(filter);

    let mut ranking = Vec::new();
    let mut bars_source = Vec::new();
    // The children's targets weighted by their graduates, against the unit's own target.
    let (mut weighted_sum, mut weight) = (0.0f64, 0u64);
    if let Some(main) = &main {
        let mut rows = Vec::new();
        for child in children {
            let value = evaluate(
                &figures,
                std::slice::from_ref(main),
                child.id,
                level,
                &targets,
            )
            .remove(0);
            rows.push((child, value));
        }
        // Highest rate first; units without graduates last; ties in Vietnamese order (stable sort).
        rows.sort_by(|a, b| {
            b.1.value
                .unwrap_or(-1.0)
                .total_cmp(&a.1.value.unwrap_or(-1.0))
        });
        for (rank, (child, v)) in rows.into_iter().enumerate() {
            let gap = match (v.value, v.target) {
                (Some(value), Some(target)) => format!(
                    "{}{}",
                    if value >= target { "+" } else { "" },
                    format_percent(value - target)
                ),
                _ => "—".into(),
            };
            if let Some(target) = v.target.filter(|_| v.denominator > 0) {
                weighted_sum += target * v.denominator as f64;
                weight += v.denominator;
            }
            bars_source.push((
                domain::text::strip_unit_type(&child.name).to_string(),
                v.value,
                v.target,
            ));
            ranking.push(RankRow {
                rank: rank + 1,
                href: format!(
                    "/don-vi/{}/chi-tieu?ngay={}&nam={year}&cap={}",
                    child.code,
                    format_vi(day),
                    level.code()
                ),
                name: child.name.clone(),
                value: percent_text(v.value),
                target: percent_text(v.target),
                gap,
                status: labels::status(caller.lang, v.status),
                status_code: v.status.code(),
                count: format!("{}/{}", v.numerator, v.denominator),
                unknown: percent_text(v.unknown_share),
            });
        }
    }
    let own_target = main
        .as_ref()
        .and_then(|m| values.iter().find(|v| v.code == m.code))
        .and_then(|v| v.target);
    let target_check = (weight > 0).then(|| {
        let weighted = (weighted_sum / weight as f64 * 100.0).round() / 100.0;
        if caller.lang == Lang::En {
            return target_check_en(weighted, own_target, &unit.name);
        }
        match own_target {
            Some(own) if weighted + 0.005 >= own => format!(
                "Chỉ tiêu các đơn vị trực thuộc, bình quân theo số học sinh tốt nghiệp: {}%, đạt chỉ tiêu của {} ({}%).",
                format_percent(weighted),
                unit.name,
                format_percent(own)
            ),
            Some(own) => format!(
                "Chỉ tiêu các đơn vị trực thuộc, bình quân theo số học sinh tốt nghiệp: {}%, thấp hơn chỉ tiêu của {} ({}%) {} điểm %.",
                format_percent(weighted),
                unit.name,
                format_percent(own),
                format_percent(own - weighted)
            ),
            None => format!(
                "Chỉ tiêu các đơn vị trực thuộc, bình quân theo số học sinh tốt nghiệp: {}%; {} chưa được giao chỉ tiêu.",
                format_percent(weighted),
                unit.name
            ),
        }
    });
    let bars: Vec<Bar<'_>> = bars_source
        .iter()
        .map(|(label, value, target)| Bar {
            label,
            value: *value,
            target: *target,
        })
        .collect();
    let chart = match (&main, bars.is_empty()) {
        // Both drawings; the stylesheet shows the one that fits the screen.
        (Some(main), false) => {
            let caption = labels::indicator(caller.lang, &main.code, &main.name);
            let legend = Tr(caller.lang).t("dashboard.chart_legend");
            format!(
                "{}{}",
                rate_chart_with(&caption, legend, &bars),
                rate_chart_narrow_with(&caption, legend, &bars)
            )
        }
        _ => String::new(),
    };

    let mut schools = Vec::new();
    if unit.level == UnitLevel::Commune
        && let Some(Measure::GraduateRatio { destinations }) = main.as_ref().map(|m| &m.measure)
    {
        for school in lookup::institutions_in_order(&state, &unit, None).await? {
            let t = state
                .analytics
                .school(&school.code, year, level)
                .await?
                .tally(filter);
            if total(&t) == 0 {
                continue;
            }
            let share = (total(&t) > 0)
                .then(|| count_of(&t, destinations) as f64 * 100.0 / total(&t) as f64);
            schools.push(SchoolRow {
                href: caller.user.role.can(Action::ViewPersons).then(|| {
                    format!(
                        "/co-so/{}/tot-nghiep?nam={year}&cap={}",
                        school.code,
                        level.code()
                    )
                }),
                name: school.name,
                graduates: total(&t),
                value: percent_text(share.map(|s| (s * 100.0).round() / 100.0)),
            });
        }
    }

    let mut trend = Vec::new();
    if let Some(main) = &main {
        let mut ascending = years.clone();
        ascending.sort_unstable();
        for y in ascending {
            let targets_y: Targets = state
                .store
                .targets(y)
                .await?
                .into_iter()
                .map(|t| ((t.indicator_code, t.unit_id, t.level), t.value))
                .collect();
            let figures_y = state.analytics.snapshot(&[unit.id], y).await?;
            let v = evaluate(
                &figures_y,
                std::slice::from_ref(main),
                unit.id,
                level,
                &targets_y,
            )
            .remove(0);
            if v.denominator > 0 {
                trend.push((
                    y,
                    percent_text(v.value),
                    percent_text(v.target),
                    format!("{}/{}", v.numerator, v.denominator),
                ));
            }
        }
    }

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
                href: format!(
                    "/don-vi/{}/chi-tieu?ngay={}&nam={year}&cap={}",
                    ancestor.code,
                    format_vi(day),
                    level.code()
                ),
                label: ancestor.name,
            });
        }
    }
    let mut reports = Vec::new();
    let mut kinds = vec![ReportKind::Streaming];
    // The targets report only for a year whose targets were set (else it would be empty).
    if targets.keys().any(|(_, unit_id, _)| ids.contains(unit_id)) {
        kinds.push(ReportKind::Targets);
    }
    if unit.level == UnitLevel::Commune && caller.user.role.can(Action::ViewPersons) {
        kinds.push(ReportKind::NotContinuing);
    }
    for kind in kinds {
        for format in [ReportFormat::Xlsx, ReportFormat::Pdf, ReportFormat::Csv] {
            reports.push(Link {
                href: format!(
                    "/don-vi/{}/bao-cao/{}.{}?nam={year}&ngay={}",
                    unit.code,
                    kind.code(),
                    format.extension(),
                    format_vi(day)
                ),
                label: format!(
                    "{} ({})",
                    labels::report(caller.lang, kind),
                    format.extension().to_uppercase()
                ),
            });
        }
    }
    let page = DashboardPage {
        year_note,
        reports,
        tr: Tr(caller.lang),
        crumbs,
        unit_href: super::units::href_on(&unit, day),
        unit_name: unit.name.clone(),
        year,
        years,
        level_code: level.code(),
        levels: Level::ALL
            .iter()
            .map(|l| (l.code(), labels::level(caller.lang, *l)))
            .collect(),
        gender_code: gender.map(|g| g.code()).unwrap_or(""),
        genders: std::iter::once(("", labels::all(caller.lang)))
            .chain(
                [Gender::Male, Gender::Female].map(|g| (g.code(), labels::gender(caller.lang, g))),
            )
            .collect(),
        minority: filter.minority_only,
        graduates: domain::report::format_count(total(&tally)),
        unknown_share: percent_text((total(&tally) > 0).then(|| {
            (count_of(&tally, &[domain::Destination::Unknown]) as f64 * 10_000.0
                / total(&tally) as f64)
                .round()
                / 100.0
        })),
        indicators: values
            .iter()
            .map(|v| indicator_row(caller.lang, v))
            .collect(),
        main_indicator: main
            .map(|m| labels::indicator(caller.lang, &m.code, &m.name))
            .unwrap_or_default(),
        ranking,
        chart,
        target_check,
        schools,
        trend,
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}

/// The check of the subordinate units' targets against the unit's own, in English.
fn target_check_en(weighted: f64, own_target: Option<f64>, unit: &str) -> String {
    let head = format!(
        "Targets of the subordinate units, weighted by their graduates: {}%",
        format_percent(weighted)
    );
    match own_target {
        Some(own) if weighted + 0.005 >= own => format!(
            "{head}, meeting the target of {unit} ({}%).",
            format_percent(own)
        ),
        Some(own) => format!(
            "{head}, below the target of {unit} ({}%) by {} points.",
            format_percent(own),
            format_percent(own - weighted)
        ),
        None => format!("{head}; {unit} has no target yet."),
    }
}
