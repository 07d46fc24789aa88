//! The web application: the Vietnamese UI (askama pages), the JSON API under `/api/v1/`, its
//! OpenAPI document, sessions and bearer tokens, CSRF protection, scope checks and the audit.

pub mod auth;
