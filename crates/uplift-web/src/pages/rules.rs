//! The eligibility rules (遴选条件) as the province sets them; saving re-screens.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use uplift_app::imports::Job;
use uplift_app::screening;
use uplift_domain::eligibility::EligibilityRules;
use uplift_domain::money::Money;
use uplift_domain::sme::SizeClass;

use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::AppResult;
use crate::i18n::t;
use crate::render::{Frame, render, thousands};

/// A re-screening as the rules page lists it.
pub struct RescreenRow {
    pub at: String,
    pub status: &'static str,
    pub badge: &'static str,
    pub note: Option<String>,
    pub screened: String,
    pub changed: String,
}

fn rescreen_row(ctx: &Ctx, job: &Job) -> RescreenRow {
    let (status, badge) = super::imports::status_label(ctx, job.status);
    RescreenRow {
        at: crate::render::minute(job.created_at),
        status,
        badge,
        note: super::imports::note_text(ctx, job),
        screened: thousands(job.counts.read),
        changed: thousands(job.counts.updated),
    }
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    frame: Frame,
    sizes: Vec<(String, String, bool)>,
    min_main_revenue: String,
    require_operating: bool,
    exclude_dishonest: bool,
    require_contact: bool,
    form_error: Option<String>,
    rescreens: Vec<RescreenRow>,
}

fn page_for(
    ctx: &Ctx,
    rules: &EligibilityRules,
    min_text: String,
    form_error: Option<String>,
    rescreens: &[Job],
) -> RulesPage {
    RulesPage {
        frame: Frame::new(ctx, "rules.title", "/screening/rules"),
        sizes: SizeClass::ALL
            .iter()
            .map(|s| {
                (
                    s.key().to_string(),
                    s.name(ctx.lang).to_string(),
                    rules.size_classes.contains(s),
                )
            })
            .collect(),
        min_main_revenue: min_text,
        require_operating: rules.require_operating,
        exclude_dishonest: rules.exclude_dishonest,
        require_contact: rules.require_contact,
        form_error,
        rescreens: rescreens.iter().map(|j| rescreen_row(ctx, j)).collect(),
    }
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> AppResult<Response> {
    let rules = screening::rules(&state.app, &auth.user).await?;
    let rescreens = screening::recent_rescreens(&state.app, &auth.user).await?;
    let min = rules
        .min_main_revenue
        .map(Money::to_wan_string)
        .unwrap_or_default();
    Ok(render(&page_for(&auth.ctx, &rules, min, None, &rescreens))?.into_response())
}

pub async fn save(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let on = |k: &str| form.get(k).is_some_and(|v| v == "on");
    let min_text = form.get("min_main_revenue").cloned().unwrap_or_default();
    // The form does not offer the earlier-selection setting yet: keep what is stored.
    let selected_before = screening::rules(&state.app, &auth.user)
        .await?
        .selected_before;
    let mut rules = EligibilityRules {
        size_classes: SizeClass::ALL
            .into_iter()
            .filter(|s| on(&format!("size_{}", s.key())))
            .collect(),
        min_main_revenue: None,
        require_operating: on("require_operating"),
        exclude_dishonest: on("exclude_dishonest"),
        require_contact: on("require_contact"),
        selected_before,
    };
    if !min_text.trim().is_empty() {
        match Money::parse_wan(&min_text) {
            Ok(m) => rules.min_main_revenue = Some(m),
            Err(_) => {
                let msg = t(auth.ctx.lang, "rules.invalid_revenue").to_string();
                let rescreens = screening::recent_rescreens(&state.app, &auth.user).await?;
                let out = page_for(&auth.ctx, &rules, min_text, Some(msg), &rescreens);
                return Ok(
                    (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&out)?).into_response(),
                );
            }
        }
    }
    // Re-screening a province takes a while: a job in the background, shown below.
    screening::save_rules(&state.app, &auth.user, &rules).await?;
    Ok(Redirect::to("/screening/rules?done=rules_saved").into_response())
}
