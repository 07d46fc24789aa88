//! The 2023 targets of the Long An plan (its appendix, seed 001, kept as published in
//! `long-an-2023-targets.csv`), loaded through the same import a province uses, and the two
//! flags of the schools that the school-based indicators count.

use domain::InstitutionKind;
use store::{NewInstitution, SchoolFlags, Store, Unit};

const APPENDIX: &[u8] = include_bytes!("long-an-2023-targets.csv");

/// Imports the appendix for Long An (2023) and returns how many targets it holds.
pub async fn load(store: &dyn Store, province: &Unit, districts: &[Unit]) -> anyhow::Result<usize> {
    let dir = std::env::temp_dir().join(format!("huongnghiep-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("phu-luc-chi-tieu-2023.csv");
    std::fs::write(&path, APPENDIX)?;
    let read = interchange::targets::read(
        &path,
        province,
        districts,
        &domain::indicator::defaults(),
        2023,
    );
    let _ = std::fs::remove_dir_all(&dir);
    let (targets, _) = read.map_err(|failure| anyhow::anyhow!("{failure}"))?;
    store.upsert_targets(&targets, chrono::Utc::now()).await?;
    Ok(targets.len())
}

/// Most schools have a guidance programme and a counselling teacher; a few do not yet, so the
/// school-based indicators have something to show. Deterministic from the school code.
pub async fn flag_schools(
    store: &dyn Store,
    institutions: &[NewInstitution],
) -> anyhow::Result<()> {
    let flags: Vec<SchoolFlags> = institutions
        .iter()
        .filter(|i| {
            !matches!(
                i.kind,
                InstitutionKind::Enterprise
                    | InstitutionKind::College
                    | InstitutionKind::Intermediate
            )
        })
        .map(|i| {
            let spread = i
                .code
                .bytes()
                .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
            SchoolFlags {
                code: i.code.clone(),
                has_guidance_programme: spread % 100 < 92,
                has_counsellor: (spread / 100) % 100 < 85,
            }
        })
        .collect();
    store.set_school_flags(&flags).await?;
    Ok(())
}
