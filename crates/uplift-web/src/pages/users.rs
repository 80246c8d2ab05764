//! Account management: the system administrator's page (separated from the audit log).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uplift_app::accounts::{self, AccountAction, NewAccount};
use uplift_app::{CurrentUser, PageRequest};
use uplift_domain::role::Role;

use super::pager::{Pager, pager};
use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::t;
use crate::render::{Frame, render, thousands};

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub disabled: bool,
    pub locked: bool,
    /// Separated duties: the province's and the administrators' accounts are the
    /// operator's, not this page's.
    pub manageable: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    enterprise_uscc: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    frame: Frame,
    rows: Vec<UserRow>,
    total: String,
    pager: Pager,
    filter_q: String,
    roles: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
    form: NewUserForm,
    form_error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    q: &ListQuery,
    form: NewUserForm,
    form_error: Option<String>,
) -> AppResult<UsersPage> {
    let lang = ctx.lang;
    let req = PageRequest::new(
        q.page.as_deref().and_then(|p| p.trim().parse().ok()),
        q.per_page.as_deref().and_then(|p| p.trim().parse().ok()),
    );
    let mut list = accounts::list(&state.app, user, q.q.clone(), req).await?;
    if list.items.is_empty() && list.page > list.pages() {
        let last = PageRequest {
            page: list.pages(),
            ..req
        };
        list = accounts::list(&state.app, user, q.q.clone(), last).await?;
    }
    let params = vec![("q", q.q.clone().unwrap_or_default())];
    let p = pager(
        "/admin/users",
        &params,
        list.page,
        list.pages(),
        list.per_page,
    );
    let orgs = accounts::organisations(&state.app, user).await?;
    Ok(UsersPage {
        frame: Frame::new(ctx, "users.title", "/admin/users"),
        rows: list
            .items
            .iter()
            .map(|u| UserRow {
                id: u.id,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                role: u.role.map(|r| r.name(lang).to_string()).unwrap_or_default(),
                disabled: u.disabled,
                locked: u.locked,
                manageable: u.manageable,
            })
            .collect(),
        total: thousands(list.total),
        pager: p,
        filter_q: q.q.clone().unwrap_or_default(),
        roles: accounts::creatable_roles(user)
            .iter()
            .map(|r| (r.key().to_string(), r.name(lang).to_string()))
            .collect(),
        organisations: orgs
            .iter()
            .map(|o| (o.id.to_string(), o.name.clone()))
            .collect(),
        form,
        form_error,
    })
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let mut out = page(
        &state,
        &auth.ctx,
        &auth.user,
        &q,
        NewUserForm::default(),
        None,
    )
    .await?;
    out.frame = Frame::new(
        &auth.ctx,
        "users.title",
        &format!(
            "/admin/users?{}",
            serde_urlencoded::to_string([("q", q.q.clone().unwrap_or_default())])
                .unwrap_or_default()
        ),
    );
    Ok(render(&out)?.into_response())
}

pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<NewUserForm>,
) -> AppResult<Response> {
    let lang = auth.ctx.lang;
    let rerender = |msg: String, mut form: NewUserForm| {
        let state = state.clone();
        let ctx = auth.ctx.clone();
        let user = auth.user.clone();
        async move {
            form.password.clear();
            let out = page(&state, &ctx, &user, &ListQuery::default(), form, Some(msg)).await?;
            Ok::<Response, AppError>(
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&out)?).into_response(),
            )
        }
    };
    let Some(role) = Role::from_key(&form.role) else {
        return rerender(t(lang, "refusal.role_required").into(), form).await;
    };
    let new = NewAccount {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        role,
        organisation_id: form.organisation_id.trim().parse().ok(),
        enterprise_uscc: Some(form.enterprise_uscc.trim().to_string()).filter(|s| !s.is_empty()),
    };
    match accounts::create(&state.app, &auth.user, new)
        .await
        .map_err(AppError::from)
    {
        Ok(_) => Ok(Redirect::to("/admin/users?done=user_created").into_response()),
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => rerender(crate::i18n::refusal(lang, &r), form).await,
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct ActionForm {
    password: Option<String>,
}

pub async fn action(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, action)): Path<(i64, String)>,
    Form(form): Form<ActionForm>,
) -> AppResult<Response> {
    let (act, done) = match action.as_str() {
        "disable" => (AccountAction::Disable, "user_disabled"),
        "enable" => (AccountAction::Enable, "user_enabled"),
        "unlock" => (AccountAction::Unlock, "user_unlocked"),
        "end-sessions" => (AccountAction::EndSessions, "sessions_ended"),
        "reset-password" => (
            AccountAction::ResetPassword(form.password.unwrap_or_default()),
            "password_reset",
        ),
        _ => return Err(AppError::not_found()),
    };
    accounts::act(&state.app, &auth.user, id, act).await?;
    Ok(Redirect::to(&format!("/admin/users?done={done}")).into_response())
}
