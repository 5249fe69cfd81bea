//! The ESP32-C3's side of the X4 that esp-hal 1.0 does not cover.

mod card;
mod raw_pin;

pub use card::card_libraries;
pub use raw_pin::RawOutput;
