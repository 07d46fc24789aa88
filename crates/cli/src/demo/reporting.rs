//! The reporting cycle of the demo, on both sides of the 2025 reform, as it really fell: Bến
//! Lức's communes sent their 6-month reports of 2025 in June (some approved by the district
//! before it ended on 30/06/2025, some left waiting) and in July (after it ended); the district
//! sent its own to Long An on its last day; and in the new tree the communes that took over Bến
//! Lức's sent their yearly reports of 2025 to the new Tây Ninh. What was left waiting falls to the
//! new province's officer, who finds it on the home page.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use domain::period::Period;
use store::{NewSubmission, Review, Store, Submitter, Unit};

use super::province::LongAn;
use super::users::Reformed;

const DEMO_DISTRICT: &str = "Huyện Bến Lức";

fn at(day: u32, month: u32, year: i32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .unwrap_or_default()
        .and_utc()
}

/// What one body did with one period's report.
enum Fate {
    /// Sent on the day and approved by `reviewer` on the second day.
    Approved(DateTime<Utc>, &'static str, DateTime<Utc>),
    /// Sent on the day, no decision yet.
    Waiting(DateTime<Utc>),
}

pub(super) async fn load(
    store: &Arc<dyn Store>,
    long_an: &LongAn<'_>,
    reformed: &Reformed,
) -> anyhow::Result<usize> {
    let engine = analytics::Engine::new(store.clone());
    let district = long_an.district(DEMO_DISTRICT)?;
    let first_half = Period::first_half(2025);
    let year = Period::year(2025);
    let mut plan: Vec<(Period, &Unit, Fate)> = Vec::new();
    // The 6-month report of 2025 (due 19/06/2025), communes in code order: one in four did not
    // send, the others sent before the deadline, late in June, or after the reform.
    for (i, commune) in district.communes.iter().enumerate() {
        let fate = match i % 4 {
            0 => continue,
            1 => Fate::Approved(at(18, 6, 2025), "phong.benluc", at(25, 6, 2025)),
            2 => Fate::Waiting(at(24, 6, 2025)),
            _ => Fate::Waiting(at(8, 7, 2025)),
        };
        plan.push((first_half, commune, fate));
    }
    plan.push((first_half, district.unit, Fate::Waiting(at(30, 6, 2025))));
    // The yearly report of 2025 (due 19/12/2025) in the new tree: the new communes that took
    // over Bến Lức's, every other one sent, around the deadline.
    let mut successors: Vec<Unit> = Vec::new();
    for commune in &district.communes {
        for succession in store.successions_from(commune.id).await? {
            if let Some(unit) = store.unit(succession.new_unit_id).await?
                && unit.parent_id == Some(reformed.province.id)
                && !successors.iter().any(|s| s.id == unit.id)
            {
                successors.push(unit);
            }
        }
    }
    successors.sort_by(|a, b| a.code.cmp(&b.code));
    let mut sent = 0;
    for (period, unit, fate) in &plan {
        send(store.as_ref(), &engine, period, unit, fate).await?;
        sent += 1;
    }
    for (i, commune) in successors.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let day = 15 + u32::try_from(i % 8).unwrap_or(0);
        send(
            store.as_ref(),
            &engine,
            &year,
            commune,
            &Fate::Waiting(at(day, 12, 2025)),
        )
        .await?;
        sent += 1;
    }
    Ok(sent)
}

async fn send(
    store: &dyn Store,
    engine: &analytics::Engine,
    period: &Period,
    unit: &Unit,
    fate: &Fate,
) -> anyhow::Result<()> {
    let submitter = Submitter::Unit(unit.id);
    let (sent_at, decision) = match fate {
        Fate::Approved(sent, reviewer, decided) => (*sent, Some((*reviewer, *decided))),
        Fate::Waiting(sent) => (*sent, None),
    };
    let saved = store
        .submit_report(&NewSubmission {
            province_code: unit.province_code.clone(),
            period: period.code(),
            cohort_year: period.cohort_year(),
            figures: web::reporting::figures_of(engine, &submitter, period.cohort_year()).await?,
            submitter,
            unit_id: unit.id,
            note: String::new(),
            username: "demo".into(),
            at: sent_at,
        })
        .await?;
    if let Some((reviewer, decided)) = decision {
        store
            .review_submission(
                saved.id,
                &Review {
                    approve: true,
                    username: reviewer.into(),
                    comment: String::new(),
                    at: decided,
                },
            )
            .await?;
    }
    Ok(())
}
