//! A campaign's participations as each role may see them: the province all, a city its
//! own, a certification body or support unit exactly the enterprises assigned to it, an
//! enterprise contact its own. Bodies start here: their newly assigned enterprises first.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use uplift_app::PageRequest;
use uplift_app::campaigns::{self, ParticipationState};

use super::enterprises::division_label;
use super::labels::{self, Badge};
use super::pager::pager;
use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::render::{Frame, render, thousands};

pub fn router() -> Router<AppState> {
    Router::new().route("/campaigns/{id}/participations", get(list))
}

pub struct Row {
    pub pid: i64,
    pub uscc: String,
    pub name: String,
    pub division: String,
    pub state: Badge,
    pub consent: Badge,
    pub body: String,
    pub unit: String,
    pub selected_at: String,
    /// Selected and waiting for its body's first step.
    pub fresh: bool,
}

#[derive(Template)]
#[template(path = "participations.html")]
struct ListPage {
    frame: Frame,
    id: i64,
    campaign: String,
    rows: Vec<Row>,
    total: String,
    pager: super::pager::Pager,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    page: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let c = campaigns::get(&state.app, &user, id).await?;
    let request = PageRequest::new(q.page.as_deref().and_then(|p| p.parse().ok()), Some(100));
    let found = campaigns::participations(&state.app, &user, id, request).await?;
    let orgs = campaigns::organisations(&state.app, &user, id).await?;
    let names = labels::org_names(&orgs);
    let mut rows: Vec<Row> = found
        .items
        .iter()
        .map(|l| {
            let p = &l.participation;
            Row {
                pid: p.id,
                uscc: l.enterprise.uscc.clone(),
                name: l.enterprise.name.clone(),
                division: division_label(lang, &l.enterprise),
                state: labels::state_badge(lang, &p.state),
                consent: labels::consent_badge(lang, &p.consent),
                body: labels::org_name(&names, p.certification_body_id),
                unit: labels::org_name(&names, p.support_unit_id),
                selected_at: p.selected_at.map(labels::minute).unwrap_or_default(),
                fresh: p.state == ParticipationState::Selected.key(),
            }
        })
        .collect();
    // What waits first: the newly selected, then the rest in the campaign's order.
    rows.sort_by_key(|r| !r.fresh);
    let p = pager(
        &format!("/campaigns/{id}/participations"),
        &[],
        found.page,
        found.pages(),
        found.per_page,
    );
    let page = ListPage {
        frame: Frame::new(
            &ctx,
            "participations.title",
            &format!("/campaigns/{id}/participations"),
        ),
        id,
        campaign: c.settings.name.clone(),
        rows,
        total: thousands(found.total),
        pager: p,
    };
    Ok(render(&page)?.into_response())
}
