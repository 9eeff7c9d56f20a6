//! The `loaxa` command line: parses the arguments, runs the command (see [`cli`]), and sets
//! the exit code.
//!
//! Exit codes: 0 success, 1 problems found or the command failed, 2 usage error.

use std::io;
use std::process::ExitCode;

use clap::Parser;

use loaxa::Error;

mod cli;

use cli::args::{Cli, Command};

fn main() -> ExitCode {
    exit_code(run(Cli::parse()))
}

fn run(args: Cli) -> loaxa::Result<ExitCode> {
    let project = &args.project;
    match args.command {
        Command::Check {
            strict,
            today,
            demo,
        } => cli::check::run(project, strict, today, demo),
        Command::Normalize {
            text,
            dialect,
            explain,
        } => cli::normalize::run(project, text, dialect, explain),
        Command::Script(a) => cli::script::run(project, a),
        Command::Measure { files, json } => cli::measure::run(&files, json),
        Command::Render(a) => cli::render::run(project, a),
        Command::Week(a) => cli::week::run(project, a),
        Command::Take(a) => cli::take::run(project, a),
        Command::Studio(a) => cli::studio::run(project, a),
        Command::Words { csv } => cli::words::run(project, csv),
        Command::BenchWeek { kit, jobs, out } => cli::bench::run(&kit, jobs, &out),
        Command::Play { file } => cli::onair::run_play(&file),
        Command::OnAir(a) => cli::onair::run_on_air(project, a),
    }
}

/// Usage errors exit 2, other errors 1; a reader that went away (`| head`) is no error.
fn exit_code(result: loaxa::Result<ExitCode>) -> ExitCode {
    let err = match result {
        Ok(code) => return code,
        Err(err) => err,
    };
    if broken_pipe(&err) {
        return ExitCode::SUCCESS;
    }
    eprintln!("loaxa: error: {err}");
    match err {
        Error::Usage(_) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}

fn broken_pipe(err: &Error) -> bool {
    match err {
        Error::Write { source, .. } | Error::Read { source, .. } => {
            source.kind() == io::ErrorKind::BrokenPipe
        }
        _ => false,
    }
}
