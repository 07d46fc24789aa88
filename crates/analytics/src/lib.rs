//! The roll-up engine: graduate counts per school kept current on every write, and per unit of
//! every era (the tree of the report's date and today's tree through the succession), so that a
//! dashboard at any level answers without scanning records.

pub mod chart;
pub mod engine;
pub mod indicators;
pub mod reports;
pub mod tally;

pub use engine::{Engine, Snapshot, UnitFigures};
pub use tally::{Facets, Filter, Tally};
