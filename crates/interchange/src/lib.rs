//! Files in and out: reading the CSV/XLSX/XLS tables people really have (header found below
//! title rows, columns matched by name), checking every row, and the reference data shipped
//! with the product. A file with any invalid row writes nothing.

mod csv_file;
pub mod dates;
pub mod errors;
pub mod export;
pub mod institutions;
pub mod legacy_text;
pub mod reference;
pub mod safe_cell;
pub mod students;
pub mod table;
pub mod targets;
pub mod units;
pub mod workbook;

pub use errors::{ImportError, ImportFailure, Said};
pub use table::{Cell, Table};
