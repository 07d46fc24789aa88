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

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use domain::{Destination, Gender, InstitutionKind, Level, Ownership};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use store::{GraduateData, GraduatePlan, NewFollowUp, NewInstitution, Store, Unit};

use super::people::{self, HOA, KHMER, pick};
use super::province::{District, LongAn, PROVINCE_CODE, is_urban};

/// The school years whose graduates the demo holds, by the year they graduated.
pub(super) const YEARS: RangeInclusive<i32> = 2021..=2025;
/// The first cohorts assessed under Circular 22/2021 (Tốt / Khá / Đạt / Chưa đạt) graduate in
/// 2025, at both levels; earlier ones under Circular 58/2011.
const FIRST_CIRCULAR_22_YEAR: i32 = 2025;
/// Who and what wrote the records.
const SOURCE: &str = "dữ liệu mẫu";
/// Rows per write, each write one transaction.
const BATCH_ROWS: usize = 20_000;
/// Mixed into the seed so that the graduates draw from a stream of their own, apart from the
/// institutions' ("graduate" and "followup" in ASCII).
const GRADUATE_STREAM: u64 = 0x6772_6164_7561_7465;
const FOLLOW_UP_STREAM: u64 = 0x666f_6c6c_6f77_7570;

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

/// A graduate to follow up, found by MOET id once written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FollowUpDraft {
    pub moet_id: String,
    pub year: i32,
    pub on_date: NaiveDate,
    pub status: Destination,
    pub note: &'static str,
}

/// Later news of some THCS graduates of 2022-2024 who went to work or stayed at home: one visit
/// in the spring after, sometimes a second in the autumn.
pub(super) fn follow_ups(graduates: &[GraduateData], seed: u64) -> Vec<FollowUpDraft> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ FOLLOW_UP_STREAM);
    let mut drafts = Vec::new();
    for graduate in graduates {
        let followed = graduate.level == Level::Thcs
            && (2022..=2024).contains(&graduate.year)
            && matches!(
                graduate.destination,
                Destination::NotContinuing | Destination::Working
            );
        if !followed || !rng.random_bool(0.1) {
            continue;
        }
        let Some(moet_id) = graduate.moet_id.clone() else {
            continue;
        };
        let next_year = graduate.year + 1;
        let spring = day(next_year, 3, rng.random_range(5..=25));
        let first = next_status(graduate.destination, &mut rng);
        drafts.push(FollowUpDraft {
            moet_id: moet_id.clone(),
            year: graduate.year,
            on_date: spring,
            status: first,
            note: note(graduate.destination, first, &mut rng),
        });
        if rng.random_bool(0.4) {
            let second = next_status(first, &mut rng);
            drafts.push(FollowUpDraft {
                moet_id,
                year: graduate.year,
                on_date: day(next_year, 10, rng.random_range(1..=20)),
                status: second,
                note: note(first, second, &mut rng),
            });
        }
    }
    drafts
}

fn next_status(from: Destination, rng: &mut ChaCha8Rng) -> Destination {
    use Destination::*;
    let choices: &[(Destination, u32)] = match from {
        NotContinuing => &[
            (Intermediate, 20),
            (Elementary, 15),
            (GdtxVocational, 5),
            (Working, 30),
            (NotContinuing, 30),
        ],
        Working => &[
            (Elementary, 20),
            (Intermediate, 10),
            (Working, 60),
            (NotContinuing, 10),
        ],
        Intermediate | Elementary | GdtxVocational => &[(from, 85), (NotContinuing, 15)],
        _ => &[(from, 1)],
    };
    pick(rng, choices)
}

