//! The signed-in user, as every use case receives it: built from the database only (a
//! session, a token or a login), never from anything a request says. Its fields are
//! private to the store, so no other crate can make one up with a wider scope.

use uplift_domain::role::{Role, Scope};

use crate::audit::Actor;
use crate::entity::{organisation, user};
use crate::{Store, StoreError, StoreResult};
use sea_orm::EntityTrait;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub(crate) user_id: i64,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) role: Role,
    pub(crate) organisation_id: Option<i64>,
    pub(crate) organisation_name: Option<String>,
    pub(crate) division_code: Option<String>,
    pub(crate) enterprise_id: Option<i64>,
    pub(crate) scope: Scope,
    /// A password someone else set: nothing but changing it works until it is changed.
    pub(crate) must_change_password: bool,
    /// Logged in by password; the second factor is still to be given.
    pub(crate) second_factor_pending: bool,
    /// A TOTP secret is in force for the account.
    pub(crate) second_factor_enrolled: bool,
    /// Where the request came from, for the audit rows its actions write.
    pub(crate) client_ip: Option<String>,
}

impl CurrentUser {
    pub fn user_id(&self) -> i64 {
        self.user_id
    }
    pub fn username(&self) -> &str {
        &self.username
    }
    pub fn display_name(&self) -> &str {
        &self.display_name
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn organisation_id(&self) -> Option<i64> {
        self.organisation_id
    }
    pub fn organisation_name(&self) -> Option<&str> {
        self.organisation_name.as_deref()
    }
    pub fn division_code(&self) -> Option<&str> {
        self.division_code.as_deref()
    }
    pub fn enterprise_id(&self) -> Option<i64> {
        self.enterprise_id
    }
    pub fn scope(&self) -> &Scope {
        &self.scope
    }
    pub fn must_change_password(&self) -> bool {
        self.must_change_password
    }
    pub fn second_factor_pending(&self) -> bool {
        self.second_factor_pending
    }
    pub fn second_factor_enrolled(&self) -> bool {
        self.second_factor_enrolled
    }
    pub fn client_ip(&self) -> Option<&str> {
        self.client_ip.as_deref()
    }

    /// Who is acting, for the audit rows this user's actions write.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user_id),
            username: Some(self.username.clone()),
            role: Some(self.role),
            organisation_id: self.organisation_id,
            client_ip: self.client_ip.clone(),
        }
    }
}

/// The user of an account row, with its organisation's division deciding the scope.
pub(crate) async fn current_user(
    store: &Store,
    user: user::Model,
    client_ip: Option<String>,
) -> StoreResult<CurrentUser> {
    let role = Role::from_key(&user.role)
        .ok_or_else(|| StoreError::Internal(format!("unknown role {}", user.role)))?;
    let org = match user.organisation_id {
        Some(id) => organisation::Entity::find_by_id(id).one(store.db()).await?,
        None => None,
    };
    let division = org.as_ref().and_then(|o| o.division_code.clone());
    let scope = Scope::for_account(
        role,
        user.organisation_id,
        division.as_deref(),
        user.enterprise_id,
    );
    Ok(CurrentUser {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        role,
        organisation_id: user.organisation_id,
        organisation_name: org.map(|o| o.name),
        division_code: division,
        enterprise_id: user.enterprise_id,
        scope,
        must_change_password: user.must_change_password,
        second_factor_pending: false,
        second_factor_enrolled: user.totp_secret.is_some(),
        client_ip,
    })
}

/// The user of `username` without a session, for the demo's loader on the server, which
/// plays each party's part of a programme year under that party's name (so the audit log
/// tells the story as it would be told). No web or API path reaches this.
pub async fn acting_as(store: &Store, username: &str) -> StoreResult<Option<CurrentUser>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Some(account) = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(store.db())
        .await?
    else {
        return Ok(None);
    };
    if account.disabled {
        return Ok(None);
    }
    Ok(Some(current_user(store, account, None).await?))
}
