//! The Pico-ePaper-4.2's two keys as the reader's four buttons, short and long.
//!
//! The module has two push buttons, KEY0 (GP15) and KEY1 (GP17). The reader is driven by four
//! buttons ([`Button`]), each pressed short or long ([`Input`]). Two keys give all eight
//! inputs through how long a key is held and through chords:
//!
//! | gesture on the module | input |
//! |---|---|
//! | tap KEY0 (released within [`HOLD_MS`], 600 ms) | Prev |
//! | tap KEY1 | Next |
//! | hold KEY0 600 ms to 1.8 s, then release | Back |
//! | hold KEY1 600 ms to 1.8 s, then release | Select |
//! | hold KEY0 for [`LONG_HOLD_MS`] (1.8 s; fires while still held) | long Back (sleep) |
//! | hold KEY1 for 1.8 s | long Select (bookmark, previous value) |
//! | hold KEY1 and press KEY0, as often as wanted | long Prev (heading back, move 10) |
//! | hold KEY0 and press KEY1, as often as wanted | long Next (heading on, move 10) |
//!
//! So each key is one direction (KEY0 back and up, KEY1 on and down), a tap moves, a hold
//! confirms (KEY1) or goes back (KEY0), and holding one key while pressing the other is the long
//! press of the pressed key's direction. A key used in a chord does nothing when released, and a
//! hold that reached 1.8 s does nothing more; pressing both keys in the same instant counts as
//! KEY0 first. Taps and holds act when the key is released, so a tap never has to wait to find
//! out whether it becomes a hold.
//!
//! Every level is debounced first: a change counts once it has held for [`DEBOUNCE_MS`], and
//! durations run from the first sample of each new level. Times are milliseconds from any origin
//! and may wrap.

use moye::ui::{Button, Input, LONG_PRESS_MS};

/// How long a raw level must hold before it counts, in milliseconds.
pub const DEBOUNCE_MS: u32 = 20;

/// A key held at least this long (the UI's long press) is a hold: Back or Select.
pub const HOLD_MS: u32 = LONG_PRESS_MS;

/// A key held this long gives the long press of its hold button at once, while still held.
pub const LONG_HOLD_MS: u32 = 3 * LONG_PRESS_MS;

/// One of the module's two keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// KEY0, on GP15: Prev when tapped, Back when held.
    Key0,
    /// KEY1, on GP17: Next when tapped, Select when held.
    Key1,
}

impl Key {
    /// The button a tap gives, and a chord's long press.
    pub const fn tap(self) -> Button {
        match self {
            Key::Key0 => Button::Prev,
            Key::Key1 => Button::Next,
        }
    }

    /// The button a hold gives.
    pub const fn hold(self) -> Button {
        match self {
            Key::Key0 => Button::Back,
            Key::Key1 => Button::Select,
        }
    }
}

/// A raw key level, debounced.
#[derive(Clone, Copy, Debug, Default)]
struct Debounce {
    /// The level that counts.
    stable: bool,
    /// The level last sampled.
    candidate: bool,
    /// When `candidate` was first sampled.
    since: u32,
}

impl Debounce {
    /// Feeds a raw sample; on a change of the level that counts, returns the new level and the
    /// time it was first sampled.
    fn sample(&mut self, raw: bool, now: u32) -> Option<(bool, u32)> {
        if raw != self.candidate {
            self.candidate = raw;
            self.since = now;
        }
        if self.candidate != self.stable && now.wrapping_sub(self.since) >= DEBOUNCE_MS {
            self.stable = self.candidate;
            return Some((self.stable, self.since));
        }
        None
    }
}

/// What a key is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Role {
    /// Released.
    #[default]
    Up,
    /// Down since the time given, its gesture still open: a tap, a hold or a long hold.
    Pressed(u32),
    /// Down and held as the modifier of a chord: releasing it does nothing, and it stays a
    /// modifier for further presses of the other key.
    Modifier,
    /// Down, its gesture already done (a long hold, or the pressed key of a chord): releasing
    /// it does nothing.
    Spent,
}

impl Role {
    /// Whether a press of the other key while this one is down makes a chord.
    fn modifies(self) -> bool {
        matches!(self, Role::Pressed(_) | Role::Modifier)
    }
}

/// The decoder: feed it the keys' raw levels every few milliseconds with
/// [`update`](TwoKeys::update), and it gives the [`Input`]s of the gestures in the
/// [module docs](self).
#[derive(Clone, Debug, Default)]
pub struct TwoKeys {
    debounce: [Debounce; 2],
    roles: [Role; 2],
}

