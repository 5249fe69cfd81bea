//! The settings screen: what each item offers and how Select steps through it, and the
//! device description ([`Config`]) the choices depend on.

use core::fmt;

use heapless::Vec;

use super::screen::{MenuItem, MenuView, Redraw, Update, Value};
use super::state::{Ui, View};
use super::{strings, Button, Input, Press};
use crate::persist::{
    Orientation, Prohibition, PunctuationPosition, Rendition, Settings, WritingMode,
};

/// The most body font sizes a profile may offer.
pub const MAX_FONT_SIZES: usize = 8;

/// Line spacings offered, in percent of the font size.
pub const LINE_SPACING_PRESETS: [u16; 5] = [120, 135, 150, 175, 200];

/// Full-refresh intervals offered, in page turns. A saved 0 means never (only the refreshes
/// the screen changes bring, see the [module docs](super)); it is kept but not offered.
pub const FULL_REFRESH_PRESETS: [u8; 6] = [1, 2, 4, 8, 16, 32];

/// How long the reader waits without a press before sleeping, unless
/// [`Config::with_sleep_after`] says otherwise: ten minutes.
pub const DEFAULT_SLEEP_AFTER_MS: u32 = 10 * 60 * 1000;

/// Why a [`Config`] was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigError {
    /// No font sizes were given.
    NoFontSizes,
    /// More than [`MAX_FONT_SIZES`] font sizes were given.
    TooManyFontSizes(usize),
    /// The font sizes are not strictly increasing, or one is 0.
    BadFontSizes,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NoFontSizes => f.write_str("no body font sizes"),
            ConfigError::TooManyFontSizes(n) => {
                write!(f, "{n} body font sizes, at most {MAX_FONT_SIZES}")
            }
            ConfigError::BadFontSizes => {
                f.write_str("body font sizes must be non-zero and strictly increasing")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigError {}

/// What the UI must know of the device, since the core knows no profile: the body font sizes
/// the profile offers, and when to sleep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    font_sizes: Vec<u8, MAX_FONT_SIZES>,
    sleep_after_ms: u32,
}

impl Config {
    /// A device offering the body font sizes `font_sizes` (pixels, smallest first, as in the
    /// profile), sleeping after [`DEFAULT_SLEEP_AFTER_MS`].
    pub fn try_new(font_sizes: &[u8]) -> Result<Config, ConfigError> {
        if font_sizes.is_empty() {
            return Err(ConfigError::NoFontSizes);
        }
        let sizes = Vec::from_slice(font_sizes)
            .map_err(|_| ConfigError::TooManyFontSizes(font_sizes.len()))?;
        let increasing = font_sizes.windows(2).all(|pair| pair.first() < pair.get(1));
        if !increasing || font_sizes.contains(&0) {
            return Err(ConfigError::BadFontSizes);
        }
        Ok(Config {
            font_sizes: sizes,
            sleep_after_ms: DEFAULT_SLEEP_AFTER_MS,
        })
    }

    /// The same device, sleeping after `ms` milliseconds without a press (0: never).
    pub fn with_sleep_after(mut self, ms: u32) -> Config {
        self.sleep_after_ms = ms;
        self
    }

    /// The body font sizes offered, smallest first.
    pub fn font_sizes(&self) -> &[u8] {
        &self.font_sizes
    }

    /// Milliseconds without a press before sleeping; 0 is never.
    pub fn sleep_after_ms(&self) -> u32 {
        self.sleep_after_ms
    }

    /// `index` clamped to the sizes offered: a state saved with a profile offering more sizes
    /// reads at this profile's largest.
    pub fn size_index(&self, index: u8) -> u8 {
        let last = self.font_sizes.len().saturating_sub(1);
        u8::try_from(usize::from(index).min(last)).unwrap_or(0)
    }

    /// The body font size, in pixels, at `index` (clamped).
    pub fn font_size(&self, index: u8) -> u8 {
        let index = usize::from(self.size_index(index));
        self.font_sizes.get(index).copied().unwrap_or(0)
    }
}

/// An item of the settings screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum SettingItem {
    FontSize,
    Rendition,
    Orientation,
    LineSpacing,
    FullRefresh,
    Prohibition,
    Hanging,
    Punctuation,
    /// The book's own: lines or columns.
    Writing,
    UprightDigits,
}

// The settings screen lists every item.
const _: () = assert!(SettingItem::ALL.len() <= super::screen::MAX_MENU_ITEMS);

impl SettingItem {
    /// The items, in screen order.
    pub(super) const ALL: [SettingItem; 10] = [
        SettingItem::FontSize,
        SettingItem::Rendition,
        SettingItem::Orientation,
        SettingItem::LineSpacing,
        SettingItem::FullRefresh,
        SettingItem::Prohibition,
        SettingItem::Hanging,
        SettingItem::Punctuation,
        SettingItem::Writing,
        SettingItem::UprightDigits,
    ];

