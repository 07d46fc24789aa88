//! The path and query extractors of every handler, pages and API alike. axum's own answer a
//! malformed address in English plain text ("Invalid URL: Cannot parse `abc` to a `i64`");
//! these answer like every other failure: a 400 whose message says which part of the address is
//! wrong, as a page (with the menu, in the page's language) or, under `/api/`, as the API's JSON
//! error.

use axum::extract::FromRequestParts;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::failure::{ApiFailure, Failure, Msg, PageFailure};

/// The parameters of the route's path (`/hoc-sinh/{id}`), deserialized into `T`.
#[derive(Debug, Clone)]
pub struct Path<T>(pub T);

/// The query string (`?nam=2024&cap=thcs`), deserialized into `T`.
#[derive(Debug, Clone)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(refuse(parts, path_failure(&rejection))),
        }
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        parse_query(query)
            .map(Query)
            .map_err(|failure| refuse(parts, failure))
    }
}

/// Reads a query string into `T`; a refusal names the parameter and the value it could not read.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, Failure> {
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let name = error.path().to_string();
        let value = form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.into_owned());
        query_failure(&name, value.as_deref())
    })
}

fn query_failure(name: &str, value: Option<&str>) -> Failure {
    let (vi, en) = match value {
        Some(value) => (
            format!("Tham số “{name}” trong địa chỉ có giá trị không hợp lệ: “{value}”."),
            format!(
                "The parameter “{name}” in the address has a value that is not valid: “{value}”."
            ),
        ),
        None => (
            format!("Địa chỉ thiếu tham số “{name}” hoặc tham số này không hợp lệ."),
            format!("The parameter “{name}” of the address is missing or not valid."),
        ),
    };
    Failure::BadRequest(Msg::new(vi, en))
}

fn path_failure(rejection: &PathRejection) -> Failure {
    let PathRejection::FailedToDeserializePathParams(error) = rejection else {
        // No parameters where the route expects some: a route set up wrongly, not the user.
        tracing::error!(rejection = %rejection.body_text(), "đường dẫn không có tham số");
        return Failure::Internal;
    };
    let (value, expected) = match error.kind() {
        ErrorKind::ParseErrorAtKey {
            value,
            expected_type,
            ..
        }
        | ErrorKind::ParseErrorAtIndex {
            value,
            expected_type,
            ..
        }
        | ErrorKind::ParseError {
            value,
            expected_type,
        } => (value.as_str(), *expected_type),
        ErrorKind::InvalidUtf8InPathParam { .. } => ("", "utf-8"),
        _ => ("", ""),
    };
    let number = matches!(
        expected,
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
    );
    let (vi, en) = match (value.is_empty(), number) {
        (false, true) => (
            format!("Địa chỉ không hợp lệ: “{value}” phải là một số."),
            format!("The address is not valid: “{value}” must be a number."),
        ),
        (false, false) => (
            format!("Địa chỉ không hợp lệ: không đọc được “{value}”."),
            format!("The address is not valid: “{value}” cannot be read."),
        ),
        (true, _) => (
            "Địa chỉ không hợp lệ. Hãy kiểm tra lại đường dẫn.".to_string(),
            "The address is not valid. Please check the link.".to_string(),
        ),
    };
    Failure::BadRequest(Msg::new(vi, en))
}

/// The refusal as the caller reads it: JSON under `/api/`, a page elsewhere.
fn refuse(parts: &Parts, failure: Failure) -> Response {
    if parts.uri.path().starts_with("/api/") {
        ApiFailure(failure).into_response()
    } else {
        PageFailure(failure).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Cohort {
        nam: Option<i32>,
        cap: Option<String>,
    }

    #[test]
    fn a_query_value_that_cannot_be_read_is_named_with_its_parameter() {
        let refused = parse_query::<Cohort>("cap=thcs&nam=abc").map(|_| ());
        let Err(Failure::BadRequest(message)) = refused else {
            panic!("refused: {refused:?}");
        };
        assert_eq!(
            message.vi,
            "Tham số “nam” trong địa chỉ có giá trị không hợp lệ: “abc”."
        );
        assert!(parse_query::<Cohort>("nam=2024&khac=1").is_ok());
        assert!(parse_query::<Cohort>("").is_ok());
    }
}
