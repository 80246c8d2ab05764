//! Exporting a filtered list of the directory to CSV (UTF-8 with BOM, so Excel opens it)
//! or XLSX: numbers as numbers (a column adds up in Excel), names beside codes, a file
//! name that says what and when. Phones are masked for roles that do not need them, and
//! every export is recorded with its filter and row count, as data the audit log words.

use uplift_domain::Lang;
use uplift_domain::audit_log::{AuditNote, FilterTerm};
use uplift_domain::cst;
use uplift_domain::directory::OperatingStatus;
use uplift_domain::division;
use uplift_domain::money::Money;
use uplift_domain::permission::Permission;
use uplift_domain::privacy::phone_as_seen_by;
use uplift_domain::role::{Role, Scope};
use uplift_domain::sme::{Industry, SizeClass};
use uplift_sheets::{Cell, Format};

use crate::enterprises::{Enterprise, EnterpriseFilter};
use crate::spool::{Spool, extension};
use crate::{App, AppResult, CurrentUser, require};

/// The export's columns: the importer's own headers first, so an exported file can be
/// edited and imported again (the importer names the others as not imported).
const HEADER: [&str; 15] = [
    "统一社会信用代码",
    "企业名称",
    "行政区划代码",
    "行政区划名称",
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

/// A name for a file that leaves the platform: what and when, in Chinese
/// (`企业名录_长沙市_2026-11-29.xlsx`), and in ASCII for clients that cannot read more
/// (`enterprises_430100_2026-11-29.xlsx`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    pub display: String,
    pub ascii: String,
}

/// A finished export: the file (already unlinked; the open handle keeps it readable),
/// its format, how many rows it holds and its name.
pub struct ExportFile {
    pub file: tokio::fs::File,
    pub format: Format,
    pub rows: u64,
    pub name: FileName,
}

