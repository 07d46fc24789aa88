//! The smallest typst `World` that lays out one report: the template and the report's data are
//! the only two files, the fonts are compiled into the program, and nothing is read from disk or
//! the network (no packages, no system fonts), so a PDF looks the same on every machine.
//!
//! The font is New Computer Modern from `typst-assets`. Of the serif families that reach a fresh
//! machine through the Cargo build, it is the one whose four text styles (regular, bold, italic,
//! bold italic) carry every Vietnamese letter, each tone on each vowel in both cases, đ/Đ and
//! the combining marks (checked by `the_font_covers_vietnamese` below). Libertinus Serif, the
//! other serif of `typst-assets`, lacks ơ, Ơ, ư and Ư in bold italic, the style of "Nơi nhận:".

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The family the template sets; only its faces are loaded, so that a glyph it lacked would show
/// as missing in the tests instead of silently coming from another typeface.
pub(super) const FAMILY: &str = "New Computer Modern";

/// The layout, written once in typst; it reads everything it prints from [`DATA_PATH`].
const TEMPLATE: &str = include_str!("report.typ");

/// Where the template finds the report as JSON (`json("/report.json")`). Passing the text as
/// data rather than as generated markup means no unit name can ever be read as markup.
const DATA_PATH: &str = "/report.json";
const MAIN_PATH: &str = "/report.typ";

/// The standard library, built once: building it takes longer than laying out a short report.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The faces of [`FAMILY`], parsed once from the bytes compiled into the program.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .filter(|font| font.info().family == FAMILY)
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| file_id(MAIN_PATH));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id(DATA_PATH));

/// The template parsed once; every report shares it, which also lets typst's caches recognise it.
static MAIN: LazyLock<Source> = LazyLock::new(|| Source::new(*MAIN_ID, TEMPLATE.into()));

fn file_id(path: &str) -> FileId {
    // Both paths are constants above; a failure here is a typo caught by every test.
    let vpath = VirtualPath::new(path).expect("đường dẫn ảo hợp lệ");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// One report to lay out: the shared template and fonts, and this report's data.
pub(super) struct ReportWorld {
    data: Bytes,
    today: Option<Datetime>,
}

impl ReportWorld {
    /// `data` is the report as JSON; `today` answers `datetime.today()`, which the template does
    /// not call: the report's own date keeps a rendering reproducible all the same.
    pub(super) fn new(data: Vec<u8>, today: Option<Datetime>) -> ReportWorld {
        ReportWorld {
            data: Bytes::new(data),
            today,
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        *MAIN_ID
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *MAIN_ID {
            Ok(MAIN.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            Ok(self.data.clone())
        } else if id == *MAIN_ID {
            Ok(Bytes::from_string(MAIN.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter of Vietnamese: the base letters, each vowel with each of the five tones,
    /// upper and lower case, and the combining marks text pasted from some programs carries.
    fn vietnamese() -> Vec<char> {
        let lower = "aăâbcdđeêghiklmnoôơpqrstuưvxy\
                     àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";
        let mut chars: Vec<char> = lower.chars().collect();
        chars.extend(lower.to_uppercase().chars());
        // Grave, acute, tilde, hook above, dot below; breve, circumflex, horn.
        chars.extend(['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}']);
        chars.extend(['\u{306}', '\u{302}', '\u{31B}']);
        chars.extend("0123456789,.;:%()/-–—“”‘’…".chars());
        chars
    }

    #[test]
    fn the_font_covers_vietnamese() {
        let fonts = &FONTS.1;
        // Regular, bold, italic and bold italic.
        assert_eq!(fonts.len(), 4, "{FAMILY}: {} kiểu chữ", fonts.len());
        for font in fonts {
            let missing: String = vietnamese()
                .into_iter()
                .filter(|c| !font.info().coverage.contains(*c as u32))
                .collect();
            assert!(
                missing.is_empty(),
                "{FAMILY} {:?} thiếu: {missing}",
                font.info().variant
            );
        }
    }
}