    fn label(self) -> &'static str {
        match self {
            SettingItem::FontSize => strings::FONT_SIZE,
            SettingItem::Rendition => strings::RENDITION,
            SettingItem::Orientation => strings::ORIENTATION,
            SettingItem::LineSpacing => strings::LINE_SPACING,
            SettingItem::FullRefresh => strings::FULL_REFRESH,
            SettingItem::Prohibition => strings::PROHIBITION,
            SettingItem::Hanging => strings::HANGING,
            SettingItem::Punctuation => strings::PUNCTUATION,
            SettingItem::Writing => strings::WRITING,
            SettingItem::UprightDigits => strings::UPRIGHT_DIGITS,
        }
    }

    /// The item's value in `settings`, as shown; `writing` is the book's.
    fn value(self, settings: &Settings, config: &Config, writing: WritingMode) -> Value {
        match self {
            SettingItem::UprightDigits => Value::Label(if settings.upright_digits {
                strings::ON
            } else {
                strings::OFF
            }),
            SettingItem::Writing => Value::Label(match writing {
                WritingMode::Horizontal => strings::HORIZONTAL,
                WritingMode::Vertical => strings::VERTICAL,
            }),
            SettingItem::FontSize => Value::Pixels(config.font_size(settings.font_size_index)),
            SettingItem::Rendition => Value::Label(match settings.rendition {
                Rendition::Simplified => strings::SIMPLIFIED,
                Rendition::Traditional => strings::TRADITIONAL,
                Rendition::Original => strings::ORIGINAL,
            }),
            SettingItem::Orientation => Value::Label(match settings.orientation {
                Orientation::Portrait => strings::PORTRAIT,
                Orientation::Landscape => strings::LANDSCAPE,
            }),
            SettingItem::LineSpacing => Value::Percent(settings.line_spacing_percent),
            SettingItem::FullRefresh => match settings.full_refresh_every {
                0 => Value::Label(strings::NEVER),
                turns => Value::PageTurns(turns),
            },
            SettingItem::Prohibition => Value::Label(match settings.prohibition {
                Prohibition::Basic => strings::BASIC,
                Prohibition::GbStyle => strings::GB_STYLE,
                Prohibition::Strict => strings::STRICT,
            }),
            SettingItem::Hanging => Value::Label(if settings.hanging_punctuation {
                strings::ON
            } else {
                strings::OFF
            }),
            SettingItem::Punctuation => Value::Label(
                match (settings.punctuation, settings.punctuation_position()) {
                    (Some(PunctuationPosition::Centred), _) => strings::CENTRED,
                    (Some(PunctuationPosition::LowLeft), _) => strings::LOW_LEFT,
                    (None, PunctuationPosition::Centred) => strings::CENTRED_BY_DEFAULT,
                    (None, PunctuationPosition::LowLeft) => strings::LOW_LEFT_BY_DEFAULT,
                },
            ),
        }
    }

    /// Steps the item to its next (or previous) value, wrapping around (not the book's
    /// writing mode: [`Ui::cycle_setting`] steps that).
    fn step(self, settings: &mut Settings, config: &Config, forward: bool) {
        match self {
            SettingItem::Writing => {}
            SettingItem::UprightDigits => settings.upright_digits = !settings.upright_digits,
            SettingItem::FontSize => {
                let count = config.font_sizes().len();
                let index = usize::from(config.size_index(settings.font_size_index));
                let next = (if forward {
                    index + 1
                } else {
                    index + count - 1
                }) % count.max(1);
                settings.font_size_index = u8::try_from(next).unwrap_or(0);
            }
            SettingItem::Rendition => {
                const ORDER: [Rendition; 3] = [
                    Rendition::Simplified,
                    Rendition::Traditional,
                    Rendition::Original,
                ];
                settings.rendition = cycle(&ORDER, settings.rendition, forward);
            }
            SettingItem::Orientation => {
                settings.orientation = match settings.orientation {
                    Orientation::Portrait => Orientation::Landscape,
                    Orientation::Landscape => Orientation::Portrait,
                };
            }
            SettingItem::LineSpacing => {
                settings.line_spacing_percent = next_preset(
                    &LINE_SPACING_PRESETS,
                    settings.line_spacing_percent,
                    forward,
                );
            }
            SettingItem::FullRefresh => {
                settings.full_refresh_every =
                    next_preset(&FULL_REFRESH_PRESETS, settings.full_refresh_every, forward);
            }
            SettingItem::Prohibition => {
                const ORDER: [Prohibition; 3] = [
                    Prohibition::Basic,
                    Prohibition::GbStyle,
                    Prohibition::Strict,
                ];
                settings.prohibition = cycle(&ORDER, settings.prohibition, forward);
            }
            SettingItem::Hanging => {
                settings.hanging_punctuation = !settings.hanging_punctuation;
            }
            SettingItem::Punctuation => {
                // The rendition's default, then each position chosen.
                const ORDER: [Option<PunctuationPosition>; 3] = [
                    None,
                    Some(PunctuationPosition::Centred),
                    Some(PunctuationPosition::LowLeft),
                ];
                settings.punctuation = cycle(&ORDER, settings.punctuation, forward);
            }
        }
    }
}

