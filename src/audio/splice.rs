//! Joining MP3 files frame by frame into one stream, without decoding or encoding again.
//!
//! LAME starts every stream with an empty bit reservoir and flushes all of it at the end, so the
//! frames of MP3 files encoded apart (at one rate, bit rate and channel count) can follow one
//! another in one valid stream. The joined file gets one Info frame for the whole: its frame
//! count, byte count and seek table, the first piece's encoder delay, the last piece's padding,
//! and both CRCs; a decoder that honours it returns exactly [`Joined::samples`] frames.
//!
//! Inside the stream, each later piece's encoder delay and the padding of the piece before it
//! are heard as a few milliseconds of silence at the join: a piece's first sample airs at
//! (frames before it) × (samples per frame) in the joined file ([`Joined::starts`]).
//!
//! Nothing is decoded to join. What is known of each piece (the K-weighted energy of each 100 ms
//! and the true peak of its decoded audio, [`Level`]) gives the joined file's loudness
//! ([`joined_level`]), and [`check_join`] decodes the few frames around one join through the
//! real decoder to check that it is silent there: no click, no lost frame.

use std::sync::Arc;

use super::decode::{ChunkDecoder, SharedBytes};
use super::loudness::gated;
use super::{AudioError, Db, Lufs};

/// Samples of decoder delay every MP3 decoder adds (the synthesis filter bank), on top of the
/// encoder delay written in the Info frame.
const DECODER_DELAY: u64 = 529;

/// One MPEG audio layer III frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    /// Bytes in the frame, header included.
    len: usize,
    rate: u32,
    kbps: u32,
    mono: bool,
    /// Samples per channel per frame: 1152 (MPEG-1) or 576 (MPEG-2 and 2.5).
    spf: u64,
    /// Where the side information ends (and an Info frame's tag starts).
    side_end: usize,
}

