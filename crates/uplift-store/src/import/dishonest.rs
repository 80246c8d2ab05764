//! Importing the 严重违法失信名单 (serious illegal and dishonest list), then re-screening:
//! an enterprise on an active entry fails the rule; a removal brings it back.

use std::collections::HashMap;
use std::path::Path;

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use uplift_domain::Lang;
use uplift_domain::dishonest::{DishonestColumnMap, DishonestEntry, parse_dishonest_row};
use uplift_domain::lang::Localized;
use uplift_domain::text::normalise_name;
use uplift_sheets::{OpenOptions, SheetReader};

use super::report::ErrorReport;
use super::{ImportOptions, ImportResult, Progress};
use crate::audit::Actor;
use crate::entity::dishonest_entry;
use crate::jobs::{self, ImportCounts};
use crate::screening::rescreen_all;
use crate::{Refusal, Store, StoreError, StoreResult, now};

/// An entry is the same entry when it names the same subject and the same listing date.
fn key_of(
    uscc: Option<&str>,
    reg_no: Option<&str>,
    name_key: &str,
    listed_on: chrono::NaiveDate,
) -> String {
    let subject = uscc.or(reg_no).unwrap_or(name_key);
    format!("{subject}|{listed_on}")
}

pub async fn run_dishonest_import(
    store: &Store,
    job_id: i64,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    on_progress: &(dyn Fn(&Progress) + Send + Sync),
) -> StoreResult<ImportResult> {
    let outcome = run(store, job_id, path, opts, actor, on_progress).await;
    super::finish_job(store, job_id, &outcome).await?;
    outcome
}

async fn run(
    store: &Store,
    job_id: i64,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    on_progress: &(dyn Fn(&Progress) + Send + Sync),
) -> StoreResult<ImportResult> {
    let open = OpenOptions {
        sheet: opts.sheet.clone(),
        encoding: opts.encoding,
        format: None,
        ..OpenOptions::default()
    };
    let path_buf = path.to_path_buf();
    let report_dir = opts.report_dir.clone();
    let lang = opts.lang;
    // The list is small (thousands of entries): read and validate it whole, off the runtime.
    let (entries, counts, report, format, encoding, ignored_columns) =
        tokio::task::spawn_blocking(move || {
            let mut reader = SheetReader::open(&path_buf, &open)
                .map_err(|e| StoreError::Refused(Refusal::Sheet(e.message_zh())))?;
            let map = reader
                .find_header(DishonestColumnMap::from_header, super::HEADER_SEARCH_ROWS)
                .map_err(|e| StoreError::Refused(Refusal::Sheet(e.message_zh())))?
                .map_err(|e| StoreError::Refused(Refusal::Sheet(e.message(Lang::Zh))))?;
            let format = reader.format();
            let encoding = reader.encoding();
            let ignored_columns = super::ignored_headers(reader.header(), map.ignored());
            let mut report = ErrorReport::new(&report_dir, job_id, format, encoding, lang);
            let report_err =
                |e: uplift_sheets::SheetError| StoreError::Internal(format!("error report: {e}"));
            let mut counts = ImportCounts::default();
            let mut entries = Vec::new();
            for item in reader {
                let row = item.map_err(|e| StoreError::Refused(Refusal::Sheet(e.message_zh())))?;
                counts.read += 1;
                match parse_dishonest_row(&map, &row.cells) {
                    Ok(entry) => entries.push(entry),
                    Err(errors) => {
                        counts.rejected += 1;
                        report
                            .add_problems(row.number, &errors)
                            .map_err(report_err)?;
                    }
                }
            }
            let report = report.finish().map_err(report_err)?;
            Ok::<_, StoreError>((entries, counts, report, format, encoding, ignored_columns))
        })
        .await
        .map_err(|e| StoreError::Internal(format!("reader thread: {e}")))??;

    let mut counts = counts;
    let mut tx = store.write(actor).await?;
    let existing = dishonest_entry::Entity::find().all(tx.conn()).await?;
    let mut by_key: HashMap<String, dishonest_entry::Model> = existing
        .into_iter()
        .map(|m| {
            (
                key_of(
                    m.uscc.as_deref(),
                    m.registration_number.as_deref(),
                    &m.name_key,
                    m.listed_on,
                ),
                m,
            )
        })
        .collect();
    let at = now();
    for entry in entries {
        let DishonestEntry {
            name,
            uscc,
            registration_number,
            listed_on,
            reason,
            authority,
            removed_on,
            removal_reason,
            removal_authority,
        } = entry;
        let name_key = normalise_name(&name);
        let uscc = uscc.map(|u| u.as_str().to_string());
        let key = key_of(
            uscc.as_deref(),
            registration_number.as_deref(),
            &name_key,
            listed_on,
        );
        match by_key.remove(&key) {
            Some(old) => {
                let same = old.name == name
                    && old.reason == reason
                    && old.authority == authority
                    && old.removed_on == removed_on
                    && old.removal_reason == removal_reason
                    && old.removal_authority == removal_authority;
                if same {
                    counts.unchanged += 1;
                    continue;
                }
                let summary = format!(
                    "entry {}: removed_on {:?} -> {:?}",
                    old.id, old.removed_on, removed_on
                );
                let mut active: dishonest_entry::ActiveModel = old.into();
                active.name = Set(name);
                active.name_key = Set(name_key);
                active.reason = Set(reason);
                active.authority = Set(authority);
                active.removed_on = Set(removed_on);
                active.removal_reason = Set(removal_reason);
                active.removal_authority = Set(removal_authority);
                active.updated_at = Set(at);
                let model = active.update(tx.conn()).await?;
                tx.audit(
                    "dishonest.update",
                    &format!("dishonest:{}", model.id),
                    &summary,
                )
                .await?;
                counts.updated += 1;
            }
            None => {
                let model = dishonest_entry::ActiveModel {
                    name: Set(name),
                    name_key: Set(name_key),
                    uscc: Set(uscc),
                    registration_number: Set(registration_number),
                    listed_on: Set(listed_on),
                    reason: Set(reason),
                    authority: Set(authority),
                    removed_on: Set(removed_on),
                    removal_reason: Set(removal_reason),
                    removal_authority: Set(removal_authority),
                    created_at: Set(at),
                    updated_at: Set(at),
                    ..Default::default()
                }
                .insert(tx.conn())
                .await?;
                tx.audit(
                    "dishonest.create",
                    &format!("dishonest:{}", model.id),
                    &format!("{} listed {}", model.name, model.listed_on),
                )
                .await?;
                counts.inserted += 1;
            }
        }
    }
    jobs::progress(tx.conn(), job_id, counts.read, counts.read, &counts).await?;
    tx.audit(
        "dishonest.import",
        &format!("job:{job_id}"),
        &format!(
            "read {}, inserted {}, updated {}, unchanged {}, rejected {}",
            counts.read, counts.inserted, counts.updated, counts.unchanged, counts.rejected
        ),
    )
    .await?;
    tx.commit().await?;
    on_progress(&Progress {
        counts,
        bytes_done: 1,
        bytes_total: 1,
    });
    // The list changed: verdicts may have too.
    if counts.inserted + counts.updated > 0 {
        rescreen_all(store, actor, None).await?;
    }
    Ok(ImportResult {
        job_id,
        counts,
        error_report: report,
        format,
        encoding,
        ignored_columns,
    })
}
