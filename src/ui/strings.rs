//! Every label the reader shows, in one file: the content compiler reads this file's string
//! literals so that their characters get glyphs (`compiler/src/charset.rs`). A label added
//! anywhere else would have no glyphs; add it here.

/// The library screen's heading.
pub const LIBRARY: &str = "书库";
/// Table of contents.
pub const CONTENTS: &str = "目录";
/// Bookmarks.
pub const BOOKMARKS: &str = "书签";
/// Add a bookmark at the current page.
pub const ADD_BOOKMARK: &str = "添加书签";
/// Remove the bookmark of the current page.
pub const REMOVE_BOOKMARK: &str = "删除书签";
/// No bookmarks yet.
pub const NO_BOOKMARKS: &str = "暂无书签";
/// Go to a percentage of the book.
pub const GO_TO: &str = "跳转";
/// Settings.
pub const SETTINGS: &str = "设置";
/// About Moye.
pub const ABOUT: &str = "关于";
/// The reading menu.
pub const MENU: &str = "菜单";
/// Back to reading.
pub const RESUME: &str = "继续阅读";
/// Font size setting.
pub const FONT_SIZE: &str = "字号";
/// Script setting.
pub const RENDITION: &str = "字形";
/// Simplified Chinese.
pub const SIMPLIFIED: &str = "简体";
/// Traditional Chinese.
pub const TRADITIONAL: &str = "繁體";
/// As written in the source.
pub const ORIGINAL: &str = "原文";
/// Orientation setting.
pub const ORIENTATION: &str = "方向";
/// Portrait orientation.
pub const PORTRAIT: &str = "竖屏";
/// Landscape orientation.
pub const LANDSCAPE: &str = "横屏";
/// Line spacing setting.
pub const LINE_SPACING: &str = "行距";
/// Full refresh interval setting.
pub const FULL_REFRESH: &str = "全刷间隔";
/// Page turns (unit of the refresh interval).
pub const PAGES: &str = "页";
/// Line-breaking prohibition level setting.
pub const PROHIBITION: &str = "禁则";
/// Basic prohibition level.
pub const BASIC: &str = "基本";
/// GB-style prohibition level.
pub const GB_STYLE: &str = "国标";
/// Strict prohibition level.
pub const STRICT: &str = "严格";
/// Hanging punctuation setting.
pub const HANGING: &str = "标点悬挂";
/// Punctuation position setting (where 。，、 sit in the em box).
pub const PUNCTUATION: &str = "标点位置";
/// Centred punctuation (Taiwan and Hong Kong style).
pub const CENTRED: &str = "居中";
/// Low-left punctuation (mainland style).
pub const LOW_LEFT: &str = "靠左下";
/// Centred, as the rendition's default (繁體), not chosen.
pub const CENTRED_BY_DEFAULT: &str = "居中（默认）";
/// Low-left, as the rendition's default, not chosen.
pub const LOW_LEFT_BY_DEFAULT: &str = "靠左下（默认）";
/// Writing mode setting: lines or columns.
pub const WRITING: &str = "排版";
/// Horizontal lines.
pub const HORIZONTAL: &str = "横排";
/// Vertical columns, right to left.
pub const VERTICAL: &str = "直排";
/// 縦中横 setting: one- and two-digit numbers upright in vertical text.
pub const UPRIGHT_DIGITS: &str = "纵中横";
/// On.
pub const ON: &str = "开";
/// Off.
pub const OFF: &str = "关";
/// Sleep screen text.
pub const SLEEPING: &str = "休眠中，按任意键唤醒";
/// Version label.
pub const VERSION: &str = "版本";
/// Pages (count) label in the library.
pub const PAGE_COUNT: &str = "共页";
/// Reading progress label.
pub const PROGRESS: &str = "进度";
/// A library file that could not be opened.
pub const BAD_LIBRARY: &str = "书库文件无效";
/// A full-refresh interval of 0: only screen changes refresh fully.
pub const NEVER: &str = "从不";
/// Notice: every bookmark slot is in use.
pub const BOOKMARKS_FULL: &str = "书签已满";
/// Notice: the book cannot be laid out at these settings.
pub const CANNOT_OPEN: &str = "无法打开此书";
/// The reader's name, on the about and sleep screens.
pub const APP_NAME: &str = "墨页";
/// Before a page number: 第 12 页.
pub const PAGE_BEFORE: &str = "第";
/// Before a page count: 共 40 页.
pub const TOTAL_BEFORE: &str = "共";
/// While a board copies a memory card's books into its flash, before the reader starts.
pub const COPYING: &str = "复制书籍";
/// Under [`COPYING`]: what is happening, and not to take the card out.
pub const COPYING_FROM_CARD: &str = "正在从存储卡复制，请勿取出";
/// Before the number of the file being copied: 第 1 本，共 2 本.
pub const FILE_BEFORE: &str = "第";
/// Between the file's number and the files' count.
pub const FILE_OF: &str = "本，共";
/// After the files' count.
pub const FILES: &str = "本";
/// Ends a title or heading cut to fit its row.
pub const ELLIPSIS: &str = "…";
