//! The audit log viewer: for the audit administrator only, read-only, newest first.
//! Reading the log is itself recorded (GB/T 22239 8.1.5: the audit administrator's
//! operations are audited too).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uplift_app::PageRequest;
use uplift_app::audit_log::{self, AuditFilter};

use super::pager::{pager, query_string};
use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::render::{Frame, render, thousands};

pub struct Row {
    pub id: i64,
    pub at: String,
    pub username: String,
    pub role: String,
    pub ip: String,
    pub action: String,
    pub object: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "audit_log.html")]
struct AuditPage {
    frame: Frame,
    rows: Vec<Row>,
    total: String,
    page: u64,
    pages: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
    filter_action: String,
    filter_user: String,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    action: Option<String>,
    user: Option<String>,
    page: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let filter = AuditFilter {
        action_prefix: q.action.clone(),
        username: q.user.clone(),
    };
    let req = PageRequest::new(q.page.as_deref().and_then(|p| p.parse().ok()), None);
    let params = vec![
        ("action", q.action.clone().unwrap_or_default()),
        ("user", q.user.clone().unwrap_or_default()),
    ];
    let list =
        audit_log::list(&state.app, &auth.user, &filter, req, &format!("{params:?}")).await?;
    let p = pager("/audit-log", &params, list.page, list.pages());
    let out = AuditPage {
        frame: Frame::new(
            &auth.ctx,
            "audit.title",
            &format!("/audit-log{}", query_string(&params)),
        ),
        rows: list
            .items
            .into_iter()
            .map(|r| Row {
                id: r.id,
                at: r.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                username: r.username.unwrap_or_default(),
                role: r.role.unwrap_or_default(),
                ip: r.client_ip.unwrap_or_default(),
                action: r.action,
                object: r.object,
                summary: r.summary,
            })
            .collect(),
        total: thousands(list.total),
        page: list.page,
        pages: p.pages,
        prev_href: p.prev_href,
        next_href: p.next_href,
        filter_action: q.action.unwrap_or_default(),
        filter_user: q.user.unwrap_or_default(),
    };
    Ok(render(&out)?.into_response())
}
