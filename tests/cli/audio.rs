//! `loaxa measure` and `loaxa render` on the demo project's real (synthetic) clips.

use std::path::Path;

use crate::util::{stderr, stdout, TestProject};

fn measure(path: &Path) -> loaxa::audio::Loudness {
    let d = loaxa::audio::decode::decode_file(path).unwrap();
    loaxa::audio::measure(&d.samples, d.channels, d.rate).unwrap()
}

#[test]
fn measure_prints_json_and_names_files_it_cannot_read() {
    let p = TestProject::demo();
    p.write("note.mp3", "không phải âm thanh");
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/audio/tone-1k-mono-44k1.flac");
    let out = p.run(&[
        "measure",
        good.to_str().unwrap(),
        p.join("note.mp3").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the unreadable file makes it fail after measuring the rest"
    );
    assert!(
        stderr(&out).contains("note.mp3: unsupported audio"),
        "{}",
        stderr(&out)
    );
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let row = &rows.as_array().unwrap()[0];
    for key in [
        "file",
        "duration_s",
        "sample_rate",
        "channels",
        "integrated_lufs",
        "lra_lu",
        "true_peak_dbtp",
        "sample_peak_dbfs",
    ] {
        assert!(row.get(key).is_some(), "missing {key}");
    }
    assert_eq!(row["sample_rate"], 44100);
    assert_eq!(row["duration_s"], 1.0);
    // A full-scale-ish sine from ffmpeg's generator: -1/8 of full scale = about -21 LUFS.
    let lufs = row["integrated_lufs"].as_f64().unwrap();
    assert!((-22.0..-19.0).contains(&lufs), "{lufs}");
}

#[test]
fn render_meets_both_profiles_on_the_encoded_files_and_reuses_unchanged_work() {
    let p = TestProject::demo_with_audio();
    let out_dir = p.join("out/p");
    let o = out_dir.to_str().unwrap();
    let ids = ["mo-cam-nang-lang-so", "vietqr-tra-va-nhan-tien"];
    for (profile, target) in [("loudspeaker", -16.0), ("zalo", -18.0)] {
        let out = p.run(&[
            "render",
            ids[0],
            ids[1],
            "--profile",
            profile,
            "--date",
            "2026-11-30",
            "-o",
            o,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        for id in ids {
            let file = out_dir.join(format!("{id}.{profile}.mp3"));
            let m = measure(&file);
            assert!((m.integrated.0 - target).abs() <= 0.2, "{file:?}: {m:?}");
            assert!(m.true_peak.0 <= -1.0, "{file:?}: {m:?}");
            if profile == "loudspeaker" {
                assert!(m.lra <= 6.0, "{file:?}: {m:?}");
            } else {
                assert!(std::fs::metadata(&file).unwrap().len() <= 5_000_000);
            }
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("render.json")).unwrap()).unwrap();
    let items = manifest["items"].as_array().unwrap();
    assert_eq!(items.len(), 4, "both profiles kept side by side");
    assert!(items[0]["clips_used"].as_array().unwrap().len() >= 8);
    assert_eq!(items[0]["stand_ins"], "none");
    // The same command again: nothing re-rendered, same bytes.
    let before = std::fs::read(out_dir.join("vietqr-tra-va-nhan-tien.zalo.mp3")).unwrap();
    let again = p.run(&[
        "render",
        ids[0],
        ids[1],
        "--profile",
        "zalo",
        "--date",
        "2026-11-30",
        "-o",
        o,
    ]);
    assert!(stdout(&again).contains("2 reused"), "{}", stdout(&again));
    assert_eq!(
        std::fs::read(out_dir.join("vietqr-tra-va-nhan-tien.zalo.mp3")).unwrap(),
        before
    );
    // A changed clip re-renders only the programme that uses it, to the same bytes as a fresh render.
    let fresh = p.join("fresh");
    let f = p.run(&[
        "render",
        ids[1],
        "--profile",
        "zalo",
        "--date",
        "2026-11-30",
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert!(f.status.success());
    assert_eq!(
        std::fs::read(fresh.join("vietqr-tra-va-nhan-tien.zalo.mp3")).unwrap(),
        before,
        "deterministic"
    );
}

#[test]
fn wav_output_is_16_bit_44k1_mono() {
    let p = TestProject::demo_with_audio();
    let out = p.run(&[
        "render",
        "zalo-nhom-thon",
        "--format",
        "wav",
        "-o",
        p.join("w").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = hound::WavReader::open(p.join("w/zalo-nhom-thon.loudspeaker.wav")).unwrap();
    assert_eq!(
        (
            r.spec().channels,
            r.spec().sample_rate,
            r.spec().bits_per_sample
        ),
        (1, 44100, 16)
    );
    let m = measure(&p.join("w/zalo-nhom-thon.loudspeaker.wav"));
    assert!(
        (m.integrated.0 + 16.0).abs() <= 0.2 && m.true_peak.0 <= -1.0,
        "{m:?}"
    );
}

#[test]
fn missing_clips_fail_with_the_text_to_record_or_get_placeholders() {
    let p = TestProject::demo_with_audio();
    std::fs::remove_file(p.join("audio-assets/voice/items/otp-va-cong-an-gia/nho-3.mp3")).unwrap();
    let out = p.run(&[
        "render",
        "otp-va-cong-an-gia",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("1 clip(s) not recorded yet"), "{err}");
    assert!(
        err.contains(
            "audio-assets/voice/items/otp-va-cong-an-gia/nho-3.wav: «Thứ ba: Mã ô tê pê là bí mật"
        ),
        "{err}"
    );
    assert!(!p.join("o").exists(), "nothing written");
    let out = p.run(&[
        "render",
        "otp-va-cong-an-gia",
        "--missing",
        "placeholder",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("[placeholder for 1 missing clip(s)]"),
        "{}",
        stdout(&out)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.join("o/render.json")).unwrap()).unwrap();
    assert_eq!(manifest["items"][0]["stand_ins"], "placeholder");
    assert_eq!(
        manifest["items"][0]["clips_missing"][0]["clip"],
        "audio-assets/voice/items/otp-va-cong-an-gia/nho-3.wav"
    );
}

#[test]
fn a_broken_or_silent_clip_is_named_and_nothing_is_written() {
    for (bytes, needle) in [
        (b"garbage, not audio".repeat(100), "unsupported audio"),
        (silent_wav(), "is silent"),
    ] {
        let p = TestProject::demo_with_audio();
        std::fs::remove_file(p.join("audio-assets/voice/items/zalo-nhom-thon/nho-2.mp3")).unwrap();
        p.write("audio-assets/voice/items/zalo-nhom-thon/nho-2.wav", &bytes);
        let out = p.run(&[
            "render",
            "zalo-nhom-thon",
            "-o",
            p.join("o").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.contains("zalo-nhom-thon/nho-2.wav") && err.contains(needle),
            "{err}"
        );
        assert!(!err.contains("panicked"));
        assert!(!p.join("o/zalo-nhom-thon.loudspeaker.mp3").exists());
    }
}

fn silent_wav() -> Vec<u8> {
    let mut c = std::io::Cursor::new(Vec::new());
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::new(&mut c, spec).unwrap();
    for _ in 0..16000 {
        w.write_sample(0i16).unwrap();
    }
    w.finalize().unwrap();
    c.into_inner()
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let p = TestProject::demo_with_audio();
    let out = p.run(&["render", "--all", "--profile", "radio"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no profile `radio` in loaxa.toml; profiles: loudspeaker, zalo"),
        "{}",
        stderr(&out)
    );
}

/// A WAV header and samples written by hand, so that any field can be wrong.
fn raw_wav(rate: u32, channels: u16, bits: u16, format: u16, data: &[u8]) -> Vec<u8> {
    let mut w = Vec::new();
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&format.to_le_bytes());
    w.extend_from_slice(&channels.to_le_bytes());
    w.extend_from_slice(&rate.to_le_bytes());
    w.extend_from_slice(&(rate * u32::from(channels) * u32::from(bits) / 8).to_le_bytes());
    w.extend_from_slice(&(channels * bits / 8).to_le_bytes());
    w.extend_from_slice(&bits.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&(data.len() as u32).to_le_bytes());
    w.extend_from_slice(data);
    w
}

#[test]
fn every_bad_audio_file_gets_its_message_and_exit_code_and_the_rest_are_measured() {
    let p = TestProject::demo();
    let tone: Vec<u8> = (0..8000i16)
        .map(|i| ((f32::from(i) * 0.3).sin() * 8000.0) as i16)
        .flat_map(i16::to_le_bytes)
        .collect();
    let full = raw_wav(8000, 1, 16, 1, &tone);
    let nan: Vec<u8> = [0.1f32, f32::NAN, f32::INFINITY, 0.2]
        .iter()
        .flat_map(|f| f.to_le_bytes())
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.wav", vec![], "the file is empty"),
        ("header-only.wav", full[..44].to_vec(), "truncated"),
        (
            "truncated.wav",
            full[..full.len() / 2].to_vec(),
            "truncated",
        ),
        (
            "random.wav",
            (0..3000u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
                .collect(),
            "unsupported audio",
        ),
        (
            "text.mp3",
            "Thông báo: đây là chữ, không phải âm thanh.\n"
                .repeat(40)
                .into_bytes(),
            "unsupported audio",
        ),
        ("nan.wav", raw_wav(8000, 1, 32, 3, &nan), "NaN or infinite"),
        (
            "zero-rate.wav",
            raw_wav(0, 1, 16, 1, &tone),
            "sample rate is zero",
        ),
        (
            "voice-note.opus",
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/audio/voice-note.opus"),
            )
            .unwrap(),
            "Opus",
        ),
    ];
    for (name, bytes, _) in &cases {
        p.write(name, bytes);
    }
    // Good files around them: one sample, 8 channels at 192 kHz.
    p.write("one-sample.wav", raw_wav(44100, 1, 16, 1, &[0x10, 0x00]));
    let eight: Vec<u8> = (0..192_000u32)
        .map(|i| ((i as f32 * 0.01).sin() * 5000.0) as i16)
        .flat_map(i16::to_le_bytes)
        .collect();
    p.write("eight-192k.wav", raw_wav(192_000, 8, 16, 1, &eight));
    let mut args = vec![
        "measure".to_string(),
        p.join("one-sample.wav").display().to_string(),
    ];
    args.extend(
        cases
            .iter()
            .map(|(n, _, _)| p.join(n).display().to_string()),
    );
    args.push(p.join("eight-192k.wav").display().to_string());
    args.push("--json".into());
    let out = p.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for (name, _, needle) in &cases {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named:\n{err}"));
        assert!(line.contains(needle), "{name}: {line}");
    }
    assert!(!err.contains("panicked"));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "the good files are still measured");
    assert_eq!(rows[0]["duration_s"], 0.0);
    assert_eq!(
        (
            rows[1]["sample_rate"].as_u64(),
            rows[1]["channels"].as_u64()
        ),
        (Some(192_000), Some(8))
    );
}
