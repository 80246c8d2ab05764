//! Imports through the API: the same use case as the upload page, with the same limits.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use uplift_app::imports::{self, ImportKind, Job, JobKind};
use utoipa::ToSchema;

use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;

/// An import job and where it stands.
#[derive(Serialize, ToSchema)]
pub struct ImportJob {
    pub id: i64,
    /// `enterprises` or `dishonest`.
    pub kind: &'static str,
    /// `running`, `done`, `failed` or `interrupted`.
    pub status: &'static str,
    pub file_name: Option<String>,
    pub read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Bytes of the file read so far, and of the whole.
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// Whether `GET /api/v1/imports/{id}/errors` has a report.
    pub has_error_report: bool,
    /// What the finished import says beside its counts, in the caller's language.
    pub note: Option<String>,
}

fn job_body(job: &Job, note: Option<String>) -> ImportJob {
    ImportJob {
        id: job.id,
        kind: match job.kind {
            JobKind::ImportDishonest => "dishonest",
            JobKind::ImportEnterprises => "enterprises",
            JobKind::Rescreen => "rescreen",
        },
        status: job.status.key(),
        file_name: job.file_name.clone(),
        read: job.counts.read,
        inserted: job.counts.inserted,
        updated: job.counts.updated,
        unchanged: job.counts.unchanged,
        rejected: job.counts.rejected,
        bytes_done: job.processed,
        bytes_total: job.total,
        has_error_report: job.has_report,
        note,
    }
}

async fn start(
    state: AppState,
    auth: Auth,
    multipart: Multipart,
    kind: ImportKind,
) -> AppResult<Response> {
    let upload = crate::pages::imports::receive(&state, multipart).await?;
    let job = imports::start(&state.app, &auth.user, kind, upload, auth.ctx.lang).await?;
    Ok((StatusCode::ACCEPTED, Json(job_body(&job, None))).into_response())
}

#[utoipa::path(
    post, path = "/api/v1/imports/enterprises", tag = "imports",
    security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file` (CSV in UTF-8 or GBK, XLSX or XLS); optional `encoding` (`utf8` | `gbk`) and `sheet`"),
    responses(
        (status = 202, description = "Import started", body = ImportJob),
        (status = 404, description = "The caller does not import enterprises", body = crate::api::ApiErrorBody),
        (status = 422, description = "No file, an empty file or a broken upload", body = crate::api::ApiErrorBody),
    )
)]
pub async fn enterprises(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> AppResult<Response> {
    start(state, auth, multipart, ImportKind::Enterprises).await
}

#[utoipa::path(
    post, path = "/api/v1/imports/dishonest", tag = "imports",
    security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file`: the 严重违法失信名单 (CSV, XLSX or XLS)"),
    responses(
        (status = 202, description = "Import started", body = ImportJob),
        (status = 404, description = "The caller does not import the list", body = crate::api::ApiErrorBody),
        (status = 422, description = "No file, an empty file or a broken upload", body = crate::api::ApiErrorBody),
    )
)]
pub async fn dishonest(
    State(state): State<AppState>,
    auth: Auth,
    multipart: Multipart,
) -> AppResult<Response> {
    start(state, auth, multipart, ImportKind::Dishonest).await
}

#[utoipa::path(
    get, path = "/api/v1/imports/{id}", tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id")),
    responses((status = 200, body = ImportJob), (status = 404, description = "No such job of the caller's", body = crate::api::ApiErrorBody))
)]
pub async fn get_one(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Json<ImportJob>> {
    let job = imports::job(&state.app, &auth.user, id).await?;
    let note = crate::pages::imports::note_text(&auth.ctx, &job);
    Ok(Json(job_body(&job, note)))
}

#[utoipa::path(
    get, path = "/api/v1/imports/{id}/errors", tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id")),
    responses(
        (status = 200, description = "The error report, in the input's format (CSV or XLSX)", content_type = "application/octet-stream"),
        (status = 404, description = "No report, or no such job of the caller's", body = crate::api::ApiErrorBody),
    )
)]
pub async fn errors(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (path, _) = imports::error_report(&state.app, &auth.user, id).await?;
    crate::pages::imports::send_report(&path, &format!("import-{id}-errors"), "errors").await
}
