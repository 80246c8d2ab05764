//! 推荐企业汇总表: a city's recommendation list as the XLSX a city sends up to the
//! province (one row per enterprise, in the city's order, with its 推荐表's fields), and a
//! 说明 sheet with what the cover letter says (city, count, range, submitted when, late or
//! not). The province may take any city's list, or the whole province's.

use chrono::NaiveDate;
use rand::RngCore;
use uplift_domain::Lang;
use uplift_domain::cst;
use uplift_domain::division;
use uplift_domain::eligibility::Rule;
use uplift_domain::money::Money;
use uplift_domain::permission::Permission;
use uplift_domain::privacy::phone_as_seen_by;
use uplift_domain::role::Scope;
use uplift_domain::sme::{Industry, SizeClass};
use uplift_domain::workflow::{Consent, ParticipationState};
use uplift_sheets::{Cell, Format, SheetLayout, SheetWriter, TextEncoding};
use uplift_store::participations as stored;

use super::{Campaign, Participation, visible};
use crate::enterprises::Enterprise;
use crate::{App, AppResult, CurrentUser, Error, require};

/// A finished sheet, small enough to send from memory.
pub struct SheetFile {
    pub bytes: Vec<u8>,
    /// What and when: `推荐名单_长沙市_2026-11-30.xlsx`.
    pub file_name: String,
    pub rows: usize,
}

const HEADER: [&str; 27] = [
    "序号",
    "市州",
    "推荐排序",
    "企业名称",
    "统一社会信用代码",
    "所在县市区",
    "行业",
    "企业规模",
    "从业人员(人)",
    "营业收入(万元)",
    "主营业务收入(万元)",
    "本地优势产业链",
    "推荐理由",
    "企业联系人",
    "联系电话",
    "管理层承诺负责人",
    "投入人员",
    "投入时间",
    "工作安排",
    "设备设施",
    "资格审查结论",
    "不符合的条件",
    "不符合条件仍推荐的说明",
    "企业确认参与",
    "状态",
    "企业来源",
    "上报时间",
];

fn wan(m: Option<Money>) -> Cell {
    // 万元 with four decimals: exact to the yuan, and a number in Excel.
    m.map_or(Cell::Empty, |m| Cell::Decimal {
        units: m.yuan(),
        scale: 4,
    })
}

fn city_name(code: &str) -> String {
    division::known_prefecture(code)
        .map(|d| d.name_zh.to_string())
        .unwrap_or_else(|| division::full_name(code))
}

/// The rules failed when the city recommended the enterprise (kept as evidence).
fn failed_at_recommendation(p: &Participation) -> String {
    let keys: Vec<String> = p
        .verdict_failed
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    keys.iter()
        .filter_map(|k| Rule::from_key(k))
        .map(|r| r.name(Lang::Zh))
        .collect::<Vec<_>>()
        .join("；")
}

fn text(value: &Option<String>) -> Cell {
    value.clone().map_or(Cell::Empty, Cell::Text)
}

struct Row<'a> {
    n: usize,
    p: &'a Participation,
    e: &'a Enterprise,
    submitted_at: Option<chrono::NaiveDateTime>,
}

