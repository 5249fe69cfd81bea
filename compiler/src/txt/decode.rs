//! Bytes to text: which encoding a file is in, decoded with its malformed sequences counted.
//!
//! Rules, in order (the first that applies decides):
//!
//! | case | encoding |
//! |---|---|
//! | more than the limit ([`MAX_BYTES`](super::MAX_BYTES)) | refused before decoding: [`TxtErrorKind::TooLarge`] |
//! | an encoding the user named (`--encoding`) | that one; a byte order mark of that same encoding is dropped |
//! | a byte order mark (UTF-8 `EF BB BF`, UTF-16LE `FF FE`, UTF-16BE `FE FF`) | the mark's encoding; the mark is dropped |
//! | a NUL byte, the encoding not being UTF-16 | refused: binary data ([`TxtErrorKind::NulByte`]) |
//! | valid UTF-8 (ASCII included) | UTF-8: valid UTF-8 always wins over a guess |
//! | UTF-8 with at most one malformed sequence per 100 non-ASCII characters | UTF-8: a mostly good file with a few damaged bytes |
//! | anything else | chardetng's guess from the file's start (up to 32 KiB of non-ASCII bytes), with the hint that the text is Chinese (TLD `sg`: GBK/GB18030 and Big5 both expected, GBK on a tie) |
//!
//! Malformed sequences become U+FFFD and are counted in [`Decoded::replaced`], so that the
//! compiler can warn. The decoded text is refused as not text ([`TxtErrorKind::Undecodable`])
//! when more than one character in 20 is a replacement or a control character other than
//! tab, line feed, vertical tab, form feed and carriage return: real text has next to none,
//! while binary data read in a single-byte encoding has about one in eight.

use encoding_rs::{Decoder, DecoderResult, Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

use super::error::{TxtError, TxtErrorKind};

/// The TLD hint given to chardetng: `sg`, whose native encodings are both GBK and Big5 (GBK
/// first on a tie). `cn` would not do: it takes most Big5 text for GBK (on 185 lines of
/// 4–63 characters from 水浒传 in 繁體, `cn` missed 159 and `sg` none).
const CHINESE_TLD: &[u8] = b"sg";

/// Bytes fed to chardetng at a time.
const DETECTION_CHUNK: usize = 64 * 1024;

/// chardetng stops reading once it has seen this many non-ASCII bytes (some 16,000 Chinese
/// characters, far more than a guess needs): it reads only 3–6 MB/s, and given the whole of
/// 水浒传 in GB18030 (1.7 MB) it took 270 of the 280 ms that reading the book took.
const DETECTION_NON_ASCII: usize = 32 * 1024;

/// At most this many malformed sequences per non-ASCII character still make a file UTF-8.
const UTF8_DAMAGE_PER_CHARACTER: usize = 100;

/// More than one bad character (replacement or control) in this many makes a file not text.
const BAD_CHARACTER_SHARE: usize = 20;

/// A decoded text file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte order mark; line ends as in the file.
    pub text: String,
    /// The encoding the file was read in (named, marked, or detected).
    pub encoding: &'static Encoding,
    /// How many malformed byte sequences were replaced by U+FFFD.
    pub replaced: usize,
}

/// Decodes a text file's bytes. `forced`: an encoding the user named (`--encoding`), else
/// detect (see the module docs for the rules).
///
/// The error names no file ([`TxtError::in_file`] adds one).
///
/// ```
/// use moye_compiler::txt::decode;
///
/// let (bytes, _, _) = encoding_rs::GB18030.encode("第一回　王教头私走延安府");
/// let decoded = decode(&bytes, None).unwrap();
/// assert_eq!(decoded.text, "第一回　王教头私走延安府");
/// assert_eq!(decoded.encoding, encoding_rs::GBK);
/// ```
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, TxtError> {
    decode_limited(bytes, forced, super::MAX_BYTES)
}

/// [`decode`] with a size limit of `limit` bytes, so that tests need not write 64 MiB.
pub(crate) fn decode_limited(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    limit: usize,
) -> Result<Decoded, TxtError> {
    if bytes.len() > limit {
        let kind = TxtErrorKind::TooLarge {
            bytes: bytes.len(),
            limit,
        };
        return Err(TxtError::new("", kind));
    }
    let (encoding, body) = choose_encoding(bytes, forced)?;
    let (text, replaced) = if encoding == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(text) => (text.to_owned(), 0),
            Err(_) => decode_counting(encoding, body),
        }
    } else {
        decode_counting(encoding, body)
    };
    check_is_text(&text, replaced)?;
    Ok(Decoded {
        text,
        encoding,
        replaced,
    })
}

