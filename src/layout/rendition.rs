//! The library's books as a layout [`Source`]: a rendition of the blob, read in place.

use super::source::{Source, SourceChar};
use crate::format::{BlockKind, Chars, Rendition};

/// The characters of a block of a rendition, each with its id.
#[derive(Clone, Debug)]
pub struct BlockChars<'a> {
    chars: Chars<'a>,
}

impl Iterator for BlockChars<'_> {
    type Item = SourceChar;

    #[inline]
    fn next(&mut self) -> Option<SourceChar> {
        let (c, id) = self.chars.next_with_id()?;
        Some(SourceChar { c, id: Some(id) })
    }

    /// Skips by codes alone, without looking the skipped characters up.
    #[inline]
    fn nth(&mut self, n: usize) -> Option<SourceChar> {
        self.chars.skip_chars(n)?;
        self.next()
    }
}

impl<'a> Source for Rendition<'a> {
    type Chars<'s>
        = BlockChars<'a>
    where
        Self: 's;

    fn block_count(&self) -> u16 {
        Rendition::block_count(self)
    }

    fn block_kind(&self, block: u16) -> BlockKind {
        Rendition::block_kind(self, block)
    }

    fn block_len(&self, block: u16) -> u16 {
        Rendition::block_len(self, block)
    }

    fn block_start(&self, block: u16) -> Option<u32> {
        Rendition::block_start(self, block)
    }

    fn chars(&self, block: u16, from: u16) -> Self::Chars<'_> {
        // A missing block reads as empty text: the title's text serves as a valid empty-able
        // iterator of the same type, skipped to its end. Skipping past a block's end leaves
        // its iterator empty too.
        let chars = match self.block(block) {
            Some(block) => block.chars_from(from),
            None => {
                let mut chars = self.title().chars();
                chars.skip_chars(usize::MAX);
                chars
            }
        };
        BlockChars { chars }
    }

    /// Reads on from where the previous block's characters end: no seek.
    fn next_block_chars<'s>(&'s self, block: u16, ended: Self::Chars<'s>) -> Self::Chars<'s> {
        BlockChars {
            chars: ended.chars.continued(self.block_len(block)),
        }
    }

    fn has_emphasis(&self, block: u16) -> bool {
        Rendition::has_emphasis(self, block)
    }

    fn is_emphasized(&self, block: u16, offset: u16) -> bool {
        Rendition::is_emphasized(self, block, offset)
    }

    fn id_count(&self) -> u16 {
        self.char_table().len()
    }

    fn id_char(&self, id: u16) -> Option<char> {
        self.char_table().get(id)
    }

    fn scan_ids<'s>(
        &'s self,
        chars: &mut Self::Chars<'s>,
        max: u16,
        take: impl FnMut(u16) -> bool,
    ) -> Option<u16> {
        Some(chars.chars.scan_ids(max, take))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Library, Script};

    #[test]
    fn a_rendition_reads_like_its_blocks() {
        let library = Library::builtin().unwrap();
        let book = library.book(0).unwrap().rendition(Script::Simplified);
        assert_eq!(Source::block_count(&book), book.block_count());
        let block = book.block(3).unwrap();
        let from_source: String = Source::chars(&book, 3, 2).map(|ch| ch.c).collect();
        let ids: Vec<u16> = Source::chars(&book, 3, 2).filter_map(|ch| ch.id).collect();
        assert_eq!(ids, block.text().ids().skip(2).collect::<Vec<_>>());
        let direct: String = block.text().chars().skip(2).collect();
        assert_eq!(from_source, direct);
        assert_eq!(book.block_len(3), block.len());
        assert_eq!(book.block_kind(0), BlockKind::Heading2);
        assert_eq!(Source::chars(&book, u16::MAX, 0).count(), 0);
        assert_eq!(book.block_len(u16::MAX), 0);
    }

    #[test]
    fn reading_on_into_the_next_block_reads_what_a_seek_reads() {
        let library = Library::builtin().unwrap();
        for book in library.books() {
            let rendition = book.rendition(Script::Traditional);
            let mut chars = Source::chars(&rendition, 0, 0);
            for block in 1..=rendition.block_count() {
                // Read the block half, then go on: the rest is skipped, as the breaker does.
                let len = usize::from(rendition.block_len(block - 1));
                chars.nth(len / 2);
                chars = rendition.next_block_chars(block, chars);
                let read_on: Vec<SourceChar> = chars.clone().collect();
                let sought: Vec<SourceChar> = Source::chars(&rendition, block, 0).collect();
                assert_eq!(read_on, sought, "block {block}");
            }
        }
    }

    #[test]
    fn block_starts_add_up_the_block_lengths() {
        let library = Library::builtin().unwrap();
        let rendition = library.book(1).unwrap().rendition(Script::Simplified);
        let mut before = 0;
        for block in 0..=rendition.block_count() {
            assert_eq!(Source::block_start(&rendition, block), Some(before));
            before += u32::from(rendition.block_len(block));
        }
        assert_eq!(
            Source::block_start(&rendition, rendition.block_count() + 1),
            None
        );
    }

    #[test]
    fn a_block_has_emphasis_exactly_when_a_character_of_it_is_emphasized() {
        let library = Library::builtin().unwrap();
        let mut emphasized_blocks = 0;
        for book in library.books() {
            let rendition = book.rendition(Script::Original);
            for block in 0..rendition.block_count() + 1 {
                let any = (0..rendition.block_len(block))
                    .any(|offset| rendition.is_emphasized(block, offset));
                assert_eq!(rendition.has_emphasis(block), any, "block {block}");
                emphasized_blocks += usize::from(any);
            }
        }
        assert!(
            emphasized_blocks > 0,
            "the library has emphasis to test with"
        );
    }
}
