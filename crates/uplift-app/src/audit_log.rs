//! The platform's audit log, for the audit administrator only: read by category, user and
//! date range (China time), and exported as XLSX. Reading and exporting it are themselves
//! recorded (GB/T 22239 8.1.5: the audit administrator's operations are audited too).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use uplift_domain::Lang;
use uplift_domain::audit_log::{
    AuditNote, Category, FilterTerm, ObjectRef, action, action_name, describe_filter,
    describe_object, describe_summary,
};
use uplift_domain::cst;
use uplift_domain::permission::Permission;
use uplift_domain::role::Role;
use uplift_sheets::{Cell, Format};
use uplift_store::audit_query::{self, AuditQuery};

pub use uplift_store::audit::ChainReport;
pub use uplift_store::entity::audit_log::Model as AuditRow;

use crate::exports::{ExportFile, file_name};
use crate::spool::Spool;
use crate::{App, AppResult, CurrentUser, Page, PageRequest, require};

/// What the audit administrator narrows the log to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub category: Option<Category>,
    /// Exactly this username.
    pub username: Option<String>,
    /// From this date, China time, inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this date, China time, inclusive.
    pub until: Option<NaiveDate>,
}

impl AuditFilter {
    fn query(&self) -> AuditQuery {
        AuditQuery {
            actions: self
                .category
                .map(|c| c.actions().map(str::to_string).collect()),
            username: self.username.clone().filter(|u| !u.is_empty()),
            // A day in China begins at 16:00 UTC of the day before.
            from: self
                .from
                .and_then(|d| cst::from_cst(d.and_time(NaiveTime::MIN))),
            before: self
                .until
                .and_then(|d| d.succ_opt())
                .and_then(|d| cst::from_cst(d.and_time(NaiveTime::MIN))),
        }
    }

    /// The filter as the audit row of the viewing records it.
    pub fn terms(&self) -> Vec<FilterTerm> {
        let mut terms = Vec::new();
        if let Some(c) = self.category {
            terms.push(FilterTerm::Category(c.key().to_string()));
        }
        if let Some(u) = self.username.clone().filter(|u| !u.is_empty()) {
            terms.push(FilterTerm::User(u));
        }
        if let Some(d) = self.from {
            terms.push(FilterTerm::From(d));
        }
        if let Some(d) = self.until {
            terms.push(FilterTerm::Until(d));
        }
        terms
    }
}

/// One row as its reader reads it: the stored row, and everything put into words.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub row: AuditRow,
    pub category: Option<Category>,
    pub action: String,
    pub role: String,
    pub object: String,
    pub summary: String,
}

/// The file names of the jobs some rows touch, looked up once per job.
#[derive(Default)]
struct JobFiles(HashMap<i64, Option<String>>);

impl JobFiles {
    async fn of(&mut self, app: &App, object: &str) -> Option<String> {
        let id = ObjectRef::parse(object).job_id()?;
        if let Some(known) = self.0.get(&id) {
            return known.clone();
        }
        let name = uplift_store::jobs::get(app.store(), id)
            .await
            .ok()
            .and_then(|j| j.file_name);
        self.0.insert(id, name.clone());
        name
    }
}

async fn entry(app: &App, files: &mut JobFiles, row: AuditRow, lang: Lang) -> AuditEntry {
    let job_file = files.of(app, &row.object).await;
    AuditEntry {
        category: action(&row.action).map(|a| a.category),
        action: action_name(&row.action, lang),
        role: row
            .role
            .as_deref()
            .map(|key| Role::from_key(key).map_or_else(|| key.to_string(), |r| r.name(lang).into()))
            .unwrap_or_default(),
        object: describe_object(&row.object, lang, job_file.as_deref()),
        summary: describe_summary(&row.action, &row.summary, lang),
        row,
    }
}

/// Newest first, in the reader's words; a page beyond the last shows the last.
pub async fn list(
    app: &App,
    user: &CurrentUser,
    filter: &AuditFilter,
    page: PageRequest,
    lang: Lang,
) -> AppResult<Page<AuditEntry>> {
    require(user, Permission::ReadAuditLog)?;
    let query = filter.query();
    let mut found = audit_query::list(app.store(), &query, page).await?;
    let last = found.pages();
    if found.items.is_empty() && found.page > last {
        found = audit_query::list(app.store(), &query, PageRequest { page: last, ..page }).await?;
    }
    let mut tx = app.store().write(&user.actor()).await?;
    let note = AuditNote::Viewed {
        page: found.page,
        filter: filter.terms(),
    };
    tx.audit("audit_log.view", "audit_log", &note.to_json())
        .await?;
    tx.commit().await?;
    let mut files = JobFiles::default();
    let mut items = Vec::with_capacity(found.items.len());
    for row in found.items {
        items.push(entry(app, &mut files, row, lang).await);
    }
    Ok(Page {
        items,
        page: found.page,
        per_page: found.per_page,
        total: found.total,
    })
}

