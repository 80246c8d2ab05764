//! One place that turns every failure into a page or a JSON body (kanidm's habit): the
//! handler returns an [`AppError`]; [`render_errors`] sees it on the way out and renders it
//! in the requester's language, as HTML for pages and JSON under `/api`. Internal details
//! go to the log under an operation id; the user sees only the id to quote.

use std::any::Any;

use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use serde_json::json;
use uplift_app::Refusal;
use uplift_domain::Lang;

use crate::context::lang_from_headers;
use crate::i18n::{t, t_dyn};

/// What went wrong, as the user may be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Also "outside your scope" and "not for your role": existence never leaks.
    NotFound,
    /// Not logged in (pages redirect to the login page instead).
    Unauthenticated,
    /// A cross-site form post.
    CrossSite,
    /// A request the platform cannot read (a bad path, a broken upload); the string is a
    /// translation key.
    BadRequest(String),
    /// What the programme's rules refuse, named by the use case.
    Refused(Refusal),
    /// A password someone else set must be changed first (the API's answer; pages
    /// redirect to the change form).
    PasswordChangeRequired,
    /// The second factor is still to be given (pages redirect to its form).
    SecondFactorPending,
    /// A request the framework itself refused before any handler saw it: a path
    /// parameter that is not a number, a wrong content type, malformed JSON, a method the
    /// route does not take, a body too large. Same page and JSON shape as the rest.
    Rejected(Rejection),
    /// Something on our side; details are in the log under the operation id.
    Internal,
}

/// The framework's refusals, by the status it chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// 400 or 422: a path, query, form or JSON body that does not parse.
    Unreadable(StatusCode),
    /// 405.
    MethodNotAllowed,
    /// 413.
    TooLarge,
    /// 415.
    UnsupportedMediaType,
}

