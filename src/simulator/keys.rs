//! The keyboard: which key is which button or shortcut, how long a key was held, and the
//! `--keys` script language.
//!
//! | keys | does |
//! |---|---|
//! | ← ↑ PageUp | `Prev` |
//! | → ↓ PageDown Space | `Next` |
//! | Enter | `Select` |
//! | Esc Backspace | `Back` |
//! | `+`/`=` `-` `v` `r` `b` `t` `w` | larger, smaller, 简/繁, rotate, bookmark, contents, 横排/直排 |
//! | `q` | quit the simulator |
//!
//! A button key held for [`LONG_PRESS_MS`] is a long press (it fires when the time is reached,
//! like on the device); with Shift held it is a long press at once.

use moye::ui::{Button, Input, LONG_PRESS_MS};
use winit::keyboard::{Key, NamedKey};

use crate::app::{Action, Shortcut};

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Binding {
    /// A device button.
    Button(Button),
    /// A simulator shortcut.
    Shortcut(Shortcut),
    /// Close the simulator.
    Quit,
}

/// The binding of a key (its logical key, so layouts work), if it has one.
pub fn binding(key: &Key) -> Option<Binding> {
    match key {
        Key::Named(named) => match named {
            NamedKey::ArrowLeft | NamedKey::ArrowUp | NamedKey::PageUp => {
                Some(Binding::Button(Button::Prev))
            }
            NamedKey::ArrowRight | NamedKey::ArrowDown | NamedKey::PageDown | NamedKey::Space => {
                Some(Binding::Button(Button::Next))
            }
            NamedKey::Enter => Some(Binding::Button(Button::Select)),
            NamedKey::Escape | NamedKey::Backspace => Some(Binding::Button(Button::Back)),
            _ => None,
        },
        Key::Character(text) => match text.as_str() {
            // Some platforms report Space as a character.
            " " => Some(Binding::Button(Button::Next)),
            "+" | "=" => Some(Binding::Shortcut(Shortcut::Larger)),
            "-" | "_" => Some(Binding::Shortcut(Shortcut::Smaller)),
            "v" | "V" => Some(Binding::Shortcut(Shortcut::Rendition)),
            "r" | "R" => Some(Binding::Shortcut(Shortcut::Rotate)),
            "b" | "B" => Some(Binding::Shortcut(Shortcut::Bookmark)),
            "t" | "T" => Some(Binding::Shortcut(Shortcut::Contents)),
            "w" | "W" => Some(Binding::Shortcut(Shortcut::Writing)),
            "q" | "Q" => Some(Binding::Quit),
            _ => None,
        },
        _ => None,
    }
}

/// The help line shown under the display.
pub const HELP: &str = "<- -> PgUp PgDn Space: page | Enter: select | Esc Bksp: back | \
                        hold or Shift+key: long press | + -: size | v: simp/trad | r: rotate | \
                        b: bookmark | t: contents | w: vertical | q: quit";

/// A button key being held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Held {
    since_ms: u32,
    /// The long press already fired (on time, or at once with Shift).
    fired: bool,
}

/// Turns key downs and ups of the button keys into short and long presses.
///
/// Feed it [`PressTracker::key_down`] / [`PressTracker::key_up`] and call
/// [`PressTracker::poll`] when [`PressTracker::deadline`] is reached: a key held for
/// [`LONG_PRESS_MS`] gives a long press then and nothing on release; one released earlier gives
/// a short press on release.
#[derive(Clone, Debug, Default)]
pub struct PressTracker {
    held: [Option<Held>; 4],
}

fn slot(button: Button) -> usize {
    match button {
        Button::Prev => 0,
        Button::Next => 1,
        Button::Select => 2,
        Button::Back => 3,
    }
}

const BUTTONS: [Button; 4] = [Button::Prev, Button::Next, Button::Select, Button::Back];

impl PressTracker {
    /// A tracker with nothing held.
    pub fn new() -> Self {
        Self::default()
    }

    /// `button`'s key went down at `now_ms` (key repeats are ignored). With `shift`, this is a
    /// long press at once.
    pub fn key_down(&mut self, button: Button, shift: bool, now_ms: u32) -> Option<Input> {
        let held = &mut self.held[slot(button)];
        if held.is_some() {
            return None; // auto-repeat, or a second key for the same button
        }
        *held = Some(Held {
            since_ms: now_ms,
            fired: shift,
        });
        shift.then_some(Input::long(button))
    }

    /// `button`'s key went up at `now_ms`.
    pub fn key_up(&mut self, button: Button, now_ms: u32) -> Option<Input> {
        let held = self.held[slot(button)].take()?;
        if held.fired {
            None
        } else if now_ms.wrapping_sub(held.since_ms) >= LONG_PRESS_MS {
            Some(Input::long(button))
        } else {
            Some(Input::short(button))
        }
    }

