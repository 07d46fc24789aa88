//! One school's graduates of one year: how many, in how many classes, the odds of each
//! destination for boys and girls, the grade-10 exam, and each graduate drawn from them.

use chrono::NaiveDate;
use domain::{Destination, Gender, Level};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use store::{GraduateData, NewInstitution};

use super::destinations::{destination_date, place};
use super::districts::DistrictProfile;
use super::map::Map;
use super::results::{results, wish};
use super::{SOURCE, day};
use crate::demo::people::{self, HOA, KHMER, pick};
use crate::demo::province::PROVINCE_CODE;

pub(super) struct School<'a> {
    pub(super) institution: &'a NewInstitution,
    pub(super) level: Level,
    pub(super) district: usize,
    pub(super) commune: i64,
    pub(super) neighbours: Vec<i64>,
    /// Graduates in a usual year.
    pub(super) size: f64,
    pub(super) lean: f64,
    pub(super) private: bool,
    pub(super) chuyen: bool,
}

/// Destinations and their weights, in any unit.
type Weights = Vec<(Destination, f64)>;

/// One school's graduates of one year: how many, and the odds of each destination.
pub(super) struct Cohort<'s, 'a> {
    school: &'s School<'a>,
    year: i32,
    pub(super) size: usize,
    classes: usize,
    /// Destinations and their weights, boys' and girls' apart.
    boys: Weights,
    girls: Weights,
    /// For a THCS: the chance that a graduate not bound for a THPT passed the grade-10 exam.
    passed_elsewhere: f64,
}

impl<'s, 'a> Cohort<'s, 'a> {
    pub(super) fn draw(
        school: &'s School<'a>,
        district: &DistrictProfile,
        year: i32,
        rng: &mut ChaCha8Rng,
    ) -> Self {
        let from_2023 = f64::from(year - 2023);
        let (range, per_class, max_classes) = match school.level {
            Level::Thcs => (60.0..=250.0, 45.0, 6.0),
            Level::Thpt => (150.0..=450.0, 45.0, 10.0),
        };
        let size =
            (school.size * (1.0 + district.growth * from_2023) * rng.random_range(0.92..1.08))
                .round()
                .clamp(*range.start(), *range.end());
        let classes = (size / per_class).ceil().clamp(1.0, max_classes);
        // The latest cohort is not followed up everywhere yet.
        let unknown = if year >= 2025 {
            rng.random_range(8.0..12.0)
        } else {
            rng.random_range(2.0..5.0)
        };
        let (boys, girls, passed_elsewhere) = match school.level {
            Level::Thcs => Self::lower_secondary(school, district, from_2023, unknown, year),
            Level::Thpt => Self::upper_secondary(school, from_2023, unknown),
        };
        Cohort {
            school,
            year,
            size: size as usize,
            classes: classes as usize,
            boys,
            girls,
            passed_elsewhere,
        }
    }

    fn lower_secondary(
        school: &School,
        district: &DistrictProfile,
        from_2023: f64,
        unknown: f64,
        year: i32,
    ) -> (Weights, Weights, f64) {
        use Destination::*;
        let vocational = (district.vocational + 0.8 * from_2023 + school.lean).clamp(5.0, 60.0);
        let private = match (school.private, district.busy()) {
            (true, _) => 15.0,
            (false, true) => 4.5,
            (false, false) => 2.0,
        };
        let gdtx = 4.0;
        let (working, idle) = if year >= 2025 { (1.5, 1.0) } else { (2.5, 2.0) };
        let public = (100.0 - vocational - unknown - private - gdtx - working - idle).max(10.0);
        // Boys go to vocational training more often than girls.
        let weights = |lean: f64| {
            vec![
                (ThptPublic, public),
                (ThptPrivate, private),
                (Gdtx, gdtx),
                (GdtxVocational, vocational * 0.45 * lean),
                (Intermediate, vocational * 0.40 * lean),
                (Elementary, vocational * 0.15 * lean),
                (Working, working),
                (NotContinuing, idle),
                (Unknown, unknown),
            ]
        };
        // The chance of passing for those not bound for a THPT, so that about the district's
        // share of those who sat passed (some pass and still choose a trade).
        let others_sat =
            vocational * SAT_VOCATIONAL + gdtx * SAT_GDTX + (working + idle) * SAT_IDLE;
        let sat = public + private * SAT_PRIVATE + others_sat + unknown * SAT_UNKNOWN;
        let passed = public
            + private * SAT_PRIVATE * PASSED_PRIVATE
            + unknown * SAT_UNKNOWN * passed_unknown(year);
        let passed_elsewhere = if others_sat > 0.0 {
            ((district.exam_pass * sat - passed) / others_sat).clamp(0.03, 0.35)
        } else {
            0.03
        };
        (weights(1.15), weights(0.85), passed_elsewhere)
    }

