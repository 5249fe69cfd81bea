//! The Xteink X4's buttons as the reader's four buttons, short and long.
//!
//! The X4 has seven buttons: four on its front (Back, Confirm, Left, Right) on one resistor
//! ladder read by the ESP32-C3's ADC on GPIO1, two on its side (Up, Down) on a second ladder on
//! GPIO2, and the power button on GPIO3 (active low). A ladder gives one voltage per key;
//! [`FRONT`] and [`SIDE`] turn a 12-bit raw reading (attenuation 11 dB, as `analogRead` gives
//! it) into the key, with the bands of open-x4-epaper/community-sdk (`InputManager.cpp` @7d86603,
//! the same in Free-Ink and h0rv/rust-xteink-x4): each band edge is the midpoint between two
//! keys' averaged readings from real devices, and a reading above [`NO_KEY_ABOVE`] (3900) is
//! no key.
//!
//! | ladder | key | readings recorded on three devices (average) | band |
//! |---|---|---|---|
//! | GPIO1 | Back | 3597, 3470, 3470 (3512) | 3101–3900 |
//! | GPIO1 | Confirm | 2760, 2666, 2655 (2694) | 2091–3100 |
//! | GPIO1 | Left | 1530, 1480, 1470 (1493) | 751–2090 |
//! | GPIO1 | Right | 6, 6, 3 (5) | 0–750 |
//! | GPIO2 | Up | 2300, 2222, 2205 (2242) | 1121–3900 |
//! | GPIO2 | Down | 6, 5, 3 (5) | 0–1120 |
//!
//! The no-key edge was 3800 until community-sdk 7d86603 raised it: an X3's Back read 3832.
//! pulp-os reads the ladders through esp-hal's calibrated curve in millivolts instead (Right 3,
//! Left 1113, Confirm 1984, Back 2556; Down 3, Up 1659, each ±150 mV): another scale, not
//! used here.
//!
//! [`LadderKeys`] debounces each ladder and the power button ([`DEBOUNCE_MS`], pulp-os's
//! 15 ms) and gives the gestures' [`Input`]s:
//!
//! | key | tap (released within 600 ms) | hold 600 ms (fires while held) |
//! |---|---|---|
//! | Back | Back | long Back (sleep) |
//! | Confirm | Select | long Select (bookmark) |
//! | Left, side Up | Prev | long Prev (previous heading) |
//! | Right, side Down | Next | long Next (next heading) |
//! | power | – | long Back after [`POWER_HOLD_MS`] (sleep) |
//!
//! 600 ms is the UI's [`LONG_PRESS_MS`]. A tap acts when released; a hold acts once it reaches
//! its time, so the reader does not wait for the release to know, and the release does nothing.
//! The power button does nothing when tapped: on battery it powers the X4 up, and the reader
//! starts where it was.

use moye::ui::{Button, Input, LONG_PRESS_MS};

/// A raw level must hold this long before it counts, in milliseconds (pulp-os `timing.rs`;
/// community-sdk uses 5 ms).
pub const DEBOUNCE_MS: u32 = 15;

/// A raw reading above this is no key (community-sdk `ADC_NO_BUTTON`).
pub const NO_KEY_ABOVE: u16 = 3900;

/// How long the power button is held to sleep (pulp-os's long press).
pub const POWER_HOLD_MS: u32 = 1000;

/// One of the six ladder keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LadderKey {
    /// Front, the leftmost: Back.
    Back,
    /// Front: Select.
    Confirm,
    /// Front: Prev.
    Left,
    /// Front: Next.
    Right,
    /// Side, the upper: Prev.
    Up,
    /// Side, the lower: Next.
    Down,
}

impl LadderKey {
    /// The reader's button this key is.
    pub const fn button(self) -> Button {
        match self {
            LadderKey::Back => Button::Back,
            LadderKey::Confirm => Button::Select,
            LadderKey::Left | LadderKey::Up => Button::Prev,
            LadderKey::Right | LadderKey::Down => Button::Next,
        }
    }
}

/// A resistor ladder: its keys' bands, each the highest raw reading it covers, lowest first;
/// a band starts above the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ladder {
    bands: &'static [(u16, LadderKey)],
}