/// Resolves a user's `--encoding` label: the WHATWG labels (`gb18030`, `gbk`, `gb2312`,
/// `big5`, `utf-8`, `utf-16le`, `utf-16be`, …, any case, surrounding spaces ignored) and the
/// Windows code page names `cp936` and `cp950`. `None` for an unknown label, and for the
/// labels WHATWG maps to its "replacement" encoding (which decodes nothing).
///
/// ```
/// use moye_compiler::txt::encoding_for_label;
///
/// assert_eq!(encoding_for_label("GB2312"), Some(encoding_rs::GBK));
/// assert_eq!(encoding_for_label("cp950"), Some(encoding_rs::BIG5));
/// assert_eq!(encoding_for_label("klingon"), None);
/// ```
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim();
    let encoding = if label.eq_ignore_ascii_case("cp936") {
        encoding_rs::GBK
    } else if label.eq_ignore_ascii_case("cp950") {
        encoding_rs::BIG5
    } else {
        Encoding::for_label(label.as_bytes())?
    };
    (encoding != REPLACEMENT).then_some(encoding)
}

/// The encoding of `bytes` and the bytes to decode with it (a byte order mark removed).
fn choose_encoding<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> Result<(&'static Encoding, &'a [u8]), TxtError> {
    let (encoding, body) = match (forced, Encoding::for_bom(bytes)) {
        (Some(forced), Some((marked, length))) if marked == forced => {
            (forced, bytes.get(length..).unwrap_or_default())
        }
        (Some(forced), _) => (forced, bytes),
        (None, Some((marked, length))) => (marked, bytes.get(length..).unwrap_or_default()),
        (None, None) => (detect(bytes), bytes),
    };
    if encoding != UTF_16LE && encoding != UTF_16BE {
        if let Some(at) = memchr_nul(body) {
            let line = 1 + body.iter().take(at).filter(|&&b| b == b'\n').count();
            return Err(TxtError::new("", TxtErrorKind::NulByte { line }));
        }
    }
    Ok((encoding, body))
}

/// The encoding of unmarked bytes: UTF-8 when they are (nearly) valid UTF-8, else a guess.
fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() || is_mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    let mut non_ascii = 0usize;
    let mut chunks = bytes.chunks(DETECTION_CHUNK).peekable();
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        detector.feed(chunk, last);
        non_ascii += chunk.iter().filter(|b| !b.is_ascii()).count();
        if non_ascii >= DETECTION_NON_ASCII {
            break;
        }
    }
    detector.guess(Some(CHINESE_TLD), true)
}

/// Whether `bytes` decode as UTF-8 with at most one malformed sequence per
/// [`UTF8_DAMAGE_PER_CHARACTER`] non-ASCII characters (and at least one good one).
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let mut good = 0usize;
    let mut malformed = 0usize;
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            malformed += 1;
            // Give up early: a GBK or Big5 file fails within its first few characters.
            if malformed * UTF8_DAMAGE_PER_CHARACTER > good + 10 * UTF8_DAMAGE_PER_CHARACTER {
                return false;
            }
        }
    }
    good > 0 && malformed * UTF8_DAMAGE_PER_CHARACTER <= good
}

/// Decodes `bytes` in `encoding` (no byte order mark handling), replacing each malformed
/// sequence by U+FFFD and counting them.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(room_for(&decoder, bytes.len()));
    let mut rest = bytes;
    let mut replaced = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let room = room_for(&decoder, rest.len());
                text.reserve(room);
            }
            DecoderResult::Malformed(_, _) => {
                replaced += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    (text, replaced)
}

/// Bytes of UTF-8 that decoding `input` more bytes can produce (at least a few, so that
/// decoding always advances).
fn room_for(decoder: &Decoder, input: usize) -> usize {
    decoder
        .max_utf8_buffer_length_without_replacement(input)
        .unwrap_or(input.saturating_mul(3))
        .max(16)
}

/// Refuses text with more than one bad character in [`BAD_CHARACTER_SHARE`].
fn check_is_text(text: &str, replaced: usize) -> Result<(), TxtError> {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r') {
            controls += 1;
        }
    }
    let bad = controls + replaced;
    if bad * BAD_CHARACTER_SHARE > total {
        return Err(TxtError::new("", TxtErrorKind::Undecodable { bad, total }));
    }
    Ok(())
}

