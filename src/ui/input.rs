//! The four buttons every feature is reached with, and how long they were pressed.

/// A button of the reader. Every board maps its keys (and the simulator its keyboard) onto
/// these four.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Button {
    /// Previous page; up in a list.
    Prev,
    /// Next page; down in a list.
    Next,
    /// Open, choose, confirm.
    Select,
    /// Go back, cancel.
    Back,
}

/// How a button was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Press {
    /// Released before [`LONG_PRESS_MS`].
    Short,
    /// Held for at least [`LONG_PRESS_MS`].
    Long,
}

/// A press of a button: what the UI state machine is driven by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Input {
    /// Which button.
    pub button: Button,
    /// Short or long.
    pub press: Press,
}

impl Input {
    /// A short press of `button`.
    pub const fn short(button: Button) -> Self {
        Input {
            button,
            press: Press::Short,
        }
    }

    /// A long press of `button`.
    pub const fn long(button: Button) -> Self {
        Input {
            button,
            press: Press::Long,
        }
    }
}

/// How long a press must be held to count as long, in milliseconds.
pub const LONG_PRESS_MS: u32 = 600;
