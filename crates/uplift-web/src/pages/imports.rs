//! Uploading an enterprise directory or the dishonest list, and following the import.
//! The import runs as a background job recorded in the database: the progress page
//! survives a reload, and only the uploader sees it.

use std::path::PathBuf;

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use rand::RngCore;
use tokio::io::AsyncWriteExt;
use uplift_domain::role::{Role, Scope};
use uplift_sheets::TextEncoding;
use uplift_store::accounts::CurrentUser;
use uplift_store::entity::job;
use uplift_store::import::{self, ImportOptions, Restriction};
use uplift_store::jobs;

use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult};
use crate::i18n::t;
use crate::render::{Frame, render, thousands};

/// Who may import what: the province anything in the province; a city only its own.
fn may_import(role: Role) -> bool {
    matches!(role, Role::Province | Role::City)
}

fn restriction_for(user: &CurrentUser) -> Option<Restriction> {
    match &user.scope {
        Scope::Province(code) => Some(Restriction {
            province: Some(code.clone()),
            prefecture: None,
        }),
        Scope::City(code) => Some(Restriction {
            province: None,
            prefecture: Some(code.clone()),
        }),
        _ => None,
    }
}

pub struct JobRow {
    pub id: i64,
    pub file: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub badge: &'static str,
    pub read: String,
    pub at: String,
}

fn kind_label(ctx: &Ctx, kind: &str) -> &'static str {
    match kind {
        import::KIND_DISHONEST => t(ctx.lang, "imports.dishonest"),
        _ => t(ctx.lang, "imports.enterprises"),
    }
}

