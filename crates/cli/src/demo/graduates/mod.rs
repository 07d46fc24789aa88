//! The graduates of the demo: every lower- and upper-secondary school of Long An with a cohort of
//! graduates for each year from 2021 to 2025, their results, their grade-10 exam and where they
//! went, so that dashboards and reports have something to show from the first sign-in.
//!
//! The shares follow what the province's reports describe: a little more than half of the THCS
//! graduates enter a public THPT, a little over a quarter go to vocational training (9+,
//! intermediate or elementary), each district within a few points of the target it registered
//! for 2023, and that share rises a little year by year; close to half of the THPT graduates go
//! to university. The latest cohort has not been followed up everywhere yet, so more of its
//! destinations are "chưa rõ".
//!
//! The generator is split by what it draws: `districts` (what each district is like, its 2023
//! target), `map` (where the schools and the places graduates go to stand), `cohorts` (each
//! school's graduates of a year), `results` (learning, conduct and wishes), `destinations`
//! (where and when graduates went) and `follow_ups` (later news of some of them).

mod cohorts;
mod destinations;
mod districts;
mod follow_ups;
mod map;
mod results;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use domain::Level;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use store::{GraduateData, GraduatePlan, NewFollowUp, NewInstitution, Store, Unit};

use super::province::{LongAn, PROVINCE_CODE};
use cohorts::{Cohort, MoetIds};
use districts::DistrictProfile;
use map::Map;

pub(super) use follow_ups::{FollowUpDraft, follow_ups};

/// The school years whose graduates the demo holds, by the year they graduated.
pub(super) const YEARS: RangeInclusive<i32> = 2021..=2025;
/// Who and what wrote the records.
const SOURCE: &str = "dữ liệu mẫu";
/// Rows per write, each write one transaction.
const BATCH_ROWS: usize = 20_000;
/// Mixed into the seed so that the graduates draw from a stream of their own, apart from the
/// institutions' and the follow-ups' ("graduate" in ASCII).
const GRADUATE_STREAM: u64 = 0x6772_6164_7561_7465;

/// Writes the graduates and a few hundred follow-ups; returns the number of graduates.
pub(super) async fn load(
    store: &dyn Store,
    institutions: &[NewInstitution],
    units: &[Unit],
    seed: u64,
) -> anyhow::Result<usize> {
    let graduates = generate(institutions, units, seed)?;
    let count = graduates.len();
    let drafts = follow_ups(&graduates, seed);
    let at = Utc::now();
    // One write per year and level (the generator keeps them together), at most `BATCH_ROWS`
    // rows each; the rows move into the plans, they are not copied.
    let mut rows = graduates.into_iter().peekable();
    while let Some(first) = rows.next() {
        let cohort = (first.year, first.level);
        let mut inserts = vec![first];
        while inserts.len() < BATCH_ROWS {
            match rows.next_if(|row| (row.year, row.level) == cohort) {
                Some(row) => inserts.push(row),
                None => break,
            }
        }
        // In the order of the store's name index: SQLite then fills that index in one sweep
        // instead of at random places, which is most of the cost of writing the batch.
        inserts.sort_by_cached_key(|g| domain::text::fold(&g.name.full()));
        store
            .apply_graduates(&GraduatePlan {
                inserts,
                updates: vec![],
                username: SOURCE.into(),
                source: SOURCE.into(),
                at,
            })
            .await?;
    }
    let mut by_year: BTreeMap<i32, Vec<&FollowUpDraft>> = BTreeMap::new();
    for draft in &drafts {
        by_year.entry(draft.year).or_default().push(draft);
    }
    for (year, drafts) in by_year {
        let mut moet_ids: Vec<String> = drafts.iter().map(|d| d.moet_id.clone()).collect();
        moet_ids.sort();
        moet_ids.dedup();
        // No school has an empty code, so "elsewhere than ''" is every school of the province:
        // one query finds the ids the store gave the records just written.
        let keys = store
            .graduates_elsewhere("", year, Level::Thcs, &moet_ids, &[])
            .await?;
        let ids: BTreeMap<String, i64> = keys
            .into_iter()
            .filter_map(|k| k.moet_id.map(|m| (m, k.id)))
            .collect();
        for draft in drafts {
            let graduate_id = *ids
                .get(&draft.moet_id)
                .with_context(|| format!("không tìm thấy học sinh mã {}", draft.moet_id))?;
            store
                .add_follow_up(&NewFollowUp {
                    province_code: PROVINCE_CODE.into(),
                    graduate_id,
                    on_date: draft.on_date,
                    status: draft.status,
                    note: draft.note.into(),
                    username: SOURCE.into(),
                    created_at: at,
                })
                .await?;
        }
    }
    Ok(count)
}

/// The graduates of the demo, year by year and level by level, schools in code order.
/// Deterministic for a given seed and the same institutions.
pub(super) fn generate(
    institutions: &[NewInstitution],
    units: &[Unit],
    seed: u64,
) -> anyhow::Result<Vec<GraduateData>> {
    let long_an = LongAn::find(units)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ GRADUATE_STREAM);
    let map = Map::new(&long_an, institutions)?;
    let districts: Vec<DistrictProfile> = long_an
        .districts
        .iter()
        .map(|d| DistrictProfile::draw(d, &mut rng))
        .collect();
    let schools = map.schools(institutions, &mut rng)?;
    let mut ids = MoetIds::new(seed);
    let mut rows = Vec::with_capacity(220_000);
    for year in YEARS {
        for level in Level::ALL {
            for school in schools.iter().filter(|s| s.level == level) {
                let district = &districts[school.district];
                let cohort = Cohort::draw(school, district, year, &mut rng);
                for index in 0..cohort.size {
                    rows.push(cohort.graduate(index, &map, &mut ids, &mut rng));
                }
            }
        }
    }
    Ok(rows)
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}
