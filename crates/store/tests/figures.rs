//! The figures kept in the database, on both backends: every tally equals a recount of the
//! records after random interleavings of imports, edits, corrections and approvals by concurrent
//! writers; no write started after an approval changes the approved cohort; a school or a tree
//! added later counts everywhere at once; `check_figures` names a difference and
//! `rebuild_figures` repairs it.

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::Utc;
use domain::{Destination, Gender, InstitutionKind, Level, PersonName};
use hn_store::{
    FigureDifference, Graduate, GraduateData, GraduatePlan, GraduateUpdate, NewCorrection,
    NewSubmission, Review, Store, StoreError, Submitter, diff,
};
use hn_testkit::Random;
use support::fixtures::{Fixture, day};

/// Schools in three places: an old commune (2025 district Thạnh Hóa), the new commune formed from
/// it and a part of another (in the old tree only in what both had in common: the district), and
/// a ward of Hồ Chí Minh City (in no district Thạnh Hóa ever held).
const OLD: &str = "80800101";
const MERGED: &str = "80800102";
const ELSEWHERE: &str = "79700103";
const SCHOOLS: [&str; 3] = [OLD, MERGED, ELSEWHERE];
const YEARS: [i32; 3] = [2023, 2024, 2025];

async fn with_schools(store: &Arc<dyn Store>) -> Fixture {
    let fixture = Fixture::applied(store).await;
    store
        .upsert_institutions(&[
            fixture.school(OLD, InstitutionKind::Thcs, &fixture.thanh_loi_old),
            fixture.school(MERGED, InstitutionKind::Thcs, &fixture.thanh_loi_new),
            fixture.school(ELSEWHERE, InstitutionKind::Thcs, &fixture.tan_dinh_new),
        ])
        .await
        .expect("trường");
    fixture
}

fn graduate(school: &str, year: i32, n: u64, random: &mut Random) -> GraduateData {
    GraduateData {
        province_code: school[..2].to_string(),
        year,
        level: Level::Thcs,
        school_code: school.to_string(),
        moet_id: Some(format!("F{n:09}")),
        name: PersonName {
            family_middle: "Trần Thị".into(),
            given: format!("Thử{n}"),
        },
        birth_date: day(year - 15, 3, 1),
        gender: random.pick(&[Gender::Male, Gender::Female]),
        ethnicity: random.pick(&["01", "01", "05", "00"]).into(),
        residence_commune_id: None,
        class_name: "9A".into(),
        academic: None,
        conduct: None,
        exam_sat: None,
        exam_passed: None,
        wishes: String::new(),
        destination: random.pick(Destination::for_level(Level::Thcs)),
        destination_institution: None,
        destination_date: None,
        destination_source: String::new(),
    }
}

fn changed(before: &Graduate, random: &mut Random) -> GraduateUpdate {
    let mut after = before.data.clone();
    after.destination = random.pick(Destination::for_level(Level::Thcs));
    after.gender = random.pick(&[Gender::Male, Gender::Female]);
    after.ethnicity = random.pick(&["01", "05", "00"]).into();
    GraduateUpdate {
        id: before.id,
        changes: diff(&before.data, &after),
        data: after,
        previous: before.data.clone(),
    }
}

fn plan(inserts: Vec<GraduateData>, updates: Vec<GraduateUpdate>, who: &str) -> GraduatePlan {
    GraduatePlan {
        inserts,
        updates,
        username: who.into(),
        source: "thử".into(),
        at: Utc::now(),
    }
}

/// What the run saw, in the order of one shared clock (`tick`).
#[derive(Default)]
struct Log {
    /// (school, year) → the tick after which an approval covering it had committed.
    approved_at: HashMap<(String, i32), u64>,
    /// Writes (not corrections) that were stored: (school, year, tick when they started).
    stored: Vec<(String, i32, u64)>,
    approvals: usize,
    corrections: usize,
    refused_locked: usize,
    refused_stale: usize,
    corrections_busy: usize,
}