impl TwoKeys {
    /// A decoder with both keys released.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one sample of both keys (`true`: pressed) taken at `now_ms`; returns what the
    /// gestures finished by it give, at most one input per key. Sample at least every 10 ms or
    /// so: a change shorter than [`DEBOUNCE_MS`] is ignored, and the long holds fire at the
    /// first sample after their time.
    pub fn update(&mut self, pressed: [bool; 2], now_ms: u32) -> [Option<Input>; 2] {
        let [raw0, raw1] = pressed;
        let [debounce0, debounce1] = &mut self.debounce;
        let [role0, role1] = &mut self.roles;
        let mut inputs = [None, None];
        let [input0, input1] = &mut inputs;
        if let Some((down, at)) = debounce0.sample(raw0, now_ms) {
            *input0 = edge(Key::Key0, down, at, role0, role1);
        }
        if let Some((down, at)) = debounce1.sample(raw1, now_ms) {
            *input1 = edge(Key::Key1, down, at, role1, role0);
        }
        for (key, role, input) in [(Key::Key0, role0, input0), (Key::Key1, role1, input1)] {
            if let Role::Pressed(since) = *role {
                if now_ms.wrapping_sub(since) >= LONG_HOLD_MS {
                    *role = Role::Spent;
                    *input = Some(Input::long(key.hold()));
                }
            }
        }
        inputs
    }
}

