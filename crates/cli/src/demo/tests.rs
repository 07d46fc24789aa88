use std::collections::BTreeSet;
use std::sync::OnceLock;

use domain::{InstitutionKind, Ownership, Role, UnitLevel};
use store::{NewInstitution, Unit};

use super::province::snapshot_day;

/// The national reference, parsed once for all tests.
fn reference_units() -> anyhow::Result<&'static [Unit]> {
    static UNITS: OnceLock<Result<Vec<Unit>, String>> = OnceLock::new();
    UNITS
        .get_or_init(|| interchange::reference::national_plan(1).map(|plan| plan.units))
        .as_deref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn count(rows: &[NewInstitution], kind: InstitutionKind) -> usize {
    rows.iter().filter(|row| row.kind == kind).count()
}

#[test]
fn the_same_seed_gives_the_same_institutions_and_another_seed_others() -> anyhow::Result<()> {
    let units = reference_units()?;
    let first = super::institutions(units, 1)?;
    assert_eq!(first, super::institutions(units, 1)?);
    assert_ne!(first, super::institutions(units, 2)?);
    Ok(())
}

#[test]
fn each_kind_comes_in_the_numbers_of_a_province_like_long_an() -> anyhow::Result<()> {
    let units = reference_units()?;
    for seed in [1, 2, 7, 2023] {
        let rows = super::institutions(units, seed)?;
        let thcs = count(&rows, InstitutionKind::Thcs);
        assert!(
            (180..=200).contains(&thcs),
            "{thcs} THCS với hạt giống {seed}"
        );
        assert!(count(&rows, InstitutionKind::ThThcs) > 0);
        let thpt = count(&rows, InstitutionKind::Thpt);
        assert!(
            (55..=65).contains(&thpt),
            "{thpt} THPT với hạt giống {seed}"
        );
        assert_eq!(count(&rows, InstitutionKind::GdnnGdtx), 15);
        let vocational =
            count(&rows, InstitutionKind::Intermediate) + count(&rows, InstitutionKind::College);
        assert!(vocational >= 3);
        assert!(count(&rows, InstitutionKind::Enterprise) >= 10);
        let private_thcs = rows
            .iter()
            .filter(|r| r.kind == InstitutionKind::Thcs && r.ownership == Ownership::NonPublic)
            .count();
        assert!(
            (thcs / 20..=thcs / 8).contains(&private_thcs),
            "{private_thcs} trường tư"
        );
    }
    Ok(())
}

#[test]
fn every_institution_stands_in_a_long_an_commune_of_2023_and_answers_to_the_right_unit()
-> anyhow::Result<()> {
    let units = reference_units()?;
    let day = snapshot_day();
    let in_2023: Vec<&Unit> = units.iter().filter(|u| u.validity.contains(day)).collect();
    let province = in_2023
        .iter()
        .find(|u| u.level == UnitLevel::Province && u.code == "80")
        .map(|u| u.id);
    assert!(province.is_some());
    let districts: BTreeSet<i64> = in_2023
        .iter()
        .filter(|u| u.parent_id == province)
        .map(|u| u.id)
        .collect();
    let communes: Vec<&&Unit> = in_2023
        .iter()
        .filter(|u| u.parent_id.is_some_and(|p| districts.contains(&p)))
        .collect();
    assert_eq!(communes.len(), 186);

    let rows = super::institutions(units, 1)?;
    let mut communes_with_school = BTreeSet::new();
    for row in &rows {
        let commune = communes.iter().find(|c| c.id == row.commune_unit_id);
        assert!(
            commune.is_some(),
            "{} không ở trong Long An năm 2023",
            row.name
        );
        let district = commune.and_then(|c| c.parent_id);
        let expected_manager = match row.kind {
            InstitutionKind::Thcs | InstitutionKind::ThThcs | InstitutionKind::GdnnGdtx => district,
            _ => province,
        };
        assert_eq!(Some(row.managing_unit_id), expected_manager, "{}", row.name);
        assert_eq!(row.province_code, "80");
        assert!(row.address.ends_with(", Tỉnh Long An"), "{}", row.address);
        if matches!(row.kind, InstitutionKind::Thcs | InstitutionKind::ThThcs) {
            communes_with_school.insert(row.commune_unit_id);
        }
    }
    assert_eq!(communes_with_school.len(), 186, "mỗi xã có một trường THCS");
    Ok(())
}

