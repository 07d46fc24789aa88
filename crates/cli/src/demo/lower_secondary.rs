//! Lower-secondary schools: one in every commune, as the law on education plans them, a combined
//! primary and lower-secondary school in some sparse communes of the Đồng Tháp Mười plain, a
//! second public school in a few district seats, and private schools where the towns and the
//! industrial parks have drawn families.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use anyhow::Context;
use domain::text::strip_unit_type;
use domain::{InstitutionKind, Ownership};
use rand::RngExt;
use rand::seq::{IndexedRandom, SliceRandom};
use store::Unit;

use super::generator::{Draft, Generator, SCHOOL_MAIL_DOMAIN, slug};
use super::names::{FIGURES, PRIVATE_SCHOOLS};
use super::province::{District, is_urban};

/// The districts of the Đồng Tháp Mười plain (Tân Hưng, Vĩnh Hưng, Mộc Hóa, Tân Thạnh, Thạnh
/// Hóa), where small communes keep primary and lower-secondary classes in one school.
const PLAIN_DISTRICTS: [&str; 5] = ["796", "797", "798", "799", "800"];
const COMBINED_SCHOOLS: usize = 12;

/// The districts of the industrial parks (Đức Hòa, Bến Lức, Cần Giuộc) and the big seats that
/// have a second public school.
const INDUSTRIAL_DISTRICTS: [&str; 3] = ["802", "803", "807"];
const SEATS_WITH_SECOND_SCHOOL: [&str; 4] = ["802", "803", "806", "807"];
const SECOND_PUBLIC_SCHOOLS: RangeInclusive<usize> = 1..=3;

/// Close to one lower-secondary school in ten is private.
const PRIVATE_SCHOOL_COUNT: RangeInclusive<usize> = 16..=19;

pub(super) fn add(generator: &mut Generator) -> anyhow::Result<()> {
    let long_an = generator.long_an;
    let mut figures = FIGURES.to_vec();
    figures.shuffle(&mut generator.rng);
    let mut figures = figures.into_iter();
    let mut next_figure = || {
        figures
            .next()
            .context("hết tên danh nhân để đặt tên trường")
    };

    // One school in every commune, named after it.
    let combined = combined_school_communes(generator);
    for district in &long_an.districts {
        for commune in &district.communes {
            let kind = if combined.contains(&commune.id) {
                InstitutionKind::ThThcs
            } else {
                InstitutionKind::Thcs
            };
            let place = match commune_school_name(district, commune) {
                Some(name) => name,
                None => next_figure()?.to_string(),
            };
            generator.add(school(kind, Ownership::Public, place, district, commune))?;
        }
    }

    // A second public school in a few crowded district seats.
    let mut seats = SEATS_WITH_SECOND_SCHOOL.to_vec();
    seats.shuffle(&mut generator.rng);
    let second_schools = generator.rng.random_range(SECOND_PUBLIC_SCHOOLS);
    for code in seats.into_iter().take(second_schools) {
        let Some(district) = long_an.districts.iter().find(|d| d.code() == code) else {
            continue;
        };
        let place = next_figure()?.to_string();
        generator.add(school(
            InstitutionKind::Thcs,
            Ownership::Public,
            place,
            district,
            district.seat(),
        ))?;
    }

    // Private schools, where families with the means to pay for them live.
    let private_places: Vec<_> = long_an
        .communes()
        .filter(|(district, commune)| {
            is_urban(commune) || INDUSTRIAL_DISTRICTS.contains(&district.code())
        })
        .collect();
    let mut private_names = PRIVATE_SCHOOLS.to_vec();
    private_names.shuffle(&mut generator.rng);
    let count = generator.rng.random_range(PRIVATE_SCHOOL_COUNT);
    for name in private_names.into_iter().take(count) {
        let (district, commune) = *private_places
            .choose(&mut generator.rng)
            .context("không có phường, thị trấn nào cho trường tư thục")?;
        generator.add(school(
            InstitutionKind::Thcs,
            Ownership::NonPublic,
            name.to_string(),
            district,
            commune,
        ))?;
    }
    Ok(())
}

fn school<'a>(
    kind: InstitutionKind,
    ownership: Ownership,
    place: String,
    district: &'a District<'a>,
    commune: &'a Unit,
) -> Draft<'a> {
    let label = kind.label();
    Draft {
        kind,
        ownership,
        name: format!("Trường {label} {place}"),
        district,
        commune,
        mailbox: format!("{}.{}@{SCHOOL_MAIL_DOMAIN}", slug(label), slug(&place)),
        site: None,
    }
}

/// The name a commune gives its school: the commune's name without its type word, or the full
/// name where the district has a township and a commune of the same name (Thị trấn and Xã
/// Hiệp Hòa; the commune keeps the short form). None for a numbered ward, whose school is named
/// after a historical figure.
fn commune_school_name(district: &District, commune: &Unit) -> Option<String> {
    let short = strip_unit_type(&commune.name);
    if short.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let shared = district
        .communes
        .iter()
        .any(|other| other.id != commune.id && strip_unit_type(&other.name) == short);
    if shared && commune.kind != "Xã" {
        Some(commune.name.clone())
    } else {
        Some(short.to_string())
    }
}

/// The communes, away from the district seats of the plain, whose school takes primary pupils too.
fn combined_school_communes(generator: &mut Generator) -> BTreeSet<i64> {
    let mut candidates: Vec<i64> = generator
        .long_an
        .districts
        .iter()
        .filter(|d| PLAIN_DISTRICTS.contains(&d.code()))
        .flat_map(|d| {
            let seat = d.seat().id;
            d.communes
                .iter()
                .map(|c| c.id)
                .filter(move |id| *id != seat)
        })
        .collect();
    candidates.shuffle(&mut generator.rng);
    candidates.into_iter().take(COMBINED_SCHOOLS).collect()
}