fn note(from: Destination, to: Destination, rng: &mut ChaCha8Rng) -> &'static str {
    use Destination::*;
    let notes: &[&'static str] = match (from == to, to) {
        (false, Intermediate) => &[
            "Đã nhập học trung cấp nghề điện công nghiệp",
            "Đã đăng ký học trung cấp nghề hàn",
            "Gia đình cho đi học trung cấp kế toán",
        ],
        (false, Elementary) => &[
            "Đã học lớp sơ cấp nghề may công nghiệp",
            "Học sơ cấp sửa chữa xe máy tại trung tâm GDNN-GDTX",
            "Học sơ cấp kỹ thuật trồng trọt",
        ],
        (false, GdtxVocational) => &["Đã vào học 9+ tại trung tâm GDNN-GDTX"],
        (false, Working) => &[
            "Làm công nhân ở khu công nghiệp",
            "Làm thợ phụ hồ cùng người nhà",
            "Bán hàng ở chợ phụ giúp gia đình",
        ],
        (false, NotContinuing) => &["Đã nghỉ học, ở nhà phụ giúp gia đình"],
        (true, Working) => &["Vẫn đi làm", "Vẫn làm công nhân, chưa muốn đi học lại"],
        (true, NotContinuing) => &[
            "Vẫn ở nhà, chưa đi học lại",
            "Gia đình khó khăn, chưa đi học",
        ],
        (true, _) => &["Vẫn đang học"],
        _ => &["Đã gặp gia đình học sinh"],
    };
    notes[rng.random_range(0..notes.len())]
}

/// Where the schools and the places graduates go to stand: the districts of the province, their
/// communes, and the institutions by district.
struct Map<'a> {
    /// The district (its index in `LongAn::districts`) of every commune.
    district_of: BTreeMap<i64, usize>,
    /// The communes of every district and whether each is a ward or township.
    communes: Vec<Vec<(i64, bool)>>,
    /// Public THPT of each district, with their commune.
    public_thpt: Vec<Vec<(&'a str, i64)>>,
    private_thpt: Vec<&'a str>,
    /// The GDNN-GDTX centre of each district.
    centres: Vec<Option<&'a str>>,
    /// Intermediate schools and colleges (which also teach the intermediate level).
    vocational: Near<'a>,
    colleges: Vec<&'a str>,
    enterprises: Near<'a>,
    district_codes: Vec<&'a str>,
}

