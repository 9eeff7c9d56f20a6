//! `loaxa take`: one recording of a whole script split into its lines' clips, or `--words`:
//! one recording of the date words.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use loaxa::project::Project;
use loaxa::take::{self, clock, Decision, TakeOptions, TakePlan, Target};
use loaxa::Error;

use super::args::TakeArgs;
use super::print::stdout_err;

pub fn run(project: &Path, args: TakeArgs) -> loaxa::Result<ExitCode> {
    let (target, file) = target_and_file(&args)?;
    let project = Project::open(project)?;
    let sheet = take::item_sheet(&project, &target, args.station.as_deref())?;
    let opts = TakeOptions {
        replace: args.replace,
        pad_s: project.config.audio.trim_pad_s.max(0.15),
    };
    let mut plan = take::plan(&project.root, &sheet, &file, opts)?;
    if !plan.problems.is_empty() {
        if args.json {
            print_json(&plan)?;
        }
        return Err(Error::TakeRefused {
            path: file,
            target: plan.item,
            problems: plan.problems,
        });
    }
    if !args.dry_run {
        take::commit(&project.root, &mut plan)?;
    }
    if args.json {
        print_json(&plan)?;
    } else {
        report(&plan, args.dry_run).map_err(stdout_err)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `ITEM FILE`, or `--words FILE`.
fn target_and_file(args: &TakeArgs) -> loaxa::Result<(Target, std::path::PathBuf)> {
    match (&args.words, &args.item, &args.file) {
        (Some(f), None, None) => Ok((Target::Words, f.clone())),
        (None, Some(item), Some(f)) => Ok((Target::Item(item.clone()), f.clone())),
        (Some(_), _, _) => Err(Error::Usage(
            "`--words FILE` takes no ITEM: `loaxa take --words FILE`".into(),
        )),
        _ => Err(Error::Usage(
            "give an item and a recording: `loaxa take ITEM FILE` (or `loaxa take --words FILE`)"
                .into(),
        )),
    }
}

fn print_json(plan: &TakePlan) -> loaxa::Result<()> {
    let text = serde_json::to_string_pretty(plan).unwrap_or_default();
    writeln!(io::stdout().lock(), "{text}").map_err(stdout_err)
}

/// One row a line: number, where it is, confidence, what became of it, its warnings.
fn report(plan: &TakePlan, dry_run: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{}: {:.1} s, {} lines, pace {:.2} × the model, speech {:.0} dB above the noise",
        plan.file.display(),
        plan.duration_s,
        plan.lines.len(),
        plan.pace,
        plan.snr_db
    )?;
    for (i, l) in plan.lines.iter().enumerate() {
        let what = match (l.decision, l.written) {
            (Decision::Write, true) => "written",
            (Decision::Write, false) => "to write",
            (Decision::Keep, _) => "kept (recorded already; --replace writes it)",
            (Decision::Repeat, _) => "repeat (first reading kept)",
        };
        writeln!(
            out,
            "{:>3}. {}–{}  {:>3.0} %  {:<24} {} {}",
            i + 1,
            clock(l.start_s),
            clock(l.end_s),
            l.confidence * 100.0,
            l.line_id,
            what,
            l.clip.display()
        )?;
        for w in &l.warnings {
            writeln!(out, "       warning: {} ({})", w.message, w.hint)?;
        }
    }
    let low = plan.lines.iter().filter(|l| l.confidence < 0.5).count();
    if low > 0 {
        writeln!(
            out,
            "{low} line(s) under 50 % confidence: listen to them before the broadcast"
        )?;
    }
    let written = plan.lines.iter().filter(|l| l.written).count();
    if dry_run {
        writeln!(out, "dry run: nothing written")?;
    } else {
        writeln!(
            out,
            "wrote {written} clip(s); the take is kept as {}",
            plan.archive.display()
        )?;
    }
    Ok(())
}
