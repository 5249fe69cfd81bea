//! The button-driven reader state machine.
