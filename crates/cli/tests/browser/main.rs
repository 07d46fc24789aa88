//! The browser tests: the real binary (`huongnghiep serve --demo`) on a fresh SQLite database,
//! driven through Debian's headless Chromium and chromedriver as people use it, on a 360 px
//! phone and a 1366 px office screen.
//!
//! Needs the Debian packages `chromium` and `chromium-driver` (`.ci/run` installs them); without
//! them the tests fail and say so, they are never skipped.

mod district;
mod layout;
mod support;
