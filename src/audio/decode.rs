//! Decoding any common audio file (symphonia) and converting it to mono at one rate (rubato).
//!
//! WAV (8/16/24/32-bit integer, 32-bit float), MP3, FLAC, Ogg Vorbis and M4A/AAC, 8 to 192 kHz,
//! 1 to 8 channels. Opus, AMR and other codecs symphonia lacks give [`AudioError::Unsupported`].

use std::fs::File;
use std::path::Path;

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

use super::{AudioError, Mono};

/// A decoded file as it was: interleaved samples, rate and channel count.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Samples per second per channel.
    pub rate: u32,
    /// Channel count.
    pub channels: usize,
    /// Interleaved samples.
    pub samples: Vec<f32>,
}

impl Decoded {
    /// Frames (samples per channel).
    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels.max(1)
    }

    /// Length in seconds.
    pub fn seconds(&self) -> f64 {
        self.frames() as f64 / f64::from(self.rate)
    }

    /// Averages the channels into one, reusing the buffer.
    pub fn into_mono(self) -> Mono {
        if self.channels == 1 {
            return Mono {
                rate: self.rate,
                samples: self.samples,
            };
        }
        self.to_mono()
    }

    /// Averages the channels into one.
    pub fn to_mono(&self) -> Mono {
        if self.channels == 1 {
            return Mono {
                rate: self.rate,
                samples: self.samples.clone(),
            };
        }
        let mut samples = Vec::with_capacity(self.samples.len() / self.channels.max(1));
        downmix_into(&self.samples, self.channels, &mut samples);
        Mono {
            rate: self.rate,
            samples,
        }
    }
}

/// Appends the average of each frame's channels of `interleaved` to `out`.
pub fn downmix_into(interleaved: &[f32], channels: usize, out: &mut Vec<f32>) {
    let c = channels.max(1);
    if c == 1 {
        out.extend_from_slice(interleaved);
    } else {
        out.extend(
            interleaved
                .chunks_exact(c)
                .map(|f| f.iter().sum::<f32>() / c as f32),
        );
    }
}

fn sym_err(e: SymError) -> AudioError {
    match e {
        SymError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            AudioError::Corrupt("the file ends in the middle of the audio".into())
        }
        SymError::IoError(io) => AudioError::Io(io),
        SymError::Unsupported(what) => AudioError::Unsupported(what.to_string()),
        SymError::DecodeError(what) => AudioError::Corrupt(what.to_string()),
        other => AudioError::Corrupt(other.to_string()),
    }
}

/// Decodes a whole file.
pub fn decode_file(path: &Path) -> Result<Decoded, AudioError> {
    ChunkDecoder::open(path)?.collect()
}

/// Decodes encoded bytes held in memory (`ext` hints the format).
pub fn decode_bytes(bytes: Vec<u8>, ext: &str) -> Result<Decoded, AudioError> {
    if bytes.is_empty() {
        return Err(AudioError::Empty);
    }
    ChunkDecoder::new(Box::new(std::io::Cursor::new(bytes)), Some(ext))?.collect()
}

/// Sets the sizes in a WAV header from the bytes that are there. A program that writes a WAV to
/// a pipe cannot seek back to fill them in, so it writes a placeholder (espeak-ng writes
/// 0x7FFFF000, others 0xFFFFFFFF), and the file would read as cut short. Bytes that are not a
/// RIFF/WAVE file with a `data` chunk are left as they are.
pub fn set_wav_sizes_from_length(bytes: &mut [u8]) {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return;
    }
    let put = |b: &mut [u8], at: usize, v: usize| {
        let v = u32::try_from(v).unwrap_or(u32::MAX);
        b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    };
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]);
        if &bytes[at..at + 4] == b"data" {
            let len = bytes.len();
            put(bytes, at + 4, len - at - 8);
            put(bytes, 4, len - 8);
            return;
        }
        at += 8 + size as usize + (size as usize & 1);
    }
}

/// Bytes shared with the caller, read as a media source without a copy.
#[derive(Debug, Clone)]
pub struct SharedBytes {
    data: std::sync::Arc<Vec<u8>>,
    pos: u64,
}