#[test]
fn codes_phones_and_mailboxes_are_unique_and_well_formed() -> anyhow::Result<()> {
    let rows = super::institutions(reference_units()?, 1)?;
    let unique = |field: fn(&NewInstitution) -> &str| {
        rows.iter().map(field).collect::<BTreeSet<_>>().len() == rows.len()
    };
    assert!(unique(|r| &r.code));
    assert!(unique(|r| &r.phone));
    assert!(unique(|r| &r.email));
    for row in &rows {
        assert!(
            row.code.len() == 8 && row.code.starts_with("80"),
            "{}",
            row.code
        );
        assert!(row.code.bytes().all(|b| b.is_ascii_digit()), "{}", row.code);
        assert!(
            row.phone.starts_with("0272 3") && row.phone.len() == 13,
            "{}",
            row.phone
        );
        assert!(
            row.email.is_ascii() && row.email.contains('@'),
            "{}",
            row.email
        );
    }
    let named = |name: &str| rows.iter().any(|r| r.name == name);
    assert!(named("Trường THPT chuyên Long An"));
    assert!(named("Trường THCS Lương Hòa"));
    assert!(named("Trung tâm GDNN-GDTX Bến Lức"));
    assert!(named("Trường THCS Hiệp Hòa") && named("Trường THCS Thị trấn Hiệp Hòa"));
    Ok(())
}

/// A SQLite store in a temporary file with the national reference loaded, removed on drop.
struct FreshStore {
    path: String,
    store: std::sync::Arc<dyn store::Store>,
    plan: store::UnitPlan,
}

impl FreshStore {
    async fn open(name: &str) -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos();
        let file = format!("hn-demo-{name}-{}-{nanos}.db", std::process::id());
        let path = std::env::temp_dir().join(file).display().to_string();
        let store = store::open(&format!("sqlite://{path}")).await?;
        let plan = interchange::reference::national_plan(1).map_err(anyhow::Error::msg)?;
        store.apply_units(&plan).await?;
        Ok(FreshStore { path, store, plan })
    }
}

impl Drop for FreshStore {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path));
        }
    }
}

#[tokio::test]
async fn a_taken_user_name_stops_the_demo_before_anything_is_written() -> anyhow::Result<()> {
    let fresh = FreshStore::open("taken").await?;
    let store = fresh.store.as_ref();
    store
        .create_user(&store::NewUser {
            username: "hocsinh".into(),
            display_name: "Học sinh thật".into(),
            password_hash: "x".into(),
            role: Role::Student,
            scope: domain::Scope::Everywhere,
        })
        .await?;
    assert!(super::load(&fresh.store, 1).await.is_err());
    assert_eq!(store.institution_count().await?, 0);
    assert_eq!(store.users().await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn the_demo_loads_into_a_fresh_store_with_one_account_per_role() -> anyhow::Result<()> {
    let fresh = FreshStore::open("load").await?;
    let store = fresh.store.as_ref();
    let summary = super::load(&fresh.store, 7).await?;
    let expected = super::institutions(&fresh.plan.units, 7)?.len();
    assert_eq!(summary.institutions, expected);
    assert_eq!(store.institution_count().await?, i64::try_from(expected)?);

    // One per role in the old tree, and the new province's and new commune's officers.
    assert_eq!(summary.users.len(), Role::ALL.len() + 2);
    for (user, role) in summary.users.iter().zip(Role::ALL) {
        assert_eq!(user.role, role);
        let stored = store.user_by_username(&user.username).await?;
        let stored = stored.ok_or_else(|| anyhow::anyhow!("thiếu {}", user.username))?;
        assert_eq!(stored.role, role);
        assert!(web::auth::secrets::verify_password(
            &user.password,
            &stored.password_hash
        ));
    }
    let label = |username: &str| {
        summary
            .users
            .iter()
            .find(|u| u.username == username)
            .map(|u| u.scope_label.as_str())
    };
    assert_eq!(label("admin"), Some("Toàn quốc"));
    assert_eq!(label("phong.benluc"), Some("Huyện Bến Lức"));
    assert_eq!(label("hocsinh"), Some("Trường THCS Lương Hòa"));
    assert_eq!(
        label("so.gddt.tayninh"),
        Some("Tỉnh Tây Ninh (từ 01/07/2025)")
    );
    // The waiting reports of the reform's two sides are in the demo.
    assert!(summary.reports > 0);

    // Loading twice would mix a second set of well-known passwords into the data.
    assert!(super::load(&fresh.store, 7).await.is_err());
    Ok(())
}
