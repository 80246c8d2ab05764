//! A closed campaign's candidates: the enterprises its frozen verdicts found eligible.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uplift_domain::role::Scope;

use super::{Enterprise, EnterpriseFilter};
use crate::entity::{enterprise, screening};
use crate::{Page, PageRequest, Store, StoreResult, scope};

pub async fn frozen_candidates(
    store: &Store,
    scope: &Scope,
    campaign_id: i64,
    filter: &EnterpriseFilter,
    page: PageRequest,
) -> StoreResult<Page<Enterprise>> {
    let eligible_then = Query::select()
        .column(screening::Column::EnterpriseId)
        .from(screening::Entity)
        .and_where(Expr::col(screening::Column::CampaignId).eq(campaign_id))
        .and_where(Expr::col(screening::Column::Eligible).eq(true))
        .to_owned();
    let filter = EnterpriseFilter {
        // The verdict asked for is the frozen one, not today's.
        eligible: None,
        failed_rule: None,
        ..filter.clone()
    };
    let query = enterprise::Entity::find()
        .filter(scope::condition(scope))
        .filter(filter.condition())
        .filter(enterprise::Column::Id.in_subquery(eligible_then));
    let total = query.clone().count(store.db()).await?;
    let items = query
        .order_by_asc(enterprise::Column::Id)
        .paginate(store.db(), page.per_page)
        .fetch_page(page.page.saturating_sub(1))
        .await?
        .into_iter()
        .map(|m| Enterprise {
            eligible: Some(true),
            failed_rules: Some(String::new()),
            ..Enterprise::from(m)
        })
        .collect();
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}
