//! Counts of graduates per destination, split by the facets dashboards filter on (ethnic
//! minority or not, gender), so that a filtered figure is a sum of a few cells.

use domain::{Destination, Gender, ethnicity};

/// Graduates per destination, in the order of `Destination::ALL`.
pub type Tally = [u32; 13];

pub fn destination_index(destination: Destination) -> usize {
    Destination::ALL
        .iter()
        .position(|d| *d == destination)
        .unwrap_or(Destination::ALL.len() - 1)
}

pub fn total(tally: &Tally) -> u64 {
    tally.iter().map(|n| u64::from(*n)).sum()
}

pub fn count_of(tally: &Tally, destinations: &[Destination]) -> u64 {
    destinations
        .iter()
        .map(|d| u64::from(tally[destination_index(*d)]))
        .sum()
}

/// Which graduates a figure counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub minority_only: bool,
    pub gender: Option<Gender>,
}

/// A tally per facet: [majority male, majority female, minority male, minority female].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facets(pub [Tally; 4]);

fn facet(minority: bool, gender: Gender) -> usize {
    usize::from(minority) * 2 + usize::from(gender == Gender::Female)
}

impl Facets {
    /// Adds (or, with a negative `by`, removes) graduates. Counts never go below zero.
    pub fn add(&mut self, ethnicity_code: &str, gender: Gender, destination: Destination, by: i64) {
        let cell = &mut self.0[facet(ethnicity::is_minority(ethnicity_code), gender)]
            [destination_index(destination)];
        *cell = (i64::from(*cell) + by).clamp(0, i64::from(u32::MAX)) as u32;
    }

    /// Adds the graduates of one cell of a kept tally.
    pub fn add_cell(&mut self, minority: bool, gender: Gender, destination: Destination, by: i64) {
        let cell = &mut self.0[facet(minority, gender)][destination_index(destination)];
        *cell = (i64::from(*cell) + by).clamp(0, i64::from(u32::MAX)) as u32;
    }

    pub fn merge(&mut self, other: &Facets, sign: i64) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0.iter()) {
            for (a, b) in mine.iter_mut().zip(theirs.iter()) {
                *a = (i64::from(*a) + sign * i64::from(*b)).clamp(0, i64::from(u32::MAX)) as u32;
            }
        }
    }

    pub fn tally(&self, filter: Filter) -> Tally {
        let mut out = [0u32; 13];
        for (index, tally) in self.0.iter().enumerate() {
            let minority = index >= 2;
            let gender = if index % 2 == 1 {
                Gender::Female
            } else {
                Gender::Male
            };
            if filter.minority_only && !minority {
                continue;
            }
            if filter.gender.is_some_and(|g| g != gender) {
                continue;
            }
            for (o, n) in out.iter_mut().zip(tally.iter()) {
                *o += n;
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|t| t.iter().all(|n| *n == 0))
    }
}
