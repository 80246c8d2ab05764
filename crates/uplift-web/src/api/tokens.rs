//! Bearer tokens for API clients: the same password and lockout rules as the login page.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uplift_app::sessions::{self, LoginOutcome, SessionKind};
use utoipa::ToSchema;

use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
    /// The current TOTP code (or a recovery code) of an account that needs a second
    /// factor: every regulator, body, support unit, expert and administrator account when
    /// the platform requires it. Enrol in a browser first.
    pub code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub token_type: &'static str,
    /// Seconds until the token expires at the latest (it also expires when idle).
    pub expires_in: i64,
}

/// Exchange a username and password for a bearer token.
#[utoipa::path(
    post, path = "/api/v1/tokens", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 201, description = "Token issued", body = TokenResponse),
        (status = 401, description = "Wrong credentials, or the account is disabled or locked", body = crate::api::ApiErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(req): Json<TokenRequest>,
) -> AppResult<Response> {
    let outcome = sessions::login(
        &state.app,
        &req.username,
        &req.password,
        req.code.as_deref(),
        SessionKind::Api,
        None,
        ctx.client_ip.clone(),
    )
    .await?;
    match outcome {
        LoginOutcome::Success { token, .. } => Ok((
            StatusCode::CREATED,
            Json(TokenResponse {
                token,
                token_type: "Bearer",
                expires_in: state.app.settings().session.absolute.num_seconds(),
            }),
        )
            .into_response()),
        LoginOutcome::Refused => Err(AppError::new(ErrorKind::Unauthenticated)),
    }
}

/// Revoke the token this request carries.
#[utoipa::path(
    delete, path = "/api/v1/tokens/current", tag = "auth",
    security(("bearer" = [])),
    responses((status = 204, description = "Revoked"), (status = 401, body = crate::api::ApiErrorBody))
)]
pub async fn revoke(State(state): State<AppState>, auth: Auth) -> AppResult<StatusCode> {
    if let Some((token, SessionKind::Api)) = &auth.ctx.token {
        sessions::logout(&state.app, Some(&auth.user), token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    /// `province`, `city`, `certification_body`, `support_unit`, `expert`, `enterprise`, `system_admin`, `audit_admin`.
    pub role: String,
    /// The user's organisation (a certification body names itself with this).
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub division_code: Option<String>,
}

/// Who the token belongs to.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = crate::api::ApiErrorBody))
)]
pub async fn me(auth: Auth) -> Json<Me> {
    let u = auth.user;
    Json(Me {
        username: u.username().to_string(),
        display_name: u.display_name().to_string(),
        role: u.role().key().to_string(),
        organisation_id: u.organisation_id(),
        organisation: u.organisation_name().map(str::to_string),
        division_code: u.division_code().map(str::to_string),
    })
}

/// One of the caller's live sessions or tokens.
#[derive(Serialize, ToSchema)]
pub struct TokenItem {
    pub id: i64,
    /// `api` or `web`.
    pub kind: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub client_ip: Option<String>,
    /// The token this request came with.
    pub current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TokenList {
    pub items: Vec<TokenItem>,
}

#[utoipa::path(
    get, path = "/api/v1/tokens", tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = TokenList), (status = 401, body = crate::api::ApiErrorBody))
)]
pub async fn list(State(state): State<AppState>, auth: Auth) -> AppResult<Json<TokenList>> {
    let token = auth.ctx.token.as_ref().map(|(t, _)| t.as_str());
    let (sessions, here) = sessions::mine(&state.app, &auth.user, token).await?;
    Ok(Json(TokenList {
        items: sessions
            .into_iter()
            .map(|s| TokenItem {
                current: Some(s.id) == here,
                id: s.id,
                kind: s.kind,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
                client_ip: s.client_ip,
            })
            .collect(),
    }))
}

#[utoipa::path(
    delete, path = "/api/v1/tokens/{id}", tag = "auth",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The session's or token's id")),
    responses((status = 204), (status = 404, body = crate::api::ApiErrorBody))
)]
pub async fn end(
    State(state): State<AppState>,
    auth: Auth,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> AppResult<StatusCode> {
    sessions::end_mine(&state.app, &auth.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
