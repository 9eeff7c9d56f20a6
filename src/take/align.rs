//! The lines of a script placed on the stretches of speech of a take.
//!
//! Each line must start at the start of a stretch and end at the end of one, so a line is a run
//! of consecutive stretches and a boundary between two lines is one of the take's pauses. Of
//! all ways to cut the stretches into the script's lines, dynamic programming finds the one
//! that best matches two pieces of evidence:
//! - each line's length against the timing model's estimate scaled by the reader's own pace
//!   (a log-ratio, with more slack for short lines), and
//! - a line boundary sits in a long pause, the longer the better, and longer still where the
//!   script marks a pause; pauses inside a line (commas, sentence ends) are allowed.
//!
//! The reader's pace is estimated from the take, then refined from the alignment. The same
//! table run backwards gives, for each boundary, how much better the chosen pause is than every
//! other: that is its confidence. A line far longer or shorter than its estimate means the take
//! does not fit the script (a line left out, read twice, a false start, another item).

use crate::audio::speech::Stretch;

/// What the aligner needs of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineModel {
    /// Expected length at the model's pace, in seconds.
    pub estimated_s: f64,
    /// The pause the script asks for after the line.
    pub pause_after_s: f64,
}

/// One line placed on the take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// First stretch of the line.
    pub first: usize,
    /// Last stretch of the line.
    pub last: usize,
    /// Where its speech starts, in seconds.
    pub start_s: f64,
    /// Where its speech ends.
    pub end_s: f64,
    /// Its estimate at the reader's pace.
    pub expected_s: f64,
    /// Confidence of the boundary before it (1 for the first line), 0–1.
    pub start_confidence: f64,
    /// Confidence of the boundary after it (1 for the last line), 0–1.
    pub end_confidence: f64,
    /// Whether its length fits the estimate.
    pub fits: bool,
}

impl Placed {
    /// The line's confidence: the weaker of its two boundaries.
    pub fn confidence(&self) -> f64 {
        self.start_confidence.min(self.end_confidence)
    }
}

/// The alignment of a whole take.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The lines, in order.
    pub lines: Vec<Placed>,
    /// The reader's pace: seconds read per second of the model's estimate (1.2 = slower).
    pub pace: f64,
    /// A reading of the take that explains it better than the script as written, if any.
    pub suspect: Option<Suspect>,
}

/// A line the take seems to leave out or to read twice: the script with that line removed
/// (or doubled) fits the take so much better than the script as written that the take is not
/// a reading of the script.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Suspect {
    /// Line `line` (0-based) seems not read; the lines around it meet at `at_s`.
    LeftOut {
        /// The line.
        line: usize,
        /// Where it would have been read, in seconds.
        at_s: f64,
    },
    /// Line `line` seems read twice: the two readings, start and end in seconds.
    ReadTwice {
        /// The line.
        line: usize,
        /// The first reading.
        first: (f64, f64),
        /// The second reading.
        second: (f64, f64),
    },
}

/// Why a take cannot be aligned at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Unaligned {
    /// No speech was found.
    NoSpeech,
    /// Fewer stretches of speech than lines: some lines were left out or run together.
    TooFewPauses {
        /// Stretches found.
        stretches: usize,
        /// Lines expected.
        lines: usize,
    },
}

/// How far a line's length may stray from its estimate at the reader's pace: shorter than
/// `LOW` × expected − `SLACK_S`, or longer than `HIGH` × expected + `SLACK_S`, does not fit.
const LOW: f64 = 0.6;
const HIGH: f64 = 1.6;
const SLACK_S: f64 = 0.7;
/// Spread of pause lengths around their typical value, in natural log units.
const GAP_SIGMA: f64 = 0.5;

/// The take's pauses: how long a reader typically pauses between lines and inside a line
/// (commas, sentence ends), as natural logs of seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Gaps {
    ln_between: f64,
    ln_inner: f64,
    /// The mean of the script's marked pauses after a line.
    mean_marked: f64,
}

