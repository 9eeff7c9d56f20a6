//! Building a station's week: render what is needed, plan, mix the slots, and write the week
//! folder atomically.
//!
//! Programme audio is the in-slot variant of each item, the same for every station, rendered
//! once into `out/.cache/programmes/` and reused by every station and week. Station pieces (the
//! greeting with the day's date, the contact lines, the closing) are assembled per station. All
//! files go to a temporary folder beside the week folder, which is renamed into place at the end:
//! a week folder either is complete or does not exist.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::Duration;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::audio::encode::{self, Encoding, Format, Tags};
use crate::audio::master::Mastering;
use crate::audio::stream::{self, LongTarget, Part};
use crate::audio::timeline::{assemble, Piece};
use crate::audio::{decode, Mono};
use crate::content::{Item, Library};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::output::{self, ItemOut, PlanOut, SlotOut, ZaloPost};
use crate::plan::{self, Candidate, Costs, Notice, Plan, Rotation};
use crate::project::Project;
use crate::render::{
    self, assemble_script, audio_err, find_asset, master_encode_verified, sha256_hex, Job, Missing,
    RenderOptions,
};
use crate::schedule::{self, Priority, StationFile, Week};
use crate::script::{self, ScriptContext, Templates};

/// What to build.
pub struct WeekRequest<'a> {
    /// The project.
    pub project: &'a Project,
    /// The content pack (already loaded and valid).
    pub library: &'a Library,
    /// The station file, absolute.
    pub station_path: &'a Path,
    /// The week.
    pub week: Week,
    /// The output root (`out`).
    pub out_root: &'a Path,
    /// Missing clip policy.
    pub missing: Missing,
    /// Leave out the slot mixes (plans, playlists, station pieces and Zalo pack only).
    pub no_mix: bool,
}

