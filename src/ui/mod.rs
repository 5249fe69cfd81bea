//! The button-driven reader state machine.

mod input;
pub mod strings;

pub use input::{Button, Input, Press, LONG_PRESS_MS};
