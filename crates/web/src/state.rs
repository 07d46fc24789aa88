//! What every handler shares.

use std::sync::Arc;

use store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Set the `Secure` flag on cookies (behind HTTPS). Off for plain-HTTP local use.
    pub secure_cookies: bool,
    /// Imports running in the background.
    pub jobs: crate::jobs::Jobs,
    /// Live counts for dashboards and the figures API; moved on every write.
    pub analytics: Arc<analytics::Engine>,
}
