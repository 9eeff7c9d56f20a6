//! criterion benches for the audio hot paths, on generated speech-like signals (no files):
//! decode (MP3, WAV), resample, loudness (fast integrated, full R128 with true peak), the
//! true-peak limiter, the mix (assembly with a ducked bed), and MP3 encoding.
//!
//! `cargo bench --bench hot_paths` (add `-- decode` for one group). Throughput is reported in
//! samples per second of 44.1 kHz mono audio; 60 s of audio is 2,646,000 samples.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use loaxa::audio::encode::{self, Tags};
use loaxa::audio::timeline::{assemble, Piece, TimelineSettings};
use loaxa::audio::{decode, dsp, loudness, Mono};

const RATE: u32 = 44_100;

/// Syllable-shaped noise and tones, peaky like espeak speech.
fn speech(secs: f64, seed: u64) -> Mono {
    let n = (secs * f64::from(RATE)) as usize;
    let mut x = seed;
    let samples = (0..n)
        .map(|i| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let noise = ((x >> 33) as f64 / (1u64 << 31) as f64) - 1.0;
            let t = i as f64 / f64::from(RATE);
            let env = (0.5 + 0.5 * (2.0 * std::f64::consts::PI * 4.0 * t).sin()).powi(3);
            let tone = (2.0 * std::f64::consts::PI * 180.0 * t).sin();
            (0.4 * env * (0.7 * tone + 0.3 * noise)) as f32
        })
        .collect();
    Mono {
        rate: RATE,
        samples,
    }
}

fn benches(c: &mut Criterion) {
    let minute = speech(60.0, 1);
    let n = minute.samples.len() as u64;
    let mp3 = encode::mp3(&minute, 64, &Tags::default()).unwrap();
    let wav = encode::wav(&minute).unwrap();

    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    g.bench_function("mp3 64k 60 s", |b| {
        b.iter(|| decode::decode_bytes(black_box(mp3.clone()), "mp3").unwrap())
    });
    g.bench_function("wav s16 60 s", |b| {
        b.iter(|| decode::decode_bytes(black_box(wav.clone()), "wav").unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("resample");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    g.bench_function("44.1 -> 48 kHz 60 s", |b| {
        b.iter(|| decode::resample(black_box(&minute), 48_000).unwrap())
    });
    let low = Mono {
        rate: 22_050,
        samples: minute.samples[..minute.samples.len() / 2].to_vec(),
    };
    g.bench_function("22.05 -> 44.1 kHz 60 s", |b| {
        b.iter(|| decode::resample(black_box(&low), RATE).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("loudness");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    g.bench_function("integrated (own K-meter) 60 s", |b| {
        b.iter(|| loudness::integrated_mono(black_box(&minute.samples), RATE).unwrap())
    });
    g.bench_function("R128 I+LRA+true peak (ebur128) 60 s", |b| {
        b.iter(|| loudness::measure_mono(black_box(&minute)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("limiter");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    g.bench_function("lookahead limiter -6 dB 60 s", |b| {
        b.iter_batched(
            || minute.clone(),
            |mut m| dsp::limit(&mut m, 0.2, 0.005, 0.120),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("mix");
    let clips: Vec<Arc<Mono>> = (0..20).map(|k| Arc::new(speech(9.0, 10 + k))).collect();
    let bed = Arc::new(speech(180.0, 99));
    let jingle = Arc::new(speech(8.0, 7));
    let mut pieces = vec![Piece::Jingle(jingle.clone()), Piece::BedStart(bed)];
    for c in &clips {
        pieces.push(Piece::Voice(c.clone()));
        pieces.push(Piece::Pause(0.8));
    }
    pieces.push(Piece::BedStop);
    pieces.push(Piece::Jingle(jingle));
    let (probe, _) = assemble(&pieces, RATE, &TimelineSettings::default());
    g.throughput(Throughput::Elements(probe.samples.len() as u64));
    g.sample_size(10);
    g.bench_function("20 clips, ducked bed, 2 jingles", |b| {
        b.iter(|| assemble(black_box(&pieces), RATE, &TimelineSettings::default()))
    });
    g.finish();

    let mut g = c.benchmark_group("encode");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    g.bench_function("mp3 64k mono 60 s", |b| {
        b.iter(|| encode::mp3(black_box(&minute), 64, &Tags::default()).unwrap())
    });
    g.bench_function("wav s16 60 s", |b| {
        b.iter(|| encode::wav(black_box(&minute)).unwrap())
    });
    g.finish();
}

criterion_group!(hot_paths, benches);
criterion_main!(hot_paths);
