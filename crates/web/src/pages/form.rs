//! The form extractor of the pages. axum's own answers a body it cannot read with a plain-text
//! 422 in English; ours answers like every other page: a Vietnamese error page, 403 when the
//! CSRF field is missing (the form may come from another site), 400 when the body is malformed,
//! 413 when it is too large.

use axum::extract::{FromRequest, RawForm, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::failure::{Failure, Msg, PageFailure};

/// A URL-encoded form body, deserialized into `T`; use it instead of `axum::Form` in pages.
#[derive(Debug, Clone)]
pub struct Form<T>(pub T);

/// The name of the hidden field every form of a page carries.
const CSRF_FIELD: &str = "csrf";

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let RawForm(bytes) = RawForm::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    PageFailure(Failure::TooLarge(Msg::new(
                        "Nội dung gửi lên quá lớn.",
                        "What was sent is too large.",
                    )))
                    .into_response()
                } else {
                    malformed()
                }
            })?;
        match serde_urlencoded::from_bytes::<T>(&bytes) {
            Ok(value) => Ok(Form(value)),
            Err(_) if !has_csrf_field(&bytes) => {
                Err(PageFailure(Failure::StaleForm).into_response())
            }
            Err(_) => Err(malformed()),
        }
    }
}

fn has_csrf_field(body: &[u8]) -> bool {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .is_ok_and(|pairs| pairs.iter().any(|(name, _)| name == CSRF_FIELD))
}

fn malformed() -> Response {
    PageFailure(Failure::BadRequest(Msg::new(
        "Biểu mẫu gửi lên không hợp lệ (thiếu ô bắt buộc hoặc sai định dạng). \
         Vui lòng tải lại trang và điền lại.",
        "The form sent is not valid (a required field is missing or malformed). \
         Please reload the page and fill it in again.",
    )))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csrf_field_is_recognised_among_others() {
        assert!(has_csrf_field(b"a=1&csrf=x"));
        assert!(has_csrf_field(b"csrf="));
        assert!(!has_csrf_field(b"a=1&csrfx=2"));
        assert!(!has_csrf_field(b""));
    }
}