/// The offset of the first NUL byte.
fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030, GBK};

    const SIMPLIFIED: &str =
        "话说大宋仁宗天子在位，嘉佑三年三月三日五更三点，天子驾坐紫宸殿，受百官朝贺。\n\
                              当有殿头官喝道：“有事出班早奏，无事卷帘退朝。”";
    const TRADITIONAL: &str =
        "話說大宋仁宗天子在位，嘉祐三年三月三日五更三點，天子駕坐紫宸殿，受百官朝賀。\n\
                               當有殿頭官喝道：「有事出班早奏，無事捲簾退朝。」";

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        // By hand: encoding_rs encodes to UTF-8 only, never to UTF-16.
        let mut bytes = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    #[test]
    fn each_encoding_is_detected_and_decodes_back() {
        let (gb, _, _) = GB18030.encode(SIMPLIFIED);
        let (big5, _, _) = BIG5.encode(TRADITIONAL);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SIMPLIFIED.as_bytes()].concat();
        let cases: [(&[u8], &str, &Encoding); 6] = [
            (SIMPLIFIED.as_bytes(), SIMPLIFIED, UTF_8),
            (&with_bom, SIMPLIFIED, UTF_8),
            (&utf16(SIMPLIFIED, true), SIMPLIFIED, UTF_16LE),
            (&utf16(TRADITIONAL, false), TRADITIONAL, UTF_16BE),
            (&gb, SIMPLIFIED, GBK),
            (&big5, TRADITIONAL, BIG5),
        ];
        for (bytes, text, encoding) in cases {
            let decoded = decode(bytes, None).unwrap();
            assert_eq!(decoded.encoding, encoding, "{text}");
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.replaced, 0);
        }
    }

    #[test]
    fn a_long_file_is_detected_from_its_start_and_decoded_whole() {
        // Some 230 KB of GBK, more than chardetng is given, and a Big5 file as long.
        let long = SIMPLIFIED.repeat(1000);
        let decoded = decode(&GB18030.encode(&long).0, None).unwrap();
        assert_eq!((decoded.encoding, decoded.text == long), (GBK, true));
        let long = TRADITIONAL.repeat(1000);
        let decoded = decode(&BIG5.encode(&long).0, None).unwrap();
        assert_eq!((decoded.encoding, decoded.text == long), (BIG5, true));
    }

    #[test]
    fn a_forced_encoding_overrides_detection() {
        let (gb, _, _) = GB18030.encode(SIMPLIFIED);
        let as_big5 = decode(&gb, Some(BIG5)).unwrap();
        assert_eq!(as_big5.encoding, BIG5);
        assert_ne!(as_big5.text, SIMPLIFIED);
        // Valid UTF-8 read as GBK on the user's word: mojibake, but what was asked for.
        let forced = decode("中文".as_bytes(), Some(GBK)).unwrap();
        assert_eq!(forced.encoding, GBK);
        assert_eq!(
            forced.text,
            GBK.decode_without_bom_handling("中文".as_bytes()).0
        );
        // A forced UTF-16 keeps its own mark out of the text.
        let forced = decode(&utf16("中文", true), Some(UTF_16LE)).unwrap();
        assert_eq!(forced.text, "中文");
    }

    #[test]
    fn a_few_damaged_bytes_are_replaced_and_counted() {
        let long = SIMPLIFIED.repeat(4);
        let mut bytes = long.as_bytes().to_vec();
        // Cut one three-byte character in the middle: one malformed sequence.
        bytes.remove(4);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, UTF_8);
        assert_eq!(decoded.replaced, 1);
        assert!(decoded.text.starts_with("话\u{FFFD}大宋"));
        let mut gb = GB18030.encode(&long).0.into_owned();
        // 0xFF is never a byte of GBK; between two characters it is one malformed sequence.
        gb.insert(2, 0xFF);
        let decoded = decode(&gb, Some(GBK)).unwrap();
        assert_eq!(decoded.replaced, 1);
    }

    #[test]
    fn binary_data_is_refused() {
        let nul = decode(b"abc\ndef\0ghi", None).unwrap_err();
        assert_eq!(nul.kind, TxtErrorKind::NulByte { line: 2 });
        let noise: Vec<u8> = (1..=255u8).cycle().take(4096).collect();
        let error = decode(&noise, None).unwrap_err();
        assert!(
            matches!(error.kind, TxtErrorKind::Undecodable { .. }),
            "{error}"
        );
    }

    #[test]
    fn the_limit_is_checked_before_decoding() {
        let error = decode_limited(b"12345", None, 4).unwrap_err();
        let kind = TxtErrorKind::TooLarge { bytes: 5, limit: 4 };
        assert_eq!(error.kind, kind);
        assert!(decode_limited(b"1234", None, 4).is_ok());
    }

    #[test]
    fn labels_resolve_like_the_web() {
        assert_eq!(encoding_for_label(" utf-8 "), Some(UTF_8));
        assert_eq!(encoding_for_label("UTF-16BE"), Some(UTF_16BE));
        assert_eq!(encoding_for_label("gb18030"), Some(GB18030));
        assert_eq!(encoding_for_label("big5"), Some(BIG5));
        assert_eq!(encoding_for_label("iso-2022-kr"), None);
    }
}