/// The front ladder on GPIO1 (community-sdk `ADC_RANGES_1`: 3900, 3100, 2090, 750).
pub const FRONT: Ladder = Ladder {
    bands: &[
        (750, LadderKey::Right),
        (2090, LadderKey::Left),
        (3100, LadderKey::Confirm),
        (NO_KEY_ABOVE, LadderKey::Back),
    ],
};

/// The side ladder on GPIO2 (community-sdk `ADC_RANGES_2`: 3900, 1120).
pub const SIDE: Ladder = Ladder {
    bands: &[(1120, LadderKey::Down), (NO_KEY_ABOVE, LadderKey::Up)],
};

impl Ladder {
    /// The key a raw reading means, if any.
    pub fn key(&self, raw: u16) -> Option<LadderKey> {
        self.bands
            .iter()
            .find(|&&(highest, _)| raw <= highest)
            .map(|&(_, key)| key)
    }
}

/// A raw level, debounced: a change counts once it has held for [`DEBOUNCE_MS`].
#[derive(Clone, Copy, Debug, Default)]
struct Debounce<T> {
    stable: T,
    candidate: T,
    since: u32,
}

impl<T: Copy + PartialEq> Debounce<T> {
    /// Feeds a sample; on a change of the level that counts, returns the new level and the
    /// time it was first sampled.
    fn sample(&mut self, raw: T, now: u32) -> Option<(T, u32)> {
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

/// What one source of presses (a ladder, the power button) is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Hold {
    /// Released.
    #[default]
    Up,
    /// Down since the time given, its gesture open.
    Pressed(u32),
    /// Down, its hold already given: the release does nothing.
    Spent,
}

/// One source's gesture: a key down is a tap if released before `hold_ms`, a hold once it
/// reaches it.
#[derive(Clone, Copy, Debug, Default)]
struct Gesture {
    hold: Hold,
}

impl Gesture {
    /// A press at `at`.
    fn press(&mut self, at: u32) {
        self.hold = Hold::Pressed(at);
    }

    /// A release at `at`: whether it completes a tap.
    fn release(&mut self, at: u32, hold_ms: u32) -> bool {
        let tap = matches!(self.hold, Hold::Pressed(since) if at.wrapping_sub(since) < hold_ms);
        self.hold = Hold::Up;
        tap
    }

    /// Whether the key, still down at `now`, just reached its hold.
    fn held(&mut self, now: u32, hold_ms: u32) -> bool {
        match self.hold {
            Hold::Pressed(since) if now.wrapping_sub(since) >= hold_ms => {
                self.hold = Hold::Spent;
                true
            }
            Hold::Up | Hold::Pressed(_) | Hold::Spent => false,
        }
    }
}

/// One ladder's decoder: the debounced key and its gesture.
#[derive(Clone, Copy, Debug)]
struct LadderState {
    ladder: Ladder,
    level: Debounce<Option<LadderKey>>,
    key: Option<LadderKey>,
    gesture: Gesture,
}

impl LadderState {
    fn new(ladder: Ladder) -> Self {
        LadderState {
            ladder,
            level: Debounce::default(),
            key: None,
            gesture: Gesture::default(),
        }
    }

    /// Feeds a raw reading; returns the input it completes, if any.
    fn update(&mut self, raw: u16, now: u32) -> Option<Input> {
        let mut input = None;
        if let Some((key, at)) = self.level.sample(self.ladder.key(raw), now) {
            // Released, or slid straight to another key of the ladder (which a hand cannot
            // do, but a reading at a band's edge might): the old key's gesture ends first.
            if let Some(old) = self.key {
                if self.gesture.release(at, LONG_PRESS_MS) {
                    input = Some(Input::short(old.button()));
                }
            }
            self.key = key;
            if key.is_some() {
                self.gesture.press(at);
            }
        }
        if let Some(key) = self.key {
            if self.gesture.held(now, LONG_PRESS_MS) {
                input = Some(Input::long(key.button()));
            }
        }
        input
    }
}

/// The decoder: feed it both ladders' raw readings and the power button's level every few
/// milliseconds with [`update`](LadderKeys::update), and it gives the [`Input`]s of the
/// gestures in the [module docs](self).
#[derive(Clone, Copy, Debug)]
pub struct LadderKeys {
    front: LadderState,
    side: LadderState,
    power_level: Debounce<bool>,
    power: Gesture,
}

impl Default for LadderKeys {
    fn default() -> Self {
        Self::new()
    }
}

impl LadderKeys {
    /// A decoder with every key released.
    pub fn new() -> Self {
        LadderKeys {
            front: LadderState::new(FRONT),
            side: LadderState::new(SIDE),
            power_level: Debounce::default(),
            power: Gesture::default(),
        }
    }