    fn upper_secondary(school: &School, from_2023: f64, unknown: f64) -> (Weights, Weights, f64) {
        use Destination::*;
        let weights = |girl: bool| {
            if school.chuyen {
                return vec![
                    (University, 88.0),
                    (College, 3.0),
                    (Intermediate, 0.5),
                    (Working, 1.0),
                    (WorkingAbroad, 0.3),
                    (Military, if girl { 0.3 } else { 2.0 }),
                    (NotContinuing, 0.5),
                    (Unknown, unknown * 0.6),
                ];
            }
            let university = 44.0 + school.lean + from_2023 + if girl { 3.0 } else { -3.0 };
            vec![
                (University, university),
                (College, 19.0),
                (Intermediate, 7.0),
                (Elementary, 2.0),
                (Working, 10.0),
                (WorkingAbroad, 1.5),
                (Military, if girl { 0.4 } else { 4.0 }),
                (NotContinuing, 3.0),
                (Unknown, unknown),
            ]
        };
        (weights(false), weights(true), 0.0)
    }

    /// The `index`-th graduate of the cohort.
    pub(super) fn graduate(
        &self,
        index: usize,
        map: &Map,
        ids: &mut MoetIds,
        rng: &mut ChaCha8Rng,
    ) -> GraduateData {
        let school = self.school;
        let year = self.year;
        let level = school.level;
        let male_share = match level {
            Level::Thcs => 0.51,
            // Boys leave school earlier: girls are the majority of THPT graduates.
            Level::Thpt => 0.48,
        };
        let gender = if rng.random_bool(male_share) {
            Gender::Male
        } else {
            Gender::Female
        };
        let usual_age = match level {
            Level::Thcs => 15,
            Level::Thpt => 18,
        };
        // A few repeated a year or started late.
        let age = usual_age + pick(rng, &[(0, 930), (1, 50), (2, 20)]);
        let birth_date = NaiveDate::from_yo_opt(year - age, rng.random_range(1..=365))
            .unwrap_or_else(|| day(year - age, 1, 1));
        let ethnicity = pick(rng, &[("01", 993), (KHMER, 3), (HOA, 4)]);
        let name = people::name(rng, gender, ethnicity, year - age);
        let at_home = match level {
            Level::Thcs => 0.85,
            Level::Thpt => 0.45,
        };
        let residence = if school.neighbours.is_empty() || rng.random_bool(at_home) {
            school.commune
        } else {
            school.neighbours[rng.random_range(0..school.neighbours.len())]
        };
        let weights = match gender {
            Gender::Male => &self.boys,
            Gender::Female => &self.girls,
        };
        let destination = pick_f64(rng, weights);
        let (exam_sat, exam_passed) = match level {
            Level::Thcs => self.exam(destination, rng),
            Level::Thpt => (None, None),
        };
        let strong = match level {
            Level::Thcs => exam_passed == Some(true),
            Level::Thpt => destination == Destination::University,
        };
        let (academic, conduct) = results(year, strong || school.chuyen, rng);
        let class_number = index * self.classes / self.size.max(1) + 1;
        let class_name = match level {
            Level::Thcs => format!("9A{class_number}"),
            Level::Thpt => format!("12A{class_number}"),
        };
        let wishes = if rng.random_bool(0.3) {
            wish(level, destination, rng).to_string()
        } else {
            String::new()
        };
        let destination_institution = place(school, residence, destination, map, rng);
        GraduateData {
            province_code: PROVINCE_CODE.into(),
            year,
            level,
            school_code: school.institution.code.clone(),
            moet_id: Some(ids.next(rng)),
            name,
            birth_date,
            gender,
            ethnicity: ethnicity.into(),
            residence_commune_id: Some(residence),
            class_name,
            academic: Some(academic.into()),
            conduct: Some(conduct.into()),
            exam_sat,
            exam_passed,
            wishes,
            destination,
            destination_institution,
            destination_date: destination_date(year, destination),
            destination_source: SOURCE.into(),
        }
    }

