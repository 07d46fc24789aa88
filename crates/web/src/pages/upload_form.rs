//! Reading the upload form as it arrives, never whole: the small fields into short strings with
//! a bound, the file straight into a file on disk with a size cap. The handler asks for the
//! parts in the order the form sends them (the CSRF token first, the file last), so that every
//! check is made before the file's first byte is read.
//!
//! The form is parsed by multer, fed one chunk of the body at a time (`OneChunkAtATime`): on its
//! own, multer takes every chunk that is ready before it looks at any, which for a fast client
//! is the whole upload in memory.

use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use futures_util::Stream;
use multer::{Field, Multipart};
use tokio::io::AsyncWriteExt;

use crate::failure::{Failure, Msg};

/// The longest small field accepted (a CSRF token is 64 characters, a year 4).
const SMALL_FIELD_BYTES: usize = 256;
/// Fields read at most: the form has five.
const MAX_FIELDS: usize = 16;
/// What the form adds to the file: boundaries, part headers and the small fields.
const FORM_OVERHEAD_BYTES: u64 = 64 * 1024;
const MIB: u64 = 1024 * 1024;

/// The name of the file field of the form.
pub const FILE_FIELD: &str = "tep";

fn unreadable() -> Failure {
    Failure::BadRequest(Msg::new(
        "Không nhận được tệp tải lên; vui lòng thử lại.",
        "The uploaded file was not received; please try again.",
    ))
}

pub fn malformed_form() -> Failure {
    Failure::BadRequest(Msg::new(
        "Biểu mẫu tải lên không hợp lệ. Vui lòng tải lại trang và thử lại.",
        "The upload form is not valid. Please reload the page and try again.",
    ))
}

/// The refusal of a file over the cap, naming the cap.
pub fn too_large(max_bytes: u64) -> Failure {
    let mb = max_bytes.div_ceil(MIB);
    Failure::TooLarge(Msg::new(
        format!(
            "Tệp quá lớn: hệ thống chỉ nhận tệp đến {mb} MB. Hãy chia danh sách thành nhiều tệp nhỏ hơn."
        ),
        format!(
            "The file is too large: at most {mb} MB is accepted. Split the list into smaller files."
        ),
    ))
}

/// Refuses, before anything is read, a request that announces a body larger than a form with
/// the largest file accepted.
pub fn refuse_announced_size(headers: &HeaderMap, max_file_bytes: u64) -> Result<(), Failure> {
    let announced = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(length) if length > max_file_bytes + FORM_OVERHEAD_BYTES => {
            Err(too_large(max_file_bytes))
        }
        _ => Ok(()),
    }
}

/// A form being read, part by part.
pub struct UploadForm {
    multipart: Multipart<'static>,
    fields: usize,
}

/// One part of the form: a small field read whole, or the file, not read yet.
pub enum Part {
    Small { name: String, value: String },
    File(Box<FilePart>),
}

pub struct FilePart {
    field: Field<'static>,
}

impl UploadForm {
    /// The form of a request with these headers and this body; nothing is read yet.
    pub fn new(headers: &HeaderMap, body: Body) -> Result<Self, Failure> {
        let boundary = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| multer::parse_boundary(v).ok())
            .ok_or_else(malformed_form)?;
        let chunks = OneChunkAtATime {
            inner: body.into_data_stream(),
            gave: false,
        };
        Ok(UploadForm {
            multipart: Multipart::new(chunks, boundary),
            fields: 0,
        })
    }

    /// The next part, `None` at the end of the form.
    pub async fn next(&mut self) -> Result<Option<Part>, Failure> {
        let Some(field) = self
            .multipart
            .next_field()
            .await
            .map_err(|_| unreadable())?
        else {
            return Ok(None);
        };
        self.fields += 1;
        if self.fields > MAX_FIELDS {
            return Err(malformed_form());
        }
        let name = field.name().unwrap_or_default().to_string();
        if name == FILE_FIELD {
            return Ok(Some(Part::File(Box::new(FilePart { field }))));
        }
        let value = small_text(field).await?;
        Ok(Some(Part::Small { name, value }))
    }

    /// The first part, which must be the small field `name` (the CSRF token comes first, so
    /// that a forged form is refused before its file is read).
    pub async fn first_small(&mut self, name: &str) -> Result<String, Failure> {
        match self.next().await? {
            Some(Part::Small { name: found, value }) if found == name => Ok(value),
            _ => Err(crate::pages::csrf_refusal()),
        }
    }
}

/// A body stream that gives one chunk per poll and then says "not ready" (waking its task at
/// once), so that its reader takes chunks as it needs them, not all those already there.
struct OneChunkAtATime<S> {
    inner: S,
    gave: bool,
}

impl<S> Stream for OneChunkAtATime<S>
where
    S: Stream<Item = Result<Bytes, axum::Error>> + Unpin,
{
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.gave {
            self.gave = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let next = Pin::new(&mut self.inner).poll_next(cx);
        self.gave = next.is_ready();
        next
    }
}

impl FilePart {
    /// The name the user's file had, cleaned.
    pub fn file_name(&self) -> String {
        domain::text::clean(self.field.file_name().unwrap_or("tep"))
    }

    /// Writes the file to `path` as it arrives; past `max_bytes` stops reading and refuses.
    /// Returns the size written.
    pub async fn save(mut self, path: &Path, max_bytes: u64) -> Result<u64, Failure> {
        let cannot_write = |error: std::io::Error| {
            tracing::error!(error = %error, "không lưu được tệp tải lên");
            Failure::Internal
        };
        let mut file = tokio::fs::File::create(path).await.map_err(cannot_write)?;
        let mut written: u64 = 0;
        while let Some(chunk) = self.field.chunk().await.map_err(|_| unreadable())? {
            written += chunk.len() as u64;
            if written > max_bytes {
                return Err(too_large(max_bytes));
            }
            file.write_all(&chunk).await.map_err(cannot_write)?;
        }
        // tokio writes in the background: the file is whole only once flushed.
        file.flush().await.map_err(cannot_write)?;
        Ok(written)
    }
}

/// A small field's text, refused when longer than a form would send.
async fn small_text(mut field: Field<'static>) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
        if bytes.len() + chunk.len() > SMALL_FIELD_BYTES {
            return Err(malformed_form());
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| malformed_form())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_announced_larger_than_the_cap_is_refused_naming_the_cap() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::CONTENT_LENGTH,
            (200 * MIB).to_string().parse().expect("header"),
        );
        let refused = refuse_announced_size(&headers, 50 * MIB).err();
        assert_eq!(
            refused.as_ref().map(Failure::status),
            Some(axum::http::StatusCode::PAYLOAD_TOO_LARGE)
        );
        assert!(
            refused
                .map(|f| f.message())
                .unwrap_or_default()
                .contains("đến 50 MB")
        );
        headers.insert(
            axum::http::header::CONTENT_LENGTH,
            (50 * MIB).to_string().parse().expect("header"),
        );
        assert!(refuse_announced_size(&headers, 50 * MIB).is_ok());
    }
}
