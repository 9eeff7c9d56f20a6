//! Synthetic takes for the recording tests: espeak-ng reads an item's script (from
//! `loaxa script`'s cue list) sentence by sentence, at a chosen speed with a little drift from
//! line to line, with uneven pauses inside lines and between them (longer where the script
//! marks a pause), breaths in some pauses, mains hum and room noise, at 48 kHz; or as a
//! band-limited phone MP3. The truth (where each line's speech starts and ends) comes back
//! with it.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use loaxa::audio::dsp::Biquad;
use loaxa::audio::{decode, encode, Mono, Tags};

use crate::util::TestProject;

/// The rate takes are written at.
pub const RATE: u32 = 48_000;

/// How a take is read and recorded.
#[derive(Debug, Clone)]
pub struct TakeSpec {
    /// espeak-ng speed, words a minute (175 is its default).
    pub wpm: u32,
    /// Seed of the pauses, drift, breaths and noise.
    pub seed: u64,
    /// Write a band-limited 16 kHz MP3 (a phone) instead of a 48 kHz WAV.
    pub phone_mp3: bool,
    /// Leave out the line at this index.
    pub skip: Option<usize>,
    /// Read the line at this index twice.
    pub twice: Option<usize>,
}

impl Default for TakeSpec {
    fn default() -> TakeSpec {
        TakeSpec {
            wpm: 165,
            seed: 1,
            phone_mp3: false,
            skip: None,
            twice: None,
        }
    }
}

/// A line of the script as read.
#[derive(Debug, Clone)]
pub struct Truth {
    pub line_id: String,
    pub start_s: f64,
    pub end_s: f64,
}

/// A take and where its lines really are.
#[derive(Debug, Clone)]
pub struct BuiltTake {
    pub file: PathBuf,
    pub lines: Vec<Truth>,
}

/// Whether espeak-ng is here; without it tests skip, unless `LOAXA_REQUIRE_ESPEAK` is set.
pub fn espeak_ready() -> bool {
    let found = Command::new("espeak-ng")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("LOAXA_REQUIRE_ESPEAK").is_none(),
            "LOAXA_REQUIRE_ESPEAK is set but espeak-ng is not installed"
        );
        eprintln!("espeak-ng is not installed: test skipped");
    }
    found
}

