//! What can go wrong in a request, with a stable code and a Vietnamese message; answered as JSON
//! for the API (`{"error": {"code", "message"}}`) and as a page a user understands for the UI.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Lang;

/// What a failure says: in Vietnamese, the product's language and the API's (DESIGN §2), and in
/// English when the place that refuses has said it. A page in English whose failure has no
/// English falls back on a sentence of the failure's kind (`Failure::message_in`), never on the
/// Vietnamese text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub vi: String,
    pub en: Option<String>,
}

impl Msg {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            vi: vi.into(),
            en: Some(en.into()),
        }
    }

    /// The text in the page's language, `None` when it was said in Vietnamese only.
    pub fn in_lang(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Vi => Some(&self.vi),
            Lang::En => self.en.as_deref(),
        }
    }
}

impl From<String> for Msg {
    fn from(vi: String) -> Msg {
        Msg { vi, en: None }
    }
}

impl From<&str> for Msg {
    fn from(vi: &str) -> Msg {
        Msg {
            vi: vi.into(),
            en: None,
        }
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.vi)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    NotSignedIn,
    Forbidden,
    /// What was not found, as a noun phrase ("cơ sở mã 80803001" / "the institution 80803001").
    NotFound(Msg),
    BadRequest(Msg),
    Conflict(Msg),
    /// The figures of an approved report: refused whoever asks.
    Locked(Msg),
    TooManyAttempts,
    /// A form without the session's CSRF token, or with a stale one: possibly sent by another
    /// site, so refused (403) whatever it asks.
    StaleForm,
    /// An upload over the size the server accepts (413); the message names the limit.
    TooLarge(Msg),
    /// Nothing was done because the server is busy: the database is held by a large write, or
    /// too many imports run. The same request a little later will pass (503, Retry-After).
    Busy(Msg),
    Internal,
}

/// What a user is told when the store is busy.
pub const BUSY_MESSAGE: &str = "Hệ thống đang bận, vui lòng thử lại sau ít phút.";
/// The same in English.
pub const BUSY_MESSAGE_EN: &str = "The system is busy, please try again in a few minutes.";
/// The pause suggested to clients of a busy server (`Retry-After`, seconds).
pub const RETRY_AFTER_SECONDS: u32 = 30;

impl Failure {
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::NotSignedIn => StatusCode::UNAUTHORIZED,
            Failure::Forbidden => StatusCode::FORBIDDEN,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::Locked(_) => StatusCode::LOCKED,
            Failure::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Failure::StaleForm => StatusCode::FORBIDDEN,
            Failure::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Failure::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Failure::NotSignedIn => "not_signed_in",
            Failure::Forbidden => "forbidden",
            Failure::NotFound(_) => "not_found",
            Failure::BadRequest(_) => "bad_request",
            Failure::Conflict(_) => "conflict",
            Failure::Locked(_) => "locked",
            Failure::TooManyAttempts => "too_many_attempts",
            Failure::StaleForm => "stale_form",
            Failure::TooLarge(_) => "too_large",
            Failure::Busy(_) => "busy",
            Failure::Internal => "internal",
        }
    }

    /// The message in Vietnamese: what the API says (DESIGN §2) and the page's first language.
    pub fn message(&self) -> String {
        self.message_in(Lang::Vi)
    }

    /// The message in the page's language.
    pub fn message_in(&self, lang: Lang) -> String {
        let said = |msg: &Msg, fallback: &str| {
            msg.in_lang(lang)
                .map(str::to_string)
                .unwrap_or_else(|| fallback.to_string())
        };
        let en = lang == Lang::En;
        match self {
            Failure::NotSignedIn if en => "You need to sign in to continue.".into(),
            Failure::NotSignedIn => "Bạn cần đăng nhập để tiếp tục.".into(),
            Failure::Forbidden if en => {
                "You may not see or change this (it lies outside the scope of your account).".into()
            }
            Failure::Forbidden => {
                "Bạn không có quyền truy cập nội dung này (ngoài phạm vi quản lý).".into()
            }
            Failure::NotFound(what) => match what.in_lang(lang) {
                Some(what) if en => format!("Could not find {what}."),
                Some(what) => format!("Không tìm thấy {what}."),
                None => "Could not find what was asked for. Please check the address.".into(),
            },
            Failure::BadRequest(why) => said(
                why,
                "What was sent is not valid. Please check it and try again.",
            ),
            Failure::Conflict(why) => said(
                why,
                "This clashes with data that exists or has just changed; nothing was saved.",
            ),
            Failure::Locked(why) => said(
                why,
                "These figures are locked by an approved report; any change needs a correction \
                 approved by the unit above.",
            ),
            Failure::TooLarge(why) => said(why, "What was sent is too large."),
            Failure::Busy(why) => said(
                why,
                "The system is busy, please try again in a few minutes.",
            ),
            Failure::TooManyAttempts if en => {
                "Too many failed sign-ins. Please try again in 15 minutes.".into()
            }
            Failure::TooManyAttempts => {
                "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.".into()
            }
            Failure::StaleForm if en => {
                "The form has expired or is not valid. Please reload the page and try again.".into()
            }
            Failure::StaleForm => {
                "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.".into()
            }
            Failure::Internal if en => {
                "The system failed. Please try again later or tell the administrator.".into()
            }
            Failure::Internal => {
                "Hệ thống gặp lỗi. Vui lòng thử lại sau hoặc báo quản trị viên.".into()
            }
        }
    }
}