/// Reads a layer III frame header at the start of `b`.
fn header(b: &[u8]) -> Option<Header> {
    if b.len() < 4 || b[0] != 0xFF || b[1] & 0xE0 != 0xE0 || (b[1] >> 1) & 3 != 1 {
        return None;
    }
    let version = (b[1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    let (br_idx, sr_idx, pad) = (b[2] >> 4, (b[2] >> 2) & 3, usize::from((b[2] >> 1) & 1));
    if version == 1 || br_idx == 0 || br_idx == 15 || sr_idx == 3 {
        return None;
    }
    const KBPS_1: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const KBPS_2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let mpeg1 = version == 3;
    let base = [44_100, 48_000, 32_000][usize::from(sr_idx)];
    let rate = match version {
        3 => base,
        2 => base / 2,
        _ => base / 4,
    };
    let kbps = if mpeg1 { KBPS_1 } else { KBPS_2 }[usize::from(br_idx)];
    let mono = b[3] >> 6 == 3;
    let (spf, side) = match (mpeg1, mono) {
        (true, true) => (1152, 17),
        (true, false) => (1152, 32),
        (false, true) => (576, 9),
        (false, false) => (576, 17),
    };
    let per = if mpeg1 { 144 } else { 72 };
    let crc = if b[1] & 1 == 0 { 2 } else { 0 };
    Some(Header {
        len: (per * kbps * 1000 / rate) as usize + pad,
        rate,
        kbps,
        mono,
        spf,
        side_end: 4 + crc + side,
    })
}

/// An MP3 file taken apart: its Info frame and its audio frames.
#[derive(Debug, Clone, PartialEq)]
pub struct Mp3Frames {
    /// The Info frame, whole.
    info: Vec<u8>,
    /// Where its LAME extension starts.
    lame: usize,
    /// The audio frames, back to back.
    pub audio: Vec<u8>,
    /// Where each audio frame starts in `audio`.
    offsets: Vec<u32>,
    /// Encoder delay in samples (from the Info frame).
    pub delay: u64,
    /// Encoder padding in samples at the end (from the Info frame).
    pub padding: u64,
    /// Sample rate.
    pub rate: u32,
    /// Bit rate of the first frame in kbit/s.
    pub kbps: u32,
    /// One channel.
    pub mono: bool,
    /// Samples per frame.
    pub spf: u64,
}

fn corrupt(what: impl Into<String>) -> AudioError {
    AudioError::Corrupt(what.into())
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Where the frames start: after an ID3v2 tag, if there is one.
fn audio_start(bytes: &[u8]) -> usize {
    match bytes {
        [b'I', b'D', b'3', _, _, flags, s @ ..] if s.len() >= 4 => {
            let size = s[..4]
                .iter()
                .fold(0usize, |acc, b| (acc << 7) | usize::from(b & 0x7f));
            10 + size + if flags & 0x10 != 0 { 10 } else { 0 }
        }
        _ => 0,
    }
}

/// Where the Info frame's LAME extension starts, if `frame` is an Info (or Xing) frame with one.
fn lame_extension(frame: &[u8], h: &Header) -> Option<usize> {
    let t = h.side_end;
    let tag = frame.get(t..t + 8)?;
    if &tag[..4] != b"Info" && &tag[..4] != b"Xing" {
        return None;
    }
    let flags = be32(tag, 4);
    let mut at = t + 8;
    for (bit, size) in [(1, 4), (2, 4), (4, 100), (8, 4)] {
        if flags & bit != 0 {
            at += size;
        }
    }
    (frame.len() >= at + 36).then_some(at)
}

impl Mp3Frames {
    /// Takes an MP3 file apart. It must be one stream as LAME writes it: an Info frame with
    /// LAME's extension (the encoder delay and padding), then frames of one kind.
    pub fn parse(bytes: &[u8]) -> Result<Mp3Frames, AudioError> {
        let start = audio_start(bytes);
        let rest = bytes
            .get(start..)
            .ok_or_else(|| corrupt("the ID3 tag runs past the end"))?;
        let h = header(rest).ok_or_else(|| corrupt("no MP3 frame after the tag"))?;
        let info = rest
            .get(..h.len)
            .ok_or_else(|| corrupt("the first frame is cut short"))?;
        let lame = lame_extension(info, &h).ok_or_else(|| {
            AudioError::Unsupported("an MP3 without LAME's Info frame cannot be joined".into())
        })?;
        let dp = &info[lame + 21..lame + 24];
        let delay = (u64::from(dp[0]) << 4) | u64::from(dp[1] >> 4);
        let padding = (u64::from(dp[1] & 0x0f) << 8) | u64::from(dp[2]);
        let (audio, offsets) = frames_after(&rest[h.len..], &h)?;
        // The Info frame may be at a higher bit rate than the audio, to have room for its tag.
        let kbps = header(&audio).map_or(h.kbps, |a| a.kbps);
        Ok(Mp3Frames {
            info: info.to_vec(),
            lame,
            audio,
            offsets,
            delay,
            padding,
            rate: h.rate,
            kbps,
            mono: h.mono,
            spf: h.spf,
        })
    }

    /// Audio frames.
    pub fn count(&self) -> u64 {
        self.offsets.len() as u64
    }

    /// Samples a decoder returns for this file alone.
    pub fn samples(&self) -> u64 {
        (self.count() * self.spf).saturating_sub(self.delay + self.padding)
    }

    /// The bytes of frames `from..to`.
    fn frame_bytes(&self, from: usize, to: usize) -> &[u8] {
        let at = |i: usize| {
            self.offsets
                .get(i)
                .map_or(self.audio.len(), |&o| o as usize)
        };
        &self.audio[at(from)..at(to)]
    }

    /// The CRC-16 of the audio frames (LAME's "music CRC").
    pub fn music_crc(&self) -> u16 {
        crc16(0, &self.audio)
    }
}

/// The audio frames after the Info frame, all of the same rate and channels; an ID3v1 tag at
/// the end is left out.
fn frames_after(mut rest: &[u8], first: &Header) -> Result<(Vec<u8>, Vec<u32>), AudioError> {
    let mut audio = Vec::with_capacity(rest.len());
    let mut offsets = Vec::with_capacity(rest.len() / first.len.max(1) + 1);
    while !rest.is_empty() {
        if rest.len() == 128 && rest.starts_with(b"TAG") {
            break;
        }
        let h = header(rest)
            .ok_or_else(|| corrupt(format!("no frame header at audio frame {}", offsets.len())))?;
        if (h.rate, h.mono, h.spf) != (first.rate, first.mono, first.spf) {
            return Err(corrupt("the frames change rate or channels"));
        }
        let frame = rest
            .get(..h.len)
            .ok_or_else(|| corrupt("the last frame is cut short"))?;
        offsets.push(audio.len() as u32);
        audio.extend_from_slice(frame);
        rest = &rest[h.len..];
    }
    Ok((audio, offsets))
}

/// CRC-16 as LAME computes it (polynomial 0x8005, reflected, no final xor), continued from `crc`.
fn crc16(crc: u16, data: &[u8]) -> u16 {
    const TABLE: [u16; 256] = {
        let mut t = [0u16; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u16;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    (c >> 1) ^ 0xA001
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    };
    data.iter().fold(crc, |c, &b| {
        (c >> 8) ^ TABLE[usize::from((c ^ u16::from(b)) as u8)]
    })
}

/// A file joined of pieces, with where each piece lies in it.
#[derive(Debug, Clone)]
pub struct Joined {
    /// The file: the tag, the Info frame, the frames.
    pub bytes: Vec<u8>,
    /// Samples a decoder returns.
    pub samples: u64,
    /// Sample rate.
    pub rate: u32,
    /// Where each piece's first sample is in the decoded file.
    pub starts: Vec<u64>,
}

impl Joined {
    /// Length in seconds.
    pub fn seconds(&self) -> f64 {
        self.samples as f64 / f64::from(self.rate.max(1))
    }
}

/// Joins the pieces, in order, into one file with `tag` (an ID3v2 tag's bytes, or nothing) in
/// front. The music CRC of each piece is given (from [`Mp3Frames::music_crc`], kept with the
/// piece) so that the joined file's is found without reading its frames again.
pub fn join(pieces: &[(&Mp3Frames, u16)], tag: &[u8]) -> Result<Joined, AudioError> {
    let (first, last) = match pieces {
        [] => return Err(AudioError::NoFrames),
        [one] => (one.0, one.0),
        [a, .., z] => (a.0, z.0),
    };
    for (p, _) in pieces {
        if (p.rate, p.mono, p.spf, p.kbps) != (first.rate, first.mono, first.spf, first.kbps) {
            return Err(AudioError::Encode(format!(
                "pieces to join differ: {} Hz {} kbit/s against {} Hz {} kbit/s",
                p.rate, p.kbps, first.rate, first.kbps
            )));
        }
    }
    let frames: u64 = pieces.iter().map(|(p, _)| p.count()).sum();
    let audio_len: usize = pieces.iter().map(|(p, _)| p.audio.len()).sum();
    let crc = pieces
        .iter()
        .fold(0u16, |c, (p, pc)| crc16_combine(c, *pc, p.audio.len()));
    let info = info_frame(first, frames, audio_len, crc, first.delay, last.padding);
    let mut bytes = Vec::with_capacity(tag.len() + info.len() + audio_len);
    bytes.extend_from_slice(tag);
    bytes.extend_from_slice(&info);
    let mut starts = Vec::with_capacity(pieces.len());
    let mut before = 0u64;
    for (p, _) in pieces {
        // Every piece's own delay is the first's, so its first sample airs where its first
        // frame starts (the first piece's delay is taken off at the very start).
        starts.push((before * p.spf + p.delay).saturating_sub(first.delay));
        before += p.count();
        bytes.extend_from_slice(&p.audio);
    }
    Ok(Joined {
        bytes,
        samples: (frames * first.spf).saturating_sub(first.delay + last.padding),
        rate: first.rate,
        starts,
    })
}

/// The first piece's Info frame made right for the joined whole.
fn info_frame(
    first: &Mp3Frames,
    frames: u64,
    audio_len: usize,
    music_crc: u16,
    delay: u64,
    padding: u64,
) -> Vec<u8> {
    let mut info = first.info.clone();
    let h = header(&info).expect("parsed before");
    let t = h.side_end;
    let flags = be32(&info, t + 4);
    // The counts as the encoder wrote them, less the piece's own: how it counts (with or without
    // the Info frame) carries over to the whole.
    let own_bytes = (first.info.len() + first.audio.len()) as i64;
    let total_bytes = (info.len() + audio_len) as i64;
    let mut at = t + 8;
    let put = |info: &mut Vec<u8>, at: usize, v: i64| {
        info[at..at + 4].copy_from_slice(&(v.clamp(0, i64::from(u32::MAX)) as u32).to_be_bytes());
    };
    if flags & 1 != 0 {
        let bias = i64::from(be32(&info, at)) - first.count() as i64;
        put(&mut info, at, frames as i64 + bias);
        at += 4;
    }
    if flags & 2 != 0 {
        let bias = i64::from(be32(&info, at)) - own_bytes;
        put(&mut info, at, total_bytes + bias);
        at += 4;
    }
    if flags & 4 != 0 {
        // Constant bit rate: the seek table is a straight line.
        for i in 0..100 {
            info[at + i] = (i * 256 / 100) as u8;
        }
    }
    let l = first.lame;
    info[l + 21] = (delay >> 4) as u8;
    info[l + 22] = (((delay & 0x0f) << 4) as u8) | ((padding >> 8) & 0x0f) as u8;
    info[l + 23] = padding as u8;
    let bias = i64::from(be32(&info, l + 28)) - own_bytes;
    put(&mut info, l + 28, total_bytes + bias);
    info[l + 32..l + 34].copy_from_slice(&music_crc.to_be_bytes());
    let tag_crc = crc16(0, &info[..l + 34]);
    info[l + 34..l + 36].copy_from_slice(&tag_crc.to_be_bytes());
    info
}

/// The CRC-16 of `a` then `b` from the CRC of each and the length of `b`: the CRC is linear, so
/// `a`'s is carried through `b_len` zero bytes and added to `b`'s.
fn crc16_combine(crc_a: u16, crc_b: u16, b_len: usize) -> u16 {
    // The register after one zero byte is a linear map of the register before: a 16×16 matrix
    // over GF(2), held as the images of the 16 unit vectors; squared for each bit of the length.
    let mut step = [0u16; 16];
    for (i, s) in step.iter_mut().enumerate() {
        *s = crc16(1 << i, &[0]);
    }
    let apply = |m: &[u16; 16], v: u16| {
        (0..16)
            .filter(|i| v >> i & 1 != 0)
            .fold(0u16, |acc, i| acc ^ m[i])
    };
    let mut carried = crc_a;
    let mut n = b_len;
    while n > 0 {
        if n & 1 != 0 {
            carried = apply(&step, carried);
        }
        let mut sq = [0u16; 16];
        for (i, s) in sq.iter_mut().enumerate() {
            *s = apply(&step, step[i]);
        }
        step = sq;
        n >>= 1;
    }
    carried ^ crc_b
}

/// What is known of a piece's decoded audio, to find the loudness of a file joined of pieces.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Level {
    /// K-weighted mean square of each 100 ms ([`super::loudness::KMeter`]).
    pub blocks: Vec<f64>,
    /// True peak.
    pub true_peak: Db,
}

/// The integrated loudness and true peak of pieces played one after the other, each at its
/// start in the joined file (`total` samples at `rate`). Each piece's 100 ms energies are laid
/// on the joined file's own 100 ms grid, shared between the two blocks each one straddles; the
/// joins fall in silence, so the figure is that of the decoded joined file to within a few
/// hundredths of a LU (tested).
pub fn joined_level(pieces: &[(&Level, u64)], total: u64, rate: u32) -> (Lufs, Db) {
    let block = u64::from((rate / 10).max(1));
    let mut grid = vec![0.0f64; (total / block) as usize + 2];
    for (level, start) in pieces {
        for (k, e) in level.blocks.iter().enumerate() {
            let at = start + k as u64 * block;
            let (j, off) = ((at / block) as usize, (at % block) as f64 / block as f64);
            if j + 1 < grid.len() {
                grid[j] += e * (1.0 - off);
                grid[j + 1] += e * off;
            }
        }
    }
    grid.truncate((total / block) as usize);
    let peak = pieces
        .iter()
        .map(|(l, _)| l.true_peak.0)
        .fold(f64::NEG_INFINITY, f64::max);
    (gated(&grid), Db(peak))
}

/// What [`check_join`] found around one join.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JoinCheck {
    /// The loudest sample between the two pieces' audio, decoded through the join.
    pub peak: Db,
    /// Frames that did not decode after the first two of the window (whose bit reservoir lies
    /// before it).
    pub lost_frames: u64,
}

impl JoinCheck {
    /// Silent at the join (under −40 dBFS) and nothing lost.
    pub fn passed(&self) -> bool {
        self.peak.0 < -40.0 && self.lost_frames == 0
    }
}

/// Decodes the frames around the join before piece `b` (the last frames of `a`, the first of
/// `b`) as one stream, and measures the stretch that must be silent there: the last 5 ms of
/// `a`, its padding and the encoder delay of `b`. A piece that stops dead, or a decoder carried
/// across a bad join, clicks there.
pub fn check_join(a: &Mp3Frames, b: &Mp3Frames) -> Result<JoinCheck, AudioError> {
    let na = a.offsets.len().min(5);
    let nb = b.offsets.len().min(3);
    let mut window = a
        .frame_bytes(a.offsets.len() - na, a.offsets.len())
        .to_vec();
    window.extend_from_slice(b.frame_bytes(0, nb));
    let mut dec = ChunkDecoder::new(Box::new(SharedBytes::new(Arc::new(window))), Some("mp3"))?;
    let mut pcm: Vec<f32> = Vec::new();
    while let Some(c) = dec.next_chunk()? {
        pcm.extend_from_slice(c);
    }
    let spf = a.spf as usize;
    // The reservoir of the window's first two frames lies before it: they may not decode.
    let want = (na.saturating_sub(2) + nb) * spf;
    let lost = want.saturating_sub(pcm.len()) / spf;
    // Counted from the end: `b`'s frames all decode (its first frame needs no reservoir).
    let join = pcm.len().saturating_sub(nb * spf);
    // From 5 ms before `a`'s last sample (a piece must fade out, not stop) to `b`'s first.
    let a_end = (join + DECODER_DELAY as usize).saturating_sub(a.padding as usize);
    let from = a_end.saturating_sub((a.rate / 200) as usize);
    let to = (join + (b.delay + DECODER_DELAY) as usize).min(pcm.len());
    let peak = pcm
        .get(from.min(to)..to)
        .unwrap_or(&[])
        .iter()
        .fold(0.0f32, |m, x| m.max(x.abs()));
    Ok(JoinCheck {
        peak: Db::of_amplitude(f64::from(peak)),
        lost_frames: lost as u64,
    })
}

#[cfg(test)]
mod tests;
