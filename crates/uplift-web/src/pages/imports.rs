//! Uploading an enterprise directory or the dishonest list, and following the import.
//! The import runs as a background job recorded in the database: the progress page
//! survives a reload, and only the uploader sees it.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use tokio::io::AsyncWriteExt;
use uplift_app::imports::{self, ImportKind, Job, JobKind, JobNote, JobStatus, Upload};
use uplift_app::{CurrentUser, Error, Refusal};
use uplift_domain::permission::Permission;
use uplift_domain::role::Scope;
use uplift_sheets::TextEncoding;

use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult};
use crate::i18n::t;
use crate::render::{Frame, minute, render, thousands};

pub struct JobRow {
    pub id: i64,
    pub file: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub badge: &'static str,
    pub read: String,
    pub at: String,
}

fn kind_label(ctx: &Ctx, kind: JobKind) -> &'static str {
    match kind {
        JobKind::ImportDishonest => t(ctx.lang, "imports.dishonest"),
        JobKind::ImportEnterprises => t(ctx.lang, "imports.enterprises"),
        JobKind::Rescreen => t(ctx.lang, "rules.rescreens"),
    }
}

pub(crate) fn status_label(ctx: &Ctx, status: JobStatus) -> (&'static str, &'static str) {
    status_text(ctx.lang, status)
}

/// A job's status as a badge: (text, badge class).
pub(crate) fn status_text(
    lang: uplift_domain::Lang,
    status: JobStatus,
) -> (&'static str, &'static str) {
    match status {
        JobStatus::Running => (t(lang, "jobs.running"), "warn"),
        JobStatus::Done => (t(lang, "jobs.done"), "good"),
        JobStatus::Interrupted => (t(lang, "jobs.interrupted"), "bad"),
        JobStatus::Failed => (t(lang, "jobs.failed"), "bad"),
    }
}

/// What a finished job says beside its counts, in the reader's language.
pub(crate) fn note_text(ctx: &Ctx, job: &Job) -> Option<String> {
    let note = match job.note.as_ref()? {
        Ok(note) => note,
        // Written by an older version, in its own words.
        Err(text) => return Some(text.clone()),
    };
    Some(match note {
        JobNote::IgnoredColumns { columns } => {
            let names: Vec<String> = match ctx.lang {
                uplift_domain::Lang::Zh => columns.iter().map(|c| format!("“{c}”")).collect(),
                uplift_domain::Lang::En => columns.iter().map(|c| format!("\"{c}\"")).collect(),
            };
            let sep = ctx.lang.pick("、", ", ");
            t(ctx.lang, "job.ignored_columns").replace("{columns}", &names.join(sep))
        }
        JobNote::FileUnreadable { detail } => {
            crate::i18n::refusal(ctx.lang, &Refusal::Sheet(detail.clone()))
        }
        JobNote::Internal => t(ctx.lang, "job.internal").to_string(),
        JobNote::Superseded => t(ctx.lang, "job.superseded").to_string(),
    })
}

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    frame: Frame,
    jobs: Vec<JobRow>,
    form_error: Option<String>,
    can_import_dishonest: bool,
    scope_note: Option<String>,
}