    /// Long presses that became due by `now_ms` (keys still held).
    pub fn poll(&mut self, now_ms: u32) -> Vec<Input> {
        let mut due = Vec::new();
        for button in BUTTONS {
            if let Some(held) = &mut self.held[slot(button)] {
                if !held.fired && now_ms.wrapping_sub(held.since_ms) >= LONG_PRESS_MS {
                    held.fired = true;
                    due.push(Input::long(button));
                }
            }
        }
        due
    }

    /// When the next held key turns into a long press, if any is pending.
    pub fn deadline(&self) -> Option<u32> {
        self.held
            .iter()
            .flatten()
            .filter(|held| !held.fired)
            .map(|held| held.since_ms.saturating_add(LONG_PRESS_MS))
            .min()
    }

    /// Forgets every held key without a press (the window lost focus).
    pub fn release_all(&mut self) {
        self.held = [None; 4];
    }
}

/// A `--keys` script that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    /// The word that is not understood.
    pub word: String,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown key `{}` in --keys; {}", self.word, SCRIPT_WORDS)
    }
}

impl std::error::Error for ScriptError {}

/// The words of a `--keys` script, for help and errors.
pub const SCRIPT_WORDS: &str = "use next, prev, select, back (long: long-next …), larger, \
                                smaller, rendition, rotate, bookmark, contents, vertical; \
                                repeat with *N (next*5)";

/// Parses a `--keys` script: words separated by spaces or commas, e.g.
/// `"next next select long-back rotate next*3"`.
pub fn parse_script(script: &str) -> Result<Vec<Action>, ScriptError> {
    let mut actions = Vec::new();
    for word in script
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
    {
        let error = || ScriptError { word: word.into() };
        let (name, count) = match word.split_once('*') {
            Some((name, count)) => match count.parse::<u16>() {
                Ok(n) if (1..=1000).contains(&n) => (name, n),
                _ => return Err(error()),
            },
            None => (word, 1),
        };
        let action = parse_word(&name.to_ascii_lowercase()).ok_or_else(error)?;
        actions.extend(std::iter::repeat_n(action, usize::from(count)));
    }
    Ok(actions)
}

fn parse_word(word: &str) -> Option<Action> {
    let (long, name) = match word.strip_prefix("long-") {
        Some(name) => (true, name),
        None => (false, word),
    };
    let button = match name {
        "next" => Some(Button::Next),
        "prev" => Some(Button::Prev),
        "select" => Some(Button::Select),
        "back" => Some(Button::Back),
        _ => None,
    };
    if let Some(button) = button {
        let input = if long {
            Input::long(button)
        } else {
            Input::short(button)
        };
        return Some(Action::Button(input));
    }
    if long {
        return None;
    }
    let shortcut = match name {
        "larger" | "+" => Shortcut::Larger,
        "smaller" | "-" => Shortcut::Smaller,
        "rendition" => Shortcut::Rendition,
        "rotate" => Shortcut::Rotate,
        "bookmark" => Shortcut::Bookmark,
        "contents" => Shortcut::Contents,
        "vertical" => Shortcut::Writing,
        _ => return None,
    };
    Some(Action::Shortcut(shortcut))
}

#[cfg(test)]
mod tests {
    use super::*;
    use winit::keyboard::SmolStr;

    fn ch(s: &str) -> Key {
        Key::Character(SmolStr::new(s))
    }

    #[test]
    fn page_keys_map_to_prev_and_next() {
        for key in [NamedKey::ArrowLeft, NamedKey::PageUp, NamedKey::ArrowUp] {
            assert_eq!(
                binding(&Key::Named(key)),
                Some(Binding::Button(Button::Prev))
            );
        }
        for key in [
            NamedKey::ArrowRight,
            NamedKey::PageDown,
            NamedKey::Space,
            NamedKey::ArrowDown,
        ] {
            assert_eq!(
                binding(&Key::Named(key)),
                Some(Binding::Button(Button::Next))
            );
        }
        assert_eq!(binding(&ch(" ")), Some(Binding::Button(Button::Next)));
    }

    #[test]
    fn select_and_back_keys() {
        assert_eq!(
            binding(&Key::Named(NamedKey::Enter)),
            Some(Binding::Button(Button::Select))
        );
        for key in [NamedKey::Escape, NamedKey::Backspace] {
            assert_eq!(
                binding(&Key::Named(key)),
                Some(Binding::Button(Button::Back))
            );
        }
    }

