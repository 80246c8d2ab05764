//! The platform's audit log, for the audit administrator only; reading it is itself
//! recorded.

use uplift_domain::permission::Permission;
use uplift_store::audit;

pub use uplift_store::audit::{AuditFilter, ChainReport};
pub use uplift_store::entity::audit_log::Model as AuditRow;

use crate::{App, AppResult, CurrentUser, Page, PageRequest, require};

/// Newest first. `described` is the filter as the reader chose it, for the record of the
/// viewing.
pub async fn list(
    app: &App,
    user: &CurrentUser,
    filter: &AuditFilter,
    page: PageRequest,
    described: &str,
) -> AppResult<Page<AuditRow>> {
    require(user, Permission::ReadAuditLog)?;
    let found = audit::list(app.store(), filter, page).await?;
    let mut tx = app.store().write(&user.actor()).await?;
    tx.audit(
        "audit_log.view",
        "audit_log",
        &format!("page {} {described}", found.page),
    )
    .await?;
    tx.commit().await?;
    Ok(found)
}