async fn imports_page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    form_error: Option<String>,
) -> AppResult<ImportsPage> {
    let recent = imports::recent(&state.app, user).await?;
    let jobs = recent
        .iter()
        .map(|j| {
            let (status, badge) = status_label(ctx, j.status);
            JobRow {
                id: j.id,
                file: j.file_name.clone().unwrap_or_default(),
                kind: kind_label(ctx, j.kind),
                status,
                badge,
                read: thousands(j.counts.read),
                at: minute(j.created_at),
            }
        })
        .collect();
    let scope_note = match user.scope() {
        // The city by name, as the official knows it.
        Scope::City(code) => Some(
            t(ctx.lang, "imports.city_only")
                .replace("{city}", &super::enterprises::city_label(ctx.lang, code)),
        ),
        _ => None,
    };
    Ok(ImportsPage {
        frame: Frame::new(ctx, "imports.title", "/imports"),
        jobs,
        form_error,
        can_import_dishonest: user.role().may(Permission::ImportDishonestList),
        scope_note,
    })
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> AppResult<Response> {
    Ok(render(&imports_page(&state, &auth.ctx, &auth.user, None).await?)?.into_response())
}

/// Receive a multipart upload (the page's form and the API alike): the file is streamed
/// to the platform's disk under a name of its own; a broken or aborted upload leaves no
/// partial file behind.
pub(crate) async fn receive(state: &AppState, mut multipart: Multipart) -> AppResult<Upload> {
    let mut upload: Option<Upload> = None;
    let mut encoding = None;
    let mut sheet = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                discard(upload.as_ref()).await;
                return Err(Error::Refused(Refusal::UploadBroken).into());
            }
        };
        match field.name() {
            Some("file") => {
                discard(upload.as_ref()).await;
                match save_file(state, field).await {
                    Ok(saved) => upload = Some(saved),
                    Err(e) => return Err(e),
                }
            }
            Some("encoding") => {
                encoding = match field.text().await.unwrap_or_default().as_str() {
                    "utf8" => Some(TextEncoding::Utf8),
                    "gbk" => Some(TextEncoding::Gb18030),
                    _ => None,
                };
            }
            Some("sheet") => {
                sheet = Some(field.text().await.unwrap_or_default().trim().to_string())
                    .filter(|s| !s.is_empty());
            }
            _ => {}
        }
    }
    let upload = upload.ok_or(Error::Refused(Refusal::NoFile))?;
    Ok(Upload {
        encoding,
        sheet,
        ..upload
    })
}

async fn save_file(
    state: &AppState,
    mut field: axum::extract::multipart::Field<'_>,
) -> AppResult<Upload> {
    let original_name: String = field
        .file_name()
        .unwrap_or("upload")
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(120)
        .collect();
    let ext = std::path::Path::new(&original_name)
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin")
        .to_ascii_lowercase();
    let path = imports::upload_path(&state.app, &ext).await?;
    let written = async {
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(AppError::internal)?;
        let mut bytes = 0u64;
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|_| AppError::from(Error::Refused(Refusal::UploadBroken)))?
        {
            bytes += chunk.len() as u64;
            file.write_all(&chunk).await.map_err(AppError::internal)?;
        }
        file.flush().await.map_err(AppError::internal)?;
        Ok::<u64, AppError>(bytes)
    }
    .await;
    match written {
        Ok(bytes) => Ok(Upload {
            path,
            original_name,
            bytes,
            encoding: None,
            sheet: None,
        }),
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            Err(e)
        }
    }
}

async fn discard(upload: Option<&Upload>) {
    if let Some(u) = upload {
        let _ = tokio::fs::remove_file(&u.path).await;
    }
}

