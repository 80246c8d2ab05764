//! The dishonest list as regulators read it; a listed enterprise's name opens its record
//! where the record lies in the reader's jurisdiction.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uplift_app::{PageRequest, dishonest, enterprises};
use uplift_domain::permission::Permission;

use super::pager::{Pager, pager};
use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::render::{Frame, render, thousands};

pub struct Row {
    pub name: String,
    pub code: String,
    /// The record's page, when the reader may open it.
    pub href: Option<String>,
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
    pager: Pager,
    active_only: bool,
    can_import: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    show: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let active_only = q.show.as_deref() != Some("all");
    let req = PageRequest::new(
        q.page.as_deref().and_then(|p| p.trim().parse().ok()),
        q.per_page.as_deref().and_then(|p| p.trim().parse().ok()),
    );
    let mut list = dishonest::list(&state.app, &auth.user, active_only, req).await?;
    if list.items.is_empty() && list.page > list.pages() {
        let last = PageRequest {
            page: list.pages(),
            ..req
        };
        list = dishonest::list(&state.app, &auth.user, active_only, last).await?;
    }
    let codes: Vec<String> = list.items.iter().filter_map(|e| e.uscc.clone()).collect();
    let openable = enterprises::openable(&state.app, &auth.user, &codes).await?;
    let params = vec![(
        "show",
        if active_only { "active" } else { "all" }.to_string(),
    )];
    let p = pager(
        "/dishonest",
        &params,
        list.page,
        list.pages(),
        list.per_page,
    );
    let out = DishonestPage {
        frame: Frame::new(&auth.ctx, "dishonest.title", "/dishonest"),
        total: thousands(list.total),
        rows: list
            .items
            .into_iter()
            .map(|e| Row {
                href: e
                    .uscc
                    .as_ref()
                    .filter(|c| openable.contains(*c))
                    .map(|c| format!("/enterprises/{c}")),
                code: e.uscc.or(e.registration_number).unwrap_or_default(),
                name: e.name,
                listed_on: e.listed_on.to_string(),
                reason: e.reason,
                authority: e.authority,
                removed_on: e.removed_on.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
        pager: p,
        active_only,
        can_import: auth.user.role().may(Permission::ImportDishonestList),
    };
    Ok(render(&out)?.into_response())
}
