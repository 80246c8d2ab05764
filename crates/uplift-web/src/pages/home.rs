//! The home page: what each role needs first.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use uplift_app::CurrentUser;
use uplift_app::enterprises::{self, EnterpriseFilter};
use uplift_domain::permission::Permission;
use uplift_domain::role::Scope;

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::render::{Frame, render, thousands};

pub struct CityRow {
    pub code: String,
    pub name: String,
    pub count: String,
    /// Enterprises of the city the screening finds eligible.
    pub eligible: String,
    pub percent: u64,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    frame: Frame,
    total: Option<String>,
    total_label: &'static str,
    /// Of those, the enterprises the screening finds eligible: the number the
    /// programme's first step is after (摸清 … 小微企业基本情况).
    eligible: Option<String>,
    by_city: Vec<CityRow>,
    links: Vec<(String, &'static str)>,
    note: Option<&'static str>,
    /// 待办: what waits on the user, deadlines first (`templates/todo.html`).
    todos: Vec<super::todo::TodoRow>,
    /// Say "nothing waits" to the roles that have campaign work.
    show_todo_empty: bool,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let Some(user) = ctx.user.clone() else {
        return Ok(Redirect::to("/login").into_response());
    };
    if user.must_change_password() {
        return Ok(Redirect::to("/account/password").into_response());
    }
    let mut page = HomePage {
        frame: Frame::new(&ctx, "home.title", "/"),
        total: None,
        total_label: "home.enterprises_in_scope",
        eligible: None,
        by_city: Vec::new(),
        links: Vec::new(),
        note: None,
        todos: super::todo::rows(&state, &user, ctx.lang).await?,
        show_todo_empty: user
            .role()
            .may(uplift_domain::permission::Permission::ReadCampaigns),
    };
    let role = user.role();
    if role.may(Permission::ManageAccounts) {
        page.links = vec![
            ("/admin/users".into(), "nav.users"),
            ("/admin/organisations".into(), "nav.organisations"),
        ];
        page.note = Some("home.note_sysadmin");
    } else if role.may(Permission::ReadAuditLog) {
        page.links = vec![("/audit-log".into(), "nav.audit_log")];
        page.note = Some("home.note_auditadmin");
    } else if let Scope::Enterprise(_) = user.scope() {
        if let Some(own) = enterprises::own(&state.app, &user).await? {
            page.links = vec![(format!("/enterprises/{}", own.uscc), "home.own_record")];
        }
    } else if role.may(Permission::ReadEnterprises) {
        let total = enterprises::count(&state.app, &user, &EnterpriseFilter::default()).await?;
        page.total = Some(thousands(total));
        let eligible = eligible_count(&state, &user, None).await?;
        page.eligible = Some(thousands(eligible));
        if matches!(user.scope(), Scope::Province(_)) {
            let counts = enterprises::count_by_city(&state.app, &user).await?;
            let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
            let mut rows = Vec::with_capacity(counts.len());
            for (code, n) in counts {
                let eligible = eligible_count(&state, &user, Some(&code)).await?;
                rows.push(CityRow {
                    name: super::enterprises::prefecture_name(ctx.lang, &code)
                        .map(str::to_string)
                        .unwrap_or_else(|| code.clone()),
                    code,
                    count: thousands(n),
                    eligible: thousands(eligible),
                    percent: n * 100 / max,
                });
            }
            page.by_city = rows;
        }
        page.links = vec![("/enterprises".into(), "nav.enterprises")];
        if matches!(user.scope(), Scope::Nothing) {
            // An expert before any assignment exists.
            page.note = Some("home.note_expert");
        }
    }
    Ok(render(&page)?.into_response())
}

/// Eligible enterprises in the scope, or in one of its cities: the count of the very list
/// the number links to.
async fn eligible_count(
    state: &AppState,
    user: &CurrentUser,
    city: Option<&str>,
) -> AppResult<u64> {
    let filter = EnterpriseFilter {
        prefecture: city.map(str::to_string),
        eligible: Some(true),
        ..Default::default()
    };
    Ok(enterprises::count(&state.app, user, &filter).await?)
}