async fn start(
    state: AppState,
    auth: Auth,
    multipart: Multipart,
    kind: ImportKind,
) -> AppResult<Response> {
    let user = auth.user.clone();
    let may = match kind {
        ImportKind::Enterprises => Permission::ImportEnterprises,
        ImportKind::Dishonest => Permission::ImportDishonestList,
    };
    // A role without imports learns nothing, not even whether its upload was readable.
    if !user.role().may(may) {
        return Err(AppError::not_found());
    }
    let started = match receive(&state, multipart).await {
        Ok(upload) => imports::start(&state.app, &user, kind, upload, auth.ctx.lang)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match started {
        Ok(job) => Ok(Redirect::to(&format!("/imports/{}", job.id)).into_response()),
        Err(AppError {
            kind: crate::error::ErrorKind::Refused(r),
            ..
        }) => {
            let msg = crate::i18n::refusal(auth.ctx.lang, &r);
            let page = imports_page(&state, &auth.ctx, &user, Some(msg)).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn upload_enterprises(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> AppResult<Response> {
    start(state, auth, multipart, ImportKind::Enterprises).await
}

pub async fn upload_dishonest(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> AppResult<Response> {
    start(state, auth, multipart, ImportKind::Dishonest).await
}

#[derive(Template)]
#[template(path = "import_job.html")]
struct JobPage {
    frame: Frame,
    id: i64,
    kind: &'static str,
    file: String,
    status: &'static str,
    badge: &'static str,
    running: bool,
    done: bool,
    percent: u64,
    read: String,
    inserted: String,
    updated: String,
    unchanged: String,
    rejected: String,
    message: Option<String>,
    has_report: bool,
    has_rejected_rows: bool,
    /// The rejected rows are being copied out of the upload (a moment after the import
    /// ends): the page refreshes until they are there.
    preparing_rejected_rows: bool,
    problems: Vec<imports::Problem>,
    /// More problems than shown: the whole list is the error report.
    more_problems: bool,
}

/// Problems shown on a finished job's page; the rest are in the error report.
const PROBLEMS_SHOWN: usize = 20;

pub async fn job_page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let j = imports::job(&state.app, &auth.user, id).await?;
    let ctx = &auth.ctx;
    let mut problems = if j.has_report {
        imports::first_problems(&state.app, &auth.user, id, PROBLEMS_SHOWN + 1).await?
    } else {
        Vec::new()
    };
    let more_problems = problems.len() > PROBLEMS_SHOWN;
    problems.truncate(PROBLEMS_SHOWN);
    let c = j.counts;
    let (status, badge) = status_label(ctx, j.status);
    let percent = if j.status == JobStatus::Done {
        100
    } else {
        // Bytes of the file read so far, of the whole.
        (j.processed.saturating_mul(100))
            .checked_div(j.total)
            .unwrap_or(0)
            .min(99)
    };
    let page = JobPage {
        frame: Frame::new(ctx, "imports.job_title", &format!("/imports/{id}")),
        id,
        kind: kind_label(ctx, j.kind),
        file: j.file_name.clone().unwrap_or_default(),
        status,
        badge,
        running: j.status == JobStatus::Running,
        done: j.status == JobStatus::Done,
        percent,
        read: thousands(c.read),
        inserted: thousands(c.inserted),
        updated: thousands(c.updated),
        unchanged: thousands(c.unchanged),
        rejected: thousands(c.rejected),
        message: note_text(ctx, &j),
        has_report: j.has_report,
        has_rejected_rows: j.has_rejected_rows,
        preparing_rejected_rows: j.has_report
            && !j.has_rejected_rows
            && j.kind != JobKind::Rescreen
            && j.finished_at
                .is_some_and(|at| uplift_app::now() - at < chrono::Duration::minutes(2)),
        problems,
        more_problems,
    };
    Ok(render(&page)?.into_response())
}

/// The error list (row, column, value, explanation), in the input's format, for the
/// uploader only.
pub async fn error_report(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (path, _) = imports::error_report(&state.app, &auth.user, id).await?;
    send_report(
        &path,
        &format!("import-{id}-errors"),
        auth.ctx.lang.pick("错误清单", "errors"),
    )
    .await
}

/// The rejected rows themselves, in the input's format, to fix and upload again.
pub async fn rejected_rows(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (path, job) = imports::rejected_rows(&state.app, &auth.user, id).await?;
    let stem = job
        .file_name
        .as_deref()
        .and_then(|f| std::path::Path::new(f).file_stem())
        .and_then(|s| s.to_str())
        .unwrap_or("import")
        .to_string();
    let label = auth.ctx.lang.pick("被拒绝的行", "rejected rows");
    send_report(
        &path,
        &format!("import-{id}-rejected"),
        &format!("{stem}_{label}"),
    )
    .await
}

pub(crate) async fn send_report(
    path: &std::path::Path,
    ascii: &str,
    display: &str,
) -> AppResult<Response> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|_| AppError::not_found())?;
    let format = if path.extension().is_some_and(|e| e == "xlsx") {
        uplift_sheets::Format::Xlsx
    } else {
        uplift_sheets::Format::Csv
    };
    let ext = match format {
        uplift_sheets::Format::Xlsx => "xlsx",
        uplift_sheets::Format::Csv => "csv",
    };
    let name = uplift_app::exports::FileName {
        display: format!("{display}.{ext}"),
        ascii: format!("{ascii}.{ext}"),
    };
    Ok(super::export::attachment(file, format, &name))
}

/// The import template as XLSX, with a sheet of instructions.
pub async fn template_xlsx(auth: Auth) -> AppResult<Response> {
    template(auth, uplift_sheets::Format::Xlsx)
}

/// The import template as CSV: the header and the example row.
pub async fn template_csv(auth: Auth) -> AppResult<Response> {
    template(auth, uplift_sheets::Format::Csv)
}

fn template(auth: Auth, format: uplift_sheets::Format) -> AppResult<Response> {
    let out = imports::template(&auth.user, format, auth.ctx.lang)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                super::export::mime(format).to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                super::export::content_disposition(&out.name),
            ),
        ],
        out.bytes,
    )
        .into_response())
}
