//! Exporting a filtered list of the directory to CSV (UTF-8 with BOM, so Excel opens it)
//! or XLSX. The database is read batch by batch on the runtime while the file is written
//! on a blocking thread (XLSX writing is CPU work), so neither a province-wide list nor
//! the writer holds up other requests. Phones are masked for roles that do not need
//! them, and every export is recorded with its filter and row count.

use std::path::PathBuf;

use rand::RngCore;
use uplift_domain::Lang;
use uplift_domain::directory::OperatingStatus;
use uplift_domain::money::Money;
use uplift_domain::permission::Permission;
use uplift_domain::privacy::phone_as_seen_by;
use uplift_domain::role::Role;
use uplift_domain::sme::{Industry, SizeClass};
use uplift_sheets::{Format, SheetWriter, TextEncoding};

use crate::enterprises::{Enterprise, EnterpriseFilter};
use crate::{App, AppResult, CurrentUser, Error, require};

/// The export's columns: the importer's own headers first, so an exported file can be
/// edited and imported again.
const HEADER: [&str; 14] = [
    "统一社会信用代码",
    "企业名称",
    "行政区划代码",
    "行业",
    "规模",
    "从业人员",
    "营业收入(万元)",
    "主营业务收入(万元)",
    "资产总额(万元)",
    "经营状态",
    "联系人",
    "联系电话",
    "审查结论",
    "不符合的条件",
];

/// A finished export: the file (already unlinked; the open handle keeps it readable),
/// its format and how many enterprises it holds.
pub struct ExportFile {
    pub file: tokio::fs::File,
    pub format: Format,
    pub rows: u64,
}

fn row(e: &Enterprise, viewer: Role) -> Vec<String> {
    let wan = |m: Option<Money>| m.map(Money::to_wan_string).unwrap_or_default();
    let failed: Vec<&str> = e.failed().iter().map(|r| r.name(Lang::Zh)).collect();
    vec![
        e.uscc.clone(),
        e.name.clone(),
        e.division_code.clone(),
        Industry::from_key(&e.industry)
            .map(|i| i.name(Lang::Zh).to_string())
            .unwrap_or_else(|| e.industry.clone()),
        e.size_class
            .as_deref()
            .and_then(SizeClass::from_key)
            .map(|s| s.name(Lang::Zh).to_string())
            .unwrap_or_default(),
        e.employees.map(|n| n.to_string()).unwrap_or_default(),
        wan(e.operating_revenue),
        wan(e.main_revenue),
        wan(e.total_assets),
        OperatingStatus::from_key(&e.operating_status)
            .map(|s| s.name(Lang::Zh))
            .unwrap_or("")
            .to_string(),
        e.contact_name.clone().unwrap_or_default(),
        e.contact_phone
            .as_deref()
            .map(|p| phone_as_seen_by(viewer, p))
            .unwrap_or_default(),
        match e.eligible {
            Some(true) => "符合条件".to_string(),
            Some(false) => "不符合".to_string(),
            None => String::new(),
        },
        failed.join("；"),
    ]
}

/// Export the list with `filter` within the user's scope. `described` is the filter as
/// the user chose it, for the audit row.
pub async fn export(
    app: &App,
    user: &CurrentUser,
    filter: &EnterpriseFilter,
    format: Format,
    described: &str,
) -> AppResult<ExportFile> {
    require(user, Permission::ExportEnterprises)?;
    crate::enterprises::check_places(user.scope(), filter)?;
    let dir = app.settings().data_dir.join("exports");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(Error::internal)?;
    let mut rnd = [0u8; 8];
    rand::rng().fill_bytes(&mut rnd);
    let ext = match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    };
    let path = dir.join(format!("export-{}.{ext}", hex::encode(rnd)));
    let mut batches = uplift_store::enterprises::batches(app.store(), user.scope(), filter).await?;

    let (send, mut receive) = tokio::sync::mpsc::channel::<Vec<Vec<String>>>(2);
    let writer_path = path.clone();
    let writer = tokio::task::spawn_blocking(move || -> Result<(), String> {
        let mut w = SheetWriter::create(&writer_path, format, TextEncoding::Utf8, Some("企业名录"))
            .map_err(|e| e.to_string())?;
        w.write_row(&HEADER).map_err(|e| e.to_string())?;
        while let Some(rows) = receive.blocking_recv() {
            for r in rows {
                w.write_row(&r).map_err(|e| e.to_string())?;
            }
        }
        w.finish().map_err(|e| e.to_string())
    });
    let viewer = user.role();
    let mut rows = 0u64;
    let mut read_error = None;
    loop {
        match batches.next().await {
            Ok(Some(batch)) => {
                rows += batch.len() as u64;
                let lines = batch.iter().map(|e| row(e, viewer)).collect();
                if send.send(lines).await.is_err() {
                    break; // the writer failed; its error is reported below
                }
            }
            Ok(None) => break,
            Err(e) => {
                read_error = Some(e);
                break;
            }
        }
    }
    drop(send);
    let written = writer.await.map_err(Error::internal)?;
    if let Some(e) = read_error {
        remove(&path).await;
        return Err(e.into());
    }
    if let Err(e) = written {
        remove(&path).await;
        return Err(Error::internal(format!("export writer: {e}")));
    }

    let mut tx = app.store().write(&user.actor()).await?;
    tx.audit(
        "enterprise.export",
        "enterprises",
        &format!("{ext}; filter {described}; {rows} rows"),
    )
    .await?;
    tx.commit().await?;

    let file = tokio::fs::File::open(&path)
        .await
        .map_err(Error::internal)?;
    remove(&path).await;
    Ok(ExportFile { file, format, rows })
}

async fn remove(path: &PathBuf) {
    if let Err(e) = tokio::fs::remove_file(path).await {
        tracing::warn!("could not remove an export file: {e}");
    }
}
