//! `moye`: the Moye (墨页) e-reader on the desktop.
//!
//! Without arguments it opens a window showing the reader on the default profile; subcommands
//! save screenshots, dump pages, report sizes and compile books into a library without a
//! display. `moye --help` says how; `moye completions SHELL` prints a completion script.
//!
//! - [`cli`]: the command line.
//! - [`profile`]: the devices shown.
//! - [`app`]: the [`App`](app::App) trait the shell drives.
//! - [`reader`]: the reader behind it: the core's UI, library and persistence.
//! - [`keys`]: keys to buttons and shortcuts, long presses, `--keys` scripts.
//! - [`window`]: the winit + softbuffer window.
//! - [`png`]: PNG output.
//! - [`commands`]: the subcommands.
//! - [`progress`]: `moye compile`'s progress bar or lines.
#![forbid(unsafe_code)]

mod app;
mod cli;
mod commands;
mod keys;
mod png;
mod profile;
mod progress;
mod reader;
mod window;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use cli::Cli;

fn main() -> ExitCode {
    let cli = match cli::parse(std::env::args_os().skip(1), |name| std::env::var_os(name)) {
        Ok(cli) => cli,
        Err(error) => {
            // clap's message names the problem and shows the command's usage.
            let _ = error.print();
            return ExitCode::from(2);
        }
    };
    match cli {
        Cli::Help(text) => {
            if std::io::stdout().is_terminal() {
                print!("{}", text.ansi());
            } else {
                print!("{text}");
            }
            ExitCode::SUCCESS
        }
        Cli::Version(line) => {
            print!("{line}");
            ExitCode::SUCCESS
        }
        Cli::Completions(shell) => {
            let script = cli::completion_script(shell);
            match std::io::stdout().write_all(&script) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => finish(Err(commands::CommandError(format!(
                    "cannot write the completion script: {error}"
                )))),
            }
        }
        Cli::Run(args) => finish(commands::execute(&args)),
        Cli::Compile(args) => finish(commands::compile(&args)),
    }
}

/// Exit code 1 and one line on stderr for a failed command.
fn finish(result: Result<(), commands::CommandError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("moye: {error}");
            ExitCode::FAILURE
        }
    }
}