impl Gaps {
    /// The longest pauses, as many as the script has boundaries, are mostly between lines; the
    /// rest are inside lines.
    fn of(s: &[Stretch], lines: &[LineModel]) -> Gaps {
        let mut gaps: Vec<f64> = s
            .windows(2)
            .map(|w| (w[1].start_s - w[0].end_s).max(0.01))
            .collect();
        gaps.sort_by(|a, b| b.total_cmp(a));
        let k = lines.len().saturating_sub(1).min(gaps.len());
        let median = |v: &[f64], default: f64| v.get(v.len() / 2).copied().unwrap_or(default);
        let between = median(&gaps[..k], 1.0);
        let inner = median(&gaps[k..], between / 2.0).min(between);
        let marked = lines.iter().map(|l| l.pause_after_s.min(2.0)).sum::<f64>();
        Gaps {
            ln_between: between.ln(),
            ln_inner: inner.ln(),
            mean_marked: marked / lines.len().max(1) as f64,
        }
    }
}

/// Places `lines` on `stretches`.
pub fn align(stretches: &[Stretch], lines: &[LineModel]) -> Result<Alignment, Unaligned> {
    if stretches.is_empty() {
        return Err(Unaligned::NoSpeech);
    }
    if stretches.len() < lines.len() {
        return Err(Unaligned::TooFewPauses {
            stretches: stretches.len(),
            lines: lines.len(),
        });
    }
    let gaps = Gaps::of(stretches, lines);
    let table = Table::new(stretches, lines, gaps);
    let (pace, cuts, total) = table.solve();
    let confidences = table.confidences(pace);
    let mut alignment = table.placed(&cuts, pace, &confidences);
    alignment.suspect = suspect(stretches, lines, gaps, total);
    Ok(alignment)
}

/// How much better (in cost) the script with one line removed must fit before the take is
/// said to leave that line out; and with one line doubled, to read it twice.
const LEFT_OUT_PENALTY: f64 = 4.0;
const READ_TWICE_PENALTY: f64 = 8.0;

/// The best single-line edit of the script (a line removed or doubled) that fits the take
/// better than the script as written by more than its penalty.
fn suspect(stretches: &[Stretch], lines: &[LineModel], gaps: Gaps, total: f64) -> Option<Suspect> {
    let n = lines.len();
    let mut best: Option<(f64, Suspect)> = None;
    let mut consider = |gain: f64, s: Suspect| {
        if gain > 0.0 && best.is_none_or(|(g, _)| gain > g) {
            best = Some((gain, s));
        }
    };
    for i in 0..n {
        if n >= 2 {
            let mut fewer = lines.to_vec();
            fewer.remove(i);
            let t = Table::new(stretches, &fewer, gaps);
            let (_, cuts, cost) = t.solve();
            let at_s = if i == 0 {
                stretches[0].start_s
            } else {
                t.s[cuts[i - 1].1].end_s
            };
            consider(
                total - cost - LEFT_OUT_PENALTY,
                Suspect::LeftOut { line: i, at_s },
            );
        }
        if n < stretches.len() {
            let mut more = lines.to_vec();
            more.insert(i + 1, lines[i]);
            more[i].pause_after_s = 0.0;
            let t = Table::new(stretches, &more, gaps);
            let (_, cuts, cost) = t.solve();
            let span = |k: usize| (t.s[cuts[k].0].start_s, t.s[cuts[k].1].end_s);
            consider(
                total - cost - READ_TWICE_PENALTY,
                Suspect::ReadTwice {
                    line: i,
                    first: span(i),
                    second: span(i + 1),
                },
            );
        }
    }
    best.map(|(_, s)| s)
}

/// The stretches and lines, with the pause statistics the costs use.
struct Table<'a> {
    s: &'a [Stretch],
    lines: &'a [LineModel],
    gaps: Gaps,
}