impl Rejection {
    fn of(status: StatusCode) -> Rejection {
        match status {
            StatusCode::METHOD_NOT_ALLOWED => Rejection::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => Rejection::TooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Rejection::UnsupportedMediaType,
            other => Rejection::Unreadable(other),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppError {
    pub kind: ErrorKind,
    pub op_id: String,
}

fn new_op_id() -> String {
    let mut bytes = [0u8; 4];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl AppError {
    pub fn new(kind: ErrorKind) -> AppError {
        AppError {
            kind,
            op_id: new_op_id(),
        }
    }

    pub fn not_found() -> AppError {
        AppError::new(ErrorKind::NotFound)
    }

    pub fn bad_request(key: impl Into<String>) -> AppError {
        AppError::new(ErrorKind::BadRequest(key.into()))
    }

    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        let err = AppError::new(ErrorKind::Internal);
        tracing::error!(op_id = %err.op_id, "internal error: {detail}");
        err
    }

    fn status(&self) -> StatusCode {
        match self.kind {
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorKind::CrossSite => StatusCode::FORBIDDEN,
            ErrorKind::BadRequest(_) => StatusCode::BAD_REQUEST,
            ErrorKind::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ErrorKind::SecondFactorPending => StatusCode::FORBIDDEN,
            ErrorKind::Rejected(Rejection::Unreadable(status)) => status,
            ErrorKind::Rejected(Rejection::MethodNotAllowed) => StatusCode::METHOD_NOT_ALLOWED,
            ErrorKind::Rejected(Rejection::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Rejected(Rejection::UnsupportedMediaType) => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match &self.kind {
            ErrorKind::NotFound => "not_found",
            ErrorKind::Unauthenticated => "unauthenticated",
            ErrorKind::CrossSite => "cross_site_request",
            ErrorKind::BadRequest(_) => "bad_request",
            ErrorKind::Refused(r) => r.code(),
            ErrorKind::PasswordChangeRequired => "password_change_required",
            ErrorKind::SecondFactorPending => "second_factor_pending",
            ErrorKind::Rejected(Rejection::Unreadable(_)) => "bad_request",
            ErrorKind::Rejected(Rejection::MethodNotAllowed) => "method_not_allowed",
            ErrorKind::Rejected(Rejection::TooLarge) => "payload_too_large",
            ErrorKind::Rejected(Rejection::UnsupportedMediaType) => "unsupported_media_type",
            ErrorKind::Internal => "internal",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match &self.kind {
            ErrorKind::NotFound => t(lang, "error.not_found").to_string(),
            ErrorKind::Unauthenticated => t(lang, "error.unauthenticated").to_string(),
            ErrorKind::CrossSite => t(lang, "error.cross_site").to_string(),
            ErrorKind::BadRequest(key) => t_dyn(lang, key),
            ErrorKind::Refused(r) => crate::i18n::refusal(lang, r),
            ErrorKind::PasswordChangeRequired => {
                t(lang, "error.password_change_required").to_string()
            }
            ErrorKind::SecondFactorPending => t(lang, "error.second_factor_pending").to_string(),
            ErrorKind::Rejected(r) => t(
                lang,
                match r {
                    Rejection::Unreadable(_) => "error.bad_request",
                    Rejection::MethodNotAllowed => "error.method_not_allowed",
                    Rejection::TooLarge => "error.payload_too_large",
                    Rejection::UnsupportedMediaType => "error.unsupported_media_type",
                },
            )
            .to_string(),
            ErrorKind::Internal => t(lang, "error.internal").to_string(),
        }
    }
}

impl From<uplift_app::Error> for AppError {
    fn from(err: uplift_app::Error) -> Self {
        match err {
            uplift_app::Error::NotFound => AppError::not_found(),
            uplift_app::Error::Refused(r) => AppError::new(ErrorKind::Refused(r)),
            uplift_app::Error::PasswordChangeRequired => {
                AppError::new(ErrorKind::PasswordChangeRequired)
            }
            uplift_app::Error::SecondFactorPending => AppError::new(ErrorKind::SecondFactorPending),
            uplift_app::Error::Internal(detail) => AppError::internal(detail),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        res.extensions_mut().insert(self);
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: Lang,
    status: u16,
    message: &'a str,
    op_id: &'a str,
}

impl ErrorPage<'_> {
    fn t(&self, key: &'static str) -> &'static str {
        t(self.lang, key)
    }
}

/// Render any [`AppError`] a handler (or an extractor, or the panic catcher) returned.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let lang = lang_from_headers(req.headers());
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let Some(err) = res
        .extensions_mut()
        .remove::<AppError>()
        .or_else(|| framework_refusal(&res))
    else {
        return res;
    };
    let status = res.status();
    let allow = res.headers().get(header::ALLOW).cloned();
    let message = err.message(lang);
    if is_api {
        let body = json!({
            "error": { "code": err.code(), "message": message, "operation_id": err.op_id }
        });
        let mut out = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            out.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(allow) = allow {
            out.headers_mut().insert(header::ALLOW, allow);
        }
        return out;
    }
    let page = ErrorPage {
        lang,
        status: status.as_u16(),
        message: &message,
        op_id: &err.op_id,
    };
    match page.render() {
        Ok(html) => {
            let mut out = (status, axum::response::Html(html)).into_response();
            if let Some(allow) = allow {
                out.headers_mut().insert(header::ALLOW, allow);
            }
            out
        }
        Err(e) => {
            tracing::error!(op_id = %err.op_id, "error page failed to render: {e}");
            (status, format!("{message} ({})", err.op_id)).into_response()
        }
    }
}

/// A refusal the framework answered by itself (axum's rejections are plain text, the
/// router's 404 and 405 empty): a client error that is neither our page nor our JSON.
fn framework_refusal(res: &Response) -> Option<AppError> {
    let status = res.status();
    if !status.is_client_error() {
        return None;
    }
    let ours = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if ours {
        return None;
    }
    Some(match status {
        StatusCode::NOT_FOUND => AppError::not_found(),
        other => AppError::new(ErrorKind::Rejected(Rejection::of(other))),
    })
}

/// The panic catcher's response: logged with an operation id, rendered like any 500.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    AppError::internal(format!("handler panicked: {detail}")).into_response()
}
