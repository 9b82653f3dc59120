//! The conflict-check screens: the hits of a search, the decision on them, the related-party
//! rows of the new-matter form, and a matter's Parties & conflicts tab.

mod decision;
mod hits;
mod party_rows;
mod tab;

pub use decision::{DecisionFields, DecisionPicker};
pub use hits::ConflictHits;
pub use party_rows::{PartyRows, PartyRowsEditor};
pub use tab::ConflictsTab;
