//! The audit log viewer: for the audit administrator only, read-only, newest first, in the
//! reader's words (actions, roles, summaries), filtered by category, user and dates
//! (China time), and exported as XLSX. Reading and exporting it are themselves recorded
//! (GB/T 22239 8.1.5: the audit administrator's operations are audited too).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uplift_app::PageRequest;
use uplift_app::audit_log::{self, AuditFilter};
use uplift_domain::audit_log::Category;

use super::pager::{Pager, pager, query_string};
use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::render::{Frame, minute, render, thousands};

pub struct Row {
    pub id: i64,
    pub at: String,
    pub username: String,
    pub role: String,
    pub ip: String,
    pub category: String,
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
    pager: Pager,
    categories: Vec<(String, String)>,
    filter_category: String,
    filter_user: String,
    filter_from: String,
    filter_until: String,
    query: String,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    category: Option<String>,
    user: Option<String>,
    from: Option<String>,
    until: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

fn date(text: &Option<String>) -> Option<NaiveDate> {
    text.as_deref()
        .map(str::trim)
        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
}

impl AuditQuery {
    /// Parsed leniently: a value that is not one (a mistyped date) does not narrow.
    fn filter(&self) -> AuditFilter {
        AuditFilter {
            category: self.category.as_deref().and_then(Category::from_key),
            username: self
                .user
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(|u| u.chars().take(64).collect()),
            from: date(&self.from),
            until: date(&self.until),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let f = self.filter();
        vec![
            (
                "category",
                f.category.map(|c| c.key().to_string()).unwrap_or_default(),
            ),
            ("user", f.username.unwrap_or_default()),
            ("from", f.from.map(|d| d.to_string()).unwrap_or_default()),
            ("until", f.until.map(|d| d.to_string()).unwrap_or_default()),
        ]
    }
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let lang = auth.ctx.lang;
    let filter = q.filter();
    let req = PageRequest::new(
        q.page.as_deref().and_then(|p| p.trim().parse().ok()),
        q.per_page.as_deref().and_then(|p| p.trim().parse().ok()),
    );
    let list = audit_log::list(&state.app, &auth.user, &filter, req, lang).await?;
    let params = q.params();
    let p = pager(
        "/audit-log",
        &params,
        list.page,
        list.pages(),
        list.per_page,
    );
    let out = AuditPage {
        frame: Frame::new(
            &auth.ctx,
            "audit.title",
            &format!("/audit-log{}", query_string(&params)),
        ),
        total: thousands(list.total),
        rows: list
            .items
            .into_iter()
            .map(|e| Row {
                id: e.row.id,
                at: minute(e.row.at),
                username: e.row.username.clone().unwrap_or_default(),
                role: e.role,
                ip: e.row.client_ip.clone().unwrap_or_default(),
                category: e.category.map(|c| c.name(lang)).unwrap_or("").to_string(),
                action: e.action,
                object: e.object,
                summary: e.summary,
            })
            .collect(),
        pager: p,
        categories: Category::ALL
            .iter()
            .map(|c| (c.key().to_string(), c.name(lang).to_string()))
            .collect(),
        filter_category: filter
            .category
            .map(|c| c.key().to_string())
            .unwrap_or_default(),
        filter_user: filter.username.clone().unwrap_or_default(),
        filter_from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
        filter_until: filter.until.map(|d| d.to_string()).unwrap_or_default(),
        query: query_string(&params),
    };
    Ok(render(&out)?.into_response())
}

/// The filtered log as XLSX.
pub async fn export(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let out = audit_log::export(&state.app, &auth.user, &q.filter(), auth.ctx.lang).await?;
    Ok(super::export::send(out))
}
