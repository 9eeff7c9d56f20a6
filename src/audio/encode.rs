//! Encoding a mono programme: WAV 16-bit (hound) or MP3 CBR (LAME), with ID3v2.4 UTF-8 tags.
//!
//! MP3s are sample-exact: LAME writes its Info frame (encoder delay and padding) and flushes with
//! padding rather than dropping the tail, so a decoder that honours the Info frame returns exactly
//! the frames that went in.

use std::io::Cursor;

use id3::{frame::Comment, Tag, TagLike, Version};
use mp3lame_encoder::{
    max_required_buffer_size, Bitrate, Builder, FlushGap, Mode, MonoPcm, Quality,
};
use serde::Deserialize;

use super::{AudioError, Mono};

/// The container and codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PCM WAV, 16-bit.
    Wav,
    /// MPEG-1 Layer III, constant bit rate.
    Mp3,
}

impl Format {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Wav => "wav",
            Format::Mp3 => "mp3",
        }
    }
}

/// How to encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    /// WAV or MP3.
    pub format: Format,
    /// MP3 bit rate in kbit/s (32, 48, 64, 96, 128…).
    pub mp3_kbps: u32,
}

/// ID3 tags for an MP3.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    /// Programme title.
    pub title: String,
    /// The station (written as the artist).
    pub artist: String,
    /// "Làng số".
    pub album: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The summary.
    pub comment: String,
    /// The languages spoken, ISO 639-3 (`vie`, or `vie/tay` with a notice in Tày), as ID3's
    /// TLAN; empty writes none.
    pub language: String,
}

/// Encodes in the given format.
pub fn encode(audio: &Mono, encoding: &Encoding, tags: &Tags) -> Result<Vec<u8>, AudioError> {
    match encoding.format {
        Format::Wav => wav(audio),
        Format::Mp3 => mp3(audio, encoding.mp3_kbps, tags),
    }
}

/// 16-bit PCM WAV.
pub fn wav(audio: &Mono) -> Result<Vec<u8>, AudioError> {
    let mut cursor = Cursor::new(Vec::with_capacity(audio.samples.len() * 2 + 44));
    write_wav(audio, &mut cursor)?;
    Ok(cursor.into_inner())
}

/// [`wav`] into a writer (a file, say: no file-sized buffer).
pub fn write_wav<W: std::io::Write + std::io::Seek>(
    audio: &Mono,
    out: W,
) -> Result<(), AudioError> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: audio.rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::new(out, spec).map_err(|e| AudioError::Encode(e.to_string()))?;
    let mut i16w = w.get_i16_writer(audio.samples.len() as u32);
    for s in &audio.samples {
        // Rounded half away from zero by a cast, as `f32::round` (which is a call to `roundf`).
        let v = s.clamp(-1.0, 1.0) * 32767.0;
        i16w.write_sample((v + 0.5f32.copysign(v)) as i16);
    }
    i16w.flush()
        .map_err(|e| AudioError::Encode(e.to_string()))?;
    w.finalize()
        .map_err(|e| AudioError::Encode(e.to_string()))?;
    Ok(())
}

fn bitrate(kbps: u32) -> Result<Bitrate, AudioError> {
    Ok(match kbps {
        32 => Bitrate::Kbps32,
        40 => Bitrate::Kbps40,
        48 => Bitrate::Kbps48,
        64 => Bitrate::Kbps64,
        80 => Bitrate::Kbps80,
        96 => Bitrate::Kbps96,
        112 => Bitrate::Kbps112,
        128 => Bitrate::Kbps128,
        160 => Bitrate::Kbps160,
        192 => Bitrate::Kbps192,
        other => {
            return Err(AudioError::Encode(format!(
                "unsupported MP3 bit rate {other} kbit/s; use 32, 48, 64, 96, 128, 160 or 192"
            )))
        }
    })
}