impl SharedBytes {
    /// A reader at the start of `data`.
    pub fn new(data: std::sync::Arc<Vec<u8>>) -> SharedBytes {
        SharedBytes { data, pos: 0 }
    }
}

impl std::io::Read for SharedBytes {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let start = (self.pos as usize).min(self.data.len());
        let n = buf.len().min(self.data.len() - start);
        buf[..n].copy_from_slice(&self.data[start..start + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for SharedBytes {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let len = self.data.len() as i128;
        let at = match to {
            std::io::SeekFrom::Start(n) => i128::from(n),
            std::io::SeekFrom::End(d) => len + i128::from(d),
            std::io::SeekFrom::Current(d) => i128::from(self.pos) + i128::from(d),
        };
        if at < 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start",
            ));
        }
        self.pos = at as u64;
        Ok(self.pos)
    }
}

impl symphonia::core::io::MediaSource for SharedBytes {
    fn is_seekable(&self) -> bool {
        true
    }

    fn byte_len(&self) -> Option<u64> {
        Some(self.data.len() as u64)
    }
}

/// A file decoded a packet at a time, for playout and for checks that must not hold a whole
/// slot in memory. Interleaved `f32` chunks, in the file's own rate and channel count.
pub struct ChunkDecoder {
    format: Box<dyn symphonia::core::formats::FormatReader>,
    decoder: Box<dyn symphonia::core::codecs::audio::AudioDecoder>,
    track_id: u32,
    rate: u32,
    channels: usize,
    chunk: Vec<f32>,
    frames: u64,
    packets: usize,
    decode_errors: usize,
}

impl std::fmt::Debug for ChunkDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkDecoder")
            .field("rate", &self.rate)
            .field("channels", &self.channels)
            .field("frames", &self.frames)
            .finish()
    }
}

