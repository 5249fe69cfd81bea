//! Zip bombs: an entry of 300 MiB of zeros that deflates to about 2 MB, written by hand (a
//! fixed-Huffman deflate block of one literal and back-references), in a zip also written by
//! hand so that its declared sizes can lie.

use moye_compiler::epub::{read, read_with_limits, EpubErrorKind, Limits};

/// Bits written least significant first, as deflate packs them.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    buffer: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u32, width: u32) {
        self.buffer |= u64::from(value) << self.count;
        self.count += width;
        while self.count >= 8 {
            self.bytes.push((self.buffer & 0xFF) as u8);
            self.buffer >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code: deflate sends its bits most significant first.
    fn put_code(&mut self, code: u32, width: u32) {
        let reversed = code.reverse_bits() >> (32 - width);
        self.put(reversed, width);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.bytes.push((self.buffer & 0xFF) as u8);
        }
        self.bytes
    }
}

/// A raw deflate stream of `1 + 258 * matches` zero bytes (RFC 1951, fixed Huffman codes):
/// the literal 0 (code 0x30, 8 bits), then `matches` times length 258 (symbol 285, code 0xC5,
/// 8 bits, no extra bits) at distance 1 (distance code 0, 5 bits), then end of block (symbol
/// 256, seven 0 bits).
fn zeros_deflated(matches: usize) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = 01, fixed Huffman
    bits.put_code(0x30, 8);
    for _ in 0..matches {
        bits.put_code(0xC5, 8);
        bits.put_code(0, 5);
    }
    bits.put_code(0, 7);
    bits.finish()
}

/// CRC-32 (IEEE), bit by bit, for the stored entries.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry of a hand-made zip.
struct Entry<'a> {
    name: &'a str,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
    /// The uncompressed size the headers declare.
    declared: u32,
    crc: u32,
}

impl<'a> Entry<'a> {
    fn stored(name: &'a str, data: &[u8]) -> Self {
        Entry {
            name,
            method: 0,
            data: data.to_vec(),
            declared: data.len() as u32,
            crc: crc32(data),
        }
    }
}

