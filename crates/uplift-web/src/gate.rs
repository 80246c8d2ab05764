//! A route a role cannot use answers 404 before anything of the request is read: a path
//! parameter, a query or a body that does not parse would otherwise answer 400 and tell a
//! certification body that `/audit-log/…` exists. Each group of routes names the
//! permissions that open it (any one suffices); the use cases still check their own.
//! Visitors without a session pass through to the handler, which sends them to the login.

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use uplift_domain::permission::Permission;

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppError;

/// `router`'s routes, open only to roles holding one of `permissions`. A layer over the
/// whole of each route (not a route layer), so that a method the route does not take
/// answers 404 too rather than a 405 that names the route.
pub fn only(
    router: Router<AppState>,
    state: &AppState,
    permissions: &'static [Permission],
) -> Router<AppState> {
    router.layer(middleware::from_fn_with_state(
        state.clone(),
        move |State(state): State<AppState>, req: Request, next: Next| async move {
            check(state, permissions, req, next).await
        },
    ))
}

async fn check(
    state: AppState,
    permissions: &'static [Permission],
    req: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = req.into_parts();
    let ctx = match Ctx::from_request_parts(&mut parts, &state).await {
        Ok(ctx) => ctx,
        Err(e) => return e.into_response(),
    };
    if let Some(user) = &ctx.user
        && !user.must_change_password()
        && !permissions.iter().any(|p| user.role().may(*p))
    {
        return AppError::not_found().into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}
