//! The cookies the server sets, and when they carry `Secure`: whenever the browser reached us
//! over HTTPS. The server speaks plain HTTP itself, so it knows that either from the operator
//! (`--secure-cookies`: always) or, behind a reverse proxy, from `X-Forwarded-Proto` — trusted
//! only when the operator says a proxy sets it (`--trust-proxy`, `HN_TRUST_PROXY=1`), because a
//! client can send that header too.

use axum::http::HeaderMap;

use crate::state::AppState;

/// Whether this request reached the site over HTTPS, as far as the server may believe.
pub fn over_https(state: &AppState, headers: &HeaderMap) -> bool {
    state.secure_cookies || (state.trust_proxy && forwarded_https(headers))
}

/// `X-Forwarded-Proto: https`; with several proxies the first value is the client's side.
fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value for a secret the page's scripts never need (session, sign-in CSRF).
pub fn secret_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{}",
        secure_flag(secure)
    )
}

/// A `Set-Cookie` value for a preference (the interface language).
pub fn preference_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age_seconds}{}",
        secure_flag(secure)
    )
}

fn secure_flag(secure: bool) -> &'static str {
    if secure { "; Secure" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(proto: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static(proto));
        headers
    }

    #[test]
    fn only_https_as_the_first_forwarded_protocol_counts() {
        assert!(forwarded_https(&headers("https")));
        assert!(forwarded_https(&headers("HTTPS, http")));
        assert!(!forwarded_https(&headers("http, https")));
        assert!(!forwarded_https(&HeaderMap::new()));
    }

    #[test]
    fn the_secure_flag_is_added_only_when_asked() {
        assert!(secret_cookie("a", "b", 1, true).ends_with("; Secure"));
        assert!(!secret_cookie("a", "b", 1, false).contains("Secure"));
        assert!(preference_cookie("a", "b", 1, true).ends_with("; Secure"));
    }
}
