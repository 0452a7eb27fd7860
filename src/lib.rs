//! inbasket: a keyboard console for the nurse who works a clinic's secure patient-messaging queue.

pub mod commands;
pub mod config;
pub mod domain;
pub mod locations;
pub mod sanitize;
pub mod seed;
pub mod store;
pub mod tui;
