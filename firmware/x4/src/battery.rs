//! The battery's charge from its voltage.
//!
//! The X4's single Li-ion cell reaches GPIO0 through a divider of two equal resistors (10 kΩ
//! each in open-x4-epaper/sample-firmware and the unofficial schematic, 100 kΩ each in pulp-os:
//! a half either way), read by ADC1 channel 0 at 11 dB attenuation with esp-hal's calibrated
//! curve in millivolts. [`millivolts`] undoes the divider; [`percent`] turns a cell voltage
//! into the charge left, along the curve CrossPoint Reader shows on the X4
//! (`BatteryMonitor::percentageFromMillivolts`, a cubic fitted to samples of a LiPo cell),
//! here as straight lines between points read off that cubic every 100 mV ([`CURVE`]), so the
//! firmware needs no floating point. The tests hold the two to 2 % of each other from 3.227 V
//! up; below that, where the cubic has its minimum and turns back up (14 % at 3.0 V), the
//! cell is empty here.

/// The divider between the cell and GPIO0: the pin sees the cell's voltage halved.
pub const DIVIDER: u32 = 2;

/// A reading of the pin below this (millivolts) is no battery: the divider reads 0 V when the
/// cell is absent or the ADC failed.
pub const NO_BATTERY_BELOW_MV: u16 = 1_000;

/// The cell's voltage (millivolts) and the charge left (percent) on CrossPoint's curve, the
/// voltage rising; below the first point the cell is empty, above the last full.
pub const CURVE: [(u16, u8); 10] = [
    (3_300, 1),
    (3_400, 6),
    (3_500, 15),
    (3_600, 27),
    (3_700, 41),
    (3_800, 55),
    (3_900, 70),
    (4_000, 84),
    (4_100, 96),
    (4_150, 100),
];

/// The cell's voltage from the pin's calibrated reading, both in millivolts; `None` when the
/// pin reads too low for a cell to be there ([`NO_BATTERY_BELOW_MV`]).
pub fn millivolts(pin_mv: u16) -> Option<u16> {
    if pin_mv < NO_BATTERY_BELOW_MV {
        return None;
    }
    u16::try_from(u32::from(pin_mv) * DIVIDER).ok()
}

/// The charge left in a cell at `cell_mv` millivolts, in percent (0 to 100).
pub fn percent(cell_mv: u16) -> u8 {
    let mut below = (0u16, 0u8);
    for &(mv, pct) in &CURVE {
        if cell_mv < mv {
            if below.0 == 0 {
                return 0;
            }
            // Between two points: the straight line, rounded down.
            let span = u32::from(mv - below.0);
            let rise = u32::from(pct - below.1);
            let into = u32::from(cell_mv - below.0);
            let step = u8::try_from(rise * into / span).unwrap_or(0);
            return below.1 + step;
        }
        below = (mv, pct);
    }
    100
}

/// How much of a new reading the running average takes: a quarter, so that ADC noise of a
/// few tens of millivolts is averaged over about four readings while a real change (a charger
/// plugged in) shows within a few.
pub const AVERAGE_SHIFT: u32 = 2;

/// Percentage points the average must move from what is shown before the figure changes:
/// with readings that jitter about a point's edge, the status line would otherwise flip
/// between two figures on every reading (and redraw for it).
pub const HYSTERESIS: u8 = 2;

/// The charge the status line shows, from readings of the cell that jitter: their running
/// average ([`AVERAGE_SHIFT`]) through [`percent`], changing only when it moves at least
/// [`HYSTERESIS`] points from the figure shown, or to empty or full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gauge {
    /// The running average in millivolts × 2^[`AVERAGE_SHIFT`]; `None` before the first
    /// reading, or after one without a cell.
    average: Option<u32>,
    shown: Option<u8>,
}

impl Gauge {
    /// A gauge that has read nothing yet.
    pub const fn new() -> Self {
        Gauge {
            average: None,
            shown: None,
        }
    }

