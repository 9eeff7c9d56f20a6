//! Joined files decode to exactly the pieces, at the places [`Joined::starts`] gives, with
//! an Info frame a decoder trusts; generated tones and noise, encoded by LAME.

use super::*;
use crate::audio::encode::{mp3, Tags};
use crate::audio::loudness::{integrated_mono, k_blocks};
use crate::audio::{decode, Mono};

/// A tone at `hz`, `secs` long, faded in and out over 10 ms (silence at both ends).
fn tone(rate: u32, secs: f64, hz: f32, amp: f32) -> Mono {
    let n = crate::audio::frames(rate, secs);
    let fade = (rate / 100) as usize;
    let samples = (0..n)
        .map(|i| {
            let edge = (i.min(n - 1 - i) as f32 / fade as f32).min(1.0);
            amp * edge * (i as f32 * hz * std::f32::consts::TAU / rate as f32).sin()
        })
        .collect();
    Mono { rate, samples }
}

fn encode(m: &Mono, kbps: u32) -> Mp3Frames {
    Mp3Frames::parse(&mp3(m, kbps, &Tags::default()).unwrap()).unwrap()
}

fn decoded(bytes: &[u8]) -> Vec<f32> {
    decode::decode_bytes(bytes.to_vec(), "mp3").unwrap().samples
}

#[test]
fn the_crcs_are_the_ones_lame_writes() {
    for (rate, kbps, secs) in [(44_100, 96, 1.3), (48_000, 64, 0.2), (32_000, 48, 2.0)] {
        let p = encode(&tone(rate, secs, 440.0, 0.3), kbps);
        let l = p.lame;
        let tag_crc = u16::from_be_bytes([p.info[l + 34], p.info[l + 35]]);
        assert_eq!(crc16(0, &p.info[..l + 34]), tag_crc, "tag CRC at {rate} Hz");
        let music = u16::from_be_bytes([p.info[l + 32], p.info[l + 33]]);
        assert_eq!(p.music_crc(), music, "music CRC at {rate} Hz");
    }
}

#[test]
fn crcs_combine_as_if_computed_over_the_whole() {
    let data: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    for cut in [0, 1, 2, 17, 256, 4999, 5000] {
        let (a, b) = data.split_at(cut);
        assert_eq!(
            crc16_combine(crc16(0, a), crc16(0, b), b.len()),
            crc16(0, &data),
            "cut at {cut}"
        );
    }
}

#[test]
fn joined_pieces_decode_to_each_piece_at_its_start() {
    for (rate, kbps) in [(44_100, 96), (48_000, 64), (32_000, 48)] {
        let monos = [
            tone(rate, 0.5, 440.0, 0.3),
            Mono::silence(rate, 0.3),
            tone(rate, 1.13, 997.0, 0.5),
            tone(rate, 0.05, 220.0, 0.2),
        ];
        let pieces: Vec<Mp3Frames> = monos.iter().map(|m| encode(m, kbps)).collect();
        let with_crc: Vec<(&Mp3Frames, u16)> = pieces.iter().map(|p| (p, p.music_crc())).collect();
        let joined = join(&with_crc, b"").unwrap();
        let pcm = decoded(&joined.bytes);
        assert_eq!(pcm.len() as u64, joined.samples, "length at {rate} Hz");
        // The joined file's own Info frame reads back, CRCs and all.
        let back = Mp3Frames::parse(&joined.bytes).unwrap();
        assert_eq!(back.samples(), joined.samples);
        assert_eq!(back.music_crc(), {
            let l = back.lame;
            u16::from_be_bytes([back.info[l + 32], back.info[l + 33]])
        });
        let l = back.lame;
        let tag_crc = u16::from_be_bytes([back.info[l + 34], back.info[l + 35]]);
        assert_eq!(crc16(0, &back.info[..l + 34]), tag_crc);
        for (i, m) in monos.iter().enumerate() {
            let at = joined.starts[i] as usize;
            let got = &pcm[at..at + m.samples.len()];
            let err = got
                .iter()
                .zip(&m.samples)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0f32, f32::max);
            // MP3 coding error on a clean tone, no offset: a misplaced piece errs by its amplitude.
            assert!(err < 0.05, "piece {i} at {rate} Hz: error {err}");
        }
        assert_eq!(joined.starts[0], 0);
    }
}