    #[test]
    fn shortcut_keys_in_either_case() {
        let cases = [
            ("+", Shortcut::Larger),
            ("=", Shortcut::Larger),
            ("-", Shortcut::Smaller),
            ("v", Shortcut::Rendition),
            ("V", Shortcut::Rendition),
            ("r", Shortcut::Rotate),
            ("b", Shortcut::Bookmark),
            ("t", Shortcut::Contents),
            ("w", Shortcut::Writing),
        ];
        for (key, shortcut) in cases {
            assert_eq!(
                binding(&ch(key)),
                Some(Binding::Shortcut(shortcut)),
                "{key}"
            );
        }
        assert_eq!(binding(&ch("q")), Some(Binding::Quit));
        assert_eq!(binding(&ch("x")), None);
        assert_eq!(binding(&Key::Named(NamedKey::F1)), None);
    }

    #[test]
    fn a_quick_release_is_a_short_press() {
        let mut t = PressTracker::new();
        assert_eq!(t.key_down(Button::Next, false, 1000), None);
        assert_eq!(t.deadline(), Some(1000 + LONG_PRESS_MS));
        assert!(t.poll(1000 + LONG_PRESS_MS - 1).is_empty());
        assert_eq!(
            t.key_up(Button::Next, 1000 + LONG_PRESS_MS - 1),
            Some(Input::short(Button::Next))
        );
        assert_eq!(t.deadline(), None);
    }

    #[test]
    fn holding_fires_a_long_press_on_time_and_nothing_on_release() {
        let mut t = PressTracker::new();
        t.key_down(Button::Select, false, 0);
        assert_eq!(t.poll(LONG_PRESS_MS), vec![Input::long(Button::Select)]);
        assert!(t.poll(LONG_PRESS_MS + 500).is_empty());
        assert_eq!(t.deadline(), None);
        assert_eq!(t.key_up(Button::Select, LONG_PRESS_MS + 900), None);
    }

    #[test]
    fn a_late_release_without_poll_is_still_long() {
        let mut t = PressTracker::new();
        t.key_down(Button::Back, false, 10);
        assert_eq!(
            t.key_up(Button::Back, 10 + LONG_PRESS_MS),
            Some(Input::long(Button::Back))
        );
    }

    #[test]
    fn shift_makes_a_long_press_at_once() {
        let mut t = PressTracker::new();
        assert_eq!(
            t.key_down(Button::Prev, true, 5),
            Some(Input::long(Button::Prev))
        );
        assert_eq!(t.deadline(), None);
        assert_eq!(t.key_up(Button::Prev, 50), None);
    }

    #[test]
    fn repeats_are_ignored_and_focus_loss_forgets() {
        let mut t = PressTracker::new();
        t.key_down(Button::Next, false, 0);
        assert_eq!(t.key_down(Button::Next, false, 30), None);
        t.release_all();
        assert_eq!(t.key_up(Button::Next, 40), None);
        assert!(t.poll(10_000).is_empty());
    }

    #[test]
    fn scripts_parse_buttons_long_presses_shortcuts_and_repeats() {
        let actions = parse_script("next, prev  select long-back LARGER rotate next*3").unwrap();
        assert_eq!(
            actions,
            vec![
                Action::Button(Input::short(Button::Next)),
                Action::Button(Input::short(Button::Prev)),
                Action::Button(Input::short(Button::Select)),
                Action::Button(Input::long(Button::Back)),
                Action::Shortcut(Shortcut::Larger),
                Action::Shortcut(Shortcut::Rotate),
                Action::Button(Input::short(Button::Next)),
                Action::Button(Input::short(Button::Next)),
                Action::Button(Input::short(Button::Next)),
            ]
        );
        assert_eq!(parse_script("  ").unwrap(), vec![]);
        for word in ["smaller", "rendition", "bookmark", "contents", "+", "-"] {
            assert_eq!(parse_script(word).unwrap().len(), 1, "{word}");
        }
    }

    #[test]
    fn every_script_word_is_a_different_action() {
        let script = "next prev select back long-next long-prev long-select long-back larger \
                      smaller rendition rotate bookmark contents vertical";
        let actions = parse_script(script).unwrap();
        let distinct: std::collections::HashSet<Action> = actions.iter().copied().collect();
        assert_eq!(actions.len(), 15);
        assert_eq!(distinct.len(), 15);
    }

    #[test]
    fn bad_script_words_are_named() {
        for bad in [
            "jump",
            "long-rotate",
            "next*0",
            "next*x",
            "next*5000",
            "long-",
        ] {
            let error = parse_script(&format!("next {bad}")).unwrap_err();
            assert_eq!(error.word, bad);
            assert!(error.to_string().contains(bad));
        }
    }
}