/// An amount in 万元 as a number cell with exactly the decimals it has (`2000.5`, not
/// `2000.5000`): exact in both formats, and summable in Excel.
fn wan_cell(m: Option<Money>) -> Cell {
    let Some(m) = m else {
        return Cell::Empty;
    };
    let yuan = m.yuan();
    let mut scale = 4u8;
    let mut units = yuan;
    while scale > 0 && units % 10 == 0 {
        units /= 10;
        scale -= 1;
    }
    Cell::Decimal { units, scale }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn row(e: &Enterprise, viewer: Role) -> Vec<Cell> {
    let failed: Vec<&str> = e.failed().iter().map(|r| r.name(Lang::Zh)).collect();
    vec![
        text(e.uscc.clone()),
        text(e.name.clone()),
        text(e.division_code.clone()),
        text(division::full_name(&e.division_code)),
        text(
            Industry::from_key(&e.industry)
                .map(|i| i.name(Lang::Zh).to_string())
                .unwrap_or_else(|| e.industry.clone()),
        ),
        text(
            e.size_class
                .as_deref()
                .and_then(SizeClass::from_key)
                .map(|s| s.name(Lang::Zh).to_string())
                .unwrap_or_default(),
        ),
        e.employees.map_or(Cell::Empty, Cell::Integer),
        wan_cell(e.operating_revenue),
        wan_cell(e.main_revenue),
        wan_cell(e.total_assets),
        text(
            OperatingStatus::from_key(&e.operating_status)
                .map(|s| s.name(Lang::Zh))
                .unwrap_or(""),
        ),
        text(e.contact_name.clone().unwrap_or_default()),
        text(
            e.contact_phone
                .as_deref()
                .map(|p| phone_as_seen_by(viewer, p))
                .unwrap_or_default(),
        ),
        text(match e.eligible {
            Some(true) => "符合条件",
            Some(false) => "不符合",
            None => "",
        }),
        text(failed.join("；")),
    ]
}

/// The filter as the audit row records it.
pub(crate) fn filter_terms(filter: &EnterpriseFilter) -> Vec<FilterTerm> {
    let mut terms = Vec::new();
    if let Some(c) = &filter.prefecture {
        terms.push(FilterTerm::City(c.clone()));
    }
    if let Some(c) = &filter.county {
        terms.push(FilterTerm::County(c.clone()));
    }
    if let Some(i) = filter.industry {
        terms.push(FilterTerm::Industry(i.key().to_string()));
    }
    if let Some(s) = filter.size_class {
        terms.push(FilterTerm::SizeClass(s.key().to_string()));
    }
    if let Some(v) = filter.eligible {
        terms.push(FilterTerm::Verdict(v));
    }
    if let Some(r) = filter.failed_rule {
        terms.push(FilterTerm::FailedRule(r.key().to_string()));
    }
    if let Some(q) = &filter.q {
        terms.push(FilterTerm::Search(q.clone()));
    }
    terms
}

/// The place an export covers, by name and by code: the county or city asked for, else
/// the user's jurisdiction, else the organisation whose assignments it lists.
fn place(user: &CurrentUser, filter: &EnterpriseFilter) -> (String, String) {
    let code = filter
        .county
        .clone()
        .or_else(|| filter.prefecture.clone())
        .or_else(|| match user.scope() {
            Scope::Province(code) | Scope::City(code) => Some(code.clone()),
            _ => None,
        });
    match code {
        Some(code) => (division::full_name(&code), code),
        None => (
            user.organisation_name().unwrap_or("").to_string(),
            String::new(),
        ),
    }
}

/// `{what}_{place}_{date}.{ext}`, the date China's; empty parts left out.
pub(crate) fn file_name(what: (&str, &str), place: (&str, &str), format: Format) -> FileName {
    let date = cst::date_cst(crate::now()).format("%Y-%m-%d").to_string();
    let ext = extension(format);
    let join = |parts: [&str; 3]| {
        let kept: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        format!("{}.{ext}", kept.join("_"))
    };
    FileName {
        display: join([what.0, place.0, &date]),
        ascii: join([what.1, place.1, &date]),
    }
}

/// Export the list with `filter` within the user's scope.
pub async fn export(
    app: &App,
    user: &CurrentUser,
    filter: &EnterpriseFilter,
    format: Format,
) -> AppResult<ExportFile> {
    require(user, Permission::ExportEnterprises)?;
    crate::enterprises::check_places(user.scope(), filter)?;
    let mut batches = uplift_store::enterprises::batches(app.store(), user.scope(), filter).await?;
    let spool = Spool::create(
        app,
        format,
        "企业名录",
        HEADER.iter().map(|h| h.to_string()).collect(),
    )
    .await?;
    let viewer = user.role();
    let mut rows = 0u64;
    loop {
        match batches.next().await {
            Ok(Some(batch)) => {
                rows += batch.len() as u64;
                if !spool
                    .rows(batch.iter().map(|e| row(e, viewer)).collect())
                    .await
                {
                    break; // the writer failed; `finish` reports it
                }
            }
            Ok(None) => break,
            Err(e) => {
                spool.abandon().await;
                return Err(e.into());
            }
        }
    }
    let file = spool.finish().await?;

    let mut tx = app.store().write(&user.actor()).await?;
    let note = AuditNote::Exported {
        format: extension(format).to_string(),
        rows,
        filter: filter_terms(filter),
    };
    tx.audit("enterprise.export", "enterprises", &note.to_json())
        .await?;
    tx.commit().await?;

    let (place_name, place_code) = place(user, filter);
    Ok(ExportFile {
        file,
        format,
        rows,
        name: file_name(
            ("企业名录", "enterprises"),
            (&place_name, &place_code),
            format,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_keeps_exactly_its_decimals() {
        assert_eq!(
            wan_cell(Some(Money::from_wan(5000))),
            Cell::Decimal {
                units: 5000,
                scale: 0
            }
        );
        assert_eq!(
            wan_cell(Some(Money::from_yuan(20_005_000))),
            Cell::Decimal {
                units: 20_005,
                scale: 1
            }
        );
        assert_eq!(
            wan_cell(Some(Money::from_yuan(1))),
            Cell::Decimal { units: 1, scale: 4 }
        );
        assert_eq!(wan_cell(None), Cell::Empty);
    }
}
