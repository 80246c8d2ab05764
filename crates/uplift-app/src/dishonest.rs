//! The 严重违法失信名单 as loaded into the platform, for the regulators who screen by it.

use uplift_domain::permission::Permission;

pub use uplift_store::entity::dishonest_entry::Model as DishonestEntry;

use crate::{App, AppResult, CurrentUser, Page, PageRequest, require};

/// Newest listings first; `active_only` hides removed entries.
pub async fn list(
    app: &App,
    user: &CurrentUser,
    active_only: bool,
    page: PageRequest,
) -> AppResult<Page<DishonestEntry>> {
    require(user, Permission::ReadDishonestList)?;
    Ok(uplift_store::dishonest::list(app.store(), active_only, page).await?)
}
