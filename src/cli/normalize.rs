//! `loaxa normalize`: the spoken form of each argument, or of each line of standard input; with
//! `--explain`, the rule that read each piece and any symbol left unread.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use loaxa::normalize::{leftovers, Lexicon, Normalizer, Style};
use loaxa::project::Project;
use loaxa::Error;

use super::print::{self, stdout_err};
use super::values::DialectArg;

pub fn run(
    project: &Path,
    text: Vec<String>,
    dialect: Option<DialectArg>,
    explain: bool,
) -> loaxa::Result<ExitCode> {
    let n = normalizer(project, dialect)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut say = |t: &str| match explain {
        true => write_explained(&mut out, &n, t),
        false => writeln!(out, "{}", n.normalize(t).replace('\n', " ")),
    };
    if text.is_empty() {
        for line in io::stdin().lock().lines() {
            let line = line.map_err(|source| Error::Read {
                path: PathBuf::from("<stdin>"),
                source,
            })?;
            say(&line).map_err(stdout_err)?;
        }
    } else {
        for t in &text {
            say(t).map_err(stdout_err)?;
        }
    }
    out.flush().map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

/// The spoken line, then each piece with its rule, then what is left unread.
fn write_explained(out: &mut impl Write, n: &Normalizer, text: &str) -> io::Result<()> {
    let spoken = n.normalize(text).replace('\n', " ");
    writeln!(out, "{spoken}")?;
    let pieces = n.explain(text);
    let width = pieces
        .iter()
        .map(|p| p.written.chars().count())
        .max()
        .unwrap_or(0);
    for p in pieces.iter().filter(|p| p.written != p.spoken) {
        let pad = width - p.written.chars().count();
        writeln!(
            out,
            "  {}{} → {}  [{}]",
            p.written,
            " ".repeat(pad),
            p.spoken,
            p.rule
        )?;
    }
    let left = leftovers(&spoken, n.lexicon());
    if !left.is_empty() {
        let list: Vec<String> = left.iter().map(|t| format!("`{t}`")).collect();
        writeln!(
            out,
            "  left unread: {} (write it out, or add it to scripts/lexicon.tsv or scripts/glossary.tsv)",
            list.join(", ")
        )?;
    }
    Ok(())
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
