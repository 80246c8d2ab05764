//! Background jobs (imports, re-screenings) as their owners and the province see them.

use chrono::{DateTime, Utc};
use uplift_store::entity::job;
use uplift_store::{import, jobs};

pub use uplift_store::jobs::{ImportCounts, JobNote};

/// A job as its owner sees it.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: JobKind,
    pub status: JobStatus,
    pub file_name: Option<String>,
    pub counts: ImportCounts,
    /// Progress in bytes of the file (imports) or enterprises (re-screening).
    pub processed: u64,
    pub total: u64,
    /// What a finished job says beside its counts; text an older version stored is kept
    /// as it was written.
    pub note: Option<Result<JobNote, String>>,
    pub has_report: bool,
    /// The rejected rows are there to download, in the input's format (looked up by
    /// `imports::job`; false in lists).
    pub has_rejected_rows: bool,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    ImportEnterprises,
    ImportDishonest,
    Rescreen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Running,
    Done,
    Failed,
    /// The process went away before the job finished.
    Interrupted,
}

impl JobStatus {
    pub fn key(self) -> &'static str {
        match self {
            JobStatus::Running => jobs::RUNNING,
            JobStatus::Done => jobs::DONE,
            JobStatus::Failed => jobs::FAILED,
            JobStatus::Interrupted => jobs::INTERRUPTED,
        }
    }
}

impl From<job::Model> for Job {
    fn from(j: job::Model) -> Job {
        let counts = jobs::counts_of(&j);
        Job {
            id: j.id,
            kind: match j.kind.as_str() {
                import::KIND_DISHONEST => JobKind::ImportDishonest,
                jobs::KIND_RESCREEN => JobKind::Rescreen,
                _ => JobKind::ImportEnterprises,
            },
            status: match j.status.as_str() {
                jobs::RUNNING => JobStatus::Running,
                jobs::DONE => JobStatus::Done,
                jobs::INTERRUPTED => JobStatus::Interrupted,
                _ => JobStatus::Failed,
            },
            file_name: j.file_name,
            counts,
            processed: u64::try_from(j.processed).unwrap_or(0),
            total: u64::try_from(j.total).unwrap_or(0),
            note: j.message.as_deref().map(JobNote::parse),
            has_report: j.error_report.is_some(),
            has_rejected_rows: false,
            created_at: j.created_at,
            finished_at: j.finished_at,
        }
    }
}
