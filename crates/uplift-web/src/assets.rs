//! The stylesheet, the one small script and the icon, compiled into the binary (no CDN).

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const CSS: &str = include_str!("../static/app.css");
const JS: &str = include_str!("../static/app.js");
/// A red seal with a tick: the platform's mark in the browser's tab.
const FAVICON: &str = include_str!("../static/favicon.svg");

fn favicon() -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

pub fn router() -> Router<AppState> {
    Router::new()
        // Browsers ask for /favicon.ico whatever the page links; both answer the SVG.
        .route("/favicon.ico", get(|| async { favicon() }))
        .route("/static/favicon.svg", get(|| async { favicon() }))
        .route(
            "/static/app.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    CSS,
                )
                    .into_response()
            }),
        )
        .route(
            "/static/app.js",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    JS,
                )
                    .into_response()
            }),
        )
}
