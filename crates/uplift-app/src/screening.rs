//! The eligibility rules (遴选条件) as the province sets them. Saving them starts a
//! re-screening of every enterprise: a recorded job like an import, with progress that
//! every province administrator sees.

use uplift_domain::eligibility::EligibilityRules;
use uplift_domain::permission::Permission;
use uplift_store::audit::Actor;
use uplift_store::{jobs, screening};

use crate::jobs::Job;
use crate::{App, AppResult, CurrentUser, require};

pub use uplift_store::jobs::KIND_RESCREEN;

/// The rules in force.
pub async fn rules(app: &App, user: &CurrentUser) -> AppResult<EligibilityRules> {
    require(user, Permission::EditEligibilityRules)?;
    Ok(screening::load_rules(app.store().db()).await?)
}

/// Save new rules and start the re-screening they call for; returns its job.
pub async fn save_rules(app: &App, user: &CurrentUser, rules: &EligibilityRules) -> AppResult<Job> {
    require(user, Permission::EditEligibilityRules)?;
    let mut tx = app.store().write(&user.actor()).await?;
    let version = screening::save_rules(&mut tx, rules).await?;
    // The rules in force are the open campaign's: it keeps them, and closes with them.
    if let Some(province) = uplift_store::scope::province_of(user.scope())
        && let Some(open) = uplift_store::campaigns::open_in(tx.conn(), &province).await?
    {
        let changed = uplift_store::campaigns::Campaign {
            rules: rules.clone(),
            ..open
        };
        uplift_store::campaigns::update(&mut tx, &changed).await?;
    }
    tx.commit().await?;
    start_rescreen(app, Some(user.user_id()), user.actor(), version).await
}

/// A re-screening as a background job.
pub(crate) async fn start_rescreen(
    app: &App,
    owner: Option<i64>,
    actor: Actor,
    version: i64,
) -> AppResult<Job> {
    let job = jobs::create(
        app.store(),
        KIND_RESCREEN,
        owner,
        None,
        &serde_json::json!({ "rules_version": version }),
    )
    .await?;
    let store = app.store().clone();
    let job_id = job.id;
    tokio::spawn(async move {
        let outcome = screening::rescreen_all(&store, &actor, Some(job_id)).await;
        let finished = match &outcome {
            Ok(done) => {
                let counts = jobs::ImportCounts {
                    read: done.screened,
                    updated: done.changed,
                    ..Default::default()
                };
                let note = done.superseded.then_some(jobs::JobNote::Superseded);
                jobs::finish(&store, job_id, jobs::DONE, &counts, None, note.as_ref()).await
            }
            Err(e) => {
                tracing::error!(job_id, "re-screening failed: {e}");
                jobs::finish(
                    &store,
                    job_id,
                    jobs::FAILED,
                    &jobs::ImportCounts::default(),
                    None,
                    Some(&jobs::JobNote::Internal),
                )
                .await
            }
        };
        if let Err(e) = finished {
            tracing::error!(job_id, "could not record the re-screening's end: {e}");
        }
        store.forget_counts();
    });
    Ok(job.into())
}

/// The latest re-screenings, whoever started them: every province administrator follows
/// the work their colleagues' rule changes set off.
pub async fn recent_rescreens(app: &App, user: &CurrentUser) -> AppResult<Vec<Job>> {
    require(user, Permission::EditEligibilityRules)?;
    Ok(jobs::recent_of_kind(app.store(), KIND_RESCREEN, 5)
        .await?
        .into_iter()
        .map(Job::from)
        .collect())
}