/// `key` went down (`down`) or up at time `at`; `role` is its own role, `other` the other key's.
fn edge(key: Key, down: bool, at: u32, role: &mut Role, other: &mut Role) -> Option<Input> {
    if down {
        if other.modifies() {
            *other = Role::Modifier;
            *role = Role::Spent;
            return Some(Input::long(key.tap()));
        }
        *role = Role::Pressed(at);
        return None;
    }
    let gesture = match *role {
        Role::Pressed(since) => {
            let held = at.wrapping_sub(since);
            Some(if held < HOLD_MS {
                Input::short(key.tap())
            } else if held < LONG_HOLD_MS {
                Input::short(key.hold())
            } else {
                // Not reached while `update` runs the long-hold timer before a release can be
                // reported; kept so that every duration has its input.
                Input::long(key.hold())
            })
        }
        Role::Up | Role::Modifier | Role::Spent => None,
    };
    *role = Role::Up;
    gesture
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples every `step` ms from `start` to `end` (exclusive); `level(t)` gives the raw
    /// levels at time `t`. Returns each input with the time of the sample that gave it.
    fn run(
        keys: &mut TwoKeys,
        start: u32,
        end: u32,
        step: u32,
        level: impl Fn(u32) -> [bool; 2],
    ) -> Vec<(u32, Input)> {
        let mut out = Vec::new();
        let mut t = start;
        while t != end {
            for input in keys.update(level(t), t).into_iter().flatten() {
                out.push((t, input));
            }
            t = t.wrapping_add(step);
        }
        out
    }

    /// Key 0 (`key0`) or key 1 pressed from `down` to `up` (ms, relative), the other released.
    fn press(key: Key, down: u32, up: u32) -> impl Fn(u32) -> [bool; 2] {
        move |t| {
            let on = (down..up).contains(&t);
            match key {
                Key::Key0 => [on, false],
                Key::Key1 => [false, on],
            }
        }
    }

    fn inputs(events: &[(u32, Input)]) -> Vec<Input> {
        events.iter().map(|&(_, input)| input).collect()
    }

    #[test]
    fn taps_are_prev_and_next_when_released() {
        let mut keys = TwoKeys::new();
        let events = run(&mut keys, 0, 1000, 5, press(Key::Key0, 100, 250));
        // The release is first sampled at 250 and counts 20 ms later.
        assert_eq!(events, vec![(270, Input::short(Button::Prev))]);
        let events = run(&mut keys, 1000, 2000, 5, |t| {
            [false, (1100..1200).contains(&t)]
        });
        assert_eq!(inputs(&events), vec![Input::short(Button::Next)]);
    }

    #[test]
    fn holds_are_back_and_select_when_released_and_nothing_before() {
        let mut keys = TwoKeys::new();
        let events = run(&mut keys, 0, 3000, 5, press(Key::Key0, 100, 1100));
        assert_eq!(events, vec![(1120, Input::short(Button::Back))]);
        let events = run(&mut keys, 3000, 6000, 5, |t| {
            [false, (3100..4500).contains(&t)]
        });
        assert_eq!(events, vec![(4520, Input::short(Button::Select))]);
    }

    #[test]
    fn the_tap_hold_boundary_is_the_uis_long_press() {
        // Durations run from the first sample of the press to the first of the release.
        for (held, expected) in [
            (HOLD_MS - 1, Button::Prev),
            (HOLD_MS, Button::Back),
            (599, Button::Prev),
            (600, Button::Back),
        ] {
            let mut keys = TwoKeys::new();
            let events = run(&mut keys, 0, 3000, 1, press(Key::Key0, 100, 100 + held));
            assert_eq!(
                inputs(&events),
                vec![Input::short(expected)],
                "held {held} ms"
            );
        }
    }

    #[test]
    fn a_long_hold_fires_while_held_and_its_release_does_nothing() {
        let mut keys = TwoKeys::new();
        let events = run(&mut keys, 0, 5000, 5, press(Key::Key0, 100, 4000));
        // Pressed at 100 (first sample), long at 100 + 1800.
        assert_eq!(events, vec![(1900, Input::long(Button::Back))]);
        let mut keys = TwoKeys::new();
        let events = run(&mut keys, 0, 5000, 5, press(Key::Key1, 100, 2000));
        assert_eq!(events, vec![(1900, Input::long(Button::Select))]);
    }

    #[test]
    fn holding_one_key_and_pressing_the_other_gives_long_presses_of_its_direction() {
        let mut keys = TwoKeys::new();
        // KEY0 held 100..3000 (longer than a long hold); KEY1 pressed three times meanwhile.
        let taps = [(500, 600), (900, 1000), (2500, 2600)];
        let events = run(&mut keys, 0, 4000, 5, |t| {
            let key1 = taps.iter().any(|&(down, up)| (down..up).contains(&t));
            [(100..3000).contains(&t), key1]
        });
        assert_eq!(
            events,
            vec![
                (520, Input::long(Button::Next)),
                (920, Input::long(Button::Next)),
                (2520, Input::long(Button::Next)),
            ],
            "no Back, long Back or Next from the keys' releases"
        );
        // And the other way round.
        let events = run(&mut keys, 4000, 6000, 5, |t| {
            [(4500..4600).contains(&t), (4100..5000).contains(&t)]
        });
        assert_eq!(events, vec![(4520, Input::long(Button::Prev))]);
    }

    #[test]
    fn after_a_chord_each_key_starts_afresh() {
        let mut keys = TwoKeys::new();
        let events = run(&mut keys, 0, 2000, 5, |t| {
            [(100..400).contains(&t), (200..300).contains(&t)]
        });
        assert_eq!(inputs(&events), vec![Input::long(Button::Next)]);
        let events = run(&mut keys, 2000, 3000, 5, press(Key::Key0, 2100, 2200));
        assert_eq!(inputs(&events), vec![Input::short(Button::Prev)]);
    }

    #[test]
    fn a_long_hold_key_is_no_modifier() {
        // KEY0 reaches its long hold (sleep); a press of KEY1 afterwards is a plain tap.
        let mut keys = TwoKeys::new();
        let events = run(&mut keys, 0, 4000, 5, |t| {
            [(100..3500).contains(&t), (2500..2600).contains(&t)]
        });
        assert_eq!(
            inputs(&events),
            vec![Input::long(Button::Back), Input::short(Button::Next)]
        );
    }

    #[test]
    fn bounces_and_glitches_shorter_than_the_debounce_time_are_ignored() {
        let mut keys = TwoKeys::new();
        // A 10 ms glitch: nothing.
        let events = run(&mut keys, 0, 500, 1, press(Key::Key1, 100, 110));
        assert!(events.is_empty(), "{events:?}");
        // Contact bounce at both ends of a 200 ms press: one tap.
        let events = run(&mut keys, 500, 1500, 1, |t| {
            let bouncing_down = (600..615).contains(&t) && t % 3 == 0;
            let bouncing_up = (800..812).contains(&t) && t % 2 == 0;
            [
                false,
                bouncing_down || (615..800).contains(&t) || bouncing_up,
            ]
        });
        assert_eq!(inputs(&events), vec![Input::short(Button::Next)]);
    }

    #[test]
    fn times_may_wrap() {
        let start = u32::MAX - 300;
        let mut keys = TwoKeys::new();
        let level = |t: u32| [t.wrapping_sub(start).wrapping_sub(100) < 200, false];
        let events = run(&mut keys, start, start.wrapping_add(1000), 5, level);
        assert_eq!(inputs(&events), vec![Input::short(Button::Prev)]);
        let level = |t: u32| [t.wrapping_sub(start).wrapping_sub(100) < 2500, false];
        let mut keys = TwoKeys::new();
        let events = run(&mut keys, start, start.wrapping_add(4000), 5, level);
        assert_eq!(
            events,
            vec![(start.wrapping_add(1900), Input::long(Button::Back))]
        );
    }

    #[test]
    fn a_long_hold_counts_at_the_first_sample_past_its_time_even_if_released_by_then() {
        let mut keys = TwoKeys::new();
        assert_eq!(keys.update([true, false], 0), [None, None]);
        assert_eq!(keys.update([true, false], 20), [None, None]);
        // The next sample comes 2 s later and sees the key released: it was held past 1.8 s.
        assert_eq!(
            keys.update([false, false], 2020),
            [Some(Input::long(Button::Back)), None]
        );
        assert_eq!(keys.update([false, false], 2040), [None, None]);
    }
}