struct Run {
    store: Arc<dyn Store>,
    fixture: Fixture,
    clock: AtomicU64,
    log: Mutex<Log>,
    next_id: AtomicU64,
}

impl Run {
    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::SeqCst)
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The schools an approval by `submitter` of a cohort covers.
    fn covered(&self, submitter: &Submitter) -> Vec<&'static str> {
        match submitter {
            Submitter::Institution(code) => SCHOOLS.into_iter().filter(|s| s == code).collect(),
            // The old district held the old commune and, in the old tree, the merged one.
            Submitter::Unit(_) => vec![OLD, MERGED],
        }
    }

    /// Writes a plan (an import or an edit), retrying while the database is busy.
    async fn write(&self, plan: &GraduatePlan, cohorts: &[(String, i32)]) {
        for _ in 0..20 {
            let started = self.tick();
            match self.store.apply_graduates(plan).await {
                Ok(()) => {
                    let mut log = self.log();
                    for (school, year) in cohorts {
                        log.stored.push((school.clone(), *year, started));
                    }
                    return;
                }
                Err(StoreError::Locked(_)) => {
                    self.log().refused_locked += 1;
                    return;
                }
                Err(StoreError::Stale(_)) => {
                    self.log().refused_stale += 1;
                    return;
                }
                Err(StoreError::Busy) => {
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
                Err(other) => panic!("ghi: {other}"),
            }
        }
        panic!("cơ sở dữ liệu bận mãi");
    }

    async fn records(&self, school: &str, year: i32) -> Vec<Graduate> {
        self.store
            .graduates_of(school, year, Level::Thcs)
            .await
            .expect("đọc")
    }

    async fn import(&self, random: &mut Random, who: &str) {
        let (school, year) = (random.pick(&SCHOOLS), random.pick(&YEARS));
        let inserts = (0..1 + random.below(4))
            .map(|_| {
                let n = self.next_id.fetch_add(1, Ordering::SeqCst);
                graduate(school, year, n, random)
            })
            .collect();
        let stored = self.records(school, year).await;
        let mut updates = Vec::new();
        for g in &stored {
            if updates.len() < 3 && random.below(3) == 0 {
                updates.push(changed(g, random));
            }
        }
        self.write(&plan(inserts, updates, who), &[(school.to_string(), year)])
            .await;
    }

    async fn edit(&self, random: &mut Random, who: &str) {
        let (school, year) = (random.pick(&SCHOOLS), random.pick(&YEARS));
        let stored = self.records(school, year).await;
        if stored.is_empty() {
            return;
        }
        let one = changed(&stored[random.below(stored.len())], random);
        self.write(&plan(vec![], vec![one], who), &[(school.to_string(), year)])
            .await;
    }

    async fn approve(&self, random: &mut Random, who: &str) {
        let year = random.pick(&YEARS);
        let (submitter, unit_id) = if random.below(3) == 0 {
            (
                Submitter::Unit(self.fixture.thanh_hoa.id),
                self.fixture.thanh_hoa.id,
            )
        } else {
            let school = random.pick(&SCHOOLS);
            (
                Submitter::Institution(school.into()),
                self.fixture.thanh_loi_old.id,
            )
        };
        let sent = self
            .store
            .submit_report(&NewSubmission {
                province_code: "80".into(),
                period: format!("{year}-y"),
                cohort_year: year,
                submitter: submitter.clone(),
                unit_id,
                figures: "{}".into(),
                note: String::new(),
                username: who.into(),
                at: Utc::now(),
            })
            .await;
        let sent = match sent {
            Ok(sent) => sent,
            // The other writer sent the same report first (both saw none): refused, as the
            // product answers a double send.
            Err(StoreError::Locked(_) | StoreError::Busy | StoreError::Conflict(_)) => return,
            Err(other) => panic!("gửi: {other}"),
        };
        let review = Review {
            approve: true,
            username: "cap.tren".into(),
            comment: String::new(),
            at: Utc::now(),
        };
        match self.store.review_submission(sent.id, &review).await {
            Ok(_) => {
                // Every write that starts from here on must find the cohort locked.
                let after = self.tick();
                let mut log = self.log();
                log.approvals += 1;
                for school in self.covered(&submitter) {
                    log.approved_at
                        .entry((school.to_string(), year))
                        .and_modify(|t| *t = (*t).min(after))
                        .or_insert(after);
                }
            }
            Err(StoreError::Locked(_) | StoreError::NotFound(_) | StoreError::Busy) => {}
            Err(other) => panic!("duyệt: {other}"),
        }
    }

    /// A correction of an approved cohort, asked and approved: the one write a lock lets pass.
    async fn correct(&self, random: &mut Random, who: &str) {
        let year = random.pick(&YEARS);
        let approved = self.store.approved_submissions(year).await.expect("đọc");
        let Some(submission) = approved.first() else {
            return;
        };
        let school = match &submission.submitter {
            Submitter::Institution(code) => code.clone(),
            Submitter::Unit(_) => OLD.to_string(),
        };
        let stored = self.records(&school, year).await;
        if stored.is_empty() {
            return;
        }
        let one = changed(&stored[random.below(stored.len())], random);
        let asked = self
            .store
            .ask_correction(&NewCorrection {
                province_code: "80".into(),
                submission_id: submission.id,
                graduate_id: one.id,
                field: "destination".into(),
                old_value: one.previous.destination.code().into(),
                new_value: one.data.destination.code().into(),
                reason: "Em đã đổi trường".into(),
                username: who.into(),
                at: Utc::now(),
            })
            .await;
        let asked = match asked {
            Ok(asked) => asked,
            Err(StoreError::Busy) => {
                self.log().corrections_busy += 1;
                return;
            }
            Err(other) => panic!("đề nghị điều chỉnh: {other}"),
        };
        let review = Review {
            approve: true,
            username: "cap.tren".into(),
            comment: String::new(),
            at: Utc::now(),
        };
        match self
            .store
            .approve_correction(asked.id, &review, &plan(vec![], vec![one], who))
            .await
        {
            Ok(_) => self.log().corrections += 1,
            Err(StoreError::Stale(_)) => self.log().refused_stale += 1,
            Err(StoreError::Busy) => self.log().corrections_busy += 1,
            Err(StoreError::NotFound(_)) => {}
            Err(other) => panic!("duyệt điều chỉnh: {other}"),
        }
    }
}