/// The value after (or before) `current` in `order`, wrapping around.
fn cycle<T: Copy + PartialEq>(order: &[T], current: T, forward: bool) -> T {
    let count = order.len();
    let index = order.iter().position(|&v| v == current).unwrap_or(0);
    let next = (if forward {
        index + 1
    } else {
        index + count - 1
    }) % count.max(1);
    order.get(next).copied().unwrap_or(current)
}

/// The preset after (or before) `current`, which need not be a preset itself, wrapping around.
fn next_preset<T: Copy + Ord>(presets: &[T], current: T, forward: bool) -> T {
    let found = if forward {
        presets.iter().copied().find(|&p| p > current)
    } else {
        presets.iter().rev().copied().find(|&p| p < current)
    };
    let wrapped = if forward {
        presets.first()
    } else {
        presets.last()
    };
    found.or(wrapped.copied()).unwrap_or(current)
}

impl Ui {
    /// Settings: Prev/Next move, Select steps the value forward, long Select backward, Back
    /// leaves.
    pub(super) fn on_settings(&mut self, input: Input, selected: u8) -> Update {
        let count = SettingItem::ALL.len() as u16;
        match (input.button, input.press) {
            (Button::Prev | Button::Next, _) => {
                let moved = super::menu::step(u16::from(selected), count, input);
                self.view = View::Settings {
                    selected: u8::try_from(moved).unwrap_or(0),
                };
                Update::partial(Redraw::Screen)
            }
            (Button::Select, press) => match SettingItem::ALL.get(usize::from(selected)) {
                Some(&item) => self.cycle_setting(item, press == Press::Short),
                None => Update::NONE,
            },
            (Button::Back, _) => self.leave_sub(),
        }
    }

    /// Steps a setting; the book is laid out again once a screen needs its pages.
    pub(super) fn cycle_setting(&mut self, item: SettingItem, forward: bool) -> Update {
        if item == SettingItem::Writing {
            return self.toggle_writing();
        }
        let before = self.state.settings;
        item.step(&mut self.state.settings, &self.config, forward);
        if self.state.settings == before {
            return Update::NONE;
        }
        self.changed = true;
        Update::partial(Redraw::Screen)
    }

    /// The book the writing mode applies to: the open one, else the one to reopen.
    fn writing_book(&self) -> Option<crate::persist::BookKey> {
        self.book.map(|book| book.key).or(self.state.last_book)
    }

    /// Sets the book 直排 if it was 横排 and back; nothing without a book.
    pub(super) fn toggle_writing(&mut self) -> Update {
        let Some(key) = self.writing_book() else {
            return Update::NONE;
        };
        let writing = match self.state.writing(key) {
            WritingMode::Horizontal => WritingMode::Vertical,
            WritingMode::Vertical => WritingMode::Horizontal,
        };
        self.state.set_writing(key, writing);
        self.changed = true;
        Update::partial(Redraw::Screen)
    }

    /// One font size up or down, stopping at the ends.
    pub(super) fn step_font_size(&mut self, larger: bool) -> Update {
        let index = self.config.size_index(self.state.settings.font_size_index);
        let next = if larger {
            self.config.size_index(index.saturating_add(1))
        } else {
            index.saturating_sub(1)
        };
        if next == self.state.settings.font_size_index {
            return Update::NONE;
        }
        self.state.settings.font_size_index = next;
        self.changed = true;
        Update::partial(Redraw::Screen)
    }

