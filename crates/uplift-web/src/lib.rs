//! The web face of uplift: server-rendered pages (Simplified Chinese by default, English
//! on request), the JSON API under `/api/v1` with its OpenAPI document, and the security
//! plumbing around them (sessions, CSRF, headers, error pages).
//!
//! A request flows: context extractor (session -> [`CurrentUser`] with its scope) ->
//! handler -> store call with the scope -> render. Errors from anywhere become one page
//! or one JSON shape in [`error`], with an operation id the user can quote.

mod api;
mod assets;
pub mod config;
mod context;
mod csrf;
pub mod error;
mod filters;
mod headers;
pub mod i18n;
mod pages;
mod render;
pub mod tools;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use tower_http::catch_panic::CatchPanicLayer;

pub use config::WebConfig;
use uplift_store::Store;
pub use uplift_store::accounts::CurrentUser;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// County codes per prefecture for the list's county filter, refreshed every few
    /// minutes (a DISTINCT over a city's rows is too dear for every page view).
    pub counties: Arc<std::sync::Mutex<CountyCache>>,
}

pub type CountyCache = std::collections::HashMap<String, (std::time::Instant, Vec<String>)>;

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> AppState {
        AppState {
            store,
            config: Arc::new(config),
            counties: Arc::default(),
        }
    }

    pub async fn counties(
        &self,
        prefecture: &str,
    ) -> Result<Vec<String>, uplift_store::StoreError> {
        const FRESH: std::time::Duration = std::time::Duration::from_secs(300);
        if let Ok(cache) = self.counties.lock()
            && let Some((at, codes)) = cache.get(prefecture)
            && at.elapsed() < FRESH
        {
            return Ok(codes.clone());
        }
        let codes = uplift_store::enterprises::counties(&self.store, prefecture).await?;
        if let Ok(mut cache) = self.counties.lock() {
            cache.insert(
                prefecture.to_string(),
                (std::time::Instant::now(), codes.clone()),
            );
        }
        Ok(codes)
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
        .merge(pages::router())
        .merge(extra)
        .nest("/api", api::router())
        .merge(assets::router())
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
