//! 遴选: the province selects up to its quota, ranked, keeps a waiting list, returns a
//! recommendation to its city with a reason, and assigns each selected enterprise a
//! certification body (认证牵头机构) and, where useful, a support unit. Withdrawing a
//! selected enterprise frees its place; the first on the waiting list is offered it.

use uplift_domain::permission::Permission;
use uplift_domain::role::OrganisationKind;
use uplift_domain::workflow::{Action, Facts, ParticipationState};
use uplift_store::entity::participation;
use uplift_store::organisations;
use uplift_store::participations::{self as stored, NewEvent};
use uplift_store::sea_orm::Set;

use super::{Campaign, Participation, counts, facts, in_scope, record, text, transition, visible};
use crate::{App, AppResult, CurrentUser, Error, Refusal, require};

/// The province's choice for one recommendation.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub uscc: String,
    pub certification_body_id: Option<i64>,
    pub support_unit_id: Option<i64>,
    /// When the quota is full, put it on the waiting list instead of refusing.
    pub waiting_list: bool,
}

/// Is the organisation confirmed for the campaign, and of the kind asked for?
async fn confirmed(
    app: &App,
    c: &Campaign,
    org: Option<i64>,
    kind: OrganisationKind,
) -> AppResult<bool> {
    let Some(id) = org else {
        return Ok(false);
    };
    if !c.organisations.contains(&id) {
        return Ok(false);
    }
    Ok(organisations::get(app.store(), id).await?.kind == kind.key())
}

async fn check_unit(app: &App, c: &Campaign, unit: Option<i64>) -> AppResult<()> {
    if unit.is_some() && !confirmed(app, c, unit, OrganisationKind::SupportUnit).await? {
        return Err(Refusal::Workflow(uplift_domain::workflow::Refusal::BodyNotConfirmed).into());
    }
    Ok(())
}

fn next_rank(all: &[Participation], rank: impl Fn(&Participation) -> Option<i32>) -> i32 {
    all.iter().filter_map(rank).max().unwrap_or(0) + 1
}

/// Select a submitted recommendation (or wait-list it when the quota is full and the
/// province asks for that).
pub async fn select(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    choice: &Selection,
) -> AppResult<Participation> {
    require(user, Permission::SelectEnterprises)?;
    let c = visible(app, user, campaign_id).await?;
    let enterprise =
        uplift_store::enterprises::get_by_uscc(app.store(), user.scope(), &choice.uscc).await?;
    let p = stored::find(app.store().db(), c.id, enterprise.id)
        .await?
        .ok_or(Error::NotFound)?;
    let p = in_scope(user, &c, p)?;
    check_unit(app, &c, choice.support_unit_id).await?;
    let body_confirmed = confirmed(
        app,
        &c,
        choice.certification_body_id,
        OrganisationKind::CertificationBody,
    )
    .await?;
    let mut tx = app.store().write(&user.actor()).await?;
    let from = stored::state_of(&p)?;
    let n = counts(&tx, &c, &p.city_code).await?;
    let facts = Facts {
        consent: stored::consent_of(&p)?,
        body_confirmed,
        ..facts(&c, &p.city_code, &n)
    };
    let full = n.selected_count >= c.settings.quota;
    let action = if full && choice.waiting_list {
        Action::Waitlist
    } else {
        Action::Select
    };
    let to = transition(Some(from), action, user, &facts)?
        .ok_or_else(|| Error::internal("selection leads to no state"))?;
    let all = stored::for_campaign(tx.conn(), c.id, None).await?;
    let before = [p.certification_body_id, p.support_unit_id];
    let mut active: participation::ActiveModel = p.into();
    active.state = Set(to.key().to_string());
    active.certification_body_id = Set(choice.certification_body_id);
    active.support_unit_id = Set(choice.support_unit_id);
    match action {
        Action::Waitlist => {
            active.waitlist_rank = Set(Some(next_rank(&all, |p| p.waitlist_rank)));
        }
        _ => {
            active.selection_rank = Set(Some(next_rank(&all, |p| p.selection_rank)));
            active.selected_at = Set(Some(crate::now()));
        }
    }
    let p = stored::save(&tx, active).await?;
    if action == Action::Select {
        stored::sync_assignments(
            &tx,
            p.enterprise_id,
            &before,
            &[p.certification_body_id, p.support_unit_id],
        )
        .await?;
    }
    record(&mut tx, &p, action, Some(from), Some(to), None).await?;
    tx.commit().await?;
    Ok(p)
}

async fn province_participation(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
) -> AppResult<(Campaign, Participation)> {
    require(user, Permission::SelectEnterprises)?;
    let c = visible(app, user, campaign_id).await?;
    let p = in_scope(user, &c, stored::get(app.store().db(), id).await?)?;
    Ok((c, p))
}

