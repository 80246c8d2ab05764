//! Account management: the system administrator's page (separated from the audit log).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uplift_domain::lang::Localized;
use uplift_domain::role::Role;
use uplift_domain::uscc::Uscc;
use uplift_store::users::{self, NewUser, UserFilter};
use uplift_store::{PageRequest, StoreError, enterprises, now, organisations};

use super::pager::pager;
use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult};
use crate::i18n::{t, t_dyn};
use crate::render::{Frame, render, thousands};

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub disabled: bool,
    pub locked: bool,
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
    page: u64,
    pages: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
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
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    q: &ListQuery,
    form: NewUserForm,
    form_error: Option<String>,
) -> AppResult<UsersPage> {
    let lang = ctx.lang;
    let filter = UserFilter {
        role: None,
        q: q.q.clone(),
    };
    let req = PageRequest::new(q.page.as_deref().and_then(|p| p.parse().ok()), None);
    let list = users::list(&state.store, &filter, req).await?;
    let params = vec![("q", q.q.clone().unwrap_or_default())];
    let p = pager("/admin/users", &params, list.page, list.pages());
    let at = now();
    let orgs = organisations::list(&state.store).await?;
    Ok(UsersPage {
        frame: Frame::new(ctx, "users.title", "/admin/users"),
        rows: list
            .items
            .iter()
            .map(|u| UserRow {
                id: u.id,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                role: Role::from_key(&u.role)
                    .map(|r| r.name(lang).to_string())
                    .unwrap_or_else(|| u.role.clone()),
                disabled: u.disabled,
                locked: uplift_store::accounts::is_locked(u, at),
            })
            .collect(),
        total: thousands(list.total),
        page: list.page,
        pages: p.pages,
        prev_href: p.prev_href,
        next_href: p.next_href,
        filter_q: q.q.clone().unwrap_or_default(),
        roles: Role::ALL
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
    auth.require(Role::manages_accounts)?;
    let mut out = page(&state, &auth.ctx, &q, NewUserForm::default(), None).await?;
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

/// Translate a store refusal into the user's language.
fn explain(err: &StoreError, lang: uplift_domain::Lang) -> Option<String> {
    match err {
        StoreError::Invalid(key) => Some(match key.strip_prefix("password:") {
            Some(_) => t(lang, "users.password_rule").to_string(),
            None => t_dyn(lang, key),
        }),
        StoreError::Conflict(what) => Some(t_dyn(lang, &format!("conflict.{what}"))),
        _ => None,
    }
}

pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<NewUserForm>,
) -> AppResult<Response> {
    auth.require(Role::manages_accounts)?;
    let lang = auth.ctx.lang;
    let rerender = |msg: String, mut form: NewUserForm| {
        let state = state.clone();
        let ctx = auth.ctx.clone();
        async move {
            form.password.clear();
            let out = page(&state, &ctx, &ListQuery::default(), form, Some(msg)).await?;
            Ok::<Response, AppError>(
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&out)?).into_response(),
            )
        }
    };
    let Some(role) = Role::from_key(&form.role) else {
        return rerender(t(lang, "user.role_required").into(), form).await;
    };
    let enterprise_id = if role == Role::Enterprise {
        let parsed = match Uscc::parse(&form.enterprise_uscc) {
            Ok(p) => p,
            Err(e) => return rerender(e.message(lang), form).await,
        };
        // The system administrator links accounts to any enterprise of the platform.
        match enterprises::id_for_account_link(&state.store, &parsed.uscc).await? {
            Some(id) => Some(id),
            None => return rerender(t(lang, "user.enterprise_unknown").into(), form).await,
        }
    } else {
        None
    };
    let new = NewUser {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        role,
        organisation_id: form.organisation_id.trim().parse().ok(),
        enterprise_id,
    };
    let mut tx = state.store.write(&auth.ctx.actor()).await?;
    match users::create(&mut tx, new).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/users?done=user_created").into_response())
        }
        Err(err) => match explain(&err, lang) {
            Some(msg) => rerender(msg, form).await,
            None => Err(err.into()),
        },
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
    auth.require(Role::manages_accounts)?;
    users::get(&state.store, id).await?;
    let mut tx = state.store.write(&auth.ctx.actor()).await?;
    let done = match action.as_str() {
        "disable" => {
            if id == auth.user.user_id {
                return Err(AppError::bad_request("user.cannot_disable_self"));
            }
            users::set_disabled(&mut tx, id, true).await?;
            "user_disabled"
        }
        "enable" => {
            users::set_disabled(&mut tx, id, false).await?;
            "user_enabled"
        }
        "unlock" => {
            users::unlock(&mut tx, id).await?;
            "user_unlocked"
        }
        "reset-password" => {
            let pw = form.password.unwrap_or_default();
            match users::reset_password(&mut tx, id, &pw).await {
                Ok(()) => "password_reset",
                Err(StoreError::Invalid(_)) => {
                    return Err(AppError::bad_request("users.password_rule"));
                }
                Err(e) => return Err(e.into()),
            }
        }
        _ => return Err(AppError::not_found()),
    };
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/users?done={done}")).into_response())
}