impl From<store::StoreError> for Failure {
    fn from(error: store::StoreError) -> Self {
        match error {
            // The store names what clashed in Vietnamese; the English page says it generally.
            store::StoreError::Conflict(what) => Failure::Conflict(Msg::new(
                format!("Đã tồn tại {what}."),
                "This already exists; nothing was saved.",
            )),
            store::StoreError::NotFound(what) => Failure::NotFound(what.into()),
            store::StoreError::Locked(what) => Failure::Locked(Msg::new(
                format!(
                    "Số liệu đã khóa: {what}. Mọi thay đổi phải gửi đề nghị điều chỉnh và được duyệt."
                ),
                "These figures are locked. Any change needs a correction request, approved above.",
            )),
            // The page is the record's own: "this record", not its number.
            store::StoreError::Stale(_) => Failure::Conflict(Msg::new(
                "Hồ sơ này vừa được người khác thay đổi; không ghi gì. Hãy tải lại trang và làm lại.",
                "Someone else has just changed this record; nothing was saved. Please reload \
                 the page and do it again.",
            )),
            store::StoreError::Busy => {
                tracing::warn!("cơ sở dữ liệu bận; yêu cầu được trả lời 503");
                Failure::Busy(Msg::new(BUSY_MESSAGE, BUSY_MESSAGE_EN))
            }
            other => {
                // The cause goes to the operator's log; the user sees a plain message.
                tracing::error!(error = ?other, "lỗi cơ sở dữ liệu");
                Failure::Internal
            }
        }
    }
}

/// A text longer than its field (`domain::limits`): refused before anything is written.
impl From<domain::limits::TooLong> for Failure {
    fn from(too_long: domain::limits::TooLong) -> Self {
        Failure::BadRequest(Msg::new(
            format!("{too_long}; chưa lưu gì."),
            format!(
                "{} is too long (at most {} characters); nothing was saved.",
                too_long.label_en, too_long.max_chars
            ),
        ))
    }
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code scripts can rely on: not_signed_in, forbidden, not_found, bad_request,
    /// conflict, locked, too_many_attempts, stale_form, too_large, busy (503 with
    /// `Retry-After`: try again later), internal.
    pub code: String,
    /// What happened, in Vietnamese.
    pub message: String,
}

/// A failure answered as JSON, for the API.
#[derive(Debug)]
pub struct ApiFailure(pub Failure);

impl<E: Into<Failure>> From<E> for ApiFailure {
    fn from(error: E) -> Self {
        ApiFailure(error.into())
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.0.code().into(),
                message: self.0.message(),
            },
        };
        with_retry_after(&self.0, (self.0.status(), Json(body)).into_response())
    }
}

/// A busy answer tells the client when to come back.
fn with_retry_after(failure: &Failure, mut response: Response) -> Response {
    if matches!(failure, Failure::Busy(_)) {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(RETRY_AFTER_SECONDS),
        );
    }
    response
}

/// A failure answered as a page; a missing sign-in goes to the sign-in page.
#[derive(Debug)]
pub struct PageFailure(pub Failure);

impl<E: Into<Failure>> From<E> for PageFailure {
    fn from(error: E) -> Self {
        PageFailure(error.into())
    }
}

impl IntoResponse for PageFailure {
    fn into_response(self) -> Response {
        if self.0 == Failure::NotSignedIn {
            return Redirect::to("/dang-nhap").into_response();
        }
        // The page is rendered for the caller by `pages::failure_page::dress`.
        let page = crate::pages::error_page(self.0.clone());
        with_retry_after(&self.0, page)
    }
}