impl<'a> Table<'a> {
    fn new(s: &'a [Stretch], lines: &'a [LineModel], gaps: Gaps) -> Table<'a> {
        Table { s, lines, gaps }
    }

    /// The best cut with the pace refined from it, and its cost.
    fn solve(&self) -> (f64, Vec<(usize, usize)>, f64) {
        let mut pace = self.first_pace();
        let mut cuts = self.best(pace);
        for _ in 0..4 {
            let next = self.pace_of(&cuts);
            if (next - pace).abs() < 1e-3 {
                break;
            }
            pace = next;
            cuts = self.best(pace);
        }
        let cost = self.cost(&cuts, pace);
        (pace, cuts, cost)
    }

    /// The cost of a cut; stretches left after the last line cost as much as a line that does
    /// not fit at all.
    fn cost(&self, cuts: &[(usize, usize)], pace: f64) -> f64 {
        let n = cuts.len();
        let lines: f64 = cuts
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| {
                let boundary = if i + 1 < n {
                    self.boundary_cost(i, b)
                } else {
                    0.0
                };
                self.line_cost(i, a, b, pace) + boundary
            })
            .sum();
        let left = self.s.len() - 1 - cuts.last().map_or(0, |c| c.1);
        lines + 20.0 * left as f64
    }

    fn gap(&self, k: usize) -> f64 {
        (self.s[k + 1].start_s - self.s[k].end_s).max(0.01)
    }

    /// A first pace: the speech span less the longest pauses (as many as boundaries), over the
    /// sum of estimates.
    fn first_pace(&self) -> f64 {
        let n = self.lines.len();
        let span = self.s[self.s.len() - 1].end_s - self.s[0].start_s;
        let mut gaps: Vec<f64> = (0..self.s.len() - 1).map(|k| self.gap(k)).collect();
        gaps.sort_by(|a, b| b.total_cmp(a));
        let between: f64 = gaps.iter().take(n.saturating_sub(1)).sum();
        let expected: f64 = self.lines.iter().map(|l| l.estimated_s).sum();
        ((span - between) / expected.max(0.1)).clamp(0.3, 3.0)
    }

    /// The pace implied by a cut: the median of lines' length ratios.
    fn pace_of(&self, cuts: &[(usize, usize)]) -> f64 {
        let mut ratios: Vec<f64> = cuts
            .iter()
            .zip(self.lines)
            .map(|(&(a, b), l)| (self.s[b].end_s - self.s[a].start_s) / l.estimated_s.max(0.1))
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2].clamp(0.3, 3.0)
    }

    /// The cost of line `i` spanning stretches `a..=b`.
    fn line_cost(&self, i: usize, a: usize, b: usize, pace: f64) -> f64 {
        let expected = (self.lines[i].estimated_s * pace).max(0.2);
        let got = (self.s[b].end_s - self.s[a].start_s).max(0.05);
        let sigma2 = 0.22f64.powi(2) + (0.45 / expected).powi(2);
        (got / expected).ln().powi(2) / sigma2
    }

    /// The cost of a boundary after line `i` in the pause after stretch `k`, against the same
    /// pause inside a line: how much likelier a pause of that length is between lines (longer
    /// where the script marks a pause) than inside one. Negative for a long pause.
    fn boundary_cost(&self, i: usize, k: usize) -> f64 {
        let g = self.gaps;
        let marked = 1.0 + 0.5 * self.lines[i].pause_after_s.min(2.0);
        let ln_between = g.ln_between + (marked / (1.0 + 0.5 * g.mean_marked)).ln();
        let ln_gap = self.gap(k).ln();
        let between = (ln_gap - ln_between.max(g.ln_inner)).powi(2);
        let inner = (ln_gap - g.ln_inner).powi(2);
        (between - inner) / GAP_SIGMA.powi(2)
    }

    /// The most stretches one line may take (a bound on the search).
    fn max_span(&self, i: usize, a: usize, pace: f64) -> usize {
        let limit = self.lines[i].estimated_s * pace * 3.0 + 3.0;
        let mut b = a;
        while b + 1 < self.s.len() && self.s[b + 1].end_s - self.s[a].start_s <= limit {
            b += 1;
        }
        b
    }

    /// Forward table: `f[i][b]` is the least cost of lines `0..=i` with line `i` ending at
    /// stretch `b` (its boundary cost included), and where line `i` started.
    fn forward(&self, pace: f64) -> (Vec<Vec<f64>>, Vec<Vec<usize>>) {
        let (n, m) = (self.lines.len(), self.s.len());
        let mut f = vec![vec![f64::INFINITY; m]; n];
        let mut from = vec![vec![0usize; m]; n];
        for i in 0..n {
            for a in i..m {
                let before = if i == 0 {
                    if a == 0 {
                        0.0
                    } else {
                        f64::INFINITY
                    }
                } else {
                    f[i - 1][a - 1]
                };
                if !before.is_finite() {
                    continue;
                }
                for b in a..=self.max_span(i, a, pace) {
                    let mut c = before + self.line_cost(i, a, b, pace);
                    if i + 1 < n {
                        if b + 1 >= m {
                            continue;
                        }
                        c += self.boundary_cost(i, b);
                    }
                    if c < f[i][b] {
                        f[i][b] = c;
                        from[i][b] = a;
                    }
                }
            }
        }
        (f, from)
    }

    /// Backward table: `g[i][a]` is the least cost of lines `i..n` with line `i` starting at
    /// stretch `a`, the last ending at the last stretch (boundary costs included).
    fn backward(&self, pace: f64) -> Vec<Vec<f64>> {
        let (n, m) = (self.lines.len(), self.s.len());
        let mut g = vec![vec![f64::INFINITY; m + 1]; n + 1];
        g[n][m] = 0.0;
        for i in (0..n).rev() {
            for a in i..m {
                for b in a..=self.max_span(i, a, pace) {
                    let after = g[i + 1][b + 1];
                    if !after.is_finite() {
                        continue;
                    }
                    let mut c = after + self.line_cost(i, a, b, pace);
                    if i + 1 < n {
                        c += self.boundary_cost(i, b);
                    }
                    g[i][a] = g[i][a].min(c);
                }
            }
        }
        g
    }

    /// The best cut: each line's first and last stretch. With no complete cut (a line too
    /// long for the bound), the last stretches go to the last line.
    fn best(&self, pace: f64) -> Vec<(usize, usize)> {
        let (f, from) = self.forward(pace);
        let (n, m) = (self.lines.len(), self.s.len());
        let mut cuts = vec![(0, 0); n];
        let mut b = m - 1;
        if !f[n - 1][b].is_finite() {
            b = (0..m)
                .rev()
                .find(|&b| f[n - 1][b].is_finite())
                .unwrap_or(m - 1);
        }
        for i in (0..n).rev() {
            let a = from[i][b];
            cuts[i] = (a, b);
            if i > 0 {
                b = a.saturating_sub(1);
            }
        }
        cuts
    }

    /// For each boundary (after line `i`), the probability-like weight of the chosen pause
    /// among all pauses it could sit in: 1 / Σ exp(−(cost − best)).
    fn confidences(&self, pace: f64) -> Vec<f64> {
        let (f, _) = self.forward(pace);
        let g = self.backward(pace);
        let n = self.lines.len();
        (0..n.saturating_sub(1))
            .map(|i| {
                let totals: Vec<f64> = (0..self.s.len() - 1)
                    .map(|k| f[i][k] + g[i + 1][k + 1])
                    .filter(|c| c.is_finite())
                    .collect();
                let best = totals.iter().copied().fold(f64::INFINITY, f64::min);
                let z: f64 = totals.iter().map(|c| (-(c - best)).exp()).sum();
                if z > 0.0 {
                    1.0 / z
                } else {
                    0.0
                }
            })
            .collect()
    }

    fn placed(&self, cuts: &[(usize, usize)], pace: f64, conf: &[f64]) -> Alignment {
        let lines = cuts
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| {
                let expected = self.lines[i].estimated_s * pace;
                let got = self.s[b].end_s - self.s[a].start_s;
                Placed {
                    first: a,
                    last: b,
                    start_s: self.s[a].start_s,
                    end_s: self.s[b].end_s,
                    expected_s: expected,
                    start_confidence: if i == 0 { 1.0 } else { conf[i - 1] },
                    end_confidence: conf.get(i).copied().unwrap_or(1.0),
                    fits: got >= LOW * expected - SLACK_S && got <= HIGH * expected + SLACK_S,
                }
            })
            .collect();
        Alignment {
            lines,
            pace,
            suspect: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stretches read from `lines`, each line as sentences of the given lengths separated by
    /// `inner` pauses, lines separated by `between` pauses.
    fn take(lines: &[&[f64]], inner: f64, between: &[f64]) -> Vec<Stretch> {
        let mut t = 1.0;
        let mut out = Vec::new();
        for (i, sentences) in lines.iter().enumerate() {
            for (j, len) in sentences.iter().enumerate() {
                if j > 0 {
                    t += inner;
                }
                out.push(Stretch {
                    start_s: t,
                    end_s: t + len,
                });
                t += len;
            }
            t += between[i % between.len()];
        }
        out
    }

    fn models(lens: &[f64]) -> Vec<LineModel> {
        lens.iter()
            .map(|&l| LineModel {
                estimated_s: l,
                pause_after_s: 0.0,
            })
            .collect()
    }

    #[test]
    fn long_inner_pauses_do_not_fool_the_lengths() {
        // Inner pauses as long as the shortest boundary; reader 20 % slower than the model.
        let read: &[&[f64]] = &[&[2.4], &[3.6, 4.8], &[1.2], &[6.0, 2.4, 3.6], &[2.4]];
        let s = take(read, 0.7, &[0.7, 1.1, 0.9]);
        let a = align(&s, &models(&[2.0, 7.0, 1.0, 10.0, 2.0])).unwrap();
        let got: Vec<(usize, usize)> = a.lines.iter().map(|p| (p.first, p.last)).collect();
        assert_eq!(got, vec![(0, 0), (1, 2), (3, 3), (4, 6), (7, 7)]);
        assert!((a.pace - 1.2).abs() < 0.1, "{}", a.pace);
        assert!(a.lines.iter().all(|p| p.fits));
    }

    #[test]
    fn a_line_left_out_is_suspected() {
        let read: &[&[f64]] = &[&[2.0], &[5.0, 3.0], &[3.0], &[6.0], &[2.5], &[4.0]];
        let s = take(read, 0.4, &[1.2, 1.0, 1.4]);
        // The script has a 9-second line after the second that was not read.
        let a = align(&s, &models(&[2.0, 8.4, 9.0, 3.0, 6.0, 2.5, 4.0])).unwrap();
        assert!(
            matches!(a.suspect, Some(Suspect::LeftOut { line: 2, .. })),
            "{:?}",
            a.suspect
        );
    }

    #[test]
    fn a_line_read_twice_is_suspected() {
        let read: &[&[f64]] = &[&[2.0], &[5.0], &[5.0], &[3.0], &[6.0], &[2.5]];
        let s = take(read, 0.4, &[1.2, 1.0, 1.4]);
        let a = align(&s, &models(&[2.0, 5.0, 3.0, 6.0, 2.5])).unwrap();
        assert!(
            matches!(a.suspect, Some(Suspect::ReadTwice { line: 1, .. })),
            "{:?}",
            a.suspect
        );
    }

    #[test]
    fn a_good_take_has_no_suspect() {
        let read: &[&[f64]] = &[&[2.2], &[4.0, 2.0], &[3.1], &[5.5, 0.9], &[2.4], &[4.2]];
        let s = take(read, 0.5, &[1.2, 0.9, 1.5]);
        let a = align(&s, &models(&[2.0, 6.4, 3.0, 6.8, 2.5, 4.0])).unwrap();
        assert_eq!(a.suspect, None);
        assert!(a.lines.iter().all(|p| p.fits));
    }

    #[test]
    fn clear_boundaries_are_confident() {
        let read: &[&[f64]] = &[&[3.0], &[4.0], &[2.0]];
        let s = take(read, 0.4, &[1.5]);
        let a = align(&s, &models(&[3.0, 4.0, 2.0])).unwrap();
        assert!(
            a.lines.iter().all(|p| p.confidence() > 0.9),
            "{:?}",
            a.lines
        );
    }

    #[test]
    fn too_few_stretches_is_an_error() {
        let s = take(&[&[3.0]], 0.4, &[1.0]);
        assert_eq!(
            align(&s, &models(&[1.0, 1.0])),
            Err(Unaligned::TooFewPauses {
                stretches: 1,
                lines: 2
            })
        );
        assert_eq!(align(&[], &models(&[1.0])), Err(Unaligned::NoSpeech));
    }
}
