//! Exporting the current filtered list to CSV (UTF-8 with BOM, so Excel opens it) or
//! XLSX. Rows are written to a temporary file batch by batch and the file is streamed
//! out, so a province-wide export never sits in memory. Phones are masked for roles that
//! do not need them, and every export is recorded with its filter and row count.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use tokio::io::AsyncReadExt;
use uplift_domain::Lang;
use uplift_domain::directory::OperatingStatus;
use uplift_domain::money::Money;
use uplift_domain::role::Role;
use uplift_sheets::{Format, SheetWriter, TextEncoding};
use uplift_store::enterprises;

use super::enterprises::{industry_label, phone_for, size_badge};
use crate::AppState;
use crate::context::Auth;
use crate::error::{AppError, AppResult};
use crate::filters::EnterpriseQuery;

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

pub async fn export(
    State(state): State<AppState>,
    auth: Auth,
    Path(file): Path<String>,
    Query(q): Query<EnterpriseQuery>,
) -> AppResult<Response> {
    auth.require(Role::reads_enterprises)?;
    let user = &auth.user;
    let format = match file.as_str() {
        "export.csv" => Format::Csv,
        "export.xlsx" => Format::Xlsx,
        _ => return Err(AppError::not_found()),
    };
    let filter = q.filter(&user.scope);
    let dir = state.config.data_dir.join("exports");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(AppError::internal)?;
    let mut rnd = [0u8; 8];
    rand::rng().fill_bytes(&mut rnd);
    let ext = if format == Format::Csv { "csv" } else { "xlsx" };
    let path = dir.join(format!("export-{}.{ext}", hex::encode(rnd)));
    let mut writer = SheetWriter::create(&path, format, TextEncoding::Utf8, Some("企业名录"))
        .map_err(AppError::internal)?;
    writer.write_row(&HEADER).map_err(AppError::internal)?;
    let wan = |m: Option<Money>| m.map(Money::to_wan_string).unwrap_or_default();
    let mut write_error = None;
    let rows = enterprises::for_each(&state.store, &user.scope, &filter, |e| {
        let status = OperatingStatus::from_key(&e.operating_status)
            .map(|s| s.name(Lang::Zh))
            .unwrap_or("");
        let failed: Vec<&str> = e.failed().iter().map(|r| r.name(Lang::Zh)).collect();
        let row = [
            e.uscc.clone(),
            e.name.clone(),
            e.division_code.clone(),
            industry_label(Lang::Zh, &e.industry),
            size_badge(Lang::Zh, e.size_class.as_deref())
                .map(|s| s.1)
                .unwrap_or_default(),
            e.employees.map(|n| n.to_string()).unwrap_or_default(),
            wan(e.operating_revenue),
            wan(e.main_revenue),
            wan(e.total_assets),
            status.to_string(),
            e.contact_name.clone().unwrap_or_default(),
            phone_for(user, e.contact_phone.as_deref()),
            match e.eligible {
                Some(true) => "符合条件".to_string(),
                Some(false) => "不符合".to_string(),
                None => String::new(),
            },
            failed.join("；"),
        ];
        if write_error.is_none()
            && let Err(err) = writer.write_row(&row)
        {
            write_error = Some(err);
        }
        Ok(())
    })
    .await?;
    if let Some(err) = write_error {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(AppError::internal(err));
    }
    writer.finish().map_err(AppError::internal)?;

    let mut tx = state.store.write(&auth.ctx.actor()).await?;
    tx.audit(
        "enterprise.export",
        "enterprises",
        &format!("{ext}; filter {:?}; {rows} rows", q.params()),
    )
    .await?;
    tx.commit().await?;

    let file = tokio::fs::File::open(&path)
        .await
        .map_err(AppError::internal)?;
    // The open handle keeps the data readable; the name can go now.
    let _ = tokio::fs::remove_file(&path).await;
    let stream = futures_util::stream::unfold(file, |mut file| async move {
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(buf), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    let mime = if format == Format::Csv {
        "text/csv; charset=utf-8"
    } else {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"enterprises.{ext}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