fn cells(row: &Row<'_>, viewer: uplift_domain::role::Role) -> Vec<Cell> {
    let (p, e) = (row.p, row.e);
    let verdict = match p.verdict_eligible {
        Some(true) => "符合条件",
        Some(false) => "不符合",
        None => "未审查",
    };
    vec![
        Cell::Integer(i64::try_from(row.n).unwrap_or(i64::MAX)),
        Cell::Text(city_name(&p.city_code)),
        p.city_rank.map_or(Cell::Empty, Cell::from),
        Cell::Text(e.name.clone()),
        Cell::Text(e.uscc.clone()),
        Cell::Text(division::full_name(&e.division_code)),
        Cell::Text(
            Industry::from_key(&e.industry)
                .map(|i| i.name_zh().to_string())
                .unwrap_or_else(|| e.industry.clone()),
        ),
        Cell::Text(
            e.size_class
                .as_deref()
                .and_then(SizeClass::from_key)
                .map(|s| s.name(Lang::Zh).to_string())
                .unwrap_or_default(),
        ),
        e.employees.map_or(Cell::Empty, Cell::Integer),
        wan(e.operating_revenue),
        wan(e.main_revenue),
        text(&p.industry_chain),
        text(&p.reason),
        text(&p.contact_name),
        p.contact_phone
            .as_deref()
            .map_or(Cell::Empty, |ph| Cell::Text(phone_as_seen_by(viewer, ph))),
        text(&p.commitment_person),
        text(&p.commitment_people),
        text(&p.commitment_time),
        text(&p.commitment_arrangements),
        text(&p.commitment_equipment),
        Cell::Text(verdict.to_string()),
        Cell::Text(failed_at_recommendation(p)),
        text(&p.justification),
        Cell::Text(
            Consent::from_key(&p.consent)
                .map(|c| c.name(Lang::Zh).to_string())
                .unwrap_or_default(),
        ),
        Cell::Text(
            ParticipationState::from_key(&p.state)
                .map(|s| s.name(Lang::Zh).to_string())
                .unwrap_or_default(),
        ),
        Cell::Text(if p.origin == "applied" {
            "企业自主申报".to_string()
        } else {
            "市州推荐".to_string()
        }),
        row.submitted_at.map_or(Cell::Empty, Cell::DateTime),
    ]
}

/// The notes sheet: what the list is, as the cover of a city's submission says it.
fn notes(
    c: &Campaign,
    place: &str,
    count: usize,
    range: Option<String>,
    submitted: Option<(chrono::NaiveDateTime, bool)>,
    today: NaiveDate,
) -> Vec<Vec<Cell>> {
    let t = |s: &str| Cell::Text(s.to_string());
    let mut rows = vec![
        vec![Cell::Text(format!("{}推荐企业汇总表", c.settings.name))],
        vec![t("推荐单位"), Cell::Text(place.to_string())],
        vec![
            t("推荐数量（家）"),
            Cell::Integer(i64::try_from(count).unwrap_or(i64::MAX)),
        ],
    ];
    if let Some(range) = range {
        rows.push(vec![t("推荐数量要求"), Cell::Text(range)]);
    }
    if let Some(deadline) = c.settings.recommendation_deadline {
        rows.push(vec![t("上报截止日期"), Cell::Date(deadline)]);
    }
    match submitted {
        Some((at, late)) => {
            rows.push(vec![t("上报时间"), Cell::DateTime(at)]);
            rows.push(vec![
                t("是否逾期"),
                t(if late { "逾期上报" } else { "按时" }),
            ]);
        }
        None => rows.push(vec![t("上报时间"), t("尚未上报")]),
    }
    rows.push(vec![t("导出日期"), Cell::Date(today)]);
    rows.push(vec![t("填报单位（盖章）"), Cell::Empty]);
    rows.push(vec![t("联系人及电话"), Cell::Empty]);
    rows
}

