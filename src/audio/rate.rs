//! Changing the sample rate of mono audio that arrives in pieces (a relayed stream, a file
//! streamed to Icecast): rubato's FFT resampler fed in fixed blocks, the remainder kept for the
//! next piece, so the output is continuous across pieces.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

use super::AudioError;

/// Input frames per block.
const BLOCK: usize = 1024;

/// Mono audio from one rate to another, piece by piece.
pub struct RateConverter {
    from: u32,
    to: u32,
    inner: Option<Fft<f32>>,
    pending: Vec<f32>,
    out_block: Vec<f32>,
}

impl std::fmt::Debug for RateConverter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateConverter")
            .field("from", &self.from)
            .field("to", &self.to)
            .finish()
    }
}

impl RateConverter {
    /// A converter from `from` Hz to `to` Hz (a pass-through when they are equal).
    pub fn new(from: u32, to: u32) -> Result<RateConverter, AudioError> {
        let inner = if from == to {
            None
        } else {
            let r = Fft::<f32>::new(from as usize, to as usize, BLOCK, 1, FixedSync::Input)
                .map_err(|e| AudioError::Resample(e.to_string()))?;
            Some(r)
        };
        Ok(RateConverter {
            from,
            to,
            inner,
            pending: Vec::new(),
            out_block: Vec::new(),
        })
    }

    /// The rate it converts from.
    pub fn from_rate(&self) -> u32 {
        self.from
    }

    /// Converts `input` and appends what is ready to `out` (a block's worth may wait for the
    /// next piece).
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), AudioError> {
        let Some(r) = &mut self.inner else {
            out.extend_from_slice(input);
            return Ok(());
        };
        self.pending.extend_from_slice(input);
        let err = |e: &dyn std::fmt::Display| AudioError::Resample(e.to_string());
        let mut used = 0;
        while self.pending.len() - used >= r.input_frames_next() {
            let n = r.input_frames_next();
            let block = &self.pending[used..used + n];
            let adapter = InterleavedSlice::new(block, 1, n).map_err(|e| err(&e))?;
            self.out_block.resize(r.output_frames_max(), 0.0);
            let frames = self.out_block.len();
            let mut target = InterleavedSlice::new_mut(&mut self.out_block[..], 1, frames)
                .map_err(|e| err(&e))?;
            let (read, written) = r
                .process_into_buffer(&adapter, &mut target, None)
                .map_err(|e| err(&e))?;
            out.extend_from_slice(&self.out_block[..written]);
            used += read;
        }
        self.pending.drain(..used);
        Ok(())
    }
}

impl RateConverter {
    /// The end: what is still held, and the filter's delay, come out (padded with silence).
    pub fn flush(&mut self, out: &mut Vec<f32>) -> Result<(), AudioError> {
        let Some(r) = &self.inner else {
            return Ok(());
        };
        let held = self.pending.len() + r.output_delay() * self.from as usize / self.to as usize;
        let want = (held as u64 * u64::from(self.to) / u64::from(self.from)) as usize;
        let before = out.len();
        let zeros = vec![0.0; BLOCK * 2];
        self.push(&zeros, out)?;
        out.truncate(before + want);
        self.pending.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, secs: f64, freq: f64) -> Vec<f32> {
        (0..(secs * f64::from(rate)) as usize)
            .map(|i| {
                (0.5 * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(rate)).sin())
                    as f32
            })
            .collect()
    }

    #[test]
    fn pieces_of_any_size_come_out_at_the_new_rate_as_one_continuous_tone() {
        for (from, to) in [(48_000, 44_100), (22_050, 44_100), (44_100, 44_100)] {
            let input = tone(from, 2.0, 440.0);
            let mut c = RateConverter::new(from, to).unwrap();
            let mut out = Vec::new();
            for piece in input.chunks(577) {
                c.push(piece, &mut out).unwrap();
            }
            // All but the last block and the filter's delay come out.
            let want = 2.0 * f64::from(to);
            assert!(
                (out.len() as f64) > want - 2.0 * BLOCK as f64 * f64::from(to) / f64::from(from),
                "{from}->{to}: {}",
                out.len()
            );
            assert!(out.len() as f64 <= want, "{from}->{to}: {}", out.len());
            // Steady part: the same level as the input tone (0.5 peak = -9 dB RMS), no clicks.
            let steady = &out[out.len() / 4..out.len() * 3 / 4];
            let rms = (steady.iter().map(|s| s * s).sum::<f32>() / steady.len() as f32).sqrt();
            assert!((rms - 0.3536).abs() < 0.01, "{from}->{to}: rms {rms}");
            let jump = steady
                .windows(2)
                .map(|w| (w[1] - w[0]).abs())
                .fold(0.0, f32::max);
            let most = 0.5 * 2.0 * std::f32::consts::PI * 440.0 / to as f32;
            assert!(jump < most * 1.1, "{from}->{to}: jump {jump} > {most}");
        }
    }
}