    /// Feeds one sample taken at `now_ms`: the front ladder's and the side ladder's raw
    /// readings (12 bits) and whether the power button is down; returns what the gestures
    /// finished by it give (front, side, power). Sample every 10 ms or so.
    pub fn update(
        &mut self,
        front_raw: u16,
        side_raw: u16,
        power_down: bool,
        now_ms: u32,
    ) -> [Option<Input>; 3] {
        let front = self.front.update(front_raw, now_ms);
        let side = self.side.update(side_raw, now_ms);
        if let Some((down, at)) = self.power_level.sample(power_down, now_ms) {
            if down {
                self.power.press(at);
            } else {
                // A tap of the power button is no input.
                self.power.release(at, POWER_HOLD_MS);
            }
        }
        let power = self
            .power
            .held(now_ms, POWER_HOLD_MS)
            .then_some(Input::long(Button::Back));
        [front, side, power]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No key: the ladder's pull-up reads full scale.
    const IDLE: u16 = 4095;

    #[test]
    fn the_readings_recorded_on_real_devices_decode_to_their_keys() {
        // community-sdk InputManager.cpp: three devices, then the averages.
        let front = [
            [3597, 2760, 1530, 6],
            [3470, 2666, 1480, 6],
            [3470, 2655, 1470, 3],
            [3512, 2694, 1493, 5],
        ];
        let side = [[2300, 6], [2222, 5], [2205, 3], [2242, 5]];
        let front_keys = [
            LadderKey::Back,
            LadderKey::Confirm,
            LadderKey::Left,
            LadderKey::Right,
        ];
        for row in front {
            for (raw, key) in row.into_iter().zip(front_keys) {
                assert_eq!(FRONT.key(raw), Some(key), "{raw} on GPIO1");
            }
        }
        for row in side {
            for (raw, key) in row.into_iter().zip([LadderKey::Up, LadderKey::Down]) {
                assert_eq!(SIDE.key(raw), Some(key), "{raw} on GPIO2");
            }
        }
        // The X3 Back button that read 3832 (community-sdk 7d86603).
        assert_eq!(FRONT.key(3832), Some(LadderKey::Back));
    }

    #[test]
    fn band_edges_belong_to_the_lower_key_and_above_3900_is_no_key() {
        for (raw, key) in [
            (3900, Some(LadderKey::Back)),
            (3901, None),
            (IDLE, None),
            (3101, Some(LadderKey::Back)),
            (3100, Some(LadderKey::Confirm)),
            (2091, Some(LadderKey::Confirm)),
            (2090, Some(LadderKey::Left)),
            (751, Some(LadderKey::Left)),
            (750, Some(LadderKey::Right)),
            (0, Some(LadderKey::Right)),
        ] {
            assert_eq!(FRONT.key(raw), key, "{raw} on GPIO1");
        }
        for (raw, key) in [
            (3901, None),
            (3900, Some(LadderKey::Up)),
            (1121, Some(LadderKey::Up)),
            (1120, Some(LadderKey::Down)),
            (0, Some(LadderKey::Down)),
        ] {
            assert_eq!(SIDE.key(raw), key, "{raw} on GPIO2");
        }
    }

    #[test]
    fn keys_are_the_readers_buttons() {
        assert_eq!(LadderKey::Back.button(), Button::Back);
        assert_eq!(LadderKey::Confirm.button(), Button::Select);
        assert_eq!(LadderKey::Left.button(), Button::Prev);
        assert_eq!(LadderKey::Up.button(), Button::Prev);
        assert_eq!(LadderKey::Right.button(), Button::Next);
        assert_eq!(LadderKey::Down.button(), Button::Next);
    }

    /// Samples every 5 ms from `start` to `end`; `level(t)` gives (front, side, power) at `t`.
    /// Returns each input with the time of the sample that gave it.
    fn run(
        keys: &mut LadderKeys,
        start: u32,
        end: u32,
        level: impl Fn(u32) -> (u16, u16, bool),
    ) -> Vec<(u32, Input)> {
        let mut out = Vec::new();
        let mut t = start;
        while t != end {
            let (front, side, power) = level(t);
            for input in keys.update(front, side, power, t).into_iter().flatten() {
                out.push((t, input));
            }
            t = t.wrapping_add(5);
        }
        out
    }

    /// `raw` on the front ladder from `down` to `up` (ms), nothing else.
    fn front(raw: u16, down: u32, up: u32) -> impl Fn(u32) -> (u16, u16, bool) {
        move |t| {
            let on = (down..up).contains(&t);
            (if on { raw } else { IDLE }, IDLE, false)
        }
    }

    #[test]
    fn a_tap_gives_its_button_on_release() {
        let mut keys = LadderKeys::new();
        // Left, the average reading: pressed at 100, released at 250, counted 15 ms later.
        let events = run(&mut keys, 0, 1000, front(1493, 100, 250));
        assert_eq!(events, vec![(265, Input::short(Button::Prev))]);
        let events = run(&mut keys, 1000, 2000, front(6, 1100, 1200));
        assert_eq!(events, vec![(1215, Input::short(Button::Next))]);
        let events = run(&mut keys, 2000, 3000, |t| {
            let on = (2100..2200).contains(&t);
            (IDLE, if on { 2300 } else { IDLE }, false)
        });
        assert_eq!(events, vec![(2215, Input::short(Button::Prev))]);
    }

    #[test]
    fn a_hold_gives_the_long_press_while_held_and_the_release_nothing() {
        let mut keys = LadderKeys::new();
        let events = run(&mut keys, 0, 3000, front(2694, 100, 2000));
        // Down from 100, a hold at 700: fired at the first sample after it.
        assert_eq!(events, vec![(700, Input::long(Button::Select))]);
        let events = run(&mut keys, 3000, 6000, front(3470, 3100, 3650));
        assert_eq!(events, vec![(3665, Input::short(Button::Back))]);
    }

    #[test]
    fn the_front_and_the_side_ladder_act_apart() {
        let mut keys = LadderKeys::new();
        let events = run(&mut keys, 0, 1000, |t| {
            let front = if (100..300).contains(&t) { 5 } else { IDLE };
            let side = if (200..400).contains(&t) { 5 } else { IDLE };
            (front, side, false)
        });
        assert_eq!(
            events,
            vec![
                (315, Input::short(Button::Next)),
                (415, Input::short(Button::Next))
            ]
        );
    }

    #[test]
    fn short_glitches_are_ignored() {
        let mut keys = LadderKeys::new();
        // A reading in another band for one sample, while Back is down, and a 10 ms blip.
        let events = run(&mut keys, 0, 1000, |t| {
            let front = match t {
                300 => 2500,
                100..500 => 3512,
                700..710 => 1493,
                _ => IDLE,
            };
            (front, IDLE, false)
        });
        assert_eq!(events, vec![(515, Input::short(Button::Back))]);
    }

    #[test]
    fn a_reading_that_slides_to_another_key_ends_the_first_gesture() {
        let mut keys = LadderKeys::new();
        // Back, then Confirm without the idle level between: a tap of Back, then Confirm's own.
        let events = run(&mut keys, 0, 1000, |t| {
            let front = match t {
                100..300 => 3512,
                300..400 => 2694,
                _ => IDLE,
            };
            (front, IDLE, false)
        });
        assert_eq!(
            events,
            vec![
                (315, Input::short(Button::Back)),
                (415, Input::short(Button::Select))
            ]
        );
    }

    #[test]
    fn holding_power_sleeps_and_a_tap_does_nothing() {
        let mut keys = LadderKeys::new();
        let events = run(&mut keys, 0, 1000, |t| {
            (IDLE, IDLE, (100..400).contains(&t))
        });
        assert!(events.is_empty());
        let events = run(&mut keys, 1000, 4000, |t| {
            (IDLE, IDLE, (1100..3000).contains(&t))
        });
        assert_eq!(events, vec![(2100, Input::long(Button::Back))]);
    }

    #[test]
    fn times_may_wrap() {
        let mut keys = LadderKeys::new();
        let start = u32::MAX - 99;
        let events = run(&mut keys, start, start.wrapping_add(1000), |t| {
            let on = t.wrapping_sub(start) >= 50 && t.wrapping_sub(start) < 200;
            (if on { 1480 } else { IDLE }, IDLE, false)
        });
        assert_eq!(
            events,
            vec![(start.wrapping_add(215), Input::short(Button::Prev))]
        );
    }
}
