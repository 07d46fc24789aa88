//! Imports started from the web run in the background, so that a 100,000-row file never meets a
//! request timeout; the page polls the job's state.
//!
//! Every resource a job takes is bounded: a user runs one import at a time and the server a few
//! (`ImportLimits`), each in a directory of its own under the temporary directory, which holds the
//! uploaded file while the import runs and the full error report after it. In memory a finished
//! job keeps only its counts and its first lines; it is forgotten, with its directory, after a
//! while (or sooner when too many jobs are kept).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use interchange::students::StudentSummary;
use interchange::{ImportError, ImportFailure};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::failure::{Failure, Msg};

/// The bounds of web imports; `serve` can change them.
#[derive(Debug, Clone)]
pub struct ImportLimits {
    /// The largest file accepted (bytes).
    pub max_upload_bytes: u64,
    /// Imports one user may run at once.
    pub per_user: usize,
    /// Imports the server runs at once.
    pub at_once: usize,
    /// How long a finished job (its page and its error report) is kept.
    pub keep_for: Duration,
    /// Where the jobs' directories are made.
    pub dir: PathBuf,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_upload_bytes: 50 * 1024 * 1024,
            per_user: 1,
            at_once: 2,
            keep_for: Duration::from_secs(3600),
            dir: std::env::temp_dir().join("huongnghiep-nhap"),
        }
    }
}

/// Errors and warnings a finished job keeps in memory for its page; the rest are only counted
/// (the full error report is on disk).
pub const LINES_KEPT: usize = 200;
/// A value longer than this is cut on the job's page (the report on disk has it whole).
const VALUE_CHARS_KEPT: usize = 100;
/// Jobs remembered at most, finished or not.
const JOBS_KEPT: usize = 200;
/// The error report's name in the job's directory.
const REPORT_FILE: &str = "loi.csv";

#[derive(Debug, Clone)]
pub enum JobState {
    Running {
        stage: String,
    },
    /// Written (or checked, for a dry run); `summary.warnings` holds the first warnings only.
    Done {
        summary: StudentSummary,
        warning_count: usize,
    },
    /// The file was refused: how many errors, the first ones, and whether the full report was
    /// written to the job's directory.
    Refused {
        error_count: usize,
        first: Vec<ImportError>,
        report: bool,
    },
    /// The database stayed busy (another large write) past every retry; nothing was written.
    Busy,
    Failed,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub owner: i64,
    pub school_code: String,
    pub file: String,
    pub dry_run: bool,
    pub state: JobState,
}

struct Entry {
    job: Job,
    dir: PathBuf,
    finished_at: Option<Instant>,
}

#[derive(Default)]
struct Registry {
    jobs: HashMap<String, Entry>,
    running_per_user: HashMap<i64, usize>,
}

/// The jobs of this process, by their random id. A restart forgets them, and the database is
/// untouched by an import that did not finish.
#[derive(Clone)]
pub struct Jobs {
    registry: Arc<Mutex<Registry>>,
    running: Arc<Semaphore>,
    limits: Arc<ImportLimits>,
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs::new(ImportLimits::default())
    }
}

/// The right to run one import, held by the job until it ends.
pub struct ImportSlot {
    _permit: OwnedSemaphorePermit,
    user: i64,
    registry: Arc<Mutex<Registry>>,
}

impl Drop for ImportSlot {
    fn drop(&mut self) {
        let mut registry = lock(&self.registry);
        if let Some(count) = registry.running_per_user.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                registry.running_per_user.remove(&self.user);
            }
        }
    }
}

