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
    #[error("không tìm thấy: {0}")]
    NotFound(String),
    #[error("lỗi cơ sở dữ liệu")]
    Database(#[from] sqlx::Error),
    #[error("lỗi cập nhật cấu trúc cơ sở dữ liệu")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("dữ liệu lưu trữ không hợp lệ: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Maps a unique-constraint violation to `Conflict`, keeping other errors as they are.
    pub(crate) fn from_write(error: sqlx::Error, what: impl Into<String>) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(what.into())
            }
            _ => StoreError::Database(error),
        }
    }
}
