//! `moye`: the Moye (墨页) e-reader on the desktop.
//!
//! Without arguments it opens a window showing the reader on the default profile; subcommands
//! save screenshots, dump pages, report sizes and compile books into a library without a
//! display. `moye --help` says how.
//!
//! - [`cli`]: the command line.
//! - [`profile`]: the devices shown.
//! - [`app`]: the [`App`](app::App) trait the shell drives.
//! - [`reader`]: the reader behind it: the core's UI, library and persistence.
//! - [`keys`]: keys to buttons and shortcuts, long presses, `--keys` scripts.
//! - [`window`]: the winit + softbuffer window.
//! - [`png`]: PNG output.
//! - [`commands`]: the subcommands.
#![forbid(unsafe_code)]

mod app;
mod cli;
mod commands;
mod keys;
mod png;
mod profile;
mod reader;
mod window;

use std::process::ExitCode;

use cli::Cli;

fn main() -> ExitCode {
    let cli = match cli::parse(std::env::args_os().skip(1), |name| std::env::var_os(name)) {
        Ok(cli) => cli,
        Err(error) => {
            eprintln!("moye: {error}");
            eprintln!("Run `moye --help` for usage.");
            return ExitCode::from(2);
        }
    };
    match cli {
        Cli::Help => {
            print!("{}", cli::HELP);
            ExitCode::SUCCESS
        }
        Cli::Version => {
            println!("moye {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
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