async fn writer(run: Arc<Run>, seed: u64, who: &'static str) {
    let mut random = Random(seed);
    for _ in 0..45 {
        match random.below(12) {
            0..=5 => run.import(&mut random, who).await,
            6..=8 => run.edit(&mut random, who).await,
            9 => run.approve(&mut random, who).await,
            _ => run.correct(&mut random, who).await,
        }
    }
}

async fn concurrent_writers_keep_every_tally_right(store: Arc<dyn Store>) {
    let fixture = with_schools(&store).await;
    let run = Arc::new(Run {
        store: store.clone(),
        fixture,
        clock: AtomicU64::new(0),
        log: Mutex::new(Log::default()),
        next_id: AtomicU64::new(0),
    });
    for round in 0..3u64 {
        let one = tokio::spawn(writer(run.clone(), 0x9e37_79b9 + round, "gv.mot"));
        let two = tokio::spawn(writer(run.clone(), 0x85eb_ca6b + round * 7, "gv.hai"));
        one.await.expect("người ghi 1");
        two.await.expect("người ghi 2");
        let differences = store.check_figures(&|_| {}).await.expect("kiểm tra");
        assert!(
            differences.is_empty(),
            "vòng {round}: số liệu lệch với hồ sơ: {:?}",
            &differences[..differences.len().min(5)]
        );
    }
    let log = run.log();
    for (school, year, started) in &log.stored {
        if let Some(approved) = log.approved_at.get(&(school.clone(), *year)) {
            assert!(
                started < approved,
                "một lần ghi bắt đầu sau khi {school}/{year} đã duyệt (nhịp {started} > {approved}) vẫn được lưu"
            );
        }
    }
    // The run exercised what it claims to.
    assert!(
        log.stored.len() > 20,
        "chỉ {} lần ghi ({} khóa, {} cũ)",
        log.stored.len(),
        log.refused_locked,
        log.refused_stale
    );
    assert!(log.approvals > 2, "chỉ {} lần duyệt", log.approvals);
    assert!(log.refused_locked > 0, "không lần ghi nào gặp khóa");
    assert!(
        log.corrections > 0,
        "không điều chỉnh nào được duyệt ({} duyệt, {} ghi, {} khóa, {} cũ, {} bận)",
        log.approvals,
        log.stored.len(),
        log.refused_locked,
        log.refused_stale,
        log.corrections_busy
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_keep_every_tally_right_sqlite() {
    support::on_sqlite(concurrent_writers_keep_every_tally_right).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_keep_every_tally_right_postgres() {
    support::on_postgres(concurrent_writers_keep_every_tally_right).await;
}

/// The THCS graduates a unit counts for a year, read as the figures read them.
async fn thcs_graduates(store: &Arc<dyn Store>, unit: i64, year: i32) -> i64 {
    store
        .units_tally(&[unit], year)
        .await
        .expect("đọc")
        .iter()
        .filter(|(_, level, _)| *level == Level::Thcs)
        .map(|(_, _, cell)| cell.count)
        .sum()
}

/// A school added after the records of others, and one moved to another commune, count at once
/// in every unit that contains them — and no longer where they left.
async fn a_school_added_or_moved_counts_everywhere_at_once(store: Arc<dyn Store>) {
    let fixture = with_schools(&store).await;
    let late = "80800199";
    // Every change of figures moves their version, which keeps a process's copies honest.
    let version = || {
        let store = store.clone();
        async move { store.figures_version().await.expect("phiên bản") }
    };
    let at_start = version().await;
    store
        .upsert_institutions(&[fixture.school(late, InstitutionKind::Thcs, &fixture.tan_hiep_old)])
        .await
        .expect("trường mới");
    let after_school = version().await;
    assert!(after_school > at_start);
    let mut random = Random(7);
    let rows: Vec<GraduateData> = (0..6)
        .map(|n| graduate(late, 2024, n, &mut random))
        .collect();
    store
        .apply_graduates(&plan(rows, vec![], "gv"))
        .await
        .expect("ghi");
    let after_records = version().await;
    assert!(after_records > after_school);
    store
        .set_school_flags(&[hn_store::SchoolFlags {
            code: late.into(),
            has_guidance_programme: true,
            has_counsellor: false,
        }])
        .await
        .expect("cờ");
    assert!(version().await > after_records);
    let district = thcs_graduates(&store, fixture.thanh_hoa.id, 2024).await;
    let province_now = thcs_graduates(&store, fixture.tay_ninh.id, 2024).await;
    assert_eq!((district, province_now), (6, 6));
    // Moved to the neighbouring commune: its six graduates go with it.
    store
        .upsert_institutions(&[fixture.school(late, InstitutionKind::Thcs, &fixture.thanh_loi_old)])
        .await
        .expect("chuyển");
    assert_eq!(
        thcs_graduates(&store, fixture.tan_hiep_old.id, 2024).await,
        0
    );
    assert_eq!(
        thcs_graduates(&store, fixture.thanh_loi_old.id, 2024).await,
        6
    );
    assert_eq!(thcs_graduates(&store, fixture.thanh_hoa.id, 2024).await, 6);
    let differences = store.check_figures(&|_| {}).await.expect("kiểm tra");
    assert!(differences.is_empty(), "{differences:?}");
}

/// Records kept under the old tree only; the reform's units and successions imported later carry
/// them into the new province at once.
async fn a_reform_imported_later_carries_the_figures(store: Arc<dyn Store>) {
    let fixture = Fixture::plan();
    let mut legacy = fixture.plan.clone();
    legacy.units.retain(|u| u.validity.to.is_some());
    legacy.successions.clear();
    store.apply_units(&legacy).await.expect("cây cũ");
    store
        .upsert_institutions(&[fixture.school(OLD, InstitutionKind::Thcs, &fixture.thanh_loi_old)])
        .await
        .expect("trường");
    let mut random = Random(11);
    let rows: Vec<GraduateData> = (0..5)
        .map(|n| graduate(OLD, 2023, n, &mut random))
        .collect();
    store
        .apply_graduates(&plan(rows, vec![], "gv"))
        .await
        .expect("ghi");
    assert_eq!(thcs_graduates(&store, fixture.tay_ninh.id, 2023).await, 0);
    store.apply_units(&fixture.plan).await.expect("cây mới");
    for unit in [&fixture.tay_ninh, &fixture.thanh_loi_new, &fixture.long_an] {
        assert_eq!(
            thcs_graduates(&store, unit.id, 2023).await,
            5,
            "{}",
            unit.name
        );
    }
    let differences = store.check_figures(&|_| {}).await.expect("kiểm tra");
    assert!(differences.is_empty(), "{differences:?}");
}

on_both_backends! {
    a_school_added_or_moved_counts_everywhere_at_once
        => a_school_added_or_moved_counts_everywhere_at_once_sqlite,
           a_school_added_or_moved_counts_everywhere_at_once_postgres;
    a_reform_imported_later_carries_the_figures
        => a_reform_imported_later_carries_the_figures_sqlite,
           a_reform_imported_later_carries_the_figures_postgres;
}

/// Figures damaged behind the product's back (a row edited by hand) are named by the check and
/// repaired by the rebuild, which leaves the check clean.
#[tokio::test]
async fn a_damaged_tally_is_named_and_repaired() {
    for backend in hn_testkit::Backend::BOTH {
        let Some(db) = hn_testkit::TestDb::fresh(backend).await else {
            continue;
        };
        let store = hn_store::open(&db.url).await.expect("mở");
        let fixture = with_schools(&store).await;
        let mut random = Random(3);
        let rows: Vec<GraduateData> = (0..8)
            .map(|n| graduate(OLD, 2024, n, &mut random))
            .collect();
        store
            .apply_graduates(&plan(rows, vec![], "gv"))
            .await
            .expect("ghi");
        let damage = format!(
            "update unit_tally set count = count + 5 where unit_id = {} and year = 2024",
            fixture.thanh_hoa.id
        );
        match backend {
            hn_testkit::Backend::Sqlite => {
                let path = db.url.trim_start_matches("sqlite://");
                let raw = hn_store::SqliteStore::open(path).await.expect("mở");
                sqlx::raw_sql(sqlx::AssertSqlSafe(damage))
                    .execute(raw.pool())
                    .await
                    .expect("sửa tay");
            }
            hn_testkit::Backend::Postgres => {
                let raw = hn_store::PgStore::connect(&db.url).await.expect("mở");
                sqlx::raw_sql(sqlx::AssertSqlSafe(damage))
                    .execute(raw.pool())
                    .await
                    .expect("sửa tay");
            }
        }
        let differences = store.check_figures(&|_| {}).await.expect("kiểm tra");
        assert!(
            !differences.is_empty(),
            "{backend:?}: chỗ lệch không được nêu"
        );
        assert!(
            differences.iter().all(|d| matches!(
                d,
                FigureDifference::Unit { unit_id, kept, counted, .. }
                    if *unit_id == fixture.thanh_hoa.id && kept - counted == 5
            )),
            "{differences:?}"
        );
        assert!(differences[0].to_string().contains("lưu"));
        let summary = store.rebuild_figures(&|_| {}).await.expect("đếm lại");
        assert_eq!(summary.graduates, 8);
        assert!(
            store
                .check_figures(&|_| {})
                .await
                .expect("kiểm tra")
                .is_empty()
        );
        store.close().await;
    }
}
