//! Store errors, kept with their cause so the log can say what happened.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("địa chỉ cơ sở dữ liệu không hợp lệ: {0} (dùng sqlite://ĐƯỜNG_DẪN hoặc postgres://…)")]
    BadUrl(String),
    #[error("đã tồn tại: {0}")]
    Conflict(String),
    /// The figures of an approved report: nobody may change them (a correction must be asked).
    #[error("số liệu đã khóa: {0}")]
    Locked(String),
    /// A write planned from a record that another writer has changed since: nothing was written.
    #[error("{0} vừa được người khác thay đổi; hãy tải lại và làm lại")]
    Stale(String),
    #[error("không tìm thấy: {0}")]
    NotFound(String),
    /// Another writer holds the database longer than a request may wait (SQLite's single writer
    /// during a large import, a PostgreSQL lock or serialization conflict, no free connection):
    /// nothing was written, and the same request later will pass.
    #[error("cơ sở dữ liệu đang bận")]
    Busy,
    #[error("lỗi cơ sở dữ liệu")]
    Database(sqlx::Error),
    #[error("lỗi cập nhật cấu trúc cơ sở dữ liệu")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("dữ liệu lưu trữ không hợp lệ: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if is_busy(&error) {
            StoreError::Busy
        } else {
            StoreError::Database(error)
        }
    }
}

/// Whether an error only says "not now": SQLite's BUSY and LOCKED (with their extended codes,
/// the primary code being the low byte), PostgreSQL's lock_not_available, serialization_failure
/// and deadlock_detected, or no connection free within the pool's wait.
fn is_busy(error: &sqlx::Error) -> bool {
    const SQLITE_BUSY: i64 = 5;
    const SQLITE_LOCKED: i64 = 6;
    match error {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => {
            let Some(code) = db.code() else { return false };
            if matches!(code.as_ref(), "55P03" | "40001" | "40P01") {
                return true;
            }
            db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
                && code
                    .parse::<i64>()
                    .is_ok_and(|code| matches!(code & 0xff, SQLITE_BUSY | SQLITE_LOCKED))
        }
        _ => false,
    }
}

impl StoreError {
    /// Whether the same operation may succeed if tried again a little later.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Busy)
    }

    /// Maps a unique-constraint violation to `Conflict`, keeping other errors as they are.
    pub(crate) fn from_write(error: sqlx::Error, what: impl Into<String>) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(what.into())
            }
            _ => StoreError::from(error),
        }
    }
}
