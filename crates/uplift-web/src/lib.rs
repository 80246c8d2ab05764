//! The web face of uplift: server-rendered pages (Simplified Chinese by default, English
//! on request), the JSON API under `/api/v1` with its OpenAPI document, and the security
//! plumbing around them (sessions, CSRF, headers, error pages).
//!
//! A request flows: context extractor (session -> [`CurrentUser`] with its scope) ->
//! handler (parse the form or query) -> a use case of `uplift_app`, which checks the
//! permission and the scope -> render. The store is not reachable from here. Errors from
//! anywhere become one page or one JSON shape in [`error`], with an operation id the user
//! can quote.

mod api;
mod assets;
pub mod config;
mod context;
mod csrf;
pub mod error;
mod filters;
mod gate;
mod headers;
pub mod i18n;
pub(crate) mod pages;
mod render;
pub mod tools;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use tower_http::catch_panic::CatchPanicLayer;

pub use config::WebConfig;
use uplift_app::App;
pub use uplift_app::CurrentUser;

/// Shared by every handler: the use cases and the web layer's own settings.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> AppState {
        AppState {
            app,
            config: Arc::new(config),
        }
    }
}

/// The whole application as one router. Tests drive it without a socket.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The application with `extra` routes inside the same layers (tests use it to prove
/// that a panicking handler becomes an error page).
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    Router::new()
        .merge(pages::router(&state))
        .merge(extra)
        .nest("/api", api::router(&state))
        .merge(assets::router())
        // The top bar's to-do count, for pages only (the layer skips the rest).
        .layer(middleware::from_fn_with_state(
            state.clone(),
            pages::todo::count,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::guard))
        // A panic in a handler becomes a 500 with an operation id, not a dead connection.
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(middleware::from_fn(error::render_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .with_state(state)
}
