//! Server-rendered pages. Each feature module owns its handlers; this file owns the routes.

mod account;
mod applications;
mod apply;
mod audit_log;
mod campaigns;
mod consent;
mod dishonest;
mod enterprises;
mod export;
mod history;
mod home;
pub(crate) mod imports;
mod labels;
mod login;
mod organisations;
mod pager;
mod participations;
mod recommend;
mod recommendation;
mod rules;
mod second_factor;
mod selection;
mod sessions;
mod timeline;
pub(crate) mod todo;
mod users;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};

use uplift_domain::permission::Permission;

use crate::AppState;
use crate::gate::only;

/// A provincial directory of a few million rows is a few hundred megabytes.
pub(crate) const UPLOAD_LIMIT: usize = 1024 * 1024 * 1024;

pub fn router(state: &AppState) -> Router<AppState> {
    use Permission::*;
    let open = Router::new()
        .route("/", get(home::home))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/lang/{code}", get(login::switch_lang))
        .route("/account/sessions", get(sessions::list))
        .route("/account/sessions/{id}/end", post(sessions::end))
        .route(
            "/login/second-factor",
            get(second_factor::form).post(second_factor::submit),
        )
        .route(
            "/account/password",
            get(account::form).post(account::change),
        )
        .route("/healthz", get(healthz));
    let directory = Router::new()
        .route("/enterprises", get(enterprises::list))
        .route("/enterprises/{file}", get(enterprise_or_export));
    let accounts = Router::new()
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/{id}/{action}", post(users::action));
    let organisations = Router::new().route(
        "/admin/organisations",
        get(organisations::list).post(organisations::create),
    );
    let audit = Router::new()
        .route("/audit-log", get(audit_log::list))
        .route("/audit-log/export.xlsx", get(audit_log::export));
    let imports = Router::new()
        .route("/imports", get(imports::page))
        .route("/imports/template.xlsx", get(imports::template_xlsx))
        .route("/imports/template.csv", get(imports::template_csv))
        .route(
            "/imports/enterprises",
            post(imports::upload_enterprises).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/imports/dishonest",
            post(imports::upload_dishonest).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/imports/{id}", get(imports::job_page))
        .route("/imports/{id}/errors", get(imports::error_report))
        .route("/imports/{id}/rejected", get(imports::rejected_rows));
    let dishonest = Router::new().route("/dishonest", get(dishonest::list));
    let rules = Router::new().route("/screening/rules", get(rules::page).post(rules::save));
    let campaign_pages = Router::new()
        .merge(campaigns::router())
        .merge(recommend::router())
        .merge(recommendation::router())
        .merge(applications::router())
        .merge(consent::router())
        .merge(selection::router())
        .merge(participations::router());
    open.merge(only(directory, state, &[ReadEnterprises]))
        .merge(only(accounts, state, &[ManageAccounts]))
        .merge(only(organisations, state, &[ManageOrganisations]))
        .merge(only(audit, state, &[ReadAuditLog]))
        .merge(only(
            imports,
            state,
            &[ImportEnterprises, ImportDishonestList],
        ))
        .merge(only(dishonest, state, &[ReadDishonestList]))
        .merge(only(rules, state, &[EditEligibilityRules]))
        // The programme year. The public self-application form needs no account.
        .merge(only(campaign_pages, state, &[ReadCampaigns]))
        .merge(apply::router())
}

/// `/enterprises/export.csv` and `/enterprises/export.xlsx` share the path shape of
/// `/enterprises/{uscc}`; a credit code never contains a dot.
async fn enterprise_or_export(
    state: State<AppState>,
    auth: crate::context::Auth,
    path: axum::extract::Path<String>,
    query: axum::extract::Query<crate::filters::EnterpriseQuery>,
) -> crate::error::AppResult<axum::response::Response> {
    if path.0.contains('.') {
        export::export(state, auth, path, query).await
    } else {
        enterprises::detail(state, auth, path).await
    }
}

/// Liveness for load balancers: the database answers; no scoped data is read.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.app.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!("health check failed: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