/// What was built.
#[derive(Debug)]
pub struct WeekReport {
    /// The week folder.
    pub folder: PathBuf,
    /// The plan.
    pub plan: Plan,
    /// Why each item sits where it does.
    pub explain: Vec<String>,
    /// Programmes rendered in this run.
    pub rendered: usize,
    /// Programmes reused from earlier runs.
    pub reused: usize,
    /// Problems worth a look (a slot file longer than its slot…).
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates a station file, turning problems into one error.
pub fn load_station(project: &Project, path: &Path) -> Result<StationFile> {
    let rel = path.strip_prefix(&project.root).unwrap_or(path);
    let known = schedule::Known {
        root: &project.root,
        profiles: project.config.profile.keys().cloned().collect(),
    };
    let (file, diags) = schedule::load(path, rel, &known);
    match file {
        Some(f) => Ok(f),
        None => Err(Error::Diagnostics {
            diagnostics: diags.into_iter().filter(Diagnostic::is_error).collect(),
        }),
    }
}

/// A programme or notice for mixing, and its file for playlists.
struct Asset {
    /// The audio a slot mix takes it from.
    audio: MixAudio,
    /// File inside the week folder.
    file: String,
    /// Where to copy it from (or the bytes to write).
    source: Source,
    duration_s: f64,
}

/// Where a slot mix gets an asset's audio.
enum MixAudio {
    /// Prepared in memory (a recorded announcement).
    Held(Arc<Mono>),
    /// Decoded from this encoded file as the slot plays it.
    File(PathBuf),
}

#[derive(Debug, Clone)]
enum Source {
    /// A copy of a file (from a cache), never read whole into memory.
    Copy(PathBuf),
    Bytes(Vec<u8>),
}

/// Builds one station's week.
pub fn build(req: &WeekRequest, progress: &(dyn Fn(&str) + Sync)) -> Result<WeekReport> {
    let project = req.project;
    let root = &project.root;
    let station = load_station(project, req.station_path)?;
    let info = &station.station;
    let (normalizer, _) = project.normalizer();
    let templates = Templates::load(root)?;
    let settings = &project.config.script;
    let profile_name = station
        .slots
        .first()
        .map(|s| s.profile.clone())
        .unwrap_or_else(|| "loudspeaker".into());
    let profile = project
        .config
        .profile
        .get(&profile_name)
        .ok_or_else(|| Error::Config {
            path: req.station_path.to_path_buf(),
            line: 1,
            message: format!("unknown profile `{profile_name}`"),
        })?;
    let audio = &project.config.audio;
    let station_dir = req.out_root.join(&info.id);
    recover(
        &station_dir,
        &station_dir.join(req.week.to_string()),
        &req.week.to_string(),
    );
    let cache = req.out_root.join(".cache");

    // 1. In-slot programmes: station-independent, rendered once into the shared cache.
    progress("programmes");
    let slot_cx = ScriptContext {
        root,
        templates: &templates,
        normalizer: &normalizer,
        settings,
        station: info,
        in_slot: true,
    };
    let items: Vec<&Item> = req
        .library
        .items
        .iter()
        .filter(|i| {
            station
                .slots
                .iter()
                .any(|s| s.kinds.iter().any(|k| k == i.kind().as_str()))
        })
        .collect();
    let scripts = script::render_scripts(&items, &slot_cx)?;
    let jobs = render::jobs(&scripts, &items);
    let prog_dir = cache.join("programmes");
    let common_tags = Tags {
        album: "Làng số".into(),
        ..Tags::default()
    };
    let opts = RenderOptions {
        root,
        profile_name: &profile_name,
        profile,
        audio,
        format: Format::Mp3,
        missing: req.missing,
        tags: common_tags.clone(),
        out_dir: &prog_dir,
    };
    let outcome = render::render(&jobs, &opts, &|_, _| {})?;
    let durations: HashMap<&str, (f64, PathBuf)> = outcome
        .reports
        .iter()
        .map(|r| (r.id.as_str(), (r.duration_s, prog_dir.join(&r.file))))
        .collect();
    let candidates: Vec<Candidate> = items
        .iter()
        .filter_map(|i| {
            let (d, _) = durations.get(i.id.as_str())?;
            Some(Candidate {
                id: i.id.clone(),
                title: i.title.clone(),
                kind: i.kind().as_str().into(),
                topic: i.topic,
                duration_s: *d,
            })
        })
        .collect();

    // 2. Announcements valid this week: recordings as they are, texts through the template.
    progress("announcements");
    let days = req.week.days();
    let (first, last) = (days[0], days[6]);
    let station_cache = station_dir.join(".cache");
    let mut notices = Vec::new();
    let mut notice_audio: HashMap<String, Asset> = HashMap::new();
    let piece_cache = Mutex::new(HashMap::new());
    for a in station
        .announcements
        .iter()
        .filter(|a| a.valid_until >= first && a.valid_from <= last)
    {
        let asset = if let Some(f) = &a.file {
            let mono = render::prepare_file(root, f, true, &opts)?;
            let (bytes, (_, secs)) = master_encode_verified(
                mono.clone(),
                &profile.master,
                &Encoding {
                    format: Format::Mp3,
                    mp3_kbps: profile.mp3_kbps,
                },
                &Tags {
                    title: a.title.clone(),
                    ..common_tags.clone()
                },
                &root.join(f),
            )?;
            Asset {
                audio: MixAudio::Held(Arc::new(mono)),
                file: format!("announcements/{}.mp3", a.id),
                source: Source::Bytes(bytes),
                duration_s: secs,
            }
        } else {
            let text = a.text.clone().unwrap_or_default();
            let s = script::render_announcement(&a.id, &a.title, &text, &slot_cx)?;
            let dir = station_cache.join("announcements");
            let o = RenderOptions {
                out_dir: &dir,
                ..opts.clone()
            };
            let r = render::render(
                &[Job {
                    script: &s,
                    summary: &a.title,
                }],
                &o,
                &|_, _| {},
            )?;
            let rep = &r.reports[0];
            let path = dir.join(&rep.file);
            Asset {
                audio: MixAudio::File(path.clone()),
                file: format!("announcements/{}.mp3", a.id),
                source: Source::Copy(path),
                duration_s: rep.duration_s,
            }
        };
        notices.push(Notice {
            announcement: a.clone(),
            duration_s: asset.duration_s,
        });
        notice_audio.insert(a.id.clone(), asset);
    }

    // 3. Station pieces: the slot frame and the contact lines.
    progress("station pieces");
    let cx = ScriptContext {
        in_slot: false,
        ..slot_cx
    };
    let frame: BTreeMap<&str, script::Script> = script::FRAME_PARTS
        .iter()
        .map(|p| script::render_frame(p, &cx).map(|s| (*p, s)))
        .collect::<Result<_>>()?;
    let contact = Arc::new(assemble_script(
        &frame["contact"],
        None,
        &opts,
        &piece_cache,
    )?);
    let close = Arc::new(assemble_script(&frame["close"], None, &opts, &piece_cache)?);
    let sample_open = assemble_script(&frame["open"], Some(first), &opts, &piece_cache)?;
    let separator = match find_asset(root, "jingles", "ngat")
        .or_else(|| find_asset(root, "jingles", "mo-dau"))
    {
        Some(p) => Arc::new(render::prepare_file(root, &p, false, &opts)?),
        None => Arc::new(Mono::silence(profile.rate, 1.0)),
    };
    let gap = audio.timeline.line_gap_s;
    let costs = Costs {
        frame_s: sample_open.seconds() + close.seconds() + 2.0 * gap + 1.0,
        per_programme_s: contact.seconds() + separator.seconds() + 2.0 * gap,
        per_notice_s: separator.seconds() + gap,
    };

    // 4. Plan against the rotation of earlier weeks.
    progress("plan");
    let rotation_path = station_dir.join("rotation.json");
    let mut rotation: Rotation = std::fs::read(&rotation_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let plan = plan::plan(req.week, &station, &candidates, &notices, &rotation, &costs);
    let explain: Vec<String> = plan
        .slots
        .iter()
        .flat_map(|s| {
            s.entries.iter().map(move |e| {
                format!(
                    "{} {:<8} {:<28} {}",
                    s.start.format("%a %d/%m %H:%M"),
                    s.id,
                    e.id,
                    e.reason
                )
            })
        })
        .collect();

    // 5. Programme and notice audio for the week.
    let mut assets: HashMap<String, Asset> = notice_audio;
    for id in &plan.aired {
        let (secs, path) = durations[id.as_str()].clone();
        assets.insert(
            id.clone(),
            Asset {
                audio: MixAudio::File(path.clone()),
                file: format!("programmes/{id}.mp3"),
                source: Source::Copy(path),
                duration_s: secs,
            },
        );
    }

    // File hashes of every entry, for the slot cache keys and schedule.csv.
    let mut hashes: HashMap<String, String> = HashMap::new();
    let mut sources_of: HashMap<String, Source> = HashMap::new();
    for a in assets.values() {
        let hash = match &a.source {
            Source::Copy(p) => render::sha256_file(p)?,
            Source::Bytes(b) => sha256_hex(b),
        };
        hashes.insert(a.file.clone(), hash);
        sources_of.insert(a.file.clone(), a.source.clone());
    }
    // What every slot's frame depends on: its scripts, the files of its clips, the settings.
    let frame_key = {
        let mut h = Sha256::new();
        h.update(render::ENGINE_VERSION);
        h.update(serde_json::to_vec(&frame.values().collect::<Vec<_>>()).unwrap_or_default());
        h.update(serde_json::to_vec(profile).unwrap_or_default());
        h.update(serde_json::to_vec(audio).unwrap_or_default());
        h.update(serde_json::to_vec(info).unwrap_or_default());
        for w in crate::script::words::all() {
            if let Some(p) = script::find_clip(root, &w.clip) {
                h.update(
                    std::fs::read(&p)
                        .map(|b| sha256_hex(&b))
                        .unwrap_or_default(),
                );
            }
        }
        for s in frame.values() {
            for (_, _, _, _, clip) in s.lines() {
                if let Some(p) = script::find_clip(root, clip) {
                    h.update(
                        std::fs::read(&p)
                            .map(|b| sha256_hex(&b))
                            .unwrap_or_default(),
                    );
                }
            }
        }
        for j in ["mo-dau", "ket-thuc", "ngat"] {
            if let Some(p) = find_asset(root, "jingles", j) {
                h.update(
                    std::fs::read(root.join(p))
                        .map(|b| sha256_hex(&b))
                        .unwrap_or_default(),
                );
            }
        }
        sha256_hex(&h.finalize())
    };
    let slot_cache = station_cache.join("slots");

    // 6. Slot mixes, in parallel; a light master (the pieces are already processed).
    let slot_master = Mastering {
        highpass_hz: None,
        lowpass_hz: None,
        presence_db: None,
        compressor: None,
        max_lra_lu: None,
        leveler_db: 0.0,
        ..profile.master.clone()
    };
    let encoding = Encoding {
        format: Format::Mp3,
        mp3_kbps: profile.mp3_kbps,
    };
    let slot_file =
        |s: &plan::PlannedSlot| format!("slots/{}_{}.mp3", s.start.format("%Y-%m-%d_%H%M"), s.id);
    let mut warnings = Vec::new();
    let mixes: Vec<Option<(PathBuf, f64)>> = if req.no_mix {
        plan.slots.iter().map(|_| None).collect()
    } else {
        progress("slot mixes");
        plan.slots
            .par_iter()
            .map(|s| -> Result<Option<(PathBuf, f64)>> {
                let key = {
                    let mut h = Sha256::new();
                    h.update(&frame_key);
                    h.update(s.start.to_rfc3339());
                    h.update(&s.name);
                    for e in &s.entries {
                        h.update(&e.id);
                        h.update(
                            hashes
                                .get(&assets[&e.id].file)
                                .map(String::as_str)
                                .unwrap_or(""),
                        );
                    }
                    sha256_hex(&h.finalize())
                };
                let cached = slot_cache.join(format!("{key}.mp3"));
                let cached_secs = slot_cache.join(format!("{key}.secs"));
                // The length is kept beside the file so that a cached slot is never decoded.
                let secs = std::fs::read_to_string(&cached_secs)
                    .ok()
                    .and_then(|t| t.trim().parse::<f64>().ok());
                if let (true, Some(secs)) = (cached.is_file(), secs) {
                    return Ok(Some((cached, secs)));
                }
                let open = assemble_script(
                    &frame["open"],
                    Some(s.start.date_naive()),
                    &opts,
                    &piece_cache,
                )?;
                // Streamed: each programme is decoded when its turn comes and dropped after
                // it, so memory does not grow with the slot's length.
                let mut parts: Vec<Part<Error>> = vec![Part::Voice(Arc::new(open))];
                for (n, e) in s.entries.iter().enumerate() {
                    if n > 0 {
                        parts.push(Part::Jingle(separator.clone()));
                    }
                    let asset = &assets[&e.id];
                    match &asset.audio {
                        MixAudio::Held(m) => parts.push(Part::Voice(m.clone())),
                        MixAudio::File(path) => {
                            parts.push(stream::file_part(path, profile.rate, move |e| {
                                audio_err(path, e)
                            }))
                        }
                    }
                    if e.kind != "announcement" {
                        parts.push(Part::Voice(contact.clone()));
                    }
                }
                parts.push(Part::Voice(close.clone()));
                let tags = Tags {
                    title: format!("{} {}", s.name, s.start.format("%d/%m/%Y %H:%M")),
                    artist: info.name.clone(),
                    album: "Làng số".into(),
                    date: s.start.format("%Y-%m-%d").to_string(),
                    comment: String::new(),
                };
                let name = PathBuf::from(slot_file(s));
                let mastered = stream::master_mp3(
                    &parts,
                    profile.rate,
                    &audio.timeline,
                    &LongTarget {
                        lufs: slot_master.target_lufs,
                        true_peak_dbtp: slot_master.true_peak_dbtp,
                        kbps: profile.mp3_kbps,
                    },
                    &tags,
                    &|e| audio_err(&name, e),
                )?;
                let secs = mastered.seconds;
                crate::atomic::write(&cached, &mastered.bytes)?;
                crate::atomic::write(&cached_secs, format!("{secs}\n").as_bytes())?;
                Ok(Some((cached, secs)))
            })
            .collect::<Result<_>>()?
    };
    for (s, m) in plan.slots.iter().zip(&mixes) {
        if let Some((_, secs)) = m {
            if *secs > s.length_s + 0.5 {
                warnings.push(Diagnostic::warning(
                    &station.path,
                    Some(station.slots[s.spec].line),
                    "length",
                    format!(
                        "{} {} mixes to {:.0} s, longer than its {:.0} s (nothing was cut)",
                        s.start.format("%a %d/%m %H:%M"),
                        s.id,
                        secs,
                        s.length_s
                    ),
                ));
            }
        }
    }

    // 7. Zalo pack: the aired programmes in the zalo profile. The audio is the in-slot variant,
    // the same for every station, rendered once into the shared cache; each station's copy gets
    // its own artist tag, and its caption carries the station's digital team and phone.
    progress("zalo pack");
    let zalo_profile = project
        .config
        .profile
        .get("zalo")
        .cloned()
        .unwrap_or_else(crate::project::config::Profile::zalo);
    let zalo_items: Vec<&Item> = plan
        .aired
        .iter()
        .filter_map(|id| req.library.get(id))
        .collect();
    let zalo_scripts = script::render_scripts(&zalo_items, &slot_cx)?;
    let zalo_jobs = render::jobs(&zalo_scripts, &zalo_items);
    let zalo_dir = cache.join("zalo");
    let zalo_limit = zalo_profile.max_mb;
    let zalo_unlimited = crate::project::config::Profile {
        max_mb: None,
        ..zalo_profile.clone()
    };
    let zopts = RenderOptions {
        profile_name: "zalo",
        profile: &zalo_unlimited,
        out_dir: &zalo_dir,
        tags: common_tags.clone(),
        ..opts.clone()
    };
    let zalo_out = render::render(&zalo_jobs, &zopts, &|_, _| {})?;
    let station_tags = Tags {
        artist: info.name.clone(),
        ..common_tags.clone()
    };
    let mut posts = Vec::new();
    let mut zalo_files: Vec<(String, Source)> = Vec::new();
    for (r, item) in zalo_out.reports.iter().zip(&zalo_items) {
        let path = zalo_dir.join(&r.file);
        let files: Vec<(String, Source)> = match zalo_limit {
            Some(max) if r.bytes as f64 > max * 1e6 => split_post(
                &path,
                &item.id,
                max,
                &zalo_profile,
                &station_tags,
                &item.title,
            )?,
            _ => {
                let bytes = std::fs::read(&path).map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?;
                let tags = Tags {
                    title: item.title.clone(),
                    comment: item.summary.clone(),
                    date: station_tags.date.clone(),
                    ..station_tags.clone()
                };
                let bytes = encode::retag(&bytes, &tags).map_err(|e| audio_err(&path, e))?;
                vec![(format!("{}.mp3", item.id), Source::Bytes(bytes))]
            }
        };
        let caption = output::caption(
            &item.title,
            &item.summary,
            &info.team.name,
            &info.team.phone,
        );
        posts.push(ZaloPost {
            id: item.id.clone(),
            title: item.title.clone(),
            files: files.iter().map(|(f, _)| f.clone()).collect(),
            bytes: r.bytes,
            duration_s: r.duration_s,
            caption_file: format!("{}.txt", item.id),
            caption,
        });
        zalo_files.extend(files);
    }

    // 8. Fallback for playout: the greeting and music, for a slot whose file is lost.
    let fallback = if req.no_mix {
        None
    } else {
        // Cached like the slots: by the frame (greeting clips, settings, engine) and the bed.
        let key = {
            let mut h = Sha256::new();
            h.update(&frame_key);
            h.update(b"fallback");
            if let Some(bed) = find_asset(root, "beds", "nen") {
                h.update(
                    std::fs::read(&bed)
                        .map(|b| sha256_hex(&b))
                        .unwrap_or_default(),
                );
            }
            sha256_hex(&h.finalize())
        };
        let cached = slot_cache.join(format!("fallback-{key}.mp3"));
        match std::fs::read(&cached) {
            Ok(bytes) => Some(bytes),
            Err(_) => {
                let bytes = fallback(
                    root,
                    &frame["open"],
                    &opts,
                    &piece_cache,
                    &slot_master,
                    &encoding,
                    info,
                )?;
                crate::atomic::write(&cached, &bytes)?;
                Some(bytes)
            }
        }
    };

    // 9. Every file of the week, in memory; written into a temporary folder renamed into place,
    // unless the week folder already holds exactly these bytes.
    progress("write");
    let week_name = req.week.to_string();
    let final_dir = station_dir.join(&week_name);
    let mut files: BTreeMap<String, Source> = BTreeMap::new();
    for (f, src) in sources_of {
        files.insert(f, src);
    }
    let mut slots_out = Vec::new();
    for (s, m) in plan.slots.iter().zip(&mixes) {
        let file = slot_file(s);
        let duration_s = match m {
            Some((cached, secs)) => {
                files.insert(file.clone(), Source::Copy(cached.clone()));
                *secs
            }
            None => 0.0,
        };
        let items: Vec<ItemOut> = s
            .entries
            .iter()
            .map(|e| {
                let f = assets[&e.id].file.clone();
                ItemOut {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    kind: e.kind.clone(),
                    priority: priority_str(e.priority).into(),
                    duration_s: e.duration_s,
                    sha256: hashes.get(&f).cloned().unwrap_or_default(),
                    file: f,
                }
            })
            .collect();
        slots_out.push(SlotOut {
            id: s.id.clone(),
            name: s.name.clone(),
            start: s.start.to_rfc3339(),
            end: (s.start + Duration::seconds(s.length_s as i64)).to_rfc3339(),
            length_s: s.length_s,
            file: if m.is_some() { file } else { String::new() },
            duration_s: (duration_s * 1000.0).round() / 1000.0,
            items,
            start_dt: Some(s.start),
        });
    }
    let plan_out = PlanOut {
        station: info.id.clone(),
        station_name: info.name.clone(),
        week: week_name.clone(),
        timezone: info.timezone.clone(),
        slots: slots_out,
        notes: plan.notes.clone(),
    };
    files.insert(
        "plan.json".into(),
        Source::Bytes(output::json(&plan_out).into_bytes()),
    );
    let mut week_entries = Vec::new();
    for s in &plan_out.slots {
        let name = s
            .start_dt
            .map(|d| format!("playlists/{}_{}.m3u8", d.format("%Y-%m-%d_%H%M"), s.id))
            .unwrap_or_default();
        let entries: Vec<(&ItemOut, String)> = s
            .items
            .iter()
            .map(|i| (i, format!("../{}", i.file)))
            .collect();
        files.insert(name, Source::Bytes(output::m3u(&entries).into_bytes()));
        week_entries.extend(s.items.iter().map(|i| (i, i.file.clone())));
    }
    files.insert(
        "week.m3u8".into(),
        Source::Bytes(output::m3u(&week_entries).into_bytes()),
    );
    files.insert(
        "schedule.csv".into(),
        Source::Bytes(output::schedule_csv(&plan_out).into_bytes()),
    );
    files.insert(
        "schedule.ics".into(),
        Source::Bytes(output::ics(&plan_out, req.week).into_bytes()),
    );
    files.insert(
        "week.html".into(),
        Source::Bytes(output::week_html(&plan_out, req.week).into_bytes()),
    );
    files.insert(
        "so-nhat-ky.csv".into(),
        Source::Bytes(output::log_book_csv(&plan_out).into_bytes()),
    );
    for (name, src) in zalo_files {
        files.insert(format!("zalo/{name}"), src);
    }
    for p in &posts {
        files.insert(
            format!("zalo/{}", p.caption_file),
            Source::Bytes(p.caption.clone().into_bytes()),
        );
    }
    files.insert(
        "zalo/manifest.json".into(),
        Source::Bytes(output::json(&posts).into_bytes()),
    );
    files.insert(
        "zalo/index.html".into(),
        Source::Bytes(output::zalo_html(&info.name, &week_name, &posts).into_bytes()),
    );
    if let Some(f) = fallback {
        files.insert("fallback.mp3".into(), Source::Bytes(f));
    }
    if !same_folder(&final_dir, &files) {
        write_folder(&station_dir, &final_dir, &week_name, &files)?;
    }
    rotation.record(req.week, plan.aired.clone());
    crate::atomic::write(&rotation_path, output::json(&rotation).as_bytes())?;
    Ok(WeekReport {
        folder: final_dir,
        plan,
        explain,
        rendered: outcome.reports.len() - outcome.reused,
        reused: outcome.reused,
        warnings,
    })
}

/// True if `dir` holds exactly `files`, byte for byte, and nothing else (but playout's log).
fn same_folder(dir: &Path, files: &BTreeMap<String, Source>) -> bool {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            if p.is_dir() {
                walk(base, &p, out)?;
            } else if !p
                .file_name()
                .is_some_and(|n| crate::output::as_run::KEPT_FILES.iter().any(|k| n == *k))
            {
                out.push(
                    p.strip_prefix(base)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
        Ok(())
    }
    let mut present = Vec::new();
    if walk(dir, dir, &mut present).is_err() || present.len() != files.len() {
        return false;
    }
    files.iter().all(|(name, src)| match src {
        Source::Bytes(bytes) => std::fs::read(dir.join(name)).is_ok_and(|b| &b == bytes),
        Source::Copy(p) => same_file_bytes(p, &dir.join(name)),
    })
}

/// True if two files hold the same bytes (read in chunks, never whole).
fn same_file_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    match (fa.metadata(), fb.metadata()) {
        (Ok(ma), Ok(mb)) if ma.len() == mb.len() => {}
        _ => return false,
    }
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match fa.read(&mut ba) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return fb.read(&mut bb[..1]).is_ok_and(|m| m == 0);
        }
        if fb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// Folders left by a run that was killed half-way are never mistaken for a week: they are
/// hidden, and cleared here; a week moved aside for the swap is put back.
fn recover(station_dir: &Path, final_dir: &Path, week_name: &str) {
    if let Ok(entries) = std::fs::read_dir(station_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!(".{week_name}.tmp-")) {
                let _ = std::fs::remove_dir_all(e.path());
            } else if name.starts_with(&format!(".{week_name}.old-")) {
                // Killed between the two renames of the swap: the old week comes back.
                if !final_dir.exists() {
                    let _ = std::fs::rename(e.path(), final_dir);
                } else {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
    }
}

/// Writes the files into a temporary folder beside the week folder, each synced, then swaps it
/// into place: the week folder is either the old one or the complete new one.
fn write_folder(
    station_dir: &Path,
    final_dir: &Path,
    week_name: &str,
    files: &BTreeMap<String, Source>,
) -> Result<()> {
    recover(station_dir, final_dir, week_name);
    let tmp = station_dir.join(format!(".{week_name}.tmp-{}", std::process::id()));
    let result = files.iter().try_for_each(|(name, src)| match src {
        Source::Bytes(bytes) => crate::atomic::write(&tmp.join(name), bytes),
        Source::Copy(from) => crate::atomic::copy(from, &tmp.join(name)),
    });
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    // The as-run log belongs to playout, not to the plan: a rebuilt week keeps it.
    for kept in crate::output::as_run::KEPT_FILES {
        let from = final_dir.join(kept);
        if from.is_file() && !files.contains_key(*kept) {
            if let Err(source) = std::fs::copy(&from, tmp.join(kept)) {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(Error::Write {
                    path: tmp.join(kept),
                    source,
                });
            }
        }
    }
    let old = station_dir.join(format!(".{week_name}.old-{}", std::process::id()));
    if final_dir.exists() {
        std::fs::rename(final_dir, &old).map_err(|source| Error::Write {
            path: final_dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::rename(&tmp, final_dir).map_err(|source| Error::Write {
        path: final_dir.to_path_buf(),
        source,
    })?;
    crate::atomic::sync_dir(Some(station_dir));
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn priority_str(p: Priority) -> &'static str {
    match p {
        Priority::Normal => "normal",
        Priority::Priority => "priority",
        Priority::Emergency => "emergency",
    }
}

/// The station's fallback: its greeting over a music bed, about a minute, for playout to use
/// when a slot's file is missing or damaged.
fn fallback(
    root: &Path,
    open: &script::Script,
    opts: &RenderOptions,
    cache: &Mutex<HashMap<PathBuf, Arc<Mono>>>,
    master: &Mastering,
    encoding: &Encoding,
    info: &crate::project::station::StationInfo,
) -> Result<Vec<u8>> {
    let greeting = assemble_script(open, None, opts, cache)?;
    let rate = opts.profile.rate;
    let mut pieces = vec![Piece::Voice(Arc::new(greeting))];
    if let Some(bed) = find_asset(root, "beds", "nen") {
        let b = render::prepare_file(root, &bed, false, opts)?;
        pieces.push(Piece::BedStart(Arc::new(b)));
        pieces.push(Piece::Pause(60.0));
        pieces.push(Piece::BedStop);
    }
    let timeline = crate::audio::timeline::TimelineSettings {
        bed_level_db: -3.0,
        ..opts.audio.timeline
    };
    let (mix, _) = assemble(&pieces, rate, &timeline);
    let tags = Tags {
        title: format!("{} — chương trình dự phòng", info.name),
        artist: info.name.clone(),
        album: "Làng số".into(),
        ..Tags::default()
    };
    Ok(master_encode_verified(mix, master, encoding, &tags, Path::new("fallback.mp3"))?.0)
}

/// Splits a Zalo post that is over the size limit into numbered parts, cut at the quietest moment
/// near each even division.
fn split_post(
    path: &Path,
    id: &str,
    max_mb: f64,
    profile: &crate::project::config::Profile,
    tags: &Tags,
    title: &str,
) -> Result<Vec<(String, Source)>> {
    let decoded = decode::decode_file(path).map_err(|e| audio_err(path, e))?;
    let mono = decoded.to_mono();
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64;
    let parts = ((bytes / (max_mb * 1e6 * 0.9)).ceil() as usize).max(2);
    let n = mono.samples.len();
    let block = (mono.rate / 10) as usize;
    let mut cuts = vec![0usize];
    for k in 1..parts {
        let target = n * k / parts;
        let window = n / parts / 10;
        let (lo, hi) = (target.saturating_sub(window), (target + window).min(n));
        let best = (lo..hi)
            .step_by(block.max(1))
            .min_by(|&a, &b| {
                let e = |i: usize| {
                    mono.samples[i..(i + block).min(n)]
                        .iter()
                        .map(|s| s * s)
                        .sum::<f32>()
                };
                e(a).partial_cmp(&e(b)).unwrap_or(std::cmp::Ordering::Equal)
            })
            .unwrap_or(target);
        cuts.push(best);
    }
    cuts.push(n);
    let mut out = Vec::new();
    for (k, w) in cuts.windows(2).enumerate() {
        let part = Mono {
            rate: mono.rate,
            samples: mono.samples[w[0]..w[1]].to_vec(),
        };
        let t = Tags {
            title: format!("{title} (phần {})", k + 1),
            ..tags.clone()
        };
        let bytes = encode::mp3(&part, profile.mp3_kbps, &t).map_err(|e| audio_err(path, e))?;
        out.push((format!("{id}-{}.mp3", k + 1), Source::Bytes(bytes)));
    }
    Ok(out)
}
