//! Files that leave the platform: the use case writes them, this streams them out under a
//! name that says what and when (`企业名录_长沙市_2026-11-29.xlsx`), written for every
//! browser: RFC 6266 `filename*=UTF-8''…` and a plain ASCII `filename` beside it.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::io::AsyncReadExt;
use uplift_app::exports::{self, ExportFile, FileName};
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
    let out = exports::export(&state.app, &auth.user, &q.filter(), format).await?;
    Ok(send(out))
}

pub fn mime(format: Format) -> &'static str {
    match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
}

/// `attachment; filename="enterprises_430100_2026-11-29.xlsx";
/// filename*=UTF-8''%E4%BC%81…` (RFC 6266 with RFC 8187's encoding).
pub fn content_disposition(name: &FileName) -> String {
    let ascii: String = name
        .ascii
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.display.len() * 3);
    for byte in name.display.bytes() {
        // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A file as a response body read 64 KiB at a time: a province-wide export or a large
/// report never sits whole in the server's memory.
pub fn streamed(file: tokio::fs::File) -> Body {
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
    Body::from_stream(stream)
}

/// A file of the platform sent as a download in `format` under `name`.
pub fn attachment(file: tokio::fs::File, format: Format, name: &FileName) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime(format).to_string()),
            (header::CONTENT_DISPOSITION, content_disposition(name)),
        ],
        streamed(file),
    )
        .into_response()
}

/// Stream an export to the browser.
pub fn send(out: ExportFile) -> Response {
    attachment(out.file, out.format, &out.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_file_name_travels_encoded_with_an_ascii_fallback() {
        let name = FileName {
            display: "企业名录_长沙市_2026-11-29.xlsx".into(),
            ascii: "enterprises_430100_2026-11-29.xlsx".into(),
        };
        assert_eq!(
            content_disposition(&name),
            "attachment; filename=\"enterprises_430100_2026-11-29.xlsx\"; \
             filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95_%E9%95%BF%E6%B2%99%E5%B8%82_2026-11-29.xlsx"
        );
    }
}
