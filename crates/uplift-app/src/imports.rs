//! Loading an enterprise directory or the dishonest list, and following the import: one
//! way in for the upload page, the API and (as the operator) the command line.
//!
//! The import runs as a background job recorded in the database; only the user who
//! started it sees it. Where its rows may lie, and which stored enterprises it may
//! change, is the user's scope, handed to the import here and nowhere else.

use std::path::{Path, PathBuf};

use rand::RngCore;
use uplift_domain::Lang;
use uplift_domain::audit_log::{AuditNote, ReportKind};
use uplift_domain::permission::Permission;
use uplift_domain::role::Scope;
use uplift_sheets::TextEncoding;
use uplift_store::audit::Actor;
use uplift_store::import::{self, ImportOptions};
use uplift_store::jobs;

pub use crate::jobs::{ImportCounts, Job, JobKind, JobNote, JobStatus};
pub use uplift_store::import::{ImportResult, Progress};

use crate::{App, AppResult, CurrentUser, Error, Refusal, require};

mod rejected;
mod template;

pub use rejected::Problem;
pub use template::{Template, template};

/// What is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// A city's or the province's enterprise directory.
    Enterprises,
    /// The 严重违法失信名单.
    Dishonest,
}

impl ImportKind {
    fn job_kind(self) -> &'static str {
        match self {
            ImportKind::Enterprises => import::KIND_ENTERPRISES,
            ImportKind::Dishonest => import::KIND_DISHONEST,
        }
    }

    fn permission(self) -> Permission {
        match self {
            ImportKind::Enterprises => Permission::ImportEnterprises,
            ImportKind::Dishonest => Permission::ImportDishonestList,
        }
    }
}

/// An uploaded file, already on the platform's disk.
#[derive(Debug, Clone)]
pub struct Upload {
    pub path: PathBuf,
    /// The name the user's file had (shown on the job, never used in a path).
    pub original_name: String,
    pub bytes: u64,
    pub encoding: Option<TextEncoding>,
    pub sheet: Option<String>,
}

/// Where an upload of this extension should be written: a fresh name under the data
/// directory (a client's file name never reaches a path).
pub async fn upload_path(app: &App, extension: &str) -> AppResult<PathBuf> {
    let dir = app.settings().data_dir.join("uploads");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(Error::internal)?;
    let mut rnd = [0u8; 8];
    rand::rng().fill_bytes(&mut rnd);
    Ok(dir.join(format!(
        "{}-{}.{extension}",
        crate::now().format("%Y%m%d%H%M%S"),
        hex::encode(rnd)
    )))
}

/// The scope an import writes in: a regulator's territory. Anyone else has no import.
fn import_scope(user: &CurrentUser) -> AppResult<Scope> {
    match user.scope() {
        scope @ (Scope::Province(_) | Scope::City(_)) => Ok(scope.clone()),
        _ => Err(Error::NotFound),
    }
}

/// Start an import of an uploaded file as the signed-in user; returns the job at once
/// and runs the import in the background. The upload is removed when the import ends
/// (it holds contact names and phones: PIPL art. 19, no longer than needed).
pub async fn start(
    app: &App,
    user: &CurrentUser,
    kind: ImportKind,
    upload: Upload,
    lang: Lang,
) -> AppResult<Job> {
    let checked = require(user, kind.permission()).and_then(|()| import_scope(user));
    let scope = match checked {
        Ok(scope) => scope,
        Err(e) => {
            discard(&upload.path).await;
            return Err(e);
        }
    };
    if upload.bytes == 0 {
        discard(&upload.path).await;
        return Err(Refusal::EmptyFile.into());
    }
    let job = jobs::create(
        app.store(),
        kind.job_kind(),
        Some(user.user_id()),
        Some(&upload.original_name),
        &serde_json::json!({ "bytes": upload.bytes, "source": "web" }),
    )
    .await?;
    if let Err(e) = record_upload(app, user, kind, &upload, job.id).await {
        discard(&upload.path).await;
        return Err(e);
    }
    let mut opts = ImportOptions::new(app.settings().data_dir.join("reports"), scope);
    opts.encoding = upload.encoding;
    opts.sheet = upload.sheet.clone();
    opts.lang = lang;
    let store = app.store().clone();
    let actor = user.actor();
    let job_id = job.id;
    tokio::spawn(async move {
        let result = run(&store, kind, job_id, &upload.path, &opts, &actor, &|_| {}).await;
        match result {
            Ok(result) => {
                let (sheet, encoding) = (upload.sheet.clone(), upload.encoding);
                save_rejected_rows(kind, &upload.path, sheet, encoding, &result).await;
            }
            Err(e) => tracing::warn!(job_id, "import failed: {e}"),
        }
        discard(&upload.path).await;
    });
    Ok(job.into())
}

