//! The web application: the Vietnamese UI (askama pages), the JSON API under `/api/v1/`, its
//! OpenAPI document, sessions and bearer tokens, CSRF protection, scope checks and the audit.

pub mod access;
pub mod accounts;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod cpu;
pub mod due;
pub mod extract;
pub mod failure;
pub mod i18n;
pub mod jobs;
pub mod labels;
pub mod lookup;
pub mod memory;
pub mod pages;
pub mod reporting;
pub mod state;

pub use app::{router, serve};
pub use state::AppState;
