//! A user's own account: changing the password (every user may; one whose password was
//! set by someone else must, before anything else works).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uplift_app::sessions;

use crate::AppState;
use crate::context::{AuthAllowingPasswordChange, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::t;
use crate::render::{Frame, render};

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    frame: Frame,
    required: bool,
    error: Option<String>,
}

fn page(ctx: &Ctx, required: bool, error: Option<String>) -> PasswordPage {
    let mut frame = Frame::new(ctx, "password.title", "/account/password");
    if required {
        // Nothing else works yet: the navigation would only lead back here.
        frame.nav.clear();
    }
    PasswordPage {
        frame,
        required,
        error,
    }
}

pub async fn form(auth: AuthAllowingPasswordChange) -> AppResult<Response> {
    let required = auth.user.must_change_password();
    Ok(render(&page(&auth.ctx, required, None))?.into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

pub async fn change(
    State(state): State<AppState>,
    auth: AuthAllowingPasswordChange,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let AuthAllowingPasswordChange { ctx, user } = auth;
    let required = user.must_change_password();
    let refuse = |msg: String| -> AppResult<Response> {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&page(&ctx, required, Some(msg)))?,
        )
            .into_response())
    };
    if form.new != form.repeat {
        return refuse(t(ctx.lang, "password.mismatch").to_string());
    }
    let session = ctx.token.as_ref().map(|(token, _)| token.as_str());
    match sessions::change_own_password(&state.app, &user, &form.current, &form.new, session)
        .await
        .map_err(AppError::from)
    {
        Ok(()) => Ok(Redirect::to("/?done=password_changed").into_response()),
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => refuse(crate::i18n::refusal(ctx.lang, &r)),
        Err(e) => Err(e),
    }
}
