//! Putting the microSD card to rest once its books are read.
//!
//! A card left initialised in SPI mode draws some 150 µA; sent CMD0 (GO_IDLE_STATE) it goes
//! back to its idle state, about 10 µA (pulp-os sends it before its deep sleep; see
//! `firmware/x4/X4.md`, section 6). Moye reads the card once, at start, so it sends CMD0 right
//! after: the card rests for the whole reading and through deep sleep. embedded-sdmmc has no
//! call for it, so this writes the command frame itself on the card's `SpiDevice`.

use embedded_hal::spi::{Operation, SpiDevice};

/// CMD0 with argument 0 and its CRC7 (0x4A) and end bit: the only command whose CRC a card
/// checks in SPI mode before CRCs are turned on.
pub const GO_IDLE_STATE: [u8; 6] = [0x40, 0x00, 0x00, 0x00, 0x00, 0x95];

/// Bytes read after the command for its response: the card answers within 8 (N_CR).
const RESPONSE_WAIT: usize = 8;

/// The R1 response that means "in idle state", and nothing wrong.
pub const IDLE: u8 = 0x01;

/// Sends CMD0 in one transaction (chip select low throughout) and reads the card's R1
/// response: `Ok(true)` if the card reports it is idle, `Ok(false)` if it answered otherwise or
/// not at all (no card, or one that does not listen: nothing to put to rest).
pub fn go_idle<D: SpiDevice>(card: &mut D) -> Result<bool, D::Error> {
    let mut response = [0xFF; RESPONSE_WAIT];
    card.transaction(&mut [
        Operation::Write(&GO_IDLE_STATE),
        Operation::TransferInPlace(&mut response),
    ])?;
    // The first byte with its top bit clear is the response; the ones before are the bus
    // idling high.
    Ok(response.iter().find(|&&byte| byte & 0x80 == 0) == Some(&IDLE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::convert::Infallible;

    /// A card that answers `answer` after `delay` bytes of 0xFF, recording what it was sent.
    struct Card {
        sent: Vec<u8>,
        answer: Option<u8>,
        delay: usize,
    }

    impl embedded_hal::spi::ErrorType for Card {
        type Error = Infallible;
    }

    impl SpiDevice<u8> for Card {
        fn transaction(&mut self, operations: &mut [Operation<'_, u8>]) -> Result<(), Infallible> {
            let mut clocked = 0;
            for operation in operations {
                match operation {
                    Operation::Write(data) => {
                        self.sent.extend_from_slice(data);
                        clocked += data.len();
                    }
                    Operation::TransferInPlace(data) => {
                        for byte in data.iter_mut() {
                            self.sent.push(*byte);
                            let after_command = clocked.checked_sub(GO_IDLE_STATE.len());
                            *byte = match (after_command, self.answer) {
                                (Some(n), Some(answer)) if n == self.delay => answer,
                                _ => 0xFF,
                            };
                            clocked += 1;
                        }
                    }
                    other => panic!("unexpected operation {other:?}"),
                }
            }
            Ok(())
        }
    }

    #[test]
    fn the_frame_is_cmd0_with_its_crc_and_the_bus_idles_high_after() {
        // CRC7 of 40 00 00 00 00 (polynomial x^7 + x^3 + 1), shifted, with the end bit.
        let crc7 = GO_IDLE_STATE[..5].iter().fold(0u8, |mut crc, &byte| {
            for bit in (0..8).rev() {
                let feedback = ((crc >> 6) ^ (byte >> bit)) & 1;
                crc = (crc << 1) & 0x7F;
                if feedback == 1 {
                    crc ^= 0x09;
                }
            }
            crc
        });
        assert_eq!(GO_IDLE_STATE[5], crc7 << 1 | 1);
        let mut card = Card {
            sent: Vec::new(),
            answer: Some(IDLE),
            delay: 1,
        };
        assert_eq!(go_idle(&mut card), Ok(true));
        assert_eq!(card.sent[..6], GO_IDLE_STATE);
        assert!(card.sent[6..].iter().all(|&byte| byte == 0xFF));
        assert_eq!(card.sent.len(), 6 + RESPONSE_WAIT);
    }

    #[test]
    fn only_an_idle_answer_in_time_counts() {
        let mut late = Card {
            sent: Vec::new(),
            answer: Some(IDLE),
            delay: RESPONSE_WAIT,
        };
        assert_eq!(go_idle(&mut late), Ok(false));
        let mut silent = Card {
            sent: Vec::new(),
            answer: None,
            delay: 0,
        };
        assert_eq!(go_idle(&mut silent), Ok(false));
        let mut error = Card {
            sent: Vec::new(),
            answer: Some(0x05),
            delay: 0,
        };
        assert_eq!(go_idle(&mut error), Ok(false));
        let mut at_once = Card {
            sent: Vec::new(),
            answer: Some(IDLE),
            delay: 0,
        };
        assert_eq!(go_idle(&mut at_once), Ok(true));
    }
}