/// A mono CBR MP3 encoder fed in chunks: memory holds the encoded bytes, never the audio.
pub struct Mp3Writer {
    enc: mp3lame_encoder::Encoder,
    out: Vec<u8>,
    /// A live stream's make-up gain for [`LAME_LEVEL`] (1 for a file).
    gain: f32,
    scaled: Vec<f32>,
}

/// LAME gives back its input at 0.95 of its level (−0.45 dB), whatever the signal (measured
/// on tones from 100 Hz to 3 kHz and on noise, by symphonia and by ffmpeg). Files are mastered
/// on their encoded form, so this is corrected there; a live stream has no second pass, so
/// [`Mp3Writer::for_stream`] makes it up before encoding.
pub const LAME_LEVEL: f32 = 0.95;

impl std::fmt::Debug for Mp3Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mp3Writer")
            .field("bytes", &self.out.len())
            .finish()
    }
}

fn lame_err(what: &str, err: &dyn std::fmt::Display) -> AudioError {
    AudioError::Encode(format!("{what}: {err}"))
}

impl Mp3Writer {
    /// An encoder for mono audio at `rate`, `kbps` constant bit rate.
    pub fn new(rate: u32, kbps: u32) -> Result<Mp3Writer, AudioError> {
        Mp3Writer::build(rate, kbps, true)
    }

    /// An encoder for a live stream: no Info frame (a stream has no end to count to); the
    /// bytes are taken as they come with [`Mp3Writer::take`].
    pub fn for_stream(rate: u32, kbps: u32) -> Result<Mp3Writer, AudioError> {
        Mp3Writer::build(rate, kbps, false)
    }

    /// The encoded bytes so far, handed out and forgotten.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    fn build(rate: u32, kbps: u32, info_frame: bool) -> Result<Mp3Writer, AudioError> {
        let e = lame_err;
        let mut b =
            Builder::new().ok_or_else(|| AudioError::Encode("LAME could not start".into()))?;
        b.set_num_channels(1).map_err(|x| e("channels", &x))?;
        b.set_sample_rate(rate).map_err(|x| e("sample rate", &x))?;
        b.set_brate(bitrate(kbps)?).map_err(|x| e("bit rate", &x))?;
        b.set_mode(Mode::Mono).map_err(|x| e("mode", &x))?;
        b.set_quality(Quality::Good).map_err(|x| e("quality", &x))?;
        b.set_to_write_vbr_tag(info_frame)
            .map_err(|x| e("info tag", &x))?;
        let enc = b.build().map_err(|x| e("build", &x))?;
        Ok(Mp3Writer {
            enc,
            out: Vec::new(),
            gain: if info_frame { 1.0 } else { 1.0 / LAME_LEVEL },
            scaled: Vec::new(),
        })
    }

    /// Makes room for `bytes` more of output.
    pub fn reserve(&mut self, bytes: usize) {
        self.out.reserve(bytes);
    }

    /// Encodes the next samples.
    pub fn push(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        let samples = if self.gain == 1.0 {
            samples
        } else {
            self.scaled.clear();
            // Kept within full scale: a stream peaking near 0 dBFS must not clip.
            self.scaled
                .extend(samples.iter().map(|s| (s * self.gain).clamp(-1.0, 1.0)));
            &self.scaled[..]
        };
        for chunk in samples.chunks(1152 * 256) {
            self.out.reserve(max_required_buffer_size(chunk.len()));
            self.enc
                .encode_to_vec(MonoPcm(chunk), &mut self.out)
                .map_err(|x| lame_err("encode", &x))?;
        }
        Ok(())
    }

    /// Flushes (padding, not dropping, the tail), writes the Info frame (encoder delay and
    /// padding, so decoders return exactly the samples that went in) and puts the tag in front.
    pub fn finish(mut self, tags: &Tags) -> Result<Vec<u8>, AudioError> {
        self.out.reserve(max_required_buffer_size(0));
        self.enc
            .flush_to_vec::<FlushGap>(&mut self.out)
            .map_err(|x| lame_err("flush", &x))?;
        let mut info = Vec::with_capacity(self.enc.lame_tag_size());
        if self.enc.lame_tag_encode_to_vec(&mut info).is_some() && info.len() <= self.out.len() {
            self.out[..info.len()].copy_from_slice(&info);
        }
        let tag = id3_tag(tags)?;
        // The tag goes in front: one move of the audio bytes, no second buffer.
        self.out.splice(0..0, tag);
        Ok(self.out)
    }
}