/// Promote a wait-listed enterprise into a free place, with its body (and unit).
pub async fn promote(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
    certification_body_id: Option<i64>,
    support_unit_id: Option<i64>,
) -> AppResult<Participation> {
    let (c, p) = province_participation(app, user, campaign_id, id).await?;
    let body = certification_body_id.or(p.certification_body_id);
    let unit = support_unit_id.or(p.support_unit_id);
    check_unit(app, &c, unit).await?;
    let body_confirmed = confirmed(app, &c, body, OrganisationKind::CertificationBody).await?;
    let mut tx = app.store().write(&user.actor()).await?;
    let from = stored::state_of(&p)?;
    let n = counts(&tx, &c, &p.city_code).await?;
    let facts = Facts {
        consent: stored::consent_of(&p)?,
        body_confirmed,
        ..facts(&c, &p.city_code, &n)
    };
    let to = transition(Some(from), Action::Promote, user, &facts)?
        .ok_or_else(|| Error::internal("promotion leads to no state"))?;
    let all = stored::for_campaign(tx.conn(), c.id, None).await?;
    let before = [p.certification_body_id, p.support_unit_id];
    let mut active: participation::ActiveModel = p.into();
    active.state = Set(to.key().to_string());
    active.certification_body_id = Set(body);
    active.support_unit_id = Set(unit);
    active.waitlist_rank = Set(None);
    active.selection_rank = Set(Some(next_rank(&all, |p| p.selection_rank)));
    active.selected_at = Set(Some(crate::now()));
    let p = stored::save(&tx, active).await?;
    stored::sync_assignments(&tx, p.enterprise_id, &before, &[body, unit]).await?;
    record(&mut tx, &p, Action::Promote, Some(from), Some(to), None).await?;
    tx.commit().await?;
    Ok(p)
}

/// Return a submitted recommendation to its city, saying why; the city may recommend a
/// replacement.
pub async fn return_to_city(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
    reason: Option<String>,
) -> AppResult<Participation> {
    let (c, p) = province_participation(app, user, campaign_id, id).await?;
    let reason = text(&reason, 2000);
    let mut tx = app.store().write(&user.actor()).await?;
    let from = stored::state_of(&p)?;
    let n = counts(&tx, &c, &p.city_code).await?;
    let facts = Facts {
        reason: reason.as_deref(),
        ..facts(&c, &p.city_code, &n)
    };
    let to = transition(Some(from), Action::Return, user, &facts)?
        .ok_or_else(|| Error::internal("a return leads to no state"))?;
    let mut active: participation::ActiveModel = p.into();
    active.state = Set(to.key().to_string());
    active.state_reason = Set(reason.clone());
    let p = stored::save(&tx, active).await?;
    record(&mut tx, &p, Action::Return, Some(from), Some(to), reason).await?;
    tx.commit().await?;
    Ok(p)
}

/// Change the body or unit of a selected enterprise (a body among those confirmed).
pub async fn assign(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
    certification_body_id: Option<i64>,
    support_unit_id: Option<i64>,
) -> AppResult<Participation> {
    let (c, p) = province_participation(app, user, campaign_id, id).await?;
    c.status().admits_actions().map_err(Refusal::Workflow)?;
    if !stored::state_of(&p)?.holds_quota_place() {
        return Err(Error::NotFound);
    }
    if !confirmed(
        app,
        &c,
        certification_body_id,
        OrganisationKind::CertificationBody,
    )
    .await?
    {
        return Err(Refusal::Workflow(uplift_domain::workflow::Refusal::BodyNotConfirmed).into());
    }
    check_unit(app, &c, support_unit_id).await?;
    let mut tx = app.store().write(&user.actor()).await?;
    let before = [p.certification_body_id, p.support_unit_id];
    let mut active: participation::ActiveModel = p.into();
    active.certification_body_id = Set(certification_body_id);
    active.support_unit_id = Set(support_unit_id);
    let p = stored::save(&tx, active).await?;
    stored::sync_assignments(
        &tx,
        p.enterprise_id,
        &before,
        &[certification_body_id, support_unit_id],
    )
    .await?;
    stored::record(
        &tx,
        NewEvent {
            campaign_id: c.id,
            participation_id: Some(p.id),
            enterprise_id: Some(p.enterprise_id),
            action: "assign".into(),
            note: Some(format!(
                "{}{}",
                certification_body_id
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                support_unit_id
                    .map(|u| format!(" / {u}"))
                    .unwrap_or_default()
            )),
            ..NewEvent::default()
        },
    )
    .await?;
    tx.audit(
        "participation.assign",
        &format!("participation:{}", p.id),
        &format!("body {certification_body_id:?}, support unit {support_unit_id:?}"),
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}

/// Withdraw a participation (the province, or the enterprise itself), saying why. When it
/// held a place, the first on the waiting list is returned: the place is theirs to offer.
pub async fn withdraw(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
    reason: Option<String>,
) -> AppResult<Option<Participation>> {
    // The parties the workflow lets leave (workflow::table LEAVERS); anyone else is told
    // the participation does not exist, as for every act outside one's reach.
    require(user, Permission::SelectEnterprises)
        .or_else(|_| require(user, Permission::GiveConsent))?;
    let c = visible(app, user, campaign_id).await?;
    let p = in_scope(user, &c, stored::get(app.store().db(), id).await?)?;
    let reason = text(&reason, 2000);
    let mut tx = app.store().write(&user.actor()).await?;
    let from = stored::state_of(&p)?;
    let n = counts(&tx, &c, &p.city_code).await?;
    let facts = Facts {
        reason: reason.as_deref(),
        ..facts(&c, &p.city_code, &n)
    };
    let to = transition(Some(from), Action::Withdraw, user, &facts)?;
    let mut active: participation::ActiveModel = p.into();
    active.state = Set(to.map_or("withdrawn", |s| s.key()).to_string());
    active.state_reason = Set(reason.clone());
    let p = stored::save(&tx, active).await?;
    record(&mut tx, &p, Action::Withdraw, Some(from), to, reason).await?;
    let next = if from.holds_quota_place() {
        stored::for_campaign(tx.conn(), c.id, None)
            .await?
            .into_iter()
            .filter(|w| w.state == ParticipationState::Waitlisted.key())
            .min_by_key(|w| w.waitlist_rank.unwrap_or(i32::MAX))
    } else {
        None
    };
    tx.commit().await?;
    Ok(next)
}
