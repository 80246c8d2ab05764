//! Exporting the current filtered list to CSV or XLSX: the use case writes the file, this
//! streams it out.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::io::AsyncReadExt;
use uplift_app::exports;
use uplift_sheets::Format;

use crate::AppState;
use crate::context::Auth;
use crate::error::{AppError, AppResult};
use crate::filters::EnterpriseQuery;

pub async fn export(
    State(state): State<AppState>,
    auth: Auth,
    Path(file): Path<String>,
    Query(q): Query<EnterpriseQuery>,
) -> AppResult<Response> {
    let format = match file.as_str() {
        "export.csv" => Format::Csv,
        "export.xlsx" => Format::Xlsx,
        _ => return Err(AppError::not_found()),
    };
    let described = format!("{:?}", q.params());
    let out = exports::export(&state.app, &auth.user, &q.filter(), format, &described).await?;
    let stream = futures_util::stream::unfold(out.file, |mut file| async move {
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
    let (mime, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
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
