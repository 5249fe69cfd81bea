//! The button-driven reader state machine.

pub mod strings;
