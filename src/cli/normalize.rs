//! `loaxa normalize`: the spoken form of each argument, or of each line of standard input.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use loaxa::normalize::{Lexicon, Normalizer, Style};
use loaxa::project::Project;
use loaxa::Error;

use super::print::{self, stdout_err};
use super::values::DialectArg;

pub fn run(
    project: &Path,
    text: Vec<String>,
    dialect: Option<DialectArg>,
) -> loaxa::Result<ExitCode> {
    let n = normalizer(project, dialect)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if text.is_empty() {
        for line in io::stdin().lock().lines() {
            let line = line.map_err(|source| Error::Read {
                path: PathBuf::from("<stdin>"),
                source,
            })?;
            writeln!(out, "{}", n.normalize(&line)).map_err(stdout_err)?;
        }
    } else {
        for t in &text {
            writeln!(out, "{}", n.normalize(t).replace('\n', " ")).map_err(stdout_err)?;
        }
    }
    out.flush().map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

/// Inside a project, its lexicon and style; elsewhere the built-in ones.
fn normalizer(project: &Path, dialect: Option<DialectArg>) -> loaxa::Result<Normalizer> {
    let (lexicon, mut style) =
        if project.join("scripts").is_dir() || project.join("loaxa.toml").is_file() {
            let p = Project::open(project)?;
            let (lexicon, diags) = Lexicon::load(&p.root);
            print::diagnostics(&diags);
            (lexicon, p.config.normalize.clone())
        } else {
            (Lexicon::builtin(), Style::default())
        };
    if let Some(d) = dialect {
        style.dialect = d.into();
    }
    Ok(Normalizer::new(lexicon, style))
}
