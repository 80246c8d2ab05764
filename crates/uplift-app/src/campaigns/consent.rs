//! 企业承诺 / 确认参与: the enterprise's contact confirms that management commits people and
//! time, or declines with a reason. The province selects only confirmed enterprises.

use uplift_domain::permission::Permission;
use uplift_domain::role::Scope;
use uplift_domain::workflow::{Consent, ParticipationState};
use uplift_store::entity::participation;
use uplift_store::participations::{self as stored, NewEvent};
use uplift_store::sea_orm::Set;

use super::{Participation, text, visible};
use crate::{App, AppResult, CurrentUser, Error, Refusal, require};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentDecision {
    /// Confirm, naming the person in charge who commits the resources.
    Confirm { person_in_charge: Option<String> },
    /// Decline, saying why.
    Decline { reason: Option<String> },
}

/// The enterprise contact's decision for its own enterprise in a campaign. Possible while
/// the participation waits for the province's decision or is selected.
pub async fn consent(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    decision: &ConsentDecision,
) -> AppResult<Participation> {
    require(user, Permission::GiveConsent)?;
    let Scope::Enterprise(enterprise_id) = user.scope() else {
        return Err(Error::NotFound);
    };
    let c = visible(app, user, campaign_id).await?;
    c.status().admits_actions().map_err(Refusal::Workflow)?;
    let mut tx = app.store().write(&user.actor()).await?;
    let p = stored::find(tx.conn(), c.id, *enterprise_id)
        .await?
        .ok_or(Error::NotFound)?;
    let state = stored::state_of(&p)?;
    if !matches!(
        state,
        ParticipationState::Recommended
            | ParticipationState::Submitted
            | ParticipationState::Waitlisted
            | ParticipationState::Selected
    ) {
        return Err(
            Refusal::Workflow(uplift_domain::workflow::Refusal::NotFromThisState {
                from: Some(state),
                action: uplift_domain::workflow::Action::Edit,
            })
            .into(),
        );
    }
    let (consent, person, reason) = match decision {
        ConsentDecision::Confirm { person_in_charge } => (
            Consent::Confirmed,
            Some(text(person_in_charge, 50).ok_or(Refusal::FieldRequired)?),
            None,
        ),
        ConsentDecision::Decline { reason } => (
            Consent::Declined,
            None,
            Some(text(reason, 2000).ok_or(Refusal::Workflow(
                uplift_domain::workflow::Refusal::ReasonMissing,
            ))?),
        ),
    };
    let mut active: participation::ActiveModel = p.into();
    active.consent = Set(consent.key().to_string());
    active.consent_person = Set(person.clone());
    active.consent_reason = Set(reason.clone());
    active.consent_at = Set(Some(crate::now()));
    let p = stored::save(&tx, active).await?;
    stored::record(
        &tx,
        NewEvent {
            campaign_id: c.id,
            participation_id: Some(p.id),
            enterprise_id: Some(p.enterprise_id),
            action: format!("consent.{}", consent.key()),
            note: person.or(reason),
            ..NewEvent::default()
        },
    )
    .await?;
    tx.audit(
        &format!("participation.consent.{}", consent.key()),
        &format!("participation:{}", p.id),
        &format!("campaign {} enterprise {}", c.id, p.enterprise_id),
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}
