//! What the pages and the API list: a campaign's participations within the user's scope,
//! and one enterprise's whole story across campaigns.

use uplift_domain::permission::Permission;
use uplift_store::participations as stored;
use uplift_store::scope;

use super::{Event, Participation, visible};
use crate::enterprises::Enterprise;
use crate::{App, AppResult, CurrentUser, Page, PageRequest, require};

/// A participation with the enterprise it is about.
#[derive(Debug, Clone)]
pub struct Listed {
    pub participation: Participation,
    pub enterprise: Enterprise,
}

/// A campaign's participations the user may see, a page at a time: the province all, a
/// city its own, a body or unit those assigned to it, an enterprise contact its own.
pub async fn participations(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    page: PageRequest,
) -> AppResult<Page<Listed>> {
    require(user, Permission::ReadCampaigns)?;
    let c = visible(app, user, campaign_id).await?;
    let seen: Vec<Participation> = stored::for_campaign(app.store().db(), c.id, None)
        .await?
        .into_iter()
        .filter(|p| scope::holds_participation(user.scope(), p, &c.province_code))
        .collect();
    let total = seen.len() as u64;
    let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
    let per_page = usize::try_from(page.per_page).unwrap_or(usize::MAX);
    let shown: Vec<Participation> = seen.into_iter().skip(offset).take(per_page).collect();
    let ids: Vec<i64> = shown.iter().map(|p| p.enterprise_id).collect();
    let named = uplift_store::enterprises::by_ids(app.store(), &ids).await?;
    let items = shown
        .into_iter()
        .filter_map(|p| {
            let e = named.iter().find(|e| e.id == p.enterprise_id)?.clone();
            Some(Listed {
                participation: p,
                enterprise: e,
            })
        })
        .collect();
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// One participation, if the user may see it.
pub async fn participation(app: &App, user: &CurrentUser, id: i64) -> AppResult<Listed> {
    require(user, Permission::ReadCampaigns)?;
    let p = stored::get(app.store().db(), id).await?;
    let c = visible(app, user, p.campaign_id).await?;
    let p = super::in_scope(user, &c, p)?;
    let enterprise = uplift_store::enterprises::by_ids(app.store(), &[p.enterprise_id])
        .await?
        .pop()
        .ok_or(crate::Error::NotFound)?;
    Ok(Listed {
        participation: p,
        enterprise,
    })
}

/// One enterprise's story across campaigns (the enterprise page's timeline), for anyone
/// who may see the enterprise: its screening, application, recommendation, consent,
/// selection and assignment, each with who and when.
pub async fn timeline(app: &App, user: &CurrentUser, uscc: &str) -> AppResult<Vec<Event>> {
    require(user, Permission::ReadEnterprises)?;
    let e = uplift_store::enterprises::get_by_uscc(app.store(), user.scope(), uscc).await?;
    Ok(stored::events_for_enterprise(app.store().db(), e.id).await?)
}