/// Mono CBR MP3 with an ID3v2.4 tag.
pub fn mp3(audio: &Mono, kbps: u32, tags: &Tags) -> Result<Vec<u8>, AudioError> {
    let mut w = Mp3Writer::new(audio.rate, kbps)?;
    w.out
        .reserve(audio.samples.len() * (kbps as usize) / 350 + 8192);
    w.push(&audio.samples)?;
    w.finish(tags)
}

/// The ID3v2.4 tag (UTF-8) for `tags`, as bytes to put before the MPEG frames.
pub fn id3_tag(tags: &Tags) -> Result<Vec<u8>, AudioError> {
    let mut tag = Tag::new();
    tag.set_title(&tags.title);
    if !tags.artist.is_empty() {
        tag.set_artist(&tags.artist);
    }
    if !tags.album.is_empty() {
        tag.set_album(&tags.album);
    }
    if !tags.language.is_empty() {
        tag.set_text("TLAN", &tags.language);
    }
    if let Ok(ts) = tags.date.parse::<id3::Timestamp>() {
        tag.set_date_recorded(ts);
    }
    if !tags.comment.is_empty() {
        tag.add_frame(Comment {
            lang: "vie".into(),
            description: String::new(),
            text: tags.comment.clone(),
        });
    }
    let mut file = Vec::with_capacity(1024);
    tag.write_to(&mut file, Version::Id3v24)
        .map_err(|x| AudioError::Encode(format!("ID3 tag: {x}")))?;
    Ok(file)
}

