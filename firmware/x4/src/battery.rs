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
