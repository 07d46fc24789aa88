//! The demonstration data set: the province of Long An as it stood in 2023 (code 80, fifteen
//! districts, 186 communes, from the national unit reference), plausible schools, training
//! institutions and enterprises in its communes, and one demo account per role. A seed always
//! gives the same data set, so a demo, a screenshot or a bug report can be reproduced.

mod generator;
mod graduates;
mod lower_secondary;
mod names;
mod people;
mod province;
mod reporting;
mod targets;
#[cfg(test)]
mod tests;
mod training;
mod upper_secondary;
mod users;

use anyhow::bail;
use domain::Role;

use generator::Generator;
use province::LongAn;

/// What was loaded, for the operator to read once: the accounts and their passwords.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub institutions: usize,
    pub users: Vec<DemoUser>,
    /// Graduate records of 2021-2025, THCS and THPT.
    pub graduates: usize,
    /// The 2023 targets of the Long An plan's appendix.
    pub targets: usize,
    /// Reports of the cycle sent around the 2025 reform (some approved, some waiting).
    pub reports: usize,
}

#[derive(Debug, Clone)]
pub struct DemoUser {
    pub username: String,
    pub password: String,
    pub role: Role,
    /// Where the account's rights reach, in words: "Huyện Bến Lức", "Trường THCS Lương Hòa".
    pub scope_label: String,
}

/// Loads the demo into an empty store (the national unit reference must already be loaded; the
/// caller does that). Deterministic for a given seed.
pub async fn load(
    shared: &std::sync::Arc<dyn store::Store>,
    seed: u64,
) -> anyhow::Result<DemoSummary> {
    let store = shared.as_ref();
    // Demo institutions have no place beside real ones.
    let existing = store.institution_count().await?;
    if existing > 0 {
        bail!("cơ sở dữ liệu đã có {existing} cơ sở; chỉ nạp dữ liệu mẫu vào cơ sở dữ liệu trống");
    }
    let units = store.all_units().await?;
    let long_an = LongAn::find(&units)?;
    let institutions = institutions(&units, seed)?;
    let reformed = users::Reformed::find(store, &long_an).await?;
    let accounts = users::accounts(&long_an, &institutions, &reformed)?;
    // Checked before anything is written, so a taken user name leaves the store as it was.
    users::ensure_names_free(store, &accounts).await?;
    store.upsert_institutions(&institutions).await?;
    let users = users::create(store, accounts).await?;
    targets::flag_schools(store, &institutions).await?;
    let districts: Vec<store::Unit> = long_an.districts.iter().map(|d| d.unit.clone()).collect();
    let targets = targets::load(store, long_an.province, &districts).await?;
    let graduates = graduates::load(store, &institutions, &units, seed).await?;
    let reports = reporting::load(shared, &long_an, &reformed).await?;
    Ok(DemoSummary {
        institutions: institutions.len(),
        users,
        graduates,
        targets,
        reports,
    })
}

/// Only the institutions, for tests: deterministic for a given seed.
pub fn institutions(
    units: &[store::Unit],
    seed: u64,
) -> anyhow::Result<Vec<store::NewInstitution>> {
    let long_an = LongAn::find(units)?;
    let mut generator = Generator::new(&long_an, seed);
    // Always in this order: each kind draws from the one generator after the one before.
    lower_secondary::add(&mut generator)?;
    upper_secondary::add(&mut generator)?;
    training::add(&mut generator)?;
    Ok(generator.finish())
}
