//! Organisations: the system administrator's page.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uplift_app::CurrentUser;
use uplift_app::accounts::{self, NewOrganisation};
use uplift_domain::division::DivisionCode;
use uplift_domain::lang::Localized;
use uplift_domain::role::OrganisationKind;

use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::t_dyn;
use crate::render::{Frame, render};

pub struct OrgRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// The jurisdiction by name (长沙市芙蓉区); its code for the tooltip.
    pub division: String,
    pub division_code: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct OrgForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    division_code: String,
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrgsPage {
    frame: Frame,
    rows: Vec<OrgRow>,
    kinds: Vec<(String, String)>,
    form: OrgForm,
    form_error: Option<String>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    form: OrgForm,
    form_error: Option<String>,
) -> AppResult<OrgsPage> {
    let lang = ctx.lang;
    let rows = accounts::organisations(&state.app, user)
        .await?
        .into_iter()
        .map(|o| OrgRow {
            id: o.id,
            kind: OrganisationKind::from_key(&o.kind)
                .map(|k| k.name(lang).to_string())
                .unwrap_or(o.kind),
            name: o.name,
            division: o
                .division_code
                .as_deref()
                .map(|code| super::enterprises::city_label(lang, code))
                .unwrap_or_default(),
            division_code: o.division_code.unwrap_or_default(),
        })
        .collect();
    Ok(OrgsPage {
        frame: Frame::new(ctx, "organisations.title", "/admin/organisations"),
        rows,
        kinds: OrganisationKind::ALL
            .iter()
            .map(|k| (k.key().to_string(), k.name(lang).to_string()))
            .collect(),
        form,
        form_error,
    })
}

pub async fn list(State(state): State<AppState>, auth: Auth) -> AppResult<Response> {
    let out = page(&state, &auth.ctx, &auth.user, OrgForm::default(), None).await?;
    Ok(render(&out)?.into_response())
}

pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<OrgForm>,
) -> AppResult<Response> {
    let lang = auth.ctx.lang;
    let fail = |msg: String, form: OrgForm| {
        let state = state.clone();
        let ctx = auth.ctx.clone();
        let user = auth.user.clone();
        async move {
            let out = page(&state, &ctx, &user, form, Some(msg)).await?;
            Ok::<Response, AppError>(
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&out)?).into_response(),
            )
        }
    };
    let Some(kind) = OrganisationKind::from_key(&form.kind) else {
        return fail(t_dyn(lang, "organisation.kind_required"), form).await;
    };
    let division = match form.division_code.trim() {
        "" => None,
        code => match DivisionCode::parse(code) {
            Ok(d) => Some(d),
            Err(e) => return fail(e.message(lang), form).await,
        },
    };
    let new = NewOrganisation {
        kind,
        name: form.name.clone(),
        name_en: None,
        division_code: division,
    };
    match accounts::create_organisation(&state.app, &auth.user, new)
        .await
        .map_err(AppError::from)
    {
        Ok(_) => Ok(Redirect::to("/admin/organisations?done=organisation_created").into_response()),
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => fail(crate::i18n::refusal(lang, &r), form).await,
        Err(e) => Err(e),
    }
}