impl<'a> Map<'a> {
    fn new(long_an: &LongAn<'a>, institutions: &'a [NewInstitution]) -> anyhow::Result<Self> {
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
    fn schools(
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
struct Near<'a> {
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

    fn choose(&self, district: usize, rng: &mut ChaCha8Rng) -> Option<String> {
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

/// The industrial districts along the roads to Hồ Chí Minh City (Đức Hòa, Bến Lức, Cần Giuộc),
/// where families have moved in and cohorts grow.
const INDUSTRIAL: [&str; 3] = ["802", "803", "807"];
/// The Đồng Tháp Mười plain, whose cohorts shrink as families leave for the factories.
const PLAIN: [&str; 6] = ["795", "796", "797", "798", "799", "800"];

/// The share of THCS graduates each district undertook to send to vocational training (9+,
/// intermediate, elementary) in 2023, in percent: the targets of Kế hoạch 568/KH-UBND of
/// 7 March 2023 of the province (27.92 % for the province).
pub(super) const VOCATIONAL_TARGETS_2023: [(&str, f64); 15] = [
    ("Tân An", 35.09),
    ("Châu Thành", 32.98),
    ("Tân Trụ", 27.50),
    ("Thủ Thừa", 20.00),
    ("Bến Lức", 32.01),
    ("Cần Đước", 10.01),
    ("Cần Giuộc", 27.03),
    ("Đức Hòa", 37.87),
    ("Đức Huệ", 27.04),
    ("Thạnh Hóa", 23.20),
    ("Tân Thạnh", 32.86),
    ("Mộc Hóa", 28.16),
    ("Kiến Tường", 29.81),
    ("Vĩnh Hưng", 17.47),
    ("Tân Hưng", 29.09),
];

/// How far a district's share of 2023 lands from its target, in percentage points, either way:
/// some districts meet their targets and some miss them, as dashboards should show.
const MISS_2023: f64 = 3.5;
/// A district's share is never below this, whatever its target (Cần Đước undertook 10 %).
const LOWEST_SHARE: f64 = 13.0;

/// What a district is like for its graduates.
struct DistrictProfile {
    code: String,
    /// Percent of THCS graduates to vocational training in 2023, on average over its schools.
    vocational: f64,
    /// The share of those who sat the grade-10 exam that passed it.
    exam_pass: f64,
    /// Yearly growth of the cohorts.
    growth: f64,
}

impl DistrictProfile {
    fn draw(district: &District, rng: &mut ChaCha8Rng) -> Self {
        let code = district.code();
        let target = VOCATIONAL_TARGETS_2023
            .iter()
            .find(|(name, _)| *name == district.short_name())
            .map_or(28.0, |(_, share)| *share);
        let growth = if INDUSTRIAL.contains(&code) {
            0.02
        } else if PLAIN.contains(&code) {
            -0.01
        } else {
            0.0
        };
        DistrictProfile {
            code: code.to_string(),
            vocational: (target + rng.random_range(-MISS_2023..MISS_2023)).max(LOWEST_SHARE),
            exam_pass: rng.random_range(0.72..0.79),
            growth,
        }
    }

    fn busy(&self) -> bool {
        self.code == "794" || INDUSTRIAL.contains(&self.code.as_str())
    }
}

struct School<'a> {
    institution: &'a NewInstitution,
    level: Level,
    district: usize,
    commune: i64,
    neighbours: Vec<i64>,
    /// Graduates in a usual year.
    size: f64,
    lean: f64,
    private: bool,
    chuyen: bool,
}

/// Destinations and their weights, in any unit.
type Weights = Vec<(Destination, f64)>;

/// One school's graduates of one year: how many, and the odds of each destination.
struct Cohort<'s, 'a> {
    school: &'s School<'a>,
    year: i32,
    size: usize,
    classes: usize,
    /// Destinations and their weights, boys' and girls' apart.
    boys: Weights,
    girls: Weights,
    /// For a THCS: the chance that a graduate not bound for a THPT passed the grade-10 exam.
    passed_elsewhere: f64,
}

impl<'s, 'a> Cohort<'s, 'a> {
    fn draw(
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
    fn graduate(
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

/// Categories and their weights.
type Table = &'static [(&'static str, u32)];

/// Among graduates whose destination is unknown, the share that passed the grade-10 exam: in
/// the latest cohort many of them were admitted but their enrolment is not confirmed yet.
fn passed_unknown(year: i32) -> f64 {
    if year >= 2025 { 0.5 } else { 0.3 }
}

/// Learning and conduct: Circular 22 codes for the cohorts of 2025, Circular 58 before.
fn results(year: i32, strong: bool, rng: &mut ChaCha8Rng) -> (&'static str, &'static str) {
    let (academic, conduct): (Table, Table) = match (year >= FIRST_CIRCULAR_22_YEAR, strong) {
        (true, true) => (
            &[("tot", 40), ("kha", 45), ("dat", 15)],
            &[("tot", 90), ("kha", 9), ("dat", 1)],
        ),
        (true, false) => (
            &[("tot", 5), ("kha", 35), ("dat", 59), ("chua_dat", 1)],
            &[("tot", 65), ("kha", 27), ("dat", 8)],
        ),
        (false, true) => (
            &[("gioi", 38), ("kha", 45), ("trung_binh", 17)],
            &[("tot", 88), ("kha", 10), ("trung_binh", 2)],
        ),
        (false, false) => (
            &[("gioi", 4), ("kha", 30), ("trung_binh", 63), ("yeu", 3)],
            &[("tot", 62), ("kha", 28), ("trung_binh", 10)],
        ),
    };
    (pick(rng, academic), pick(rng, conduct))
}

/// What a pupil said they wished for before graduating; mostly what they did.
fn wish(level: Level, destination: Destination, rng: &mut ChaCha8Rng) -> &'static str {
    use Destination::*;
    let wishes: &[&'static str] = match (level, destination) {
        (Level::Thcs, ThptPublic | ThptPrivate) => &[
            "Thi vào THPT",
            "Học tiếp lên THPT rồi thi đại học",
            "Thi vào lớp 10 trường gần nhà",
        ],
        (Level::Thcs, Gdtx) => &["Học bổ túc văn hóa", "Vừa học vừa làm"],
        (Level::Thcs, GdtxVocational | Intermediate | Elementary) => &[
            "Học nghề điện công nghiệp",
            "Học nghề sửa chữa ô tô",
            "Học nghề may",
            "Học trung cấp kế toán",
            "Học nghề hàn",
            "Học 9+ tại trung tâm GDNN-GDTX",
            "Học nghề điện tử dân dụng",
            "Thi vào THPT",
        ],
        (Level::Thcs, Working | NotContinuing) => &[
            "Đi làm phụ giúp gia đình",
            "Làm công nhân ở khu công nghiệp",
            "Ở nhà phụ giúp gia đình làm ruộng",
            "Học nghề may",
        ],
        (Level::Thpt, University) => &[
            "Thi đại học ngành công nghệ thông tin",
            "Học ngành sư phạm",
            "Thi vào ngành y",
            "Học ngành kinh tế",
            "Thi đại học ngành luật",
        ],
        (Level::Thpt, College | Intermediate | Elementary) => &[
            "Học cao đẳng điều dưỡng",
            "Học nghề công nghệ ô tô",
            "Học cao đẳng kế toán",
            "Học nghề điện công nghiệp",
            "Thi đại học ngành công nghệ thông tin",
        ],
        (Level::Thpt, Working) => &["Làm việc tại khu công nghiệp", "Đi làm phụ giúp gia đình"],
        (Level::Thpt, WorkingAbroad) => {
            &["Đi xuất khẩu lao động Nhật Bản", "Đi làm việc ở Hàn Quốc"]
        }
        (Level::Thpt, Military) => &["Đi nghĩa vụ quân sự", "Thi vào trường công an"],
        _ => &["Chưa quyết định", "Đi làm phụ giúp gia đình"],
    };
    wishes[rng.random_range(0..wishes.len())]
}

/// Where a graduate went to learn or work, when the school knows it.
fn place(
    school: &School,
    residence: i64,
    destination: Destination,
    map: &Map,
    rng: &mut ChaCha8Rng,
) -> Option<String> {
    use Destination::*;
    let district = school.district;
    let one = |items: &[&str], rng: &mut ChaCha8Rng| -> Option<String> {
        if items.is_empty() {
            None
        } else {
            Some(items[rng.random_range(0..items.len())].to_string())
        }
    };
    let centre = map.centres[district].map(str::to_string);
    match destination {
        ThptPublic => {
            let schools = &map.public_thpt[district];
            match schools.iter().find(|(_, commune)| *commune == residence) {
                Some((name, _)) if rng.random_bool(0.7) => Some(name.to_string()),
                _ if schools.is_empty() => None,
                _ => Some(schools[rng.random_range(0..schools.len())].0.to_string()),
            }
        }
        ThptPrivate => one(&map.private_thpt, rng),
        Gdtx | GdtxVocational => centre,
        Intermediate => map.vocational.choose(district, rng),
        Elementary if rng.random_bool(0.6) => centre,
        Elementary => map.vocational.choose(district, rng),
        College if rng.random_bool(0.7) => one(&map.colleges, rng),
        College => Some(pick(rng, &OUTSIDE_COLLEGES).to_string()),
        University if rng.random_bool(0.92) => Some(pick(rng, &UNIVERSITIES).to_string()),
        Working if rng.random_bool(0.5) => map.enterprises.choose(district, rng),
        WorkingAbroad => Some(
            pick(
                rng,
                &[
                    ("Nhật Bản", 6),
                    ("Hàn Quốc", 3),
                    ("Đài Loan (Trung Quốc)", 2),
                ],
            )
            .to_string(),
        ),
        Military => Some(
            pick(
                rng,
                &[
                    ("Bộ Chỉ huy Quân sự tỉnh Long An", 4),
                    ("Công an tỉnh Long An", 1),
                ],
            )
            .to_string(),
        ),
        _ => None,
    }
}

/// Where most of Long An's graduates study at university: the two universities of the province,
/// those of Hồ Chí Minh City next door, and some of the Mekong delta.
const UNIVERSITIES: [(&str, u32); 16] = [
    ("Trường Đại học Kinh tế Công nghiệp Long An", 8),
    ("Trường Đại học Tân Tạo", 3),
    ("Trường Đại học Kinh tế TP. Hồ Chí Minh", 6),
    ("Trường Đại học Sư phạm TP. Hồ Chí Minh", 5),
    ("Trường Đại học Công nghiệp TP. Hồ Chí Minh", 7),
    ("Trường Đại học Nông Lâm TP. Hồ Chí Minh", 5),
    ("Trường Đại học Tôn Đức Thắng", 5),
    ("Trường Đại học Cần Thơ", 3),
    ("Trường Đại học Y Dược TP. Hồ Chí Minh", 2),
    ("Trường Đại học Bách khoa - ĐHQG TP. Hồ Chí Minh", 3),
    ("Trường Đại học Sài Gòn", 4),
    ("Trường Đại học Văn Lang", 4),
    ("Trường Đại học Nguyễn Tất Thành", 4),
    ("Trường Đại học Mở TP. Hồ Chí Minh", 3),
    ("Trường Đại học Tiền Giang", 2),
    ("Trường Đại học Công nghệ TP. Hồ Chí Minh", 4),
];

const OUTSIDE_COLLEGES: [(&str, u32); 2] = [
    ("Trường Cao đẳng Kỹ thuật Cao Thắng", 2),
    ("Trường Cao đẳng Công Thương TP. Hồ Chí Minh", 1),
];

/// When the destination was taken up: the first school day of September for the schools, the
/// middle of September for vocational schools and universities, the call-up of February for
/// the army; none while unknown.
fn destination_date(year: i32, destination: Destination) -> Option<NaiveDate> {
    use Destination::*;
    match destination {
        Unknown => None,
        ThptPublic | ThptPrivate | Gdtx | GdtxVocational => Some(day(year, 9, 5)),
        Working => Some(day(year, 8, 1)),
        WorkingAbroad => Some(day(year, 12, 1)),
        Military => Some(day(year + 1, 2, 15)),
        _ => Some(day(year, 9, 15)),
    }
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

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// MOET student ids: "80" and eight digits, handed out in the order of the records with small
/// gaps between them (pupils who left, other provinces' numbers), so unique by construction.
/// Ascending ids also keep the store's unique index on them cheap to fill.
struct MoetIds {
    last: u64,
}

impl MoetIds {
    fn new(seed: u64) -> Self {
        MoetIds {
            last: 10_000_000 + seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 5_000_000,
        }
    }

    fn next(&mut self, rng: &mut ChaCha8Rng) -> String {
        self.last += rng.random_range(1..=40);
        format!("{PROVINCE_CODE}{:08}", self.last)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::hash::{DefaultHasher, Hash, Hasher};
    use std::sync::OnceLock;

    use domain::{Destination, Level};
    use store::{GraduateData, NewInstitution, Unit};

    use super::super::province::LongAn;

    /// The national reference, parsed once for all tests.
    fn units() -> anyhow::Result<&'static [Unit]> {
        static UNITS: OnceLock<Result<Vec<Unit>, String>> = OnceLock::new();
        UNITS
            .get_or_init(|| interchange::reference::national_plan(1).map(|plan| plan.units))
            .as_deref()
            .map_err(|e| anyhow::anyhow!("{e}"))
    }

    fn institutions(seed: u64) -> anyhow::Result<Vec<NewInstitution>> {
        super::super::institutions(units()?, seed)
    }

    /// The graduates of seed 1, generated once for the tests that only read them.
    fn seed_one() -> anyhow::Result<&'static [GraduateData]> {
        static ROWS: OnceLock<Result<Vec<GraduateData>, String>> = OnceLock::new();
        ROWS.get_or_init(|| {
            let institutions = institutions(1).map_err(|e| e.to_string())?;
            super::generate(&institutions, units().map_err(|e| e.to_string())?, 1)
                .map_err(|e| e.to_string())
        })
        .as_deref()
        .map_err(|e| anyhow::anyhow!("{e}"))
    }

    fn fingerprint(rows: &[GraduateData]) -> u64 {
        let mut hasher = DefaultHasher::new();
        for row in rows {
            format!("{row:?}").hash(&mut hasher);
        }
        hasher.finish()
    }

    fn share(part: usize, whole: usize) -> f64 {
        100.0 * part as f64 / whole.max(1) as f64
    }

    const VOCATIONAL: [Destination; 3] = [
        Destination::GdtxVocational,
        Destination::Intermediate,
        Destination::Elementary,
    ];

    #[test]
    fn the_same_seed_gives_the_same_graduates_and_another_seed_others() -> anyhow::Result<()> {
        let first = seed_one()?;
        let again = super::generate(&institutions(1)?, units()?, 1)?;
        assert_eq!(fingerprint(first), fingerprint(&again));
        let other = super::generate(&institutions(2)?, units()?, 2)?;
        assert_ne!(fingerprint(first), fingerprint(&other));
        Ok(())
    }

    #[test]
    fn every_school_has_a_cohort_of_plausible_size_each_year_in_classes_of_about_forty()
    -> anyhow::Result<()> {
        let rows = seed_one()?;
        let mut cohorts: BTreeMap<(i32, Level, &str), Vec<&GraduateData>> = BTreeMap::new();
        for row in rows {
            cohorts
                .entry((row.year, row.level, row.school_code.as_str()))
                .or_default()
                .push(row);
        }
        let general: Vec<(Level, String)> = institutions(1)?
            .into_iter()
            .filter_map(|i| match i.kind {
                domain::InstitutionKind::Thcs | domain::InstitutionKind::ThThcs => {
                    Some((Level::Thcs, i.code))
                }
                domain::InstitutionKind::Thpt => Some((Level::Thpt, i.code)),
                _ => None,
            })
            .collect();
        assert_eq!(cohorts.len(), general.len() * 5);
        for ((year, level, school), cohort) in &cohorts {
            let (range, prefix, max_classes) = match level {
                Level::Thcs => (60..=250, "9A", 6),
                Level::Thpt => (150..=450, "12A", 10),
            };
            assert!(
                range.contains(&cohort.len()),
                "{} học sinh {school} {year}",
                cohort.len()
            );
            let mut classes: BTreeMap<&str, usize> = BTreeMap::new();
            for row in cohort {
                *classes.entry(row.class_name.as_str()).or_default() += 1;
            }
            assert!(classes.len() <= max_classes);
            for (class, count) in classes {
                let number: usize = class
                    .strip_prefix(prefix)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                assert!((1..=max_classes).contains(&number), "lớp {class}");
                assert!((25..=46).contains(&count), "{count} học sinh lớp {class}");
            }
        }
        for year in super::YEARS {
            for (level, range) in [
                (Level::Thcs, 18_000..=32_000),
                (Level::Thpt, 12_000..=22_000),
            ] {
                let count = rows
                    .iter()
                    .filter(|r| r.year == year && r.level == level)
                    .count();
                assert!(range.contains(&count), "{count} {} {year}", level.label());
            }
        }
        Ok(())
    }

    #[test]
    fn every_graduate_has_a_destination_of_its_level_and_results_of_its_circular()
    -> anyhow::Result<()> {
        for row in seed_one()? {
            assert!(
                Destination::for_level(row.level).contains(&row.destination),
                "{:?} {}",
                row.destination,
                row.level.label()
            );
            let (academic, conduct): (&[&str], &[&str]) = if row.year >= 2025 {
                (
                    &["tot", "kha", "dat", "chua_dat"],
                    &["tot", "kha", "dat", "chua_dat"],
                )
            } else {
                (
                    &["gioi", "kha", "trung_binh", "yeu"],
                    &["tot", "kha", "trung_binh"],
                )
            };
            assert!(academic.contains(&row.academic.as_deref().unwrap_or("")));
            assert!(conduct.contains(&row.conduct.as_deref().unwrap_or("")));
            let age = row.year - chrono::Datelike::year(&row.birth_date);
            let usual = match row.level {
                Level::Thcs => 15,
                Level::Thpt => 18,
            };
            assert!((usual..=usual + 2).contains(&age), "{age} tuổi");
            match row.level {
                Level::Thcs => {
                    assert!(row.exam_sat.is_some() && row.exam_passed.is_some());
                    if row.exam_passed == Some(true) {
                        assert_eq!(row.exam_sat, Some(true));
                    }
                    if row.destination == Destination::ThptPublic {
                        assert_eq!(row.exam_passed, Some(true));
                    }
                }
                Level::Thpt => assert!(row.exam_sat.is_none() && row.exam_passed.is_none()),
            }
            assert_eq!(
                row.destination_date.is_none(),
                row.destination == Destination::Unknown
            );
            assert_eq!(row.destination_source, "dữ liệu mẫu");
            assert!(!row.name.family_middle.is_empty() && !row.name.given.is_empty());
        }
        Ok(())
    }

    #[test]
    fn vocational_shares_of_2023_stay_near_the_targets_of_each_district() -> anyhow::Result<()> {
        let units = units()?;
        let long_an = LongAn::find(units)?;
        let district_of: BTreeMap<i64, &str> = long_an
            .communes()
            .map(|(d, c)| (c.id, d.short_name()))
            .collect();
        let institutions = institutions(1)?;
        let school_district: BTreeMap<&str, &str> = institutions
            .iter()
            .filter_map(|i| Some((i.code.as_str(), *district_of.get(&i.commune_unit_id)?)))
            .collect();
        let rows = seed_one()?;
        let mut shares = BTreeMap::new();
        for year in super::YEARS {
            let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
            for row in rows
                .iter()
                .filter(|r| r.year == year && r.level == Level::Thcs)
            {
                let district = school_district.get(row.school_code.as_str()).copied();
                let entry = tally.entry(district.unwrap_or("?")).or_default();
                entry.0 += usize::from(VOCATIONAL.contains(&row.destination));
                entry.1 += 1;
            }
            assert_eq!(tally.len(), 15);
            if year == 2023 {
                for (district, (vocational, all)) in &tally {
                    let share = share(*vocational, *all);
                    assert!((10.0..=45.0).contains(&share), "{district}: {share:.1}%");
                    let target = super::VOCATIONAL_TARGETS_2023
                        .iter()
                        .find(|(name, _)| name == district)
                        .map(|(_, target)| target.max(super::LOWEST_SHARE));
                    let target = target.ok_or_else(|| anyhow::anyhow!("{district}?"))?;
                    assert!(
                        (share - target).abs() <= super::MISS_2023 + 2.5,
                        "{district}: {share:.1}% so với chỉ tiêu {target:.1}%"
                    );
                }
            }
            let (vocational, all) = tally
                .values()
                .fold((0, 0), |(v, a), (tv, ta)| (v + tv, a + ta));
            shares.insert(year, share(vocational, all));
        }
        let province_2023 = shares[&2023];
        assert!(
            (25.0..=31.0).contains(&province_2023),
            "{province_2023:.1}%"
        );
        assert!(shares[&2021] < shares[&2024], "{shares:?}");
        Ok(())
    }

    #[test]
    fn exam_results_and_destinations_come_in_the_shares_of_the_province() -> anyhow::Result<()> {
        let rows = seed_one()?;
        let count = |level: Level, year: i32, keep: &dyn Fn(&GraduateData) -> bool| {
            rows.iter()
                .filter(|r| r.level == level && r.year == year && keep(r))
                .count()
        };
        for year in super::YEARS {
            let thcs = count(Level::Thcs, year, &|_| true);
            let sat = count(Level::Thcs, year, &|r| r.exam_sat == Some(true));
            let passed = count(Level::Thcs, year, &|r| r.exam_passed == Some(true));
            assert!((85.0..=95.0).contains(&share(sat, thcs)), "{sat}/{thcs}");
            assert!(
                (70.0..=80.0).contains(&share(passed, sat)),
                "{passed}/{sat}"
            );
            let unknown = share(
                count(Level::Thcs, year, &|r| {
                    r.destination == Destination::Unknown
                }),
                thcs,
            );
            let expected = if year == 2025 { 8.0..=12.0 } else { 2.0..=5.0 };
            assert!(expected.contains(&unknown), "{unknown:.1}% chưa rõ {year}");

            let thpt = count(Level::Thpt, year, &|_| true);
            let of_thpt =
                |d: Destination| share(count(Level::Thpt, year, &|r| r.destination == d), thpt);
            let university = of_thpt(Destination::University);
            assert!(
                (40.0..=52.0).contains(&university),
                "{university:.1}% đại học"
            );
            let college = of_thpt(Destination::College);
            assert!((15.0..=25.0).contains(&college), "{college:.1}% cao đẳng");
            let boys = share(
                count(Level::Thcs, year, &|r| r.gender == domain::Gender::Male),
                thcs,
            );
            assert!((49.0..=53.0).contains(&boys), "{boys:.1}% nam");
        }
        Ok(())
    }

    #[test]
    fn names_ids_and_homes_look_like_those_of_long_an() -> anyhow::Result<()> {
        let rows = seed_one()?;
        let ids: BTreeSet<&str> = rows.iter().filter_map(|r| r.moet_id.as_deref()).collect();
        assert_eq!(ids.len(), rows.len(), "mã học sinh trùng");
        assert!(ids.iter().all(|id| id.len() == 10
            && id.starts_with("80")
            && id.bytes().all(|b| b.is_ascii_digit())));
        let family = |name: &str| rows.iter().filter(|r| r.name.family() == name).count();
        let nguyen = share(family("Nguyễn"), rows.len());
        assert!((33.0..=43.0).contains(&nguyen), "{nguyen:.1}% họ Nguyễn");
        assert!(family("Trần") > family("Bùi"));
        let givens: BTreeSet<&str> = rows.iter().map(|r| r.name.given.as_str()).collect();
        for given in ["Ân", "Ẩn", "Đức", "Đạt", "Ưng", "Ơn", "Ánh"] {
            assert!(givens.contains(given), "không ai tên {given}");
        }
        let two_middles = rows
            .iter()
            .filter(|r| r.name.family_middle.split(' ').count() == 3)
            .count();
        assert!((5.0..=20.0).contains(&share(two_middles, rows.len())));
        let minority = rows
            .iter()
            .filter(|r| domain::ethnicity::is_minority(&r.ethnicity))
            .count();
        assert!((0.2..=2.0).contains(&share(minority, rows.len())));

        let school_commune: BTreeMap<String, i64> = institutions(1)?
            .into_iter()
            .map(|i| (i.code, i.commune_unit_id))
            .collect();
        let at_home = rows
            .iter()
            .filter(|r| r.level == Level::Thcs)
            .filter(|r| r.residence_commune_id == school_commune.get(&r.school_code).copied())
            .count();
        let thcs = rows.iter().filter(|r| r.level == Level::Thcs).count();
        assert!((80.0..=90.0).contains(&share(at_home, thcs)));
        Ok(())
    }

    #[test]
    fn a_few_hundred_graduates_who_left_school_are_followed_up_later() -> anyhow::Result<()> {
        let rows = seed_one()?;
        let drafts = super::follow_ups(rows, 1);
        assert!(
            (200..=800).contains(&drafts.len()),
            "{} lần theo dõi",
            drafts.len()
        );
        assert_eq!(drafts, super::follow_ups(rows, 1));
        let thcs = Destination::for_level(Level::Thcs);
        for draft in &drafts {
            assert!((2022..=2024).contains(&draft.year));
            assert!(thcs.contains(&draft.status));
            assert!(chrono::Datelike::year(&draft.on_date) == draft.year + 1);
        }
        Ok(())
    }

    /// The whole demo in a temporary SQLite file: every generated graduate is written.
    #[tokio::test]
    async fn the_whole_demo_writes_every_generated_graduate_and_their_follow_ups()
    -> anyhow::Result<()> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos();
        let file = format!("hn-demo-graduates-{}-{nanos}.db", std::process::id());
        let path = std::env::temp_dir().join(file).display().to_string();
        let result = async {
            let store = store::open(&format!("sqlite://{path}")).await?;
            let plan = interchange::reference::national_plan(1).map_err(anyhow::Error::msg)?;
            store.apply_units(&plan).await?;
            let started = std::time::Instant::now();
            let summary = super::super::load(store.as_ref(), 3).await?;
            eprintln!(
                "dữ liệu mẫu: {} học sinh trong {:.1} s",
                summary.graduates,
                started.elapsed().as_secs_f64()
            );
            let expected = super::generate(&institutions(3)?, &plan.units, 3)?;
            assert_eq!(summary.graduates, expected.len());
            assert_eq!(
                store.graduate_count().await?,
                i64::try_from(expected.len())?
            );

            let drafts = super::follow_ups(&expected, 3);
            let first = drafts
                .first()
                .ok_or_else(|| anyhow::anyhow!("không có theo dõi"))?;
            let keys = store
                .graduates_elsewhere(
                    "",
                    first.year,
                    Level::Thcs,
                    std::slice::from_ref(&first.moet_id),
                    &[],
                )
                .await?;
            let id = keys.first().map(|k| k.id).unwrap_or_default();
            let stored = store.follow_ups(id).await?;
            assert_eq!(stored.first().map(|f| f.status), Some(first.status));
            anyhow::Ok(())
        }
        .await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        result
    }
}