impl ChunkDecoder {
    /// Opens a file and reads its header.
    pub fn open(path: &Path) -> Result<ChunkDecoder, AudioError> {
        let file = File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Err(AudioError::Empty);
        }
        ChunkDecoder::new(Box::new(file), path.extension().and_then(|e| e.to_str()))
    }

    /// Reads the header of any media source (`ext` hints the format).
    pub fn new(
        source: Box<dyn symphonia::core::io::MediaSource>,
        ext: Option<&str>,
    ) -> Result<ChunkDecoder, AudioError> {
        let mut hint = Hint::new();
        if let Some(ext) = ext {
            hint.with_extension(ext);
        }
        let mss = MediaSourceStream::new(source, Default::default());
        let format = symphonia::default::get_probe()
            .probe(
                &hint,
                mss,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|e| match e {
                SymError::Unsupported(_) => AudioError::Unsupported(
                    "not an audio format loaxa reads (WAV, MP3, FLAC, Ogg Vorbis, M4A)".into(),
                ),
                other => sym_err(other),
            })?;
        let track = format
            .default_track(TrackType::Audio)
            .ok_or_else(|| AudioError::Unsupported("no audio track".into()))?;
        let params = track
            .codec_params
            .as_ref()
            .and_then(|p| p.audio())
            .ok_or_else(|| AudioError::Unsupported("no audio codec parameters".into()))?
            .clone();
        if params.sample_rate == Some(0) {
            return Err(AudioError::ZeroRate);
        }
        let track_id = track.id;
        let decoder = symphonia::default::get_codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(|e| match e {
                SymError::Unsupported(_) => AudioError::Unsupported("this codec is not supported (Opus and AMR phone voice notes are not); convert the file to MP3 or WAV".into()),
                other => sym_err(other),
            })?;
        Ok(ChunkDecoder {
            format,
            decoder,
            track_id,
            rate: params.sample_rate.unwrap_or(0),
            channels: params.channels.as_ref().map_or(0, |c| c.count()),
            chunk: Vec::new(),
            frames: 0,
            packets: 0,
            decode_errors: 0,
        })
    }

    /// Samples per second per channel (as far as known; the first chunk settles it).
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Channel count (as far as known; the first chunk settles it).
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Frames handed out so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// The next chunk of interleaved samples, or `None` at the end. A chunk may be empty.
    pub fn next_chunk(&mut self) -> Result<Option<&[f32]>, AudioError> {
        loop {
            let packet = match self.format.next_packet() {
                Ok(Some(p)) => p,
                Ok(None) | Err(SymError::ResetRequired) => return Ok(None),
                Err(e) => {
                    // A cut-off file often ends with an unexpected EOF.
                    if self.frames == 0 {
                        return Err(sym_err(e));
                    }
                    let why = match sym_err(e) {
                        AudioError::Corrupt(what) => what,
                        other => other.to_string(),
                    };
                    return Err(AudioError::Corrupt(format!(
                        "after {:.2} s: {why}",
                        self.frames as f64 / f64::from(self.rate.max(1)),
                    )));
                }
            };
            if packet.track_id != self.track_id {
                continue;
            }
            self.packets += 1;
            match self.decoder.decode(&packet) {
                Ok(buf) => {
                    let spec = buf.spec();
                    if spec.rate() == 0 {
                        return Err(AudioError::ZeroRate);
                    }
                    self.rate = spec.rate();
                    self.channels = spec.channels().count();
                    buf.copy_to_vec_interleaved(&mut self.chunk);
                    if self.chunk.iter().any(|s| !s.is_finite()) {
                        return Err(AudioError::NonFinite);
                    }
                    let c = self.channels.max(1);
                    self.chunk.truncate(self.chunk.len() - self.chunk.len() % c);
                    self.frames += (self.chunk.len() / c) as u64;
                    return Ok(Some(&self.chunk));
                }
                Err(SymError::DecodeError(_)) => {
                    self.decode_errors += 1;
                    if self.decode_errors > 8 && self.decode_errors * 2 > self.packets {
                        return Err(AudioError::Corrupt("most packets fail to decode".into()));
                    }
                }
                Err(e) => return Err(sym_err(e)),
            }
        }
    }

    /// Decodes to the end, checking the whole file; returns the length in seconds.
    pub fn check(mut self) -> Result<f64, AudioError> {
        while self.next_chunk()?.is_some() {}
        if self.rate == 0 {
            return Err(AudioError::ZeroRate);
        }
        if self.channels == 0 || self.frames == 0 {
            return Err(AudioError::NoFrames);
        }
        Ok(self.frames as f64 / f64::from(self.rate))
    }

    /// Decodes the rest into memory.
    pub fn collect(mut self) -> Result<Decoded, AudioError> {
        let mut samples: Vec<f32> = Vec::new();
        while let Some(chunk) = self.next_chunk()? {
            samples.extend_from_slice(chunk);
        }
        if self.rate == 0 {
            return Err(AudioError::ZeroRate);
        }
        if self.channels == 0 || samples.is_empty() {
            return Err(AudioError::NoFrames);
        }
        Ok(Decoded {
            rate: self.rate,
            channels: self.channels,
            samples,
        })
    }
}

/// [`resample`], reusing the buffer when the rate is already `to`.
pub fn into_rate(input: Mono, to: u32) -> Result<Mono, AudioError> {
    if input.rate == to {
        return Ok(input);
    }
    resample(&input, to)
}

/// Resamples mono audio to `to` Hz. Keeps the length in seconds (to the nearest frame).
pub fn resample(input: &Mono, to: u32) -> Result<Mono, AudioError> {
    if input.rate == to || input.samples.is_empty() {
        return Ok(Mono {
            rate: to,
            samples: input.samples.clone(),
        });
    }
    let frames = input.samples.len();
    let mut resampler = Fft::<f32>::new(input.rate as usize, to as usize, 1024, 1, FixedSync::Both)
        .map_err(|e| AudioError::Resample(e.to_string()))?;
    let adapter = InterleavedSlice::new(&input.samples[..], 1, frames)
        .map_err(|e| AudioError::Resample(e.to_string()))?;
    let out = resampler
        .process_all(&adapter, frames, None)
        .map_err(|e| AudioError::Resample(e.to_string()))?;
    let mut samples = out.take_data();
    let want = (frames as u64 * u64::from(to)).div_ceil(u64::from(input.rate)) as usize;
    samples.resize(want, 0.0);
    Ok(Mono { rate: to, samples })
}

