//! Files the platform leaves on its disk, kept no longer than they are needed: error
//! reports and rejected rows expire after the configured days (30 by default); an upload
//! or an export a crash left behind goes after a day (an import removes its upload, an
//! export its file, as soon as they are done). Contact names and phones are in them
//! (PIPL art. 19: no longer than the purpose needs).

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::{App, AppResult};

/// What one sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub reports: u64,
    pub leftovers: u64,
}

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Remove the files of `dir` last changed before `older_than` ago; how many went.
async fn remove_older(dir: &Path, older_than: Duration) -> u64 {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let Ok(meta) = entry.metadata().await else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > older_than);
        if meta.is_file() && old {
            match tokio::fs::remove_file(entry.path()).await {
                Ok(()) => removed += 1,
                Err(e) => tracing::warn!("could not remove an expired file: {e}"),
            }
        }
    }
    removed
}

/// One sweep of the data directory.
pub async fn sweep(app: &App) -> AppResult<Swept> {
    let settings = app.settings();
    let data = &settings.data_dir;
    let days = u32::try_from(settings.report_retention_days).unwrap_or(u32::MAX);
    let reports = remove_older(&data.join("reports"), DAY.saturating_mul(days)).await;
    let leftovers = remove_older(&data.join("uploads"), DAY).await
        + remove_older(&data.join("exports"), DAY).await;
    if reports + leftovers > 0 {
        tracing::info!(reports, leftovers, "expired files removed");
    }
    Ok(Swept { reports, leftovers })
}
