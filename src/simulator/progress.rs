//! `moye compile`'s progress: an indicatif bar when stderr is a terminal, plain lines when it
//! is not (a log, CI, a test reading stderr).
//!
//! Plain mode prints one line per book, one when rasterization starts, at most one per tenth
//! of the glyphs, every warning, and the summary: a log stays short however many glyphs
//! there are. The bar shows the glyphs done and prints the books and warnings above itself.

use std::io::{IsTerminal, Stderr, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use moye_compiler::Progress;

/// Where progress goes.
enum Sink<W> {
    /// A terminal's bar.
    Bar(ProgressBar),
    /// Plain lines.
    Lines(W),
}

/// Turns the compiler's [`Progress`] reports into what the user sees.
pub struct CompileProgress<W> {
    sink: Sink<W>,
    /// The font rasterized, named when rasterization starts.
    font: PathBuf,
    books: usize,
    /// The last tenth of the glyphs reported in plain mode (0: none yet).
    tenths_shown: usize,
}

/// The bar's look once the glyphs are counted: what it is doing, the bar, glyphs done and the
/// time left. Until then a spinner shows what it is doing.
const BAR_TEMPLATE: &str = "{msg} [{bar:32}] {pos}/{len} glyphs, {eta} left";

/// How often the spinner turns while books are read.
const SPINNER_TICK: std::time::Duration = std::time::Duration::from_millis(120);

impl CompileProgress<Stderr> {
    /// Progress on stderr: a bar on a terminal, else plain lines.
    pub fn on_stderr(font: &Path) -> Self {
        let stderr = std::io::stderr();
        if stderr.is_terminal() {
            let bar = ProgressBar::new_spinner();
            bar.set_message("reading books");
            bar.enable_steady_tick(SPINNER_TICK);
            Self::with_bar(bar, font)
        } else {
            Self::with_lines(stderr, font)
        }
    }
}

impl<W: Write> CompileProgress<W> {
    /// Plain progress lines written to `out`.
    pub fn with_lines(out: W, font: &Path) -> Self {
        Self::new(Sink::Lines(out), font)
    }

    /// Progress shown on `bar`.
    pub fn with_bar(bar: ProgressBar, font: &Path) -> Self {
        Self::new(Sink::Bar(bar), font)
    }

    fn new(sink: Sink<W>, font: &Path) -> Self {
        CompileProgress {
            sink,
            font: font.to_path_buf(),
            books: 0,
            tenths_shown: 0,
        }
    }

    /// The books read so far.
    pub fn books(&self) -> usize {
        self.books
    }

    /// Shows one step of the compiler.
    pub fn step(&mut self, step: Progress<'_>) {
        match step {
            Progress::Book {
                file,
                title,
                blocks,
            } => {
                self.books += 1;
                let plural = if blocks == 1 { "" } else { "s" };
                self.say(&format!(
                    "moye compile: {file}: 《{title}》, {blocks} block{plural}"
                ));
            }
            Progress::Rasterizing { chars, sizes } => {
                let line = format!(
                    "moye compile: rasterizing {chars} characters at {} px from {}",
                    size_list(sizes),
                    self.font.display()
                );
                match &self.sink {
                    Sink::Bar(bar) => bar.set_message(format!(
                        "rasterizing {chars} characters at {} px",
                        size_list(sizes)
                    )),
                    Sink::Lines(_) => self.say(&line),
                }
            }
            Progress::Glyphs { done, total } => self.glyphs(done, total),
            Progress::Warning(warning) => self.say(&format!("moye compile: warning: {warning}")),
            // A step a newer compiler reports: nothing to show for it yet.
            _ => {}
        }
    }

    fn glyphs(&mut self, done: usize, total: usize) {
        match &mut self.sink {
            Sink::Bar(bar) => {
                if bar.length().is_none() {
                    // The template is a constant; were it refused, the spinner stays.
                    if let Ok(style) = ProgressStyle::with_template(BAR_TEMPLATE) {
                        bar.set_style(style.progress_chars("=> "));
                    }
                }
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
            Sink::Lines(_) if total == 0 => {}
            Sink::Lines(_) => {
                let tenths = done.min(total).saturating_mul(10) / total;
                if tenths > self.tenths_shown {
                    self.tenths_shown = tenths;
                    self.say(&format!(
                        "moye compile: glyphs {done}/{total} ({}%)",
                        tenths * 10
                    ));
                }
            }
        }
    }

    /// One line: above the bar, or on its own.
    fn say(&mut self, line: &str) {
        match &mut self.sink {
            Sink::Bar(bar) => bar.println(line),
            // Progress is a courtesy: a closed stderr must not stop the compile.
            Sink::Lines(out) => {
                let _ = writeln!(out, "{line}");
            }
        }
    }

    /// Removes the bar and prints `summary`; gives back the plain output, if any.
    pub fn finish(mut self, summary: &str) -> Option<W> {
        if let Sink::Bar(bar) = &self.sink {
            bar.finish_and_clear();
            eprintln!("{summary}");
        } else {
            self.say(summary);
        }
        match self.sink {
            Sink::Lines(out) => Some(out),
            Sink::Bar(_) => None,
        }
    }

    /// Removes the bar after a failure, so the error line that follows stands alone.
    pub fn abandon(&self) {
        if let Sink::Bar(bar) = &self.sink {
            bar.finish_and_clear();
        }
    }
}

/// `16/20/24`.
pub fn size_list(sizes: &[u8]) -> String {
    let sizes: Vec<String> = sizes.iter().map(u8::to_string).collect();
    sizes.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::ProgressDrawTarget;

    fn lines(progress: CompileProgress<Vec<u8>>) -> Vec<String> {
        let out = progress.finish("summary").unwrap_or_default();
        String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn plain_mode_prints_books_rasterizing_warnings_and_the_summary() {
        let mut progress = CompileProgress::with_lines(Vec::new(), Path::new("f.otf"));
        progress.step(Progress::Book {
            file: "a.md",
            title: "小书",
            blocks: 1,
        });
        progress.step(Progress::Book {
            file: "b.md",
            title: "大书",
            blocks: 4,
        });
        progress.step(Progress::Warning("b.md:3: character '𪚥' has no glyph"));
        progress.step(Progress::Rasterizing {
            chars: 120,
            sizes: &[16, 24],
        });
        assert_eq!(progress.books(), 2);
        assert_eq!(
            lines(progress),
            [
                "moye compile: a.md: 《小书》, 1 block",
                "moye compile: b.md: 《大书》, 4 blocks",
                "moye compile: warning: b.md:3: character '𪚥' has no glyph",
                "moye compile: rasterizing 120 characters at 16/24 px from f.otf",
                "summary",
            ]
        );
    }

    #[test]
    fn plain_mode_prints_a_line_per_tenth_of_the_glyphs_at_most() {
        let mut progress = CompileProgress::with_lines(Vec::new(), Path::new("f.otf"));
        // 2,400 reports, one per glyph: ten lines, at 10 %, 20 %, … 100 %.
        for done in 1..=2400 {
            progress.step(Progress::Glyphs { done, total: 2400 });
        }
        let lines = lines(progress);
        assert_eq!(lines.len(), 11, "{lines:?}");
        assert_eq!(lines[0], "moye compile: glyphs 240/2400 (10%)");
        assert_eq!(lines[4], "moye compile: glyphs 1200/2400 (50%)");
        assert_eq!(lines[9], "moye compile: glyphs 2400/2400 (100%)");
    }

    #[test]
    fn plain_mode_skips_tenths_it_jumps_over_and_ignores_an_empty_total() {
        let mut progress = CompileProgress::with_lines(Vec::new(), Path::new("f.otf"));
        progress.step(Progress::Glyphs { done: 0, total: 0 });
        progress.step(Progress::Glyphs { done: 5, total: 10 });
        progress.step(Progress::Glyphs { done: 5, total: 10 });
        progress.step(Progress::Glyphs {
            done: 10,
            total: 10,
        });
        assert_eq!(
            lines(progress),
            [
                "moye compile: glyphs 5/10 (50%)",
                "moye compile: glyphs 10/10 (100%)",
                "summary"
            ]
        );
    }

    #[test]
    fn glyph_reports_drive_the_bar() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let mut progress = CompileProgress::<Vec<u8>>::with_bar(bar.clone(), Path::new("f.otf"));
        progress.step(Progress::Rasterizing {
            chars: 3,
            sizes: &[16],
        });
        assert_eq!(bar.message(), "rasterizing 3 characters at 16 px");
        assert_eq!(bar.length(), None);
        progress.step(Progress::Glyphs {
            done: 150,
            total: 600,
        });
        assert_eq!((bar.position(), bar.length()), (150, Some(600)));
        progress.step(Progress::Glyphs {
            done: 600,
            total: 600,
        });
        assert_eq!(bar.position(), 600);
        assert_eq!(progress.finish("done"), None);
        assert!(bar.is_finished());
    }

    #[test]
    fn size_lists_read_with_slashes() {
        assert_eq!(size_list(&[16, 20, 24]), "16/20/24");
        assert_eq!(size_list(&[32]), "32");
    }
}
