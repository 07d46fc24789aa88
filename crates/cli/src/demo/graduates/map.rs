//! Where the schools and the places graduates go to stand: the districts of Long An, their
//! communes, and the institutions of each district; and the general schools with graduates.

use std::collections::BTreeMap;

use anyhow::Context;
use domain::{InstitutionKind, Level, Ownership};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use store::NewInstitution;

use super::cohorts::School;
use super::districts::INDUSTRIAL;
use crate::demo::province::{LongAn, is_urban};

/// Where the schools and the places graduates go to stand: the districts of the province, their
/// communes, and the institutions by district.
pub(super) struct Map<'a> {
    /// The district (its index in `LongAn::districts`) of every commune.
    district_of: BTreeMap<i64, usize>,
    /// The communes of every district and whether each is a ward or township.
    communes: Vec<Vec<(i64, bool)>>,
    /// Public THPT of each district, with their commune.
    pub(super) public_thpt: Vec<Vec<(&'a str, i64)>>,
    pub(super) private_thpt: Vec<&'a str>,
    /// The GDNN-GDTX centre of each district.
    pub(super) centres: Vec<Option<&'a str>>,
    /// Intermediate schools and colleges (which also teach the intermediate level).
    pub(super) vocational: Near<'a>,
    pub(super) colleges: Vec<&'a str>,
    pub(super) enterprises: Near<'a>,
    district_codes: Vec<&'a str>,
}

impl<'a> Map<'a> {
    pub(super) fn new(
        long_an: &LongAn<'a>,
        institutions: &'a [NewInstitution],
    ) -> anyhow::Result<Self> {
        let count = long_an.districts.len();
        let mut map = Map {
            district_of: BTreeMap::new(),
            communes: Vec::with_capacity(count),
            public_thpt: vec![Vec::new(); count],
            private_thpt: Vec::new(),
            centres: vec![None; count],
            vocational: Near::new(count),
            colleges: Vec::new(),
            enterprises: Near::new(count),
            district_codes: long_an.districts.iter().map(|d| d.code()).collect(),
        };
        for (index, district) in long_an.districts.iter().enumerate() {
            for commune in &district.communes {
                map.district_of.insert(commune.id, index);
            }
            map.communes.push(
                district
                    .communes
                    .iter()
                    .map(|c| (c.id, is_urban(c)))
                    .collect(),
            );
        }
        for institution in institutions {
            let district = map.district(institution)?;
            let name = institution.name.as_str();
            match (institution.kind, institution.ownership) {
                (InstitutionKind::Thpt, Ownership::Public) => {
                    map.public_thpt[district].push((name, institution.commune_unit_id));
                }
                (InstitutionKind::Thpt, _) => map.private_thpt.push(name),
                (InstitutionKind::GdnnGdtx, _) => map.centres[district] = Some(name),
                (InstitutionKind::Intermediate, _) => map.vocational.add(name, district),
                (InstitutionKind::College, _) => {
                    map.vocational.add(name, district);
                    map.colleges.push(name);
                }
                (InstitutionKind::Enterprise, _) => map.enterprises.add(name, district),
                _ => {}
            }
        }
        Ok(map)
    }

    fn district(&self, institution: &NewInstitution) -> anyhow::Result<usize> {
        self.district_of
            .get(&institution.commune_unit_id)
            .copied()
            .with_context(|| format!("{} không ở trong tỉnh Long An (2023)", institution.name))
    }

    /// The general schools with graduates, in code order, each with its size and its leaning.
    pub(super) fn schools(
        &self,
        institutions: &'a [NewInstitution],
        rng: &mut ChaCha8Rng,
    ) -> anyhow::Result<Vec<School<'a>>> {
        let mut schools = Vec::new();
        for institution in institutions {
            let level = match institution.kind {
                InstitutionKind::Thcs | InstitutionKind::ThThcs => Level::Thcs,
                InstitutionKind::Thpt => Level::Thpt,
                _ => continue,
            };
            let district = self.district(institution)?;
            let commune = institution.commune_unit_id;
            let urban = self.communes[district]
                .iter()
                .any(|(id, urban)| *id == commune && *urban);
            let private = institution.ownership != Ownership::Public;
            let code = self.district_codes[district];
            let chuyen = institution.name.contains("chuyên");
            let size: f64 = match (level, institution.kind) {
                (Level::Thcs, InstitutionKind::ThThcs) => rng.random_range(60.0..95.0),
                (Level::Thcs, _) if private => rng.random_range(60.0..130.0),
                (Level::Thcs, _) if urban => rng.random_range(140.0..230.0),
                (Level::Thcs, _) if INDUSTRIAL.contains(&code) => rng.random_range(100.0..200.0),
                (Level::Thcs, _) => rng.random_range(70.0..160.0),
                (Level::Thpt, _) if chuyen => rng.random_range(240.0..300.0),
                (Level::Thpt, _) if private => rng.random_range(150.0..230.0),
                (Level::Thpt, _) if urban => rng.random_range(280.0..430.0),
                (Level::Thpt, _) => rng.random_range(170.0..330.0),
            };
            // Percentage points away from the district's shares: towards vocational training
            // for a THCS, towards university for a THPT.
            let jitter = rng.random_range(-5.0..5.0);
            let lean = match level {
                Level::Thcs if private => -10.0 + jitter / 2.0,
                Level::Thcs if urban => -3.0 + jitter,
                Level::Thcs => 1.0 + jitter,
                Level::Thpt if urban => 4.0 + jitter,
                Level::Thpt => -2.0 + jitter,
            };
            schools.push(School {
                institution,
                level,
                district,
                commune,
                neighbours: self.communes[district]
                    .iter()
                    .map(|(id, _)| *id)
                    .filter(|id| *id != commune)
                    .collect(),
                size,
                lean,
                private,
                chuyen,
            });
        }
        // A district's lower-secondary schools lean both ways around the district's share:
        // private and town schools send fewer to vocational training, the others more.
        let mut sums = vec![(0.0, 0.0); self.communes.len()];
        for school in schools.iter().filter(|s| s.level == Level::Thcs) {
            sums[school.district].0 += school.size * school.lean;
            sums[school.district].1 += school.size;
        }
        for school in schools.iter_mut().filter(|s| s.level == Level::Thcs) {
            let (weighted, size) = sums[school.district];
            if size > 0.0 {
                school.lean -= weighted / size;
            }
        }
        Ok(schools)
    }
}

/// Institutions a graduate reaches from home: those of the district more often than not.
pub(super) struct Near<'a> {
    local: Vec<Vec<&'a str>>,
    all: Vec<&'a str>,
}

impl<'a> Near<'a> {
    fn new(districts: usize) -> Self {
        Near {
            local: vec![Vec::new(); districts],
            all: Vec::new(),
        }
    }

    fn add(&mut self, name: &'a str, district: usize) {
        self.local[district].push(name);
        self.all.push(name);
    }

    pub(super) fn choose(&self, district: usize, rng: &mut ChaCha8Rng) -> Option<String> {
        let local = &self.local[district];
        let items = if !local.is_empty() && rng.random_bool(0.6) {
            local
        } else {
            &self.all
        };
        if items.is_empty() {
            None
        } else {
            Some(items[rng.random_range(0..items.len())].to_string())
        }
    }
}
