//! 待办: what waits on the user, from `uplift_app::campaigns::todos` — the list at the top
//! of every home page (`templates/todo.html`), and the count in the top bar, which a small
//! layer puts into the request's context before a page is rendered.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use uplift_app::CurrentUser;
use uplift_app::campaigns::{self, Todo, TodoKind};
use uplift_domain::Lang;

use super::labels::{self, Deadline};
use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;

/// One line of the to-do list.
pub struct TodoRow {
    /// The translation key of what to do.
    pub label: &'static str,
    pub count: u64,
    pub href: String,
    pub deadline: Option<Deadline>,
}

fn label_and_page(kind: TodoKind) -> (&'static str, &'static str) {
    match kind {
        TodoKind::SubmitRecommendations => ("todo.submit_recommendations", "recommendations"),
        TodoKind::ReviewApplications => ("todo.review_applications", "applications"),
        TodoKind::DecideRecommendations => ("todo.decide_recommendations", "selection"),
        TodoKind::AssignBodies => ("todo.assign_bodies", "assignments"),
        TodoKind::GiveConsent => ("todo.give_consent", "consent"),
        TodoKind::NewlyAssigned => ("todo.newly_assigned", "participations"),
    }
}

fn row(lang: Lang, todo: &Todo) -> TodoRow {
    let (label, page) = label_and_page(todo.kind);
    TodoRow {
        label,
        count: todo.count,
        href: format!("/campaigns/{}/{page}", todo.campaign_id),
        deadline: labels::deadline(lang, todo.deadline),
    }
}

/// The user's to-do list, what has a deadline first (the nearest first).
pub async fn rows(state: &AppState, user: &CurrentUser, lang: Lang) -> AppResult<Vec<TodoRow>> {
    let mut todos = campaigns::todos(&state.app, user).await?;
    todos.sort_by_key(|t| (t.deadline.is_none(), t.deadline));
    Ok(todos.iter().map(|t| row(lang, t)).collect())
}

/// Pages only (a GET that is not the API, an asset or a probe): count what waits on the
/// signed-in user and keep it in the request's context for the top bar. A failure here
/// costs the count, never the page.
pub async fn count(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let page = req.method() == Method::GET
        && ![
            "/api/", "/static/", "/healthz", "/apply", "/login", "/lang/",
        ]
        .iter()
        .any(|p| path.starts_with(p));
    if !page {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    if let Ok(mut ctx) = Ctx::from_request_parts(&mut parts, &state).await
        && let Some(user) = ctx.user.clone()
        && !user.must_change_password()
    {
        match campaigns::todos(&state.app, &user).await {
            Ok(todos) => {
                ctx.todo_count = Some(todos.iter().map(|t| t.count).sum());
                parts.extensions.insert(ctx);
            }
            Err(e) => tracing::warn!("to-do count unavailable: {e}"),
        }
    }
    next.run(Request::from_parts(parts, body)).await
}
