//! Login, logout and the language switch.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uplift_app::sessions::{self, LoginOutcome, SessionKind};
use uplift_domain::Lang;

use crate::AppState;
use crate::context::{Ctx, lang_cookie, safe_next, session_cookie};
use crate::error::AppResult;
use crate::i18n::t;
use crate::render::{Frame, render};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    frame: Frame,
    /// The demo runs without the second factor: the page says so.
    second_factor_off: bool,
    error: Option<&'static str>,
    username: String,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref());
    if ctx.user.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let here = format!("/login?next={}", urlencode(&next));
    Ok(render(&LoginPage {
        second_factor_off: !state.app.settings().require_second_factor,
        frame: Frame::new(&ctx, "login.title", &here),
        error: None,
        username: String::new(),
        next,
    })?
    .into_response())
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_string()
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    let previous = ctx
        .token
        .as_ref()
        .filter(|(_, kind)| *kind == SessionKind::Web)
        .map(|(t, _)| t.as_str());
    let outcome = sessions::login(
        &state.app,
        &form.username,
        &form.password,
        None,
        SessionKind::Web,
        previous,
        ctx.client_ip.clone(),
    )
    .await?;
    match outcome {
        LoginOutcome::Success { token, user } => {
            let cookie = session_cookie(&token, ctx.secure, None);
            // The second factor first, then a password someone else set, then the page.
            let to = if user.second_factor_pending() {
                format!("/login/second-factor?next={}", urlencode(&next))
            } else if user.must_change_password() {
                "/account/password".to_string()
            } else {
                next
            };
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response())
        }
        LoginOutcome::Refused => {
            let here = format!("/login?next={}", urlencode(&next));
            let page = LoginPage {
                second_factor_off: !state.app.settings().require_second_factor,
                frame: Frame::new(&ctx, "login.title", &here),
                error: Some(t(ctx.lang, "login.refused")),
                username: form.username.trim().chars().take(64).collect(),
                next,
            };
            Ok((axum::http::StatusCode::UNAUTHORIZED, render(&page)?).into_response())
        }
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if let Some((token, SessionKind::Web)) = &ctx.token {
        sessions::logout(&state.app, ctx.user.as_ref(), token).await?;
    }
    let cookie = session_cookie("", ctx.secure, Some(0));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}

/// The visible language switch: remember the choice for a year, go back where we were.
pub async fn switch_lang(
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let cookie = lang_cookie(lang, ctx.secure);
    let next = safe_next(q.next.as_deref());
    ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
}