/// The script's lines of `item` as (line id, text, pause after): from `loaxa script`'s cues.
pub fn script_lines(p: &TestProject, item: &str) -> Vec<(String, String, f64)> {
    let dir = p.join("out/take-scripts");
    let out = p.run(&["script", item, "-o", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cues: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{item}.cues.json"))).unwrap(),
    )
    .unwrap();
    let mut lines: Vec<(String, String, f64)> = Vec::new();
    for c in cues["cues"].as_array().unwrap() {
        match c["type"].as_str().unwrap() {
            "line" => lines.push((
                c["line_id"].as_str().unwrap().to_string(),
                c["text"].as_str().unwrap().to_string(),
                0.0,
            )),
            "pause" => {
                if let Some(l) = lines.last_mut() {
                    l.2 += c["seconds"].as_f64().unwrap();
                }
            }
            _ => {}
        }
    }
    lines
}

/// A small deterministic random source.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// espeak-ng's reading of `text` at `wpm`, at 48 kHz, trimmed to its speech.
fn speak(text: &str, wpm: u32, cache: &mut HashMap<(String, u32), Vec<f32>>) -> Vec<f32> {
    if let Some(s) = cache.get(&(text.to_string(), wpm)) {
        return s.clone();
    }
    let mut child = Command::new("espeak-ng")
        .args(["-v", "vi", "-s", &wpm.to_string(), "--stdout", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let mut wav = child.wait_with_output().unwrap().stdout;
    decode::set_wav_sizes_from_length(&mut wav);
    let m = decode::decode_bytes(wav, "wav").unwrap().into_mono();
    let m = decode::resample(&m, RATE).unwrap();
    let loud = |s: &f32| s.abs() > 0.004;
    let a = m.samples.iter().position(loud).unwrap_or(0);
    let b = m.samples.iter().rposition(loud).map_or(0, |b| b + 1);
    let s = m.samples[a..b.max(a)]
        .iter()
        .map(|x| x * 0.5)
        .collect::<Vec<f32>>();
    cache.insert((text.to_string(), wpm), s.clone());
    s
}

/// A line's sentences (split after `.`, `?`, `!` and `:`).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        cur.push(ch);
        if matches!(ch, '.' | '?' | '!' | ':') {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// A breath: band-passed noise with a soft envelope, about 35 dB under the speech.
fn breath(rng: &mut Rng, len: usize) -> Vec<f32> {
    let mut n: Vec<f32> = (0..len).map(|_| (rng.next() as f32 - 0.5) * 0.02).collect();
    Biquad::highpass(RATE, 500.0).run(&mut n);
    Biquad::lowpass(RATE, 2500.0).run(&mut n);
    let l = len as f32;
    n.iter_mut()
        .enumerate()
        .for_each(|(i, s)| *s *= (std::f32::consts::PI * i as f32 / l).sin());
    n
}

/// The date words as (line id, text, pause after), in `loaxa words` order.
pub fn word_lines(p: &TestProject) -> Vec<(String, String, f64)> {
    let out = p.run(&["words", "--csv"]);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let id = r[0].trim_start_matches("word:").to_string();
            (id, r[2].to_string(), 0.5)
        })
        .collect()
}

/// Builds the take of `item` in `out_dir`.
pub fn build_take(p: &TestProject, item: &str, spec: &TakeSpec, out_dir: &Path) -> BuiltTake {
    build_take_of(&script_lines(p, item), item, spec, out_dir)
}

/// Builds a take of `lines` (id, text, pause after) named after `name` in `out_dir`.
pub fn build_take_of(
    lines: &[(String, String, f64)],
    name: &str,
    spec: &TakeSpec,
    out_dir: &Path,
) -> BuiltTake {
    let mut rng = Rng(spec.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut cache = HashMap::new();
    let mut audio: Vec<f32> = vec![0.0; (RATE as f64 * rng.range(0.8, 1.6)) as usize];
    let mut truth = Vec::new();
    let mut order: Vec<usize> = (0..lines.len()).filter(|i| Some(*i) != spec.skip).collect();
    if let Some(t) = spec.twice {
        let at = order.iter().position(|i| *i == t).unwrap();
        order.insert(at + 1, t);
    }
    for (k, &i) in order.iter().enumerate() {
        let (id, text, pause) = &lines[i];
        let wpm = (f64::from(spec.wpm) * rng.range(0.93, 1.07)) as u32;
        let start = audio.len();
        for (j, s) in sentences(text).iter().enumerate() {
            if j > 0 {
                let inner = rng.range(0.25, 1.1);
                push_pause(&mut audio, &mut rng, inner);
            }
            audio.extend(speak(s, wpm, &mut cache));
        }
        if order[..k].contains(&i) {
            // The second reading of a line read twice is not the line.
        } else {
            truth.push(Truth {
                line_id: id.clone(),
                start_s: start as f64 / f64::from(RATE),
                end_s: audio.len() as f64 / f64::from(RATE),
            });
        }
        let gap = rng.range(0.65, 1.5) + pause * rng.range(0.3, 0.8);
        push_pause(&mut audio, &mut rng, gap);
    }
    audio.extend(vec![0.0; (RATE as f64 * 1.0) as usize]);
    add_room(&mut audio, &mut rng);
    let file = write(out_dir, name, spec, audio);
    BuiltTake { file, lines: truth }
}

/// Silence of `secs`, with a breath in it one time in three when there is room.
fn push_pause(audio: &mut Vec<f32>, rng: &mut Rng, secs: f64) {
    let n = (secs * f64::from(RATE)) as usize;
    let mut gap = vec![0.0f32; n];
    if secs > 0.7 && rng.next() < 0.35 {
        let len = (0.3 * f64::from(RATE)) as usize;
        let at = (n - len) / 2;
        for (g, b) in gap[at..at + len].iter_mut().zip(breath(rng, len)) {
            *g += b;
        }
    }
    audio.extend(gap);
}

/// Room noise about 55 dB under full scale and 50 Hz mains hum.
fn add_room(audio: &mut [f32], rng: &mut Rng) {
    let mut prev = 0.0f32;
    for (i, s) in audio.iter_mut().enumerate() {
        let white = (rng.next() as f32 - 0.5) * 0.006;
        prev = 0.9 * prev + 0.1 * white * 3.0;
        let hum = 0.004 * (std::f64::consts::TAU * 50.0 * i as f64 / f64::from(RATE)).sin() as f32;
        *s += prev + white * 0.2 + hum;
    }
}

fn write(out_dir: &Path, item: &str, spec: &TakeSpec, samples: Vec<f32>) -> PathBuf {
    std::fs::create_dir_all(out_dir).unwrap();
    let stem = format!("{item}-{}-{}", spec.wpm, spec.seed);
    let m = Mono {
        rate: RATE,
        samples,
    };
    if spec.phone_mp3 {
        let mut phone = decode::resample(&m, 16_000).unwrap();
        Biquad::highpass(16_000, 300.0).run(&mut phone.samples);
        Biquad::lowpass(16_000, 3_400.0).run(&mut phone.samples);
        let path = out_dir.join(format!("{stem}.mp3"));
        std::fs::write(&path, encode::mp3(&phone, 32, &Tags::default()).unwrap()).unwrap();
        path
    } else {
        let path = out_dir.join(format!("{stem}.wav"));
        std::fs::write(&path, encode::wav(&m).unwrap()).unwrap();
        path
    }
}
