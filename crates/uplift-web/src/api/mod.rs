//! The JSON API under `/api/v1`, documented at `/api/openapi.json`. Clients authenticate
//! with a bearer token from `POST /api/v1/tokens` and are scoped exactly like the user.

mod campaigns;
mod enterprises;
mod imports;
mod tokens;
mod tools;

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;
use crate::gate::only;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "uplift API",
        description = "小微企业质量管理体系认证提升行动服务平台 — JSON API. Every call is scoped to the caller's jurisdiction or assignment; records outside it answer 404.",
        version = "1"
    ),
    paths(
        tokens::create,
        tokens::revoke,
        tokens::list,
        tokens::end,
        tokens::me,
        enterprises::list,
        enterprises::get_one,
        campaigns::list,
        campaigns::create,
        campaigns::open,
        campaigns::close,
        campaigns::candidates,
        campaigns::recommend,
        campaigns::withdraw_recommendation,
        campaigns::submit,
        campaigns::consent,
        campaigns::select,
        campaigns::participations,
        imports::enterprises,
        imports::dishonest,
        imports::get_one,
        imports::errors,
        tools::uscc,
        tools::sme,
    ),
    components(schemas(
        tokens::TokenRequest,
        tokens::TokenResponse,
        tokens::Me,
        tokens::TokenItem,
        tokens::TokenList,
        enterprises::EnterpriseItem,
        enterprises::EnterprisePage,
        imports::ImportJob,
        campaigns::CampaignItem,
        campaigns::CampaignList,
        campaigns::NewCampaign,
        campaigns::CandidateItem,
        campaigns::CandidatePage,
        campaigns::NewRecommendation,
        campaigns::ParticipationItem,
        campaigns::ParticipationPage,
        campaigns::Submitted,
        campaigns::ConsentRequest,
        campaigns::SelectionRequest,
        crate::tools::UsccReport,
        crate::tools::SmeReport,
        crate::tools::SmeRefusal,
        ApiErrorBody,
        ApiErrorDetail,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Tokens"),
        (name = "enterprises", description = "The enterprise directory (scoped)"),
        (name = "campaigns", description = "The programme year: campaigns, recommendations, consent, selection"),
        (name = "imports", description = "Loading a directory or the dishonest list, as the upload page does"),
        (name = "tools", description = "The programme's rules as tools"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The shape of every API error.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiErrorDetail {
    /// `not_found`, `unauthenticated`, `bad_request`, `cross_site_request`,
    /// `password_change_required`, `internal`, or a refusal's own code (422), e.g.
    /// `empty_file`, `password_rule`.
    pub code: String,
    /// In the caller's language (zh-CN unless the `uplift_lang` cookie says en).
    pub message: String,
    /// Quote this to the platform's support; it is in the server log.
    pub operation_id: String,
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn router(state: &AppState) -> Router<AppState> {
    use uplift_domain::permission::Permission::*;
    let open = Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/v1/tokens", post(tokens::create).get(tokens::list))
        .route("/v1/tokens/{id}", delete(tokens::end))
        .route("/v1/tokens/current", delete(tokens::revoke))
        .route("/v1/me", get(tokens::me))
        .route("/v1/tools/uscc", get(tools::uscc))
        .route("/v1/tools/sme", get(tools::sme));
    let directory = Router::new()
        .route("/v1/enterprises", get(enterprises::list))
        .route("/v1/enterprises/{uscc}", get(enterprises::get_one));
    let imports = Router::new()
        .route(
            "/v1/imports/enterprises",
            post(imports::enterprises).layer(DefaultBodyLimit::max(crate::pages::UPLOAD_LIMIT)),
        )
        .route(
            "/v1/imports/dishonest",
            post(imports::dishonest).layer(DefaultBodyLimit::max(crate::pages::UPLOAD_LIMIT)),
        )
        .route("/v1/imports/{id}", get(imports::get_one))
        .route("/v1/imports/{id}/errors", get(imports::errors));
    // The use cases check each act's own permission; the gate answers 404 first to a role
    // with no part in the programme year at all.
    let campaigns = Router::new()
        .route(
            "/v1/campaigns",
            get(campaigns::list).post(campaigns::create),
        )
        .route("/v1/campaigns/{id}/open", post(campaigns::open))
        .route("/v1/campaigns/{id}/close", post(campaigns::close))
        .route("/v1/campaigns/{id}/candidates", get(campaigns::candidates))
        .route(
            "/v1/campaigns/{id}/recommendations",
            post(campaigns::recommend),
        )
        .route(
            "/v1/recommendations/{id}",
            delete(campaigns::withdraw_recommendation),
        )
        .route("/v1/campaigns/{id}/submit", post(campaigns::submit))
        .route("/v1/campaigns/{id}/consent", post(campaigns::consent))
        .route("/v1/campaigns/{id}/selections", post(campaigns::select))
        .route(
            "/v1/campaigns/{id}/participations",
            get(campaigns::participations),
        );
    open.merge(only(directory, state, &[ReadEnterprises]))
        .merge(only(
            imports,
            state,
            &[ImportEnterprises, ImportDishonestList],
        ))
        .merge(only(
            campaigns,
            state,
            &[
                ReadCampaigns,
                ManageCampaigns,
                Recommend,
                SelectEnterprises,
                GiveConsent,
            ],
        ))
        .fallback(|| async { crate::error::AppError::not_found() })
}
