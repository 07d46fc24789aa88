//! Imports started from the web run in the background, so that a 100,000-row file never meets a
//! request timeout; the page polls the job's state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use interchange::ImportFailure;
use interchange::students::StudentSummary;

#[derive(Debug, Clone)]
pub enum JobState {
    Running { stage: String },
    Done(StudentSummary),
    Refused(ImportFailure),
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

/// The jobs of this process, by their random id. Kept in memory: a restart forgets them, and
/// the database is untouched by an import that did not finish.
#[derive(Clone, Default)]
pub struct Jobs {
    inner: Arc<Mutex<HashMap<String, Job>>>,
}

/// How many finished jobs are remembered.
const KEEP: usize = 200;

impl Jobs {
    pub fn start(&self, id: &str, job: Job) {
        let mut jobs = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if jobs.len() >= KEEP {
            let finished: Vec<String> = jobs
                .iter()
                .filter(|(_, j)| !matches!(j.state, JobState::Running { .. }))
                .map(|(k, _)| k.clone())
                .collect();
            for key in finished {
                jobs.remove(&key);
            }
        }
        jobs.insert(id.to_string(), job);
    }

    pub fn set(&self, id: &str, state: JobState) {
        let mut jobs = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(job) = jobs.get_mut(id) {
            job.state = state;
        }
    }

    pub fn get(&self, id: &str) -> Option<Job> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(id)
            .cloned()
    }
}