/// The recommendation list of the user's city (a city), or of `city` (the province; all
/// its cities when `None`), as XLSX. A city outside the user's jurisdiction: `NotFound`.
pub async fn recommendation_sheet(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    city: Option<&str>,
) -> AppResult<SheetFile> {
    require(user, Permission::Recommend)
        .or_else(|_| require(user, Permission::SelectEnterprises))?;
    let c = visible(app, user, campaign_id).await?;
    let city: Option<String> = match user.scope() {
        Scope::City(own) => Some(own.clone()),
        Scope::Province(_) => match city.map(str::trim).filter(|s| !s.is_empty()) {
            Some(code) => {
                let known = division::prefectures_of(&c.province_code)
                    .iter()
                    .any(|d| d.code == code);
                if !known {
                    return Err(Error::NotFound);
                }
                Some(code.to_string())
            }
            None => None,
        },
        _ => return Err(Error::NotFound),
    };
    let db = app.store().db();
    let mut list: Vec<Participation> = Vec::new();
    for p in stored::for_campaign(db, c.id, city.as_deref()).await? {
        if stored::state_of(&p)?.counts_toward_city_list() {
            list.push(p);
        }
    }
    let submissions = stored::submissions(db, c.id).await?;
    let ids: Vec<i64> = list.iter().map(|p| p.enterprise_id).collect();
    let named = uplift_store::enterprises::by_ids(app.store(), &ids).await?;
    let viewer = user.role();
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(list.len());
    for p in &list {
        let Some(e) = named.iter().find(|e| e.id == p.enterprise_id) else {
            continue;
        };
        let submitted_at = submissions
            .iter()
            .find(|s| s.city_code == p.city_code)
            .filter(|_| p.state != ParticipationState::Recommended.key())
            .map(|s| cst::to_cst(s.submitted_at));
        rows.push(cells(
            &Row {
                n: rows.len() + 1,
                p,
                e,
                submitted_at,
            },
            viewer,
        ));
    }
    let today = cst::date_cst(crate::now());
    let place = city
        .as_deref()
        .map(|code| format!("{}市场监督管理局", city_name(code)))
        .unwrap_or_else(|| division::full_name(&c.province_code));
    let range = city.as_deref().map(|code| {
        let r = c.settings.range_for(code);
        format!("{}～{}家", r.min, r.max)
    });
    let submitted = city.as_deref().and_then(|code| {
        submissions
            .iter()
            .find(|s| s.city_code == code)
            .map(|s| (cst::to_cst(s.submitted_at), s.late))
    });
    let notes = notes(&c, &place, rows.len(), range, submitted, today);
    let count = rows.len();

    let dir = app.settings().data_dir.join("exports");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(Error::internal)?;
    let mut rnd = [0u8; 8];
    rand::rng().fill_bytes(&mut rnd);
    let path = dir.join(format!("recommendations-{}.xlsx", hex::encode(rnd)));
    let writer_path = path.clone();
    let written = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        let mut w = SheetWriter::create(
            &writer_path,
            Format::Xlsx,
            TextEncoding::Utf8,
            Some("推荐名单"),
        )
        .map_err(|e| e.to_string())?;
        w.write_row(&HEADER).map_err(|e| e.to_string())?;
        for r in &rows {
            w.write_cells(r).map_err(|e| e.to_string())?;
        }
        w.add_sheet("说明", SheetLayout::Notes)
            .map_err(|e| e.to_string())?;
        for r in &notes {
            w.write_cells(r).map_err(|e| e.to_string())?;
        }
        w.finish().map_err(|e| e.to_string())?;
        let bytes = std::fs::read(&writer_path).map_err(|e| e.to_string());
        let _ = std::fs::remove_file(&writer_path);
        bytes
    })
    .await
    .map_err(Error::internal)?;
    let bytes = match written {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(Error::internal(format!("recommendation sheet: {e}")));
        }
    };

    let mut tx = app.store().write(&user.actor()).await?;
    let note = uplift_domain::audit_log::AuditNote::Exported {
        format: "xlsx".into(),
        rows: count as u64,
        filter: city
            .iter()
            .map(|c| uplift_domain::audit_log::FilterTerm::City(c.clone()))
            .collect(),
    };
    tx.audit(
        "campaign.export",
        &format!("campaign:{}", c.id),
        &note.to_json(),
    )
    .await?;
    tx.commit().await?;
    let who = city
        .as_deref()
        .map(city_name)
        .unwrap_or_else(|| division::full_name(&c.province_code));
    Ok(SheetFile {
        bytes,
        file_name: format!("推荐名单_{}_{who}_{today}.xlsx", c.settings.year),
        rows: count,
    })
}
