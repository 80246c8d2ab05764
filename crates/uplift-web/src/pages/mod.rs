//! Server-rendered pages. Each feature module owns its handlers; this file owns the routes.

mod audit_log;
mod enterprises;
mod home;
mod login;
mod organisations;
mod pager;
mod users;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/lang/{code}", get(login::switch_lang))
        .route("/healthz", get(healthz))
        .route("/enterprises", get(enterprises::list))
        .route("/enterprises/export.csv", get(enterprises::export_csv))
        .route("/enterprises/{uscc}", get(enterprises::detail))
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/{id}/{action}", post(users::action))
        .route(
            "/admin/organisations",
            get(organisations::list).post(organisations::create),
        )
        .route("/audit-log", get(audit_log::list))
}

/// Liveness for load balancers: the database answers; no scoped data is read.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!("health check failed: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
