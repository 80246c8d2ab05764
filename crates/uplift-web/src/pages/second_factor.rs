//! The second page of a staff login: the TOTP code, or — at the first login — the
//! enrolment (a QR code for an authenticator app, a first code to confirm it, and ten
//! recovery codes shown once).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;
use uplift_app::second_factor;

use crate::AppState;
use crate::context::{Ctx, safe_next};
use crate::error::AppResult;
use crate::i18n::t;
use crate::render::{Frame, render};

pub struct Offer {
    pub secret: String,
    pub qr_svg: String,
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage {
    frame: Frame,
    enrolment: Option<Offer>,
    recovery_codes: Option<Vec<String>>,
    error: Option<String>,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

/// An `otpauth://` URI as an SVG QR code (drawn on the server; no script, no CDN).
fn qr(uri: &str) -> String {
    match QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .build(),
        Err(_) => String::new(),
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    error: Option<String>,
    next: String,
) -> AppResult<SecondFactorPage> {
    let mut frame = Frame::new(ctx, "second_factor.title", "/login/second-factor");
    frame.nav.clear();
    let enrolment = match &ctx.user {
        Some(user) if !user.second_factor_enrolled() => {
            let offered = second_factor::enrolment(&state.app, user).await?;
            Some(Offer {
                qr_svg: qr(&offered.uri),
                secret: offered.secret,
            })
        }
        _ => None,
    };
    Ok(SecondFactorPage {
        frame,
        enrolment,
        recovery_codes: None,
        error,
        next,
    })
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    match &ctx.user {
        Some(user) if user.second_factor_pending() => {}
        Some(_) => return Ok(Redirect::to("/").into_response()),
        None => return Ok(Redirect::to("/login").into_response()),
    }
    let next = safe_next(q.next.as_deref());
    Ok(render(&page(&state, &ctx, None, next).await?)?.into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let (Some(user), Some((token, _))) = (ctx.user.clone(), ctx.token.clone()) else {
        return Ok(Redirect::to("/login").into_response());
    };
    if !user.second_factor_pending() {
        return Ok(Redirect::to("/").into_response());
    }
    let next = safe_next(form.next.as_deref());
    if !user.second_factor_enrolled() {
        if let Some(codes) = second_factor::confirm(&state.app, &user, &form.code, &token).await? {
            let mut shown = page(&state, &ctx, None, next).await?;
            shown.enrolment = None;
            shown.recovery_codes = Some(codes.iter().map(ToString::to_string).collect());
            return Ok(render(&shown)?.into_response());
        }
    } else if second_factor::verify(&state.app, &user, &form.code, &token).await? {
        return Ok(Redirect::to(&next).into_response());
    }
    let error = Some(t(ctx.lang, "second_factor.wrong").to_string());
    let again = page(&state, &ctx, error, next).await?;
    Ok((StatusCode::UNAUTHORIZED, render(&again)?).into_response())
}