/// The columns of the exported log, in the reader's language.
fn header(lang: Lang) -> Vec<String> {
    let zh = [
        "序号",
        "时间（北京时间）",
        "用户名",
        "角色",
        "IP 地址",
        "类别",
        "操作",
        "对象",
        "摘要",
        "操作代码",
    ];
    let en = [
        "No.",
        "Time (China, UTC+8)",
        "Username",
        "Role",
        "IP address",
        "Category",
        "Action",
        "Object",
        "Summary",
        "Action key",
    ];
    match lang {
        Lang::Zh => zh.iter().map(|s| s.to_string()).collect(),
        Lang::En => en.iter().map(|s| s.to_string()).collect(),
    }
}

/// The filtered log as an XLSX file for the audit administrator: the time a real date
/// (China time, and the header says so), a second sheet saying what was exported, when
/// and by whom. The export is recorded like any other.
pub async fn export(
    app: &App,
    user: &CurrentUser,
    filter: &AuditFilter,
    lang: Lang,
) -> AppResult<ExportFile> {
    require(user, Permission::ReadAuditLog)?;
    let format = Format::Xlsx;
    let query = filter.query();
    let spool = Spool::create(
        app,
        format,
        lang.pick("审计日志", "Audit log"),
        header(lang),
    )
    .await?;
    let mut batches = audit_query::batches(&query);
    let mut files = JobFiles::default();
    let mut rows = 0u64;
    loop {
        match batches.next(app.store()).await {
            Ok(Some(batch)) => {
                rows += batch.len() as u64;
                let mut cells = Vec::with_capacity(batch.len());
                for row in batch {
                    let e = entry(app, &mut files, row, lang).await;
                    cells.push(vec![
                        Cell::Integer(e.row.id),
                        Cell::DateTime(cst::to_cst(e.row.at)),
                        Cell::Text(e.row.username.clone().unwrap_or_default()),
                        Cell::Text(e.role),
                        Cell::Text(e.row.client_ip.clone().unwrap_or_default()),
                        Cell::Text(e.category.map(|c| c.name(lang)).unwrap_or("").into()),
                        Cell::Text(e.action),
                        Cell::Text(e.object),
                        Cell::Text(e.summary),
                        Cell::Text(e.row.action),
                    ]);
                }
                if !spool.rows(cells).await {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                spool.abandon().await;
                return Err(e.into());
            }
        }
    }
    let exported_at = cst::format_minute(crate::now());
    let notes = match lang {
        Lang::Zh => vec![
            vec!["审计日志导出".to_string()],
            vec!["导出时间".into(), format!("{exported_at}（北京时间）")],
            vec!["导出人".into(), user.username().to_string()],
            vec!["筛选条件".into(), describe_filter(&filter.terms(), lang)],
            vec!["行数".into(), rows.to_string()],
            vec![
                "说明".into(),
                "表中时间均为北京时间（UTC+8）；平台按 UTC 存储。".into(),
            ],
        ],
        Lang::En => vec![
            vec!["Audit log export".to_string()],
            vec!["Exported at".into(), format!("{exported_at} China time")],
            vec!["Exported by".into(), user.username().to_string()],
            vec!["Filter".into(), describe_filter(&filter.terms(), lang)],
            vec!["Rows".into(), rows.to_string()],
            vec![
                "Note".into(),
                "Times are China Standard Time (UTC+8); the platform stores UTC.".into(),
            ],
        ],
    };
    spool.notes(lang.pick("说明", "About"), notes).await;
    let file = spool.finish().await?;

    let mut tx = app.store().write(&user.actor()).await?;
    let note = AuditNote::Exported {
        format: "xlsx".into(),
        rows,
        filter: filter.terms(),
    };
    tx.audit("audit_log.export", "audit_log", &note.to_json())
        .await?;
    tx.commit().await?;
    Ok(ExportFile {
        file,
        format,
        rows,
        name: file_name(("审计日志", "audit-log"), ("", ""), format),
    })
}
