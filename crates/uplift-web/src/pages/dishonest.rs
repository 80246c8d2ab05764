//! The dishonest list as regulators read it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uplift_app::{PageRequest, dishonest};
use uplift_domain::permission::Permission;

use super::pager::pager;
use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::render::{Frame, render, thousands};

pub struct Row {
    pub name: String,
    pub code: String,
    pub listed_on: String,
    pub reason: String,
    pub authority: String,
    pub removed_on: String,
}

#[derive(Template)]
#[template(path = "dishonest.html")]
struct DishonestPage {
    frame: Frame,
    rows: Vec<Row>,
    total: String,
    page: u64,
    pages: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
    active_only: bool,
    can_import: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    show: Option<String>,
    page: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let active_only = q.show.as_deref() != Some("all");
    let req = PageRequest::new(q.page.as_deref().and_then(|p| p.parse().ok()), None);
    let list = dishonest::list(&state.app, &auth.user, active_only, req).await?;
    let params = vec![(
        "show",
        if active_only { "active" } else { "all" }.to_string(),
    )];
    let p = pager("/dishonest", &params, list.page, list.pages());
    let out = DishonestPage {
        frame: Frame::new(&auth.ctx, "dishonest.title", "/dishonest"),
        rows: list
            .items
            .into_iter()
            .map(|e| Row {
                code: e.uscc.or(e.registration_number).unwrap_or_default(),
                name: e.name,
                listed_on: e.listed_on.to_string(),
                reason: e.reason,
                authority: e.authority,
                removed_on: e.removed_on.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
        total: thousands(list.total),
        page: list.page,
        pages: p.pages,
        prev_href: p.prev_href,
        next_href: p.next_href,
        active_only,
        can_import: auth.user.role().may(Permission::ImportDishonestList),
    };
    Ok(render(&out)?.into_response())
}
