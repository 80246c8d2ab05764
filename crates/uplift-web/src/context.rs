//! The request context: language, client address and — from the session cookie or the
//! bearer token only — the logged-in user with their scope.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use uplift_app::CurrentUser;
use uplift_app::sessions::{self, SessionKind};
use uplift_domain::Lang;

use crate::AppState;
use crate::error::{AppError, ErrorKind};

pub const SESSION_COOKIE: &str = "uplift_session";
pub const LANG_COOKIE: &str = "uplift_lang";

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().trim().to_string())
}

/// Chinese unless the user chose English with the visible switch (a cookie).
pub fn lang_from_headers(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .as_deref()
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
    /// What waits on the user (the top bar's count), when a page asked for it
    /// (`pages::todo::count`).
    pub todo_count: Option<u64>,
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
                .map(|t| (t, SessionKind::Web)),
        };
        let client_ip = client_ip(parts, config.trust_proxy);
        let user = match &token {
            Some((secret, kind)) => {
                sessions::lookup(&state.app, secret, *kind, client_ip.clone()).await?
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
            client_ip,
            token,
            secure: config.secure_cookies || forwarded_https,
            todo_count: None,
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
            // Password given, second factor not yet: only the second-factor page works.
            Some(user) if user.second_factor_pending() => {
                Err(Redirect::to("/login/second-factor").into_response())
            }
            // A password someone else set: nothing but changing it (and leaving) works.
            Some(user) if user.must_change_password() && !ctx.request_uri.starts_with("/api/") => {
                Err(Redirect::to("/account/password").into_response())
            }
            Some(user) if user.must_change_password() => {
                Err(AppError::new(ErrorKind::PasswordChangeRequired).into_response())
            }
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

/// The signed-in user whose password change is due: the one page that lets them in.
pub struct AuthAllowingPasswordChange {
    pub ctx: Ctx,
    pub user: CurrentUser,
}

impl FromRequestParts<AppState> for AuthAllowingPasswordChange {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ctx = Ctx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match ctx.user.clone() {
            Some(user) if user.second_factor_pending() => {
                Err(Redirect::to("/login/second-factor").into_response())
            }
            Some(user) => Ok(AuthAllowingPasswordChange { ctx, user }),
            None => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// Only local paths may be a redirect target after login (no open redirect). The check
/// is made on the path as a browser will read it: browsers drop tabs and line breaks from
/// a URL and read a backslash as a slash, so `/\t/evil.example` and `/\\evil.example` are
/// both `//evil.example`, another site.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(next) = next else {
        return "/".to_string();
    };
    let normalised: String = next
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let local = normalised.starts_with('/')
        && !normalised.starts_with("//")
        && !normalised.chars().any(char::is_control);
    if local { normalised } else { "/".to_string() }
}

/// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Secure over TLS; `max_age` 0
/// removes it.
pub fn session_cookie(value: &str, secure: bool, max_age: Option<i64>) -> String {
    let mut c = Cookie::build((SESSION_COOKIE, value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(age) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(age));
    }
    c.build().to_string()
}

/// `Set-Cookie` for the interface language, kept for a year.
pub fn lang_cookie(lang: Lang, secure: bool) -> String {
    Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::days(365))
        .secure(secure)
        .build()
        .to_string()
}
