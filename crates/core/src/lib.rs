//! Shared types of demarche: the [`Document`] that flows through the pipeline,
//! the annotation layers each stage adds to it, and the plain serde
//! [`records`] every later stage (store, analysis, exports) reads.
//!
//! Offsets inside a [`Document`] are **byte** offsets into [`Document::text`]
//! (cheap to slice); records leaving the pipeline carry **character** offsets
//! (Unicode scalar values), converted once by [`CharIndex`].

pub mod doc;
pub mod hash;
pub mod records;
pub mod span;

pub use doc::*;
pub use records::*;
pub use span::{CharIndex, Span};
