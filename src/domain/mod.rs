//! Pure types and rules of the messaging workflow: no I/O, no clock reads.

pub mod action;
pub mod assessment;
pub mod audit;
pub mod clock;
pub mod message;
pub mod red_flags;
pub mod templates;
pub mod urgency;