    /// The settings screen with `selected` highlighted.
    pub(super) fn settings_view(&self, selected: u8) -> MenuView {
        let settings = &self.state.settings;
        let writing = self
            .writing_book()
            .map_or(WritingMode::Horizontal, |key| self.state.writing(key));
        let items = SettingItem::ALL
            .iter()
            .map(|&item| MenuItem {
                label: item.label(),
                value: Some(item.value(settings, &self.config, writing)),
            })
            .collect();
        MenuView {
            title: strings::SETTINGS,
            items,
            selected,
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn configs_check_their_font_sizes() {
        assert_eq!(Config::try_new(&[]), Err(ConfigError::NoFontSizes));
        assert_eq!(Config::try_new(&[20, 16]), Err(ConfigError::BadFontSizes));
        assert_eq!(Config::try_new(&[16, 16]), Err(ConfigError::BadFontSizes));
        assert_eq!(Config::try_new(&[0, 16]), Err(ConfigError::BadFontSizes));
        assert_eq!(
            Config::try_new(&[1, 2, 3, 4, 5, 6, 7, 8, 9]),
            Err(ConfigError::TooManyFontSizes(9))
        );
        let config = Config::try_new(&[16, 20, 24]).unwrap();
        assert_eq!(config.font_size(0), 16);
        assert_eq!(config.font_size(2), 24);
        assert_eq!(config.font_size(200), 24);
        assert_eq!(config.size_index(7), 2);
        assert_eq!(config.sleep_after_ms(), DEFAULT_SLEEP_AFTER_MS);
        assert_eq!(config.with_sleep_after(5).sleep_after_ms(), 5);
    }

    #[test]
    fn presets_step_from_any_value_and_wrap() {
        assert_eq!(next_preset(&LINE_SPACING_PRESETS, 150, true), 175);
        assert_eq!(next_preset(&LINE_SPACING_PRESETS, 200, true), 120);
        assert_eq!(next_preset(&LINE_SPACING_PRESETS, 140, true), 150);
        assert_eq!(next_preset(&LINE_SPACING_PRESETS, 140, false), 135);
        assert_eq!(next_preset(&LINE_SPACING_PRESETS, 120, false), 200);
        assert_eq!(next_preset(&FULL_REFRESH_PRESETS, 0, true), 1);
        assert_eq!(next_preset(&FULL_REFRESH_PRESETS, 0, false), 32);
        assert_eq!(next_preset(&FULL_REFRESH_PRESETS, 200, true), 1);
    }

    #[test]
    fn every_item_returns_to_its_value_after_a_full_cycle_both_ways() {
        let config = Config::try_new(&[16, 20, 24]).unwrap();
        let cycle_lengths = [3, 3, 2, 5, 6, 3, 2, 3];
        for (item, &length) in SettingItem::ALL.iter().zip(&cycle_lengths) {
            for forward in [true, false] {
                let mut settings = Settings::default();
                let start = item.value(&settings, &config, WritingMode::Horizontal);
                let mut seen = std::vec::Vec::new();
                for _ in 0..length {
                    seen.push(item.value(&settings, &config, WritingMode::Horizontal));
                    item.step(&mut settings, &config, forward);
                }
                assert_eq!(
                    item.value(&settings, &config, WritingMode::Horizontal),
                    start,
                    "{item:?}"
                );
                seen.sort_by_key(|v| std::format!("{v:?}"));
                seen.dedup();
                assert_eq!(seen.len(), length, "{item:?} visits every value");
            }
        }
    }

    #[test]
    fn labels_and_values_read_as_chinese() {
        let config = Config::try_new(&[16, 20, 24]).unwrap();
        let settings = Settings::default();
        let shown: std::vec::Vec<_> = SettingItem::ALL
            .iter()
            .map(|item| {
                (
                    item.label(),
                    item.value(&settings, &config, WritingMode::Vertical),
                )
            })
            .collect();
        assert_eq!(shown[0], ("字号", Value::Pixels(16)));
        assert_eq!(shown[1], ("字形", Value::Label("简体")));
        assert_eq!(shown[4], ("全刷间隔", Value::PageTurns(8)));
        assert_eq!(shown[6], ("标点悬挂", Value::Label("关")));
        assert_eq!(shown[7], ("标点位置", Value::Label("靠左下（默认）")));
        assert_eq!(shown[8], ("排版", Value::Label("直排")));
        assert_eq!(shown[9], ("纵中横", Value::Label("关")));
        let hant = Settings {
            rendition: Rendition::Traditional,
            ..settings
        };
        let punctuation = |settings: &Settings| {
            SettingItem::Punctuation.value(settings, &config, WritingMode::Horizontal)
        };
        assert_eq!(punctuation(&hant), Value::Label("居中（默认）"));
        let mut chosen = hant;
        SettingItem::Punctuation.step(&mut chosen, &config, true);
        assert_eq!(punctuation(&chosen), Value::Label("居中"));
        SettingItem::Punctuation.step(&mut chosen, &config, true);
        assert_eq!(punctuation(&chosen), Value::Label("靠左下"));
        assert_eq!(
            chosen.punctuation_position(),
            PunctuationPosition::LowLeft,
            "a choice holds in 繁體 too"
        );
        let never = Settings {
            full_refresh_every: 0,
            ..settings
        };
        assert_eq!(
            SettingItem::FullRefresh.value(&never, &config, WritingMode::Horizontal),
            Value::Label("从不")
        );
    }
}
