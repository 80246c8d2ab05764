//! What the operator does on the server's shell (`uplift user …`, `uplift import …`,
//! `uplift audit-log verify`): the acts no web account may perform, such as making the
//! province's or an administrator's account. Everything is audited as the system actor
//! `system:cli`.

use std::path::{Path, PathBuf};

use uplift_domain::division::DivisionCode;
use uplift_domain::role::{Role, Scope};
use uplift_domain::uscc::Uscc;
use uplift_sheets::TextEncoding;
use uplift_store::audit::{self, Actor};
use uplift_store::import::ImportOptions;
use uplift_store::users::{self, NewUser};
use uplift_store::{enterprises, jobs};

use crate::audit_log::ChainReport;
use crate::imports::{ImportKind, ImportResult, Progress};
use crate::{App, AppResult, Error, Refusal};

/// The person at the server's shell.
pub struct Operator {
    actor: Actor,
}

impl Operator {
    /// Acting from the command line.
    pub fn cli() -> Operator {
        Operator {
            actor: Actor::system("cli"),
        }
    }

    pub(crate) fn actor(&self) -> &Actor {
        &self.actor
    }
}

/// An account the operator creates: of any role, with a password the operator chose,
/// which its owner must change at the first login.
#[derive(Debug, Clone)]
pub struct NewOperatorAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub enterprise_uscc: Option<String>,
}

pub async fn create_user(
    app: &App,
    operator: &Operator,
    new: NewOperatorAccount,
) -> AppResult<(i64, String)> {
    let enterprise_id = match &new.enterprise_uscc {
        Some(code) => {
            let parsed = Uscc::parse(code).map_err(Refusal::Uscc)?;
            Some(
                enterprises::id_for_account_link(app.store(), &parsed.uscc)
                    .await?
                    .ok_or(Refusal::EnterpriseUnknown)?,
            )
        }
        None => None,
    };
    let mut tx = app.store().write(operator.actor()).await?;
    let user = users::create(
        &mut tx,
        NewUser {
            username: new.username,
            display_name: new.display_name,
            password: new.password,
            role: new.role,
            organisation_id: new.organisation_id,
            enterprise_id,
            set_by_other: true,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((user.id, user.username))
}

async fn user_id(app: &App, username: &str) -> AppResult<i64> {
    Ok(users::find_by_username(app.store(), username)
        .await?
        .ok_or(Error::NotFound)?
        .id)
}

pub async fn set_disabled(
    app: &App,
    operator: &Operator,
    username: &str,
    disabled: bool,
) -> AppResult<()> {
    let id = user_id(app, username).await?;
    let mut tx = app.store().write(operator.actor()).await?;
    users::set_disabled(&mut tx, id, disabled).await?;
    tx.commit().await?;
    Ok(())
}

/// Set a password for someone (lifts a lockout; the owner changes it at the next login).
pub async fn reset_password(
    app: &App,
    operator: &Operator,
    username: &str,
    password: &str,
) -> AppResult<()> {
    let id = user_id(app, username).await?;
    let mut tx = app.store().write(operator.actor()).await?;
    users::reset_password(&mut tx, id, password).await?;
    tx.commit().await?;
    Ok(())
}

/// Take an online backup of the platform's database to `dest` (the server may keep
/// running). `database_url` is the URL the platform was opened with.
pub async fn backup(
    app: &App,
    operator: &Operator,
    database_url: &str,
    dest: &Path,
) -> AppResult<()> {
    app.store().backup_to(database_url, dest).await?;
    let mut tx = app.store().write(operator.actor()).await?;
    tx.audit(
        "backup.create",
        "database",
        &format!("backup written to {}", dest.display()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Restore a backup into the empty database at `database_url`; a database holding data is
/// refused.
pub async fn restore(src: &Path, database_url: &str) -> AppResult<()> {
    Ok(uplift_store::backup::restore(src, database_url).await?)
}

pub async fn verify_audit_log(app: &App) -> AppResult<ChainReport> {
    Ok(audit::verify_chain(app.store()).await?)
}

/// Jobs left running by a process that is gone will never finish: say so (at start-up).
pub async fn mark_abandoned_jobs(app: &App) -> AppResult<u64> {
    Ok(jobs::mark_abandoned(app.store(), chrono::Duration::minutes(2)).await?)
}

/// How the operator's import is to read its file.
#[derive(Debug, Clone, Default)]
pub struct ImportFile {
    pub path: PathBuf,
    /// The province the directory is for (required for enterprises: an operator's import
    /// writes in one province, as a province administrator's does).
    pub province: Option<String>,
    pub sheet: Option<String>,
    pub encoding: Option<TextEncoding>,
    pub batch_size: Option<usize>,
    /// Where the error report goes.
    pub report_dir: PathBuf,
}

/// Run an import in the foreground, reporting progress.
pub async fn import(
    app: &App,
    operator: &Operator,
    kind: ImportKind,
    file: &ImportFile,
    on_progress: &(dyn Fn(&Progress) + Send + Sync),
) -> AppResult<ImportResult> {
    let scope = match (kind, &file.province) {
        (ImportKind::Enterprises, Some(code)) => {
            let division = DivisionCode::parse(code).map_err(Refusal::Division)?;
            Scope::Province(division.province().as_str().to_string())
        }
        (ImportKind::Enterprises, None) => return Err(Refusal::ProvinceRequired.into()),
        // The dishonest list is national data: it writes no enterprise.
        (ImportKind::Dishonest, _) => Scope::Nothing,
    };
    let name = file_name(&file.path);
    let job = jobs::create(
        app.store(),
        match kind {
            ImportKind::Enterprises => uplift_store::import::KIND_ENTERPRISES,
            ImportKind::Dishonest => uplift_store::import::KIND_DISHONEST,
        },
        None,
        Some(&name),
        &serde_json::json!({ "province": file.province, "source": "cli" }),
    )
    .await?;
    let mut opts = ImportOptions::new(file.report_dir.clone(), scope);
    opts.sheet = file.sheet.clone();
    opts.encoding = file.encoding;
    opts.batch_size = file.batch_size;
    let result = crate::imports::run(
        app.store(),
        kind,
        job.id,
        &file.path,
        &opts,
        operator.actor(),
        on_progress,
    )
    .await?;
    crate::imports::save_rejected_rows(
        kind,
        &file.path,
        file.sheet.clone(),
        file.encoding,
        &result,
    )
    .await;
    Ok(result)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_string()
}