/// Replaces the ID3v2 tag of an MP3 without touching its audio: one programme, encoded once,
/// tagged for each station that airs it.
pub fn retag(mp3: &[u8], tags: &Tags) -> Result<Vec<u8>, AudioError> {
    let audio_start = match mp3 {
        [b'I', b'D', b'3', _, _, flags, s @ ..] if s.len() >= 4 => {
            let size = s[..4]
                .iter()
                .fold(0usize, |acc, b| (acc << 7) | usize::from(b & 0x7f));
            let footer = if flags & 0x10 != 0 { 10 } else { 0 };
            10 + size + footer
        }
        _ => 0,
    };
    let audio = mp3
        .get(audio_start..)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| AudioError::Corrupt("the ID3 tag runs past the end of the file".into()))?;
    let mut out = id3_tag(tags)?;
    out.extend_from_slice(audio);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, n: usize) -> Mono {
        Mono {
            rate,
            samples: (0..n).map(|i| 0.3 * (i as f32 * 0.05).sin()).collect(),
        }
    }

    /// RMS level in dB of the middle half.
    fn level(samples: &[f32]) -> f64 {
        let mid = &samples[samples.len() / 4..samples.len() * 3 / 4];
        let ms = mid.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / mid.len() as f64;
        10.0 * ms.log10()
    }

    #[test]
    fn lame_gives_back_95_percent_and_a_stream_makes_it_up() {
        let input = tone(44_100, 44_100 * 2);
        let file = mp3(&input, 96, &Tags::default()).unwrap();
        let back = crate::audio::decode::decode_bytes(file, "mp3").unwrap();
        let lost = level(&back.samples) - level(&input.samples);
        let want = 20.0 * f64::from(LAME_LEVEL).log10();
        assert!(
            (lost - want).abs() < 0.03,
            "a file: {lost:.3} dB, LAME_LEVEL says {want:.3}"
        );
        let mut w = Mp3Writer::for_stream(44_100, 96).unwrap();
        let mut bytes = Vec::new();
        for piece in input.samples.chunks(882) {
            w.push(piece).unwrap();
            bytes.extend(w.take());
        }
        let back = crate::audio::decode::decode_bytes(bytes, "mp3").unwrap();
        let lost = level(&back.samples[..input.samples.len() - 4096])
            - level(&input.samples[..input.samples.len() - 4096]);
        assert!(lost.abs() < 0.05, "a stream: {lost:.3} dB");
    }

    #[test]
    fn mp3_round_trip_keeps_the_sample_count_and_reads_utf8_tags() {
        let dir = tempfile::tempdir().unwrap();
        for n in [48_777usize, 44_100, 1_000, 1152 * 3] {
            let tags = Tags {
                language: String::new(),
                title: "Thôn Đông trở thành thôn thông minh".into(),
                artist: "Đài truyền thanh xã Định Tân".into(),
                album: "Làng số".into(),
                date: "2026-11-30".into(),
                comment: "Tóm tắt.".into(),
            };
            let bytes = mp3(&tone(44100, n), 96, &tags).unwrap();
            let path = dir.path().join(format!("t{n}.mp3"));
            std::fs::write(&path, &bytes).unwrap();
            let back = crate::audio::decode::decode_file(&path).unwrap();
            assert_eq!(back.frames(), n, "frames for {n}");
            let tag = Tag::read_from_path(&path).unwrap();
            assert_eq!(tag.title(), Some("Thôn Đông trở thành thôn thông minh"));
            assert_eq!(tag.album(), Some("Làng số"));
            assert_eq!(tag.artist(), Some("Đài truyền thanh xã Định Tân"));
            assert_eq!(
                tag.comments().next().map(|c| c.text.as_str()),
                Some("Tóm tắt.")
            );
            assert_eq!(tag.version(), Version::Id3v24);
            // Retagged for another station: same audio bytes and frames, new artist.
            let other = Tags {
                language: String::new(),
                artist: "Đài xã La Sơn".into(),
                ..tags.clone()
            };
            let re = retag(&bytes, &other).unwrap();
            assert!(re.ends_with(&bytes[bytes.len() - 1000..]));
            let path2 = dir.path().join(format!("r{n}.mp3"));
            std::fs::write(&path2, &re).unwrap();
            assert_eq!(
                crate::audio::decode::decode_file(&path2).unwrap().frames(),
                n
            );
            let tag = Tag::read_from_path(&path2).unwrap();
            assert_eq!(tag.artist(), Some("Đài xã La Sơn"));
            assert_eq!(tag.title(), Some("Thôn Đông trở thành thôn thông minh"));
            assert_eq!(
                retag(&re, &tags).unwrap(),
                bytes,
                "retagging back restores the file"
            );
        }
        assert!(retag(b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f", &Tags::default()).is_err());
    }

    #[test]
    fn mp3_fed_in_any_chunks_is_the_same_file() {
        let audio = tone(22_050, 22_050 * 3 + 17);
        let whole = mp3(&audio, 64, &Tags::default()).unwrap();
        for chunk in [1usize, 1000, 1152, 40_000] {
            let mut w = Mp3Writer::new(22_050, 64).unwrap();
            for c in audio.samples.chunks(chunk) {
                w.push(c).unwrap();
            }
            assert_eq!(w.finish(&Tags::default()).unwrap(), whole, "chunk {chunk}");
        }
    }

    #[test]
    fn wav_round_trip_is_exact_to_16_bits() {
        let dir = tempfile::tempdir().unwrap();
        let a = tone(22050, 12_345);
        let path = dir.path().join("t.wav");
        std::fs::write(&path, wav(&a).unwrap()).unwrap();
        let back = crate::audio::decode::decode_file(&path).unwrap();
        assert_eq!(back.frames(), 12_345);
        assert_eq!(back.rate, 22050);
        let err = back
            .samples
            .iter()
            .zip(&a.samples)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0f32, f32::max);
        assert!(err < 1.0 / 32767.0, "{err}");
    }
}
