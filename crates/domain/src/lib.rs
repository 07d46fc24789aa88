//! Types and rules of the career-guidance and streaming programme: administrative units across the
//! 2025 reform, institutions, roles and their scope, and Vietnamese text. No I/O happens here.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod access;
pub mod destination;
pub mod ethnicity;
pub mod indicator;
pub mod institution;
pub mod level;
pub mod limits;
pub mod period;
pub mod person;
pub mod report;
pub mod results;
pub mod text;
pub mod unit;

pub use access::{Action, Role, Scope};
pub use destination::Destination;
pub use institution::{InstitutionKind, Ownership};
pub use level::Level;
pub use person::{Gender, PersonName};
pub use unit::{SuccessionKind, UnitLevel, Validity};
