//! A city recommends enterprises of its own division (推荐), fills in the recommendation
//! form (推荐表), edits or withdraws it until it submits its list, and submits the list
//! when it holds between its minimum and maximum. A submission after the deadline is
//! accepted and marked late (23:59:59 China Standard Time on the deadline is on time).

use uplift_domain::campaign::is_late;
use uplift_domain::permission::Permission;
use uplift_domain::workflow::{Action, Consent, ParticipationState};
use uplift_store::entity::participation;
use uplift_store::participations as stored;
use uplift_store::sea_orm::Set;

use super::{Participation, city_of, counts, facts, in_scope, record, text, transition, visible};
use crate::{App, AppResult, CurrentUser, Error, Refusal, require};

/// The 推荐表 as the city fills it in.
#[derive(Debug, Clone, Default)]
pub struct RecommendationForm {
    /// 推荐理由.
    pub reason: Option<String>,
    /// 本地优势产业链.
    pub industry_chain: Option<String>,
    /// The enterprise's designated contact person and phone.
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// Management's commitment: who is in charge, and the resources committed.
    pub commitment_person: Option<String>,
    pub commitment_people: Option<String>,
    pub commitment_time: Option<String>,
    pub commitment_arrangements: Option<String>,
    pub commitment_equipment: Option<String>,
    /// Why an enterprise the screening finds ineligible is recommended all the same.
    pub justification: Option<String>,
}

const LONG: usize = 2000;
const SHORT: usize = 100;

fn fill(p: &mut participation::ActiveModel, form: &RecommendationForm) {
    p.reason = Set(text(&form.reason, LONG));
    p.industry_chain = Set(text(&form.industry_chain, SHORT * 2));
    p.contact_name = Set(text(&form.contact_name, SHORT / 2));
    p.contact_phone = Set(text(&form.contact_phone, 30));
    p.commitment_person = Set(text(&form.commitment_person, SHORT / 2));
    p.commitment_people = Set(text(&form.commitment_people, LONG));
    p.commitment_time = Set(text(&form.commitment_time, LONG));
    p.commitment_arrangements = Set(text(&form.commitment_arrangements, LONG));
    p.commitment_equipment = Set(text(&form.commitment_equipment, LONG));
    p.justification = Set(text(&form.justification, LONG));
}