#[test]
fn the_joined_level_is_the_decoded_files() {
    let rate = 44_100;
    let monos = [
        tone(rate, 3.0, 440.0, 0.3),
        Mono::silence(rate, 0.6),
        tone(rate, 5.0, 997.0, 0.1),
        tone(rate, 2.0, 300.0, 0.5),
    ];
    let pieces: Vec<Mp3Frames> = monos.iter().map(|m| encode(m, 96)).collect();
    let levels: Vec<Level> = pieces
        .iter()
        .map(|p| {
            let bytes = Arc::new(mp3_of(p));
            let (m, _, blocks) =
                crate::audio::verify::measure_encoded_blocks(&bytes, "mp3", None).unwrap();
            Level {
                blocks,
                true_peak: m.true_peak,
            }
        })
        .collect();
    let with_crc: Vec<(&Mp3Frames, u16)> = pieces.iter().map(|p| (p, p.music_crc())).collect();
    let joined = join(&with_crc, b"").unwrap();
    let whole = decoded(&joined.bytes);
    let truth = integrated_mono(&whole, rate).unwrap();
    let placed: Vec<(&Level, u64)> = levels.iter().zip(joined.starts.iter().copied()).collect();
    let (lufs, peak) = joined_level(&placed, joined.samples, rate);
    assert!(
        (lufs.0 - truth.0).abs() < 0.05,
        "{lufs:?} against {truth:?}"
    );
    let loud = crate::audio::loudness::measure(&whole, 1, rate).unwrap();
    assert!((peak.0 - loud.true_peak.0).abs() < 0.1, "{peak:?} {loud:?}");
    assert!(!k_blocks(&whole, rate, false).is_empty());
}

/// A piece back as a file of its own (its Info frame and frames).
fn mp3_of(p: &Mp3Frames) -> Vec<u8> {
    let mut b = p.info.clone();
    b.extend_from_slice(&p.audio);
    b
}

#[test]
fn a_join_in_silence_passes_and_a_cut_off_tone_does_not() {
    let rate = 44_100;
    // As the pieces of a slot are made: faded, with 20 ms of silence at each end.
    let padded = |m: Mono| {
        let pad = vec![0.0; (rate / 50) as usize];
        let samples = [pad.clone(), m.samples, pad].concat();
        encode(&Mono { rate, samples }, 96)
    };
    let quiet = padded(tone(rate, 1.0, 440.0, 0.3));
    let next = padded(tone(rate, 1.0, 660.0, 0.3));
    let good = check_join(&quiet, &next).unwrap();
    assert!(good.passed(), "{good:?}");
    // A tone that stops dead at full level: what follows its last sample rings through the join.
    let mut hard = tone(rate, 1.0, 440.0, 0.5);
    let n = hard.samples.len();
    for (i, s) in hard.samples.iter_mut().enumerate() {
        *s = 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin();
        if i == n - 1 {
            *s = 0.9;
        }
    }
    let cut = encode(&hard, 96);
    let bad = check_join(&cut, &next).unwrap();
    assert!(!bad.passed(), "{bad:?}");
}

#[test]
fn what_cannot_be_joined_is_refused() {
    let rate = 44_100;
    let p = mp3(&tone(rate, 0.5, 440.0, 0.3), 96, &Tags::default()).unwrap();
    let start = audio_start(&p);
    let h = header(&p[start..]).unwrap();
    // No Info frame: the delay and padding are unknown.
    let no_info = p[start + h.len..].to_vec();
    // At 22.05 kHz and 48 kbit/s a frame has no room for LAME's Info frame.
    let low = mp3(&tone(22_050, 0.5, 440.0, 0.3), 48, &Tags::default()).unwrap();
    for bytes in [no_info, low] {
        assert!(matches!(
            Mp3Frames::parse(&bytes),
            Err(AudioError::Unsupported(_))
        ));
    }
    let cases: [(&str, Vec<u8>); 3] = [
        ("cut short", p[..p.len() - 100].to_vec()),
        ("not an MP3", b"RIFF....WAVEfmt ".to_vec()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in cases {
        assert!(Mp3Frames::parse(&bytes).is_err(), "{what}");
    }
    let a = encode(&tone(rate, 0.5, 440.0, 0.3), 96);
    let b = encode(&tone(rate, 0.5, 440.0, 0.3), 64);
    assert!(join(&[(&a, 0), (&b, 0)], b"").is_err(), "bit rates differ");
    assert!(join(&[], b"").is_err());
}

#[test]
fn frame_headers_read_as_the_standard_says() {
    // Frame length, rate, bit rate, mono, samples per frame.
    type Read = Option<(usize, u32, u32, bool, u64)>;
    let cases: [([u8; 4], Read); 5] = [
        // MPEG-1 layer III, 96 kbit/s, 44.1 kHz, no padding, mono.
        (
            [0xFF, 0xFB, 0x70, 0xC0],
            Some((313, 44_100, 96, true, 1152)),
        ),
        // The same with the padding bit.
        (
            [0xFF, 0xFB, 0x72, 0xC0],
            Some((314, 44_100, 96, true, 1152)),
        ),
        // MPEG-2, 48 kbit/s, 22.05 kHz, stereo.
        (
            [0xFF, 0xF3, 0x60, 0x00],
            Some((156, 22_050, 48, false, 576)),
        ),
        // Layer II: not ours.
        ([0xFF, 0xFD, 0x70, 0xC0], None),
        // A free-format bit rate.
        ([0xFF, 0xFB, 0x00, 0xC0], None),
    ];
    for (bytes, want) in cases {
        let got = header(&bytes).map(|h| (h.len, h.rate, h.kbps, h.mono, h.spf));
        assert_eq!(got, want, "{bytes:02x?}");
    }
}
