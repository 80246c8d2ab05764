//! 企业申报: enterprises applying on their own through the public form. An application
//! lands with its city, which adopts it as a recommendation or declines it with a reason;
//! the applicant follows it with its reference number and credit code.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::audit::WriteTx;
use crate::entity::application;
use crate::{StoreError, StoreResult, now};

pub use crate::entity::application::Model as Application;

pub const PENDING: &str = "pending";
pub const ADOPTED: &str = "adopted";
pub const DECLINED: &str = "declined";

pub async fn insert(tx: &WriteTx, a: application::ActiveModel) -> StoreResult<Application> {
    Ok(a.insert(tx.conn()).await?)
}

pub async fn get<C: ConnectionTrait>(conn: &C, id: i64) -> StoreResult<Application> {
    application::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// By reference number and credit code together: either alone tells nothing.
pub async fn by_reference<C: ConnectionTrait>(
    conn: &C,
    reference: &str,
    uscc: &str,
) -> StoreResult<Option<Application>> {
    Ok(application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .filter(application::Column::Uscc.eq(uscc))
        .one(conn)
        .await?)
}

/// A campaign's applications with a city (only pending ones, if asked), oldest first.
pub async fn for_city<C: ConnectionTrait>(
    conn: &C,
    campaign_id: i64,
    city: Option<&str>,
    pending_only: bool,
) -> StoreResult<Vec<Application>> {
    let mut query =
        application::Entity::find().filter(application::Column::CampaignId.eq(campaign_id));
    if let Some(city) = city {
        query = query.filter(application::Column::CityCode.eq(city));
    }
    if pending_only {
        query = query.filter(application::Column::Status.eq(PENDING));
    }
    Ok(query
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?)
}

/// Record the city's decision.
pub async fn decide(
    tx: &WriteTx,
    a: Application,
    status: &str,
    reason: Option<String>,
) -> StoreResult<Application> {
    let mut active: application::ActiveModel = a.into();
    active.status = Set(status.to_string());
    active.decision_reason = Set(reason);
    active.decided_at = Set(Some(now()));
    Ok(active.update(tx.conn()).await?)
}

/// Every application made with this credit code, in every campaign, oldest first (for
/// the enterprise's timeline: an application declined before the enterprise ever
/// entered a campaign is part of its story too).
pub async fn for_uscc<C: ConnectionTrait>(conn: &C, uscc: &str) -> StoreResult<Vec<Application>> {
    Ok(application::Entity::find()
        .filter(application::Column::Uscc.eq(uscc))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?)
}
