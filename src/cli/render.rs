//! `loaxa render`: programmes to audio for a profile, one line per file.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use loaxa::diagnostic::error_count;
use loaxa::project::config::Profile;
use loaxa::project::Project;
use loaxa::render::{self, RenderOptions, RenderOutcome};
use loaxa::script::{self, Setup};
use loaxa::Error;

use super::args::RenderArgs;
use super::items;
use super::print::{self, stdout_err};

pub fn run(project: &Path, args: RenderArgs) -> loaxa::Result<ExitCode> {
    items::require(&args.ids, args.all)?;
    let project = Project::open(project)?;
    let profile = profile(&project, &args.profile)?;
    let (library, content_diags) = loaxa::content::load(&project.root);
    let errors = error_count(&content_diags);
    let items = items::select(&library, &args.ids, args.all)?;
    if args.all && errors > 0 {
        print::diagnostics(&content_diags);
        return Err(Error::Invalid { count: errors });
    }
    let (setup, _lexicon_problems) = Setup::load(&project);
    let station = project.station(args.station.as_deref())?;
    let setup = setup?;
    let scripts = script::render_scripts(&items, &setup.context(&station, false))?;
    let jobs = render::jobs(&scripts, &items);
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let opts = RenderOptions {
        root: &project.root,
        profile_name: &args.profile,
        profile,
        audio: &project.config.audio,
        format: args.format.into(),
        missing: args.missing.into(),
        tags: loaxa::audio::Tags {
            language: String::new(),
            artist: station.name.clone(),
            album: "Làng số".into(),
            date: date.to_string(),
            ..Default::default()
        },
        out_dir: &args.output,
    };
    let outcome = render_with_progress(&jobs, &opts)?;
    report(&outcome, &args.output).map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

/// The profile named in loaxa.toml; another name is a usage error that lists them.
fn profile<'a>(project: &'a Project, name: &str) -> loaxa::Result<&'a Profile> {
    project.config.profile.get(name).ok_or_else(|| {
        let names: Vec<&str> = project.config.profile.keys().map(String::as_str).collect();
        Error::Usage(format!(
            "no profile `{name}` in loaxa.toml; profiles: {}",
            names.join(", ")
        ))
    })
}

fn render_with_progress(
    jobs: &[render::Job],
    opts: &RenderOptions,
) -> loaxa::Result<RenderOutcome> {
    let bar = print::progress_bar(jobs.len(), "render");
    let outcome = render::render(jobs, opts, &|done, _| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(outcome)
}

fn report(outcome: &RenderOutcome, out_dir: &Path) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for r in &outcome.reports {
        let flag = if r.stand_ins == "none" {
            String::new()
        } else {
            format!(
                "  [{} for {} missing clip(s)]",
                r.stand_ins,
                r.clips_missing.len()
            )
        };
        writeln!(
            out,
            "{}: {:.1} s, {:.1} LUFS, {:.1} dBTP, {:.1} LU, {} KB{flag}",
            r.file,
            r.duration_s,
            r.integrated_lufs,
            r.true_peak_dbtp,
            r.lra_lu,
            r.bytes / 1024
        )?;
    }
    writeln!(
        out,
        "rendered {} programme(s), {} reused, into {}",
        outcome.reports.len(),
        outcome.reused,
        out_dir.display()
    )
}