/// Recommend an enterprise of the city's own division. Outside the division: `NotFound`.
pub async fn recommend(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    uscc: &str,
    form: &RecommendationForm,
) -> AppResult<Participation> {
    require(user, Permission::Recommend)?;
    let city = city_of(user)?;
    let c = visible(app, user, campaign_id).await?;
    let enterprise =
        uplift_store::enterprises::get_by_uscc(app.store(), user.scope(), uscc).await?;
    if text(&form.reason, LONG).is_none() {
        return Err(Refusal::FieldRequired.into());
    }
    let mut tx = app.store().write(&user.actor()).await?;
    if stored::find(tx.conn(), c.id, enterprise.id)
        .await?
        .is_some()
    {
        return Err(Refusal::AlreadyInCampaign.into());
    }
    let n = counts(&tx, &c, &city).await?;
    let eligible = enterprise.eligible == Some(true);
    let justification = text(&form.justification, LONG);
    let facts = uplift_domain::workflow::Facts {
        eligible,
        reason: justification.as_deref(),
        ..facts(&c, &city, &n)
    };
    let to = transition(None, Action::Recommend, user, &facts)?
        .ok_or_else(|| Error::internal("a recommendation leads to no state"))?;
    let at = crate::now();
    let failed: Vec<&str> = enterprise.failed().iter().map(|r| r.key()).collect();
    let mut active = participation::ActiveModel {
        campaign_id: Set(c.id),
        enterprise_id: Set(enterprise.id),
        city_code: Set(city.clone()),
        state: Set(to.key().to_string()),
        origin: Set("recommended".into()),
        application_id: Set(None),
        city_rank: Set(Some(i32::try_from(n.city_count + 1).unwrap_or(i32::MAX))),
        verdict_eligible: Set(enterprise.eligible),
        verdict_failed: Set(Some(
            serde_json::to_string(&failed).map_err(Error::internal)?,
        )),
        consent: Set(Consent::Pending.key().to_string()),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    };
    fill(&mut active, form);
    if active.contact_name.as_ref().is_none() {
        active.contact_name = Set(enterprise.contact_name.clone());
    }
    if active.contact_phone.as_ref().is_none() {
        active.contact_phone = Set(enterprise.contact_phone.clone());
    }
    let p = stored::insert(&tx, active).await?;
    record(
        &mut tx,
        &p,
        Action::Recommend,
        None,
        Some(to),
        justification,
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}

/// The city's own participation, with its campaign.
async fn own(
    app: &App,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(super::Campaign, String, Participation)> {
    require(user, Permission::Recommend)?;
    let city = city_of(user)?;
    let p = stored::get(app.store().db(), id).await?;
    let c = visible(app, user, p.campaign_id).await?;
    let p = in_scope(user, &c, p)?;
    Ok((c, city, p))
}

/// Change the 推荐表 before the list is submitted.
pub async fn edit(
    app: &App,
    user: &CurrentUser,
    id: i64,
    form: &RecommendationForm,
) -> AppResult<Participation> {
    let (c, city, p) = own(app, user, id).await?;
    if text(&form.reason, LONG).is_none() {
        return Err(Refusal::FieldRequired.into());
    }
    let mut tx = app.store().write(&user.actor()).await?;
    let from = stored::state_of(&p)?;
    let n = counts(&tx, &c, &city).await?;
    let justification = text(&form.justification, LONG);
    let facts = uplift_domain::workflow::Facts {
        eligible: p.verdict_eligible == Some(true),
        reason: justification.as_deref(),
        ..facts(&c, &city, &n)
    };
    let to = transition(Some(from), Action::Edit, user, &facts)?;
    let mut active: participation::ActiveModel = p.into();
    fill(&mut active, form);
    let p = stored::save(&tx, active).await?;
    record(&mut tx, &p, Action::Edit, Some(from), to, None).await?;
    tx.commit().await?;
    Ok(p)
}

/// Withdraw a recommendation before the list is submitted: it goes, and the city may
/// recommend the enterprise again.
pub async fn withdraw_recommendation(app: &App, user: &CurrentUser, id: i64) -> AppResult<()> {
    let (c, city, p) = own(app, user, id).await?;
    let mut tx = app.store().write(&user.actor()).await?;
    let from = stored::state_of(&p)?;
    let n = counts(&tx, &c, &city).await?;
    let to = transition(
        Some(from),
        Action::WithdrawRecommendation,
        user,
        &facts(&c, &city, &n),
    )?;
    record(
        &mut tx,
        &p,
        Action::WithdrawRecommendation,
        Some(from),
        to,
        None,
    )
    .await?;
    stored::delete(&tx, p.id).await?;
    tx.commit().await?;
    Ok(())
}

/// Submit the city's list: every recommendation not yet submitted moves on, when the
/// list holds between the city's minimum and maximum. Returns whether it was late.
pub async fn submit(app: &App, user: &CurrentUser, campaign_id: i64) -> AppResult<bool> {
    require(user, Permission::Recommend)?;
    let city = city_of(user)?;
    let c = visible(app, user, campaign_id).await?;
    let mut tx = app.store().write(&user.actor()).await?;
    let n = counts(&tx, &c, &city).await?;
    let drafts: Vec<Participation> = stored::for_campaign(tx.conn(), c.id, Some(&city))
        .await?
        .into_iter()
        .filter(|p| p.state == ParticipationState::Recommended.key())
        .collect();
    let facts = facts(&c, &city, &n);
    if drafts.is_empty() {
        // Nothing new to send: the domain says why (closed campaign, list out of range).
        c.status().admits_actions().map_err(Refusal::Workflow)?;
        uplift_domain::campaign::may_submit(n.city_count, facts.city_range)
            .map_err(Refusal::Workflow)?;
        return Err(
            Refusal::Workflow(uplift_domain::workflow::Refusal::NotFromThisState {
                from: Some(ParticipationState::Submitted),
                action: Action::SubmitList,
            })
            .into(),
        );
    }
    let late = c
        .settings
        .recommendation_deadline
        .is_some_and(|deadline| is_late(deadline, crate::now()));
    for p in drafts {
        let to = transition(
            Some(ParticipationState::Recommended),
            Action::SubmitList,
            user,
            &facts,
        )?
        .ok_or_else(|| Error::internal("submitting leads to no state"))?;
        let mut active: participation::ActiveModel = p.into();
        active.state = Set(to.key().to_string());
        let p = stored::save(&tx, active).await?;
        let note = late.then(|| "late".to_string());
        record(
            &mut tx,
            &p,
            Action::SubmitList,
            Some(ParticipationState::Recommended),
            Some(to),
            note,
        )
        .await?;
    }
    stored::record_submission(&tx, c.id, &city, late).await?;
    tx.commit().await?;
    Ok(late)
}
