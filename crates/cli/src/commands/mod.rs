//! One module per command.

pub mod backup;
pub mod demo;
pub mod export;
pub mod figures;
pub mod import;
pub mod serve;
pub mod user;

use std::sync::Arc;

use anyhow::Context;
use store::Store;

/// Opens the store (created and migrated on first use) with the national unit reference loaded.
pub async fn open_store(database: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = store::open(database)
        .await
        .with_context(|| format!("không mở được cơ sở dữ liệu {}", redact(database)))?;
    if interchange::reference::ensure_loaded(store.as_ref())
        .await
        .map_err(anyhow::Error::msg)?
    {
        eprintln!("Đã nạp danh mục đơn vị hành chính (trước và sau sắp xếp 2025).");
    }
    Ok(store)
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