    /// Whether a THCS graduate sat the grade-10 exam of the public schools and passed it.
    fn exam(&self, destination: Destination, rng: &mut ChaCha8Rng) -> (Option<bool>, Option<bool>) {
        use Destination::*;
        let (sat, passed) = match destination {
            ThptPublic => (1.0, 1.0),
            ThptPrivate => (SAT_PRIVATE, PASSED_PRIVATE),
            GdtxVocational | Intermediate | Elementary => (SAT_VOCATIONAL, self.passed_elsewhere),
            Gdtx => (SAT_GDTX, self.passed_elsewhere),
            Unknown => (SAT_UNKNOWN, passed_unknown(self.year)),
            _ => (SAT_IDLE, self.passed_elsewhere),
        };
        let sat = rng.random_bool(sat);
        let passed = sat && rng.random_bool(passed);
        (Some(sat), Some(passed))
    }
}

/// The chance of sitting the grade-10 exam, by where a graduate went, and of passing it for
/// those who then chose a private THPT.
const SAT_PRIVATE: f64 = 0.9;
const PASSED_PRIVATE: f64 = 0.35;
const SAT_VOCATIONAL: f64 = 0.75;
const SAT_GDTX: f64 = 0.8;
const SAT_IDLE: f64 = 0.5;
const SAT_UNKNOWN: f64 = 0.7;

/// Among graduates whose destination is unknown, the share that passed the grade-10 exam: in
/// the latest cohort many of them were admitted but their enrolment is not confirmed yet.
fn passed_unknown(year: i32) -> f64 {
    if year >= 2025 { 0.5 } else { 0.3 }
}

/// One item of weighted choices, weights in any unit.
fn pick_f64(rng: &mut ChaCha8Rng, items: &[(Destination, f64)]) -> Destination {
    let total: f64 = items.iter().map(|(_, w)| w.max(0.0)).sum();
    let mut x = rng.random::<f64>() * total;
    for (item, weight) in items {
        let weight = weight.max(0.0);
        if x < weight {
            return *item;
        }
        x -= weight;
    }
    items.last().map_or(Destination::Unknown, |(item, _)| *item)
}

/// MOET student ids: "80" and eight digits, handed out in the order of the records with small
/// gaps between them (pupils who left, other provinces' numbers), so unique by construction.
/// Ascending ids also keep the store's unique index on them cheap to fill.
pub(super) struct MoetIds {
    last: u64,
}

impl MoetIds {
    pub(super) fn new(seed: u64) -> Self {
        MoetIds {
            last: 10_000_000 + seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 5_000_000,
        }
    }

    fn next(&mut self, rng: &mut ChaCha8Rng) -> String {
        self.last += rng.random_range(1..=40);
        format!("{PROVINCE_CODE}{:08}", self.last)
    }
}