/// Decodes a file and converts it to mono at `rate`.
pub fn load(path: &Path, rate: u32) -> Result<Mono, AudioError> {
    into_rate(decode_file(path)?.into_mono(), rate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/audio")
            .join(name)
    }

    /// Writes a WAV of a 1 kHz tone at half scale with hound.
    fn write_wav(path: &Path, rate: u32, channels: u16, bits: u16, float: bool, frames: usize) {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: if float {
                hound::SampleFormat::Float
            } else {
                hound::SampleFormat::Int
            },
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..frames {
            let v = 0.5 * (std::f64::consts::TAU * 1000.0 * i as f64 / f64::from(rate)).sin();
            for _ in 0..channels {
                if float {
                    w.write_sample(v as f32).unwrap();
                } else {
                    let max = (1i64 << (bits - 1)) - 1;
                    w.write_sample((v * max as f64).round() as i32).unwrap();
                }
            }
        }
        w.finalize().unwrap();
    }

    #[test]
    fn decodes_every_wav_width_rate_and_channel_count() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(u32, u16, u16, bool); 8] = [
            (8000, 1, 8, false),
            (16000, 1, 16, false),
            (22050, 2, 16, false),
            (44100, 1, 24, false),
            (48000, 2, 32, false),
            (48000, 1, 32, true),
            (96000, 6, 24, false),
            (192000, 8, 16, false),
        ];
        for (rate, ch, bits, float) in cases {
            let p = dir.path().join(format!("t-{rate}-{ch}-{bits}-{float}.wav"));
            write_wav(&p, rate, ch, bits, float, rate as usize / 2);
            let d = decode_file(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            assert_eq!(
                (d.rate, d.channels, d.frames()),
                (rate, ch as usize, rate as usize / 2),
                "{p:?}"
            );
            let peak = d.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            assert!((peak - 0.5).abs() < 0.02, "{p:?}: peak {peak}");
        }
    }

    #[test]
    fn decodes_compressed_formats_from_phones_and_pcs() {
        // (file, rate, channels, seconds, tolerance in seconds)
        let cases = [
            ("tone-1k-mono-44k1.flac", 44100, 1, 1.0, 0.001),
            ("tone-1k-stereo-48k.ogg", 48000, 2, 1.0, 0.01),
            ("tone-440-stereo-22k-vbr.mp3", 22050, 2, 1.0, 0.06),
            // M4A is not gapless in symphonia: about 1,800 extra frames.
            ("tone-440-mono-44k1.m4a", 44100, 1, 1.0, 0.1),
        ];
        for (name, rate, ch, secs, tol) in cases {
            let d = decode_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((d.rate, d.channels), (rate, ch), "{name}");
            assert!(
                (d.seconds() - secs).abs() <= tol,
                "{name}: {} s",
                d.seconds()
            );
        }
    }

    #[test]
    fn bad_files_give_clear_errors_never_panics() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::write(p("empty.wav"), b"").unwrap();
        std::fs::write(
            p("random.wav"),
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect::<Vec<_>>(),
        )
        .unwrap();
        std::fs::write(
            p("text.mp3"),
            "Đây là văn bản, không phải âm thanh.\n".repeat(50),
        )
        .unwrap();
        // A full WAV cut in the middle of its data.
        write_wav(&p("full.wav"), 44100, 1, 16, false, 44100);
        let full = std::fs::read(p("full.wav")).unwrap();
        std::fs::write(p("truncated.wav"), &full[..full.len() / 2]).unwrap();
        std::fs::write(p("header-only.wav"), &full[..44]).unwrap();
        // Float WAV holding NaN and infinity.
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8000,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let mut w = hound::WavWriter::create(p("nan.wav"), spec).unwrap();
        for v in [0.1f32, f32::NAN, f32::INFINITY, 0.2] {
            w.write_sample(v).unwrap();
        }
        w.finalize().unwrap();
        // Sample rate patched to zero in the header.
        let mut zero = full.clone();
        zero[24..28].copy_from_slice(&0u32.to_le_bytes());
        std::fs::write(p("zero-rate.wav"), &zero).unwrap();
        let cases: [(PathBuf, &str); 8] = [
            (p("empty.wav"), "the file is empty"),
            (p("random.wav"), "unsupported audio"),
            (p("text.mp3"), "unsupported audio"),
            (p("truncated.wav"), "truncated"),
            (p("header-only.wav"), "truncated"),
            (p("nan.wav"), "NaN or infinite"),
            (p("zero-rate.wav"), "sample rate is zero"),
            (fixture("voice-note.opus"), "Opus"),
        ];
        for (path, needle) in cases {
            match decode_file(&path) {
                Ok(d) => panic!("{path:?} decoded to {} frames", d.frames()),
                Err(e) => {
                    assert!(e.to_string().contains(needle), "{path:?}: {e}");
                    // Said once, not once per layer.
                    assert!(
                        e.to_string().matches("damaged or truncated").count() <= 1,
                        "{e}"
                    );
                }
            }
        }
    }

    #[test]
    fn one_sample_decodes_and_is_one_frame() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("one.wav");
        write_wav(&path, 44100, 1, 16, false, 1);
        assert_eq!(decode_file(&path).unwrap().frames(), 1);
    }

    /// Frequency from zero crossings over the middle of the signal.
    fn frequency(m: &Mono) -> f64 {
        let s = &m.samples[m.samples.len() / 10..m.samples.len() * 9 / 10];
        let crossings = s.windows(2).filter(|w| w[0] <= 0.0 && w[1] > 0.0).count();
        crossings as f64 * f64::from(m.rate) / s.len() as f64
    }

    #[test]
    fn resampling_keeps_a_tones_frequency_and_length() {
        for (from, to) in [
            (44100u32, 48000u32),
            (48000, 44100),
            (8000, 44100),
            (192000, 44100),
            (22050, 16000),
        ] {
            let n = from as usize * 2;
            let tone = Mono {
                rate: from,
                samples: (0..n)
                    .map(|i| {
                        0.5 * (std::f64::consts::TAU * 1000.0 * i as f64 / f64::from(from)).sin()
                            as f32
                    })
                    .collect(),
            };
            let out = resample(&tone, to).unwrap();
            assert_eq!(
                out.samples.len(),
                (n as u64 * u64::from(to)).div_ceil(u64::from(from)) as usize,
                "{from}→{to}"
            );
            let f = frequency(&out);
            assert!((f - 1000.0).abs() < 2.0, "{from}→{to}: {f} Hz");
        }
    }

    #[test]
    fn a_wav_written_to_a_pipe_decodes_once_its_sizes_are_set() {
        let rate = 22_050u32;
        let samples: Vec<i16> = (0..rate).map(|i| ((i % 50) as i16 - 25) * 300).collect();
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut cursor = std::io::Cursor::new(Vec::new());
        let mut w = hound::WavWriter::new(&mut cursor, spec).unwrap();
        for s in &samples {
            w.write_sample(*s).unwrap();
        }
        w.finalize().unwrap();
        let good = cursor.into_inner();
        // What espeak-ng --stdout writes: placeholder sizes in the RIFF and data headers.
        let mut piped = good.clone();
        piped[4..8].copy_from_slice(&0x7FFF_F024u32.to_le_bytes());
        piped[40..44].copy_from_slice(&0x7FFF_F000u32.to_le_bytes());
        assert!(decode_bytes(piped.clone(), "wav").is_err());
        set_wav_sizes_from_length(&mut piped);
        assert_eq!(piped, good);
        let d = decode_bytes(piped, "wav").unwrap();
        assert_eq!(d.to_mono().samples.len(), rate as usize);
        // Not a WAV: untouched.
        let mut other = b"ID3\x04not a wav at all".to_vec();
        let before = other.clone();
        set_wav_sizes_from_length(&mut other);
        assert_eq!(other, before);
    }
}