/// Who uploaded which file, by the name it had on their computer.
async fn record_upload(
    app: &App,
    user: &CurrentUser,
    kind: ImportKind,
    upload: &Upload,
    job_id: i64,
) -> AppResult<()> {
    let mut tx = app.store().write(&user.actor()).await?;
    let note = AuditNote::Uploaded {
        kind: match kind {
            ImportKind::Enterprises => "enterprises",
            ImportKind::Dishonest => "dishonest",
        }
        .to_string(),
        file: upload.original_name.clone(),
        bytes: upload.bytes,
    };
    tx.audit("import.upload", &format!("job:{job_id}"), &note.to_json())
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn run(
    store: &uplift_store::Store,
    kind: ImportKind,
    job_id: i64,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    on_progress: &(dyn Fn(&Progress) + Send + Sync),
) -> uplift_store::StoreResult<ImportResult> {
    match kind {
        ImportKind::Enterprises => {
            import::run_enterprise_import(store, job_id, path, opts, actor, on_progress).await
        }
        ImportKind::Dishonest => {
            import::run_dishonest_import(store, job_id, path, opts, actor, on_progress).await
        }
    }
}

/// Copy the rows an import rejected out of its file (before an upload is deleted).
pub(crate) async fn save_rejected_rows(
    kind: ImportKind,
    file: &Path,
    sheet: Option<String>,
    encoding: Option<TextEncoding>,
    result: &ImportResult,
) {
    let (path, result) = (file.to_path_buf(), result.clone());
    let saved =
        tokio::task::spawn_blocking(move || rejected::save(kind, &path, sheet, encoding, &result))
            .await;
    match saved {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => tracing::warn!("could not copy the rejected rows: {e}"),
        Err(e) => tracing::warn!("could not copy the rejected rows: {e}"),
    }
}

async fn discard(path: &Path) {
    if let Err(e) = tokio::fs::remove_file(path).await
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!("could not remove an upload: {e}");
    }
}

/// A job, for the user who started it; anyone else gets `NotFound`.
pub async fn job(app: &App, user: &CurrentUser, id: i64) -> AppResult<Job> {
    if user.must_change_password() {
        return Err(Error::PasswordChangeRequired);
    }
    let model = jobs::get_for_owner(app.store(), id, user.user_id()).await?;
    let rejected = model
        .error_report
        .as_deref()
        .map(|report| rejected::path_for(Path::new(report), id));
    let mut job = Job::from(model);
    if let Some(path) = rejected {
        job.has_rejected_rows = tokio::fs::metadata(&path).await.is_ok();
    }
    Ok(job)
}

/// Where an import's rejected rows were saved (the command line prints it), if any were.
pub fn rejected_rows_file(result: &ImportResult) -> Option<PathBuf> {
    let report = result.error_report.as_ref()?;
    let path = rejected::path_for(report, result.job_id);
    path.exists().then_some(path)
}

/// The first problems of the user's own job, to show on its page (the whole list is the
/// error report).
pub async fn first_problems(
    app: &App,
    user: &CurrentUser,
    id: i64,
    limit: usize,
) -> AppResult<Vec<Problem>> {
    if user.must_change_password() {
        return Err(Error::PasswordChangeRequired);
    }
    let model = jobs::get_for_owner(app.store(), id, user.user_id()).await?;
    let Some(report) = model.error_report else {
        return Ok(Vec::new());
    };
    let path = PathBuf::from(report);
    let read = tokio::task::spawn_blocking(move || rejected::first_problems(&path, limit))
        .await
        .map_err(Error::internal)?;
    match read {
        Ok(problems) => Ok(problems),
        // A report removed from the disk: the page says nothing rather than failing.
        Err(e) => {
            tracing::warn!(job = id, "could not read an error report: {e}");
            Ok(Vec::new())
        }
    }
}

/// The user's latest jobs, newest first.
pub async fn recent(app: &App, user: &CurrentUser) -> AppResult<Vec<Job>> {
    require(user, Permission::ImportEnterprises)?;
    Ok(jobs::recent_for_owner(app.store(), user.user_id(), 20)
        .await?
        .into_iter()
        .map(Job::from)
        .collect())
}

/// The error report of the user's own job, as a file to send; the download is audited.
pub async fn error_report(app: &App, user: &CurrentUser, id: i64) -> AppResult<(PathBuf, Job)> {
    report(app, user, id, ReportKind::Errors).await
}

/// The rows the user's own job rejected, in the input's format, to fix and upload again;
/// the download is audited.
pub async fn rejected_rows(app: &App, user: &CurrentUser, id: i64) -> AppResult<(PathBuf, Job)> {
    report(app, user, id, ReportKind::RejectedRows).await
}

async fn report(
    app: &App,
    user: &CurrentUser,
    id: i64,
    kind: ReportKind,
) -> AppResult<(PathBuf, Job)> {
    if user.must_change_password() {
        return Err(Error::PasswordChangeRequired);
    }
    let model = jobs::get_for_owner(app.store(), id, user.user_id()).await?;
    let errors = PathBuf::from(model.error_report.clone().ok_or(Error::NotFound)?);
    let (path, action) = match kind {
        ReportKind::Errors => (errors, "import.error_report.download"),
        ReportKind::RejectedRows => (
            rejected::path_for(&errors, id),
            "import.rejected_rows.download",
        ),
    };
    if tokio::fs::metadata(&path).await.is_err() {
        return Err(Error::NotFound);
    }
    let mut tx = app.store().write(&user.actor()).await?;
    let note = AuditNote::Downloaded { report: kind };
    tx.audit(action, &format!("job:{id}"), &note.to_json())
        .await?;
    tx.commit().await?;
    Ok((path, model.into()))
}
