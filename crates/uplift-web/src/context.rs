//! The request context: language, client address and — from the session cookie or the
//! bearer token only — the logged-in user with their scope.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use uplift_domain::Lang;
use uplift_store::accounts::CurrentUser;
use uplift_store::audit::Actor;
use uplift_store::sessions::{self, SessionKind};

use crate::AppState;
use crate::error::{AppError, ErrorKind};

pub const SESSION_COOKIE: &str = "uplift_session";
pub const LANG_COOKIE: &str = "uplift_lang";

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Chinese unless the user chose English with the visible switch (a cookie).
pub fn lang_from_headers(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_code)
        .unwrap_or_default()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub client_ip: Option<String>,
    /// The session secret this request came with, and its kind.
    pub token: Option<(String, SessionKind)>,
    /// Whether cookies we set must be `Secure` (served over TLS).
    pub secure: bool,
    /// The request's path and query (for confirmations after a redirect).
    pub request_uri: String,
}

impl Ctx {
    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(u) => u.actor(self.client_ip.clone()),
            None => Actor {
                client_ip: self.client_ip.clone(),
                ..Actor::default()
            },
        }
    }
}

fn client_ip(parts: &Parts, trust_proxy: bool) -> Option<String> {
    if trust_proxy
        && let Some(forwarded) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return Some(forwarded.trim().to_string());
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let config = &state.config;
        let token = match bearer(&parts.headers) {
            Some(t) => Some((t.to_string(), SessionKind::Api)),
            None => cookie(&parts.headers, SESSION_COOKIE)
                .filter(|t| !t.is_empty())
                .map(|t| (t.to_string(), SessionKind::Web)),
        };
        let user = match &token {
            Some((secret, kind)) => {
                sessions::lookup(&state.store, secret, *kind, config.session).await?
            }
            None => None,
        };
        let forwarded_https = config.trust_proxy
            && parts
                .headers
                .get("x-forwarded-proto")
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
        let request_uri = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map(|o| o.0.clone())
            .unwrap_or_else(|| parts.uri.clone())
            .path_and_query()
            .map(|pq| pq.as_str().to_string())
            .unwrap_or_default();
        let ctx = Ctx {
            request_uri,
            lang: lang_from_headers(&parts.headers),
            user,
            client_ip: client_ip(parts, config.trust_proxy),
            token,
            secure: config.secure_cookies || forwarded_https,
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// A handler argument that requires a logged-in user. Pages send a visitor to the login
/// page (coming back afterwards); the API answers 401.
pub struct Auth {
    pub ctx: Ctx,
    pub user: CurrentUser,
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ctx = Ctx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match ctx.user.clone() {
            Some(user) => Ok(Auth { ctx, user }),
            // The original URI: inside the nested API router the path lost its `/api`.
            None if ctx.request_uri.starts_with("/api/") => {
                Err(AppError::new(ErrorKind::Unauthenticated).into_response())
            }
            None => {
                let next = if ctx.request_uri.is_empty() {
                    "/"
                } else {
                    ctx.request_uri.as_str()
                };
                let target = format!(
                    "/login?next={}",
                    serde_urlencoded::to_string([("", next)])
                        .unwrap_or_default()
                        .trim_start_matches('=')
                );
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

impl Auth {
    /// Let the request on only if the user's role passes `allowed`; anyone else is told
    /// the page does not exist (404, never 403: existence does not leak).
    pub fn require(
        &self,
        allowed: impl Fn(uplift_domain::role::Role) -> bool,
    ) -> Result<(), AppError> {
        if allowed(self.user.role) {
            Ok(())
        } else {
            Err(AppError::not_found())
        }
    }
}

/// Only local paths may be a redirect target after login (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

/// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Secure over TLS.
pub fn session_cookie(value: &str, secure: bool, max_age: Option<i64>) -> String {
    let mut c = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}
