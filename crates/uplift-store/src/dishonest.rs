//! The 严重违法失信名单 as stored: listing it for regulators.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::entity::dishonest_entry;
use crate::{Page, PageRequest, Store, StoreResult};

/// Newest listings first; `active_only` hides removed entries.
pub async fn list(
    store: &Store,
    active_only: bool,
    page: PageRequest,
) -> StoreResult<Page<dishonest_entry::Model>> {
    let mut query = dishonest_entry::Entity::find();
    if active_only {
        query = query.filter(dishonest_entry::Column::RemovedOn.is_null());
    }
    let total = query.clone().count(store.db()).await?;
    let items = query
        .order_by_desc(dishonest_entry::Column::ListedOn)
        .order_by_desc(dishonest_entry::Column::Id)
        .paginate(store.db(), page.per_page)
        .fetch_page(page.page - 1)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// The entries that concern one enterprise (by code, else by name), newest first.
pub async fn for_enterprise(
    store: &Store,
    uscc: &str,
    name: &str,
) -> StoreResult<Vec<dishonest_entry::Model>> {
    let key = uplift_domain::text::normalise_name(name);
    Ok(dishonest_entry::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(dishonest_entry::Column::Uscc.eq(uscc))
                .add(
                    sea_orm::Condition::all()
                        .add(dishonest_entry::Column::Uscc.is_null())
                        .add(dishonest_entry::Column::NameKey.eq(key)),
                ),
        )
        .order_by_desc(dishonest_entry::Column::ListedOn)
        .all(store.db())
        .await?)
}
