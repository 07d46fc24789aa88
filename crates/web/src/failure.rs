//! What can go wrong in a request, with a stable code and a Vietnamese message; answered as JSON
//! for the API (`{"error": {"code", "message"}}`) and as a page a user understands for the UI.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    NotSignedIn,
    Forbidden,
    NotFound(String),
    BadRequest(String),
    Conflict(String),
    /// The figures of an approved report: refused whoever asks.
    Locked(String),
    TooManyAttempts,
    /// A form without the session's CSRF token, or with a stale one: possibly sent by another
    /// site, so refused (403) whatever it asks.
    StaleForm,
    /// An upload over the size the server accepts (413); the message names the limit.
    TooLarge(String),
    /// Nothing was done because the server is busy: the database is held by a large write, or
    /// too many imports run. The same request a little later will pass (503, Retry-After).
    Busy(String),
    Internal,
}

/// What a user is told when the store is busy.
pub const BUSY_MESSAGE: &str = "Hệ thống đang bận, vui lòng thử lại sau ít phút.";
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

    pub fn message(&self) -> String {
        match self {
            Failure::NotSignedIn => "Bạn cần đăng nhập để tiếp tục.".into(),
            Failure::Forbidden => {
                "Bạn không có quyền truy cập nội dung này (ngoài phạm vi quản lý).".into()
            }
            Failure::NotFound(what) => format!("Không tìm thấy {what}."),
            Failure::BadRequest(why) => why.clone(),
            Failure::Conflict(why) => why.clone(),
            Failure::Locked(why) => why.clone(),
            Failure::TooLarge(why) => why.clone(),
            Failure::Busy(why) => why.clone(),
            Failure::TooManyAttempts => {
                "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.".into()
            }
            Failure::StaleForm => {
                "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.".into()
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
            store::StoreError::Conflict(what) => Failure::Conflict(format!("Đã tồn tại {what}.")),
            store::StoreError::NotFound(what) => Failure::NotFound(what),
            store::StoreError::Locked(what) => Failure::Locked(format!(
                "Số liệu đã khóa: {what}. Mọi thay đổi phải gửi đề nghị điều chỉnh và được duyệt."
            )),
            // The page is the record's own: "this record", not its number.
            store::StoreError::Stale(_) => Failure::Conflict(
                "Hồ sơ này vừa được người khác thay đổi; không ghi gì. Hãy tải lại trang và làm lại."
                    .into(),
            ),
            store::StoreError::Busy => {
                tracing::warn!("cơ sở dữ liệu bận; yêu cầu được trả lời 503");
                Failure::Busy(BUSY_MESSAGE.into())
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
        Failure::BadRequest(format!("{too_long}; chưa lưu gì."))
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
        let page = crate::pages::error_page(self.0.status(), &self.0.message());
        with_retry_after(&self.0, page)
    }
}