fn lock(registry: &Mutex<Registry>) -> MutexGuard<'_, Registry> {
    registry
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Jobs {
    pub fn new(limits: ImportLimits) -> Self {
        Jobs {
            registry: Arc::default(),
            running: Arc::new(Semaphore::new(limits.at_once.max(1))),
            limits: Arc::new(limits),
        }
    }

    pub fn limits(&self) -> &ImportLimits {
        &self.limits
    }

    /// A slot for one more import of `user`, or a "busy" refusal saying which limit is reached.
    pub fn admit(&self, user: i64) -> Result<ImportSlot, Failure> {
        let mut registry = lock(&self.registry);
        let mine = registry.running_per_user.get(&user).copied().unwrap_or(0);
        if mine >= self.limits.per_user {
            return Err(Failure::Busy(Msg::new(
                "Hệ thống đang bận với lượt nhập trước của bạn. Vui lòng đợi lượt đó xong rồi thử lại.",
                "The system is busy with your previous import. Please wait until it ends, then try again.",
            )));
        }
        let permit = self.running.clone().try_acquire_owned().map_err(|_| {
            Failure::Busy(Msg::new(
                format!(
                    "Hệ thống đang bận: đã có {} lượt nhập đang chạy. Vui lòng thử lại sau ít phút.",
                    self.limits.at_once
                ),
                format!(
                    "The system is busy: {} imports are running. Please try again in a few minutes.",
                    self.limits.at_once
                ),
            ))
        })?;
        *registry.running_per_user.entry(user).or_default() += 1;
        Ok(ImportSlot {
            _permit: permit,
            user,
            registry: self.registry.clone(),
        })
    }

    /// A new job id and its directory (created), after forgetting the jobs kept too long.
    pub fn new_dir(&self) -> std::io::Result<(String, PathBuf)> {
        self.sweep();
        let id = crate::auth::secrets::new_token()[..24].to_string();
        let dir = self.limits.dir.join(&id);
        std::fs::create_dir_all(&dir)?;
        Ok((id, dir))
    }

    pub fn start(&self, id: &str, dir: &Path, job: Job) {
        let mut registry = lock(&self.registry);
        registry.jobs.insert(
            id.to_string(),
            Entry {
                job,
                dir: dir.to_path_buf(),
                finished_at: None,
            },
        );
    }

    pub fn set_stage(&self, id: &str, stage: &str) {
        if let Some(entry) = lock(&self.registry).jobs.get_mut(id) {
            entry.job.state = JobState::Running {
                stage: stage.to_string(),
            };
        }
    }

    /// Records how a job ended. A refusal's full error report goes to the job's directory (off
    /// the async workers: it can be a million lines); only the first lines stay in memory.
    pub async fn finish(
        &self,
        id: &str,
        outcome: Result<Result<StudentSummary, ImportFailure>, store::StoreError>,
    ) {
        let Some(dir) = lock(&self.registry).jobs.get(id).map(|e| e.dir.clone()) else {
            return;
        };
        let state = match outcome {
            Ok(Ok(mut summary)) => {
                let warning_count = summary.warnings.len();
                summary.warnings.truncate(LINES_KEPT);
                JobState::Done {
                    summary,
                    warning_count,
                }
            }
            Ok(Err(failure)) => {
                let error_count = failure.errors.len();
                let first: Vec<ImportError> = failure
                    .errors
                    .iter()
                    .take(LINES_KEPT)
                    .map(shortened)
                    .collect();
                let path = dir.join(REPORT_FILE);
                let written = tokio::task::spawn_blocking(move || {
                    failure
                        .report_bytes()
                        .and_then(|bytes| std::fs::write(&path, bytes))
                })
                .await;
                let report = matches!(written, Ok(Ok(())));
                if !report {
                    tracing::error!("không ghi được báo cáo lỗi của lượt nhập");
                }
                JobState::Refused {
                    error_count,
                    first,
                    report,
                }
            }
            Err(error) if error.is_busy() => JobState::Busy,
            Err(error) => {
                tracing::error!(error = ?error, "nhập danh sách học sinh thất bại");
                JobState::Failed
            }
        };
        if let Some(entry) = lock(&self.registry).jobs.get_mut(id) {
            entry.job.state = state;
            entry.finished_at = Some(Instant::now());
        }
    }

    pub fn get(&self, id: &str) -> Option<Job> {
        lock(&self.registry).jobs.get(id).map(|e| e.job.clone())
    }

    /// Where a refused job's full error report is, when it was written.
    pub fn report_path(&self, id: &str) -> Option<PathBuf> {
        let registry = lock(&self.registry);
        let entry = registry.jobs.get(id)?;
        matches!(entry.job.state, JobState::Refused { report: true, .. })
            .then(|| entry.dir.join(REPORT_FILE))
    }

    /// Forgets finished jobs older than `keep_for` (the oldest finished ones too, beyond
    /// `JOBS_KEPT`) and removes their directories, and those a previous run left behind.
    fn sweep(&self) {
        let keep_for = self.limits.keep_for;
        let expired: Vec<(String, PathBuf)> = {
            let mut registry = lock(&self.registry);
            let mut finished: Vec<(String, Instant)> = registry
                .jobs
                .iter()
                .filter_map(|(id, e)| e.finished_at.map(|at| (id.clone(), at)))
                .collect();
            finished.sort_by_key(|(_, at)| *at);
            let over = registry.jobs.len().saturating_sub(JOBS_KEPT - 1);
            let gone: Vec<String> = finished
                .iter()
                .enumerate()
                .filter(|(index, (_, at))| *index < over || at.elapsed() >= keep_for)
                .map(|(_, (id, _))| id.clone())
                .collect();
            gone.into_iter()
                .filter_map(|id| registry.jobs.remove(&id).map(|e| (id, e.dir)))
                .collect()
        };
        for (_, dir) in expired {
            let _ = std::fs::remove_dir_all(dir);
        }
        self.sweep_left_behind();
    }

    /// Directories of jobs this process does not know (a previous run, killed) older than
    /// `keep_for`.
    fn sweep_left_behind(&self) {
        let Ok(entries) = std::fs::read_dir(&self.limits.dir) else {
            return;
        };
        let known: Vec<PathBuf> = lock(&self.registry)
            .jobs
            .values()
            .map(|e| e.dir.clone())
            .collect();
        for entry in entries.flatten() {
            let path = entry.path();
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|at| at.elapsed().ok())
                .is_some_and(|age| age > self.limits.keep_for);
            if old && !known.contains(&path) {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

/// An error as the job's page shows it: a long value cut (the report on disk keeps it whole).
fn shortened(error: &ImportError) -> ImportError {
    let mut kept = error.clone();
    if kept.value.chars().count() > VALUE_CHARS_KEPT {
        kept.value = kept
            .value
            .chars()
            .take(VALUE_CHARS_KEPT)
            .collect::<String>()
            + "…";
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Limits with a directory of the test's own, so that sweeping touches no other test's jobs.
    fn limits() -> ImportLimits {
        ImportLimits {
            dir: std::env::temp_dir().join(format!(
                "hn-jobs-test-{}",
                crate::auth::secrets::new_token()
            )),
            ..ImportLimits::default()
        }
    }

    fn job(owner: i64) -> Job {
        Job {
            owner,
            school_code: "80803001".into(),
            file: "lop9.csv".into(),
            dry_run: false,
            state: JobState::Running {
                stage: String::new(),
            },
        }
    }

    #[test]
    fn a_user_runs_one_import_at_a_time_and_the_server_a_few() {
        let jobs = Jobs::new(ImportLimits {
            at_once: 2,
            per_user: 1,
            ..limits()
        });
        let first = jobs.admit(1);
        assert!(first.is_ok());
        let again = jobs.admit(1).err().map(|f| f.message()).unwrap_or_default();
        assert!(again.contains("lượt nhập trước của bạn"), "{again}");
        let second = jobs.admit(2);
        assert!(second.is_ok());
        let third = jobs.admit(3).err();
        assert!(
            matches!(&third, Some(Failure::Busy(m)) if m.vi.contains("đã có 2 lượt nhập đang chạy")),
            "{third:?}"
        );
        drop(first);
        assert!(jobs.admit(1).is_ok(), "the slot is free once the job ends");
    }

    #[tokio::test]
    async fn a_refused_job_keeps_its_first_errors_in_memory_and_all_of_them_on_disk() {
        let jobs = Jobs::new(limits());
        let (id, dir) = jobs.new_dir().expect("dir");
        jobs.start(&id, &dir, job(1));
        let errors: Vec<ImportError> = (1..=5_000)
            .map(|row| {
                ImportError::new(
                    row,
                    "Ngày sinh",
                    &"9".repeat(500),
                    interchange::Said::vi_only("ngày không hợp lệ"),
                )
            })
            .collect();
        let failure = ImportFailure {
            file: "lop9.csv".into(),
            errors,
        };
        jobs.finish(&id, Ok(Err(failure))).await;
        let state = jobs.get(&id).map(|j| j.state);
        let Some(JobState::Refused {
            error_count,
            first,
            report: true,
        }) = state
        else {
            panic!("refused with a report: {state:?}");
        };
        assert_eq!(error_count, 5_000);
        assert_eq!(first.len(), LINES_KEPT);
        assert!(first[0].value.chars().count() <= VALUE_CHARS_KEPT + 1);
        let report = std::fs::read_to_string(jobs.report_path(&id).expect("report")).expect("read");
        assert_eq!(report.lines().count(), 5_001, "a header and every error");
        let _ = std::fs::remove_dir_all(&jobs.limits().dir);
    }

    #[test]
    fn finished_jobs_are_forgotten_with_their_directory_after_a_while() {
        let jobs = Jobs::new(ImportLimits {
            keep_for: Duration::ZERO,
            ..limits()
        });
        let (id, dir) = jobs.new_dir().expect("dir");
        jobs.start(&id, &dir, job(1));
        if let Some(entry) = lock(&jobs.registry).jobs.get_mut(&id) {
            entry.finished_at = Some(Instant::now());
        }
        let (other, other_dir) = jobs.new_dir().expect("dir");
        assert!(jobs.get(&id).is_none());
        assert!(!dir.exists());
        assert!(other_dir.exists(), "a new job's directory stays");
        assert!(jobs.get(&other).is_none(), "never started");
        let _ = std::fs::remove_dir_all(&jobs.limits().dir);
    }
}