/// A zip archive of `entries` (no data descriptors, no extra fields).
fn zip_by_hand(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = out.len() as u32;
        let common = |to: &mut Vec<u8>| {
            to.extend(20u16.to_le_bytes()); // version needed
            to.extend(0u16.to_le_bytes()); // flags
            to.extend(entry.method.to_le_bytes());
            to.extend(0u16.to_le_bytes()); // time
            to.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            to.extend(entry.crc.to_le_bytes());
            to.extend((entry.data.len() as u32).to_le_bytes());
            to.extend(entry.declared.to_le_bytes());
            to.extend((entry.name.len() as u16).to_le_bytes());
            to.extend(0u16.to_le_bytes()); // extra length
        };
        out.extend(0x0403_4B50u32.to_le_bytes());
        common(&mut out);
        out.extend(entry.name.as_bytes());
        out.extend(&entry.data);
        central.extend(0x0201_4B50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend(0u16.to_le_bytes()); // comment length
        central.extend(0u16.to_le_bytes()); // disk
        central.extend(0u16.to_le_bytes()); // internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(entry.name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4B50u32.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const CONTAINER: &[u8] = b"<container><rootfiles><rootfile full-path=\"OEBPS/p.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
const OPF: &[u8] = b"<package><metadata/><manifest><item id=\"b\" href=\"bomb.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"b\"/></spine></package>";

/// 300 MiB of zeros, rounded to whole matches.
const MATCHES: usize = (300 << 20) / 258;

fn book_with_bomb(declared: u32) -> Vec<u8> {
    zip_by_hand(&[
        Entry::stored("mimetype", b"application/epub+zip"),
        Entry::stored("META-INF/container.xml", CONTAINER),
        Entry::stored("OEBPS/p.opf", OPF),
        Entry {
            name: "OEBPS/bomb.xhtml",
            method: 8,
            data: zeros_deflated(MATCHES),
            declared,
            crc: 0,
        },
    ])
}

#[test]
fn the_hand_made_zip_and_deflate_are_sound() {
    // A small honest "bomb" of 1 + 258 * 3 = 775 zeros reads back as a (text-less) chapter:
    // the zip and the deflate stream are valid, so the refusals below are about size.
    let data = zeros_deflated(3);
    let zeros = vec![0u8; 775];
    let book = zip_by_hand(&[
        Entry::stored("META-INF/container.xml", CONTAINER),
        Entry::stored("OEBPS/p.opf", OPF),
        Entry {
            name: "OEBPS/bomb.xhtml",
            method: 8,
            data,
            declared: 775,
            crc: crc32(&zeros),
        },
    ]);
    let document = read(&book, "b.epub");
    assert!(
        document.as_ref().is_ok_and(|d| d.blocks.is_empty()),
        "{document:?}"
    );
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926); // the standard check value
}

#[test]
fn a_bomb_that_declares_its_size_is_refused_before_inflating() {
    let book = book_with_bomb((MATCHES * 258 + 1) as u32);
    assert!(book.len() < 3 << 20, "{} bytes", book.len());
    let error = read(&book, "books/bomb.epub").map(|_| ()).unwrap_err();
    assert_eq!(error.kind, EpubErrorKind::EntryTooLarge(64 << 20));
    assert_eq!(
        error.to_string(),
        "books/bomb.epub: OEBPS/bomb.xhtml: the entry inflates to more than 67108864 bytes"
    );
}

#[test]
fn a_bomb_that_lies_about_its_size_is_stopped_at_the_limit() {
    let book = book_with_bomb(1000);
    let error = read(&book, "books/bomb.epub").map(|_| ()).unwrap_err();
    assert_eq!(
        error.kind,
        EpubErrorKind::EntryTooLarge(64 << 20),
        "{error}"
    );
}

#[test]
fn refused_stylesheets_still_use_up_the_book_budget() {
    // Four stylesheets that each inflate past the entry limit: each refusal is ignored (CSS
    // only styles), but what was inflated counts, so the next chapter finds no budget left.
    let opf = b"<package><manifest>\
        <item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>\
        <item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>\
        </manifest><spine><itemref idref=\"a\"/><itemref idref=\"b\"/></spine></package>";
    let links: String = (1..=4)
        .map(|i| format!("<link rel=\"stylesheet\" href=\"s{i}.css\"/>"))
        .collect();
    let a = format!("<html><head>{links}</head><body><p>甲</p></body></html>");
    let bomb = |name| Entry {
        name,
        method: 8,
        data: zeros_deflated((2 << 20) / 258),
        declared: 10,
        crc: 0,
    };
    let book = zip_by_hand(&[
        Entry::stored("META-INF/container.xml", CONTAINER),
        Entry::stored("OEBPS/p.opf", opf),
        Entry::stored("OEBPS/a.xhtml", a.as_bytes()),
        bomb("OEBPS/s1.css"),
        bomb("OEBPS/s2.css"),
        bomb("OEBPS/s3.css"),
        bomb("OEBPS/s4.css"),
        Entry::stored("OEBPS/b.xhtml", "<p>乙</p>".as_bytes()),
    ]);
    let limits = Limits {
        entry: 1 << 20,
        book: 3 << 20,
    };
    let error = read_with_limits(&book, "b.epub", limits)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "b.epub: OEBPS/b.xhtml: the book inflates to more than 3145728 bytes in all"
    );
    // With room for them, the same stylesheets are only ignored.
    let roomy = Limits {
        entry: 1 << 20,
        book: 64 << 20,
    };
    let document = read_with_limits(&book, "b.epub", roomy);
    assert_eq!(document.map(|d| d.blocks.len()), Ok(2));
}