    /// Takes a reading of the cell (millivolts, or `None`: no cell, see [`millivolts`]) and
    /// returns the charge to show. The first reading shows at once.
    pub fn read(&mut self, cell_mv: Option<u16>) -> Option<u8> {
        let Some(mv) = cell_mv.map(u32::from) else {
            *self = Gauge::new();
            return None;
        };
        let average = match self.average {
            None => mv << AVERAGE_SHIFT,
            Some(average) => average - (average >> AVERAGE_SHIFT) + mv,
        };
        self.average = Some(average);
        let mean = u16::try_from(average >> AVERAGE_SHIFT).unwrap_or(u16::MAX);
        let now = percent(mean);
        let moved = self
            .shown
            .is_none_or(|shown| now.abs_diff(shown) >= HYSTERESIS || now == 0 || now == 100);
        if moved {
            self.shown = Some(now);
        }
        self.shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CrossPoint's cubic, clamped to 0–100 and rounded, as its firmware computes it.
    fn crosspoint(cell_mv: u16) -> f64 {
        let v = f64::from(cell_mv) / 1000.0;
        let y = -144.9390 * v * v * v + 1655.8629 * v * v - 6158.8520 * v + 7501.3202;
        y.clamp(0.0, 100.0).round()
    }

    #[test]
    fn the_gauge_shows_the_first_reading_and_ignores_jitter() {
        let mut gauge = Gauge::new();
        // 3.800 V: 55 %, at once.
        assert_eq!(gauge.read(Some(3_800)), Some(55));
        // Readings jittering ±20 mV about it (±3 points each) leave the figure alone.
        for mv in [3_820, 3_780, 3_815, 3_790, 3_810, 3_785, 3_800, 3_795] {
            assert_eq!(gauge.read(Some(mv)), Some(55), "{mv} mV");
        }
        // No cell: nothing shown, and the next reading starts afresh.
        assert_eq!(gauge.read(None), None);
        assert_eq!(gauge.read(Some(4_000)), Some(84));
    }

    #[test]
    fn the_gauge_follows_a_real_change_within_a_few_readings() {
        let mut gauge = Gauge::new();
        assert_eq!(gauge.read(Some(3_700)), Some(41));
        // Plugged in: the cell reads 4.1 V from now on. The average moves a quarter of the
        // way each time: 3,800, 3,875, 3,931, 3,973, 4,005 mV …
        let shown: Vec<u8> = (0..8).filter_map(|_| gauge.read(Some(4_100))).collect();
        assert!(
            shown.windows(2).all(|w| w[0] <= w[1]),
            "{shown:?} never goes back"
        );
        assert_eq!(shown[0], 55, "3,800 mV after one reading");
        assert!(shown[4] >= 84, "{shown:?}: past 4.0 V within five readings");
        // And empty shows as soon as the average gets there.
        let mut gauge = Gauge::new();
        assert_eq!(gauge.read(Some(3_310)), Some(1));
        assert_eq!(gauge.read(Some(3_200)), Some(0));
    }

    #[test]
    fn the_curve_follows_crosspoints_cubic_within_two_percent() {
        for mv in (3_000..3_227).step_by(5) {
            assert_eq!(percent(mv), 0, "{mv} mV: empty");
        }
        // The cubic's minimum (−0.5 %) is at 3.227 V; below it the fit rises again.
        assert!(crosspoint(3_000) > 10.0);
        for mv in (3_227..4_400).step_by(5) {
            let ours = f64::from(percent(mv));
            let theirs = crosspoint(mv);
            assert!(
                (ours - theirs).abs() <= 2.0,
                "{mv} mV: {ours} against {theirs}"
            );
        }
        for &(mv, pct) in &CURVE {
            assert_eq!(crosspoint(mv), f64::from(pct), "{mv} mV");
            assert_eq!(percent(mv), pct);
        }
    }

    #[test]
    fn the_charge_rises_with_the_voltage_from_empty_to_full() {
        assert_eq!(percent(0), 0);
        assert_eq!(percent(3_299), 0);
        assert_eq!(percent(3_350), 3);
        assert_eq!(percent(4_150), 100);
        assert_eq!(percent(u16::MAX), 100);
        let mut last = 0;
        for mv in 3_000..4_300 {
            let pct = percent(mv);
            assert!(pct >= last, "{mv} mV");
            last = pct;
        }
    }

    #[test]
    fn the_pin_reads_half_the_cell() {
        // A full cell, 4.2 V, reads 2.1 V at the pin; an empty one, 3.3 V, 1.65 V.
        assert_eq!(millivolts(2_100), Some(4_200));
        assert_eq!(millivolts(1_650), Some(3_300));
        assert_eq!(millivolts(999), None, "no cell");
        assert_eq!(millivolts(40_000), None, "more than a u16 of millivolts");
    }
}