fn status_label(ctx: &Ctx, status: &str) -> (&'static str, &'static str) {
    match status {
        jobs::RUNNING => (t(ctx.lang, "jobs.running"), "warn"),
        jobs::DONE => (t(ctx.lang, "jobs.done"), "good"),
        jobs::INTERRUPTED => (t(ctx.lang, "jobs.interrupted"), "bad"),
        _ => (t(ctx.lang, "jobs.failed"), "bad"),
    }
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
    let recent = jobs::recent_for_owner(&state.store, user.user_id, 20).await?;
    let jobs = recent
        .iter()
        .map(|j| {
            let (status, badge) = status_label(ctx, &j.status);
            JobRow {
                id: j.id,
                file: j.file_name.clone().unwrap_or_default(),
                kind: kind_label(ctx, &j.kind),
                status,
                badge,
                read: thousands(jobs::counts_of(j).read),
                at: j.created_at.format("%Y-%m-%d %H:%M").to_string(),
            }
        })
        .collect();
    let scope_note = match &user.scope {
        Scope::City(code) => {
            // The city by name, as the official knows it; the code for the file's column.
            let name = super::enterprises::prefecture_name(ctx.lang, code);
            let city = match (name, ctx.lang) {
                (Some(name), uplift_domain::Lang::Zh) => format!("{name}（{code}）"),
                (Some(name), uplift_domain::Lang::En) => format!(" {name} ({code})"),
                (None, _) => format!(" {code}"),
            };
            Some(format!("{}{city}", t(ctx.lang, "imports.city_only")))
        }
        _ => None,
    };
    Ok(ImportsPage {
        frame: Frame::new(ctx, "imports.title", "/imports"),
        jobs,
        form_error,
        can_import_dishonest: user.role == Role::Province,
        scope_note,
    })
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> AppResult<Response> {
    auth.require(may_import)?;
    Ok(render(&imports_page(&state, &auth.ctx, &auth.user, None).await?)?.into_response())
}

/// What the upload form carried.
struct Upload {
    path: PathBuf,
    original_name: String,
    bytes: u64,
    encoding: Option<TextEncoding>,
    sheet: Option<String>,
}

async fn receive(state: &AppState, mut multipart: Multipart) -> AppResult<Option<Upload>> {
    let dir = state.config.data_dir.join("uploads");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(AppError::internal)?;
    let mut upload: Option<Upload> = None;
    let mut encoding = None;
    let mut sheet = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("imports.upload_broken"))?
    {
        match field.name() {
            Some("file") => {
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
                // Never use the client's name in a path.
                let mut rnd = [0u8; 8];
                rand::rng().fill_bytes(&mut rnd);
                let path = dir.join(format!(
                    "{}-{}.{ext}",
                    uplift_store::now().format("%Y%m%d%H%M%S"),
                    hex::encode(rnd)
                ));
                let mut file = tokio::fs::File::create(&path)
                    .await
                    .map_err(AppError::internal)?;
                let mut bytes = 0u64;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|_| AppError::bad_request("imports.upload_broken"))?
                {
                    bytes += chunk.len() as u64;
                    file.write_all(&chunk).await.map_err(AppError::internal)?;
                }
                file.flush().await.map_err(AppError::internal)?;
                upload = Some(Upload {
                    path,
                    original_name,
                    bytes,
                    encoding: None,
                    sheet: None,
                });
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
    Ok(upload.map(|u| Upload {
        encoding,
        sheet,
        ..u
    }))
}

async fn start(
    state: AppState,
    auth: Auth,
    multipart: Multipart,
    kind: &'static str,
) -> AppResult<Response> {
    let user = auth.user.clone();
    let Some(restriction) = restriction_for(&user).filter(|_| may_import(user.role)) else {
        return Err(AppError::not_found());
    };
    if kind == import::KIND_DISHONEST && user.role != Role::Province {
        return Err(AppError::not_found());
    }
    let upload = match receive(&state, multipart).await? {
        Some(u) if u.bytes > 0 => u,
        Some(u) => {
            let _ = tokio::fs::remove_file(&u.path).await;
            let msg = t(auth.ctx.lang, "imports.empty_file").to_string();
            return Ok(
                render(&imports_page(&state, &auth.ctx, &user, Some(msg)).await?)?.into_response(),
            );
        }
        None => {
            let msg = t(auth.ctx.lang, "imports.no_file").to_string();
            return Ok(
                render(&imports_page(&state, &auth.ctx, &user, Some(msg)).await?)?.into_response(),
            );
        }
    };
    let job = jobs::create(
        &state.store,
        kind,
        Some(user.user_id),
        Some(&upload.original_name),
        &serde_json::json!({ "restriction": restriction, "bytes": upload.bytes, "source": "web" }),
    )
    .await?;
    let mut opts = ImportOptions::new(state.config.data_dir.join("reports"));
    opts.encoding = upload.encoding;
    opts.sheet = upload.sheet.clone();
    opts.restriction = restriction;
    let actor = auth.ctx.actor();
    let store = state.store.clone();
    let job_id = job.id;
    tokio::spawn(async move {
        let result = match kind {
            import::KIND_DISHONEST => {
                import::run_dishonest_import(&store, job_id, &upload.path, &opts, &actor, &|_| {})
                    .await
            }
            _ => {
                import::run_enterprise_import(&store, job_id, &upload.path, &opts, &actor, &|_| {})
                    .await
            }
        };
        if let Err(e) = result {
            tracing::warn!(job_id, "import failed: {e}");
        }
        // The upload holds contact names and phones: keep it no longer than the import
        // needs it (PIPL art. 19). The error report stays for the uploader.
        if let Err(e) = tokio::fs::remove_file(&upload.path).await {
            tracing::warn!(job_id, "could not remove the upload: {e}");
        }
    });
    Ok(Redirect::to(&format!("/imports/{job_id}")).into_response())
}

pub async fn upload_enterprises(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> AppResult<Response> {
    start(state, auth, multipart, import::KIND_ENTERPRISES).await
}

pub async fn upload_dishonest(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> AppResult<Response> {
    start(state, auth, multipart, import::KIND_DISHONEST).await
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
}

async fn own_job(state: &AppState, auth: &Auth, id: i64) -> AppResult<job::Model> {
    Ok(jobs::get_for_owner(&state.store, id, auth.user.user_id).await?)
}

pub async fn job_page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let j = own_job(&state, &auth, id).await?;
    let ctx = &auth.ctx;
    let c = jobs::counts_of(&j);
    let (status, badge) = status_label(ctx, &j.status);
    let percent = if j.status == jobs::DONE {
        100
    } else {
        // Bytes of the file read so far, of the whole.
        let total = u64::try_from(j.total).unwrap_or(0);
        let done = u64::try_from(j.processed).unwrap_or(0);
        (done.saturating_mul(100))
            .checked_div(total)
            .unwrap_or(0)
            .min(99)
    };
    let page = JobPage {
        frame: Frame::new(ctx, "imports.job_title", &format!("/imports/{id}")),
        id,
        kind: kind_label(ctx, &j.kind),
        file: j.file_name.clone().unwrap_or_default(),
        status,
        badge,
        running: j.status == jobs::RUNNING,
        done: j.status == jobs::DONE,
        percent,
        read: thousands(c.read),
        inserted: thousands(c.inserted),
        updated: thousands(c.updated),
        unchanged: thousands(c.unchanged),
        rejected: thousands(c.rejected),
        message: j.message.clone(),
        has_report: j.error_report.is_some(),
    };
    Ok(render(&page)?.into_response())
}

/// The error report, in the input's own format, for the uploader only.
pub async fn error_report(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let j = own_job(&state, &auth, id).await?;
    let Some(path) = j.error_report.clone() else {
        return Err(AppError::not_found());
    };
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|_| AppError::not_found())?;
    let (mime, ext) = if path.ends_with(".xlsx") {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    } else {
        ("text/csv", "csv")
    };
    let mut tx = state.store.write(&auth.ctx.actor()).await?;
    tx.audit(
        "import.error_report.download",
        &format!("job:{id}"),
        "error report downloaded",
    )
    .await?;
    tx.commit().await?;
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"import-{id}-errors.{ext}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
