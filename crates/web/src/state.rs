//! What every handler shares.

use std::sync::Arc;

use store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Set the `Secure` flag on cookies (behind HTTPS). Off for plain-HTTP local use.
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-Proto: https` from a reverse proxy to set `Secure` per request. Only
    /// when the operator says a proxy in front sets (and overwrites) that header.
    pub trust_proxy: bool,
    /// Imports running in the background.
    pub jobs: crate::jobs::Jobs,
    /// Live counts for dashboards and the figures API; moved on every write.
    pub analytics: Arc<analytics::Engine>,
}
