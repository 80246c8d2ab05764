//! Which of some credit codes name an enterprise inside a scope: for linking names (the
//! dishonest list's) to records the reader may open, and to no others.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uplift_domain::role::Scope;

use crate::entity::enterprise;
use crate::{Store, StoreResult};

/// The codes among `usccs` whose enterprise lies in `scope` (a page's worth at a time).
pub async fn visible_usccs(
    store: &Store,
    scope: &Scope,
    usccs: &[String],
) -> StoreResult<Vec<String>> {
    if usccs.is_empty() {
        return Ok(Vec::new());
    }
    Ok(enterprise::Entity::find()
        .select_only()
        .column(enterprise::Column::Uscc)
        .filter(crate::scope::condition(scope))
        .filter(enterprise::Column::Uscc.is_in(usccs.iter().map(String::as_str)))
        .into_tuple()
        .all(store.db())
        .await?)
}
