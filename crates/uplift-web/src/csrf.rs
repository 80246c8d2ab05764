//! Refuse cross-site form posts. Browsers say where a request comes from
//! (`Sec-Fetch-Site`, `Origin`); a state-changing request from another site is refused
//! before any handler runs. The session cookie is also `SameSite=Lax`, so the two
//! defences cover older browsers too. API clients that send a bearer token and no
//! cookie are not browsers riding on a session and pass.

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::context::{SESSION_COOKIE, cookie};
use crate::error::{AppError, ErrorKind};

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) || is_cookieless_api_call(&req) || same_site(&req, &state) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
    AppError::new(ErrorKind::CrossSite).into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_cookieless_api_call(req: &Request) -> bool {
    req.uri().path().starts_with("/api/") && cookie(req.headers(), SESSION_COOKIE).is_none()
}

/// The scheme a browser on this platform's own pages sends in `Origin`: https behind TLS.
fn own_scheme(req: &Request, state: &AppState) -> &'static str {
    let forwarded_https = state.config.trust_proxy
        && req
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    if state.config.secure_cookies || forwarded_https {
        "https"
    } else {
        "http"
    }
}

fn same_site(req: &Request, state: &AppState) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `none`: typed in the address bar or a bookmark — a user's own action.
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            // Scheme and host both: `http://platform` is another origin than
            // `https://platform`, and a page served over plain HTTP must not post to it.
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            host.is_some_and(|h| {
                origin.eq_ignore_ascii_case(&format!("{}://{h}", own_scheme(req, state)))
            })
        }
        // Neither header: not a modern browser's cross-site request.
        None => true,
    }
}
