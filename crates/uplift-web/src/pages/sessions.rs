//! A user's own sessions and API tokens: where they are logged in, and ending one.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uplift_app::sessions;

use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::i18n::t;
use crate::render::{Frame, render};

pub struct Row {
    pub id: i64,
    pub kind: &'static str,
    pub started: String,
    pub last_seen: String,
    pub address: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    frame: Frame,
    rows: Vec<Row>,
}

pub async fn list(State(state): State<AppState>, auth: Auth) -> AppResult<Response> {
    let token = auth.ctx.token.as_ref().map(|(t, _)| t.as_str());
    let (list, here) = sessions::mine(&state.app, &auth.user, token).await?;
    let lang = auth.ctx.lang;
    let rows = list
        .into_iter()
        .map(|s| Row {
            id: s.id,
            kind: if s.kind == "api" {
                t(lang, "sessions.api")
            } else {
                t(lang, "sessions.web")
            },
            started: s.created_at.format("%Y-%m-%d %H:%M").to_string(),
            last_seen: s.last_seen_at.format("%Y-%m-%d %H:%M").to_string(),
            address: s.client_ip.unwrap_or_default(),
            current: Some(s.id) == here,
        })
        .collect();
    let page = SessionsPage {
        frame: Frame::new(&auth.ctx, "sessions.title", "/account/sessions"),
        rows,
    };
    Ok(render(&page)?.into_response())
}

pub async fn end(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    sessions::end_mine(&state.app, &auth.user, id).await?;
    Ok(Redirect::to("/account/sessions?done=session_ended").into_response())
}
